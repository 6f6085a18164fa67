package stacks

import (
	"fmt"
	"testing"

	"github.com/trailbridge/trailbridge/detection"
)

func manyDetections(n int) []detection.Detection {
	out := make([]detection.Detection, n)
	for i := range out {
		out[i] = detection.Detection{ID: fmt.Sprintf("d-%04d", i+1), Title: "t", Severity: detection.SeverityMedium,
			Match: detection.Match{Services: []string{"s3"}, EventNames: []string{"PutBucketPolicy"}}, Source: detection.SourceCustom}
	}
	return out
}

func placement(shards [][]detection.Detection) map[string]int {
	out := map[string]int{}
	for k, s := range shards {
		for _, d := range s {
			out[d.ID] = k
		}
	}
	return out
}

// TestShardDetections: every detection lands in exactly one stack within
// the limits, and adding or removing one moves no other while the number of
// stacks stays.
func TestShardDetections(t *testing.T) {
	for _, n := range []int{0, 1, 450, 500, 2000} {
		ds := manyDetections(n)
		shards, err := ShardDetections(ds)
		if err != nil {
			t.Fatal(err)
		}
		got := placement(shards)
		if len(got) != n {
			t.Errorf("%d detections placed, want %d", len(got), n)
		}
		for k, s := range shards {
			if len(s) > MaxDetectionsPerStack {
				t.Errorf("n=%d: stack %d holds %d detections", n, k+1, len(s))
			}
		}
		if n == 0 {
			continue
		}
		more, _ := ShardDetections(manyDetections(n + 1))
		fewer, _ := ShardDetections(ds[1:])
		for _, other := range [][][]detection.Detection{more, fewer} {
			if len(other) != len(shards) {
				continue // the number of stacks changed: moves are expected
			}
			for id, k := range placement(other) {
				if was, ok := got[id]; ok && was != k {
					t.Errorf("n=%d: %s moved from stack %d to %d", n, id, was+1, k+1)
				}
			}
		}
	}
	if s, _ := ShardDetections(manyDetections(500)); len(s) < 2 {
		t.Errorf("500 detections in %d stack(s), want them spread", len(s))
	}
}
