package trailguard

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ctsdk "github.com/aws/aws-sdk-go-v2/service/cloudtrail"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/internal/actiontest"
	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/respondertest"
	"github.com/trailbridge/trailbridge/lambda/internal/sourcetest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Func types for each CloudTrail operation.
type (
	statusFunc func(*ctsdk.GetTrailStatusInput) (*ctsdk.GetTrailStatusOutput, error)
	startFunc  func(*ctsdk.StartLoggingInput) (*ctsdk.StartLoggingOutput, error)
)

type mockCT struct {
	rec     *actiontest.Recorder
	status  statusFunc
	start   startFunc
	calls   []string
	names   []string
	regions []string
}

func (m *mockCT) called(op, name string, opts []func(*ctsdk.Options)) {
	m.calls = append(m.calls, op)
	m.names = append(m.names, name)
	if m.rec != nil {
		m.rec.Record("cloudtrail", op)
	}
	m.regions = append(m.regions, actiontest.Options(opts).Region)
}

func (m *mockCT) GetTrailStatus(_ context.Context, in *ctsdk.GetTrailStatusInput, opts ...func(*ctsdk.Options)) (*ctsdk.GetTrailStatusOutput, error) {
	m.called("GetTrailStatus", aws.ToString(in.Name), opts)
	return actiontest.Answer(m.status, in, &ctsdk.GetTrailStatusOutput{IsLogging: aws.Bool(false)})
}

func (m *mockCT) StartLogging(_ context.Context, in *ctsdk.StartLoggingInput, opts ...func(*ctsdk.Options)) (*ctsdk.StartLoggingOutput, error) {
	m.called("StartLogging", aws.ToString(in.Name), opts)
	return actiontest.Answer(m.start, in, &ctsdk.StartLoggingOutput{})
}

const orgAudit = "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-audit"

func cfg(mode responderkit.Mode, trails ...string) Config {
	if trails == nil {
		trails = []string{"org-audit"}
	}
	return Config{ProtectedTrails: trails, Responder: responderkit.Config{Mode: mode}}
}

func logging(on bool) statusFunc {
	return func(*ctsdk.GetTrailStatusInput) (*ctsdk.GetTrailStatusOutput, error) {
		return &ctsdk.GetTrailStatusOutput{IsLogging: aws.Bool(on)}, nil
	}
}

func TestRespond(t *testing.T) {
	stop := testevent.Load(t, "testdata/cloudtrail_StopLogging_arn.json")
	stopByName := testevent.Set(t, stop, "requestParameters.name", "org-audit")
	stopOtherRegion := testevent.Set(t, testevent.Set(t, stopByName, "awsRegion", "eu-west-1"), "requestParameters.name", "org-audit")
	del := testevent.Load(t, "testdata/cloudtrail_DeleteTrail_envelope.json")
	selectors := testevent.Load(t, "testdata/cloudtrail_PutEventSelectors.json")
	update := testevent.Load(t, "testdata/UpdateTrail__awsdocs-cloudtrail__1.json") // a failed call
	updateOK := testevent.Set(t, testevent.Set(t, testevent.Delete(t, testevent.Delete(t, update, "errorCode"), "errorMessage"),
		"requestParameters", map[string]any{"name": "org-audit", "s3BucketName": "attacker-bucket", "isMultiRegionTrail": false}), "recipientAccountId", "123456789012")
	tests := []struct {
		name     string
		event    []byte
		cfg      Config
		mock     mockCT
		want     responderkit.Action
		reason   string
		calls    string
		resource string
		region   string
		wantErr  bool
	}{
		{name: "restart after StopLogging by ARN", event: stop, cfg: cfg(responderkit.ModeRemediate), want: responderkit.ActionRemediated,
			reason: "started logging of protected trail after StopLogging", calls: "GetTrailStatus StartLogging", resource: orgAudit, region: "us-east-1"},
		{name: "protected by ARN, called by name", event: stopByName, cfg: cfg(responderkit.ModeRemediate, orgAudit), want: responderkit.ActionRemediated,
			calls: "GetTrailStatus StartLogging", resource: orgAudit, region: "us-east-1"},
		{name: "protected ARN of another region does not match", event: stopOtherRegion, cfg: cfg(responderkit.ModeRemediate, orgAudit), want: responderkit.ActionSkipped,
			reason: "not protected", calls: "", resource: "arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-audit"},
		{name: "protected name matches in any region", event: stopOtherRegion, cfg: cfg(responderkit.ModeRemediate), want: responderkit.ActionRemediated,
			calls: "GetTrailStatus StartLogging", resource: "arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-audit", region: "eu-west-1"},
		{name: "protected ARN of another account does not match", event: stop, cfg: cfg(responderkit.ModeRemediate, "arn:aws:cloudtrail:us-east-1:222222222222:trail/org-audit"),
			want: responderkit.ActionSkipped, reason: "not protected", calls: ""},
		{name: "unprotected trail", event: stop, cfg: cfg(responderkit.ModeRemediate, "other-trail"), want: responderkit.ActionSkipped, reason: "not protected", calls: ""},
		{name: "already logging", event: stop, cfg: cfg(responderkit.ModeRemediate), mock: mockCT{status: logging(true)}, want: responderkit.ActionCompliant,
			reason: "trail is logging", calls: "GetTrailStatus"},
		{name: "dry-run", event: stop, cfg: cfg(responderkit.ModeDryRun), want: responderkit.ActionWouldRemediate, calls: "GetTrailStatus"},
		{name: "alert", event: stop, cfg: cfg(responderkit.ModeAlert), want: responderkit.ActionAlerted, calls: "GetTrailStatus"},
		{name: "off", event: stop, cfg: cfg(responderkit.ModeOff), want: responderkit.ActionSkipped, reason: "mode off", calls: ""},
		{name: "exempt principal", event: stop, cfg: func() Config {
			c := cfg(responderkit.ModeRemediate)
			c.Responder.ExemptPrincipals = []string{"arn:aws:iam::111111111111:role/Ops"}
			return c
		}(), want: responderkit.ActionSkipped, reason: "exempt principal", calls: ""},
		{name: "own call", event: stop, cfg: func() Config {
			c := cfg(responderkit.ModeRemediate)
			c.Responder.SelfRoleARN = "arn:aws:iam::111111111111:role/Ops"
			return c
		}(), want: responderkit.ActionSkipped, reason: "own call", calls: ""},
		{name: "deleted trail is alerted", event: del, cfg: cfg(responderkit.ModeRemediate), want: responderkit.ActionAlerted,
			reason: "cannot recreate", calls: "", resource: orgAudit},
		{name: "deleted trail in dry-run", event: del, cfg: cfg(responderkit.ModeDryRun), want: responderkit.ActionAlerted, calls: ""},
		{name: "event selectors changed, still logging", event: selectors, cfg: cfg(responderkit.ModeRemediate), mock: mockCT{status: logging(true)},
			want: responderkit.ActionCompliant, reason: "change is reported", calls: "GetTrailStatus", resource: orgAudit},
		{name: "event selectors changed, not logging", event: selectors, cfg: cfg(responderkit.ModeRemediate), want: responderkit.ActionRemediated,
			reason: "after PutEventSelectors", calls: "GetTrailStatus StartLogging"},
		{name: "update trail", event: updateOK, cfg: cfg(responderkit.ModeRemediate), mock: mockCT{status: logging(true)}, want: responderkit.ActionCompliant,
			calls: "GetTrailStatus", resource: "arn:aws:cloudtrail:us-east-2:123456789012:trail/org-audit", region: "us-east-2"},
		{name: "no account: refused, not acted on in the home account", event: testevent.Delete(t, testevent.Delete(t, stopByName, "recipientAccountId"), "userIdentity.accountId"),
			cfg: cfg(responderkit.ModeRemediate), want: responderkit.ActionRejected, wantErr: true, reason: "names no account", calls: ""},
		{name: "failed update is skipped", event: update, cfg: cfg(responderkit.ModeRemediate, "myTrail2"), want: responderkit.ActionSkipped, reason: "TrailNotFoundException", calls: ""},
		{name: "trail gone", event: stop, cfg: cfg(responderkit.ModeRemediate), mock: mockCT{status: func(*ctsdk.GetTrailStatusInput) (*ctsdk.GetTrailStatusOutput, error) {
			return nil, respondertest.APIError("TrailNotFoundException")
		}}, want: responderkit.ActionGone, calls: "GetTrailStatus"},
		{name: "SDK error", event: stop, cfg: cfg(responderkit.ModeRemediate), mock: mockCT{start: func(*ctsdk.StartLoggingInput) (*ctsdk.StartLoggingOutput, error) {
			return nil, respondertest.APIError("AccessDeniedException")
		}}, want: responderkit.ActionFailed, wantErr: true, reason: "AccessDeniedException", calls: "GetTrailStatus StartLogging"},
		{name: "rejected without name", event: testevent.Delete(t, stop, "requestParameters.name"), cfg: cfg(responderkit.ModeRemediate),
			want: responderkit.ActionRejected, wantErr: true, calls: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.mock
			d, err := Kind.Handler(tt.cfg, &m, nil).Decide(context.Background(), tt.event)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if d.Action != tt.want || !strings.Contains(d.Reason, tt.reason) {
				t.Errorf("decision = %s %q, want %s %q", d.Action, d.Reason, tt.want, tt.reason)
			}
			if got := strings.Join(m.calls, " "); got != tt.calls {
				t.Errorf("calls = %q, want %q", got, tt.calls)
			}
			if tt.resource != "" && d.Resource != tt.resource {
				t.Errorf("resource = %q, want %q", d.Resource, tt.resource)
			}
			for i := range m.calls {
				if !tt.wantErr && m.names[i] != d.Resource {
					t.Errorf("%s(%q), want the trail ARN %q", m.calls[i], m.names[i], d.Resource)
				}
				if tt.region != "" && m.regions[i] != tt.region {
					t.Errorf("%s in region %q, want %q", m.calls[i], m.regions[i], tt.region)
				}
			}
		})
	}
}

func TestChangeReported(t *testing.T) {
	m := &mockCT{status: logging(true)}
	d, err := Kind.Handler(cfg(responderkit.ModeRemediate), m, nil).Decide(context.Background(), testevent.Load(t, "testdata/cloudtrail_PutEventSelectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := d.Details["change"].(map[string]any)
	if c["eventSelectors"] == nil {
		t.Errorf("details = %v", d.Details)
	}
}

func TestActions(t *testing.T) {
	var rec actiontest.Recorder
	if _, err := Kind.Handler(cfg(responderkit.ModeRemediate), &mockCT{rec: &rec}, nil).Decide(context.Background(), testevent.Load(t, "testdata/cloudtrail_StopLogging_arn.json")); err != nil {
		t.Fatal(err)
	}
	actiontest.Check(t, Actions, actiontest.Actions("cloudtrail", actiontest.Methods[CloudTrailAPI]()), rec.Actions())
}

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		trails string
		want   int
		err    string
	}{
		{"org-audit, " + orgAudit, 2, ""},
		{"", 0, contract.EnvProtectedTrails + " is not set: must list the protected trails"},
		{",", 0, `TRAILBRIDGE_PROTECTED_TRAILS=",": must list the protected trails`},
		{"arn:aws:cloudtrail:us-east-1:111:trail/x", 0, `trail "arn:aws:cloudtrail:us-east-1:111:trail/x": must be a trail name`},
		{"a b", 0, `trail "a b"`},
		// The name part of an ARN obeys the trail name rules, as in the
		// app configuration (internal/contract.Trail).
		{"arn:aws:cloudtrail:us-east-1:111111111111:trail/x", 0, `trail "arn:aws:cloudtrail:us-east-1:111111111111:trail/x": must be a trail name or trail ARN`},
	}
	for _, tt := range tests {
		vars := map[string]string{contract.EnvMode: "remediate", contract.EnvProtectedTrails: tt.trails}
		c, err := ConfigFromEnv(func(k string) string { return vars[k] })
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: err = %v, want %q", tt.trails, err, tt.err)
			}
			continue
		}
		if err != nil || len(c.ProtectedTrails) != tt.want {
			t.Errorf("%q: %v, %v", tt.trails, c.ProtectedTrails, err)
		}
	}
}

// TestWire checks the requests the real CloudTrail client sends.
func TestWire(t *testing.T) {
	srv := awstest.NewServer(t, func(r awstest.Request) awstest.Response {
		switch target := r.Header.Get("X-Amz-Target"); {
		case strings.HasSuffix(target, ".GetTrailStatus"):
			return awstest.Response{Header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}}, Body: `{"IsLogging":false}`}
		case strings.HasSuffix(target, ".StartLogging"):
			return awstest.Response{Header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}}, Body: `{}`}
		}
		return awstest.Response{Status: http.StatusBadRequest, Body: `{"__type":"UnknownOperationException"}`}
	})
	client := ctsdk.NewFromConfig(awstest.Config(srv.URL(), "eu-west-1"))
	d, err := Kind.Handler(cfg(responderkit.ModeRemediate), client, nil).Decide(context.Background(), testevent.Load(t, "testdata/cloudtrail_StopLogging_arn.json"))
	if err != nil || d.Action != responderkit.ActionRemediated {
		t.Fatalf("decision %+v, err %v", d, err)
	}
	var got []string
	for _, r := range srv.Requests() {
		got = append(got, r.Header.Get("X-Amz-Target")+" "+string(r.Body))
		if !strings.Contains(r.Header.Get("Authorization"), "/us-east-1/cloudtrail/aws4_request") {
			t.Errorf("not signed for the trail's home region: %s", r.Header.Get("Authorization"))
		}
	}
	want := `CloudTrail_20131101.GetTrailStatus {"Name":"` + orgAudit + `"} ` +
		`CloudTrail_20131101.StartLogging {"Name":"` + orgAudit + `"}`
	if strings.Join(got, " ") != want {
		t.Errorf("requests\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

// FuzzDecide feeds arbitrary bytes to the decision function: it must never
// panic and always return a well-formed decision.
func FuzzDecide(f *testing.F) {
	testevent.FuzzDecide(f, "testdata", func() *responderkit.Handler {
		return Kind.Handler(cfg(responderkit.ModeRemediate, "org-audit", orgAudit, "myTrail2"), &mockCT{}, nil)
	})
}

// TestFaults injects a timeout, a reset, a 500, throttling and a slow
// success into each call (see package faulttest).
func TestFaults(t *testing.T) {
	faulttest.Run(t, "testdata/faults.golden.md", faulttest.Case{Name: Name, Protocol: faulttest.JSON,
		Calls: []string{"GetTrailStatus", "StartLogging"}, Writes: []string{"StartLogging"},
		Answers: map[string]awstest.Response{"GetTrailStatus": {Body: `{"IsLogging":false}`}, "StartLogging": {Body: `{}`}},
		Decide:  faulttest.Decide(Kind, cfg(responderkit.ModeRemediate), testevent.Load(t, "testdata/cloudtrail_StopLogging_arn.json"))})
}

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
			sourcetest.Check(t, sourcetest.Case[CloudTrailAPI]{Event: tt.event, Home: "111111111111", Account: tt.account, Region: tt.region,
				Resource: "arn:aws:cloudtrail:" + tt.region + ":" + tt.account + ":trail/org-audit",
				Clients:  func() CloudTrailAPI { return &mockCT{} },
				Decide:   sourcetest.Decide(Kind, cfg(responderkit.ModeRemediate), "111111111111", tt.event)})
		})
	}
}
