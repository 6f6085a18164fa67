package tests

import (
	"errors"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/stacks"
)

func manyEventNames(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = "iam:CreateSomethingRatherLongForTheTest" + strings.Repeat("X", i%7) + string(rune('A'+i%26)) + string(rune('A'+i/26))
	}
	return out
}

// The problems only the stacks' makeup reveals are configuration errors
// too, named by their config field and found by stacks.LoadConfig.
func TestStackChecksNameTheConfigField(t *testing.T) {
	org := func(prefix string) map[string]any {
		return map[string]any{"stackPrefix": prefix, "account": "111111111111", "organization": map[string]any{
			"enabled": true, "id": "o-a1b2c3d4e5", "organizationalUnitIds": []any{"r-ab12"}}}
	}
	cases := []struct {
		name string
		tb   map[string]any
		want string
	}{
		{"global events cannot be forwarded", map[string]any{"homeRegion": "eu-west-1", "excludedRegions": []any{"us-west-2", "us-east-1"}},
			`trailbridge.excludedRegions[1]: got "us-east-1"; allowed: regions other than us-east-1 while home rules watch global-service events, which CloudTrail delivers only in us-east-1: trailbridge.responders.mfaGroup (iam CreateUser), trailbridge.responders.auditReport (iam CreateAccessKey/`},
		{"audit pattern too long", map[string]any{"responders": map[string]any{"auditReport": map[string]any{"events": manyEventNames(120)}}},
			`trailbridge.responders.auditReport.events: got "iam: CreateSomething`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := stacks.LoadConfig(map[string]any{"trailbridge": c.tb}, config.Env{})
			var es config.Errors
			if !errors.As(err, &es) {
				t.Fatalf("want config.Errors, got %v", err)
			}
			found := false
			for _, e := range es {
				found = found || strings.HasPrefix(e.Error(), c.want)
			}
			if !found {
				t.Errorf("no problem starts with\n  %s\ngot:\n%v", c.want, err)
			}
		})
	}
	// Off, or a home in us-east-1, and the same exclusion is fine.
	for _, tb := range []map[string]any{
		{"homeRegion": "us-east-1", "excludedRegions": []any{"eu-west-1"}},
		{"homeRegion": "eu-west-1", "excludedRegions": []any{"us-east-1"}, "alerts": map[string]any{"rootAccessKey": false},
			"responders": map[string]any{"mfaGroup": map[string]any{"mode": "off"}, "auditReport": map[string]any{"mode": "off"}}},
		org("Trailbridge-" + strings.Repeat("x", 24)),
	} {
		if _, err := stacks.LoadConfig(map[string]any{"trailbridge": tb}, config.Env{}); err != nil {
			t.Errorf("%v: %v", tb, err)
		}
	}
}
