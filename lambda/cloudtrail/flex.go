package cloudtrail

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// FlexJSON holds a JSON object or array that CloudTrail writes either as
// itself or as a string containing its JSON text. The S3 bucket policy in
// requestParameters.bucketPolicy is the best-known case: some records carry
// {"Version": ...}, others "{\"Version\": ...}". Either way FlexJSON yields the
// object.
//
// The zero value (nil) means absent, null or an empty string. A string whose
// content is not a JSON object or array is rejected.
type FlexJSON json.RawMessage

// maxFlexNesting is how many layers of string encoding FlexJSON unwraps.
const maxFlexNesting = 4

// UnmarshalJSON accepts an object, an array, a string holding either (possibly
// encoded as a string more than once), null or "".
func (f *FlexJSON) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	for range maxFlexNesting {
		switch kindOf(b) {
		case "null":
			*f = nil
			return nil
		case "object", "array":
			*f = append(FlexJSON(nil), b...)
			return nil
		case "string":
			var s string
			if err := json.Unmarshal(b, &s); err != nil {
				return err
			}
			inner := bytes.TrimSpace([]byte(s))
			if len(inner) == 0 {
				*f = nil
				return nil
			}
			if !json.Valid(inner) {
				return &json.UnmarshalTypeError{Value: "string " + quoteShort(s), Type: reflect.TypeFor[FlexJSON]()}
			}
			b = inner
		default:
			return &json.UnmarshalTypeError{Value: kindOf(b) + " " + short(string(b)), Type: reflect.TypeFor[FlexJSON]()}
		}
	}
	return &json.UnmarshalTypeError{Value: "string (encoded too many times)", Type: reflect.TypeFor[FlexJSON]()}
}

// MarshalJSON writes the object or array itself (never a string), or null
// when f is empty.
func (f FlexJSON) MarshalJSON() ([]byte, error) {
	if len(f) == 0 {
		return []byte("null"), nil
	}
	return f, nil
}

// IsZero reports whether f holds nothing.
func (f FlexJSON) IsZero() bool { return len(f) == 0 }

// Decode unmarshals the object or array into v. It returns a *ParseError
// with ReasonMissing when f is empty.
func (f FlexJSON) Decode(v any) error {
	if len(f) == 0 {
		return &ParseError{Reason: ReasonMissing, Detail: "no JSON value to decode"}
	}
	return wrapJSONError("", json.Unmarshal(f, v))
}

// FlexInt is an integer that CloudTrail may write as 22, 22.0, 2.2e1 or "22".
// Values with a fractional part, outside the int64 range, or strings that do
// not hold a JSON number are rejected. JSON null leaves the value unchanged.
type FlexInt int64

// UnmarshalJSON accepts an integral JSON number or a string holding one.
func (n *FlexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	text := string(b)
	switch kindOf(b) {
	case "null":
		return nil
	case "number":
	case "string":
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		text = strings.TrimSpace(s)
		if kindOf([]byte(text)) != "number" || !json.Valid([]byte(text)) {
			return &json.UnmarshalTypeError{Value: "string " + quoteShort(s), Type: reflect.TypeFor[FlexInt]()}
		}
	default:
		return &json.UnmarshalTypeError{Value: kindOf(b), Type: reflect.TypeFor[FlexInt]()}
	}
	if i, err := strconv.ParseInt(text, 10, 64); err == nil {
		*n = FlexInt(i)
		return nil
	}
	f, err := strconv.ParseFloat(text, 64)
	// 2^63 is exactly representable; anything at or beyond it overflows.
	if err != nil || f != math.Trunc(f) || f >= 1<<63 || f < -(1<<63) {
		return &json.UnmarshalTypeError{Value: "number " + short(text), Type: reflect.TypeFor[FlexInt]()}
	}
	*n = FlexInt(f)
	return nil
}

// FlexBool is a boolean that CloudTrail may write as true or as "true"
// (case-insensitive). JSON null leaves the value unchanged.
type FlexBool bool

// UnmarshalJSON accepts a JSON boolean or a string "true" or "false".
func (v *FlexBool) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch kindOf(b) {
	case "null":
		return nil
	case "boolean":
		*v = FlexBool(b[0] == 't')
		return nil
	case "string":
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if x, ok := parseBoolString(s); ok {
			*v = FlexBool(x)
			return nil
		}
		return &json.UnmarshalTypeError{Value: "string " + quoteShort(s), Type: reflect.TypeFor[FlexBool]()}
	}
	return &json.UnmarshalTypeError{Value: kindOf(b), Type: reflect.TypeFor[FlexBool]()}
}

// parseBoolString reads "true" or "false", ignoring case and surrounding
// space.
func parseBoolString(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// flexString is a string that tolerates numbers and booleans (kept as their
// literal text) and null (read as "").
type flexString string

// UnmarshalJSON implements json.Unmarshaler.
func (s *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch kindOf(b) {
	case "null":
		return nil
	case "string":
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
		return nil
	case "number", "boolean":
		*s = flexString(b)
		return nil
	}
	return &json.UnmarshalTypeError{Value: kindOf(b), Type: reflect.TypeFor[string]()}
}

// stringOrList is a string that CloudTrail sometimes writes as a list of
// strings (S3 request headers such as "host" or "x-amz-acl"). The first
// non-empty element is kept.
type stringOrList string

// UnmarshalJSON implements json.Unmarshaler.
func (s *stringOrList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if kindOf(b) != "array" {
		var v flexString
		if err := v.UnmarshalJSON(b); err != nil {
			return err
		}
		*s = stringOrList(v)
		return nil
	}
	var list []flexString
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	for _, v := range list {
		if v != "" {
			*s = stringOrList(v)
			return nil
		}
	}
	return nil
}

// list is a slice that CloudTrail sometimes writes as a single object when it
// has one element (XML-to-JSON conversion).
type list[T any] []T

// UnmarshalJSON implements json.Unmarshaler.
func (l *list[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch kindOf(b) {
	case "null":
		*l = nil
		return nil
	case "array":
		var v []T
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*l = v
		return nil
	case "object":
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*l = list[T]{v}
		return nil
	}
	return &json.UnmarshalTypeError{Value: kindOf(b), Type: reflect.TypeFor[[]T]()}
}

// items reads EC2's {"items": [...]} wrapper; {} and null mean no items, and
// a bare array is accepted too.
type items[T any] []T

// UnmarshalJSON implements json.Unmarshaler.
func (l *items[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if kindOf(b) == "array" {
		return (*list[T])(l).UnmarshalJSON(b)
	}
	if kindOf(b) == "null" {
		*l = nil
		return nil
	}
	if kindOf(b) != "object" {
		return &json.UnmarshalTypeError{Value: kindOf(b), Type: reflect.TypeFor[[]T]()}
	}
	var w struct {
		Items list[T] `json:"items"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*l = items[T](w.Items)
	return nil
}

// kindOf names the JSON type of a value from its first byte: "object",
// "array", "string", "number", "boolean", "null" or "invalid".
func kindOf(b []byte) string {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return "invalid"
	}
	switch c := b[0]; {
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == '"':
		return "string"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	case c == '-' || (c >= '0' && c <= '9'):
		return "number"
	}
	return "invalid"
}

// short truncates s for use in error messages.
func short(s string) string {
	const max = 64
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}

// quoteShort quotes a possibly truncated s for use in error messages.
func quoteShort(s string) string { return strconv.Quote(short(s)) }
