package trailguard

import (
	"context"
	"errors"
	"testing"

	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestClientSource checks that the responder asks for the clients of the
// trail's account and region, returns the source's error, and skips
// another account's event without asking when no member role is
// configured.
func TestClientSource(t *testing.T) {
	stop := testevent.Load(t, "testdata/cloudtrail_StopLogging_arn.json")
	byName := testevent.Set(t, testevent.Set(t, stop, "requestParameters.name", "org-audit"), "recipientAccountId", "222222222222")
	byARN := testevent.Set(t, testevent.Set(t, stop, "requestParameters.name", "arn:aws:cloudtrail:eu-west-1:333333333333:trail/org-audit"), "recipientAccountId", "333333333333")
	c := cfg(responderkit.ModeRemediate)
	c.Responder.HomeAccount, c.Responder.MemberRoleName = "111111111111", "trailbridge-trailguard-member"

	for _, tt := range []struct {
		name  string
		event []byte
		asked string
		trail string
	}{
		{"by name", byName, "222222222222 us-east-1", "arn:aws:cloudtrail:us-east-1:222222222222:trail/org-audit"},
		{"by ARN", byARN, "333333333333 eu-west-1", "arn:aws:cloudtrail:eu-west-1:333333333333:trail/org-audit"},
	} {
		var asked []string
		m := &mockCT{}
		source := responderkit.ClientSourceFunc[CloudTrailAPI](func(_ context.Context, account, region string) (CloudTrailAPI, error) {
			asked = append(asked, account+" "+region)
			return m, nil
		})
		d, err := NewHandlerFor(c, source, nil).Decide(context.Background(), tt.event)
		if err != nil || d.Action != responderkit.ActionRemediated || d.Resource != tt.trail {
			t.Fatalf("%s: decision %s %s %q, err %v", tt.name, d.Action, d.Resource, d.Reason, err)
		}
		if len(asked) != 1 || asked[0] != tt.asked {
			t.Errorf("%s: asked for %v, want %s", tt.name, asked, tt.asked)
		}
	}

	boom := errors.New("assume role arn:aws:iam::222222222222:role/trailbridge-trailguard-member: AccessDenied")
	source := responderkit.ClientSourceFunc[CloudTrailAPI](func(context.Context, string, string) (CloudTrailAPI, error) { return nil, boom })
	if d, err := NewHandlerFor(c, source, nil).Decide(context.Background(), byName); !errors.Is(err, boom) || d.Action != responderkit.ActionFailed {
		t.Errorf("source error: decision %s %q, err %v", d.Action, d.Reason, err)
	}

	c.Responder.MemberRoleName = ""
	var asked []string
	source = func(_ context.Context, account, _ string) (CloudTrailAPI, error) {
		asked = append(asked, account)
		return &mockCT{}, nil
	}
	d, err := NewHandlerFor(c, source, nil).Decide(context.Background(), byName)
	if err != nil || d.Action != responderkit.ActionSkipped || d.Reason != "event from account 222222222222, not this account (111111111111), and no member role is configured" || asked != nil {
		t.Errorf("no member role: decision %s %q, err %v, asked %v", d.Action, d.Reason, err, asked)
	}
}
