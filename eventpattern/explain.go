package eventpattern

import (
	"slices"
	"sort"
	"strings"
)

// Explain matches like MatchEvent and, when the event does not match, says
// why: the reason names the first field, in pattern order, that rules the
// event out, for example
//
//	detail.eventName: value "ListBuckets" not in ["PutBucketPolicy"]
//	detail.errorCode: exists:false but field present (value "AccessDenied")
//
// When every "$or" alternative fails for a different reason, each is listed.
// For a match the reason is "matched". Explain allocates; use MatchEvent on
// hot paths.
func (p *Pattern) Explain(e *Event) (matched bool, reason string) {
	if p.MatchEvent(e) {
		return true, "matched"
	}
	reasons := make([]string, 0, len(p.branches))
	for i := range p.branches {
		r := p.branches[i].explain(e)
		if !slices.Contains(reasons, r) {
			reasons = append(reasons, r)
		}
	}
	if len(reasons) == 1 {
		return false, reasons[0]
	}
	return false, "no $or alternative matched: " + strings.Join(reasons, "; ")
}

func (b *branch) explain(e *Event) string {
	fields := slices.Clone(b.fields)
	slices.SortStableFunc(fields, func(x, y *fieldSpec) int { return x.order - y.order })
	var inArrays []string
	for _, f := range fields {
		leaves := e.lookup(f.path)
		ok := false
		inArray := false
		for k := range leaves {
			if leaves[k].memLen > 0 {
				inArray = true
			}
			if !ok && f.matchLeaf(e, &leaves[k]) {
				ok = true
			}
		}
		if f.absent && (len(leaves) == 0 || inArray) {
			ok = true
		}
		if !ok {
			return f.path + ": " + f.reason(e, leaves)
		}
		if inArray {
			inArrays = append(inArrays, f.path)
		}
	}
	return strings.Join(inArrays, ", ") + ": the values that match come from different elements of the same array"
}

func (f *fieldSpec) reason(e *Event, leaves []leaf) string {
	if len(leaves) == 0 {
		if e.hasBelow(f.path) {
			return "field holds an object, not a value"
		}
		return "field not present in event"
	}
	vals := make([]string, 0, min(len(leaves), 6))
	for k := range leaves {
		if k == 5 {
			vals = append(vals, "...")
			break
		}
		vals = append(vals, e.describe(&leaves[k]))
	}
	what := "value " + vals[0]
	if len(leaves) > 1 {
		what = "values [" + strings.Join(vals, ",") + "]"
	}
	if len(f.matchers) == 0 && len(f.exact) == 0 {
		return "exists:false but field present (" + what + ")"
	}
	if len(f.matchers) == 0 && !f.absent {
		return what + " not in " + quoteList(f.exact)
	}
	return what + " does not match " + f.src
}

// hasBelow reports whether the event has values under path, i.e. path names
// an object.
func (e *Event) hasBelow(path string) bool {
	prefix := path + "."
	i := sort.Search(len(e.leaves), func(i int) bool { return e.path(&e.leaves[i]) >= prefix })
	return i < len(e.leaves) && strings.HasPrefix(e.path(&e.leaves[i]), prefix)
}

func (e *Event) describe(l *leaf) string {
	switch l.kind {
	case vString:
		return quote(e.val(l))
	case vNumber:
		return e.val(l)
	case vTrue:
		return "true"
	case vFalse:
		return "false"
	default:
		return "null"
	}
}
