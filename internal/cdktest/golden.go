package cdktest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/trailbridge/trailbridge/internal/testflags"
)

var (
	reAssetHash = regexp.MustCompile(`[0-9a-f]{64}`)
)

// Normalize returns a copy of a template with volatile values (asset hashes)
// replaced by placeholders, so snapshots change only when the template does.
func Normalize(template map[string]any) map[string]any {
	b, err := json.Marshal(template)
	if err != nil {
		panic(err)
	}
	b = reAssetHash.ReplaceAll(b, []byte("<asset-hash>"))
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

// Golden compares the normalized template with testdata/<name>.golden.json,
// or rewrites that file when the tests run with -update.
func Golden(t testing.TB, name string, template map[string]any) {
	t.Helper()
	got, err := json.MarshalIndent(Normalize(template), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name+".golden.json")
	if *Update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `%s` to create it)", err, testflags.UpdateCommand)
	}
	var gv, wv any
	if err := json.Unmarshal(want, &wv); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	_ = json.Unmarshal(got, &gv)
	if !jsonEqual(gv, wv) {
		t.Errorf("%s differs from the synthesized template:\n%s\nIf the change is intended, run `%s` and review the diff.", path, diffLines(want, got), testflags.UpdateCommand)
	}
}

func jsonEqual(a, b any) bool {
	ab, _ := json.Marshal(a)
	bb, _ := json.Marshal(b)
	return bytes.Equal(ab, bb)
}

// diffLines shows the first lines where want and got differ.
func diffLines(want, got []byte) string {
	wl := bytes.Split(want, []byte("\n"))
	gl := bytes.Split(got, []byte("\n"))
	var out bytes.Buffer
	shown := 0
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			out.WriteString("line ")
			out.WriteString(itoa(i + 1))
			out.WriteString(":\n  - ")
			out.Write(w)
			out.WriteString("\n  + ")
			out.Write(g)
			out.WriteString("\n")
			shown++
			if shown == 10 {
				out.WriteString("  ...\n")
				break
			}
		}
	}
	return out.String()
}

func itoa(i int) string { return strconv.Itoa(i) }
