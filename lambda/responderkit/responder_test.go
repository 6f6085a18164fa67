package responderkit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

const record = `{
  "eventVersion": "1.09",
  "userIdentity": {
    "type": "AssumedRole",
    "principalId": "AROAEXAMPLE:alice",
    "arn": "arn:aws:sts::111111111111:assumed-role/Developer/alice",
    "accountId": "111111111111",
    "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::111111111111:role/team/Developer", "accountId": "111111111111", "userName": "Developer"}}
  },
  "eventTime": "2024-05-02T10:01:12Z",
  "eventSource": "s3.amazonaws.com",
  "eventName": "PutBucketPolicy",
  "awsRegion": "eu-west-1",
  "requestParameters": {"bucketName": "example-bucket"},
  "eventID": "0b6b0b4e-1c1f-4c55-9d3e-6d1c0e5d1a01",
  "recipientAccountId": "111111111111"
}`

func event(t *testing.T, edits map[string]any) []byte {
	t.Helper()
	var rec map[string]any
	if err := json.Unmarshal([]byte(record), &rec); err != nil {
		t.Fatal(err)
	}
	for k, v := range edits {
		rec[k] = v
	}
	b, err := json.Marshal(map[string]any{"version": "0", "id": "1", "detail-type": cloudtrail.DetailTypeAPICall,
		"source": "aws.s3", "account": "111111111111", "region": "eu-west-1", "resources": []string{}, "detail": rec})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func spec(respond responderkit.Func) responderkit.Spec {
	return responderkit.Spec{Name: "test", Events: map[string][]string{cloudtrail.SourceS3: {"PutBucketPolicy"}}, Respond: respond}
}

func remediate(_ context.Context, ev *responderkit.Event) (responderkit.Decision, error) {
	return ev.Decide(responderkit.ActionRemediated, "arn:aws:s3:::example-bucket", "fixed", map[string]any{"n": 1}), nil
}

func TestHandlerGates(t *testing.T) {
	tests := []struct {
		name   string
		cfg    responderkit.Config
		event  []byte
		want   responderkit.Action
		reason string
		err    bool
	}{
		{"acts", responderkit.Config{Mode: responderkit.ModeRemediate}, event(t, nil), responderkit.ActionRemediated, "fixed", false},
		{"mode off", responderkit.Config{Mode: responderkit.ModeOff}, event(t, nil), responderkit.ActionSkipped, "mode off", false},
		{"failed call", responderkit.Config{Mode: responderkit.ModeRemediate}, event(t, map[string]any{"errorCode": "AccessDenied"}), responderkit.ActionSkipped, "the call failed (AccessDenied)", false},
		{"own role with path", responderkit.Config{Mode: responderkit.ModeRemediate, SelfRoleARN: "arn:aws:iam::111111111111:role/team/Developer"}, event(t, nil), responderkit.ActionSkipped, "own call", false},
		{"own role, session ARN only", responderkit.Config{Mode: responderkit.ModeRemediate, SelfRoleARN: "arn:aws:iam::111111111111:role/x/Developer"},
			event(t, map[string]any{"userIdentity": map[string]any{"type": "AssumedRole", "arn": "arn:aws:sts::111111111111:assumed-role/Developer/s", "accountId": "111111111111"}}),
			responderkit.ActionSkipped, "own call", false},
		{"same role name, other account", responderkit.Config{Mode: responderkit.ModeRemediate, SelfRoleARN: "arn:aws:iam::111111111111:role/Developer"},
			event(t, map[string]any{"recipientAccountId": "111111111111", "userIdentity": map[string]any{"type": "AssumedRole", "arn": "arn:aws:sts::222222222222:assumed-role/Developer/s", "accountId": "222222222222"}}),
			responderkit.ActionRemediated, "fixed", false},
		{"other account", responderkit.Config{Mode: responderkit.ModeRemediate, SelfRoleARN: "arn:aws:iam::222222222222:role/tb"}, event(t, nil), responderkit.ActionSkipped, "event from account 111111111111, not this account (222222222222), and no member role is configured", false},
		{"exempt role pattern", responderkit.Config{Mode: responderkit.ModeRemediate, ExemptPrincipals: []string{"arn:aws:iam::*:role/team/*"}}, event(t, nil), responderkit.ActionSkipped, "exempt principal (matches arn:aws:iam::*:role/team/*)", false},
		{"exempt session pattern", responderkit.Config{Mode: responderkit.ModeRemediate, ExemptPrincipals: []string{"arn:aws:sts::111111111111:assumed-role/Developer/ali?e"}}, event(t, nil), responderkit.ActionSkipped, "exempt principal", false},
		{"pattern not matching", responderkit.Config{Mode: responderkit.ModeRemediate, ExemptPrincipals: []string{"arn:aws:iam::111111111111:role/Developer"}}, event(t, nil), responderkit.ActionRemediated, "fixed", false},
		{"malformed", responderkit.Config{Mode: responderkit.ModeRemediate}, []byte(`{"detail": {"eventVersion": "x"}}`), responderkit.ActionRejected, "cloudtrail:", true},
		{"not JSON", responderkit.Config{Mode: responderkit.ModeRemediate}, []byte(`not json`), responderkit.ActionRejected, "malformed JSON", true},
		{"unsupported", responderkit.Config{Mode: responderkit.ModeRemediate}, event(t, map[string]any{"eventName": "DeleteBucket"}), responderkit.ActionRejected, "unsupported event s3.amazonaws.com DeleteBucket", true},
		{"unsupported even when off", responderkit.Config{Mode: responderkit.ModeOff}, event(t, map[string]any{"eventSource": "ec2.amazonaws.com"}), responderkit.ActionRejected, "unsupported", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := responderkit.NewHandler(tt.cfg, spec(remediate), nil).Decide(context.Background(), tt.event)
			if (err != nil) != tt.err {
				t.Fatalf("err = %v", err)
			}
			if tt.err && tt.want == responderkit.ActionRejected && !errors.As(err, new(*responderkit.RejectedError)) {
				t.Errorf("err = %T, want *RejectedError", err)
			}
			if d.Action != tt.want || !strings.Contains(d.Reason, tt.reason) {
				t.Errorf("decision = %s %q, want %s %q", d.Action, d.Reason, tt.want, tt.reason)
			}
			if d.Mode != tt.cfg.Mode {
				t.Errorf("mode = %q", d.Mode)
			}
		})
	}
}

func TestEventNameVersions(t *testing.T) {
	s := responderkit.Spec{Events: map[string][]string{cloudtrail.SourceLambda: {"CreateFunction20150331"}}, Respond: remediate}
	h := responderkit.NewHandler(responderkit.Config{Mode: responderkit.ModeRemediate}, s, nil)
	for name, ok := range map[string]bool{
		"CreateFunction20150331": true, "CreateFunction20260101": true, "CreateFunction": true,
		"CreateFunctionUrlConfig20221031": false, "UpdateFunctionCode20150331v2": false,
	} {
		_, err := h.Decide(context.Background(), event(t, map[string]any{"eventSource": cloudtrail.SourceLambda, "eventName": name}))
		if (err == nil) != ok {
			t.Errorf("%s: err = %v, want handled %v", name, err, ok)
		}
	}
}

func TestHandleLogsOneJSONLine(t *testing.T) {
	var buf bytes.Buffer
	h := responderkit.NewHandler(responderkit.Config{Mode: responderkit.ModeRemediate}, spec(remediate), responderkit.NewLogger(&buf))
	d, err := h.Handle(context.Background(), event(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("log = %q, want one line", buf.String())
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"level": "INFO", "msg": "decision", "responder": "test",
		"eventID": "0b6b0b4e-1c1f-4c55-9d3e-6d1c0e5d1a01", "eventName": "PutBucketPolicy",
		"principal": "arn:aws:iam::111111111111:role/team/Developer", "resource": "arn:aws:s3:::example-bucket",
		"mode": "remediate", "action": "remediated", "reason": "fixed", "details": map[string]any{"n": 1.0},
	}
	delete(got, "time")
	gb, _ := json.Marshal(got)
	wb, _ := json.Marshal(want)
	if string(gb) != string(wb) {
		t.Errorf("log line\n got %s\nwant %s", gb, wb)
	}
	if d.Action != responderkit.ActionRemediated {
		t.Errorf("returned %+v", d)
	}
}

func TestHandleErrors(t *testing.T) {
	sdkErr := errors.New("AccessDenied")
	tests := []struct {
		name    string
		respond responderkit.Func
		want    responderkit.Action
		level   string
	}{
		{"SDK error", func(context.Context, *responderkit.Event) (responderkit.Decision, error) {
			return responderkit.Decision{}, sdkErr
		}, responderkit.ActionFailed, "ERROR"},
		{"rejected by logic", func(context.Context, *responderkit.Event) (responderkit.Decision, error) {
			return responderkit.Decision{}, responderkit.Reject(errors.New("no bucket"))
		}, responderkit.ActionRejected, "WARN"},
		{"panic", func(context.Context, *responderkit.Event) (responderkit.Decision, error) { panic("boom") }, responderkit.ActionFailed, "ERROR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			h := responderkit.NewHandler(responderkit.Config{Mode: responderkit.ModeRemediate}, spec(tt.respond), responderkit.NewLogger(&buf))
			d, err := h.Handle(context.Background(), event(t, nil))
			if err == nil {
				t.Fatal("no error")
			}
			if d.Action != tt.want || d.EventID == "" {
				t.Errorf("decision = %+v", d)
			}
			var line map[string]any
			if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
				t.Fatal(err)
			}
			if line["level"] != tt.level || line["action"] != string(tt.want) {
				t.Errorf("log = %v", line)
			}
		})
	}
	var pe *responderkit.PanicError
	_, err := responderkit.NewHandler(responderkit.Config{Mode: responderkit.ModeRemediate}, spec(tests[2].respond), nil).Decide(context.Background(), event(t, nil))
	if !errors.As(err, &pe) || pe.Value != "boom" || len(pe.Stack) == 0 {
		t.Errorf("panic err = %#v", err)
	}
}

func TestHandleSQS(t *testing.T) {
	calls := 0
	respond := func(_ context.Context, ev *responderkit.Event) (responderkit.Decision, error) {
		calls++
		if ev.Record.EventID == "fail" {
			return responderkit.Decision{}, errors.New("throttled")
		}
		return ev.Decide(responderkit.ActionCompliant, "", "ok", nil), nil
	}
	var buf bytes.Buffer
	h := responderkit.NewHandler(responderkit.Config{Mode: responderkit.ModeRemediate}, spec(respond), responderkit.NewLogger(&buf))
	in := events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "m1", Body: string(event(t, nil))},
		{MessageId: "m2", Body: "not an event"},
		{MessageId: "m3", Body: string(event(t, map[string]any{"eventID": "fail"}))},
		{MessageId: "m4", Body: string(event(t, map[string]any{"errorCode": "X"}))},
	}}
	resp, err := h.HandleSQS(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(resp)
	if want := `{"batchItemFailures":[{"itemIdentifier":"m2"},{"itemIdentifier":"m3"}]}`; string(b) != want {
		t.Errorf("response = %s, want %s", b, want)
	}
	if calls != 2 || strings.Count(buf.String(), "\n") != 4 {
		t.Errorf("calls = %d, log:\n%s", calls, buf.String())
	}

	// Messages left when the deadline has passed are returned unhandled.
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	resp, _ = h.HandleSQS(ctx, in)
	if len(resp.BatchItemFailures) != 4 {
		t.Errorf("after deadline: %+v", resp)
	}

	resp, _ = h.HandleSQS(context.Background(), events.SQSEvent{})
	if b, _ := json.Marshal(resp); string(b) != `{"batchItemFailures":[]}` {
		t.Errorf("empty batch: %s", b)
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{
		contract.EnvMode:             "dry-run",
		contract.EnvExemptPrincipals: " arn:aws:iam::111111111111:role/Admin* ,arn:aws:iam::*:user/break-glass,",
		contract.EnvSelfRoleARN:      "arn:aws:iam::111111111111:role/service/trailbridge-fn",
		contract.EnvExemptTag:        "owner:exempt=yes=really",
	}
	c, err := responderkit.ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.Mode != responderkit.ModeDryRun || len(c.ExemptPrincipals) != 2 || c.ExemptPrincipals[1] != "arn:aws:iam::*:user/break-glass" ||
		c.SelfRoleARN != env[contract.EnvSelfRoleARN] || c.ExemptTag != (responderkit.Tag{Key: "owner:exempt", Value: "yes=really"}) {
		t.Errorf("config = %+v", c)
	}
	c, err = responderkit.ConfigFromEnv(func(k string) string { return map[string]string{contract.EnvMode: "off"}[k] })
	if err != nil || c.ExemptTag.String() != responderkit.DefaultExemptTag || c.SelfRoleARN != "" || c.ExemptPrincipals != nil {
		t.Errorf("defaults: %+v, %v", c, err)
	}
}

func TestConfigFromEnvReportsEveryProblem(t *testing.T) {
	tests := []struct {
		vars map[string]string
		want []string
	}{
		{map[string]string{}, []string{`TRAILBRIDGE_MODE is not set: must be one of off, alert, dry-run, remediate`}},
		{map[string]string{contract.EnvMode: "Remediate"}, []string{`TRAILBRIDGE_MODE="Remediate": must be one of off, alert, dry-run, remediate`}},
		{map[string]string{contract.EnvMode: "dryrun"}, []string{`TRAILBRIDGE_MODE="dryrun": must be one of`}},
		{map[string]string{contract.EnvMode: "off", contract.EnvExemptPrincipals: "Admin"}, []string{`TRAILBRIDGE_EXEMPT_PRINCIPALS="Admin": pattern "Admin": must be an ARN pattern starting with "arn:"`}},
		{map[string]string{contract.EnvMode: "off", contract.EnvSelfRoleARN: "arn:aws:sts::111111111111:assumed-role/fn/x"}, []string{`TRAILBRIDGE_SELF_ROLE_ARN="arn:aws:sts::111111111111:assumed-role/fn/x": must be an IAM role ARN`}},
		{map[string]string{contract.EnvMode: "off", contract.EnvExemptTag: "exempt"}, []string{`TRAILBRIDGE_EXEMPT_TAG="exempt": must be key=value`}},
		{map[string]string{contract.EnvMode: "off", contract.EnvExemptTag: "=true"}, []string{`TRAILBRIDGE_EXEMPT_TAG="=true": must be key=value`}},
		{map[string]string{contract.EnvMode: "off", contract.EnvExemptTag: "aws:x=true"}, []string{`the key a tag key of 1 to 128 characters not starting with "aws:"`}},
		{map[string]string{contract.EnvMode: "on", contract.EnvExemptPrincipals: "x", contract.EnvSelfRoleARN: "y", contract.EnvExemptTag: "z"},
			[]string{contract.EnvMode + "=", contract.EnvExemptPrincipals + "=", contract.EnvSelfRoleARN + "=", contract.EnvExemptTag + "="}},
	}
	for _, tt := range tests {
		_, err := responderkit.ConfigFromEnv(func(k string) string { return tt.vars[k] })
		if err == nil {
			t.Errorf("%v: no error", tt.vars)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: error %q does not contain %q", tt.vars, err, w)
			}
		}
		var ee *responderkit.EnvError
		if !errors.As(err, &ee) {
			t.Errorf("%v: %T is not an *EnvError", tt.vars, err)
		}
	}
}

func TestParseMode(t *testing.T) {
	for _, m := range responderkit.Modes {
		if got, err := responderkit.ParseMode(string(m)); err != nil || got != m {
			t.Errorf("ParseMode(%q) = %q, %v", m, got, err)
		}
	}
	for _, s := range []string{"", "OFF", " alert", "dry_run", "remediate\n"} {
		if _, err := responderkit.ParseMode(s); err == nil {
			t.Errorf("ParseMode(%q) accepted", s)
		}
	}
	for m, want := range map[responderkit.Mode]responderkit.Action{responderkit.ModeOff: responderkit.ActionSkipped, responderkit.ModeAlert: responderkit.ActionAlerted,
		responderkit.ModeDryRun: responderkit.ActionWouldRemediate, responderkit.ModeRemediate: responderkit.ActionRemediated} {
		if got := m.Outcome(); got != want {
			t.Errorf("%s.Outcome() = %s", m, got)
		}
		if m.Acts() != (m == responderkit.ModeRemediate) {
			t.Errorf("%s.Acts() = %v", m, m.Acts())
		}
	}
}

func TestPrincipal(t *testing.T) {
	tests := []struct {
		id   cloudtrail.UserIdentity
		want string
	}{
		{cloudtrail.UserIdentity{Type: "IAMUser", ARN: "arn:aws:iam::1:user/bob"}, "arn:aws:iam::1:user/bob"},
		{cloudtrail.UserIdentity{Type: "AWSService", InvokedBy: "ec2.amazonaws.com"}, "ec2.amazonaws.com"},
		{cloudtrail.UserIdentity{Type: "IdentityCenterUser", AccountID: "111111111111"}, "account:111111111111"},
		{cloudtrail.UserIdentity{}, "unknown"},
	}
	for _, tt := range tests {
		if got := responderkit.Principal(tt.id); got != tt.want {
			t.Errorf("Principal(%+v) = %q", tt.id, got)
		}
	}
}

func TestPartition(t *testing.T) {
	for region, want := range map[string]string{"eu-west-1": "aws", "cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov", "": "aws"} {
		if got := responderkit.Partition(region); got != want {
			t.Errorf("Partition(%q) = %q", region, got)
		}
	}
}

// TestTargetChecks checks that a responder acting on the record's
// resources never gets a record without an account (it acted in the home
// account before) or with a malformed awsRegion (a 1 MB region made the
// SDK fail without an error code): both are rejected before Respond.
// AnyAccount specs (the audit report) still get them.
func TestTargetChecks(t *testing.T) {
	base := map[string]any{
		"eventVersion": "1.09", "eventTime": "2024-05-02T10:01:12Z", "eventSource": "s3.amazonaws.com",
		"eventName": "PutBucketPolicy", "awsRegion": "eu-west-1", "eventID": "e1",
		"userIdentity": map[string]any{"type": "IAMUser", "arn": "arn:aws:iam::111111111111:user/bob", "accountId": "111111111111"},
	}
	edit := func(f func(m map[string]any)) []byte {
		m := map[string]any{}
		for k, v := range base {
			m[k] = v
		}
		m["userIdentity"] = map[string]any{"type": "IAMUser", "arn": "arn:aws:iam::111111111111:user/bob", "accountId": "111111111111"}
		f(m)
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tt := range []struct {
		name   string
		event  []byte
		reason string
	}{
		{"no account", edit(func(m map[string]any) { delete(m["userIdentity"].(map[string]any), "accountId") }), "names no account"},
		{"1 MB region", edit(func(m map[string]any) { m["awsRegion"] = strings.Repeat("x", 1<<20) }), "not a region name"},
		{"region with a slash", edit(func(m map[string]any) { m["awsRegion"] = "eu-west-1/../x" }), "not a region name"},
	} {
		for _, anyAccount := range []bool{false, true} {
			called := false
			spec := responderkit.Spec{Name: "t", AnyAccount: anyAccount, Respond: func(ctx context.Context, ev *responderkit.Event) (responderkit.Decision, error) {
				called = true
				return ev.Decide(responderkit.ActionRemediated, "", "acted", nil), nil
			}}
			d, err := responderkit.NewHandler(responderkit.Config{Mode: responderkit.ModeRemediate}, spec, nil).Decide(context.Background(), tt.event)
			if anyAccount {
				if !called || err != nil {
					t.Errorf("%s, AnyAccount: called %v, err %v; want Respond called", tt.name, called, err)
				}
				continue
			}
			if called || !errors.As(err, new(*responderkit.RejectedError)) || d.Action != responderkit.ActionRejected || !strings.Contains(d.Reason, tt.reason) || len(d.Reason) > 300 {
				t.Errorf("%s: called %v, decision %s %.300q, err %v; want rejected before Respond, reason %q", tt.name, called, d.Action, d.Reason, err, tt.reason)
			}
		}
	}
}

// TestOrDiscard checks that a handler built with a nil logger logs
// nothing and does not fail, and that a given logger is used as it is.
func TestOrDiscard(t *testing.T) {
	if l := responderkit.OrDiscard(nil); l == nil || l.Enabled(context.Background(), slog.LevelError) {
		t.Errorf("OrDiscard(nil) = %v, want a logger that discards every level", l)
	}
	var buf bytes.Buffer
	l := responderkit.NewLogger(&buf)
	if responderkit.OrDiscard(l) != l {
		t.Error("OrDiscard(logger) is not logger")
	}
}
