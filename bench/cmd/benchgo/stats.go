package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// cmdPut records one value measured elsewhere (by bench/run).
func cmdPut(args []string) error {
	fs, out := resultsFlags("put")
	id := fs.String("id", "", "row ID")
	value := fs.String("value", "", "the value")
	unit := fs.String("unit", "", "its unit")
	note := fs.String("note", "", "a note")
	if err := fs.Parse(args); err != nil {
		return err
	}
	v, err := strconv.ParseFloat(*value, 64)
	if err != nil && *value != "" {
		return fmt.Errorf("-value %q: %v", *value, err)
	}
	if *value == "" {
		v = 0
	}
	return appendRows(*out, Row{ID: *id, N: 1, Min: v, Median: v, Unit: *unit, Note: *note})
}

// cmdTemplates records what a cloud assembly holds: stacks, resources (and
// the EventBridge rules among them) and template bytes (as written, which is
// what the CLI uploads), in total and for the largest template.
func cmdTemplates(args []string) error {
	out, id, dir, err := parseRowsCommand("templates", "", "need one assembly directory", args)
	if err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.template.json"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no templates in %s (%v)", dir, err)
	}
	var resources, rules, bytes, maxBytes, maxRes int
	maxName := ""
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var t struct {
			Resources map[string]struct{ Type string }
		}
		if err := json.Unmarshal(data, &t); err != nil {
			return fmt.Errorf("%s: %v", f, err)
		}
		resources += len(t.Resources)
		for _, r := range t.Resources {
			if r.Type == "AWS::Events::Rule" {
				rules++
			}
		}
		bytes += len(data)
		if len(data) > maxBytes {
			maxBytes, maxName = len(data), strings.TrimSuffix(filepath.Base(f), ".template.json")
		}
		maxRes = max(maxRes, len(t.Resources))
	}
	one := func(suffix string, v int, unit, note string) Row {
		return Row{ID: id + "/" + suffix, N: 1, Min: float64(v), Median: float64(v), Unit: unit, Note: note}
	}
	return appendRows(out,
		one("stacks", len(files), "", ""),
		one("resources", resources, "", ""),
		one("rules", rules, "", "AWS::Events::Rule"),
		one("bytes", bytes, "B", ""),
		one("maxResources", maxRes, "", ""),
		one("maxBytes", maxBytes, "B", maxName),
	)
}

// parseRowsCommand parses the flags of a command that reads one input (its
// one argument; need says which when it is missing) and appends rows whose
// IDs start with -id (default idDefault) to the -out results file.
func parseRowsCommand(name, idDefault, need string, args []string) (out, id, input string, err error) {
	fs, outFlag := resultsFlags(name)
	idFlag := fs.String("id", idDefault, "row ID prefix")
	if err := fs.Parse(args); err != nil {
		return "", "", "", err
	}
	if fs.NArg() != 1 {
		return "", "", "", errors.New(need)
	}
	return *outFlag, *idFlag, fs.Arg(0), nil
}

// cmdGoTest records the per-package and total elapsed time of `go test
// -json` output.
func cmdGoTest(args []string) error {
	out, id, input, err := parseRowsCommand("gotest", "gotest", "need the go test -json output file", args)
	if err != nil {
		return err
	}
	f, err := os.Open(input)
	if err != nil {
		return err
	}
	defer f.Close()
	type pkgResult struct {
		action  string
		elapsed float64
	}
	res := map[string]pkgResult{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 4<<20), 4<<20)
	for sc.Scan() {
		var ev struct {
			Action  string
			Package string
			Test    string
			Elapsed float64
		}
		if json.Unmarshal(sc.Bytes(), &ev) != nil || ev.Test != "" || ev.Package == "" {
			continue
		}
		switch ev.Action {
		case "pass", "fail", "skip":
			res[ev.Package] = pkgResult{ev.Action, ev.Elapsed}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	pkgs := make([]string, 0, len(res))
	for p := range res {
		pkgs = append(pkgs, p)
	}
	sort.Slice(pkgs, func(i, j int) bool { return res[pkgs[i]].elapsed > res[pkgs[j]].elapsed })
	var rows []Row
	var fails []string
	for _, p := range pkgs {
		r := res[p]
		note := ""
		if r.action == "fail" {
			note, fails = "FAIL", append(fails, p)
		}
		if r.action == "skip" {
			note = "no test files"
		}
		rows = append(rows, Row{ID: id + "/pkg/" + strings.TrimPrefix(p, "github.com/trailbridge/trailbridge/"), N: 1, Min: r.elapsed, Median: r.elapsed, Unit: "s", Note: note})
	}
	note := fmt.Sprintf("%d packages", len(pkgs))
	if len(fails) > 0 {
		note += "; FAILED: " + strings.Join(fails, " ")
	}
	rows = append(rows, Row{ID: id + "/packages", N: 1, Min: float64(len(pkgs)), Median: float64(len(pkgs)), Note: note})
	return appendRows(out, rows...)
}
