package sourcetest

import (
	"context"
	"errors"
	"testing"

	"github.com/trailbridge/trailbridge/internal/tbrecord"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

type client struct{ writes int }

// responder is a minimal responder for an event of account 222222222222 in
// eu-west-1, with its faults switched on by name.
func responder(fault string) func(responderkit.ClientSource[*client], bool) (responderkit.Decision, error) {
	return func(source responderkit.ClientSource[*client], memberRole bool) (responderkit.Decision, error) {
		account := "222222222222"
		if fault == "asks for the home account" {
			account = "111111111111"
		}
		if !memberRole && fault != "asks without a member role" {
			err := responderkit.SkipOtherAccount("222222222222", "111111111111")
			var se *responderkit.SkippedError
			errors.As(err, &se)
			return responderkit.Decision{Action: responderkit.ActionSkipped, Reason: se.Reason}, nil
		}
		c, err := source.For(context.Background(), account, "eu-west-1")
		if err != nil {
			if fault == "swallows the source's error" {
				return responderkit.Decision{Action: responderkit.ActionSkipped, Reason: "no clients"}, nil
			}
			return responderkit.Decision{Action: responderkit.ActionFailed}, err
		}
		if fault != "does not act" {
			c.writes++
		}
		return responderkit.Decision{Action: responderkit.ActionRemediated, Resource: "arn:aws:s3:::b"}, nil
	}
}

func TestCheckCatchesEachFault(t *testing.T) {
	for _, fault := range []string{"", "asks for the home account", "asks without a member role", "swallows the source's error", "does not act"} {
		c := &client{}
		r := &tbrecord.Recorder{TB: t}
		Check(r, Case[*client]{
			Home: "111111111111", Account: "222222222222", Region: "eu-west-1", Resource: "arn:aws:s3:::b",
			Clients: func() *client { return c },
			Acted:   func() bool { return c.writes == 1 },
			Decide:  responder(fault),
		})
		if fault == "" && len(r.Failures) != 0 {
			t.Errorf("a correct responder fails: %q", r.Failures)
		}
		if fault != "" && len(r.Failures) == 0 {
			t.Errorf("a responder that %s passes", fault)
		}
	}
}
