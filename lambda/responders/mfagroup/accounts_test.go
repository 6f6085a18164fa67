package mfagroup

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
	event := testevent.Set(t, testevent.Load(t, "testdata/CreateUser__awsdocs-cloudtrail__1.json"), "recipientAccountId", "222222222222")
	m := &mockIAM{}
	sourcetest.Check(t, sourcetest.Case[IAMAPI]{
		Event: event, Home: "111111111111", Account: "222222222222", Region: "us-east-2",
		Clients: func() IAMAPI { return m },
		Acted:   func() bool { return len(m.added) == 1 },
		Decide: func(source responderkit.ClientSource[IAMAPI], memberRole bool) (responderkit.Decision, error) {
			c := cfg(responderkit.ModeRemediate)
			c.Responder.HomeAccount = "111111111111"
			if memberRole {
				c.Responder.MemberRoleName = "trailbridge-mfagroup-member"
			}
			return Kind.HandlerFor(c, source, nil).Decide(context.Background(), event)
		},
	})
}
