package gates

import (
	"encoding/json"
	"fmt"
	"strings"
)

// ref returns the logical ID a value points at: {"Ref": id} (attr ""),
// {"Fn::GetAtt": [id, attr]} or {"Fn::GetAtt": "id.attr"}.
func ref(v any) (id, attr string, ok bool) {
	m, isMap := v.(map[string]any)
	if !isMap || len(m) != 1 {
		return "", "", false
	}
	if r, isStr := m["Ref"].(string); isStr {
		return r, "", true
	}
	switch g := m["Fn::GetAtt"].(type) {
	case []any:
		if len(g) == 2 {
			id, ok1 := g[0].(string)
			attr, ok2 := g[1].(string)
			return id, attr, ok1 && ok2
		}
	case string:
		if id, attr, found := strings.Cut(g, "."); found {
			return id, attr, true
		}
	}
	return "", "", false
}

// render turns a value into a string, writing intrinsics as placeholders:
// Ref X -> ${X}, GetAtt X.Y -> ${X.Y}, Fn::Join and Fn::Sub are expanded;
// anything else unresolvable becomes ${?}. literal reports whether the value
// was a plain string (no intrinsic at all).
func render(v any) (s string, literal bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64, bool:
		return fmt.Sprint(x), true
	case map[string]any:
		if id, attr, ok := ref(x); ok {
			if attr != "" {
				return "${" + id + "." + attr + "}", false
			}
			return "${" + id + "}", false
		}
		if j, ok := x["Fn::Join"].([]any); ok && len(j) == 2 {
			sep, _ := j[0].(string)
			parts, _ := j[1].([]any)
			strs := make([]string, len(parts))
			for i, p := range parts {
				strs[i], _ = render(p)
			}
			return strings.Join(strs, sep), false
		}
		switch sub := x["Fn::Sub"].(type) {
		case string:
			return sub, false
		case []any:
			if len(sub) >= 1 {
				s, _ := sub[0].(string)
				if len(sub) == 2 {
					vars, _ := sub[1].(map[string]any)
					for k, val := range vars {
						if r, _ := render(val); r != "" {
							s = strings.ReplaceAll(s, "${"+k+"}", r)
						}
					}
				}
				return s, false
			}
		}
	}
	return "${?}", false
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
