package testflags

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// moduleRoot is the directory of the go.mod above the working directory.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// TestUpdateCommandCoversEveryGoldenPackage finds every package of the
// module with golden files (a testdata directory holding a *golden* file or
// logical-ids) and checks that GoldenPackages lists exactly those, that
// UpdateCommand runs each, that each one's tests import this package (or
// internal/cdktest or lambda/internal/faulttest, which do) so that they accept -update, and that the
// README shows UpdateCommand.
func TestUpdateCommandCoversEveryGoldenPackage(t *testing.T) {
	root := moduleRoot(t)
	found := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || rel == "examples" || rel == "bench" || rel == "cdk.out") {
			return filepath.SkipDir // hidden, other modules, output
		}
		if d.IsDir() || !strings.Contains(filepath.ToSlash(rel), "/testdata/") && !strings.HasPrefix(rel, "testdata") {
			return nil
		}
		if strings.Contains(d.Name(), "golden") || strings.Contains(filepath.ToSlash(rel), "/testdata/logical-ids/") {
			pkg := filepath.ToSlash(rel[:strings.Index(filepath.ToSlash(rel), "/testdata/")])
			found[pkg] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for p := range found {
		pkgs = append(pkgs, p)
	}
	slices.Sort(pkgs)
	if !slices.Equal(pkgs, GoldenPackages) {
		t.Errorf("packages with golden files: %q; GoldenPackages: %q", pkgs, GoldenPackages)
	}
	for _, p := range GoldenPackages {
		if !strings.Contains(UpdateCommand, " ./"+p+"/ ") {
			t.Errorf("UpdateCommand %q does not run ./%s/", UpdateCommand, p)
		}
		tests, _ := filepath.Glob(filepath.Join(root, p, "*_test.go"))
		defines := false
		for _, f := range tests {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), `"github.com/trailbridge/trailbridge/internal/testflags"`) ||
				strings.Contains(string(b), `"github.com/trailbridge/trailbridge/internal/cdktest"`) ||
				strings.Contains(string(b), `"github.com/trailbridge/trailbridge/lambda/internal/faulttest"`) {
				defines = true
			}
		}
		if !defines {
			t.Errorf("%s keeps golden files, but its tests import neither internal/testflags nor internal/cdktest, so they reject -update", p)
		}
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), UpdateCommand) {
		t.Errorf("README.md does not show %q", UpdateCommand)
	}
	if strings.Contains(string(readme), "go test ./... -update") {
		t.Error("README.md shows `go test ./... -update`, which packages without golden files reject")
	}
}
