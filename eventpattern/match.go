package eventpattern

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

type valueKind uint8

const (
	vString valueKind = iota
	vNumber
	vTrue
	vFalse
	vNull
)

// arrayPos records that a value sits at element idx of array arr.
type arrayPos struct {
	arr, idx int32
}

// leaf is one scalar value of the event with its dot-joined path. Strings
// live in Event.src or Event.arena, addressed by offsets.
type leaf struct {
	pathOff, pathLen uint32
	valOff, valLen   uint32
	memOff, memLen   uint32 // enclosing arrays, outermost first, in Event.mem
	num              int64
	ipIdx            int32 // index into Event.ips, or -1
	kind             valueKind
	valInArena       bool
	numOK            bool
}

type span struct{ start, end int32 }

// Event is a parsed, flattened event ready for repeated matching. Build one
// with ParseEvent; it is immutable and safe for concurrent use.
//
// As in EventBridge, an event is seen as a list of (path, value) pairs: nested
// object keys are joined with dots, arrays contribute one pair per element,
// and empty objects and arrays contribute nothing.
type Event struct {
	src    string
	arena  string
	leaves []leaf // sorted by path
	index  map[string]span
	mem    []arrayPos
	ips    []ipAddr
}

func (e *Event) path(l *leaf) string { return e.arena[l.pathOff : l.pathOff+l.pathLen] }

func (e *Event) val(l *leaf) string {
	if l.valInArena {
		return e.arena[l.valOff : l.valOff+l.valLen]
	}
	return e.src[l.valOff : l.valOff+l.valLen]
}

func (e *Event) chain(l *leaf) []arrayPos { return e.mem[l.memOff : l.memOff+l.memLen] }

// lookup returns the leaves at path.
func (e *Event) lookup(path string) []leaf {
	sp, ok := e.index[path]
	if !ok {
		return nil
	}
	return e.leaves[sp.start:sp.end]
}

var errNotObject = errors.New("invalid event: not a JSON object")

// ParseEvent parses an event (a JSON object) into its matchable form. It
// rejects malformed JSON the way EventBridge's parser does.
func ParseEvent(event []byte) (*Event, error) {
	e, err := parseEvent(event)
	if err != nil && err != errNotObject {
		return nil, fmt.Errorf("invalid event: %w", err)
	}
	return e, err
}

func parseEvent(event []byte) (*Event, error) {
	f := flattener{reader: reader{src: event}, text: string(event)}
	// Rough pre-sizing: CloudTrail-style JSON has a value every ~30 bytes.
	f.leaves = make([]leaf, 0, len(event)/24+4)
	f.arena = make([]byte, 0, len(event)/2+16)
	f.skipWS()
	if f.pos >= len(f.src) || f.src[f.pos] != '{' {
		if _, err := parseTree(event); err != nil {
			return nil, err
		}
		return nil, errNotObject
	}
	if err := f.value(0); err != nil {
		return nil, err
	}
	if err := f.expectEnd(); err != nil {
		return nil, err
	}
	return f.finish(), nil
}

type flattener struct {
	reader
	text        string // the whole input, once, as a string
	path        []byte // current dot-joined path
	arena       []byte
	leaves      []leaf
	chain       []arrayPos
	chainGen    int // bumped whenever chain changes
	lastGen     int
	lastMemOff  uint32
	lastMemLen  uint32
	lastPath    []byte
	lastPathOff uint32
	mem         []arrayPos
	arrays      int32
	ips         []ipAddr
}

func (f *flattener) value(depth int) error {
	if f.pos >= len(f.src) {
		return f.unexpected()
	}
	switch c := f.src[f.pos]; {
	case c == '{':
		empty, err := f.open(depth, '}')
		if err != nil {
			return err
		}
		base := len(f.path)
		for more := !empty; more; {
			if !f.atKey() {
				return f.unexpected()
			}
			a, b, esc, err := f.scanString()
			if err != nil {
				return err
			}
			f.path = f.path[:base]
			if base > 0 {
				f.path = append(f.path, '.')
			}
			if esc {
				f.path = appendUnescaped(f.path, f.src[a:b])
			} else {
				f.path = append(f.path, f.src[a:b]...)
			}
			if err := f.colon(); err != nil {
				return err
			}
			if err := f.value(depth + 1); err != nil {
				return err
			}
			if more, err = f.next('}'); err != nil {
				return err
			}
		}
		f.path = f.path[:base]
		return nil
	case c == '[':
		empty, err := f.open(depth, ']')
		if err != nil || empty {
			return err
		}
		f.chain = append(f.chain, arrayPos{arr: f.arrays})
		f.arrays++
		top := len(f.chain) - 1
		for idx, more := int32(0), true; more; idx++ {
			f.chain[top].idx = idx
			f.chainGen++
			f.skipWS()
			if err := f.value(depth + 1); err != nil {
				return err
			}
			if more, err = f.next(']'); err != nil {
				return err
			}
		}
		f.chain = f.chain[:top]
		f.chainGen++
		return nil
	case c == '"':
		a, b, esc, err := f.scanString()
		if err != nil {
			return err
		}
		l := f.newLeaf(vString)
		if esc {
			l.valInArena = true
			l.valOff = uint32(len(f.arena))
			f.arena = appendUnescaped(f.arena, f.src[a:b])
			l.valLen = uint32(len(f.arena)) - l.valOff
		} else {
			l.valOff, l.valLen = uint32(a), uint32(b-a)
		}
		var candidate string
		if l.valInArena {
			if raw := f.arena[l.valOff:]; quickIPCandidate(raw) {
				candidate = string(raw)
			}
		} else if raw := f.text[a:b]; quickIPCandidate(raw) {
			candidate = raw
		}
		if candidate != "" {
			if ip, ok := parseIP(candidate); ok {
				l.ipIdx = int32(len(f.ips))
				f.ips = append(f.ips, ip)
			}
		}
		return nil
	case c == 't':
		return f.keyword("true", vTrue)
	case c == 'f':
		return f.keyword("false", vFalse)
	case c == 'n':
		return f.keyword("null", vNull)
	case c == '-' || c >= '0' && c <= '9':
		a, b, err := f.scanNumber()
		if err != nil {
			return err
		}
		l := f.newLeaf(vNumber)
		l.valOff, l.valLen = uint32(a), uint32(b-a)
		n, st := comparableNumber(f.text[a:b])
		l.num, l.numOK = n, st == numOK
		return nil
	default:
		return f.unexpected()
	}
}

// keyword reads the literal word (true, false or null) and appends its leaf
// of kind k.
func (f *flattener) keyword(word string, k valueKind) error {
	if err := f.literal(word); err != nil {
		return err
	}
	f.newLeaf(k)
	return nil
}

// newLeaf appends a leaf at the current path and array position.
func (f *flattener) newLeaf(k valueKind) *leaf {
	l := leaf{kind: k, ipIdx: -1}
	if f.lastPath != nil && string(f.lastPath) == string(f.path) {
		l.pathOff = f.lastPathOff
	} else {
		l.pathOff = uint32(len(f.arena))
		f.arena = append(f.arena, f.path...)
		f.lastPath = append(f.lastPath[:0], f.path...)
		f.lastPathOff = l.pathOff
	}
	l.pathLen = uint32(len(f.path))
	if len(f.chain) > 0 {
		if f.lastGen != f.chainGen || f.lastMemLen == 0 {
			f.lastMemOff = uint32(len(f.mem))
			f.mem = append(f.mem, f.chain...)
			f.lastMemLen = uint32(len(f.chain))
			f.lastGen = f.chainGen
		}
		l.memOff, l.memLen = f.lastMemOff, f.lastMemLen
	}
	f.leaves = append(f.leaves, l)
	return &f.leaves[len(f.leaves)-1]
}

func (f *flattener) finish() *Event {
	e := &Event{
		src:    f.text,
		arena:  string(f.arena),
		leaves: f.leaves,
		mem:    f.mem,
		ips:    f.ips,
	}
	cmp := func(a, b leaf) int { return strings.Compare(e.path(&a), e.path(&b)) }
	if !slices.IsSortedFunc(e.leaves, cmp) {
		slices.SortFunc(e.leaves, cmp)
	}
	e.index = make(map[string]span, len(e.leaves))
	for i := 0; i < len(e.leaves); {
		p := e.path(&e.leaves[i])
		j := i + 1
		for j < len(e.leaves) && e.path(&e.leaves[j]) == p {
			j++
		}
		e.index[p] = span{int32(i), int32(j)}
		i = j
	}
	return e
}

// Match reports whether the event, given as JSON, matches the pattern. The
// error is non-nil only when the event is not a valid JSON object.
func (p *Pattern) Match(event []byte) (bool, error) {
	e, err := ParseEvent(event)
	if err != nil {
		return false, err
	}
	return p.MatchEvent(e), nil
}

// MatchEvent reports whether a parsed event matches the pattern. It does not
// allocate (unless more than 16 fields of one alternative match inside
// arrays).
func (p *Pattern) MatchEvent(e *Event) bool {
	for i := range p.branches {
		var st acState
		if p.branches[i].match(e, 0, &st) {
			return true
		}
	}
	return false
}

// acState holds the leaves chosen so far that sit inside arrays, for
// event-ruler's array-consistency rule: two matched values must not come from
// different elements of the same array.
type acState struct {
	buf      [16]*leaf
	n        int
	extra    []*leaf // chosen leaves beyond len(buf)
	feasible bool    // remaining fields were checked one by one
}

func (st *acState) push(l *leaf) {
	if st.n < len(st.buf) {
		st.buf[st.n] = l
	} else {
		st.extra = append(st.extra, l)
	}
	st.n++
}

func (st *acState) pop() {
	st.n--
	if st.n >= len(st.buf) {
		st.extra = st.extra[:len(st.extra)-1]
	}
}

// consistent reports whether l can be matched together with the chosen leaves.
func (st *acState) consistent(e *Event, l *leaf) bool {
	if l.memLen == 0 {
		return true
	}
	c := e.chain(l)
	for _, x := range st.buf[:min(st.n, len(st.buf))] {
		if !chainsConsistent(e.chain(x), c) {
			return false
		}
	}
	for _, x := range st.extra {
		if !chainsConsistent(e.chain(x), c) {
			return false
		}
	}
	return true
}

// chainsConsistent compares two enclosing-array chains. Arrays nest, so the
// chains agree on array ids up to where the values' ancestries part.
func chainsConsistent(a, b []arrayPos) bool {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i].arr != b[i].arr {
			return true
		}
		if a[i].idx != b[i].idx {
			return false
		}
	}
	return true
}

// match tries fields[i:] in path order, backtracking over which array element
// supplies each value.
func (b *branch) match(e *Event, i int, st *acState) bool {
	if i == len(b.fields) {
		return true
	}
	f := b.fields[i]
	leaves := e.lookup(f.path)
	if f.absent {
		absent := true
		for k := range leaves {
			if st.consistent(e, &leaves[k]) {
				absent = false
				break
			}
		}
		if absent && b.match(e, i+1, st) {
			return true
		}
	}
	for k := range leaves {
		l := &leaves[k]
		if !f.matchLeaf(e, l) {
			continue
		}
		if l.memLen == 0 {
			// A value outside arrays constrains nothing further; if the rest
			// fails with it, it fails with any other choice too.
			return b.match(e, i+1, st)
		}
		if !st.consistent(e, l) {
			continue
		}
		if !st.feasible {
			// Backtracking over array elements may start here. Before
			// exploring combinations, make sure each remaining field can
			// match on its own; if one cannot, no combination will.
			st.feasible = true
			if !b.feasibleFrom(e, i+1) {
				return false
			}
		}
		st.push(l)
		if b.match(e, i+1, st) {
			return true
		}
		st.pop()
	}
	return false
}

// feasibleFrom reports whether each of fields[i:] has a matching value when
// array consistency is ignored.
func (b *branch) feasibleFrom(e *Event, i int) bool {
	for _, f := range b.fields[i:] {
		if f.absent {
			continue
		}
		leaves := e.lookup(f.path)
		ok := false
		for k := range leaves {
			if f.matchLeaf(e, &leaves[k]) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// matchLeaf reports whether any value of the field's list matches l.
func (f *fieldSpec) matchLeaf(e *Event, l *leaf) bool {
	if l.kind == vString {
		s := e.val(l)
		if f.exactSet != nil {
			if _, ok := f.exactSet[s]; ok {
				return true
			}
		} else {
			for _, x := range f.exact {
				if x == s {
					return true
				}
			}
		}
	}
	for i := range f.matchers {
		if f.matchers[i].matchLeaf(e, l) {
			return true
		}
	}
	return false
}

func (m *matcher) matchLeaf(e *Event, l *leaf) bool {
	switch m.op {
	case opExists:
		return true
	case opExactLiteral:
		return l.kind == m.lit
	case opExactNumber:
		if l.kind != vNumber {
			return false
		}
		if m.numOK && l.numOK {
			return m.num == l.num
		}
		return e.val(l) == m.str
	case opNumeric:
		if l.kind != vNumber || !l.numOK {
			return false
		}
		n := l.num
		if n < m.lo || m.loOpen && n == m.lo || n > m.hi || m.hiOpen && n == m.hi {
			return false
		}
		return true
	case opAnythingBut:
		if m.numeric {
			if l.kind == vNumber && l.numOK {
				return !slices.Contains(m.nums, l.num)
			}
			return true
		}
		if l.kind == vString {
			return !slices.Contains(m.strs, e.val(l))
		}
		return true
	}
	if l.kind != vString {
		// Every other operator matches strings only, except anything-but,
		// which lets every non-string value through.
		switch m.op {
		case opAnythingButFold, opAnythingButPrefix, opAnythingButSuffix, opAnythingButWildcard:
			return true
		}
		return false
	}
	s := e.val(l)
	switch m.op {
	case opExactString:
		return s == m.str
	case opExactIP:
		return l.ipIdx >= 0 && e.ips[l.ipIdx] == m.ip
	case opPrefix:
		return strings.HasPrefix(s, m.str)
	case opSuffix:
		return strings.HasSuffix(s, m.str)
	case opPrefixFold:
		return hasPrefixFold(s, m.str)
	case opSuffixFold:
		return hasSuffixFold(s, m.str)
	case opEqualsFold:
		return equalFold(s, m.str)
	case opWildcard:
		return m.wc.match(s)
	case opCIDR:
		return l.ipIdx >= 0 && m.rng.contains(&e.ips[l.ipIdx])
	case opAnythingButFold:
		for _, x := range m.strs {
			if equalFold(s, x) {
				return false
			}
		}
		return true
	case opAnythingButPrefix:
		for _, x := range m.strs {
			if strings.HasPrefix(s, x) {
				return false
			}
		}
		return true
	case opAnythingButSuffix:
		for _, x := range m.strs {
			if strings.HasSuffix(s, x) {
				return false
			}
		}
		return true
	case opAnythingButWildcard:
		for _, w := range m.wcs {
			if w.match(s) {
				return false
			}
		}
		return true
	}
	return false
}

// foldRune reports whether event character c matches pattern character p
// ignoring case: c must be p or p's lower- or upper-case form, as in
// event-ruler's case-insensitive byte machine.
func foldRune(c, p rune) bool {
	if c == p {
		return true
	}
	if c < utf8.RuneSelf && p < utf8.RuneSelf {
		if 'A' <= p && p <= 'Z' {
			return c == p+'a'-'A'
		}
		if 'a' <= p && p <= 'z' {
			return c == p-('a'-'A')
		}
		return false
	}
	return c == unicode.ToLower(p) || c == unicode.ToUpper(p)
}

// cutPrefixFold returns s without prefix and true when s starts with prefix,
// ignoring case (foldRune, character by character); else "" and false.
func cutPrefixFold(s, prefix string) (string, bool) {
	for prefix != "" {
		if s == "" {
			return "", false
		}
		c, n := utf8.DecodeRuneInString(s)
		p, m := utf8.DecodeRuneInString(prefix)
		if !foldRune(c, p) {
			return "", false
		}
		s, prefix = s[n:], prefix[m:]
	}
	return s, true
}

// hasPrefixFold reports whether s starts with prefix, ignoring case.
func hasPrefixFold(s, prefix string) bool {
	_, ok := cutPrefixFold(s, prefix)
	return ok
}

// hasSuffixFold reports whether s ends with suffix, ignoring case.
func hasSuffixFold(s, suffix string) bool {
	for suffix != "" {
		if s == "" {
			return false
		}
		c, n := utf8.DecodeLastRuneInString(s)
		p, m := utf8.DecodeLastRuneInString(suffix)
		if !foldRune(c, p) {
			return false
		}
		s, suffix = s[:len(s)-n], suffix[:len(suffix)-m]
	}
	return true
}

// equalFold reports whether s is t, ignoring case.
func equalFold(s, t string) bool {
	rest, ok := cutPrefixFold(s, t)
	return ok && rest == ""
}
