package cfn

import (
	"reflect"
	"testing"
)

func TestRewrite(t *testing.T) {
	in := map[string]any{
		"n":    1.5,
		"list": []any{2.0, "x", map[string]any{"secret": "s", "keep": 3.0}},
		"obj":  map[string]any{"secret": "t"},
	}
	// Numbers are doubled; an object with a "secret" member is replaced
	// whole, so its other members are not visited.
	got := Rewrite(in, func(v any) (any, bool) {
		switch x := v.(type) {
		case float64:
			return 2 * x, true
		case map[string]any:
			if _, ok := x["secret"]; ok {
				return "redacted", true
			}
		}
		return nil, false
	})
	want := map[string]any{"n": 3.0, "list": []any{4.0, "x", "redacted"}, "obj": "redacted"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Rewrite = %#v, want %#v", got, want)
	}
	if in["n"] != 1.5 || in["list"].([]any)[0] != 2.0 || in["obj"].(map[string]any)["secret"] != "t" {
		t.Errorf("Rewrite changed its input: %#v", in)
	}
}
