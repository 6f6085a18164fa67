package cloudtrail

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixtureCopiesMatch: the CloudTrail records of testdata/fixtures and
// testdata/samples are the module's one set of test events. Packages that
// keep a copy beside their tests (a responder's testdata, which its fuzz
// test also seeds from) must keep it byte for byte: any testdata JSON file
// in the module (examples included) named like one of them must equal it.
func TestFixtureCopiesMatch(t *testing.T) {
	canon := map[string][][]byte{} // base name -> contents (samples repeat a few names)
	for _, dir := range []string{"testdata/fixtures", "testdata/samples"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(path) != ".json" {
				return err
			}
			b, err := os.ReadFile(path)
			canon[d.Name()] = append(canon[d.Name()], b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	own, _ := filepath.Abs("testdata")
	copies := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == own || path != root && strings.HasPrefix(d.Name(), ".") || d.Name() == "cdk.out" || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		want, ok := canon[d.Name()]
		if !ok || !strings.Contains(filepath.ToSlash(path), "/testdata/") {
			return nil
		}
		got, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		copies++
		for _, w := range want {
			if bytes.Equal(got, w) {
				return nil
			}
		}
		rel, _ := filepath.Rel(root, path)
		t.Errorf("%s differs from lambda/cloudtrail's %s: copy it again from there (or give a changed record another name)", rel, d.Name())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d copies checked", copies)
}
