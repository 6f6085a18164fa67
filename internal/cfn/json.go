package cfn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Object is a JSON object that keeps its members in document order, so that
// an event pattern read from a template is compiled (and explained) in the
// order its author wrote it. Duplicate keys are kept, as EventBridge sees
// them.
type Object []Member

// Member is one key and value of an Object.
type Member struct {
	Key string
	Val any
}

// Get returns the last value of key, as encoding/json would.
func (o Object) Get(key string) (any, bool) {
	for i := len(o) - 1; i >= 0; i-- {
		if o[i].Key == key {
			return o[i].Val, true
		}
	}
	return nil, false
}

// Str returns the member key when it is a string.
func (o Object) Str(key string) string {
	v, _ := o.Get(key)
	s, _ := v.(string)
	return s
}

// Obj returns the member key when it is an object.
func (o Object) Obj(key string) Object {
	v, _ := o.Get(key)
	m, _ := v.(Object)
	return m
}

// MarshalJSON writes the members in order.
func (o Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(m.Key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(m.Val)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// DecodeOrdered reads one JSON value: objects become object, arrays []any,
// numbers json.Number, and the rest as encoding/json decodes them. Trailing
// data other than white space is an error.
func DecodeOrdered(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := Object{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("Object key is %v, not a string", kt)
				}
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				o = append(o, Member{k, v})
			}
			if _, err := dec.Token(); err != nil { // '}'
				return nil, err
			}
			return o, nil
		case '[':
			a := []any{}
			for dec.More() {
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			if _, err := dec.Token(); err != nil { // ']'
				return nil, err
			}
			return a, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	default:
		return tok, nil
	}
}

// Rewrite returns a copy of the decoded JSON value v (map[string]any,
// []any and scalars) in which every value that fn replaces (ok true) is
// fn's result, and every other object and array is copied with Rewrite
// applied to its members. fn sees an object or array before its members, so
// it can replace a whole subtree. v itself is not changed.
func Rewrite(v any, fn func(v any) (replacement any, ok bool)) any {
	if r, ok := fn(v); ok {
		return r
	}
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = Rewrite(e, fn)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Rewrite(e, fn)
		}
		return out
	}
	return v
}
