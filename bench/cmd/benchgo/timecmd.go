package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// perfCounters are the aws-cdk-lib performance counters kept from
// CDK_PERF_COUNTERS_FILE (milliseconds, or calls for "(cnt)"). phase:Load is
// node's start to `new App()`, phase:Construction from there to
// app.synth(), phase:Synthesis the synth itself (validateTemplates, the
// CloudFormation validator, is part of it). For a Go app, fs.readSync is the
// jsii kernel waiting on the Go process for its next request (one call per
// request read), Stack.resolve the token resolutions Go asked for or synth
// did.
var perfCounters = []string{
	"phase:Load", "phase:Construction", "phase:Synthesis", "validateTemplates",
	"CloudFormationValidate.validate", "fs.readSync", "fs.readSync(cnt)", "Stack.resolve", "Stack.resolve(cnt)",
}

type block struct {
	id    string
	dir   string
	fresh string
	env   []string
	perf  bool
	json  bool
	argv  []string

	wall    []float64
	perfVal map[string][]float64
	jsonVal map[string][]float64
	failed  string
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, " ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// cmdTime runs each block's command -runs times (after -warmup runs that are
// not counted), interleaving the blocks so that a slow patch of a noisy
// machine hits all of them alike, and records the wall time of each (and the
// CDK performance counters with -perf, the numbers of a JSON line the command
// prints with -json).
func cmdTime(args []string) error {
	fs, out := resultsFlags("time")
	runs := fs.Int("runs", 5, "counted runs per command")
	warmup := fs.Int("warmup", 1, "uncounted runs per command first")
	// The options end where the first block starts (its -id).
	first := len(args)
	for i, a := range args {
		if a == "-id" || a == "--id" {
			first = i
			break
		}
	}
	if err := fs.Parse(args[:first]); err != nil {
		return err
	}
	var blocks []*block
	rest := append(fs.Args(), args[first:]...)
	for len(rest) > 0 {
		end := len(rest)
		for i, a := range rest {
			if a == "---" {
				end = i
				break
			}
		}
		b, err := parseBlock(rest[:end])
		if err != nil {
			return err
		}
		blocks = append(blocks, b)
		if end == len(rest) {
			break
		}
		rest = rest[end+1:]
	}
	if len(blocks) == 0 {
		return errors.New("no command")
	}
	tmp, err := os.MkdirTemp("", "benchgo-perf-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for r := 0; r < *warmup+*runs; r++ {
		for bi, b := range blocks {
			if b.failed != "" {
				continue
			}
			counted := r >= *warmup
			fmt.Fprintf(os.Stderr, "  run %d/%d%s: %s\n", r+1, *warmup+*runs, map[bool]string{false: " (warm-up)", true: ""}[counted], b.id)
			if err := b.run(filepath.Join(tmp, fmt.Sprintf("perf-%d-%d.json", bi, r)), counted); err != nil {
				b.failed = err.Error()
				fmt.Fprintf(os.Stderr, "  %s FAILED: %v\n", b.id, err)
			}
		}
	}
	var rows []Row
	var failed []string
	for _, b := range blocks {
		note := ""
		if b.failed != "" {
			note = "FAILED: " + b.failed
			failed = append(failed, b.id)
		}
		rows = append(rows, rowOf(b.id, "s", b.wall, note))
		for _, k := range perfCounters {
			if v := b.perfVal[k]; len(v) > 0 {
				unit := "ms"
				if strings.HasSuffix(k, "(cnt)") {
					unit = "calls"
				}
				rows = append(rows, rowOf(b.id+"/"+k, unit, v, ""))
			}
		}
		for k, v := range b.jsonVal {
			rows = append(rows, rowOf(b.id+"/"+k, "", v, ""))
		}
	}
	if err := appendRows(*out, rows...); err != nil {
		return err
	}
	if len(failed) > 0 {
		return fmt.Errorf("failed: %s", strings.Join(failed, ", "))
	}
	return nil
}

func parseBlock(args []string) (*block, error) {
	fs := flag.NewFlagSet("block", flag.ContinueOnError)
	b := &block{perfVal: map[string][]float64{}, jsonVal: map[string][]float64{}}
	var env multiFlag
	fs.StringVar(&b.id, "id", "", "row ID")
	fs.StringVar(&b.dir, "dir", "", "working directory")
	fs.StringVar(&b.fresh, "fresh", "", "directory removed before every run (the CDK_OUTDIR)")
	fs.Var(&env, "env", "K=V added to the environment (repeatable)")
	fs.BoolVar(&b.perf, "perf", false, "record aws-cdk-lib's performance counters")
	fs.BoolVar(&b.json, "json", false, "record the numbers of the last JSON line on stdout")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	b.env = env
	b.argv = fs.Args()
	if b.id == "" || len(b.argv) == 0 {
		return nil, fmt.Errorf("block %q: need -id and a command after --", strings.Join(args, " "))
	}
	return b, nil
}

func (b *block) run(perfFile string, counted bool) error {
	if b.fresh != "" {
		if err := os.RemoveAll(b.fresh); err != nil {
			return err
		}
	}
	cmd := exec.Command(b.argv[0], b.argv[1:]...)
	cmd.Dir = b.dir
	env := append(os.Environ(), b.env...)
	if b.perf {
		env = append(env, "CDK_PERF_COUNTERS_FILE="+perfFile)
		env = withContext(env, "@aws-cdk/core.slowSynthThreshold", 0)
	}
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start).Seconds()
	if err != nil {
		return fmt.Errorf("%v: %s", err, tail(stderr.String()+stdout.String(), 600))
	}
	if !counted {
		return nil
	}
	b.wall = append(b.wall, wall)
	if b.perf {
		var doc struct {
			Counters map[string]float64 `json:"counters"`
		}
		data, err := os.ReadFile(perfFile)
		if err != nil {
			return fmt.Errorf("no performance counters: %v", err)
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return fmt.Errorf("performance counters: %v", err)
		}
		for _, k := range perfCounters {
			if v, ok := doc.Counters[k]; ok {
				b.perfVal[k] = append(b.perfVal[k], v)
			}
		}
	}
	if b.json {
		lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
		var doc map[string]any
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &doc); err != nil {
			return fmt.Errorf("no JSON line on stdout: %v", err)
		}
		for k, v := range doc {
			if f, ok := v.(float64); ok {
				b.jsonVal[k] = append(b.jsonVal[k], f)
			}
		}
	}
	return nil
}

// withContext sets key in the CDK_CONTEXT_JSON of env (the context the CDK
// app reads from its environment), keeping what is there.
func withContext(env []string, key string, value any) []string {
	ctx := map[string]any{}
	idx := -1
	for i, e := range env {
		if v, ok := strings.CutPrefix(e, "CDK_CONTEXT_JSON="); ok {
			idx = i
			ctx = map[string]any{}
			_ = json.Unmarshal([]byte(v), &ctx)
		}
	}
	ctx[key] = value
	data, _ := json.Marshal(ctx)
	if idx >= 0 {
		env[idx] = "CDK_CONTEXT_JSON=" + string(data)
		return env
	}
	return append(env, "CDK_CONTEXT_JSON="+string(data))
}

func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}
