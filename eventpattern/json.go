package eventpattern

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// This file holds the small strict JSON reader shared by patterns and events.
// It follows what Jackson (the parser behind EventBridge) accepts by default:
// RFC 8259 JSON, no comments, no trailing commas, no leading zeros, no NaN,
// duplicate object keys allowed and kept in document order.

// maxNesting bounds object/array nesting, like Jackson's default limit.
const maxNesting = 1000

type jkind uint8

const (
	jNull jkind = iota
	jFalse
	jTrue
	jNumber
	jString
	jArray
	jObject
)

func (k jkind) String() string {
	switch k {
	case jNull:
		return "null"
	case jFalse, jTrue:
		return "boolean"
	case jNumber:
		return "number"
	case jString:
		return "string"
	case jArray:
		return "array"
	default:
		return "object"
	}
}

// jval is a parsed JSON value. Numbers keep their literal text in str.
type jval struct {
	kind    jkind
	str     string
	items   []*jval
	members []jmember
}

type jmember struct {
	key string
	val *jval
}

// syntaxError reports malformed JSON.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at offset %d: %s", e.off, e.msg)
}

type reader struct {
	src []byte
	pos int
}

func (r *reader) fail(msg string) error { return &syntaxError{off: r.pos, msg: msg} }

func (r *reader) skipWS() {
	for r.pos < len(r.src) {
		switch r.src[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

func (r *reader) unexpected() error {
	if r.pos >= len(r.src) {
		return r.fail("unexpected end of input")
	}
	c := r.src[r.pos]
	if c >= 0x20 && c < 0x7f {
		return r.fail(fmt.Sprintf("unexpected character %q", c))
	}
	return r.fail(fmt.Sprintf("unexpected byte 0x%02x", c))
}

// open consumes the '{' or '[' at r.pos and the white space after it, and
// reports whether the container is empty (its closing byte, consumed too).
// Containers nest at most maxNesting deep.
func (r *reader) open(depth int, closing byte) (empty bool, err error) {
	if depth >= maxNesting {
		return false, r.fail("nesting too deep")
	}
	r.pos++
	r.skipWS()
	return r.eat(closing), nil
}

// eat consumes c if it is the next byte.
func (r *reader) eat(c byte) bool {
	if r.pos < len(r.src) && r.src[r.pos] == c {
		r.pos++
		return true
	}
	return false
}

// colon consumes the ':' after an object key, with the white space around it.
func (r *reader) colon() error {
	r.skipWS()
	if !r.eat(':') {
		return r.unexpected()
	}
	r.skipWS()
	return nil
}

// next consumes what follows a container's member or element: a ',' (more
// is true) or the closing byte.
func (r *reader) next(closing byte) (more bool, err error) {
	r.skipWS()
	switch {
	case r.eat(','):
		return true, nil
	case r.eat(closing):
		return false, nil
	}
	return false, r.unexpected()
}

// atKey reports whether an object key (a string) starts at r.pos, after white
// space.
func (r *reader) atKey() bool {
	r.skipWS()
	return r.pos < len(r.src) && r.src[r.pos] == '"'
}

// expectEnd checks that only whitespace follows the root value.
func (r *reader) expectEnd() error {
	r.skipWS()
	if r.pos != len(r.src) {
		return r.fail("unexpected data after the JSON value")
	}
	return nil
}

// literal consumes one of true/false/null.
func (r *reader) literal(word string) error {
	if len(r.src)-r.pos < len(word) || string(r.src[r.pos:r.pos+len(word)]) != word {
		return r.unexpected()
	}
	r.pos += len(word)
	if r.pos < len(r.src) && isIdentByte(r.src[r.pos]) {
		return r.unexpected()
	}
	return nil
}

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// scanNumber validates a JSON number starting at r.pos and returns its span.
func (r *reader) scanNumber() (int, int, error) {
	start := r.pos
	s := r.src
	i := r.pos
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			r.pos = i
			return 0, 0, r.fail("leading zeros are not allowed in numbers")
		}
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		r.pos = i
		return 0, 0, r.unexpected()
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			r.pos = i
			return 0, 0, r.fail("digit expected after decimal point")
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			r.pos = i
			return 0, 0, r.fail("digit expected in exponent")
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && (isIdentByte(s[i]) || s[i] == '.') {
		r.pos = i
		return 0, 0, r.unexpected()
	}
	r.pos = i
	return start, i, nil
}

// scanString validates a JSON string whose opening quote is at r.pos. It
// returns the span of the raw content (without quotes) and whether the content
// contains escapes. r.pos ends after the closing quote.
func (r *reader) scanString() (int, int, bool, error) {
	s := r.src
	i := r.pos + 1
	start := i
	escaped := false
	ascii := true
	for {
		if i >= len(s) {
			r.pos = i
			return 0, 0, false, r.fail("unterminated string")
		}
		c := s[i]
		switch {
		case c == '"':
			if !ascii && !utf8.Valid(s[start:i]) {
				r.pos = start
				return 0, 0, false, r.fail("invalid UTF-8 in string")
			}
			r.pos = i + 1
			return start, i, escaped, nil
		case c == '\\':
			escaped = true
			if i+1 >= len(s) {
				r.pos = i
				return 0, 0, false, r.fail("unterminated string")
			}
			switch e := s[i+1]; {
			case unescaped[e] != 0:
				i += 2
			case e == 'u':
				if i+6 > len(s) {
					r.pos = i
					return 0, 0, false, r.fail("bad \\u escape")
				}
				for _, h := range s[i+2 : i+6] {
					if hexVal(h) < 0 {
						r.pos = i
						return 0, 0, false, r.fail("bad \\u escape")
					}
				}
				i += 6
			default:
				r.pos = i
				return 0, 0, false, r.fail("invalid escape character in string")
			}
		case c < 0x20:
			r.pos = i
			return 0, 0, false, r.fail("control character in string")
		default:
			if c >= 0x80 {
				ascii = false
			}
			i++
		}
	}
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// appendUnescaped appends the decoded form of already-validated raw string
// content to dst. Unpaired surrogates decode to U+FFFD.
func appendUnescaped(dst, raw []byte) []byte {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			dst = append(dst, c)
			i++
			continue
		}
		if b := unescaped[raw[i+1]]; b != 0 {
			dst = append(dst, b)
			i += 2
			continue
		}
		if raw[i+1] == 'u' {
			cp := hex4(raw[i+2 : i+6])
			i += 6
			if cp >= 0xD800 && cp < 0xDC00 && i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
				lo := hex4(raw[i+2 : i+6])
				if lo >= 0xDC00 && lo < 0xE000 {
					cp = 0x10000 + (cp-0xD800)<<10 + (lo - 0xDC00)
					i += 6
				}
			}
			dst = utf8.AppendRune(dst, rune(cp))
			continue
		}
		i += 2
	}
	return dst
}

// unescaped maps the byte after a backslash to the byte the escape stands
// for, for every JSON escape but \u; it is zero for the others.
var unescaped = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

func hex4(b []byte) int {
	return hexVal(b[0])<<12 | hexVal(b[1])<<8 | hexVal(b[2])<<4 | hexVal(b[3])
}

// parseTree parses a complete JSON document into a tree.
func parseTree(src []byte) (*jval, error) {
	r := &reader{src: src}
	r.skipWS()
	v, err := r.value(0)
	if err != nil {
		return nil, err
	}
	if err := r.expectEnd(); err != nil {
		return nil, err
	}
	return v, nil
}

func (r *reader) str() (string, error) {
	a, b, esc, err := r.scanString()
	if err != nil {
		return "", err
	}
	if !esc {
		return string(r.src[a:b]), nil
	}
	return string(appendUnescaped(make([]byte, 0, b-a), r.src[a:b])), nil
}

func (r *reader) value(depth int) (*jval, error) {
	if r.pos >= len(r.src) {
		return nil, r.unexpected()
	}
	switch c := r.src[r.pos]; {
	case c == '{':
		v := &jval{kind: jObject}
		empty, err := r.open(depth, '}')
		if err != nil {
			return nil, err
		}
		for more := !empty; more; {
			if !r.atKey() {
				return nil, r.unexpected()
			}
			var m jmember
			if m.key, err = r.str(); err != nil {
				return nil, err
			}
			if err = r.colon(); err != nil {
				return nil, err
			}
			if m.val, err = r.value(depth + 1); err != nil {
				return nil, err
			}
			v.members = append(v.members, m)
			if more, err = r.next('}'); err != nil {
				return nil, err
			}
		}
		return v, nil
	case c == '[':
		v := &jval{kind: jArray}
		empty, err := r.open(depth, ']')
		if err != nil {
			return nil, err
		}
		for more := !empty; more; {
			r.skipWS()
			var child *jval
			if child, err = r.value(depth + 1); err != nil {
				return nil, err
			}
			v.items = append(v.items, child)
			if more, err = r.next(']'); err != nil {
				return nil, err
			}
		}
		return v, nil
	case c == '"':
		s, err := r.str()
		if err != nil {
			return nil, err
		}
		return &jval{kind: jString, str: s}, nil
	case c == 't':
		return &jval{kind: jTrue, str: "true"}, r.literal("true")
	case c == 'f':
		return &jval{kind: jFalse, str: "false"}, r.literal("false")
	case c == 'n':
		return &jval{kind: jNull, str: "null"}, r.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		a, b, err := r.scanNumber()
		if err != nil {
			return nil, err
		}
		return &jval{kind: jNumber, str: string(r.src[a:b])}, nil
	default:
		return nil, r.unexpected()
	}
}

// appendJSON writes v as compact JSON, keeping key order, duplicate keys and
// number literals exactly as parsed.
func appendJSON(dst []byte, v *jval) []byte {
	switch v.kind {
	case jNull, jTrue, jFalse, jNumber:
		return append(dst, v.str...)
	case jString:
		return appendQuoted(dst, v.str)
	case jArray:
		dst = append(dst, '[')
		for i, it := range v.items {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSON(dst, it)
		}
		return append(dst, ']')
	default:
		dst = append(dst, '{')
		for i, m := range v.members {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendQuoted(dst, m.key)
			dst = append(dst, ':')
			dst = appendJSON(dst, m.val)
		}
		return append(dst, '}')
	}
}

func jsonText(v *jval) string { return string(appendJSON(nil, v)) }

// appendQuoted writes s as a JSON string literal.
func appendQuoted(dst []byte, s string) []byte {
	const hexdigits = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x80 {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, `\ufffd`...)
			} else if r == '\u2028' || r == '\u2029' {
				dst = append(dst, `\u202`...)
				dst = append(dst, hexdigits[r&0xf])
			} else {
				dst = append(dst, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			if c < 0x20 {
				dst = append(dst, '\\', 'u', '0', '0', hexdigits[c>>4], hexdigits[c&0xf])
			} else {
				dst = append(dst, c)
			}
		}
		i++
	}
	return append(dst, '"')
}

func quote(s string) string { return string(appendQuoted(nil, s)) }

// quoteList renders strings as a JSON array, for messages.
func quoteList(ss []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(quote(s))
	}
	b.WriteByte(']')
	return b.String()
}
