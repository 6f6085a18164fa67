package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"github.com/trailbridge/trailbridge/internal/testflags"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = testflags.Update

const (
	assembly = "../../simulate/testdata/cdk.out"
	samples  = "../../lambda/cloudtrail/testdata/samples/events/"
	deletion = samples + "kms/ScheduleKeyDeletion__awsdocs-kms__1.json"
	keyRead  = samples + "kms/GetKeyPolicy__awsdocs-kms__1.json"
	pattern  = "testdata/key-deletion.pattern.json"
)

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

func (r result) check(t *testing.T, code int, stdout, stderr []string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	for _, s := range stdout {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
		}
	}
	for _, s := range stderr {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
		}
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestUsage(t *testing.T) {
	subcommands := []string{
		"trailbridge match [--explain] PATTERN_FILE EVENT_FILE",
		"trailbridge simulate [--assembly DIR] [--json] [--explain] INPUT...",
		"trailbridge graph [--assembly DIR]",
		"trailbridge help",
		`--assembly DIR  cloud assembly to read (default "cdk.out")`,
		"--json ", "--explain ",
	}
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"help", "nothing"}} {
		r := runCLI(t, "", args...)
		r.check(t, 0, subcommands, nil)
		if r.stderr != "" {
			t.Errorf("%q: stderr %q", args, r.stderr)
		}
	}
	runCLI(t, "").check(t, 2, nil, subcommands)
	r := runCLI(t, "", "bogus")
	r.check(t, 2, nil, append([]string{`trailbridge: unknown subcommand "bogus"`}, subcommands...))
	if r.stdout != "" {
		t.Errorf("stdout %q", r.stdout)
	}
	runCLI(t, "", "help", "simulate").check(t, 0, []string{"Usage: trailbridge simulate [--assembly DIR] [--json] [--explain] INPUT...", "-assembly DIR", `(default "cdk.out")`, "-explain", "-json"}, nil)
	runCLI(t, "", "match", "-h").check(t, 0, []string{"Usage: trailbridge match [--explain] PATTERN_FILE EVENT_FILE"}, nil)
	runCLI(t, "", "graph", "--help").check(t, 0, []string{"Usage: trailbridge graph [--assembly DIR]"}, nil)
	runCLI(t, "", "simulate", "--bogus", "x").check(t, 2, nil, []string{"trailbridge: simulate: flag provided but not defined: -bogus", "Usage: trailbridge simulate"})
	runCLI(t, "", "graph", "--assembly").check(t, 2, nil, []string{"flag needs an argument: -assembly"})
}

func TestMatch(t *testing.T) {
	record := readFile(t, deletion)
	tests := []struct {
		name           string
		stdin          string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"match", "", []string{"match", pattern, deletion}, 0, "match\n", ""},
		{"match explain", "", []string{"match", "--explain", pattern, deletion}, 0, "match\n", ""},
		{"no match", "", []string{"match", pattern, keyRead}, 1, "no match\n", ""},
		{"no match explain after the files", "", []string{"match", pattern, keyRead, "--explain"}, 1, "no match\n",
			`detail.eventName: value "GetKeyPolicy" not in ["ScheduleKeyDeletion","DisableKey"]` + "\n"},
		{"event on stdin", record, []string{"match", pattern, "-"}, 0, "match\n", ""},
		{"pattern on stdin", readFile(t, pattern), []string{"match", "-", deletion}, 0, "match\n", ""},
		{"an EventBridge event", "", []string{"match", pattern, samples + "../envelopes/s3/JobCreated__awsdocs-s3__1.json", "--explain"}, 1, "no match\n",
			`source: value "aws.s3" not in ["aws.kms"]` + "\n"},
		{"invalid pattern", "", []string{"match", "testdata/invalid.pattern.json", deletion}, 2, "",
			`trailbridge: match: testdata/invalid.pattern.json: invalid event pattern: source: "source" must be an object or an array` + "\n"},
		{"missing pattern", "", []string{"match", "testdata/nope.json", deletion}, 2, "", "trailbridge: match: open testdata/nope.json: no such file or directory\n"},
		{"missing event", "", []string{"match", pattern, "nope.json"}, 2, "", "trailbridge: match: open nope.json: no such file or directory\n"},
		{"bad event", "{", []string{"match", pattern, "-"}, 2, "", "trailbridge: match: -: malformed JSON: unexpected EOF\n"},
		{"a log file is one object", fmt.Sprintf(`{"Records":[%s,%s]}`, record, record), []string{"match", pattern, "-"}, 1, "no match\n",
			"trailbridge: match: note: - is a CloudTrail log file; it is matched as one object (pass one of its records, or use simulate)\n"},
		{"two events", record + record, []string{"match", pattern, "-"}, 2, "",
			"trailbridge: match: - holds 2 JSON values; match takes one object (use simulate for many events)\n"},
		{"an array", "[" + record + "]", []string{"match", pattern, "-"}, 2, "",
			"trailbridge: match: -: not a JSON object; match takes one object (use simulate for a list of events)\n"},
		{"empty", " ", []string{"match", pattern, "-"}, 2, "", "trailbridge: match: -: empty input\n"},
		{"stdin twice", record, []string{"match", "-", "-"}, 2, "", `trailbridge: match: -: invalid event pattern: `},
		{"one argument", "", []string{"match", pattern}, 2, "", "trailbridge: match: want PATTERN_FILE and EVENT_FILE, got 1 arguments\n"},
		{"three arguments", "", []string{"match", pattern, deletion, deletion}, 2, "", "trailbridge: match: want PATTERN_FILE and EVENT_FILE, got 3 arguments\n"},
		{"after --", "", []string{"match", "--", pattern, deletion}, 0, "match\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.stdin, tt.args...)
			if r.code != tt.code || r.stdout != tt.stdout || !strings.HasPrefix(r.stderr, tt.stderr) || (tt.stderr == "" && r.stderr != "") {
				t.Errorf("got exit %d, stdout %q, stderr %q\nwant exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
	// "-" twice: the second read fails.
	r := runCLI(t, readFile(t, pattern), "match", "-", "-")
	r.check(t, 2, nil, []string{`standard input ("-") can be read only once`})
}

func TestSimulateHuman(t *testing.T) {
	r := runCLI(t, "", "simulate", "--assembly", assembly, deletion, keyRead)
	r.check(t, 0, []string{
		deletion + ": eventID 3c4226b0-1e81-48a8-a333-7fa5f3cbd118, eventName ScheduleKeyDeletion, region us-east-1\n",
		"  reached: us-east-1/default -> eu-west-1/default\n",
		"  fires: Trailbridge-Home TrailbridgeHome/KeyDeletion/Resource (eu-west-1, ENABLED, forwarded from us-east-1 by TrailbridgeForwarderUsEast1/Forward/Resource)\n",
		"    target Target0: AWS::Lambda::Function:Responder5E6F7A8B (TrailbridgeHome/Responder/Resource) [dead-letter queue, retry policy, input transformer]\n",
		"    note: the pattern depends on values not resolved offline: ${Token:ResponderServiceRole1A2B3C4D.Arn}\n",
		"    forwards to eu-west-1/default\n",
		keyRead + ": eventID 4aa7e4d5-d047-452a-a5a6-2cce282a7e82, eventName GetKeyPolicy, region us-east-1, read-only\n",
		"  fires: Trailbridge-Home TrailbridgeHome/ReadOnlyWatch/Resource (eu-west-1, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, forwarded from us-east-1 by TrailbridgeForwarderUsEast1/Forward/Resource)\n",
	}, nil)
	if strings.Contains(r.stdout, "not matched") || r.stderr != "" {
		t.Errorf("without --explain: stdout\n%s\nstderr\n%s", r.stdout, r.stderr)
	}

	// Nothing fires: still exit 0.
	r = runCLI(t, "", "simulate", "--assembly", assembly, samples+"cloudtrail/UpdateTrail__awsdocs-cloudtrail__1.json")
	r.check(t, 0, []string{"region us-east-2\n  no rule fires\n"}, nil)

	// --explain after the inputs; golden output.
	r = runCLI(t, "", "simulate", "--assembly", assembly, samples+"kms/DescribeKey__awsdocs-kms__1.json", keyRead, "--explain")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	golden(t, "testdata/simulate-explain.golden", r.stdout)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := readFile(t, name); got != want {
		t.Errorf("output differs from %s (run go test -update and review the diff):\n%s", name, got)
	}
}

type jsonLine struct {
	Input     string `json:"input"`
	Kind      string `json:"kind"`
	EventID   string `json:"eventID"`
	EventName string `json:"eventName"`
	Region    string `json:"region"`
	ReadOnly  bool   `json:"readOnly"`
	Matches   []struct {
		Stack, Path, Region, State, Hop string
		Targets                         []struct {
			ID       string `json:"id"`
			Arn      string `json:"arn"`
			EventBus *struct{ Region, Name string }
		}
	} `json:"matches"`
	NotMatched *[]struct{ Stack, Path, Reason string } `json:"notMatched"`
}

func jsonLines(t *testing.T, out string) []jsonLine {
	t.Helper()
	var lines []jsonLine
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l jsonLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	return lines
}

func TestSimulateJSON(t *testing.T) {
	var logFile bytes.Buffer
	zw := gzip.NewWriter(&logFile)
	fmt.Fprintf(zw, `{"Records":[%s,%s]}`, readFile(t, deletion), readFile(t, keyRead))
	zw.Close()

	r := runCLI(t, logFile.String(), "simulate", "--json", "--assembly", assembly, "-", samples+"../envelopes/s3/JobCreated__awsdocs-s3__1.json")
	r.check(t, 0, nil, nil)
	lines := jsonLines(t, r.stdout)
	if len(lines) != 3 {
		t.Fatalf("%d lines:\n%s", len(lines), r.stdout)
	}
	l := lines[0]
	if l.Input != "-:Records[0]" || l.Kind != "log file" || l.EventID != "3c4226b0-1e81-48a8-a333-7fa5f3cbd118" || l.EventName != "ScheduleKeyDeletion" ||
		l.Region != "us-east-1" || l.NotMatched != nil || len(l.Matches) != 2 {
		t.Fatalf("line 0: %+v", l)
	}
	fwd, m := l.Matches[0], l.Matches[1]
	if fwd.Stack != "Trailbridge-Forwarder-us-east-1" || fwd.Targets[0].EventBus == nil || fwd.Targets[0].EventBus.Region != "eu-west-1" {
		t.Errorf("forwarder: %+v", fwd)
	}
	if m.Stack != "Trailbridge-Home" || m.Path != "TrailbridgeHome/KeyDeletion/Resource" || m.Region != "eu-west-1" || m.State != "ENABLED" ||
		m.Hop != "forwarded from us-east-1 by TrailbridgeForwarderUsEast1/Forward/Resource" ||
		len(m.Targets) != 1 || m.Targets[0].ID != "Target0" || m.Targets[0].Arn != "AWS::Lambda::Function:Responder5E6F7A8B" {
		t.Errorf("match: %+v", m)
	}
	if !lines[1].ReadOnly || lines[1].Input != "-:Records[1]" || lines[2].Kind != "event" {
		t.Errorf("lines 1, 2: %+v %+v", lines[1], lines[2])
	}

	r = runCLI(t, "", "simulate", "--json", "--explain", "--assembly", assembly, keyRead)
	lines = jsonLines(t, r.stdout)
	if len(lines) != 1 || lines[0].NotMatched == nil {
		t.Fatalf("--explain: %s", r.stdout)
	}
	reasons := map[string]string{}
	for _, m := range *lines[0].NotMatched {
		reasons[m.Path] = m.Reason
	}
	if got := reasons["TrailbridgeHome/KeyPolicyRead/Resource"]; got != "state: event is read-only (readOnly=true) and the rule's state is ENABLED; set ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS to receive it" {
		t.Errorf("KeyPolicyRead: %q", got)
	}
	if got := reasons["TrailbridgeHome/LegacyUserAlert/Resource"]; got != "state: DISABLED" {
		t.Errorf("LegacyUserAlert: %q", got)
	}
	if len(lines[0].Matches)+len(*lines[0].NotMatched) != 14 {
		t.Errorf("%d + %d rules", len(lines[0].Matches), len(*lines[0].NotMatched))
	}
}

func TestSimulateErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"hello":1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	noRegion := filepath.Join(t.TempDir(), "noregion.json")
	if err := os.WriteFile(noRegion, []byte(`{"source":"x","detail-type":"y","detail":{}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	// Bad inputs among good ones: the good ones are routed, exit 2.
	r := runCLI(t, "", "simulate", "--assembly", assembly, bad, deletion, "missing.json", noRegion)
	r.check(t, 2, []string{"eventName ScheduleKeyDeletion"}, []string{
		"trailbridge: simulate: " + bad + ": neither an EventBridge event",
		"trailbridge: simulate: open missing.json: no such file or directory",
		"trailbridge: simulate: " + noRegion + ": event: no region",
	})
	runCLI(t, "", "simulate", "--assembly", assembly).check(t, 2, nil, []string{"trailbridge: simulate: no INPUT (give a file, or - for standard input)"})
	runCLI(t, "", "simulate", "--assembly", "nowhere", deletion).check(t, 2, nil, []string{"trailbridge: nowhere is not a cloud assembly (no manifest.json; run `cdk synth` first)"})
	// The default assembly is ./cdk.out.
	runCLI(t, "", "simulate", deletion).check(t, 2, nil, []string{"trailbridge: cdk.out is not a cloud assembly"})
	// Warnings go to stderr, and do not change the exit status.
	r = runCLI(t, "", "simulate", "--assembly", "../../simulate/testdata/loop.out", deletion)
	r.check(t, 0, []string{"fires: LoopUs LoopUs/ForwardHome/Resource"}, []string{"trailbridge: warning: LoopEu/ForwardBack/Resource: target Target0 delivers to event bus"})
}

func TestGraph(t *testing.T) {
	r := runCLI(t, "", "graph", "--assembly", assembly)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if want := readFile(t, "../../simulate/testdata/cdk.out.mmd.golden"); r.stdout != want {
		t.Errorf("graph output:\n%s\nwant\n%s", r.stdout, want)
	}
	for _, s := range []string{"flowchart LR\n", `subgraph region1["eu-west-1"]`, "rule2 -->|forward| bus2", "rule3 -->|forward| bus2", `rule5 -->|"DLQ, retry"| target3`, "bus2 -.-> rule8"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("graph lacks %q", s)
		}
	}
	runCLI(t, "", "graph", "--assembly", assembly, "extra").check(t, 2, nil, []string{`trailbridge: graph: unexpected arguments ["extra"]`})
	runCLI(t, "", "graph", "--assembly", "nowhere").check(t, 2, nil, []string{"not a cloud assembly"})
}

// zeros is an endless input, like /dev/zero, that counts what was read.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

func TestEndlessInputIsRefusedAtTheLimit(t *testing.T) {
	z := &zeros{}
	var out, errOut bytes.Buffer
	code := run([]string{"match", pattern, "-"}, z, &out, &errOut)
	if code != 2 || !strings.Contains(errOut.String(), "trailbridge: match: standard input: larger than 64 MiB, the limit for an input file") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
	// io.ReadAll reads in growing chunks: allow one chunk past the limit.
	if z.n > 2*MaxInputBytes {
		t.Errorf("read %d bytes of an endless input", z.n)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		runCLI(t, "", "match", "/dev/zero", deletion).check(t, 2, nil, []string{"trailbridge: match: /dev/zero: larger than 1 MiB, the limit for an pattern file"})
		runCLI(t, "", "simulate", "--assembly", assembly, "/dev/zero").check(t, 2, nil, []string{"trailbridge: simulate: /dev/zero: larger than 64 MiB"})
	}
}

func TestLargeFileIsRefusedBeforeReading(t *testing.T) {
	name := filepath.Join(t.TempDir(), "big.json")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: its size, not its bytes, decides.
	if err := f.Truncate(MaxInputBytes + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	runCLI(t, "", "simulate", "--assembly", assembly, name).check(t, 2, nil, []string{"big.json: larger than 64 MiB, the limit for an input file"})
}

func TestGzipBombIsRefused(t *testing.T) {
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	chunk := make([]byte, 1<<20)
	for i := 0; i <= MaxDecompressedBytes>>20; i++ {
		if _, err := zw.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	if bomb.Len() > MaxInputBytes {
		t.Fatalf("the bomb is %d bytes compressed", bomb.Len())
	}
	name := filepath.Join(t.TempDir(), "bomb.json.gz")
	if err := os.WriteFile(name, bomb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	runCLI(t, "", "simulate", "--assembly", assembly, name).check(t, 2, nil, []string{"bomb.json.gz: decompresses to more than 256 MiB, the limit for decompressed input"})
	runCLI(t, bomb.String(), "match", pattern, "-").check(t, 2, nil, []string{"trailbridge: match: -: decompresses to more than 256 MiB"})
	// A compressed log file within the limits still works.
	var small bytes.Buffer
	zw = gzip.NewWriter(&small)
	if _, err := zw.Write([]byte(readFile(t, deletion))); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	runCLI(t, small.String(), "match", pattern, "-").check(t, 0, []string{"match"}, nil)
}

// writeTemp writes text to a new file in a temporary directory and returns
// its name.
func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A DynamoDB stream record as Lambda and EventBridge Pipes receive it: it has
// eventVersion and eventSource like a CloudTrail record, and must be matched
// as it is, not wrapped.
const streamRecord = `{"eventID":"c4ca4238a0b923820dcc509a6f75849b","eventName":"INSERT","eventVersion":"1.1",
"eventSource":"aws:dynamodb","awsRegion":"us-east-1","eventSourceARN":"arn:aws:dynamodb:us-east-1:111111111111:table/orders/stream/2026-01-01T00:00:00.000",
"dynamodb":{"Keys":{"id":{"S":"o-1"}},"NewImage":{"id":{"S":"o-1"},"status":{"S":"active"},"total":{"N":"250"}},"StreamViewType":"NEW_IMAGE"}}`

func TestMatchAnyJSONObject(t *testing.T) {
	streamPattern := writeTemp(t, "stream.json", `{"eventSource":["aws:dynamodb"],"eventName":["INSERT"],"dynamodb":{"NewImage":{"status":{"S":["active"]}}}}`)
	bodyPattern := writeTemp(t, "body.json", `{"order":{"total":[{"numeric":[">",100]}]},"kind":[{"prefix":"order."}]}`)
	state := writeTemp(t, "state.json", `{"detail":{"state":["terminated"]}}`)
	dotted := writeTemp(t, "dotted.json", `{"detail.state":["terminated"]}`)
	tests := []struct {
		name, pattern, event string
		code                 int
		stdout, stderr       string
	}{
		// EventBridge Pipes and Lambda event filters: the record as it is.
		{"DynamoDB stream record", streamPattern, streamRecord, 0, "match\n", ""},
		{"DynamoDB stream record, other image", streamPattern, strings.Replace(streamRecord, `"S":"active"`, `"S":"closed"`, 1), 1, "no match\n",
			`dynamodb.NewImage.status.S: value "closed" not in ["active"]` + "\n"},
		// An SQS message body (JSON) as a Pipes filter on body.* sees it.
		{"SQS message body", bodyPattern, `{"kind":"order.created","order":{"id":"o-1","total":250}}`, 0, "match\n", ""},
		{"SQS message body, small order", bodyPattern, `{"kind":"order.created","order":{"id":"o-2","total":99.5}}`, 1, "no match\n",
			"order.total: value 99.5 does not match [{\"numeric\":[\">\",100]}]\n"},
		// A key with a dot: EventBridge compiles patterns (and reads events)
		// with "." joining nested keys, so a literal "detail.state" key and
		// detail > state are the same field (eventpattern/testdata/project).
		{"nested pattern, literal dotted event key", state, `{"detail.state":"terminated"}`, 0, "match\n", ""},
		{"dotted pattern key, nested event", dotted, `{"detail":{"state":"terminated"}}`, 0, "match\n", ""},
		{"dotted pattern key, literal dotted event key", dotted, `{"detail.state":"terminated"}`, 0, "match\n", ""},
		{"dotted pattern key, other value", dotted, `{"detail.state":"running"}`, 1, "no match\n",
			`detail.state: value "running" not in ["terminated"]` + "\n"},
		{"no such field", state, `{"detail":{"status":"terminated"}}`, 1, "no match\n", "detail.state: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.event, "match", "--explain", tt.pattern, "-")
			if r.code != tt.code || r.stdout != tt.stdout || !strings.HasPrefix(r.stderr, tt.stderr) || (tt.stderr == "" && r.stderr != "") {
				t.Errorf("got exit %d, stdout %q, stderr %q\nwant exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
	// A bare CloudTrail record is still wrapped as CloudTrail delivers it:
	// the pattern sees source, detail-type and detail.
	wrapped := writeTemp(t, "wrapped.json", `{"source":["aws.kms"],"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventName":["ScheduleKeyDeletion"]}}`)
	runCLI(t, "", "match", wrapped, deletion).check(t, 0, []string{"match"}, nil)
	// ... and matched as it is, the record's own fields are at the top.
	bare := writeTemp(t, "bare.json", `{"eventName":["ScheduleKeyDeletion"]}`)
	runCLI(t, "", "match", bare, deletion).check(t, 1, []string{"no match"}, nil)
}
