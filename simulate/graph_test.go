package simulate

import (
	"github.com/trailbridge/trailbridge/internal/testflags"
	"os"
	"path/filepath"
	"testing"
)

var update = testflags.Update

func TestMermaid(t *testing.T) {
	for _, dir := range []string{fixtureDir, loopDir} {
		a, err := LoadAssembly(dir)
		if err != nil {
			t.Fatal(err)
		}
		got := a.Mermaid()
		b, err := LoadAssembly(dir)
		if err != nil {
			t.Fatal(err)
		}
		if again := b.Mermaid(); again != got {
			t.Fatalf("%s: output is not deterministic", dir)
		}
		golden := filepath.Join("testdata", filepath.Base(dir)+".mmd.golden")
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if got != string(want) {
			t.Errorf("%s: Mermaid() differs from %s (run go test -update and review the diff):\n%s", dir, golden, got)
		}
	}
}
