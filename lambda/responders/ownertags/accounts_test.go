package ownertags

import (
	"context"
	"testing"

	"github.com/trailbridge/trailbridge/lambda/internal/sourcetest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestClientSource checks that the responder asks for the clients of the
// event's account, returns the source's error, and skips another
// account's event without asking when no member role is configured.
func TestClientSource(t *testing.T) {
	event := testevent.Set(t, testevent.Load(t, "testdata/ec2_RunInstances_envelope.json"), "recipientAccountId", "222222222222")
	m := newMocks(nil)
	sourcetest.Check(t, sourcetest.Case[Clients]{
		Event: event, Home: "111111111111", Account: "222222222222", Region: "eu-west-1",
		Resource: "arn:aws:ec2:eu-west-1:222222222222:instance/i-0aaaaaaaaaaaaaaa1,arn:aws:ec2:eu-west-1:222222222222:instance/i-0aaaaaaaaaaaaaaa2",
		Clients:  func() Clients { return m.clients() },
		Acted:    func() bool { return len(m.c.writes) == 1 },
		Decide: func(source responderkit.ClientSource[Clients], memberRole bool) (responderkit.Decision, error) {
			c := cfg(responderkit.ModeRemediate)
			c.Responder.HomeAccount = "111111111111"
			if memberRole {
				c.Responder.MemberRoleName = "trailbridge-ownertags-member"
			}
			return Kind.HandlerFor(c, source, nil).Decide(context.Background(), event)
		},
	})
}
