package responderkit_test

import (
	"context"
	"testing"

	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestKindHandlers checks Kind's constructors: the common configuration
// comes from Kind.Common, Handler gives a For responder a Fixed source and
// a Home responder its clients as they are, and HandlerFor refuses a Home
// responder.
func TestKindHandlers(t *testing.T) {
	type cfg struct{ common responderkit.Config }
	var got []string
	respond := func(c string) responderkit.Func {
		return func(_ context.Context, ev *responderkit.Event) (responderkit.Decision, error) {
			got = append(got, c)
			return ev.Decide(responderkit.ActionCompliant, "", "", nil), nil
		}
	}
	forKind := responderkit.Kind[cfg, string]{
		Name:   "for",
		Common: func(c *cfg) *responderkit.Config { return &c.common },
		For: func(_ cfg, s responderkit.ClientSource[string]) responderkit.Spec {
			c, _ := s.For(context.Background(), "999999999999", "eu-west-1")
			return responderkit.Spec{Name: "for", Respond: respond(c)}
		},
	}
	homeKind := responderkit.Kind[cfg, string]{
		Name:   "home",
		Common: func(c *cfg) *responderkit.Config { return &c.common },
		Home:   func(_ cfg, c string) responderkit.Spec { return responderkit.Spec{Name: "home", Respond: respond(c)} },
	}
	on := cfg{common: responderkit.Config{Mode: responderkit.ModeRemediate}}
	for _, h := range []*responderkit.Handler{forKind.Handler(on, "fixed", nil), homeKind.Handler(on, "own", nil)} {
		if d, err := h.Decide(context.Background(), event(t, nil)); err != nil || d.Action != responderkit.ActionCompliant {
			t.Fatalf("decision %s %q, err %v", d.Action, d.Reason, err)
		}
	}
	if len(got) != 2 || got[0] != "fixed" || got[1] != "own" {
		t.Errorf("clients used %v, want [fixed own]", got)
	}
	if d, _ := forKind.Handler(cfg{}, "fixed", nil).Decide(context.Background(), event(t, nil)); d.Action != responderkit.ActionSkipped || d.Reason != "mode off" {
		t.Errorf("zero common config: decision %s %q, want skipped (mode off): Common not used", d.Action, d.Reason)
	}

	defer func() {
		if recover() == nil {
			t.Error("HandlerFor of a Home responder did not panic")
		}
	}()
	homeKind.HandlerFor(on, responderkit.Fixed("x"), nil)
}
