package main

import (
	"flag"
	"fmt"
	"math"
	"sort"
	"strings"
)

// cmdReport prints the one table of bench/run from a results file: every
// figure (min / median over the runs), what it is compared with, the ratio
// or difference, the goal and whether it is met.
func cmdReport(args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	in := fs.String("in", "", "results file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	rows, _, err := readRows(*in)
	if err != nil {
		return err
	}
	rp := &report{rows: rows}
	rp.build()
	fmt.Print(rp.String())
	return nil
}

type report struct {
	rows  map[string]Row
	lines [][]string
}

func (rp *report) get(id string) (Row, bool) {
	r, ok := rp.rows[id]
	if !ok || r.N == 0 || strings.HasPrefix(r.Note, "FAILED") {
		return r, false
	}
	return r, true
}

// med returns the median of id, NaN when missing.
func (rp *report) med(id string) float64 {
	if r, ok := rp.get(id); ok {
		return r.Median
	}
	return math.NaN()
}

func (rp *report) min(id string) float64 {
	if r, ok := rp.get(id); ok {
		return r.Min
	}
	return math.NaN()
}

// val formats id as "min / median unit" (one value when N is 1), scaled.
func (rp *report) val(id string, scale float64, unit string) string {
	r, ok := rp.rows[id]
	if !ok {
		return "n/a"
	}
	if strings.HasPrefix(r.Note, "FAILED") {
		return "FAILED"
	}
	if r.N <= 1 || r.Min == r.Median {
		return fmtNum(r.Median*scale) + " " + unit
	}
	return fmtNum(r.Min*scale) + " / " + fmtNum(r.Median*scale) + " " + unit
}

func (rp *report) note(id string) string {
	if r, ok := rp.rows[id]; ok {
		return r.Note
	}
	return ""
}

func (rp *report) add(cols ...string) { rp.lines = append(rp.lines, cols) }

func (rp *report) section(title string) { rp.add("**"+title+"**", "", "", "", "", "") }

func met(ok bool, known bool) string {
	switch {
	case !known:
		return "n/a"
	case ok:
		return "met"
	default:
		return "**NOT met**"
	}
}

func ratio(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

func secs(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return fmt.Sprintf("%+.2f s", v)
}

func (rp *report) build() {
	// 1. Synth cost vs TypeScript.
	rp.section("1. Synth vs the TypeScript peer (aws-cdk-lib 2.270.0 on node; prebuilt Go binary; Lambda bundling and the CloudFormation validator off unless stated)")
	floorGo := rp.med("floor/go-empty")
	floorGoMin := rp.min("floor/go-empty")
	floorTS := rp.med("floor/ts-empty")
	floorTSMin := rp.min("floor/ts-empty")
	rp.add("floor: `node -e \"require('aws-cdk-lib')\"`", rp.val("floor/node-require", 1, "s"), "", "", "", "")
	rp.add("floor: TypeScript app with one empty stack", rp.val("floor/ts-empty", 1, "s"), "", "", "", "")
	rp.add("floor: Go app with one empty stack = jsii start-up", rp.val("floor/go-empty", 1, "s"), "TS empty app",
		ratio(floorGo, floorTS)+"; jsii overhead "+secs(floorGo-floorTS)+" (min "+secs(floorGoMin-floorTSMin)+")", "", "")
	rtt := rp.med("floor/go-roundtrip/roundTripUs")
	rp.add("floor: one jsii round trip from Go (static call, mean of 2000)", rp.val("floor/go-roundtrip/roundTripUs", 1, "µs"),
		"node 22: "+rp.val("floor/go-roundtrip-node22/roundTripUs", 1, "µs"), "Go → jsii launcher (node) → kernel (node) and back", "", "")
	for _, app := range []struct{ id, name string }{{"default", "default app"}, {"everything", "every-option-on app"}} {
		g, t := "synth/go-"+app.id, "synth/ts-"+app.id
		gm, tm := rp.med(g), rp.med(t)
		d, dmin := gm-tm, rp.min(g)-rp.min(t)
		known := !math.IsNaN(d) && !math.IsNaN(floorGo)
		rp.add("synth "+app.name+": Go", rp.val(g, 1, "s"), "TS peer "+rp.val(t, 1, "s"),
			ratio(gm, tm)+"; Go−TS "+secs(d)+" (min "+secs(dmin)+")",
			fmt.Sprintf("Go−TS ≤ jsii start-up + 0.1 s = %.2f s (strict: empty-app overhead + 0.1 = %.2f s)", floorGo+0.1, floorGo-floorTS+0.1),
			met(d <= floorGo+0.1, known)+"; strict: "+met(d <= floorGo-floorTS+0.1, known && !math.IsNaN(floorTS)))
		pg, pt := g+"/", t+"/"
		detail := fmt.Sprintf("kernel waited on Go %s ms over %s requests (× round trip ≈ %.2f s); Stack.resolve %s calls (TS %s)",
			fmtNum(rp.med(pg+"fs.readSync")), fmtNum(rp.med(pg+"fs.readSync(cnt)")), rp.med(pg+"fs.readSync(cnt)")*rtt/1e6,
			fmtNum(rp.med(pg+"Stack.resolve(cnt)")), fmtNum(rp.med(pt+"Stack.resolve(cnt)")))
		if math.IsNaN(rp.med(pg + "phase:Load")) {
			detail = "Go's request counters n/a: the Organization stack synthesizes a nested App (its StackSet template), whose synth resets aws-cdk-lib's counters"
		}
		rp.add("  node-side phases, Go (load / construction / synthesis, medians)",
			fmt.Sprintf("%s / %s / %s ms", fmtNum(rp.med(pg+"phase:Load")), fmtNum(rp.med(pg+"phase:Construction")), fmtNum(rp.med(pg+"phase:Synthesis"))),
			fmt.Sprintf("TS %s / %s / %s ms", fmtNum(rp.med(pt+"phase:Load")), fmtNum(rp.med(pt+"phase:Construction")), fmtNum(rp.med(pt+"phase:Synthesis"))),
			detail, "", "")
		gv, tv := g+"-validate", t+"-validate"
		rp.add("synth "+app.name+", validator on: Go", rp.val(gv, 1, "s"), "TS peer "+rp.val(tv, 1, "s"),
			ratio(rp.med(gv), rp.med(tv))+"; Go−TS "+secs(rp.med(gv)-rp.med(tv))+"; validator on costs Go "+secs(rp.med(gv)-gm)+", TS "+secs(rp.med(tv)-tm),
			"", "")
		gb := g + "-bundle"
		rp.add("synth "+app.name+", bundling on (6 × go build linux/arm64): Go", rp.val(gb, 1, "s"), "Go, bundling off",
			"bundling costs "+secs(rp.med(gb)-gm)+"; TS: n/a (the peer reuses the Go assets' S3 keys, it cannot build them)", "", "")
		rp.add("  TS peer matches the Go templates", rp.note("verify/"+app.id), "", "", "", "")
	}
	rp.add("JSII_NODE=node 22.23.3 (npm `node@22`): Go default app", rp.val("synth/go-default-node22", 1, "s"), "node 20 "+rp.val("synth/go-default", 1, "s"),
		ratio(rp.med("synth/go-default-node22"), rp.med("synth/go-default"))+"; TS on node 22 "+rp.val("synth/ts-default-node22", 1, "s"), "", "")
	rp.add("JSII_NODE=node 22: Go empty app", rp.val("floor/go-empty-node22", 1, "s"), "node 20 "+rp.val("floor/go-empty", 1, "s"),
		ratio(rp.med("floor/go-empty-node22"), floorGo), "", "")
	rp.add("node 22: TS default app, validator on", rp.val("synth/ts-default-validate-node22", 1, "s"), "node 20 "+rp.val("synth/ts-default-validate", 1, "s"),
		ratio(rp.med("synth/ts-default-validate-node22"), rp.med("synth/ts-default-validate")), "", "")
	rp.add("compile: `go build` of the app (warm cache)", rp.val("build/go-app", 1, "s"), "tsc of the TS peers "+rp.val("build/tsc-default", 1, "s")+" / "+rp.val("build/tsc-everything", 1, "s"), "not in the synth figures", "", "")

	// 2. Scale.
	rp.section("2. Scale: one stack of N apicall rules, each → a shared encrypted queue, each with its own DLQ (validator off, @aws-cdk/core:stackResourceLimit 0)")
	for _, n := range []string{"1", "10", "100", "300"} {
		id := "scale/" + n
		rp.add(fmt.Sprintf("N=%s: synth wall", n), rp.val(id, 1, "s"),
			fmt.Sprintf("in-process: jsii start %s, constructs %s, synth %s ms", fmtNum(rp.med(id+"/startupMs")), fmtNum(rp.med(id+"/constructMs")), fmtNum(rp.med(id+"/synthMs"))),
			fmt.Sprintf("%s resources, %s B template", fmtNum(rp.med(id+"/t/resources")), fmtNum(rp.med(id+"/t/bytes"))), "", "")
	}
	t1, t300 := rp.med("scale/1"), rp.med("scale/300")
	per := (t300 - t1) / 299 * 1000
	perMin := (rp.min("scale/300") - rp.min("scale/1")) / 299 * 1000
	c1, c300 := rp.med("scale/1/constructMs")+rp.med("scale/1/synthMs"), rp.med("scale/300/constructMs")+rp.med("scale/300/synthMs")
	rp.add("per-rule cost (t300 − t1) / 299", fmt.Sprintf("%.2f ms/rule (mins: %.2f)", per, perMin),
		fmt.Sprintf("in-process construct+synth: %.2f ms/rule", (c300-c1)/299), "", "≤ 1.5 ms/rule", met(per <= 1.5, !math.IsNaN(per)))
	d := func(k string) float64 { return (rp.med("scale/300/"+k) - rp.med("scale/1/"+k)) / 299 }
	rp.add("  per rule, node side (medians)", fmt.Sprintf("construction %.2f ms, synthesis %.2f ms", d("phase:Construction"), d("phase:Synthesis")),
		fmt.Sprintf("%.1f jsii requests from Go (kernel waiting on Go %.2f ms)", d("fs.readSync(cnt)"), d("fs.readSync")),
		fmt.Sprintf("Stack.resolve %.1f calls, %.2f ms", d("Stack.resolve(cnt)"), d("Stack.resolve")), "", "")
	r1, r300 := rp.med("scale/1/t/resources"), rp.med("scale/300/t/resources")
	b1, b300 := rp.med("scale/1/t/bytes"), rp.med("scale/300/t/bytes")
	resPer, bytesPer := (r300-r1)/299, (b300-b1)/299
	at := func(limit, base, perRule float64) string {
		if math.IsNaN(perRule) || perRule <= 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.0f", 1+math.Floor((limit-base)/perRule))
	}
	rp.add("per rule: resources / template bytes", fmt.Sprintf("%.2f / %.0f B", resPer, bytesPer),
		fmt.Sprintf("limits reached at N ≈ %s (500 resources), %s (51,200 B inline body), %s (1 MB body via S3)", at(500, r1, resPer), at(51200, b1, bytesPer), at(1<<20, b1, bytesPer)),
		"the app does not split stacks; the CDK refuses the synth past 500 resources: "+rp.note("scale/limit-check"), "", "")
	m1, m100 := rp.med("scale/monitor-1/t/resources"), rp.med("scale/monitor-100/t/resources")
	mb1, mb100 := rp.med("scale/monitor-1/t/bytes"), rp.med("scale/monitor-100/t/bytes")
	mres, mbytes := (m100-m1)/99, (mb100-mb1)/99
	rp.add("per rule with the app's monitoring (operations.Monitor.WatchRule)", fmt.Sprintf("%.2f / %.0f B", mres, mbytes),
		fmt.Sprintf("limits at N ≈ %s (500 resources), %s (1 MB)", at(500, m1, mres), at(1<<20, mb1, mbytes)), "", "", "")

	// 3. Tests.
	rp.section("3. Test suite")
	rp.add("`go test -count=1 ./...` at the root, warm build cache", rp.val("gotest/wall", 1, "s"), "fully cached `go test ./...`: "+rp.val("gotest/cached", 1, "s"),
		rp.note("gotest/packages"), "≤ 30 s", met(rp.med("gotest/wall") <= 30, !math.IsNaN(rp.med("gotest/wall"))))
	var pk []Row
	for id, r := range rp.rows {
		if strings.HasPrefix(id, "gotest/pkg/") {
			pk = append(pk, r)
		}
	}
	sort.Slice(pk, func(i, j int) bool { return pk[i].Median > pk[j].Median })
	var slow []string
	for i, r := range pk {
		if i == 6 {
			break
		}
		slow = append(slow, fmt.Sprintf("%s %s s", strings.TrimPrefix(r.ID, "gotest/pkg/"), fmtNum(r.Median)))
	}
	rp.add("  slowest packages (elapsed per package; packages run in parallel)", strings.Join(slow, "; "), "", "", "", "")

	// 4. Responders.
	rp.section("4. Responders (binary: linux/arm64, CGO_ENABLED=0, -tags lambda.norpc -trimpath -ldflags \"-s -w\"; cold start: host build, start → first Runtime API /next; handler: mocked SDK, remediation path)")
	for _, name := range []string{"publicbucket", "mfagroup", "opensg", "ownertags", "trailguard", "auditreport"} {
		size := rp.med("size/" + name)
		cold := rp.med("coldstart/" + name)
		p99 := rp.med("handler/" + name + "/p99")
		rp.add(name+": binary size", rp.val("size/"+name, 1e-6, "MB"), rp.val("size/"+name, 1.0/(1<<20), "MiB"), "", "≤ 8 MB (8,000,000 B)", met(size <= 8e6, !math.IsNaN(size)))
		rp.add(name+": cold start", rp.val("coldstart/"+name, 1, "ms"), "", "", "≤ 50 ms", met(cold <= 50, !math.IsNaN(cold)))
		rp.add(name+": handler per event", rp.val("handler/"+name+"/ns_op", 1e-3, "µs/op"),
			fmt.Sprintf("%s allocs/op, %s B/op", fmtNum(rp.med("handler/"+name+"/allocs_op")), fmtNum(rp.med("handler/"+name+"/bytes_op"))),
			fmt.Sprintf("p50 %s µs, p99 %s µs wall (%s); p99 CPU %s µs", fmtNum(rp.med("handler/"+name+"/p50")), fmtNum(p99), rp.note("handler/"+name+"/p99"), fmtNum(rp.med("handler/"+name+"/cpu_p99"))),
			"p99 ≤ 1 ms", met(p99 <= 1000, !math.IsNaN(p99))+"; CPU p99: "+met(rp.med("handler/"+name+"/cpu_p99") <= 1000, !math.IsNaN(rp.med("handler/"+name+"/cpu_p99"))))
	}
	rp.add("build the 6 responders (arm64, warm cache): 6 × `go build`", rp.val("build/lambda-sequential", 1, "s"), "one `go build -o dir/ pkg...` "+rp.val("build/lambda-one", 1, "s"),
		ratio(rp.med("build/lambda-sequential"), rp.med("build/lambda-one")), "", "")

	// 5. Pattern engine.
	rp.section("5. Pattern engine and simulator")
	mp := rp.med("match/preparsed")
	if r, ok := rp.get("match/preparsed"); ok {
		rp.add("compiled pattern on a pre-parsed CloudTrail event (1 core)", fmt.Sprintf("best %s / median %s M matches/s", fmtNum(r.Min/1e6), fmtNum(r.Median/1e6)), r.Note,
			"parse+match "+fmtNum(rp.med("match/raw")/1e3)+" k/s; parse alone "+fmtNum(rp.med("match/parse")/1e3)+" k/s", "≥ 1 M/s/core", met(mp >= 1e6, true))
	} else {
		rp.add("compiled pattern on a pre-parsed CloudTrail event (1 core)", "n/a", "", "", "≥ 1 M/s/core", "n/a")
	}
	tot := rp.med("route/total")
	rp.add("LoadAssembly(every-option-on app) + Route of the whole sample corpus", rp.val("route/total", 1, "ms"), rp.note("route/total"),
		fmt.Sprintf("load %s ms, inputs %s ms, route %s ms (medians)", fmtNum(rp.med("route/load")), fmtNum(rp.med("route/inputs")), fmtNum(rp.med("route/route"))),
		"< 1 s", met(tot < 1000, !math.IsNaN(tot)))
	rp.detections()
	// 7. First synth on a fresh machine.
	if _, ok := rp.rows["firstsynth/cmd"]; ok {
		rp.section("7. First synth on a fresh machine (cdk.json's app command `" + rp.note("firstsynth/cmd") + "`, validator on, fresh cdk.out)")
		cold, warm := rp.med("firstsynth/cold"), rp.med("firstsynth/warm")
		rp.add("first synth: empty GOCACHE, module cache warm (compile the app for the host, the responders for linux/arm64, synth)", rp.val("firstsynth/cold", 1, "s"), "", rp.note("firstsynth/cold"),
			"< 4 min (240 s)", met(cold < 240, !math.IsNaN(cold)))
		rp.add("later synth: same caches, same cdk.out", rp.val("firstsynth/warm", 1, "s"), "", rp.note("firstsynth/warm"), "< 10 s", met(warm < 10, !math.IsNaN(warm)))
		rp.add("module download: `go mod download` into an empty GOMODCACHE (network-bound, not in the figures above)", rp.val("firstsynth/download", 1, "s"), "", rp.note("firstsynth/download"), "", "")
	}
	if r, ok := rp.rows["run/total"]; ok {
		rp.add("bench/run total", fmtNum(r.Median)+" s", r.Note, "", "", "")
	}
}

func (rp *report) String() string {
	var b strings.Builder
	b.WriteString("| Measure | Value (min / median) | Compared with | Ratio / difference / detail | Goal | Met |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, l := range rp.lines {
		for i := range l {
			l[i] = strings.ReplaceAll(l[i], "|", "\\|")
		}
		b.WriteString("| " + strings.Join(l, " | ") + " |\n")
	}
	return b.String()
}
