package eventpattern

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzCompileMatch feeds arbitrary pattern and event bytes through every entry
// point. Nothing may panic, results must be consistent between Match,
// MatchEvent and Explain, and an accepted pattern's String form must compile.
func FuzzCompileMatch(f *testing.F) {
	f.Add([]byte(benchPattern), benchEvent(f))
	seeds := []struct{ p, e string }{
		{`{"a":["x"]}`, `{"a":"x"}`},
		{`{"a":[{"wildcard":"a*b\\*"}]}`, `{"a":"axb*"}`},
		{`{"a":[{"numeric":[">",0,"<=",5]}]}`, `{"a":[1,2e0,-3.5]}`},
		{`{"ip":[{"cidr":"10.0.0.0/8"},"::1"]}`, `{"ip":["10.1.2.3","0:0::1"]}`},
		{`{"$or":[{"a":[{"exists":false}]},{"b":{"c":[{"anything-but":{"prefix":"x"}}]}}]}`, `{"b":[{"c":"xy"},{"c":null}]}`},
		{`{"a":{"b":[{"anything-but":{"equals-ignore-case":["X"]}}],"c":[{"exists":false}]}}`, `{"a":[{"b":"y"},{"c":1}]}`},
		{`{"a":[{"prefix":{"equals-ignore-case":"É"}},{"suffix":{"equals-ignore-case":"ß"}}]}`, `{"a":"éß"}`},
	}
	for _, s := range seeds {
		f.Add([]byte(s.p), []byte(s.e))
	}
	// The conformance vectors make good seeds too.
	files, _ := filepath.Glob(filepath.Join(conformanceDir, "*.json"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		var v matchVector
		if json.Unmarshal(data, &v) == nil {
			f.Add([]byte(v.Pattern), []byte(v.Event))
		}
	}
	f.Fuzz(func(t *testing.T, pattern, event []byte) {
		p, err := Compile(pattern)
		if err != nil {
			if p != nil {
				t.Fatal("pattern returned with an error")
			}
			return
		}
		_ = p.Fields()
		if _, err := Compile([]byte(p.String())); err != nil {
			t.Fatalf("String() %s does not compile: %v", p, err)
		}
		got, err := p.Match(event)
		e, perr := ParseEvent(event)
		if (err == nil) != (perr == nil) {
			t.Fatalf("Match error %v, ParseEvent error %v", err, perr)
		}
		if err != nil {
			if got {
				t.Fatal("matched with an error")
			}
			return
		}
		if p.MatchEvent(e) != got {
			t.Fatal("MatchEvent disagrees with Match")
		}
		if m, reason := p.Explain(e); m != got || reason == "" {
			t.Fatalf("Explain = %v %q, Match = %v", m, reason, got)
		}
	})
}
