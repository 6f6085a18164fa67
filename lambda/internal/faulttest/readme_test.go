package faulttest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/readmetest"
)

// TestREADME checks that the README's Reliability section holds every
// responder's measured table (testdata/faults.golden.md) verbatim, so that the
// table there is the suite's output, not typed by hand.
func TestREADME(t *testing.T) {
	section := readmetest.Section(t, "../../../README.md", "Reliability")
	files, err := filepath.Glob("../../responders/*/testdata/faults.golden.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no faults.golden.md: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if !strings.Contains(section, row+"\n") {
				t.Errorf("README Reliability section lacks the row of %s:\n%s", f, row)
			}
		}
	}
}
