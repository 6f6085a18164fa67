package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/cfn"
)

const testArchive = "arn:aws:events:eu-west-1:111111111111:archive/Trailbridge-Archive-1A2B"

func TestReplayPrintsTheCommands(t *testing.T) {
	r := runCLI(t, "", "replay", "--archive", testArchive, "--start", "2026-12-01T11:00:00+01:00", "--end", "2026-12-01T12:00:00Z",
		"--rule", "Trailbridge-D1-root-sign-in", "--rule", "arn:aws:events:eu-west-1:111111111111:rule/Trailbridge-Response-PublicBucketRule")
	r.check(t, 0, nil, nil)
	if r.stderr != "" {
		t.Errorf("stderr %q", r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	want := []string{
		`# Replay the events archived from 2026-12-01T10:00:00Z to 2026-12-01T12:00:00Z to 2 rule(s); replayed events carry "replay-name": "trailbridge-20261201T100000Z-20261201T120000Z".`,
		`aws events start-replay --region eu-west-1 --replay-name trailbridge-20261201T100000Z-20261201T120000Z --event-source-arn ` + testArchive +
			` --event-start-time 2026-12-01T10:00:00Z --event-end-time 2026-12-01T12:00:00Z --destination '{"Arn":"arn:aws:events:eu-west-1:111111111111:event-bus/default","FilterArns":["arn:aws:events:eu-west-1:111111111111:rule/Trailbridge-D1-root-sign-in","arn:aws:events:eu-west-1:111111111111:rule/Trailbridge-Response-PublicBucketRule"]}'`,
		`# Follow it until State is COMPLETED (or FAILED, with StateReason):`,
		`aws events describe-replay --region eu-west-1 --replay-name trailbridge-20261201T100000Z-20261201T120000Z`,
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), r.stdout)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, lines[i], want[i])
		}
	}
	// The destination is valid JSON in the shape StartReplay takes.
	_, quoted, _ := strings.Cut(lines[1], "--destination '")
	var dest struct {
		Arn        string
		FilterArns []string
	}
	if err := json.Unmarshal([]byte(strings.TrimSuffix(quoted, "'")), &dest); err != nil || len(dest.FilterArns) != 2 {
		t.Errorf("destination %q: %v", quoted, err)
	}

	named := runCLI(t, "", "replay", "--archive", testArchive, "--start", "2026-12-01T10:00:00Z", "--end", "2026-12-01T10:30:00Z", "--rule", "r1", "--name", "after-outage.2")
	named.check(t, 0, []string{"--replay-name after-outage.2 ", "describe-replay --region eu-west-1 --replay-name after-outage.2\n"}, nil)
}

// TestReplayBusIsTheHomeBus: the bus replay derives from the archive's ARN
// is the home bus the stacks archive (the default bus of the archive's
// region and account; forwarding.BusARN and replayBus both write it with
// cfn.BusRef.ARN), in every partition.
func TestReplayBusIsTheHomeBus(t *testing.T) {
	for _, c := range [][3]string{{"aws", "eu-west-1", "111111111111"}, {"aws-cn", "cn-north-1", "222222222222"}} {
		got := replayBus(c[0], c[1], c[2])
		want := cfn.BusRef{Partition: c[0], Region: c[1], Account: c[2], Name: "default"}
		if ref, ok := cfn.ParseBusARN(got); !ok || ref != want {
			t.Errorf("replay bus %s, stacks' home bus %s", got, want.ARN())
		}
	}
}

func TestReplayRefusesBadArguments(t *testing.T) {
	ok := []string{"--archive", testArchive, "--start", "2026-12-01T10:00:00Z", "--end", "2026-12-01T12:00:00Z", "--rule", "r1"}
	with := func(args ...string) []string {
		out := append([]string{"replay"}, ok...)
		for i := 0; i < len(args); i += 2 {
			found := false
			for j := 1; j < len(out); j += 2 {
				if out[j] == args[i] {
					out[j+1], found = args[i+1], true
				}
			}
			if !found {
				out = append(out, args[i], args[i+1])
			}
		}
		return out
	}
	for _, c := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no archive", []string{"replay", "--start", "2026-12-01T10:00:00Z", "--end", "2026-12-01T12:00:00Z", "--rule", "r1"}, "--archive: missing"},
		{"not an archive", with("--archive", "arn:aws:events:eu-west-1:111111111111:rule/r1"), "not an archive"},
		{"not an ARN", with("--archive", "Trailbridge-Archive"), "not an EventBridge ARN"},
		{"bad account", with("--archive", "arn:aws:events:eu-west-1:1111:archive/a"), "the account is not 12 digits"},
		{"bad start", with("--start", "2026-12-01 10:00"), `--start: got "2026-12-01 10:00"; allowed: an RFC 3339 time`},
		{"end before start", with("--end", "2026-12-01T09:00:00Z"), "--end: got 2026-12-01T09:00:00Z, not after --start 2026-12-01T10:00:00Z"},
		{"empty window", with("--end", "2026-12-01T10:00:00Z"), "not after --start"},
		{"no rule", []string{"replay", "--archive", testArchive, "--start", "2026-12-01T10:00:00Z", "--end", "2026-12-01T12:00:00Z"}, "--rule: missing"},
		{"bad rule name", with("--rule", "my rule"), `--rule: got "my rule"; allowed: a rule name`},
		{"rule elsewhere", with("--rule", "arn:aws:events:us-east-1:111111111111:rule/r1"), "in us-east-1 of account 111111111111; allowed: a rule in eu-west-1"},
		{"rule of another account", with("--rule", "arn:aws:events:eu-west-1:999999999999:rule/r1"), "of account 999999999999"},
		{"rule of a custom bus", with("--rule", "arn:aws:events:eu-west-1:111111111111:rule/mybus/r1"), "a rule of a custom event bus"},
		{"bad name", with("--name", "replay/1"), `--name: got "replay/1"; allowed: 1-64`},
		{"long name", with("--name", strings.Repeat("n", 65)), "--name: got"},
		{"extra argument", append(with(), "extra"), `unexpected arguments ["extra"]`},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "", c.args...)
			r.check(t, 2, nil, []string{c.stderr})
			if r.stdout != "" {
				t.Errorf("stdout %q", r.stdout)
			}
		})
	}
	// Every problem at once.
	r := runCLI(t, "", "replay", "--archive", "x", "--start", "x", "--end", "y")
	r.check(t, 2, nil, []string{"--archive: got", "--start: got", "--end: got", "--rule: missing"})
}

func TestReplayUsage(t *testing.T) {
	runCLI(t, "", "help", "replay").check(t, 0, []string{"Usage: trailbridge " + replaySynopsis, "-archive ARN", "-rule RULE", "-name NAME"}, nil)
	runCLI(t, "", "help").check(t, 0, []string{"trailbridge replay --archive ARN --start TIME --end TIME --rule RULE... [--name NAME]"}, nil)
}
