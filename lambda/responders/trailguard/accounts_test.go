package trailguard

import (
	"context"
	"testing"

	"github.com/trailbridge/trailbridge/lambda/internal/sourcetest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestClientSource checks that the responder asks for the clients of the
// trail's account and region (from the event, or from the trail's ARN),
// returns the source's error, and skips another account's event without
// asking when no member role is configured.
func TestClientSource(t *testing.T) {
	stop := testevent.Load(t, "testdata/cloudtrail_StopLogging_arn.json")
	for _, tt := range []struct {
		name            string
		event           []byte
		account, region string
	}{
		{"by name", testevent.Set(t, testevent.Set(t, stop, "requestParameters.name", "org-audit"), "recipientAccountId", "222222222222"), "222222222222", "us-east-1"},
		{"by ARN", testevent.Set(t, testevent.Set(t, stop, "requestParameters.name", "arn:aws:cloudtrail:eu-west-1:333333333333:trail/org-audit"), "recipientAccountId", "333333333333"), "333333333333", "eu-west-1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sourcetest.Check(t, sourcetest.Case[CloudTrailAPI]{
				Event: tt.event, Home: "111111111111", Account: tt.account, Region: tt.region,
				Resource: "arn:aws:cloudtrail:" + tt.region + ":" + tt.account + ":trail/org-audit",
				Clients:  func() CloudTrailAPI { return &mockCT{} },
				Decide: func(source responderkit.ClientSource[CloudTrailAPI], memberRole bool) (responderkit.Decision, error) {
					c := cfg(responderkit.ModeRemediate)
					c.Responder.HomeAccount = "111111111111"
					if memberRole {
						c.Responder.MemberRoleName = "trailbridge-trailguard-member"
					}
					return Kind.HandlerFor(c, source, nil).Decide(context.Background(), tt.event)
				},
			})
		})
	}
}
