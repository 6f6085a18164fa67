package simulate

import (
	"fmt"
	"strings"
)

// TB is the part of testing.TB the assertions use; *testing.T and
// *testing.B satisfy it.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
}

// AssertFires reports, through t.Errorf, a failure unless a rule that
// pathSuffix names (see Rule.Is) fires for event (an EventBridge event or a
// bare CloudTrail record, as Route takes). The failure message gives, for
// each such rule, why it does not fire, and lists the rules that do.
// It returns whether the assertion held.
//
//	a, err := simulate.LoadAssembly("cdk.out")
//	...
//	simulate.AssertFires(t, a, event, "Trailbridge-Home/IamAlert")
func AssertFires(t TB, a *Assembly, event []byte, pathSuffix string) bool {
	t.Helper()
	res, ok := assertSetup(t, a, event, pathSuffix)
	if !ok {
		return false
	}
	if len(res.Fired(pathSuffix)) > 0 {
		return true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "rule %q does not fire for %s:", pathSuffix, describe(res))
	for _, m := range res.NotMatched {
		if m.Rule.Is(pathSuffix) {
			fmt.Fprintf(&b, "\n  %s (%s): %s", m.Path, m.Stack, m.Reason)
		}
	}
	fmt.Fprintf(&b, "\nrules that fire: %s", firing(res))
	t.Errorf("%s", b.String())
	return false
}

// AssertNotFires is the opposite of AssertFires: it reports a failure when a
// rule that pathSuffix names fires for event, saying how the event reached
// it.
func AssertNotFires(t TB, a *Assembly, event []byte, pathSuffix string) bool {
	t.Helper()
	res, ok := assertSetup(t, a, event, pathSuffix)
	if !ok {
		return false
	}
	fired := res.Fired(pathSuffix)
	if len(fired) == 0 {
		return true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "rule %q fires for %s:", pathSuffix, describe(res))
	for _, m := range fired {
		fmt.Fprintf(&b, "\n  %s (%s) in %s", m.Path, m.Stack, m.Region)
		if m.Hop != "" {
			fmt.Fprintf(&b, ", %s", m.Hop)
		}
	}
	t.Errorf("%s", b.String())
	return false
}

func assertSetup(t TB, a *Assembly, event []byte, pathSuffix string) (*Result, bool) {
	t.Helper()
	if a == nil {
		t.Errorf("simulate: nil Assembly")
		return nil, false
	}
	if len(a.Rule(pathSuffix)) == 0 {
		paths := make([]string, len(a.Rules))
		for i, r := range a.Rules {
			paths[i] = r.Path
		}
		t.Errorf("no rule's construct path or logical ID matches %q; the rules are:\n  %s", pathSuffix, strings.Join(paths, "\n  "))
		return nil, false
	}
	res, err := a.Route(event)
	if err != nil {
		t.Errorf("%v", err)
		return nil, false
	}
	return res, true
}

func describe(r *Result) string {
	s := "event " + r.EventID
	if r.EventName != "" {
		s += " (" + r.EventName + ")"
	}
	s += " in " + r.Region
	if r.ReadOnly {
		s += ", read-only"
	}
	return s
}

func firing(r *Result) string {
	if len(r.Matches) == 0 {
		return "none"
	}
	s := make([]string, len(r.Matches))
	for i, m := range r.Matches {
		s[i] = m.Path
	}
	return strings.Join(s, ", ")
}
