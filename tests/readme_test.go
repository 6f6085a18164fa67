package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/internal/testflags"
	"github.com/trailbridge/trailbridge/simulate"
)

// readmeGraphMarker precedes the README's deployment diagram: the output of
// `trailbridge graph` (simulate's Mermaid) for the default app.
const readmeGraphMarker = "<!-- trailbridge graph of the default app"

// TestReadmeDeploymentDiagram checks that the README's deployment diagram is
// what `trailbridge graph` prints for the default app (the assembly the
// other tests here read), so that the picture never goes stale. -update
// rewrites it. (cmd/trailbridge's TestGraph checks that the command prints
// simulate's Mermaid.)
func TestReadmeDeploymentDiagram(t *testing.T) {
	a, err := simulate.LoadAssembly(synthApp(t, "Default").Dir)
	if err != nil {
		t.Fatal(err)
	}
	graph := a.Mermaid()
	readme := filepath.Join(cdktest.RepoRoot(), "README.md")
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start, end, ok := mermaidBlockAfter(text, readmeGraphMarker)
	if !ok {
		t.Fatalf("%s has no ```mermaid block after %q", readme, readmeGraphMarker)
	}
	if *cdktest.Update {
		text, end = text[:start]+graph+text[end:], start+len(graph)
		if err := os.WriteFile(readme, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := text[start:end]; got != graph {
		t.Errorf("the README's deployment diagram is stale (%s, and review the diff); trailbridge graph prints:\n%s", testflags.UpdateCommand, graph)
	}
}

// mermaidBlockAfter returns the offsets of the body of the first ```mermaid
// block after marker in text.
func mermaidBlockAfter(text, marker string) (start, end int, ok bool) {
	i := strings.Index(text, marker)
	if i < 0 {
		return 0, 0, false
	}
	const open = "```mermaid\n"
	j := strings.Index(text[i:], open)
	if j < 0 {
		return 0, 0, false
	}
	start = i + j + len(open)
	k := strings.Index(text[start:], "```\n")
	if k < 0 {
		return 0, 0, false
	}
	return start, start + k, true
}
