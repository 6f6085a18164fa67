package main

import (
	"fmt"
	"math"
)

// Goals of issue 15 item 6 ("Synth cost"), for the detections section.
const (
	// detectionsRatioGoal bounds the synth time of the app with the custom
	// detections over the default app's (medians of one interleaved run).
	detectionsRatioGoal = 1.5
	// detectionsRequestsGoal bounds the jsii round trips a custom detection
	// adds.
	detectionsRequestsGoal = 6.0
)

// detections adds the rows of the detections section: the default app and
// the app with detections/count custom detections, their synth times and
// ratio, and the jsii requests (fs.readSync calls of the kernel: one per
// request read from Go, as in the synth section) each detection adds.
func (rp *report) detections() {
	n := rp.med("detections/count")
	rp.section(fmt.Sprintf("6. Detections: the default app vs the app with %s custom detections (s3 PutBucketPolicy each; prebuilt Go binary, CDK_VALIDATION=false, bundling off, interleaved)", fmtNum(n)))
	d, c := "detections/default", "detections/custom-500"
	held := func(id string) string {
		return fmt.Sprintf("%s stacks, %s rules, %s resources, %s B of templates (largest %s: %s B)",
			fmtNum(rp.med(id+"/t/stacks")), fmtNum(rp.med(id+"/t/rules")), fmtNum(rp.med(id+"/t/resources")),
			fmtNum(rp.med(id+"/t/bytes")), rp.note(id+"/t/maxBytes"), fmtNum(rp.med(id+"/t/maxBytes")))
	}
	rp.add("default app (cdk.json): synth", rp.val(d, 1, "s"), "", held(d), "", "")
	dm, cm := rp.med(d), rp.med(c)
	r := cm / dm
	rp.add(fmt.Sprintf("app with %s custom detections: synth", fmtNum(n)), rp.val(c, 1, "s"), "default app "+rp.val(d, 1, "s"),
		fmt.Sprintf("%s of the medians (mins: %s); +%.1f ms per detection; %s", ratio(cm, dm), ratio(rp.min(c), rp.min(d)), (cm-dm)/n*1000, held(c)),
		fmt.Sprintf("≤ %.1fx", detectionsRatioGoal), met(r <= detectionsRatioGoal, !math.IsNaN(r)))
	dq, cq := rp.med(d+"/fs.readSync(cnt)"), rp.med(c+"/fs.readSync(cnt)")
	per := (cq - dq) / n
	rp.add("jsii round trips per detection (requests(custom) − requests(default)) / N", fmt.Sprintf("%.2f", per),
		fmt.Sprintf("requests: default %s, with the detections %s", fmtNum(dq), fmtNum(cq)),
		fmt.Sprintf("kernel waited on Go %s → %s ms (%+.2f ms per detection)", fmtNum(rp.med(d+"/fs.readSync")), fmtNum(rp.med(c+"/fs.readSync")),
			(rp.med(c+"/fs.readSync")-rp.med(d+"/fs.readSync"))/n),
		fmt.Sprintf("≤ %.0f", detectionsRequestsGoal), met(per <= detectionsRequestsGoal, !math.IsNaN(per)))
	phase := func(id string) string {
		return fmt.Sprintf("%s / %s / %s ms", fmtNum(rp.med(id+"/phase:Load")), fmtNum(rp.med(id+"/phase:Construction")), fmtNum(rp.med(id+"/phase:Synthesis")))
	}
	pd := func(k string) float64 { return (rp.med(c+"/"+k) - rp.med(d+"/"+k)) / n }
	rp.add("  node-side phases, with the detections (load / construction / synthesis, medians)", phase(c), "default app "+phase(d),
		fmt.Sprintf("per detection: construction %+.2f ms, synthesis %+.2f ms; Stack.resolve %+.1f calls, %+.2f ms",
			pd("phase:Construction"), pd("phase:Synthesis"), pd("Stack.resolve(cnt)"), pd("Stack.resolve")), "", "")
}
