package responderkit_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
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
		Facts:  responderkit.Facts[cfg]{Name: "for"},
		Common: func(c *cfg) *responderkit.Config { return &c.common },
		For: func(_ cfg, s responderkit.ClientSource[string]) responderkit.Spec {
			c, _ := s.For(context.Background(), "999999999999", "eu-west-1")
			return responderkit.Spec{Name: "for", Respond: respond(c)}
		},
	}
	homeKind := responderkit.Kind[cfg, string]{
		Facts:  responderkit.Facts[cfg]{Name: "home"},
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

// TestKindAct checks a Kind whose logic is Act: its Spec is named Name and
// handles only Events, Act gets the configuration and the clients of the
// event's account and region (Acting.Clients), and Decoding rejects a
// record that does not decode without calling the logic.
func TestKindAct(t *testing.T) {
	type cfg struct {
		common responderkit.Config
		bucket string
	}
	var asked []string
	source := responderkit.ClientSourceFunc[string](func(_ context.Context, account, region string) (string, error) {
		asked = append(asked, account+" "+region)
		return "clients of " + account, nil
	})
	called := 0
	k := responderkit.Kind[cfg, string]{
		Facts:  responderkit.Facts[cfg]{Name: "act", Events: map[string][]string{cloudtrail.SourceS3: {"CreateBucket"}}},
		Common: func(c *cfg) *responderkit.Config { return &c.common },
		Act: responderkit.Decoding(cloudtrail.DecodeS3BucketRequest, func(ctx context.Context, r responderkit.Acting[cfg, string], ev *responderkit.Event, req *cloudtrail.S3BucketRequest) (responderkit.Decision, error) {
			called++
			clients, err := r.Clients(ctx, ev)
			if err != nil {
				return responderkit.Decision{}, err
			}
			return ev.Decide(responderkit.ActionCompliant, req.BucketName, clients+" for "+r.Config.bucket, nil), nil
		}),
	}
	if !k.PerAccount() {
		t.Fatal("a Kind with Act is not PerAccount")
	}
	h := k.HandlerFor(cfg{common: responderkit.Config{Mode: responderkit.ModeRemediate}, bucket: "b"}, source, nil)

	createBucket := map[string]any{"eventName": "CreateBucket"}
	d, err := h.Decide(context.Background(), event(t, createBucket))
	if err != nil || d.Action != responderkit.ActionCompliant || d.Resource != "example-bucket" || d.Reason != "clients of 111111111111 for b" {
		t.Errorf("decision %s %q %q, err %v; want compliant example-bucket %q", d.Action, d.Resource, d.Reason, err, "clients of 111111111111 for b")
	}
	if len(asked) != 1 || asked[0] != "111111111111 eu-west-1" {
		t.Errorf("clients asked for %v, want [111111111111 eu-west-1]", asked)
	}

	if d, err := h.Decide(context.Background(), event(t, map[string]any{"eventName": "DeleteBucket"})); d.Action != responderkit.ActionRejected || !strings.HasPrefix(d.Reason, "unsupported event") || !errors.As(err, new(*responderkit.RejectedError)) {
		t.Errorf("event not in Events: decision %s %q, err %v; want rejected as unsupported", d.Action, d.Reason, err)
	}
	if d, err := h.Decide(context.Background(), event(t, map[string]any{"eventName": "CreateBucket", "requestParameters": map[string]any{}})); d.Action != responderkit.ActionRejected || !errors.As(err, new(*responderkit.RejectedError)) {
		t.Errorf("undecodable request: decision %s, err %v; want rejected", d.Action, err)
	}
	if called != 1 {
		t.Errorf("logic called %d times, want once (only for the event that decodes)", called)
	}
}
