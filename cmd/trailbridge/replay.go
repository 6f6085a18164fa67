package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/trailbridge/trailbridge/internal/cfn"
)

// EventBridge's names (EventBridge API reference: CreateArchive, PutRule,
// StartReplay).
var (
	// replayNameRE is StartReplay's ReplayName: 1-64 of [.-_A-Za-z0-9].
	replayNameRE = regexp.MustCompile(`^[.\-_A-Za-z0-9]{1,64}$`)
	// ruleNameRE is PutRule's Name.
	ruleNameRE = regexp.MustCompile(`^[.\-_A-Za-z0-9]{1,64}$`)
	// archiveNameRE is CreateArchive's ArchiveName.
	archiveNameRE = regexp.MustCompile(`^[.\-_A-Za-z0-9]{1,48}$`)
	accountRE     = regexp.MustCompile(`^[0-9]{12}$`)
	regionRE      = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
)

// replayBus is the bus a replay of the archive in partition, region and
// account goes to: that region's default bus, the home bus trailbridge
// archives (forwarding.BusARN writes it with the same cfn.BusRef.ARN).
func replayBus(partition, region, account string) string {
	return cfn.BusRef{Partition: partition, Region: region, Account: account, Name: "default"}.ARN()
}

// archiveRef is an archive named by its ARN,
// arn:PARTITION:events:REGION:ACCOUNT:archive/NAME.
type archiveRef struct{ partition, region, account, name string }

func parseArchiveARN(arn string) (archiveRef, error) {
	parts := strings.SplitN(arn, ":", 6)
	bad := func(why string) (archiveRef, error) {
		return archiveRef{}, fmt.Errorf("--archive: got %q: %s; allowed: an archive ARN, arn:aws:events:REGION:ACCOUNT:archive/NAME (the Response stack's output ArchiveArn)", arn, why)
	}
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "events" {
		return bad("not an EventBridge ARN")
	}
	name, ok := strings.CutPrefix(parts[5], "archive/")
	switch {
	case !ok:
		return bad("not an archive (its resource is not archive/NAME)")
	case !archiveNameRE.MatchString(name):
		return bad("the archive name is not 1-48 of letters, digits, '.', '-', '_'")
	case !regionRE.MatchString(parts[3]):
		return bad("no region")
	case !accountRE.MatchString(parts[4]):
		return bad("the account is not 12 digits")
	case parts[1] == "":
		return bad("no partition")
	}
	return archiveRef{partition: parts[1], region: parts[3], account: parts[4], name: name}, nil
}

// ruleARN returns the ARN of a rule given by name or ARN on the default bus
// of a's region and account: a replay delivers only on the archive's bus.
func (a archiveRef) ruleARN(rule string) (string, error) {
	if !strings.HasPrefix(rule, "arn:") {
		if !ruleNameRE.MatchString(rule) {
			return "", fmt.Errorf("--rule: got %q; allowed: a rule name (1-64 of letters, digits, '.', '-', '_') or a rule ARN", rule)
		}
		return fmt.Sprintf("arn:%s:events:%s:%s:rule/%s", a.partition, a.region, a.account, rule), nil
	}
	parts := strings.SplitN(rule, ":", 6)
	if len(parts) != 6 || parts[2] != "events" || !strings.HasPrefix(parts[5], "rule/") {
		return "", fmt.Errorf("--rule: got %q; allowed: a rule ARN, arn:aws:events:REGION:ACCOUNT:rule/NAME, or a rule name", rule)
	}
	name := strings.TrimPrefix(parts[5], "rule/")
	if strings.Contains(name, "/") {
		return "", fmt.Errorf("--rule: got %q, a rule of a custom event bus; allowed: a rule of the default bus of %s, the bus the archive replays to", rule, a.region)
	}
	if !ruleNameRE.MatchString(name) {
		return "", fmt.Errorf("--rule: got %q; allowed: a rule name of 1-64 letters, digits, '.', '-', '_'", rule)
	}
	if parts[1] != a.partition || parts[3] != a.region || parts[4] != a.account {
		return "", fmt.Errorf("--rule: got %q, in %s of account %s; allowed: a rule in %s of account %s, where the archive is (a replay delivers only on the archive's bus)", rule, parts[3], parts[4], a.region, a.account)
	}
	return rule, nil
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

const replaySynopsis = "replay --archive ARN --start TIME --end TIME --rule RULE [--rule RULE ...] [--name NAME]"

// replay prints the aws CLI commands that replay the archived events of a
// time window to the named rules, and follow the replay.
func (c *cli) replay(args []string) int {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	archive := fs.String("archive", "", "the archive's `ARN` (the Response stack's output ArchiveArn)")
	start := fs.String("start", "", "first event time to replay, RFC 3339 (`TIME`, e.g. 2026-12-01T10:00:00Z)")
	end := fs.String("end", "", "end of the window, RFC 3339 (`TIME`), after --start")
	name := fs.String("name", "", "the replay's `NAME` (1-64 of letters, digits, '.', '-', '_'; default trailbridge-START-END)")
	var rules stringList
	fs.Var(&rules, "rule", "a `RULE` (name or ARN, on the archive's bus) to replay to; repeat for more")
	pos, code := c.flags(fs, replaySynopsis, args)
	if code != 0 {
		return max(code, 0)
	}
	if len(pos) != 0 {
		c.errorf("replay: unexpected arguments %q", pos)
		return 2
	}
	var problems []string
	ref, err := parseArchiveARN(*archive)
	if *archive == "" {
		problems = append(problems, "--archive: missing; allowed: the archive's ARN (the Response stack's output ArchiveArn)")
	} else if err != nil {
		problems = append(problems, err.Error())
	}
	times := [2]time.Time{}
	for i, f := range []struct{ flag, value string }{{"--start", *start}, {"--end", *end}} {
		t, err := time.Parse(time.RFC3339, f.value)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: got %q; allowed: an RFC 3339 time such as 2026-12-01T10:00:00Z", f.flag, f.value))
			continue
		}
		times[i] = t.UTC()
	}
	if !times[0].IsZero() && !times[1].IsZero() && !times[0].Before(times[1]) {
		problems = append(problems, fmt.Sprintf("--end: got %s, not after --start %s; allowed: a time after --start", times[1].Format(time.RFC3339), times[0].Format(time.RFC3339)))
	}
	if len(rules) == 0 {
		problems = append(problems, "--rule: missing; allowed: one or more rules to replay to (a replay without rules would reach every rule of the bus, including other applications')")
	}
	var filter []string
	if err == nil && *archive != "" {
		for _, r := range rules {
			arn, err := ref.ruleARN(r)
			if err != nil {
				problems = append(problems, err.Error())
				continue
			}
			filter = append(filter, arn)
		}
	}
	replayName := *name
	if replayName == "" && !times[0].IsZero() && !times[1].IsZero() {
		const compact = "20060102T150405Z"
		replayName = "trailbridge-" + times[0].Format(compact) + "-" + times[1].Format(compact)
	}
	if *name != "" && !replayNameRE.MatchString(*name) {
		problems = append(problems, fmt.Sprintf("--name: got %q; allowed: 1-64 of letters, digits, '.', '-', '_'", *name))
	}
	if len(problems) > 0 {
		for _, p := range problems {
			c.errorf("replay: %s", p)
		}
		return 2
	}
	dest, err := json.Marshal(struct {
		Arn        string
		FilterArns []string
	}{replayBus(ref.partition, ref.region, ref.account), filter})
	if err != nil {
		c.errorf("replay: %v", err)
		return 2
	}
	// Every value is of a charset that needs no shell quoting except the
	// JSON, which holds no single quote.
	fmt.Fprintf(c.stdout, "# Replay the events archived from %s to %s to %d rule(s); replayed events carry \"replay-name\": %q.\n",
		times[0].Format(time.RFC3339), times[1].Format(time.RFC3339), len(filter), replayName)
	fmt.Fprintf(c.stdout, "aws events start-replay --region %s --replay-name %s --event-source-arn %s --event-start-time %s --event-end-time %s --destination '%s'\n",
		ref.region, replayName, *archive, times[0].Format(time.RFC3339), times[1].Format(time.RFC3339), dest)
	fmt.Fprintf(c.stdout, "# Follow it until State is COMPLETED (or FAILED, with StateReason):\n")
	fmt.Fprintf(c.stdout, "aws events describe-replay --region %s --replay-name %s\n", ref.region, replayName)
	return 0
}
