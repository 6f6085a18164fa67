package tests

import (
	"os"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/cdktest"
)

// TestLogicalIDsAreStable: for an unchanged configuration, every resource
// keeps its logical ID, so a refactor never replaces deployed resources.
func TestLogicalIDsAreStable(t *testing.T) {
	for name := range configurations {
		a := synthApp(t, name)
		for _, id := range stackIDs(a) {
			cdktest.StableLogicalIDs(t, name+"-"+id, a.Stacks[id].Template)
		}
	}
}

// TestLogicalIDCheckCatchesARename proves the stability check fails on a
// renamed construct and on a type change (testdata/logical-ids-fixture).
func TestLogicalIDCheckCatchesARename(t *testing.T) {
	read := func(name string) []string {
		b, err := os.ReadFile("testdata/logical-ids-fixture/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Split(strings.TrimSpace(string(b)), "\n")
	}
	changes := cdktest.LogicalIDChanges(read("before.txt"), read("after.txt"))
	want := []string{
		"PublicBucketFunction0BA9810D (AWS::Lambda::Function) is gone",
		"PublicBucketRuleF1E0F2C3 (AWS::Events::Rule) is gone",
		"ReportsBucketA1B2C3D4 changed type AWS::S3::Bucket -> AWS::SQS::Queue",
	}
	if len(changes) != len(want) {
		t.Fatalf("changes = %q, want %d", changes, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(changes[i], w) {
			t.Errorf("change %d = %q, want it to start with %q", i, changes[i], w)
		}
	}
	if got := cdktest.LogicalIDChanges(read("before.txt"), read("before.txt")); len(got) != 0 {
		t.Errorf("an unchanged list reported %q", got)
	}
}
