package pattern

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/eventpattern"
	"github.com/trailbridge/trailbridge/internal/cfn"
)

// EventBridge quotas on event patterns (EventBridge user guide, quotas).
const (
	// MaxLength is the longest event pattern, in characters of its JSON.
	MaxLength = 4096
	// MaxCombinations is the most "$or" combinations a pattern may expand to.
	MaxCombinations = 1000
)

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
// nil. The pattern's syntax (structure, match operators and their
// arguments) is checked by package eventpattern, the one validator, tested
// against EventBridge itself; it reports the first syntax problem with
// EventBridge's reason. Validate adds what EventBridge accepts but a
// CloudTrail rule gets wrong or EventBridge refuses at scale: JSON longer
// than MaxLength characters; more than MaxCombinations "$or" combinations;
// a field set both inside and outside a "$or" (event-ruler keeps only one
// of the two); detail-type values that are not CloudTrail detail types;
// empty, padded or empty-prefix event names; account IDs that are not
// 12-digit strings; regions that are not commercial AWS regions; unknown
// userIdentity types. Each message names the field, the bad value and what
// is allowed. Strings holding CDK tokens are not checked.
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
	if err := compile(canon); err != nil {
		errs = append(errs, err)
	}
	v := validator{fields: map[string][]orContext{}}
	v.object("", canon, nil)
	errs = append(errs, v.errs...)
	errs = append(errs, v.conflicts()...)
	return errors.Join(errs...)
}

// compile checks the pattern's syntax with package eventpattern. A CDK token
// standing for a CIDR block is replaced by a valid block first: its value is
// known only at deploy time.
func compile(canon map[string]any) error {
	b, err := json.Marshal(withoutCIDRTokens(canon))
	if err != nil {
		return fmt.Errorf("pattern: cannot encode: %w", err)
	}
	_, err = eventpattern.Compile(b)
	var pe *eventpattern.PatternError
	if errors.As(err, &pe) {
		got := ""
		if v, ok := valueAt(canon, pe.Path); ok {
			got = "got " + show(v) + ": "
		}
		return fmt.Errorf("%s: %s%s; allowed: what EventBridge accepts (checked by package eventpattern)", orRoot(pe.Path), got, pe.Reason)
	}
	return err
}

// valueAt returns the value at the dot-joined path of a pattern, looking
// into the branches of "$or" on the way; ok is false when there is none.
func valueAt(v any, path string) (any, bool) {
	if path == "" {
		return nil, false
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		return nil, false
	}
	if c, ok := m[path]; ok {
		return c, true
	}
	for k, c := range m {
		if rest, ok := strings.CutPrefix(path, k+"."); ok {
			if r, ok := valueAt(c, rest); ok {
				return r, true
			}
		}
	}
	if branches, ok := m["$or"].([]any); ok {
		for _, b := range branches {
			if r, ok := valueAt(b, path); ok {
				return r, true
			}
		}
	}
	return nil, false
}

// withoutCIDRTokens returns v with every {"cidr": TOKEN} replaced by
// {"cidr": "10.0.0.0/8"}; v itself is not changed.
func withoutCIDRTokens(v any) any {
	return cfn.Rewrite(v, func(v any) (any, bool) {
		if x, ok := v.(map[string]any); ok {
			if s, ok := x["cidr"].(string); ok && len(x) == 1 && isToken(s) {
				return map[string]any{"cidr": "10.0.0.0/8"}, true
			}
		}
		return nil, false
	})
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
	keys := slices.Sorted(maps.Keys(m))
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
		}
	}
}

func (v *validator) or(path string, val any, ctx orContext) {
	arr, _ := val.([]any) // a malformed "$or" is reported by compile
	id := v.nextOr
	v.nextOr++
	for i, e := range arr {
		if m, ok := e.(map[string]any); ok {
			v.object(path, m, append(slices.Clone(ctx), orBranch{id, i}))
		}
	}
}

// values checks the match list of the leaf field path (its syntax is
// compile's).
func (v *validator) values(path string, vals []any) {
	for _, e := range vals {
		switch x := e.(type) {
		case map[string]any:
			v.operator(path, x)
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

// operator checks a match object such as {"prefix": "x"} for what
// EventBridge accepts but a CloudTrail rule should not say.
func (v *validator) operator(path string, m map[string]any) {
	if p, ok := m["prefix"].(string); ok && len(m) == 1 && p == "" && path == "detail.eventName" {
		v.add("detail.eventName: empty prefix \"\" matches every event name; allowed: a non-empty prefix such as \"CreateFunction\"")
	}
}

// conflicts reports leaf fields set twice within one combination.
func (v *validator) conflicts() []error {
	paths := slices.Sorted(maps.Keys(v.fields))
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
