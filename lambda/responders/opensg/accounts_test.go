package opensg

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
	event := testevent.Set(t, testevent.Load(t, "testdata/ec2_AuthorizeSecurityGroupIngress_envelope.json"), "recipientAccountId", "222222222222")
	m := &mockEC2{t: t}
	sourcetest.Check(t, sourcetest.Case[EC2API]{
		Event: event, Home: "111111111111", Account: "222222222222", Region: "eu-west-1",
		Resource: "arn:aws:ec2:eu-west-1:222222222222:security-group/sg-0123456789abcdef0",
		Clients:  func() EC2API { return m },
		Acted:    func() bool { return len(m.revoked) == 1 },
		Decide: func(source responderkit.ClientSource[EC2API], memberRole bool) (responderkit.Decision, error) {
			c := cfg(responderkit.ModeRemediate)
			c.Responder.HomeAccount = "111111111111"
			if memberRole {
				c.Responder.MemberRoleName = "trailbridge-opensg-member"
			}
			return Kind.HandlerFor(c, source, nil).Decide(context.Background(), event)
		},
	})
}
