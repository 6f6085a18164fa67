package cdktest

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/testflags"
)

// LogicalIDs lists a template's resources as "LogicalID Type" lines, sorted.
func LogicalIDs(template map[string]any) []string {
	res, _ := template["Resources"].(map[string]any)
	out := make([]string, 0, len(res))
	for id, r := range res {
		typ, _ := r.(map[string]any)["Type"].(string)
		out = append(out, id+" "+typ)
	}
	sort.Strings(out)
	return out
}

// LogicalIDChanges compares two LogicalIDs lists and describes every
// resource that would be deleted or replaced on deploy: a logical ID that
// disappeared (a renamed construct ID, a moved construct) or changed type.
// Added resources are fine and not reported.
func LogicalIDChanges(before, after []string) []string {
	now := map[string]string{}
	for _, l := range after {
		id, typ, _ := strings.Cut(l, " ")
		now[id] = typ
	}
	var out []string
	for _, l := range before {
		id, typ, _ := strings.Cut(l, " ")
		switch got, ok := now[id]; {
		case !ok:
			out = append(out, fmt.Sprintf("%s (%s) is gone: CloudFormation would delete it (a construct ID or path changed?)", id, typ))
		case got != typ:
			out = append(out, fmt.Sprintf("%s changed type %s -> %s: CloudFormation would replace it", id, typ, got))
		}
	}
	return out
}

// StableLogicalIDs fails the test when a logical ID recorded in
// testdata/logical-ids/<name>.txt is gone from template: for an unchanged
// configuration, renaming a construct replaces deployed resources. With
// -update the file is rewritten (review the diff: removed lines are
// replacements).
func StableLogicalIDs(t testing.TB, name string, template map[string]any) {
	t.Helper()
	got := LogicalIDs(template)
	path := filepath.Join("testdata", "logical-ids", name+".txt")
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `%s` to record the logical IDs)", err, testflags.UpdateCommand)
	}
	want := strings.Split(strings.TrimSpace(string(b)), "\n")
	for _, c := range LogicalIDChanges(want, got) {
		t.Errorf("%s: %s", name, c)
	}
}
