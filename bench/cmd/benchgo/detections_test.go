package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// detectionRows are the results of a detections section: the default app
// at 2 s and 1,800 requests, the custom one at customSecs and
// customRequests, for 500 detections.
func detectionRows(customSecs, customRequests float64) map[string]Row {
	row := func(id string, min, med float64) Row {
		return Row{ID: id, N: 5, Min: min, Median: med}
	}
	rows := map[string]Row{}
	for _, r := range []Row{
		{ID: "detections/count", N: 1, Min: 500, Median: 500},
		row("detections/default", 1.9, 2),
		row("detections/default/fs.readSync(cnt)", 1800, 1800),
		row("detections/custom-500", customSecs-0.1, customSecs),
		row("detections/custom-500/fs.readSync(cnt)", customRequests, customRequests),
	} {
		rows[r.ID] = r
	}
	return rows
}

// line returns the report line whose first column starts with prefix.
func line(t *testing.T, rp *report, prefix string) []string {
	t.Helper()
	for _, l := range rp.lines {
		if strings.HasPrefix(l[0], prefix) {
			return l
		}
	}
	t.Fatalf("no line %q in %q", prefix, rp.lines)
	return nil
}

func TestDetectionsGoals(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		secs, requests       float64
		ratio, perDetection  string
		ratioMet, requestMet string
	}{
		{"both met", 2.9, 1800 + 500*1.15, "1.45x", "1.15", "met", "met"},
		{"slow", 3.1, 1800 + 500*6, "1.55x", "6.00", "**NOT met**", "met"},
		{"chatty", 2.5, 1800 + 500*6.5, "1.25x", "6.50", "met", "**NOT met**"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rp := &report{rows: detectionRows(tc.secs, tc.requests)}
			rp.detections()
			synth := line(t, rp, "app with 500 custom detections")
			if !strings.HasPrefix(synth[3], tc.ratio+" of the medians") || synth[5] != tc.ratioMet {
				t.Errorf("synth line %q: want ratio %s, %s", synth, tc.ratio, tc.ratioMet)
			}
			trips := line(t, rp, "jsii round trips per detection")
			if trips[1] != tc.perDetection || trips[5] != tc.requestMet {
				t.Errorf("round-trip line %q: want %s, %s", trips, tc.perDetection, tc.requestMet)
			}
		})
	}
}

func TestDetectionsMissingIsNotMet(t *testing.T) {
	rows := detectionRows(2.5, 2400)
	delete(rows, "detections/custom-500")
	delete(rows, "detections/custom-500/fs.readSync(cnt)")
	rp := &report{rows: rows}
	rp.detections()
	for _, prefix := range []string{"app with 500 custom detections", "jsii round trips per detection"} {
		if got := line(t, rp, prefix)[5]; got != "n/a" {
			t.Errorf("%s without its measurement: Met = %q, want n/a", prefix, got)
		}
	}
}

func TestTemplatesCountsRules(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("A.template.json", `{"Resources": {"R1": {"Type": "AWS::Events::Rule"}, "Q": {"Type": "AWS::SQS::Queue"}}}`)
	write("B.template.json", `{"Resources": {"R2": {"Type": "AWS::Events::Rule"}, "R3": {"Type": "AWS::Events::Rule"}}}`)
	out := filepath.Join(t.TempDir(), "results.tsv")
	if err := cmdTemplates([]string{"-out", out, "-id", "x/t", dir}); err != nil {
		t.Fatal(err)
	}
	rows, _, err := readRows(out)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]float64{"x/t/stacks": 2, "x/t/resources": 4, "x/t/rules": 3} {
		if got := rows[id].Median; got != want {
			t.Errorf("%s = %v, want %v", id, got, want)
		}
	}
}
