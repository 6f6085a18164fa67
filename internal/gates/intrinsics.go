package gates

import (
	"encoding/json"
	"fmt"

	"github.com/trailbridge/trailbridge/internal/cfn"
)

// ref returns the logical ID a value points at: {"Ref": id} (attr ""),
// {"Fn::GetAtt": [id, attr]} or {"Fn::GetAtt": "id.attr"}.
func ref(v any) (id, attr string, ok bool) { return cfn.RefTarget(v) }

// render turns a value into a string with the one intrinsic resolver
// (package cfn), writing what it cannot resolve as placeholders: Ref X ->
// ${X}, GetAtt X.Y -> ${X.Y}, a pseudo parameter -> ${AWS::Region}, other
// functions by name (${Fn::If}); Fn::Join, Fn::Sub, Fn::Select and friends
// are evaluated. literal reports whether the value was a plain string,
// number or boolean (no intrinsic at all).
func render(v any) (s string, literal bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64, bool:
		return fmt.Sprint(x), true
	}
	r := &cfn.Resolver{Placeholder: func(what string) string { return "${" + what + "}" }}
	return r.Str(v, "?"), false
}

// list returns a value that may be one item or a list of items as a list.
func list(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	default:
		return []any{x}
	}
}

// strs renders each item of a one-or-many value.
func strs(v any) []string {
	var out []string
	for _, item := range list(v) {
		s, _ := render(item)
		out = append(out, s)
	}
	return out
}

// object returns v as a map, decoding it first when it is a JSON string (as
// some templates give policy documents and redrive policies).
func object(v any) map[string]any {
	switch x := v.(type) {
	case map[string]any:
		return x
	case string:
		var m map[string]any
		if json.Unmarshal([]byte(x), &m) == nil {
			return m
		}
	}
	return nil
}
