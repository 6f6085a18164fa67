package mfagroup

import (
	"context"
	"errors"
	"testing"

	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestClientSource checks that the responder asks for the clients of the
// event's account, returns the source's error, and skips another
// account's event without asking when no member role is configured.
func TestClientSource(t *testing.T) {
	event := testevent.Set(t, testevent.Load(t, "testdata/CreateUser__awsdocs-cloudtrail__1.json"), "recipientAccountId", "222222222222")
	c := cfg(responderkit.ModeRemediate)
	c.Responder.HomeAccount, c.Responder.MemberRoleName = "111111111111", "trailbridge-mfagroup-member"

	var asked []string
	m := &mockIAM{}
	source := responderkit.ClientSourceFunc[IAMAPI](func(_ context.Context, account, region string) (IAMAPI, error) {
		asked = append(asked, account+" "+region)
		return m, nil
	})
	d, err := NewHandlerFor(c, source, nil).Decide(context.Background(), event)
	if err != nil || d.Action != responderkit.ActionRemediated || len(m.added) != 1 {
		t.Fatalf("decision %s %q, err %v, added %v", d.Action, d.Reason, err, m.added)
	}
	if len(asked) != 1 || asked[0] != "222222222222 us-east-2" {
		t.Errorf("asked for %v", asked)
	}

	boom := errors.New("assume role arn:aws:iam::222222222222:role/trailbridge-mfagroup-member: AccessDenied")
	source = func(context.Context, string, string) (IAMAPI, error) { return nil, boom }
	if d, err := NewHandlerFor(c, source, nil).Decide(context.Background(), event); !errors.Is(err, boom) || d.Action != responderkit.ActionFailed {
		t.Errorf("source error: decision %s %q, err %v", d.Action, d.Reason, err)
	}

	c.Responder.MemberRoleName = ""
	asked = nil
	source = func(_ context.Context, account, _ string) (IAMAPI, error) {
		asked = append(asked, account)
		return m, nil
	}
	d, err = NewHandlerFor(c, source, nil).Decide(context.Background(), event)
	if err != nil || d.Action != responderkit.ActionSkipped || d.Reason != "event from account 222222222222, not this account (111111111111), and no member role is configured" || asked != nil {
		t.Errorf("no member role: decision %s %q, err %v, asked %v", d.Action, d.Reason, err, asked)
	}
}
