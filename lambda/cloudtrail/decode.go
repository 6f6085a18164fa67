package cloudtrail

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// object is a decoded JSON object whose members are still raw, with the JSON
// path it was found at (used to name fields in errors).
type object struct {
	path string
	m    map[string]json.RawMessage
}

// decodeObject reads raw as a JSON object found at path.
func decodeObject(raw []byte, path string) (object, error) {
	raw = bytes.TrimSpace(raw)
	switch k := kindOf(raw); k {
	case "object":
	case "null":
		return object{}, &ParseError{Field: path, Reason: ReasonNull, Detail: "want an object"}
	case "invalid":
		return object{}, &ParseError{Field: path, Reason: ReasonSyntax, Err: syntaxErr(raw)}
	default:
		return object{}, &ParseError{Field: path, Reason: ReasonType, Detail: "want an object, got " + k}
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return object{}, wrapJSONError(path, err)
	}
	return object{path: path, m: m}, nil
}

// syntaxErr returns the error json.Unmarshal reports for raw.
func syntaxErr(raw []byte) error {
	var v any
	err := json.Unmarshal(raw, &v)
	if err == nil {
		err = errors.New("invalid JSON value")
	}
	return err
}

// wrapJSONError turns an encoding/json error into a *ParseError whose Field
// is prefix joined with the field the error names.
func wrapJSONError(prefix string, err error) error {
	if err == nil {
		return nil
	}
	var pe *ParseError
	if errors.As(err, &pe) {
		if prefix != "" {
			cp := *pe
			cp.Field = joinPath(prefix, pe.Field)
			return &cp
		}
		return pe
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &ParseError{Field: joinPath(prefix, te.Field), Reason: ReasonType,
			Detail: fmt.Sprintf("got %s, want %s", te.Value, te.Type), Err: err}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &ParseError{Field: prefix, Reason: ReasonSyntax, Err: err}
	}
	return &ParseError{Field: prefix, Reason: ReasonType, Err: err}
}

// field returns the path of member key.
func (o object) field(key string) string { return joinPath(o.path, key) }

// has reports whether member key is present (even if null).
func (o object) has(key string) bool {
	_, ok := o.m[key]
	return ok
}

// raw returns member key with insignificant white space removed, nil when
// absent.
func (o object) raw(key string) json.RawMessage {
	v, ok := o.m[key]
	if !ok {
		return nil
	}
	var buf bytes.Buffer
	if json.Compact(&buf, v) != nil {
		return v
	}
	return buf.Bytes()
}

// str reads member key as a string; numbers and booleans are kept as their
// literal text, null and absence yield "". When required, absence, null and ""
// are errors.
func (o object) str(key string, required bool) (string, error) {
	raw, ok := o.m[key]
	if !ok {
		if required {
			return "", &ParseError{Field: o.field(key), Reason: ReasonMissing}
		}
		return "", nil
	}
	if required && kindOf(raw) == "null" {
		return "", &ParseError{Field: o.field(key), Reason: ReasonNull}
	}
	var s flexString
	if err := s.UnmarshalJSON(raw); err != nil {
		return "", &ParseError{Field: o.field(key), Reason: ReasonType,
			Detail: "want a string, got " + kindOf(raw)}
	}
	if required && s == "" {
		return "", &ParseError{Field: o.field(key), Reason: ReasonEmpty}
	}
	return string(s), nil
}

// boolPtr reads member key as a boolean written as true or "true"; absence
// and null yield nil.
func (o object) boolPtr(key string) (*bool, error) {
	raw, ok := o.m[key]
	if !ok || kindOf(raw) == "null" {
		return nil, nil
	}
	var b FlexBool
	if err := b.UnmarshalJSON(raw); err != nil {
		return nil, &ParseError{Field: o.field(key), Reason: ReasonType,
			Detail: "want a boolean or \"true\"/\"false\", got " + kindOf(raw) + " " + short(string(raw))}
	}
	v := bool(b)
	return &v, nil
}

// timeVal reads member key as an RFC 3339 time. Absence, null and "" yield
// the zero time unless required.
func (o object) timeVal(key string, required bool) (time.Time, error) {
	s, err := o.str(key, required)
	if err != nil || s == "" {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, &ParseError{Field: o.field(key), Reason: ReasonFormat,
			Detail: fmt.Sprintf("%s is not an RFC 3339 time", quoteShort(s))}
	}
	return t, nil
}

// sub reads member key as an object. Absence and null yield ok == false.
func (o object) sub(key string) (obj object, ok bool, err error) {
	raw, present := o.m[key]
	if !present || kindOf(raw) == "null" {
		return object{}, false, nil
	}
	obj, err = decodeObject(raw, o.field(key))
	if err != nil {
		return object{}, false, err
	}
	return obj, true, nil
}

// array reads member key as an array of raw elements. Absence and null yield
// nil.
func (o object) array(key string) ([]json.RawMessage, error) {
	raw, present := o.m[key]
	if !present || kindOf(raw) == "null" {
		return nil, nil
	}
	if k := kindOf(raw); k != "array" {
		return nil, &ParseError{Field: o.field(key), Reason: ReasonType, Detail: "want an array, got " + k}
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, wrapJSONError(o.field(key), err)
	}
	if elems == nil {
		elems = []json.RawMessage{}
	}
	return elems, nil
}

// reader wraps an object with a sticky error, so that a sequence of reads
// can be checked once at the end; the first error wins.
type reader struct {
	o   object
	err error
}

func (r *reader) keep(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *reader) str(key string) string {
	s, err := r.o.str(key, false)
	r.keep(err)
	return s
}

func (r *reader) required(key string) string {
	s, err := r.o.str(key, true)
	r.keep(err)
	return s
}

func (r *reader) boolPtr(key string) *bool {
	b, err := r.o.boolPtr(key)
	r.keep(err)
	return b
}

func (r *reader) sub(key string) (object, bool) {
	o, ok, err := r.o.sub(key)
	r.keep(err)
	return o, ok && err == nil
}

// in reads member key, when it is an object (see sub), with fill, and keeps
// the first error of fill's reads.
func (r *reader) in(key string, fill func(*reader)) {
	if o, ok := r.sub(key); ok {
		sr := &reader{o: o}
		fill(sr)
		r.keep(sr.err)
	}
}

// firstErr returns the first non-nil error of errs.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
