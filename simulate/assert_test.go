package simulate

import (
	"fmt"
	"strings"
	"testing"
)

// fakeTB records failures instead of failing the test.
type fakeTB struct{ errors []string }

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func TestAssert(t *testing.T) {
	a := fixture(t)
	deletion := sample(t, "kms/ScheduleKeyDeletion__awsdocs-kms__1.json", "")
	readOnly := sample(t, "kms/DescribeKey__awsdocs-kms__1.json", "eu-west-1")

	// The helpers pass on a real *testing.T.
	AssertFires(t, a, deletion, "TrailbridgeHome/KeyDeletion")
	AssertFires(t, a, deletion, "KeyDeletion8A9B0C1D")
	AssertNotFires(t, a, deletion, "IamAlert")
	AssertFires(t, a, readOnly, "ReadOnlyWatch/Resource")
	// A bare record works too.
	AssertFires(t, a, readFile(t, "events/kms/ScheduleKeyDeletion__awsdocs-kms__1.json"), "KeyDeletion")

	tests := []struct {
		name string
		run  func(TB) bool
		want []string
	}{
		{"fires fails with the reason", func(tb TB) bool { return AssertFires(tb, a, readOnly, "KeyPolicyRead") }, []string{
			`rule "KeyPolicyRead" does not fire for event abcde202-ba1a-467c-b4ba-f729d45ae521 (DescribeKey) in eu-west-1, read-only:`,
			"\n  TrailbridgeHome/KeyPolicyRead/Resource (Trailbridge-Home): " + readOnlyReason,
			"\nrules that fire: TrailbridgeHome/ReadOnlyWatch/Resource",
		}},
		{"fires fails, nothing fires", func(tb TB) bool {
			return AssertFires(tb, a, sample(t, "cloudtrail/UpdateTrail__awsdocs-cloudtrail__1.json", ""), "TrailToAudit")
		}, []string{"region: rule is in eu-west-1, event is from us-east-2 (no forwarder delivers it)", "rules that fire: none"}},
		{"not fires fails with the hop", func(tb TB) bool { return AssertNotFires(tb, a, deletion, "KeyDeletion") }, []string{
			`rule "KeyDeletion" fires for event 3c4226b0-1e81-48a8-a333-7fa5f3cbd118 (ScheduleKeyDeletion) in us-east-1:`,
			"TrailbridgeHome/KeyDeletion/Resource (Trailbridge-Home) in eu-west-1, forwarded from us-east-1 by TrailbridgeForwarderUsEast1/Forward/Resource",
		}},
		{"unknown rule", func(tb TB) bool { return AssertNotFires(tb, a, deletion, "NoSuchRule") }, []string{
			`no rule's construct path or logical ID matches "NoSuchRule"; the rules are:`, "\n  TrailbridgeHome/IamAlert/Resource",
		}},
		{"bad event", func(tb TB) bool { return AssertFires(tb, a, []byte(`{}`), "IamAlert") }, []string{"simulate: event: no region"}},
		{"nil assembly", func(tb TB) bool { return AssertFires(tb, nil, deletion, "IamAlert") }, []string{"simulate: nil Assembly"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeTB{}
			if tt.run(f) {
				t.Fatal("assertion held")
			}
			if len(f.errors) != 1 {
				t.Fatalf("errors = %q", f.errors)
			}
			containsAll(t, "message", f.errors[0], tt.want...)
		})
	}
	f := &fakeTB{}
	if !AssertNotFires(f, a, deletion, "IamAlert") || !AssertFires(f, a, deletion, "KeyDeletion") || len(f.errors) != 0 {
		t.Errorf("passing assertions reported %q", f.errors)
	}
	if got := strings.Count(a.Mermaid(), "subgraph"); got != 4 {
		t.Errorf("%d subgraphs", got)
	}
}
