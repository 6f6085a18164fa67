package detection_test

import (
	"os"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/detection"
	"github.com/trailbridge/trailbridge/internal/testflags"
)

// The README's detection table sits between these markers.
const (
	tableBegin = "<!-- detections:begin -->"
	tableEnd   = "<!-- detections:end -->"
	readmePath = "../README.md"
)

// TestREADMETable fails when the README's detection table is not
// Table(append(CIS(), Builtin()...)); with -update it rewrites it.
func TestREADMETable(t *testing.T) {
	data, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	begin, end := strings.Index(readme, tableBegin), strings.Index(readme, tableEnd)
	if begin < 0 || end < begin {
		t.Fatalf("%s: no %s ... %s markers in this order", readmePath, tableBegin, tableEnd)
	}
	want := "\n" + detection.Table(append(detection.CIS(), detection.Builtin()...))
	got := readme[begin+len(tableBegin) : end]
	if got == want {
		return
	}
	if *testflags.Update {
		readme = readme[:begin+len(tableBegin)] + want + readme[end:]
		if err := os.WriteFile(readmePath, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the README's detection table is out of date; regenerate it with\n\tgo test ./detection/ -run TestREADMETable -update\ngot:\n%s\nwant:\n%s", got, want)
}

// TestTable checks the rows a reader relies on: every detection in order,
// calls shortened after four, conditions in words, pipes escaped.
func TestTable(t *testing.T) {
	ds := []detection.Detection{
		{ID: "a", Title: "Pipe | title", Severity: detection.SeverityLow, Source: detection.SourceCustom,
			Match: detection.Match{Services: []string{"ec2"}, EventNames: []string{"A", "B", "C", "D", "E", "F"}}},
		{ID: "b", Title: "Root", Severity: detection.SeverityCritical, Control: "C 1", Responder: "trailGuard", Source: detection.SourceCIS,
			Match: detection.Match{UserIdentityTypes: []string{"Root"}, IncludeFailed: true,
				Extra:       map[string]any{"detail": map[string]any{"errorCode": []any{"X"}, "userIdentity": map[string]any{"invokedBy": []any{"Y"}}}},
				DetailTypes: []string{"AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail"}}},
	}
	got := strings.Split(strings.TrimSuffix(detection.Table(ds), "\n"), "\n")
	want := []string{
		"| ID | Title | Severity | Control | Matches | Responder | Source |",
		"|---|---|---|---|---|---|---|",
		"| `a` | Pipe \\| title | low | - | ec2:A, ec2:B, ec2:C, ec2:D, +2 more | - | custom |",
		"| `b` | Root | critical | C 1 | any call of any service; API calls, console sign-ins; by Root; conditions on errorCode, userIdentity.invokedBy; failed calls included | `trailGuard` | cis |",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Table =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
