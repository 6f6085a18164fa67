package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/trailbridge/trailbridge/eventpattern"
	"github.com/trailbridge/trailbridge/simulate"
)

// cmdMatch measures the pattern engine on one core: matches per second of a
// compiled pattern on a pre-parsed ~3.5 KB CloudTrail event (the event of
// eventpattern's own benchmark), and for reference the raw path (parse and
// match) and the parse alone.
func cmdMatch(args []string) error {
	fl, out := resultsFlags("match")
	runs := fl.Int("runs", 5, "testing.Benchmark repetitions")
	root := fl.String("root", "..", "repository root")
	if err := fl.Parse(args); err != nil {
		return err
	}
	event, err := os.ReadFile(filepath.Join(*root, "eventpattern", "testdata", "cloudtrail_RunInstances_envelope.json"))
	if err != nil {
		return err
	}
	// eventpattern's own benchmark's pattern: a typical trailbridge rule (one
	// API family, a list of event names, successful calls only).
	pattern, err := os.ReadFile(filepath.Join(*root, "eventpattern", "testdata", "bench_pattern.json"))
	if err != nil {
		return err
	}
	p, err := eventpattern.Compile(pattern)
	if err != nil {
		return err
	}
	e, err := eventpattern.ParseEvent(event)
	if err != nil {
		return err
	}
	if !p.MatchEvent(e) {
		return errors.New("the benchmark event does not match")
	}
	prev := runtime.GOMAXPROCS(1) // one core
	defer runtime.GOMAXPROCS(prev)
	bench := func(fn func()) (perSec []float64, allocs int64) {
		for range *runs {
			r := testing.Benchmark(func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					fn()
				}
			})
			perSec = append(perSec, 1e9/float64(r.NsPerOp()))
			allocs = r.AllocsPerOp()
		}
		return perSec, allocs
	}
	pre, preAllocs := bench(func() {
		if !p.MatchEvent(e) {
			panic("no match")
		}
	})
	raw, rawAllocs := bench(func() {
		if ok, err := p.Match(event); !ok || err != nil {
			panic("no match")
		}
	})
	parse, _ := bench(func() {
		if _, err := eventpattern.ParseEvent(event); err != nil {
			panic(err)
		}
	})
	// Higher is better: report the best run as "min" would mislead, so the
	// rows hold max (in Min) and median.
	best := func(v []float64) Row {
		r := rowOf("", "/s", v, "")
		r.Min = 0
		for _, x := range v {
			r.Min = max(r.Min, x)
		}
		return r
	}
	r1 := best(pre)
	r1.ID, r1.Note = "match/preparsed", fmt.Sprintf("best|median; %d allocs/op; %d B event; GOMAXPROCS=1", preAllocs, len(event))
	r2 := best(raw)
	r2.ID, r2.Note = "match/raw", fmt.Sprintf("parse + match; %d allocs/op", rawAllocs)
	r3 := best(parse)
	r3.ID = "match/parse"
	return appendRows(*out, r1, r2, r3)
}

// cmdRoute loads a synthesized cloud assembly with simulate.LoadAssembly and
// routes every CloudTrail sample of lambda/cloudtrail's corpus through it,
// -runs times; each run is a fresh load and the whole corpus.
func cmdRoute(args []string) error {
	fl, out := resultsFlags("route")
	runs := fl.Int("runs", 5, "repetitions")
	root := fl.String("root", "..", "repository root")
	asm := fl.String("assembly", "", "cloud assembly directory")
	if err := fl.Parse(args); err != nil {
		return err
	}
	samples := filepath.Join(*root, "lambda", "cloudtrail", "testdata", "samples", "events")
	var files []string
	err := filepath.WalkDir(samples, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
			files = append(files, path)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no samples under %s (%v)", samples, err)
	}
	var load, read, route, total []float64
	var events, fired, rules int
	for range *runs {
		t0 := time.Now()
		a, err := simulate.LoadAssembly(*asm)
		if err != nil {
			return err
		}
		t1 := time.Now()
		var evs [][]byte
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			ins, err := simulate.Inputs(data, f)
			if err != nil {
				return fmt.Errorf("%s: %v", f, err)
			}
			for _, in := range ins {
				evs = append(evs, in.Event)
			}
		}
		t2 := time.Now()
		fired = 0
		for _, ev := range evs {
			res, err := a.Route(ev)
			if err != nil {
				return err
			}
			fired += len(res.Matches)
		}
		t3 := time.Now()
		events, rules = len(evs), len(a.Rules)
		load = append(load, t1.Sub(t0).Seconds()*1000)
		read = append(read, t2.Sub(t1).Seconds()*1000)
		route = append(route, t3.Sub(t2).Seconds()*1000)
		total = append(total, t3.Sub(t0).Seconds()*1000)
	}
	return appendRows(*out,
		rowOf("route/total", "ms", total, fmt.Sprintf("%d events from %d files, %d rules, %d matches", events, len(files), rules, fired)),
		rowOf("route/load", "ms", load, "LoadAssembly"),
		rowOf("route/inputs", "ms", read, "read + wrap the samples"),
		rowOf("route/route", "ms", route, "Route for every event"),
	)
}
