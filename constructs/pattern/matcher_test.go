package pattern

// A small EventBridge matcher, for tests only: it lets the tests prove that
// the patterns Build writes select the CloudTrail samples they should and
// nothing else. It follows event-ruler's semantics for the operators Build
// emits (exact values, prefix, suffix, equals-ignore-case, anything-but with
// values or a prefix, exists, cidr, "$or") and is checked against the
// conformance vectors in testdata/conformance (verified against the real
// EventBridge API). Not modelled: numeric and wildcard matching, and
// event-ruler's rule that fields matched inside one array must come from the
// same array element.

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"
)

// errUnsupported marks patterns this matcher cannot evaluate.
var errUnsupported = fmt.Errorf("unsupported operator")

// flattenEvent maps each dotted leaf path of the event to its values; arrays
// contribute each element, objects are walked, and an empty array
// contributes nothing. Keys are joined with '.', so {"a.b": 1} and
// {"a": {"b": 1}} flatten alike, as in event-ruler.
func flattenEvent(v any) map[string][]any {
	out := map[string][]any{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				walk(join(path, k), c)
			}
		case []any:
			for _, c := range x {
				walk(path, c)
			}
		default:
			out[path] = append(out[path], x)
		}
	}
	walk("", v)
	return out
}

// expandPattern turns a pattern into its "$or" combinations, each a map from
// dotted leaf path to match list.
func expandPattern(p map[string]any) []map[string][]any {
	rules := []map[string][]any{{}}
	var walk func(path string, m map[string]any, rules []map[string][]any) []map[string][]any
	walk = func(path string, m map[string]any, rules []map[string][]any) []map[string][]any {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := m[k]
			if k == "$or" {
				if branches, ok := orBranches(v); ok {
					var next []map[string][]any
					for _, b := range branches {
						copies := make([]map[string][]any, len(rules))
						for i, r := range rules {
							copies[i] = map[string][]any{}
							for rk, rv := range r {
								copies[i][rk] = rv
							}
						}
						next = append(next, walk(path, b, copies)...)
					}
					rules = next
					continue
				}
			}
			switch x := v.(type) {
			case map[string]any:
				rules = walk(join(path, k), x, rules)
			case []any:
				for _, r := range rules {
					r[join(path, k)] = x
				}
			}
		}
		return rules
	}
	return walk("", p, rules)
}

// matches reports whether event matches pattern; both are decoded JSON with
// numbers as json.Number.
func matches(pattern, event map[string]any) (bool, error) {
	flat := flattenEvent(event)
	for _, rule := range expandPattern(pattern) {
		ok, err := matchRule(rule, flat)
		if err != nil {
			return false, err
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}

func matchRule(rule map[string][]any, flat map[string][]any) (bool, error) {
	for path, list := range rule {
		values, present := flat[path]
		ok := false
		for _, m := range list {
			hit, err := matchOne(m, values, present)
			if err != nil {
				return false, err
			}
			if hit {
				ok = true
				break
			}
		}
		if !ok {
			return false, nil
		}
	}
	return true, nil
}

// matchOne applies one match value to the event's values at a path.
func matchOne(m any, values []any, present bool) (bool, error) {
	if obj, ok := m.(map[string]any); ok {
		for op, arg := range obj {
			if op == "exists" {
				want, _ := arg.(bool)
				return present == want, nil
			}
			for _, v := range values {
				hit, err := matchOperator(op, arg, v)
				if err != nil || hit {
					return hit, err
				}
			}
			return false, nil
		}
	}
	for _, v := range values {
		if equalValue(m, v) {
			return true, nil
		}
	}
	return false, nil
}

func matchOperator(op string, arg, v any) (bool, error) {
	s, isString := v.(string)
	switch op {
	case "prefix", "suffix", "equals-ignore-case":
		if !isString {
			return false, nil
		}
		return stringOp(op, arg, s)
	case "cidr":
		c, _ := arg.(string)
		pfx, err := netip.ParsePrefix(c)
		if err != nil || !isString {
			return false, nil
		}
		a, err := netip.ParseAddr(s)
		return err == nil && pfx.Contains(a), nil
	case "anything-but":
		if sub, ok := arg.(map[string]any); ok {
			for subOp, subArg := range sub {
				if !isString {
					return true, nil // numbers and null are "anything but" a string match
				}
				args, ok := subArg.([]any)
				if !ok {
					args = []any{subArg}
				}
				for _, a := range args {
					hit, err := stringOp(subOp, a, s)
					if err != nil || hit {
						return false, err
					}
				}
				return true, nil
			}
		}
		args, ok := arg.([]any)
		if !ok {
			args = []any{arg}
		}
		for _, a := range args {
			if equalValue(a, v) {
				return false, nil
			}
		}
		return true, nil
	}
	return false, fmt.Errorf("%w %q", errUnsupported, op)
}

func stringOp(op string, arg any, s string) (bool, error) {
	switch a := arg.(type) {
	case string:
		switch op {
		case "prefix":
			return strings.HasPrefix(s, a), nil
		case "suffix":
			return strings.HasSuffix(s, a), nil
		case "equals-ignore-case":
			return strings.EqualFold(s, a), nil
		}
	case map[string]any:
		if eic, ok := a["equals-ignore-case"].(string); ok {
			switch op {
			case "prefix":
				return len(s) >= len(eic) && strings.EqualFold(s[:len(eic)], eic), nil
			case "suffix":
				return len(s) >= len(eic) && strings.EqualFold(s[len(s)-len(eic):], eic), nil
			}
		}
	}
	return false, fmt.Errorf("%w %s %v", errUnsupported, op, arg)
}

// equalValue compares a pattern literal with an event value: strings with
// strings, numbers numerically, booleans and null by identity.
func equalValue(p, v any) bool {
	switch x := p.(type) {
	case string:
		s, ok := v.(string)
		return ok && s == x
	case json.Number:
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		a, err1 := strconv.ParseFloat(string(x), 64)
		b, err2 := strconv.ParseFloat(string(n), 64)
		return err1 == nil && err2 == nil && a == b
	case bool:
		b, ok := v.(bool)
		return ok && b == x
	case nil:
		return v == nil
	}
	return false
}

// decode parses JSON with numbers kept as json.Number.
func decode(data []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	return dec.Decode(v)
}

// canonical round-trips a Go pattern through JSON so the matcher sees the
// same types as for patterns read from files.
func canonical(p map[string]any) (map[string]any, error) {
	js, err := JSON(p)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	return out, decode([]byte(js), &out)
}
