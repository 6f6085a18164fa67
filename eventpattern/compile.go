package eventpattern

import (
	"fmt"
	"slices"
	"strings"
)

// maxBranches bounds how many alternatives nested "$or" lists may expand to.
// EventBridge documents no number; this guard keeps compilation bounded.
const maxBranches = 1024

// exactSetThreshold is the number of exact string values from which a field
// looks values up in a map instead of scanning a list.
const exactSetThreshold = 8

// PatternError is the error Compile returns for a pattern EventBridge would
// reject. Reason uses EventBridge's own wording where it has one.
type PatternError struct {
	// Path is the dot-joined field path at which the problem was found, for
	// example "detail.eventName". It is empty for problems with the pattern
	// as a whole, such as malformed JSON.
	Path string
	// Reason says what is wrong.
	Reason string
}

// Error implements the error interface.
func (e *PatternError) Error() string {
	if e.Path == "" {
		return "invalid event pattern: " + e.Reason
	}
	return "invalid event pattern: " + e.Path + ": " + e.Reason
}

func perr(path, reason string) error { return &PatternError{Path: path, Reason: reason} }

type opKind uint8

const (
	opExactString opKind = iota
	opExactNumber
	opExactLiteral
	opExactIP
	opPrefix
	opPrefixFold
	opSuffix
	opSuffixFold
	opEqualsFold
	opWildcard
	opNumeric
	opCIDR
	opExists
	opAnythingBut
	opAnythingButFold
	opAnythingButPrefix
	opAnythingButSuffix
	opAnythingButWildcard
)

// matcher is one compiled value in a field's list.
type matcher struct {
	op      opKind
	str     string // prefix, suffix, fold target, or number literal text
	num     int64  // comparable form of a number value
	numOK   bool
	lit     valueKind // opExactLiteral: vTrue, vFalse or vNull
	strs    []string  // anything-but string values / prefixes / suffixes
	nums    []int64   // anything-but numeric values
	numeric bool      // anything-but list holds numbers
	wc      *wildcard
	wcs     []*wildcard
	lo, hi  int64 // numeric range bounds
	loOpen  bool
	hiOpen  bool
	ip      ipAddr
	rng     ipRange
}

// fieldSpec is the compiled value list of one field path.
type fieldSpec struct {
	path     string
	exact    []string            // exact string values
	exactSet map[string]struct{} // set form of exact, when large
	matchers []matcher           // every other value
	absent   bool                // the list holds {"exists": false}
	src      string              // JSON text of the list, for messages
	order    int                 // position in the pattern document
}

// branch is one alternative of the pattern: all fields must match.
type branch struct {
	fields []*fieldSpec // sorted by path, the order event-ruler visits them
}

// Pattern is a compiled EventBridge event pattern. It is immutable and safe
// for concurrent use.
type Pattern struct {
	src      string
	branches []branch
	fields   []string
}

// String returns the pattern as compact JSON, with keys, duplicate keys and
// number literals as written.
func (p *Pattern) String() string { return p.src }

// Fields returns the sorted, de-duplicated field paths the pattern
// constrains, such as "detail.eventName". Paths inside "$or" alternatives are
// included.
func (p *Pattern) Fields() []string { return slices.Clone(p.fields) }

type rule map[string]*fieldSpec

type compiler struct {
	order int
}

var reservedInOr = map[string]bool{
	"exactly": true, "equals-ignore-case": true, "prefix": true, "suffix": true,
	"anything-but": true, "exists": true, "wildcard": true, "numeric": true, "cidr": true,
	"=": true, "<": true, "<=": true, ">": true, ">=": true,
	"regex": true, "not-wildcard": true, "not-equals-ignore-case": true,
	"date-after": true, "date-on-or-after": true, "date-before": true, "date-on-or-before": true,
	"in-date-range": true, "ip-address-in-range": true, "ip-address-not-in-range": true,
}

// Compile parses and validates an EventBridge event pattern. Patterns that
// EventBridge rejects yield a *PatternError naming the field path and the
// reason.
func Compile(pattern []byte) (*Pattern, error) {
	root, err := parseTree(pattern)
	if err != nil {
		return nil, perr("", err.Error())
	}
	if root.kind != jObject {
		return nil, perr("", "Filter is not an object")
	}
	c := &compiler{}
	var rules []rule
	if err := c.object(&rules, "", root, false); err != nil {
		return nil, err
	}
	p := &Pattern{src: jsonText(root)}
	seen := map[string]bool{}
	for _, r := range rules {
		b := branch{fields: make([]*fieldSpec, 0, len(r))}
		for _, f := range r {
			b.fields = append(b.fields, f)
			if !seen[f.path] {
				seen[f.path] = true
				p.fields = append(p.fields, f.path)
			}
		}
		slices.SortFunc(b.fields, func(x, y *fieldSpec) int { return strings.Compare(x.path, y.path) })
		p.branches = append(p.branches, b)
	}
	slices.Sort(p.fields)
	if err := p.checkComplexity(); err != nil {
		return nil, err
	}
	return p, nil
}

func joinPath(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// object compiles the members of a pattern object into rules, the way
// event-ruler's JsonRuleCompiler does: fields are ANDed into every current
// rule, and "$or" multiplies the rules.
func (c *compiler) object(rules *[]rule, prefix string, obj *jval, inOr bool) error {
	if len(obj.members) == 0 {
		return perr(prefix, "Empty objects are not allowed")
	}
	for _, m := range obj.members {
		if m.key == "$or" {
			if err := c.or(rules, prefix, m.val); err != nil {
				return err
			}
			continue
		}
		name := joinPath(prefix, m.key)
		if inOr && reservedInOr[m.key] {
			return perr(name, m.key+" is Ruler reserved fieldName which cannot be used inside $or.")
		}
		switch m.val.kind {
		case jObject:
			if err := c.object(rules, name, m.val, inOr); err != nil {
				return err
			}
		case jArray:
			spec, err := c.field(name, m.val)
			if err != nil {
				return err
			}
			if len(*rules) == 0 {
				*rules = append(*rules, rule{})
			}
			for _, r := range *rules {
				r[name] = spec // a repeated path replaces the earlier one
			}
		default:
			return perr(name, "\""+m.key+"\" must be an object or an array")
		}
	}
	return nil
}

func (c *compiler) or(rules *[]rule, prefix string, v *jval) error {
	at := joinPath(prefix, "$or")
	if v.kind != jArray {
		return perr(at, "It must be an Array followed with $or.")
	}
	current := *rules
	var out []rule
	for _, item := range v.items {
		if item.kind != jObject {
			return perr(at, "Only JSON object is allowed in array of $or relationship.")
		}
		alt := make([]rule, 0, max(1, len(current)))
		for _, r := range current {
			alt = append(alt, cloneRule(r))
		}
		if len(alt) == 0 {
			alt = append(alt, rule{})
		}
		if err := c.object(&alt, prefix, item, true); err != nil {
			return err
		}
		out = append(out, alt...)
		if len(out) > maxBranches {
			return perr(at, fmt.Sprintf("$or expands to more than %d alternatives", maxBranches))
		}
	}
	if len(v.items) < 2 {
		return perr(at, "There must have at least 2 Objects in $or relationship.")
	}
	*rules = out
	return nil
}

func cloneRule(r rule) rule {
	n := make(rule, len(r))
	for k, v := range r {
		n[k] = v
	}
	return n
}

// field compiles a field's value list.
func (c *compiler) field(path string, list *jval) (*fieldSpec, error) {
	if len(list.items) == 0 {
		return nil, perr(path, "Empty arrays are not allowed")
	}
	c.order++
	f := &fieldSpec{path: path, src: jsonText(list), order: c.order}
	for _, it := range list.items {
		switch it.kind {
		case jObject:
			m, absent, err := c.expr(path, it)
			if err != nil {
				return nil, err
			}
			if absent {
				f.absent = true
			} else {
				f.matchers = append(f.matchers, m)
			}
		case jString:
			if a, ok := parseIP(it.str); ok {
				f.matchers = append(f.matchers, matcher{op: opExactIP, ip: a, str: it.str})
			} else if !slices.Contains(f.exact, it.str) {
				f.exact = append(f.exact, it.str)
			}
		case jNumber:
			n, st := comparableNumber(it.str)
			f.matchers = append(f.matchers, matcher{op: opExactNumber, str: it.str, num: n, numOK: st == numOK})
		case jTrue:
			f.matchers = append(f.matchers, matcher{op: opExactLiteral, lit: vTrue})
		case jFalse:
			f.matchers = append(f.matchers, matcher{op: opExactLiteral, lit: vFalse})
		case jNull:
			f.matchers = append(f.matchers, matcher{op: opExactLiteral, lit: vNull})
		default:
			return nil, perr(path, "Match value must be String, number, true, false, or null")
		}
	}
	if len(f.exact) >= exactSetThreshold {
		f.exactSet = make(map[string]struct{}, len(f.exact))
		for _, s := range f.exact {
			f.exactSet[s] = struct{}{}
		}
	}
	return f, nil
}

const errOneKey = "Only one key allowed in match expression"
const errTooMany = "Too many elements in numeric expression"

// expr compiles one {"operator": operand} object.
func (c *compiler) expr(path string, obj *jval) (m matcher, absent bool, err error) {
	if len(obj.members) == 0 {
		return m, false, perr(path, "Match expression name not found")
	}
	op, v := obj.members[0].key, obj.members[0].val
	extra := len(obj.members) > 1
	fail := func(reason string) (matcher, bool, error) { return matcher{}, false, perr(path, reason) }
	switch op {
	case "exactly":
		if v.kind != jString {
			return fail("exact match pattern must be a string")
		}
		if extra {
			return fail(errOneKey)
		}
		return matcher{op: opExactString, str: v.str}, false, nil
	case "prefix", "suffix":
		fold := false
		text := ""
		switch v.kind {
		case jString:
			text = v.str
		case jObject:
			name := "Prefix"
			if op == "suffix" {
				name = "Suffix"
			}
			if len(v.members) == 0 {
				return fail(name + " expression name not found")
			}
			if v.members[0].key != "equals-ignore-case" {
				return fail("Unsupported " + op + " pattern: " + v.members[0].key)
			}
			if v.members[0].val.kind != jString {
				return fail("equals-ignore-case match pattern must be a string")
			}
			if len(v.members) > 1 {
				return fail(errOneKey)
			}
			fold, text = true, v.members[0].val.str
		default:
			return fail(op + " match pattern must be a string")
		}
		if extra {
			return fail(errOneKey)
		}
		k := opPrefix
		switch {
		case op == "prefix" && fold:
			k = opPrefixFold
		case op == "suffix" && !fold:
			k = opSuffix
		case op == "suffix" && fold:
			k = opSuffixFold
		}
		return matcher{op: k, str: text}, false, nil
	case "equals-ignore-case":
		if v.kind != jString {
			return fail("equals-ignore-case match pattern must be a string")
		}
		if extra {
			return fail(errOneKey)
		}
		return matcher{op: opEqualsFold, str: v.str}, false, nil
	case "wildcard":
		if v.kind != jString {
			return fail("wildcard match pattern must be a string")
		}
		w, msg := parseWildcard(v.str)
		if msg != "" {
			return fail(msg)
		}
		if extra {
			return fail(errOneKey)
		}
		return matcher{op: opWildcard, wc: w, str: v.str}, false, nil
	case "exists":
		if v.kind != jTrue && v.kind != jFalse {
			return fail("exists match pattern must be either true or false.")
		}
		if extra {
			return fail(errOneKey)
		}
		if v.kind == jFalse {
			return matcher{}, true, nil
		}
		return matcher{op: opExists}, false, nil
	case "cidr":
		if v.kind != jString {
			return fail("prefix match pattern must be a string")
		}
		r, msg := parseCIDR(v.str)
		if msg != "" {
			return fail(msg)
		}
		if extra {
			return fail(errOneKey)
		}
		return matcher{op: opCIDR, rng: r, str: v.str}, false, nil
	case "numeric":
		if v.kind != jArray {
			return fail("Value of numeric must be an array.")
		}
		m, reason := numericRange(v.items)
		if reason != "" {
			return fail(reason)
		}
		if extra {
			return fail(errTooMany)
		}
		return m, false, nil
	case "anything-but":
		m, reason := anythingBut(v)
		if reason != "" {
			return fail(reason)
		}
		if extra {
			return fail(errTooMany)
		}
		return m, false, nil
	default:
		return fail("Unrecognized match type " + op)
	}
}

// tokenText renders a value the way Jackson's getText() shows the token that
// starts it, for messages.
func tokenText(v *jval) string {
	switch v.kind {
	case jObject:
		return "{"
	case jArray:
		return "["
	default:
		return v.str
	}
}

func numericRange(items []*jval) (matcher, string) {
	m := matcher{op: opNumeric, lo: -numLimit, hi: numLimit}
	if len(items) == 0 {
		return m, "Invalid member in numeric match: ]"
	}
	if items[0].kind != jString {
		return m, "Invalid member in numeric match: " + tokenText(items[0])
	}
	op := items[0].str
	isNum := len(items) > 1 && items[1].kind == jNumber
	conv := func(v *jval) (int64, string) {
		n, st := comparableNumber(v.str)
		if st != numOK {
			return 0, st.message()
		}
		return n, ""
	}
	switch op {
	case "=", "<", "<=":
		if !isNum {
			if op == "=" {
				return m, "Value of equals must be numeric"
			}
			return m, "Value of " + op + " must be numeric"
		}
		if len(items) > 2 {
			return m, errTooMany
		}
		n, msg := conv(items[1])
		if msg != "" {
			return m, msg
		}
		switch op {
		case "=":
			m.lo, m.hi = n, n
		case "<":
			m.hi, m.hiOpen = n, true
		default:
			m.hi = n
		}
		return m, ""
	case ">", ">=":
		if !isNum {
			return m, "Value of " + op + " must be numeric"
		}
		m.loOpen = op == ">"
		if len(items) == 2 {
			n, msg := conv(items[1])
			if msg != "" {
				return m, msg
			}
			m.lo = n
			return m, ""
		}
		if items[2].kind != jString {
			return m, "Bad value in numeric range: " + tokenText(items[2])
		}
		op2 := items[2].str
		if op2 != "<" && op2 != "<=" {
			return m, "Bad numeric range operator: " + op2
		}
		if len(items) < 4 || items[3].kind != jNumber {
			return m, "Value of " + op2 + " must be numeric"
		}
		if len(items) > 4 {
			return m, "Too many terms in numeric range expression"
		}
		lo, msg := conv(items[1])
		if msg != "" {
			return m, msg
		}
		hi, msg := conv(items[3])
		if msg != "" {
			return m, msg
		}
		if lo >= hi {
			return m, "Bottom must be less than top"
		}
		m.lo, m.hi, m.hiOpen = lo, hi, op2 == "<"
		return m, ""
	default:
		return m, "Unrecognized numeric range operator: " + op
	}
}

func anythingBut(v *jval) (matcher, string) {
	const errValue = "Value of anything-but must be an array or single string/number value."
	kind := opAnythingBut
	if v.kind == jObject {
		if len(v.members) == 0 {
			return matcher{}, "Anything-But expression name not found"
		}
		switch v.members[0].key {
		case "equals-ignore-case":
			kind = opAnythingButFold
		case "prefix":
			kind = opAnythingButPrefix
		case "suffix":
			kind = opAnythingButSuffix
		case "wildcard":
			kind = opAnythingButWildcard
		default:
			return matcher{}, "Unsupported anything-but pattern: " + v.members[0].key
		}
		extra := len(v.members) > 1
		m, reason := anythingButOperand(kind, v.members[0].val)
		if reason == "" && extra {
			reason = errTooMany
		}
		return m, reason
	}
	if v.kind != jArray && v.kind != jString && v.kind != jNumber {
		return matcher{}, errValue
	}
	return anythingButOperand(kind, v)
}

func anythingButOperand(kind opKind, v *jval) (matcher, string) {
	m := matcher{op: kind}
	if v.kind != jArray && v.kind != jString && v.kind != jNumber {
		return m, "Value of anything-but must be an array or single string/number value."
	}
	values := []*jval{v}
	if v.kind == jArray {
		values = v.items
	}
	if kind == opAnythingBut {
		hasNum, hasStr := false, false
		for _, it := range values {
			switch it.kind {
			case jString:
				hasStr = true
				if !slices.Contains(m.strs, it.str) {
					m.strs = append(m.strs, it.str)
				}
			case jNumber:
				hasNum = true
				n, st := comparableNumber(it.str)
				if st != numOK {
					return m, st.message()
				}
				if !slices.Contains(m.nums, n) {
					m.nums = append(m.nums, n)
				}
			default:
				return m, "Inside anything but list, start|null|boolean is not supported."
			}
		}
		if hasNum == hasStr {
			return m, "Inside anything but list, either all values are number or string, mixed type is not supported"
		}
		m.numeric = hasNum
		return m, ""
	}
	if len(values) == 0 {
		return m, "Empty arrays are not allowed"
	}
	for _, it := range values {
		if it.kind != jString {
			switch kind {
			case opAnythingButFold:
				return m, "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."
			case opAnythingButWildcard:
				return m, "wildcard match pattern must be a string"
			default:
				return m, "prefix/suffix match pattern must be a string"
			}
		}
		switch kind {
		case opAnythingButPrefix, opAnythingButSuffix:
			if it.str == "" {
				return m, "Null prefix/suffix not allowed"
			}
		case opAnythingButWildcard:
			w, msg := parseWildcard(it.str)
			if msg != "" {
				return m, msg
			}
			if !slices.Contains(m.strs, it.str) {
				m.wcs = append(m.wcs, w)
			}
		}
		if !slices.Contains(m.strs, it.str) {
			m.strs = append(m.strs, it.str)
		}
	}
	return m, ""
}

// checkComplexity applies EventBridge's wildcard complexity limit to every
// field that carries wildcard patterns. Fields are grouped by path across all
// "$or" alternatives, which may overestimate slightly where event-ruler keeps
// separate machines for the same path.
func (p *Pattern) checkComplexity() error {
	byPath := map[string][][]int16{}
	seenSpec := map[*fieldSpec]bool{}
	seenPat := map[string]bool{}
	var paths []string
	for _, b := range p.branches {
		for _, f := range b.fields {
			if seenSpec[f] {
				continue
			}
			seenSpec[f] = true
			for i := range f.matchers {
				m := &f.matchers[i]
				// Only "wildcard" counts: event-ruler's evaluator weighs
				// WILDCARD patterns, not anything-but wildcards.
				if m.op != opWildcard {
					continue
				}
				key := f.path + "\x00" + m.str
				if seenPat[key] {
					continue
				}
				seenPat[key] = true
				if _, ok := byPath[f.path]; !ok {
					paths = append(paths, f.path)
				}
				byPath[f.path] = append(byPath[f.path], m.wc.tokens)
			}
		}
	}
	for _, path := range paths {
		if wildcardComplexity(byPath[path]) > maxWildcardComplexity {
			return perr(path, errTooComplex)
		}
	}
	return nil
}
