package ownertags

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
	event := testevent.Set(t, testevent.Load(t, "testdata/ec2_RunInstances_envelope.json"), "recipientAccountId", "222222222222")
	c := cfg(responderkit.ModeRemediate)
	c.Responder.HomeAccount, c.Responder.MemberRoleName = "111111111111", "trailbridge-ownertags-member"

	var asked []string
	m := newMocks(nil)
	source := responderkit.ClientSourceFunc[Clients](func(_ context.Context, account, region string) (Clients, error) {
		asked = append(asked, account+" "+region)
		return m.clients(), nil
	})
	d, err := NewHandlerFor(c, source, nil).Decide(context.Background(), event)
	if err != nil || d.Action != responderkit.ActionRemediated || len(m.c.writes) != 1 {
		t.Fatalf("decision %s %q, err %v, writes %v", d.Action, d.Reason, err, m.c.writes)
	}
	if len(asked) != 1 || asked[0] != "222222222222 eu-west-1" {
		t.Errorf("asked for %v", asked)
	}
	if d.Resource != "arn:aws:ec2:eu-west-1:222222222222:instance/i-0aaaaaaaaaaaaaaa1,arn:aws:ec2:eu-west-1:222222222222:instance/i-0aaaaaaaaaaaaaaa2" {
		t.Errorf("resource %q", d.Resource)
	}

	boom := errors.New("assume role arn:aws:iam::222222222222:role/trailbridge-ownertags-member: AccessDenied")
	source = func(context.Context, string, string) (Clients, error) { return Clients{}, boom }
	if d, err := NewHandlerFor(c, source, nil).Decide(context.Background(), event); !errors.Is(err, boom) || d.Action != responderkit.ActionFailed {
		t.Errorf("source error: decision %s %q, err %v", d.Action, d.Reason, err)
	}

	c.Responder.MemberRoleName = ""
	asked = nil
	source = func(_ context.Context, account, _ string) (Clients, error) {
		asked = append(asked, account)
		return m.clients(), nil
	}
	d, err = NewHandlerFor(c, source, nil).Decide(context.Background(), event)
	if err != nil || d.Action != responderkit.ActionSkipped || d.Reason != "event from account 222222222222, not this account (111111111111), and no member role is configured" || asked != nil {
		t.Errorf("no member role: decision %s %q, err %v, asked %v", d.Action, d.Reason, err, asked)
	}
}
