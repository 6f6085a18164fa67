package config

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestREADMEDetectionsExample: the README's "Your own detections" example
// loads as written, and the misspelled-name message it shows is the one
// Load gives.
func TestREADMEDetectionsExample(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "### Your own detections")
	if start < 0 {
		t.Fatal("README has no \"Your own detections\" section")
	}
	section := text[start:]
	block := func(fence string) string {
		i := strings.Index(section, fence)
		if i < 0 {
			t.Fatalf("no %q block in the section", fence)
		}
		rest := section[i+len(fence):]
		return rest[:strings.Index(rest, "```")]
	}
	var ctx map[string]any
	if err := json.Unmarshal([]byte(block("```json\n")), &ctx); err != nil {
		t.Fatalf("the example is not JSON: %v", err)
	}
	cfg, err := Load(ctx, Env{}, nil)
	if err != nil {
		t.Fatalf("the example does not load: %v", err)
	}
	if n := len(cfg.Detections.Custom); n != 2 {
		t.Errorf("%d custom detections, want the example's 2", n)
	}
	shown := "invalid " + strings.TrimSpace(block("```\ninvalid"))
	custom := ctx["trailbridge"].(map[string]any)["detections"].(map[string]any)["custom"].([]any)
	custom[1].(map[string]any)["eventNames"] = []any{"CreateUsr"}
	_, err = Load(ctx, Env{}, nil)
	if err == nil || strings.TrimSpace(err.Error()) != shown {
		t.Errorf("README shows\n%s\nLoad says\n%v", shown, err)
	}
}
