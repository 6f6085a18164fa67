package cloudtrail

import (
	"encoding/json"
	"testing"
)

func TestFlexInt(t *testing.T) {
	tests := []struct {
		in   string
		want FlexInt
		ok   bool
	}{
		{`22`, 22, true},
		{`22.0`, 22, true},
		{`2.2e1`, 22, true},
		{`"22"`, 22, true},
		{`" 22.0 "`, 22, true},
		{`-1`, -1, true},
		{`300.0`, 300, true},
		{`9007199254740993`, 9007199254740993, true},
		{`null`, 7, true}, // unchanged
		{`22.5`, 0, false},
		{`"22.5"`, 0, false},
		{`"abc"`, 0, false},
		{`""`, 0, false},
		{`"0x16"`, 0, false},
		{`"Inf"`, 0, false},
		{`1e300`, 0, false},
		{`true`, 0, false},
		{`[22]`, 0, false},
		{`{}`, 0, false},
	}
	for _, tt := range tests {
		n := FlexInt(7)
		err := json.Unmarshal([]byte(tt.in), &n)
		if (err == nil) != tt.ok || tt.ok && n != tt.want {
			t.Errorf("%s: got %d, %v; want %d, ok=%v", tt.in, n, err, tt.want, tt.ok)
		}
	}
}

func TestFlexBool(t *testing.T) {
	tests := []struct {
		in       string
		want, ok bool
	}{
		{`true`, true, true},
		{`false`, false, true},
		{`"true"`, true, true},
		{`"False"`, false, true},
		{`" TRUE "`, true, true},
		{`"yes"`, false, false},
		{`1`, false, false},
		{`{}`, false, false},
	}
	for _, tt := range tests {
		var b FlexBool
		err := json.Unmarshal([]byte(tt.in), &b)
		if (err == nil) != tt.ok || bool(b) != tt.want {
			t.Errorf("%s: got %v, %v", tt.in, b, err)
		}
	}
}

func TestFlexJSON(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{`{"a":1}`, `{"a":1}`, true},
		{`[1,2]`, `[1,2]`, true},
		{`"{\"a\":1}"`, `{"a":1}`, true},
		{`" {\"a\":1} "`, `{"a":1}`, true},
		{`"\"{\\\"a\\\":1}\""`, `{"a":1}`, true}, // encoded twice
		{`null`, ``, true},
		{`""`, ``, true},
		{`"not json"`, ``, false},
		{`"42"`, ``, false},
		{`42`, ``, false},
		{`true`, ``, false},
	}
	for _, tt := range tests {
		var f FlexJSON
		err := json.Unmarshal([]byte(tt.in), &f)
		if (err == nil) != tt.ok || string(f) != tt.want {
			t.Errorf("%s: got %s, %v; want %s, ok=%v", tt.in, f, err, tt.want, tt.ok)
		}
	}
	// It marshals as the object, never as a string, and as null when empty.
	out, err := json.Marshal(struct {
		P FlexJSON `json:"p"`
		Q FlexJSON `json:"q"`
		R FlexJSON `json:"r,omitzero"`
	}{P: FlexJSON(`{"a":1}`)})
	if err != nil || string(out) != `{"p":{"a":1},"q":null}` {
		t.Errorf("Marshal = %s, %v", out, err)
	}
	if pe := asParseError(t, FlexJSON(nil).Decode(new(any))); pe.Reason != ReasonMissing {
		t.Errorf("Decode of empty: %v", pe)
	}
	var v struct{ A string }
	if pe := asParseError(t, FlexJSON(`{"A":1}`).Decode(&v)); pe.Reason != ReasonType || pe.Field != "A" {
		t.Errorf("Decode type error: %v", pe)
	}
}

func TestLenientLists(t *testing.T) {
	var l list[struct{ A int }]
	if err := json.Unmarshal([]byte(`{"A":1}`), &l); err != nil || len(l) != 1 || l[0].A != 1 {
		t.Errorf("single object: %v, %v", l, err)
	}
	var it items[struct{ A int }]
	for in, n := range map[string]int{`{}`: 0, `null`: 0, `{"items":[{"A":1},{"A":2}]}`: 2, `[{"A":1}]`: 1, `{"items":{"A":1}}`: 1} {
		it = nil
		if err := json.Unmarshal([]byte(in), &it); err != nil || len(it) != n {
			t.Errorf("%s: %v, %v", in, it, err)
		}
	}
	if err := json.Unmarshal([]byte(`"x"`), &it); err == nil {
		t.Error("items accepted a string")
	}
	var s stringOrList
	for in, want := range map[string]string{`"a"`: "a", `["", "b"]`: "b", `[]`: "", `5`: "5"} {
		s = ""
		if err := json.Unmarshal([]byte(in), &s); err != nil || string(s) != want {
			t.Errorf("%s: %q, %v", in, s, err)
		}
	}
}
