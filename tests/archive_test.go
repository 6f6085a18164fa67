package tests

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/eventpattern"
	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/simulate"
	"github.com/trailbridge/trailbridge/stacks"
)

// archiveOf returns the Response stack's archive properties (nil when it
// has none).
func archiveOf(t *testing.T, a *cdktest.Assembly) map[string]any {
	t.Helper()
	res := a.Stack(t, "Trailbridge-Response").Resources("AWS::Events::Archive")
	switch len(res) {
	case 0:
		return nil
	case 1:
		for _, r := range res {
			props, _ := r["Properties"].(map[string]any)
			return props
		}
	}
	t.Fatalf("%d archives in the Response stack, want at most one", len(res))
	return nil
}

// TestArchiveKeepsExactlyTheEventsOfTheHomeRules wraps every record of the
// corpus as CloudTrail delivers it to the home bus and checks that the
// archive's pattern matches it exactly when the pattern of some home rule
// (the Response and Detections stacks' rules on the home bus) matches it:
// nothing the rules act on is missing from a replay, and the archive keeps
// nothing else of the corpus.
func TestArchiveKeepsExactlyTheEventsOfTheHomeRules(t *testing.T) {
	records := corpus(t)
	names := slices.Sorted(maps.Keys(records))
	// Everything turns the CIS controls on too: the union of their
	// patterns fits once factored (shared detail types and errorCode).
	for name, want := range map[string]stacks.ArchiveCoverage{"Default": stacks.ArchiveExact, "Everything": stacks.ArchiveExact} {
		t.Run(name, func(t *testing.T) {
			a, homeRegion := synthApp(t, name), appConfig(t, name).HomeRegion
			props := archiveOf(t, a)
			if props == nil {
				t.Fatal("no archive in the Response stack")
			}
			if d, _ := props["Description"].(string); !strings.Contains(d, "("+string(want)+")") {
				t.Errorf("archive description %q: want the %s coverage", d, want)
			}
			pj, err := json.Marshal(props["EventPattern"])
			if err != nil {
				t.Fatal(err)
			}
			archive, err := eventpattern.Compile(pj)
			if err != nil {
				t.Fatalf("archive pattern %s: %v", pj, err)
			}
			asm := simulated(t, a)
			var home []*simulate.Rule
			for _, r := range asm.Rules {
				if (strings.HasPrefix(r.Stack, "Trailbridge-Response") || strings.HasPrefix(r.Stack, "Trailbridge-Detections")) &&
					r.Region == homeRegion && r.EventBus == "default" && r.State != "DISABLED" && r.ScheduleExpression == "" {
					if r.Pattern == nil {
						t.Fatalf("home rule %s: pattern does not compile: %v", r.Path, r.PatternErr)
					}
					home = append(home, r)
				}
			}
			if len(home) < 10 {
				t.Fatalf("only %d home rules", len(home))
			}
			kept, fired := 0, map[string]bool{}
			for _, n := range names {
				ev := inRegion(t, records[n], homeRegion)
				var by []string
				for _, r := range home {
					ok, err := r.Pattern.Match(ev)
					if err != nil {
						t.Fatal(err)
					}
					if ok {
						by = append(by, r.Path)
						fired[r.Path] = true
					}
				}
				got, err := archive.Match(ev)
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case len(by) > 0 && !got:
					t.Errorf("%s matches %v but is not archived", n, by)
				case len(by) == 0 && got && want == stacks.ArchiveExact:
					t.Errorf("%s is archived, but no home rule matches it", n)
				}
				if got {
					kept++
				}
			}
			// The check above means something only if the corpus exercises
			// the rules: most records of the corpus are for them.
			if kept < 20 || len(fired) < 10 {
				t.Errorf("only %d records archived, %d rules fired: the corpus no longer exercises the archive", kept, len(fired))
			}
		})
	}
}

// TestArchiveEncryptionRetentionAndOutputs: the archive is on the home
// region's default bus, keeps events for health.archive.retentionDays,
// is encrypted with the stack's customer-managed key, whose policy admits
// EventBridge only with the home bus as encryption context, and the stack
// outputs the ARNs a replay needs.
func TestArchiveEncryptionRetentionAndOutputs(t *testing.T) {
	a := synthApp(t, "Default")
	s := a.Stack(t, "Trailbridge-Response")
	props := archiveOf(t, a)
	if props == nil {
		t.Fatal("no archive")
	}
	bus := "arn:aws:events:us-east-1:" + cdktest.Account + ":event-bus/default"
	if props["SourceArn"] != bus {
		t.Errorf("SourceArn = %v, want %s", props["SourceArn"], bus)
	}
	if props["RetentionDays"] != 30.0 {
		t.Errorf("RetentionDays = %v, want the default 30", props["RetentionDays"])
	}
	keys := s.Resources("AWS::KMS::Key")
	if len(keys) != 1 {
		t.Fatalf("%d keys in the Response stack, want the delivery key only", len(keys))
	}
	var keyID string
	var key map[string]any
	for id, k := range keys {
		keyID, key = id, k
	}
	kmsID, _ := json.Marshal(props["KmsKeyIdentifier"])
	if want := `{"Fn::GetAtt":["` + keyID + `","Arn"]}`; string(kmsID) != want {
		t.Errorf("KmsKeyIdentifier = %s, want %s", kmsID, want)
	}
	policy, _ := json.Marshal(key["Properties"].(map[string]any)["KeyPolicy"])
	var doc struct {
		Statement []struct {
			Sid       string
			Action    any
			Principal map[string]any
			Condition map[string]map[string]any
		}
	}
	if err := json.Unmarshal(policy, &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, st := range doc.Statement {
		if st.Sid != "AllowEventBridgeArchivesOfTheHomeBus" {
			continue
		}
		found = true
		if got := st.Condition["StringEquals"][stacks.ArchiveEncryptionContextKey]; got != bus {
			t.Errorf("archive key statement: encryption context %v, want %s", got, bus)
		}
		if st.Principal["Service"] != "events.amazonaws.com" {
			t.Errorf("archive key statement: principal %v", st.Principal)
		}
	}
	if !found {
		t.Errorf("the key policy has no statement for the archive: %s", policy)
	}
	outputs, _ := s.Template["Outputs"].(map[string]any)
	arn, _ := json.Marshal(outputs[stacks.ArchiveARNOutput])
	if !strings.Contains(string(arn), `"Fn::GetAtt":["Archive","Arn"]`) {
		t.Errorf("output %s = %s, want the archive's ARN", stacks.ArchiveARNOutput, arn)
	}
	if b, _ := outputs[stacks.HomeBusARNOutput].(map[string]any); b["Value"] != bus {
		t.Errorf("output %s = %v, want %s", stacks.HomeBusARNOutput, b, bus)
	}
}

// noArchiveConfig turns the archive off.
var noArchiveConfig = map[string]any{"health": map[string]any{"archive": map[string]any{"retentionDays": 0}}}

// TestNoArchiveWithRetentionZero: retentionDays 0 turns the archive off,
// with its outputs and key statement.
func TestNoArchiveWithRetentionZero(t *testing.T) {
	a := synthApp(t, "NoArchive")
	if p := archiveOf(t, a); p != nil {
		t.Fatalf("archive with retentionDays 0: %v", p)
	}
	s := a.Stack(t, "Trailbridge-Response")
	outputs, _ := s.Template["Outputs"].(map[string]any)
	for _, o := range []string{stacks.ArchiveARNOutput, stacks.HomeBusARNOutput} {
		if _, ok := outputs[o]; ok {
			t.Errorf("output %s without an archive", o)
		}
	}
	b, _ := json.Marshal(s.Resources("AWS::KMS::Key"))
	if strings.Contains(string(b), stacks.ArchiveEncryptionContextKey) {
		t.Error("the key admits archives, and there is none")
	}
}

// TestRunbookCoversEveryAlarm: every alarm the app creates (in the default
// and the everything-on configuration) is quoted in the README's runbook,
// where "ID", "R" and "N" stand for names and numbers and "..." for any
// text, so a new alarm or a changed description fails here until the
// runbook says what it means and how to fix it.
func TestRunbookCoversEveryAlarm(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(cdktest.RepoRoot(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "### Runbook\n")
	if !ok {
		t.Fatal(`README.md has no "### Runbook" section`)
	}
	section, _, _ = strings.Cut(section, "**Nothing fires.**")
	var quotes []*regexp.Regexp
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "| **") {
			continue
		}
		cell, _, _ := strings.Cut(line, " | ")
		for _, m := range regexp.MustCompile(`"([^"]+)"`).FindAllStringSubmatch(cell, -1) {
			re := regexp.QuoteMeta(m[1])
			re = strings.ReplaceAll(re, `\.\.\.`, `.*`)
			re = regexp.MustCompile(`\bID\b`).ReplaceAllString(re, `.+?`)
			re = regexp.MustCompile(`\bN\b`).ReplaceAllString(re, `[0-9]+`)
			re = regexp.MustCompile(`\bR\b`).ReplaceAllString(re, `\S+`)
			quotes = append(quotes, regexp.MustCompile("^"+re))
		}
	}
	if len(quotes) < 10 {
		t.Fatalf("only %d alarm descriptions quoted in the runbook", len(quotes))
	}
	seen := 0
	for _, name := range []string{"Default", "Everything"} {
		for _, s := range synthApp(t, name).Stacks {
			for id, r := range s.Resources("AWS::CloudWatch::Alarm") {
				props, _ := r["Properties"].(map[string]any)
				desc, _ := props["AlarmDescription"].(string)
				desc = strings.TrimPrefix(desc, "trailbridge: ")
				seen++
				if !slices.ContainsFunc(quotes, func(q *regexp.Regexp) bool { return q.MatchString(desc) }) {
					t.Errorf("%s/%s: alarm %q is not in the README's runbook", s.ID, id, desc)
				}
			}
		}
	}
	if seen < 20 {
		t.Errorf("only %d alarms in the apps", seen)
	}
}
