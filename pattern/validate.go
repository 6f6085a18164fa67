package pattern

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/trailbridge/trailbridge/catalog"
)

// EventBridge quotas on event patterns (EventBridge user guide, quotas).
const (
	// MaxLength is the longest event pattern, in characters of its JSON.
	MaxLength = 4096
	// MaxCombinations is the most "$or" combinations a pattern may expand to.
	MaxCombinations = 1000
)

// operators are the match-object keys EventBridge accepts in a value list.
var operators = []string{"anything-but", "cidr", "equals-ignore-case", "exists", "numeric", "prefix", "suffix", "wildcard"}

// userIdentityTypes are the values CloudTrail writes in userIdentity.type
// (CloudTrail user guide, "CloudTrail userIdentity element").
var userIdentityTypes = []string{
	"AWSAccount", "AWSService", "AssumedRole", "Directory", "FederatedUser", "IAMUser",
	"IdentityCenterUser", "Role", "Root", "SAMLUser", "Unknown", "WebIdentityUser",
}

// Pattern fields holding account IDs and regions.
var (
	accountFields = []string{"account", "detail.recipientAccountId", "detail.userIdentity.accountId"}
	regionFields  = []string{"region", "detail.awsRegion"}
	accountRE     = regexp.MustCompile(`^[0-9]{12}$`)
)

// JSON returns the pattern as compact JSON with object keys sorted and
// without HTML escaping, so equal patterns give equal strings and the length
// is what EventBridge counts.
func JSON(p map[string]any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return "", fmt.Errorf("pattern: cannot encode as JSON: %w", err)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// Combinations returns the number of combinations the pattern's "$or"
// operators expand to, as EventBridge's matching engine (event-ruler) does:
// an object multiplies the counts of its fields, and a "$or" (an array of at
// least two objects) contributes the sum of its branches' counts. So two
// sibling "$or" of 2 and 3 branches give 6, and a "$or" of 2 branches one of
// which holds a nested "$or" of 3 gives 1+3 = 4. A pattern without "$or"
// has 1. Lists of values (["a", "b"]) do not add combinations. The result
// saturates at math.MaxInt32.
func Combinations(p map[string]any) int {
	return combinations(p)
}

func combinations(v any) int {
	m, ok := v.(map[string]any)
	if !ok {
		return 1
	}
	n := 1
	for k, child := range m {
		if k == "$or" {
			if branches, ok := orBranches(child); ok {
				sum := 0
				for _, b := range branches {
					sum = min(sum+combinations(b), math.MaxInt32)
				}
				n = mulSat(n, sum)
				continue
			}
		}
		n = mulSat(n, combinations(child))
	}
	return n
}

func mulSat(a, b int) int {
	if a != 0 && b > math.MaxInt32/a {
		return math.MaxInt32
	}
	return a * b
}

// orBranches returns the branches of a "$or" value that event-ruler treats as
// an OR: an array of at least two objects.
func orBranches(v any) ([]map[string]any, bool) {
	var out []map[string]any
	switch vs := v.(type) {
	case []map[string]any:
		out = vs
	case []any:
		for _, e := range vs {
			m, ok := e.(map[string]any)
			if !ok {
				return nil, false
			}
			out = append(out, m)
		}
	default:
		return nil, false
	}
	return out, len(out) >= 2
}

// Validate checks p against EventBridge's rules and trailbridge's
// expectations and returns every problem found, joined with errors.Join, or
// nil. It reports: JSON longer than MaxLength characters; more than
// MaxCombinations "$or" combinations; malformed structure (empty objects or
// arrays, values that are not arrays, unknown or malformed match operators,
// "$or" that is not an array of at least two objects); a field set both
// inside and outside a "$or" (event-ruler keeps only one of the two);
// detail-type values that are not CloudTrail detail types; empty or padded
// event names; bad CIDR blocks; account IDs that are not 12-digit strings;
// regions that are not commercial AWS regions; unknown userIdentity types.
// Each message names the field, the bad value and what is allowed. Strings
// holding CDK tokens are not checked.
func Validate(p map[string]any) error {
	js, err := JSON(p)
	if err != nil {
		return err
	}
	if len(p) == 0 {
		return errors.New("pattern: empty; allowed: an object with at least one field such as \"detail-type\" (EventBridge rejects empty patterns)")
	}
	var errs []error
	if n := utf8.RuneCountInString(js); n > MaxLength {
		errs = append(errs, fmt.Errorf("pattern: JSON is %d characters long; allowed: at most %d (EventBridge quota)", n, MaxLength))
	}
	if n := Combinations(p); n > MaxCombinations {
		errs = append(errs, fmt.Errorf("pattern: \"$or\" expands to %d combinations; allowed: at most %d (EventBridge quota)", n, MaxCombinations))
	}

	// Work on the JSON form: it has only map[string]any, []any, string,
	// json.Number, bool and nil, whatever Go types the caller used.
	var canon map[string]any
	dec := json.NewDecoder(strings.NewReader(js))
	dec.UseNumber()
	if err := dec.Decode(&canon); err != nil {
		return fmt.Errorf("pattern: cannot decode its own JSON: %w", err)
	}
	v := validator{fields: map[string][]orContext{}}
	v.object("", canon, nil)
	errs = append(errs, v.errs...)
	errs = append(errs, v.conflicts()...)
	return errors.Join(errs...)
}

// orContext says which branch of which "$or" a field sits in.
type orContext []orBranch

type orBranch struct{ or, branch int }

// compatible reports whether two fields can end up in the same expanded
// combination: they do unless they sit in different branches of one "$or".
func (a orContext) compatible(b orContext) bool {
	for _, x := range a {
		for _, y := range b {
			if x.or == y.or && x.branch != y.branch {
				return false
			}
		}
	}
	return true
}

type validator struct {
	errs   []error
	fields map[string][]orContext // leaf field path -> where it is set
	nextOr int
}

func (v *validator) add(format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf(format, args...))
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (v *validator) object(path string, m map[string]any, ctx orContext) {
	if len(m) == 0 {
		v.add("%s: empty object; allowed: an object with at least one field (EventBridge rejects empty objects)", orRoot(path))
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		child := m[k]
		if k == "$or" {
			v.or(path, child, ctx)
			continue
		}
		fp := join(path, k)
		switch c := child.(type) {
		case map[string]any:
			v.object(fp, c, ctx)
		case []any:
			v.fields[fp] = append(v.fields[fp], slices.Clone(ctx))
			v.values(fp, c)
		default:
			v.add("%s: %s is not an array; allowed: an array of match values such as [%s] or an object", fp, show(child), show(child))
		}
	}
}

func (v *validator) or(path string, val any, ctx orContext) {
	p := join(path, "$or")
	arr, ok := val.([]any)
	if !ok || len(arr) < 2 {
		v.add("%s: %s; allowed: an array of at least 2 objects", p, show(val))
		return
	}
	id := v.nextOr
	v.nextOr++
	for i, e := range arr {
		m, ok := e.(map[string]any)
		if !ok {
			v.add("%s[%d]: %s is not an object; allowed: an array of at least 2 objects", p, i, show(e))
			continue
		}
		v.object(path, m, append(slices.Clone(ctx), orBranch{id, i}))
	}
}

// values checks the match list of the leaf field path.
func (v *validator) values(path string, vals []any) {
	if len(vals) == 0 {
		v.add("%s: empty array; allowed: at least one match value (EventBridge rejects empty arrays)", path)
		return
	}
	for _, e := range vals {
		switch x := e.(type) {
		case map[string]any:
			v.operator(path, x)
		case []any:
			v.add("%s: nested array %s; allowed: strings, numbers, true, false, null or match objects", path, show(x))
		case string:
			if !isToken(x) {
				v.literal(path, x)
			}
		case json.Number:
			if slices.Contains(accountFields, path) {
				v.add("%s: account ID %s is a number, and the event's value is a string; allowed: a string of exactly 12 digits", path, x)
			}
		}
	}
}

// literal checks a plain string match value against its field.
func (v *validator) literal(path, s string) {
	switch {
	case path == "detail-type":
		if !catalog.ValidDetailType(s) {
			hint := ""
			if dt := closeDetailType(s); dt != "" {
				hint = fmt.Sprintf("did you mean %q? ", dt)
			}
			v.add("detail-type: %q is not a CloudTrail detail type; %sallowed: %s", s, hint, quoted(catalog.DetailTypes()))
		}
	case path == "detail.eventName":
		if s == "" {
			v.add("detail.eventName: empty event name \"\"; allowed: a CloudTrail event name such as \"PutBucketAcl\"")
		} else if strings.TrimSpace(s) != s {
			v.add("detail.eventName: %q has leading or trailing white space; allowed: the exact event name %q", s, strings.TrimSpace(s))
		}
	case slices.Contains(accountFields, path):
		if !accountRE.MatchString(s) {
			v.add("%s: %q is not an AWS account ID; allowed: a string of exactly 12 digits such as \"111111111111\"", path, s)
		}
	case slices.Contains(regionFields, path):
		if !catalog.ValidRegion(s) {
			v.add("%s: %s", path, regionProblem(s))
		}
	case path == "detail.userIdentity.type":
		if !slices.Contains(userIdentityTypes, s) {
			v.add("detail.userIdentity.type: %q is not a CloudTrail identity type; allowed: %s", s, quoted(userIdentityTypes))
		}
	}
}

// operator checks a match object such as {"prefix": "x"} or {"cidr": "..."}.
func (v *validator) operator(path string, m map[string]any) {
	if len(m) != 1 {
		v.add("%s: match object %s has %d keys; allowed: exactly one of %s", path, show(m), len(m), quoted(operators))
		return
	}
	for op, arg := range m {
		switch op {
		case "cidr":
			s, ok := arg.(string)
			if !ok {
				v.add("%s: cidr %s is not a string; allowed: a CIDR block such as \"10.0.0.0/8\" or \"2001:db8::/32\"", path, show(arg))
				return
			}
			if isToken(s) {
				return
			}
			if _, err := netip.ParsePrefix(s); err != nil || !strings.Contains(s, "/") {
				v.add("%s: cidr %q is not a CIDR block; allowed: an IPv4 or IPv6 block with a mask, such as \"10.0.0.0/8\" or \"2001:db8::/32\"", path, s)
			}
		case "exists":
			if _, ok := arg.(bool); !ok {
				v.add("%s: exists %s is not a boolean; allowed: true or false", path, show(arg))
			}
		case "prefix":
			if s, ok := arg.(string); ok && s == "" && path == "detail.eventName" {
				v.add("detail.eventName: empty prefix \"\" matches every event name; allowed: a non-empty prefix such as \"CreateFunction\"")
			}
		case "anything-but", "equals-ignore-case", "numeric", "suffix", "wildcard":
			// Accepted as written; EventBridge checks their arguments.
		default:
			v.add("%s: unknown match operator %q; allowed: %s", path, op, quoted(operators))
		}
	}
}

// conflicts reports leaf fields set twice within one combination.
func (v *validator) conflicts() []error {
	paths := make([]string, 0, len(v.fields))
	for p := range v.fields {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var errs []error
	for _, p := range paths {
		ctxs := v.fields[p]
	pairs:
		for i := range ctxs {
			for j := i + 1; j < len(ctxs); j++ {
				if !ctxs[i].compatible(ctxs[j]) {
					continue
				}
				if len(ctxs[i]) == 0 && len(ctxs[j]) == 0 {
					errs = append(errs, fmt.Errorf("%s: set twice, as a dotted key and as nested objects (EventBridge joins keys with '.'); allowed: each field once", p))
				} else {
					errs = append(errs, fmt.Errorf("%s: set both inside and outside a \"$or\" (or in two sibling \"$or\"), and EventBridge keeps only one of the two conditions; allowed: each field once per \"$or\" branch", p))
				}
				break pairs
			}
		}
	}
	return errs
}

// regionProblem explains why r is refused.
func regionProblem(r string) string {
	switch part := catalog.Partition(r); part {
	case catalog.PartitionChina, catalog.PartitionGovCloud:
		return fmt.Sprintf("%q is in the %s partition; allowed: a commercial (aws partition) region, trailbridge does not support GovCloud or China", r, part)
	}
	msg := fmt.Sprintf("%q is not a commercial AWS region; ", r)
	if sug := catalog.SuggestRegion(r); len(sug) > 0 {
		msg += fmt.Sprintf("did you mean %s? ", quoted(sug))
	}
	return msg + fmt.Sprintf("allowed: one of the %d region codes of catalog.Regions(), such as \"us-east-1\"", len(catalog.Regions()))
}

// closeDetailType returns the detail type that s matches once case and
// spaces are ignored ("AWS Console Signin via CloudTrail"), or "".
func closeDetailType(s string) string {
	squash := func(x string) string { return strings.ToLower(strings.Join(strings.Fields(x), "")) }
	for _, dt := range catalog.DetailTypes() {
		if squash(dt) == squash(s) {
			return dt
		}
	}
	return ""
}

func orRoot(path string) string {
	if path == "" {
		return "pattern"
	}
	return path
}

// show renders a pattern value as compact JSON for messages.
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func quoted(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
