// Command benchgo is the Go half of bench/run: it times commands, measures
// the responders and the pattern engine in-process, and prints the report.
// Every measurement is appended to a results file (-out, TSV: id, runs, min,
// median, unit, note), which `benchgo report` turns into the one table.
//
//	benchgo time     -out R -runs N [-warmup 1] BLOCK [--- BLOCK]...
//	                 BLOCK: -id ID [-dir D] [-fresh D] [-env K=V]... [-perf] [-json] -- ARGV...
//	benchgo put      -out R -id ID -value V -unit U [-note TEXT]
//	benchgo templates -out R -id ID DIR
//	benchgo gotest   -out R -id ID FILE       (go test -json output)
//	benchgo handlers -out R -runs N -root REPO
//	benchgo coldstart -out R -runs N NAME=BINARY...
//	benchgo match    -out R -runs N -root REPO
//	benchgo route    -out R -runs N -root REPO -assembly DIR
//	benchgo report   -in R [-markdown]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	cmds := map[string]func([]string) error{
		"time":      cmdTime,
		"put":       cmdPut,
		"templates": cmdTemplates,
		"gotest":    cmdGoTest,
		"handlers":  cmdHandlers,
		"coldstart": cmdColdStart,
		"match":     cmdMatch,
		"route":     cmdRoute,
		"report":    cmdReport,
	}
	fn, ok := cmds[os.Args[1]]
	if !ok {
		usage()
	}
	if err := fn(os.Args[2:]); err != nil {
		fmt.Fprintf(os.Stderr, "benchgo %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: benchgo time|put|templates|gotest|handlers|coldstart|match|route|report ... (see bench/README.md)")
	os.Exit(2)
}

// Row is one measurement: Min and Median over N runs (N = 1: one value).
type Row struct {
	ID     string
	N      int
	Min    float64
	Median float64
	Unit   string
	Note   string
}

// rowOf summarizes values.
func rowOf(id, unit string, values []float64, note string) Row {
	if len(values) == 0 {
		return Row{ID: id, Unit: unit, Min: math.NaN(), Median: math.NaN(), Note: note}
	}
	return Row{ID: id, N: len(values), Min: slices.Min(values), Median: median(values), Unit: unit, Note: note}
}

func median(values []float64) float64 {
	s := slices.Clone(values)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// percentile returns the p-th percentile (0-100) of sorted, nearest rank.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func clean(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ").Replace(s)
}

// resultsFlags is the flag set of the command name with its -out flag, the
// results file its rows are appended to.
func resultsFlags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	return fs, fs.String("out", "", "results file")
}

// appendRows appends rows to the results file path.
func appendRows(path string, rows ...Row) error {
	if path == "" {
		path = "/dev/stdout"
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, r := range rows {
		if _, err := fmt.Fprintf(f, "%s\t%d\t%s\t%s\t%s\t%s\n", clean(r.ID), r.N,
			strconv.FormatFloat(r.Min, 'g', 8, 64), strconv.FormatFloat(r.Median, 'g', 8, 64), r.Unit, clean(r.Note)); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "  %-44s %s\n", r.ID, r.summary())
	}
	return nil
}

func (r Row) summary() string {
	if r.N <= 1 {
		return fmt.Sprintf("%s %s %s", fmtNum(r.Median), r.Unit, r.Note)
	}
	return fmt.Sprintf("min %s, median %s %s (%d runs) %s", fmtNum(r.Min), fmtNum(r.Median), r.Unit, r.N, r.Note)
}

// readRows reads a results file; a later row with the same ID wins.
func readRows(path string) (map[string]Row, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	rows := map[string]Row{}
	var order []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 6 {
			continue
		}
		n, _ := strconv.Atoi(fields[1])
		lo, _ := strconv.ParseFloat(fields[2], 64)
		med, _ := strconv.ParseFloat(fields[3], 64)
		r := Row{ID: fields[0], N: n, Min: lo, Median: med, Unit: fields[4], Note: fields[5]}
		if _, seen := rows[r.ID]; !seen {
			order = append(order, r.ID)
		}
		rows[r.ID] = r
	}
	return rows, order, sc.Err()
}

func fmtNum(v float64) string {
	switch {
	case math.IsNaN(v):
		return "n/a"
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case math.Abs(v) >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case math.Abs(v) >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case math.Abs(v) >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	default:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
}
