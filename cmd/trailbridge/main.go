package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/trailbridge/trailbridge/eventpattern"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/simulate"
)

const usage = `trailbridge: offline checks for trailbridge's EventBridge rules ("why didn't my rule fire?")

Usage:
  trailbridge match [--explain] PATTERN_FILE EVENT_FILE
  trailbridge simulate [--assembly DIR] [--json] [--explain] INPUT...
  trailbridge graph [--assembly DIR]
  trailbridge replay --archive ARN --start TIME --end TIME --rule RULE... [--name NAME]
  trailbridge help [SUBCOMMAND]

Subcommands:
  match     Test the event pattern in PATTERN_FILE against the JSON object
            in EVENT_FILE: a bare CloudTrail record is wrapped as CloudTrail
            delivers it to EventBridge; any other object (an EventBridge
            event, a Pipes or Lambda record, a message body) is matched as
            it is. Prints "match" (exit 0) or "no match" (exit 1).
              --explain       on no match, say why on stderr
  simulate  Route events through the rules of a synthesized CDK app and
            print the rules that fire. INPUT is an EventBridge event, a
            CloudTrail record, a CloudTrail log file (.json or .json.gz),
            lookup-events output, or a JSON array or stream of these;
            "-" reads standard input.
              --assembly DIR  cloud assembly to read (default "cdk.out")
              --json          one JSON object per event per line
              --explain       say why each other rule does not fire
            On a terminal, stderr shows progress and a summary.
  graph     Print a Mermaid flowchart of regions, event buses, rules,
            targets and the forwarding between regions.
              --assembly DIR  cloud assembly to read (default "cdk.out")
  replay    Print the aws CLI commands that replay the events of an archive
            (the Response stack's output ArchiveArn) from --start to --end
            (RFC 3339) to the rules named by --rule (names or ARNs, repeat
            for more) on the archive's bus, then follow the replay. Nothing
            is called: review and run them.
              --name NAME     replay name (default trailbridge-START-END)
  help      Print this text.

Limits: a PATTERN_FILE of at most 1 MiB; an INPUT or EVENT_FILE of at
most 64 MiB as read, and at most 256 MiB once decompressed (gzip).

Exit status: 0 done (or "match"), 1 "no match", 2 bad usage, invalid
pattern, or unreadable, too large input or assembly.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs the command with args (without the program name) and returns the
// exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr, now: time.Now}
	if f, ok := stderr.(*os.File); ok {
		c.terminal = isTerminal(f)
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[0] == "help" {
			switch args[1] {
			case "match", "simulate", "graph", "replay":
				return run([]string{args[1], "-h"}, stdin, stdout, stderr)
			}
		}
		fmt.Fprint(stdout, usage)
		return 0
	case "match":
		return c.match(args[1:])
	case "simulate":
		return c.simulate(args[1:])
	case "graph":
		return c.graph(args[1:])
	case "replay":
		return c.replay(args[1:])
	}
	fmt.Fprintf(stderr, "trailbridge: unknown subcommand %q\n\n%s", args[0], usage)
	return 2
}

type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	stdinUsed      bool
	terminal       bool             // stderr is a terminal: simulate shows progress
	now            func() time.Time // the clock progress reads
	prog           *progress        // simulate's progress line, cleared before errors
}

func (c *cli) errorf(format string, args ...any) {
	if c.prog != nil {
		c.prog.clear()
	}
	fmt.Fprintf(c.stderr, "trailbridge: "+format+"\n", args...)
}

// flags parses args with fs, allowing flags after positional arguments
// ("simulate event.json --explain"). It returns the positional arguments,
// or a non-zero exit status when parsing failed or help was asked for.
func (c *cli) flags(fs *flag.FlagSet, synopsis string, args []string) ([]string, int) {
	fs.SetOutput(io.Discard)
	printUsage := func(w io.Writer) {
		fmt.Fprintf(w, "Usage: trailbridge %s\n", synopsis)
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	var pos []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			printUsage(c.stdout)
			return nil, -1
		}
		if err != nil {
			c.errorf("%s: %v", fs.Name(), err)
			printUsage(c.stderr)
			return nil, 2
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, 0
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), 0
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// Input limits: the command reads each input whole, so it refuses inputs
// that would take more memory than any real one needs (a CloudTrail log
// file is a few MiB compressed; an event pattern at most 4,096 characters).
const (
	// MaxPatternBytes bounds a PATTERN_FILE.
	MaxPatternBytes = 1 << 20
	// MaxInputBytes bounds each event INPUT as read, compressed or not.
	MaxInputBytes = 64 << 20
	// MaxDecompressedBytes bounds what a gzip-compressed INPUT decompresses to.
	MaxDecompressedBytes = 256 << 20
)

// read reads a file, or standard input for "-" (once), refusing more than
// limit bytes. what names the limit in the error ("input", "pattern").
func (c *cli) read(name string, limit int64, what string) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		if c.stdinUsed {
			return nil, errors.New(`standard input ("-") can be read only once`)
		}
		c.stdinUsed = true
		r = c.stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > limit {
			return nil, tooLarge(name, what, limit)
		}
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(b)) > limit {
		return nil, tooLarge(name, what, limit)
	}
	return b, nil
}

// readEvents reads an event INPUT and, if it is gzip-compressed,
// decompresses it, within MaxInputBytes and MaxDecompressedBytes.
func (c *cli) readEvents(name string) ([]byte, error) {
	b, err := c.read(name, MaxInputBytes, "input")
	if err != nil {
		return nil, err
	}
	out, err := cloudtrail.Gunzip(b, MaxDecompressedBytes)
	var large *cloudtrail.TooLargeError
	if errors.As(err, &large) {
		return nil, fmt.Errorf("%s: decompresses to more than %s, the limit for decompressed input", name, mib(MaxDecompressedBytes))
	} else if err != nil {
		return nil, fmt.Errorf("%s: bad gzip data: %w", name, err)
	}
	return out, nil
}

func tooLarge(name, what string, limit int64) error {
	if name == "-" {
		name = "standard input"
	}
	return fmt.Errorf("%s: larger than %s, the limit for an %s file", name, mib(limit), what)
}

func mib(n int64) string { return fmt.Sprintf("%d MiB", n>>20) }

func (c *cli) match(args []string) int {
	fs := flag.NewFlagSet("match", flag.ContinueOnError)
	explain := fs.Bool("explain", false, "on no match, print why on stderr")
	pos, code := c.flags(fs, "match [--explain] PATTERN_FILE EVENT_FILE", args)
	if code != 0 {
		return max(code, 0)
	}
	if len(pos) != 2 {
		c.errorf("match: want PATTERN_FILE and EVENT_FILE, got %d arguments", len(pos))
		return 2
	}
	pdata, err := c.read(pos[0], MaxPatternBytes, "pattern")
	if err != nil {
		c.errorf("match: %v", err)
		return 2
	}
	p, err := eventpattern.Compile(pdata)
	if err != nil {
		c.errorf("match: %s: %v", pos[0], err)
		return 2
	}
	edata, err := c.readEvents(pos[1])
	if err != nil {
		c.errorf("match: %v", err)
		return 2
	}
	event, err := matchEvent(edata, pos[1])
	if err != nil {
		c.errorf("match: %v", err)
		return 2
	}
	if isLogFile(event) {
		c.errorf("match: note: %s is a CloudTrail log file; it is matched as one object (pass one of its records, or use simulate)", pos[1])
	}
	ev, err := eventpattern.ParseEvent(event)
	if err != nil {
		c.errorf("match: %s: %v", pos[1], err)
		return 2
	}
	if ok, why := p.Explain(ev); !ok {
		fmt.Fprintln(c.stdout, "no match")
		if *explain {
			fmt.Fprintln(c.stderr, why)
		}
		return 1
	}
	fmt.Fprintln(c.stdout, "match")
	return 0
}

// matchEvent returns the event `match` tests: EVENT_FILE must hold one JSON
// object. A bare CloudTrail record (simulate.IsRecord) is wrapped as
// CloudTrail delivers it to EventBridge; every other object is the event as
// it is, as EventBridge Pipes and Lambda event filters see theirs.
func matchEvent(data []byte, name string) ([]byte, error) {
	values, err := simulate.JSONValues(data)
	if err != nil {
		return nil, fmt.Errorf("%s: malformed JSON: %w", name, err)
	}
	switch {
	case len(values) == 0:
		return nil, fmt.Errorf("%s: empty input", name)
	case len(values) > 1:
		return nil, fmt.Errorf("%s holds %d JSON values; match takes one object (use simulate for many events)", name, len(values))
	case values[0][0] != '{':
		return nil, fmt.Errorf("%s: not a JSON object; match takes one object (use simulate for a list of events)", name)
	}
	if !simulate.IsRecord(values[0]) {
		return values[0], nil
	}
	ev, err := simulate.WrapRecord(values[0])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return ev, nil
}

// isLogFile reports whether obj is a CloudTrail log file: {"Records": [...]}
// whose first record is a CloudTrail record (a Lambda batch of SQS or
// DynamoDB records has "Records" too).
func isLogFile(obj []byte) bool {
	var f struct{ Records []json.RawMessage }
	return json.Unmarshal(obj, &f) == nil && len(f.Records) > 0 && simulate.IsRecord(f.Records[0])
}

func (c *cli) load(dir string) (*simulate.Assembly, bool) {
	a, err := simulate.LoadAssembly(dir)
	if err != nil {
		c.errorf("%v", strings.TrimPrefix(err.Error(), "simulate: "))
		return nil, false
	}
	for _, w := range a.Warnings {
		c.errorf("warning: %s", w)
	}
	return a, true
}

// jsonResult is one line of `simulate --json`: the simulate.Result with the
// input it came from, and notMatched present (even empty) only with --explain.
type jsonResult struct {
	Input string `json:"input"`
	Kind  string `json:"kind"`
	*simulate.Result
	// NotMatched hides Result.NotMatched, whose omitempty cannot tell
	// "no other rule" (--explain) from "not asked".
	NotMatched *[]simulate.Miss `json:"notMatched,omitempty"`
}

func (c *cli) simulate(args []string) int {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	dir := fs.String("assembly", "cdk.out", "cloud assembly `DIR` to read")
	asJSON := fs.Bool("json", false, "print one JSON object per event per line")
	explain := fs.Bool("explain", false, "say why each other rule does not fire")
	pos, code := c.flags(fs, "simulate [--assembly DIR] [--json] [--explain] INPUT...", args)
	if code != 0 {
		return max(code, 0)
	}
	if len(pos) == 0 {
		c.errorf("simulate: no INPUT (give a file, or - for standard input)")
		return 2
	}
	a, ok := c.load(*dir)
	if !ok {
		return 2
	}
	status := 0
	enc := json.NewEncoder(c.stdout)
	enc.SetEscapeHTML(false)
	first := true
	prog := newProgress(c.stderr, c.terminal, c.now, len(pos))
	c.prog = prog
	defer func() { prog.finish(); c.prog = nil }()
	for _, name := range pos {
		data, err := c.readEvents(name)
		if err != nil {
			c.errorf("simulate: %v", err)
			status = 2
			prog.errors++
			prog.fileDone()
			continue
		}
		inputs, err := simulate.Inputs(data, name)
		if err != nil {
			c.errorf("simulate: %v", strings.TrimPrefix(err.Error(), "simulate: "))
			status = 2
			prog.errors++
			prog.fileDone()
			continue
		}
		for _, in := range inputs {
			res, err := a.Route(in.Event)
			if err != nil {
				c.errorf("simulate: %s: %v", in.Name, strings.TrimPrefix(err.Error(), "simulate: "))
				status = 2
				prog.errors++
				continue
			}
			prog.clear()
			if *asJSON {
				out := jsonResult{Input: in.Name, Kind: in.Kind, Result: res}
				if *explain {
					nm := res.NotMatched
					if nm == nil {
						nm = []simulate.Miss{}
					}
					out.NotMatched = &nm
				}
				if err := enc.Encode(out); err != nil {
					c.errorf("simulate: %v", err)
					return 2
				}
				prog.record(len(res.Matches))
				continue
			}
			if !first {
				fmt.Fprintln(c.stdout)
			}
			first = false
			printResult(c.stdout, in, res, *explain)
			prog.record(len(res.Matches))
		}
		prog.fileDone()
	}
	return status
}

func printResult(w io.Writer, in simulate.Input, res *simulate.Result, explain bool) {
	fmt.Fprintf(w, "%s: eventID %s", in.Name, orDash(res.EventID))
	fmt.Fprintf(w, ", eventName %s, region %s", orDash(res.EventName), res.Region)
	if res.ReadOnly {
		fmt.Fprint(w, ", read-only")
	}
	fmt.Fprintln(w)
	if len(res.Buses) > 1 {
		fmt.Fprintf(w, "  reached: %s\n", strings.Join(res.Buses, " -> "))
	}
	if len(res.Matches) == 0 {
		fmt.Fprintln(w, "  no rule fires")
	}
	for _, m := range res.Matches {
		fmt.Fprintf(w, "  fires: %s %s (%s, %s", m.Stack, m.Path, m.Region, m.State)
		if m.Bus != simulate.DefaultBus {
			fmt.Fprintf(w, ", bus %s", m.Bus)
		}
		if m.Hop != "" {
			fmt.Fprintf(w, ", %s", m.Hop)
		}
		fmt.Fprintln(w, ")")
		for _, t := range m.Targets {
			fmt.Fprintf(w, "    target %s: %s", t.ID, t.ARN)
			if t.Path != "" {
				fmt.Fprintf(w, " (%s)", t.Path)
			}
			if x := targetFlags(t); x != "" {
				fmt.Fprintf(w, " [%s]", x)
			}
			fmt.Fprintln(w)
		}
		for _, f := range m.Forwards {
			fmt.Fprintf(w, "    forwards to %s\n", f)
		}
		if len(m.Unresolved) > 0 {
			fmt.Fprintf(w, "    note: the pattern depends on values not resolved offline: %s\n", strings.Join(m.Unresolved, ", "))
		}
	}
	if explain && len(res.NotMatched) > 0 {
		fmt.Fprintln(w, "  not matched:")
		for _, m := range res.NotMatched {
			fmt.Fprintf(w, "    %s %s: %s\n", m.Stack, m.Path, m.Reason)
		}
	}
}

func targetFlags(t simulate.Target) string {
	s := t.Settings(false)
	if t.RoleARN != "" {
		s = append([]string{"role " + t.RoleARN}, s...)
	}
	return strings.Join(s, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (c *cli) graph(args []string) int {
	fs := flag.NewFlagSet("graph", flag.ContinueOnError)
	dir := fs.String("assembly", "cdk.out", "cloud assembly `DIR` to read")
	pos, code := c.flags(fs, "graph [--assembly DIR]", args)
	if code != 0 {
		return max(code, 0)
	}
	if len(pos) != 0 {
		c.errorf("graph: unexpected arguments %q", pos)
		return 2
	}
	a, ok := c.load(*dir)
	if !ok {
		return 2
	}
	fmt.Fprint(c.stdout, a.Mermaid())
	return 0
}
