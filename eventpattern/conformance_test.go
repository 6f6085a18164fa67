package eventpattern

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The vectors under testdata/conformance were checked by their authors
// against EventBridge's TestEventPattern API (see the README there). Every
// file runs as a subtest; none is skipped.

const conformanceDir = "testdata/conformance"

type matchVector struct {
	Name    string          `json:"name"`
	Pattern json.RawMessage `json:"pattern"`
	Event   json.RawMessage `json:"event"`
	Matches *bool           `json:"matches"`
}

type invalidVector struct {
	Name        string          `json:"name"`
	Pattern     json.RawMessage `json:"pattern"`
	ExpectError bool            `json:"expect_error"`
	AWSCode     string          `json:"aws_error_code"`
	AWSMessage  string          `json:"aws_error_message"`
}

type rawVector struct {
	Name       string `json:"name"`
	PatternRaw string `json:"pattern_raw"`
	EventRaw   string `json:"event_raw"`
	Matches    *bool  `json:"matches"`
}

func readVector(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func globVectors(t *testing.T, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(conformanceDir, pattern))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// runVectors runs check, in a subtest named after the file, on each vector
// file that pattern matches, decoded into a V. No file at all fails t.
func runVectors[V any](t *testing.T, pattern string, check func(t *testing.T, file string, v *V)) {
	t.Helper()
	files := globVectors(t, pattern)
	if len(files) == 0 {
		t.Fatalf("no vectors match %s", pattern)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".json"), func(t *testing.T) {
			var v V
			readVector(t, file, &v)
			check(t, file, &v)
		})
	}
}

func TestConformance(t *testing.T) {
	// Every vector listed in index.jsonl must be present and run.
	index, err := os.ReadFile(filepath.Join(conformanceDir, "index.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	listed := strings.Count(strings.TrimSpace(string(index)), "\n") + 1
	present := len(globVectors(t, "*.json")) + len(globVectors(t, "invalid/*.json")) + len(globVectors(t, "raw/*.json"))
	if listed != 157 || present != listed {
		t.Fatalf("index.jsonl lists %d vectors and %d files are present, want 157", listed, present)
	}
	t.Run("match", func(t *testing.T) {
		runVectors(t, "*.json", func(t *testing.T, file string, v *matchVector) {
			if v.Matches == nil || len(v.Pattern) == 0 || len(v.Event) == 0 {
				t.Fatalf("malformed vector %s", file)
			}
			checkMatch(t, []byte(v.Pattern), []byte(v.Event), *v.Matches)
			if strings.HasSuffix(file, "_NEG.json") && *v.Matches {
				t.Errorf("a _NEG vector expects a match")
			}
		})
	})
	t.Run("invalid", func(t *testing.T) {
		runVectors(t, "invalid/*.json", func(t *testing.T, file string, v *invalidVector) {
			if !v.ExpectError || len(v.Pattern) == 0 {
				t.Fatalf("malformed vector %s", file)
			}
			p, err := Compile(v.Pattern)
			if err == nil {
				t.Fatalf("Compile(%s) accepted a pattern EventBridge rejects with %q", v.Pattern, v.AWSMessage)
			}
			if p != nil {
				t.Errorf("Compile returned a pattern along with the error")
			}
			// The wording need not match, but where EventBridge gives a
			// reason this package uses the same one.
			var pe *PatternError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *PatternError", err)
			}
			if want := awsReason(v.AWSMessage); pe.Reason != want {
				t.Errorf("reason %q, EventBridge says %q", pe.Reason, want)
			}
		})
	})
	t.Run("raw", func(t *testing.T) {
		runVectors(t, "raw/*.json", func(t *testing.T, file string, v *rawVector) {
			if v.Matches == nil || v.PatternRaw == "" || v.EventRaw == "" {
				t.Fatalf("malformed vector %s", file)
			}
			// The raw texts are fed as they are: they hold what a parsed
			// map would lose (a duplicated key, exact escapes).
			checkMatch(t, []byte(v.PatternRaw), []byte(v.EventRaw), *v.Matches)
		})
	})
}

func checkMatch(t *testing.T, pattern, event []byte, want bool) {
	t.Helper()
	p, err := Compile(pattern)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	got, err := p.Match(event)
	if err != nil {
		t.Fatalf("Match: %v", err)
	}
	if got != want {
		e, _ := ParseEvent(event)
		_, why := p.Explain(e)
		t.Fatalf("Match = %v, want %v (explain: %s)\npattern: %s", got, want, why, p)
	}
	// The pre-parsed path and Explain must agree with Match.
	e, err := ParseEvent(event)
	if err != nil {
		t.Fatal(err)
	}
	if p.MatchEvent(e) != want {
		t.Fatalf("MatchEvent disagrees with Match")
	}
	if m, _ := p.Explain(e); m != want {
		t.Fatalf("Explain disagrees with Match")
	}
	// The normalized form must compile to the same behaviour.
	q, err := Compile([]byte(p.String()))
	if err != nil {
		t.Fatalf("re-Compile(String()): %v", err)
	}
	if q.MatchEvent(e) != want {
		t.Fatalf("String() form matches differently")
	}
}

// awsReason extracts the reason from an InvalidEventPatternException message.
func awsReason(msg string) string {
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	_, reason, _ := strings.Cut(msg, "Reason: ")
	return strings.TrimSpace(reason)
}

// projectDir holds vectors written for this project and NOT checked against
// EventBridge; its README says how each expected result follows from the
// EventBridge documentation.
const projectDir = "testdata/project"

func TestProjectVectors(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(projectDir, "README.md"))
	if err != nil || !strings.Contains(string(readme), "NOT checked against AWS") {
		t.Fatalf("%s/README.md must say the vectors are NOT checked against AWS (%v)", projectDir, err)
	}
	files, err := filepath.Glob(filepath.Join(projectDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no vectors in %s (%v)", projectDir, err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			if !strings.Contains(string(readme), name) {
				t.Errorf("the README does not list %s with its derivation", name)
			}
			var v matchVector
			readVector(t, file, &v)
			if v.Matches == nil || len(v.Pattern) == 0 || len(v.Event) == 0 {
				t.Fatalf("malformed vector %s", file)
			}
			if strings.HasSuffix(file, "_NEG.json") == *v.Matches {
				t.Fatalf("a _NEG vector must expect no match, any other a match")
			}
			checkMatch(t, []byte(v.Pattern), []byte(v.Event), *v.Matches)
		})
	}
}
