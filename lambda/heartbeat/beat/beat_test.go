package beat

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/trailbridge/trailbridge/lambda/heartbeat"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
)

// param is the parameter of the heartbeat of us-west-2.
var param = heartbeat.ParameterName("Trailbridge", "us-west-2")

// schedule is what an EventBridge schedule rule sends.
const schedule = `{"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event","source":"aws.events","account":"111111111111","time":"2024-05-02T10:00:00Z","region":"us-west-2","resources":["arn:aws:events:us-west-2:111111111111:rule/beat"],"detail":{}}`

type putFunc func(ctx context.Context, in *ssm.PutParameterInput, optFns ...func(*ssm.Options)) (*ssm.PutParameterOutput, error)

func (f putFunc) PutParameter(ctx context.Context, in *ssm.PutParameterInput, optFns ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
	return f(ctx, in, optFns...)
}

// TestHandleBeats checks the call: PutParameter of the configured
// parameter, overwriting, a String holding the time.
func TestHandleBeats(t *testing.T) {
	var got []*ssm.PutParameterInput
	var logs bytes.Buffer
	h := New(heartbeat.Config{Parameter: param}, putFunc(func(_ context.Context, in *ssm.PutParameterInput, _ ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
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
	h := New(heartbeat.Config{Parameter: param}, NewClient(awstest.Config(srv.URL(), "us-west-2")), nil)
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
		h := New(heartbeat.Config{Parameter: param}, putFunc(func(context.Context, *ssm.PutParameterInput, ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
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
		h := New(heartbeat.Config{Parameter: param}, putFunc(func(context.Context, *ssm.PutParameterInput, ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
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
			return New(heartbeat.Config{Parameter: param}, NewClient(cfg), nil).Handle(ctx, json.RawMessage(schedule))
		},
	})
}
