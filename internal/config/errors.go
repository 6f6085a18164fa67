package config

import (
	"encoding/json"
	"fmt"
	"strings"
)

// FieldError is one configuration problem: the field (a dotted path from
// "trailbridge"), the value found, and what is allowed.
type FieldError struct {
	// Field is the dotted path, e.g. "trailbridge.trail.name".
	Field string
	// Value is the offending value as it was given.
	Value any
	// Allowed says what the field accepts.
	Allowed string
}

// Error formats the problem as `<field>: got <value>; allowed: <what>`.
func (e *FieldError) Error() string {
	return fmt.Sprintf("%s: got %s; allowed: %s", e.Field, show(e.Value), e.Allowed)
}

// Errors is every problem found in one configuration.
type Errors []*FieldError

// Error lists every problem, one per line.
func (es Errors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid trailbridge configuration (%d problem", len(es))
	if len(es) != 1 {
		b.WriteString("s")
	}
	b.WriteString("):")
	for _, e := range es {
		b.WriteString("\n  - ")
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap exposes each problem to errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

func (es *Errors) add(field string, value any, allowed string) {
	*es = append(*es, &FieldError{Field: field, Value: value, Allowed: allowed})
}

func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case unknownField:
		return fmt.Sprintf("unknown field %q", string(x))
	case override:
		return fmt.Sprintf("%q", string(x))
	case string:
		return fmt.Sprintf("%q", x)
	case json.Number:
		return string(x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	return string(b)
}

// dropFollowUps removes, from the problems after the first n (those of the
// decoding), each problem about a field whose value could not be decoded,
// or about a part of it: the decoding error already names that field.
func (es Errors) dropFollowUps(n int) Errors {
	if n == 0 || n > len(es) {
		return es
	}
	out := es[:n:n]
	for _, e := range es[n:] {
		followUp := false
		for _, d := range es[:n] {
			if e.Field == d.Field || strings.HasPrefix(e.Field, d.Field+".") || strings.HasPrefix(e.Field, d.Field+"[") {
				followUp = true
				break
			}
		}
		if !followUp {
			out = append(out, e)
		}
	}
	return out
}
