// Package sourcetest checks how a responder uses its ClientSource, the
// clients of the account an event is about (organization mode): that it asks
// for the event's account and region, acts with what it gets, fails with the
// source's error, and skips another account's event without asking when no
// member role is configured. Every acting responder's TestClientSource calls
// Check with what differs: its event, its mocks and how to run it (Decide).
package sourcetest

import (
	"context"
	"errors"
	"testing"

	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Case describes one responder and one event for Check.
type Case[T any] struct {
	// Event is an event the responder remediates, about resources of
	// Account in Region.
	Event []byte
	// Home is the home account the responder is configured with.
	Home string
	// Account and Region are what the responder must ask the source for.
	Account, Region string
	// Resource is the decision's resource (an ARN in Account).
	// Default: not checked.
	Resource string
	// Clients returns the mock clients the source gives.
	Clients func() T
	// Acted reports whether the responder changed something through the
	// clients Clients returned (such as one recorded write).
	// Default: not checked.
	Acted func() bool
	// Decide runs the responder in remediate mode, configured with home
	// account Home and, when memberRole is true, a member role name, with
	// source as its ClientSource.
	Decide func(source responderkit.ClientSource[T], memberRole bool) (responderkit.Decision, error)
}

// Decide returns the Case.Decide of responder k: cfg (in remediate mode)
// with home account home and, when memberRole is true, the member role
// trailbridge-<name>-member, deciding about event through Kind.HandlerFor.
func Decide[C, T any](k responderkit.Kind[C, T], cfg C, home string, event []byte) func(responderkit.ClientSource[T], bool) (responderkit.Decision, error) {
	return func(source responderkit.ClientSource[T], memberRole bool) (responderkit.Decision, error) {
		c := cfg
		common := k.Common(&c)
		common.Mode, common.HomeAccount, common.MemberRoleName = responderkit.ModeRemediate, home, ""
		if memberRole {
			common.MemberRoleName = "trailbridge-" + k.Name + "-member"
		}
		return k.HandlerFor(c, source, nil).Decide(context.Background(), event)
	}
}

// Check runs c.Decide three ways: with a source that records what it is
// asked for (the responder must ask once, for Account and Region, and
// remediate), with a source that fails (the responder must fail with that
// error, so the event is retried), and, when Account is not Home, with no
// member role (the responder must skip the event with
// responderkit.SkipOtherAccount's reason, without asking).
func Check[T any](t testing.TB, c Case[T]) {
	t.Helper()
	var asked []string
	source := responderkit.ClientSourceFunc[T](func(_ context.Context, account, region string) (T, error) {
		asked = append(asked, account+" "+region)
		return c.Clients(), nil
	})
	d, err := c.Decide(source, true)
	if err != nil || d.Action != responderkit.ActionRemediated {
		t.Fatalf("with a member role: decision %s %q, err %v; want remediated", d.Action, d.Reason, err)
	}
	if want := c.Account + " " + c.Region; len(asked) != 1 || asked[0] != want {
		t.Errorf("asked the source for %q, want once for %q", asked, want)
	}
	if c.Resource != "" && d.Resource != c.Resource {
		t.Errorf("resource %q, want %q", d.Resource, c.Resource)
	}
	if c.Acted != nil && !c.Acted() {
		t.Error("remediated without acting through the source's clients")
	}

	boom := errors.New("assume role arn:aws:iam::" + c.Account + ":role/member: AccessDenied")
	failing := responderkit.ClientSourceFunc[T](func(context.Context, string, string) (T, error) {
		var zero T
		return zero, boom
	})
	if d, err := c.Decide(failing, true); !errors.Is(err, boom) || d.Action != responderkit.ActionFailed {
		t.Errorf("source error: decision %s %q, err %v; want failed with the source's error", d.Action, d.Reason, err)
	}

	if c.Account == c.Home {
		return
	}
	asked = nil
	d, err = c.Decide(source, false)
	var want *responderkit.SkippedError
	errors.As(responderkit.SkipOtherAccount(c.Account, c.Home), &want)
	if err != nil || d.Action != responderkit.ActionSkipped || d.Reason != want.Reason || asked != nil {
		t.Errorf("no member role: decision %s %q, err %v, asked %q; want skipped %q without asking", d.Action, d.Reason, err, asked, want.Reason)
	}
}
