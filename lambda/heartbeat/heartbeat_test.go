package heartbeat

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/trailbridge/trailbridge/eventpattern"
	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/pattern"
)

const param = "/Trailbridge/heartbeat/us-west-2"

// sample is the CloudTrail record of the heartbeat's call (lambda/cloudtrail's
// corpus, see its manifest).
var sample = filepath.Join("..", "cloudtrail", "testdata", "samples", "events", "ssm", "PutParameter__synthesized__1.json")

// schedule is what an EventBridge schedule rule sends.
const schedule = `{"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event","source":"aws.events","account":"111111111111","time":"2024-05-02T10:00:00Z","region":"us-west-2","resources":["arn:aws:events:us-west-2:111111111111:rule/beat"],"detail":{}}`

type putFunc func(ctx context.Context, in *ssm.PutParameterInput, optFns ...func(*ssm.Options)) (*ssm.PutParameterOutput, error)

func (f putFunc) PutParameter(ctx context.Context, in *ssm.PutParameterInput, optFns ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
	return f(ctx, in, optFns...)
}

func TestParameterName(t *testing.T) {
	if got := ParameterName("Trailbridge", "us-west-2"); got != param {
		t.Errorf("ParameterName = %q, want %q", got, param)
	}
	for name, ok := range map[string]bool{
		param: true, "/a": true, "/a.b/c_d-e": true,
		"": false, "a/b": false, "/a b": false, "/a//b": false, "/a/": false, "/aws/x": false, "/SSM/x": false, "/a/b#c": false,
		"/" + strings.Repeat("x", 1011): false,
	} {
		if ValidParameterName(name) != ok {
			t.Errorf("ValidParameterName(%q) = %v, want %v", name, !ok, ok)
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	for _, value := range []string{param, "", "heartbeat", "/aws/heartbeat"} {
		cfg, err := ConfigFromEnv(func(k string) string {
			if k == EnvParameter {
				return value
			}
			return ""
		})
		ok := value == param
		if ok != (err == nil) {
			t.Errorf("%q: err %v", value, err)
			continue
		}
		if ok && cfg.Parameter != value {
			t.Errorf("%q: Parameter %q", value, cfg.Parameter)
		}
		if !ok && (!strings.Contains(err.Error(), EnvParameter) || !strings.Contains(err.Error(), ParameterRule) || value != "" && !strings.Contains(err.Error(), value)) {
			t.Errorf("%q: error %q must name the variable, the value and what is allowed", value, err)
		}
	}
}

// TestSpecMatchesTheCall checks, on the CloudTrail record of the call the
// handler makes, that the forwarders' pattern (Spec) and the home rule's
// (HomeSpec) match it, and that neither matches the same call on another
// parameter, a failed call, another call on the parameter, or (HomeSpec)
// the call in another region.
func TestSpecMatchesTheCall(t *testing.T) {
	record := testevent.Load(t, sample)
	event := testevent.Wrap(t, record)
	matches := func(s pattern.Spec, ev []byte) bool {
		t.Helper()
		p, err := pattern.Build(s)
		if err != nil {
			t.Fatal(err)
		}
		pj, err := pattern.JSON(p)
		if err != nil {
			t.Fatal(err)
		}
		cp, err := eventpattern.Compile([]byte(pj))
		if err != nil {
			t.Fatal(err)
		}
		ok, err := cp.Match(ev)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !matches(Spec(param), event) || !matches(HomeSpec(param, "us-west-2"), event) {
		t.Fatal("the heartbeat's own call is not matched")
	}
	others := map[string][]byte{
		"another parameter": testevent.Set(t, event, "requestParameters.name", "/app/db-password"),
		"a failed call":     testevent.Set(t, event, "errorCode", "AccessDeniedException"),
		"another call":      testevent.Set(t, event, "eventName", "DeleteParameter"),
	}
	for name, ev := range others {
		if matches(Spec(param), ev) || matches(HomeSpec(param, "us-west-2"), ev) {
			t.Errorf("%s is matched", name)
		}
	}
	if matches(HomeSpec(param, "eu-west-1"), event) {
		t.Error("HomeSpec of eu-west-1 matches the heartbeat of us-west-2")
	}
	if matches(Spec(ParameterName("Trailbridge", "eu-west-1")), event) {
		t.Error("the Spec of eu-west-1's parameter matches us-west-2's heartbeat")
	}
}

// TestHandleBeats checks the call: PutParameter of the configured
// parameter, overwriting, a String holding the time.
func TestHandleBeats(t *testing.T) {
	var got []*ssm.PutParameterInput
	var logs bytes.Buffer
	h := New(Config{Parameter: param}, putFunc(func(_ context.Context, in *ssm.PutParameterInput, _ ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
		got = append(got, in)
		return &ssm.PutParameterOutput{Version: 7}, nil
	}), slogTo(&logs))
	at := time.Date(2024, 5, 2, 10, 0, 1, 0, time.FixedZone("x", 3600))
	h.now = func() time.Time { return at }
	if err := h.Handle(context.Background(), json.RawMessage(schedule)); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("%d calls, want 1", len(got))
	}
	in := got[0]
	if aws.ToString(in.Name) != param || aws.ToString(in.Value) != "2024-05-02T09:00:01Z" || in.Type != "String" || !aws.ToBool(in.Overwrite) {
		t.Errorf("PutParameter name %q value %q type %q overwrite %v", aws.ToString(in.Name), aws.ToString(in.Value), in.Type, aws.ToBool(in.Overwrite))
	}
	if !strings.Contains(logs.String(), `"msg":"heartbeat"`) || !strings.Contains(logs.String(), `"version":7`) {
		t.Errorf("log %s", logs.String())
	}
	// Any input beats: the schedule is the only caller.
	for _, input := range []string{``, `null`, `[]`, `{"id":7}`} {
		if err := h.Handle(context.Background(), json.RawMessage(input)); err != nil {
			t.Errorf("input %q: %v", input, err)
		}
	}
}

// TestHandleOverTheWire writes through the real SSM client to a fake
// endpoint and checks the request SSM receives.
func TestHandleOverTheWire(t *testing.T) {
	srv := awstest.NewServer(t, func(awstest.Request) awstest.Response { return putOK() })
	h := New(Config{Parameter: param}, NewClient(awstest.Config(srv.URL(), "us-west-2")), nil)
	if err := h.Handle(context.Background(), json.RawMessage(schedule)); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	var body map[string]any
	if err := json.Unmarshal(reqs[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if reqs[0].Header.Get("X-Amz-Target") != "AmazonSSM.PutParameter" || body["Name"] != param || body["Overwrite"] != true || body["Type"] != "String" {
		t.Errorf("request %s %s", reqs[0].Header.Get("X-Amz-Target"), reqs[0].Body)
	}
	if _, err := time.Parse(time.RFC3339, fmt.Sprint(body["Value"])); err != nil {
		t.Errorf("value %v is not a time: %v", body["Value"], err)
	}
}

func putOK() awstest.Response {
	return awstest.Response{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}}, Body: `{"Version":42,"Tier":"Standard"}`}
}

func slogTo(w *bytes.Buffer) *slog.Logger { return slog.New(slog.NewJSONHandler(w, nil)) }

// TestHandleErrors checks that every failed call is returned, wrapped
// (errors.Is and the AWS error code survive), and logged, and that an
// answer without a version is an error too: a beat is reported only when
// SSM accepted the write.
func TestHandleErrors(t *testing.T) {
	faulttest.CheckErrors(t, []string{"AccessDeniedException", "ThrottlingException", "TooManyUpdates", "ParameterMaxVersionLimitExceeded"}, func(cause error, logger *slog.Logger) error {
		h := New(Config{Parameter: param}, putFunc(func(context.Context, *ssm.PutParameterInput, ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
			return nil, cause
		}), logger)
		return h.Handle(context.Background(), json.RawMessage(schedule))
	}, func(cause, err error, log string) {
		if !strings.Contains(err.Error(), param) {
			t.Errorf("%v: err %v; want it naming the parameter", cause, err)
		}
		if !strings.Contains(log, `"msg":"heartbeat failed"`) || !strings.Contains(log, `"parameter":"`+param+`"`) {
			t.Errorf("%v: log %s", cause, log)
		}
	})
	for _, out := range []*ssm.PutParameterOutput{nil, {}} {
		h := New(Config{Parameter: param}, putFunc(func(context.Context, *ssm.PutParameterInput, ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
			return out, nil
		}), nil)
		if err := h.Handle(context.Background(), nil); err == nil {
			t.Errorf("answer %+v without a version: no error", out)
		}
	}
}

// TestFaults writes through the SDK configured as in Lambda (package
// faulttest: the standard retryer, backoff shortened) to an endpoint that
// injects each fault into every attempt ("always") or the first one only
// ("once"). The rule: Handle returns nil only when SSM accepted a
// PutParameter, and otherwise an error (Lambda retries; the Errors alarm
// fires). Every "always" fault must be an error.
func TestFaults(t *testing.T) {
	faulttest.RunWrite(t, faulttest.Write{
		Operation: "PutParameter",
		Protocol:  faulttest.JSON,
		OK:        putOK(),
		Errors: []faulttest.ErrorAnswer{
			{Name: "500", Status: http.StatusInternalServerError, Code: "InternalServerError", Retried: true},
			{Name: "throttle", Status: http.StatusBadRequest, Code: "ThrottlingException", Retried: true},
			{Name: "too many updates", Status: http.StatusBadRequest, Code: "TooManyUpdates", Retried: true},
			{Name: "access denied", Status: http.StatusBadRequest, Code: "AccessDeniedException"},
		},
		Handle: func(ctx context.Context, cfg aws.Config) error {
			return New(Config{Parameter: param}, NewClient(cfg), nil).Handle(ctx, json.RawMessage(schedule))
		},
	})
}
