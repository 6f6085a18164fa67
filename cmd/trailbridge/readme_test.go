package main

import (
	"os"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/stacks"
)

func TestMain(m *testing.M) { cdktest.Main(m) }

// readmeGraphMarker precedes the README's deployment diagram: the output of
// `trailbridge graph` for the default app.
const readmeGraphMarker = "<!-- trailbridge graph of the default app"

// TestReadmeDeploymentDiagram synthesizes the default app (once) and checks
// that the README's deployment diagram is what `trailbridge graph` prints
// for it, so that the picture never goes stale. -update rewrites it.
func TestReadmeDeploymentDiagram(t *testing.T) {
	if testing.Short() {
		t.Skip("synthesizes the default app")
	}
	cfg, err := stacks.LoadConfig(map[string]any{}, config.Env{Region: "us-east-1", Account: cdktest.Account})
	if err != nil {
		t.Fatal(err)
	}
	app := cdktest.NewApp(t, nil)
	stacks.App(app, cfg)
	asm := cdktest.Synth(t, app)
	r := runCLI(t, "", "graph", "--assembly", asm.Dir)
	if r.code != 0 {
		t.Fatalf("graph: exit %d, stderr %q", r.code, r.stderr)
	}
	const readme = "../../README.md"
	text := readFile(t, readme)
	start, end, ok := mermaidBlockAfter(text, readmeGraphMarker)
	if !ok {
		t.Fatalf("%s has no ```mermaid block after %q", readme, readmeGraphMarker)
	}
	if *update {
		text, end = text[:start]+r.stdout+text[end:], start+len(r.stdout)
		if err := os.WriteFile(readme, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := text[start:end]; got != r.stdout {
		t.Errorf("the README's deployment diagram is stale (go test ./cmd/trailbridge -update, and review the diff); trailbridge graph prints:\n%s", r.stdout)
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
