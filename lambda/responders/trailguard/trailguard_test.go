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
	"github.com/trailbridge/trailbridge/lambda/responders/trailguard/settings"
)

// Func types for each CloudTrail operation.
type (
	statusFunc func(*ctsdk.GetTrailStatusInput) (*ctsdk.GetTrailStatusOutput, error)
	startFunc  func(*ctsdk.StartLoggingInput) (*ctsdk.StartLoggingOutput, error)
)

type mockCT struct {
	respondertest.Calls
	status statusFunc
	start  startFunc
	names  []string
}

func (m *mockCT) called(op, name string, opts []func(*ctsdk.Options)) {
	m.Add("cloudtrail", op, actiontest.Options(opts).Region)
	m.names = append(m.names, name)
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

func cfg(mode responderkit.Mode, trails ...string) settings.Config {
	if trails == nil {
		trails = []string{"org-audit"}
	}
	return settings.Config{ProtectedTrails: trails, Responder: responderkit.Config{Mode: mode}}
}

// protect returns a change of the configuration protecting trails.
func protect(trails ...string) func(*settings.Config) {
	return func(c *settings.Config) { c.ProtectedTrails = trails }
}

func logging(on bool) statusFunc {
	return func(*ctsdk.GetTrailStatusInput) (*ctsdk.GetTrailStatusOutput, error) {
		return &ctsdk.GetTrailStatusOutput{IsLogging: aws.Bool(on)}, nil
	}
}

// row is one case of TestRespond.
type row = respondertest.Row[settings.Config, mockCT, struct{}]

// table runs the rows through mockCT; every call names the decision's
// trail ARN (a failed decision has none).
var table = respondertest.Table[settings.Config, mockCT, struct{}]{Config: func(mode responderkit.Mode) settings.Config { return cfg(mode) },
	Writes: []string{"StartLogging"},
	Decide: respondertest.Decide[mockCT, struct{}](Kind),
	Check: func(t *testing.T, r *row, d responderkit.Decision) {
		if d.Action == responderkit.ActionFailed || d.Action == responderkit.ActionRejected {
			return
		}
		for i, name := range r.Mock.names {
			if name != d.Resource {
				t.Errorf("%s(%q), want the trail ARN %q", r.Mock.Ops[i], name, d.Resource)
			}
		}
	},
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
	table.Run(t, []row{
		{Name: "restart after StopLogging by ARN", Event: stop, Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated,
			Reason: "started logging of protected trail after StopLogging", Calls: "GetTrailStatus StartLogging", Resource: orgAudit, Region: "us-east-1"},
		{Name: "protected by ARN, called by name", Event: stopByName, Mode: responderkit.ModeRemediate, Config: protect(orgAudit), Want: responderkit.ActionRemediated,
			Calls: "GetTrailStatus StartLogging", Resource: orgAudit, Region: "us-east-1"},
		{Name: "protected ARN of another region does not match", Event: stopOtherRegion, Mode: responderkit.ModeRemediate, Config: protect(orgAudit), Want: responderkit.ActionSkipped,
			Reason: "not protected", Calls: "", Resource: "arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-audit"},
		{Name: "protected name matches in any region", Event: stopOtherRegion, Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated,
			Calls: "GetTrailStatus StartLogging", Resource: "arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-audit", Region: "eu-west-1"},
		{Name: "protected ARN of another account does not match", Event: stop, Mode: responderkit.ModeRemediate, Config: protect("arn:aws:cloudtrail:us-east-1:222222222222:trail/org-audit"),
			Want: responderkit.ActionSkipped, Reason: "not protected", Calls: ""},
		{Name: "unprotected trail", Event: stop, Mode: responderkit.ModeRemediate, Config: protect("other-trail"), Want: responderkit.ActionSkipped, Reason: "not protected", Calls: ""},
		{Name: "already logging", Event: stop, Mode: responderkit.ModeRemediate, Mock: mockCT{status: logging(true)}, Want: responderkit.ActionCompliant,
			Reason: "trail is logging", Calls: "GetTrailStatus"},
		{Name: "dry-run", Event: stop, Mode: responderkit.ModeDryRun, Want: responderkit.ActionWouldRemediate, Calls: "GetTrailStatus"},
		{Name: "alert", Event: stop, Mode: responderkit.ModeAlert, Want: responderkit.ActionAlerted, Calls: "GetTrailStatus"},
		{Name: "off", Event: stop, Mode: responderkit.ModeOff, Want: responderkit.ActionSkipped, Reason: "mode off", Calls: ""},
		{Name: "exempt principal", Event: stop, Mode: responderkit.ModeRemediate,
			Config: func(c *settings.Config) {
				c.Responder.ExemptPrincipals = []string{"arn:aws:iam::111111111111:role/Ops"}
			}, Want: responderkit.ActionSkipped, Reason: "exempt principal", Calls: ""},
		{Name: "own call", Event: stop, Mode: responderkit.ModeRemediate,
			Config: func(c *settings.Config) { c.Responder.SelfRoleARN = "arn:aws:iam::111111111111:role/Ops" }, Want: responderkit.ActionSkipped, Reason: "own call", Calls: ""},
		{Name: "deleted trail is alerted", Event: del, Mode: responderkit.ModeRemediate, Want: responderkit.ActionAlerted,
			Reason: "cannot recreate", Calls: "", Resource: orgAudit},
		{Name: "deleted trail in dry-run", Event: del, Mode: responderkit.ModeDryRun, Want: responderkit.ActionAlerted, Calls: ""},
		{Name: "event selectors changed, still logging", Event: selectors, Mode: responderkit.ModeRemediate, Mock: mockCT{status: logging(true)},
			Want: responderkit.ActionCompliant, Reason: "change is reported", Calls: "GetTrailStatus", Resource: orgAudit},
		{Name: "event selectors changed, not logging", Event: selectors, Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated,
			Reason: "after PutEventSelectors", Calls: "GetTrailStatus StartLogging"},
		{Name: "update trail", Event: updateOK, Mode: responderkit.ModeRemediate, Mock: mockCT{status: logging(true)}, Want: responderkit.ActionCompliant,
			Calls: "GetTrailStatus", Resource: "arn:aws:cloudtrail:us-east-2:123456789012:trail/org-audit", Region: "us-east-2"},
		{Name: "no account: refused, not acted on in the home account", Event: testevent.Delete(t, testevent.Delete(t, stopByName, "recipientAccountId"), "userIdentity.accountId"),
			Mode: responderkit.ModeRemediate, Want: responderkit.ActionRejected, Reason: "names no account", Calls: ""},
		{Name: "failed update is skipped", Event: update, Mode: responderkit.ModeRemediate, Config: protect("myTrail2"), Want: responderkit.ActionSkipped, Reason: "TrailNotFoundException", Calls: ""},
		{Name: "trail gone", Event: stop, Mode: responderkit.ModeRemediate, Mock: mockCT{status: func(*ctsdk.GetTrailStatusInput) (*ctsdk.GetTrailStatusOutput, error) {
			return nil, respondertest.APIError("TrailNotFoundException")
		}}, Want: responderkit.ActionGone, Calls: "GetTrailStatus"},
		{Name: "SDK error", Event: stop, Mode: responderkit.ModeRemediate, Mock: mockCT{start: func(*ctsdk.StartLoggingInput) (*ctsdk.StartLoggingOutput, error) {
			return nil, respondertest.APIError("AccessDeniedException")
		}}, Want: responderkit.ActionFailed, Reason: "AccessDeniedException", Calls: "GetTrailStatus StartLogging"},
		{Name: "rejected without name", Event: testevent.Delete(t, stop, "requestParameters.name"), Mode: responderkit.ModeRemediate,
			Want: responderkit.ActionRejected, Calls: ""},
	})
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
	table.Actions(t, testevent.Load(t, "testdata/cloudtrail_StopLogging_arn.json"), settings.Actions, actiontest.Actions("cloudtrail", actiontest.Methods[CloudTrailAPI]()))
}

func TestConfigFromEnv(t *testing.T) {
	respondertest.Env(t, settings.ConfigFromEnv, map[string]string{contract.EnvMode: "remediate"},
		func(c settings.Config) string { return strings.Join(c.ProtectedTrails, " ") }, []respondertest.EnvRow{
			{Vars: map[string]string{contract.EnvProtectedTrails: "org-audit, " + orgAudit}, Want: "org-audit " + orgAudit},
			{Err: contract.EnvProtectedTrails + " is not set: must list the protected trails"},
			{Vars: map[string]string{contract.EnvProtectedTrails: ","}, Err: `TRAILBRIDGE_PROTECTED_TRAILS=",": must list the protected trails`},
			{Vars: map[string]string{contract.EnvProtectedTrails: "arn:aws:cloudtrail:us-east-1:111:trail/x"}, Err: `trail "arn:aws:cloudtrail:us-east-1:111:trail/x": must be a trail name`},
			{Vars: map[string]string{contract.EnvProtectedTrails: "a b"}, Err: `trail "a b"`},
			// The name part of an ARN obeys the trail name rules, as in the
			// app configuration (internal/contract.Trail).
			{Vars: map[string]string{contract.EnvProtectedTrails: "arn:aws:cloudtrail:us-east-1:111111111111:trail/x"},
				Err: `trail "arn:aws:cloudtrail:us-east-1:111111111111:trail/x": must be a trail name or trail ARN`},
		})
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
	faulttest.Run(t, "testdata/faults.golden.md", faulttest.Case{Name: settings.Name, Protocol: faulttest.JSON,
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
