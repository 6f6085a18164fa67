package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/trailbridge/trailbridge/detection"
	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/notify"
)

const topic = "arn:aws:sns:eu-west-1:111111111111:trailbridge-alerts"

var samples = filepath.Join("..", "..", "cloudtrail", "testdata", "samples", "events")

// envelope is the input the notifier receives for the record in file (a
// corpus record under samples) of detection d: the alert EventBridge's
// input transformer fills from the record's fields, and the whole event.
func envelope(t testing.TB, d detection.Detection, file string) []byte {
	t.Helper()
	event := withAccount(t, testevent.Wrap(t, testevent.Load(t, filepath.Join(samples, file))))
	var ev struct {
		Account string `json:"account"`
		Detail  struct {
			UserIdentity struct {
				ARN  string `json:"arn"`
				Type string `json:"type"`
			} `json:"userIdentity"`
			EventSource, EventName, ErrorCode, AWSRegion, SourceIPAddress, EventTime, EventID string
		} `json:"detail"`
	}
	if err := json.Unmarshal(event, &ev); err != nil {
		t.Fatal(err)
	}
	dt := ev.Detail
	a := detection.Alert{Detection: d.ID, Title: d.Title, Severity: d.Severity, Control: d.Control, Remediation: d.Remediation,
		Principal: dt.UserIdentity.ARN, PrincipalType: dt.UserIdentity.Type, Account: ev.Account,
		Service: dt.EventSource, EventName: dt.EventName, ErrorCode: dt.ErrorCode, Region: dt.AWSRegion,
		SourceIP: dt.SourceIPAddress, Time: dt.EventTime, EventID: dt.EventID}
	a.ConsoleURL = strings.NewReplacer("<region>", a.Region, "<eventID>", a.EventID).Replace(detection.ConsoleURLTemplate)
	b, err := json.Marshal(detection.Envelope{Alert: a, Event: event})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withAccount sets the event's account, as EventBridge does, from the
// record's userIdentity.accountId when the record has no
// recipientAccountId (testevent.Wrap leaves it empty then).
func withAccount(t testing.TB, event []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(event, &m); err != nil {
		t.Fatal(err)
	}
	if m["account"] == "" || m["account"] == nil {
		id, _ := m["detail"].(map[string]any)["userIdentity"].(map[string]any)["accountId"].(string)
		m["account"] = id
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func rootAccessKey(t testing.TB) detection.Detection {
	t.Helper()
	for _, d := range detection.Builtin() {
		if d.ID == "root-access-key" {
			return d
		}
	}
	t.Fatal("no built-in detection root-access-key")
	return detection.Detection{}
}

// publishFunc is an SNSAPI whose Publish is a func.
type publishFunc func(ctx context.Context, in *sns.PublishInput, optFns ...func(*sns.Options)) (*sns.PublishOutput, error)

func (f publishFunc) Publish(ctx context.Context, in *sns.PublishInput, optFns ...func(*sns.Options)) (*sns.PublishOutput, error) {
	return f(ctx, in, optFns...)
}

// recorder is an SNSAPI that keeps every Publish request and answers it
// with a message ID.
type recorder struct{ published []*sns.PublishInput }

func (r *recorder) Publish(_ context.Context, in *sns.PublishInput, _ ...func(*sns.Options)) (*sns.PublishOutput, error) {
	r.published = append(r.published, in)
	return &sns.PublishOutput{MessageId: aws.String("m")}, nil
}

// TestHandlePublishes checks, on real records, that the alert is published
// to the topic with the subject and body Render makes and the attributes
// a filter policy selects on.
func TestHandlePublishes(t *testing.T) {
	d := rootAccessKey(t)
	for _, file := range []string{"iam/CreateUser__awsdocs-cloudtrail__1.json", "cloudtrail/UpdateTrail__awsdocs-cloudtrail__1.json", "kms/DeleteKey__awsdocs-kms__1.json"} {
		input := envelope(t, d, file)
		rec := &recorder{}
		if err := New(notify.Config{TopicARN: topic}, rec, nil).Handle(context.Background(), input); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if len(rec.published) != 1 {
			t.Fatalf("%s: %d publishes, want 1", file, len(rec.published))
		}
		e, _ := Decode(input)
		subject, body := detection.Render(e)
		in := rec.published[0]
		if aws.ToString(in.TopicArn) != topic || aws.ToString(in.Subject) != subject || aws.ToString(in.Message) != body {
			t.Errorf("%s: published to %s subject %q message\n%s\nwant subject %q message\n%s", file, aws.ToString(in.TopicArn), aws.ToString(in.Subject), aws.ToString(in.Message), subject, body)
		}
		for name, want := range map[string]string{notify.AttributeSeverity: "critical", notify.AttributeDetection: "root-access-key"} {
			v := in.MessageAttributes[name]
			if aws.ToString(v.DataType) != "String" || aws.ToString(v.StringValue) != want {
				t.Errorf("%s: attribute %s = %s %q, want String %q", file, name, aws.ToString(v.DataType), aws.ToString(v.StringValue), want)
			}
		}
		if len(in.MessageAttributes) != 2 {
			t.Errorf("%s: attributes %v, want severity and detection", file, in.MessageAttributes)
		}
	}
}

// TestHandleOverTheWire publishes through the real SNS client to a fake
// endpoint and checks the request SNS receives.
func TestHandleOverTheWire(t *testing.T) {
	srv := awstest.NewServer(t, func(r awstest.Request) awstest.Response { return publishOK() })
	h := New(notify.Config{TopicARN: topic}, sns.NewFromConfig(awstest.Config(srv.URL(), "eu-west-1")), nil)
	input := envelope(t, rootAccessKey(t), "iam/CreateUser__awsdocs-cloudtrail__1.json")
	if err := h.Handle(context.Background(), input); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	f := reqs[0].Form
	attrs := map[string]string{}
	for i := 1; f.Get(fmt.Sprintf("MessageAttributes.entry.%d.Name", i)) != ""; i++ {
		p := fmt.Sprintf("MessageAttributes.entry.%d.", i)
		if f.Get(p+"Value.DataType") != "String" {
			t.Errorf("attribute %s: data type %q", f.Get(p+"Name"), f.Get(p+"Value.DataType"))
		}
		attrs[f.Get(p+"Name")] = f.Get(p + "Value.StringValue")
	}
	if f.Get("Action") != "Publish" || f.Get("TopicArn") != topic || !strings.HasPrefix(f.Get("Subject"), "[CRITICAL] root-access-key: iam:CreateUser by user/Alice") ||
		!strings.Contains(f.Get("Message"), "What to do: ") || attrs[notify.AttributeSeverity] != "critical" || attrs[notify.AttributeDetection] != "root-access-key" {
		t.Errorf("request form %v", f)
	}
}

func publishOK() awstest.Response {
	return awstest.XML(`<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>5f7c1a6e-0000-4000-8000-000000000001</MessageId></PublishResult><ResponseMetadata><RequestId>FAKE</RequestId></ResponseMetadata></PublishResponse>`)
}

// TestHandleMalformed checks that an input that is not an alert envelope
// is logged and returned as an error wrapping ErrMalformed, without a
// publish or a panic.
func TestHandleMalformed(t *testing.T) {
	raw := testevent.Wrap(t, testevent.Load(t, filepath.Join(samples, "iam/CreateUser__awsdocs-cloudtrail__1.json")))
	for name, c := range map[string]struct{ input, field string }{
		"not json":         {`{"alert":`, ""},
		"array":            {`[]`, ""},
		"null":             {`null`, "alert.detection"},
		"empty":            {`{}`, "alert.detection"},
		"untransformed":    {string(raw), "alert.detection"},
		"no detection":     {`{"alert":{"severity":"high"}}`, "alert.detection"},
		"no severity":      {`{"alert":{"detection":"x"}}`, "alert.severity"},
		"bad severity":     {`{"alert":{"detection":"x","severity":"urgent"}}`, "alert.severity"},
		"detection type":   {`{"alert":{"detection":7,"severity":"low"}}`, ""},
		"alert not object": {`{"alert":"x"}`, ""},
	} {
		var logs bytes.Buffer
		rec := &recorder{}
		err := New(notify.Config{TopicARN: topic}, rec, slog.New(slog.NewJSONHandler(&logs, nil))).Handle(context.Background(), json.RawMessage(c.input))
		if len(rec.published) != 0 {
			t.Errorf("%s: published", name)
		}
		if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: err %v; want ErrMalformed naming %q", name, err, c.field)
		}
		var line map[string]any
		if json.Unmarshal(logs.Bytes(), &line) != nil || line["level"] != "ERROR" || line["msg"] != "malformed input" || line["function"] != notify.Name || line["error"] == "" {
			t.Errorf("%s: log %s", name, logs.String())
		}
	}
}

// TestHandlePublishErrors checks that every publish error is returned,
// wrapped (errors.Is and the AWS error code survive), and logged: errors
// without a code (timeouts, resets, DNS), AWS errors, and a success
// without a message ID.
func TestHandlePublishErrors(t *testing.T) {
	input := envelope(t, rootAccessKey(t), "iam/CreateUser__awsdocs-cloudtrail__1.json")
	faulttest.CheckErrors(t, []string{"AuthorizationError", "KMSThrottling", "Throttled"}, func(cause error, logger *slog.Logger) error {
		h := New(notify.Config{TopicARN: topic}, publishFunc(func(context.Context, *sns.PublishInput, ...func(*sns.Options)) (*sns.PublishOutput, error) {
			return nil, cause
		}), logger)
		return h.Handle(context.Background(), input)
	}, func(cause, _ error, log string) {
		if !strings.Contains(log, `"msg":"publish failed"`) || !strings.Contains(log, `"detection":"root-access-key"`) {
			t.Errorf("%v: log %s", cause, log)
		}
	})
	h := New(notify.Config{TopicARN: topic}, publishFunc(func(context.Context, *sns.PublishInput, ...func(*sns.Options)) (*sns.PublishOutput, error) {
		return &sns.PublishOutput{}, nil
	}), nil)
	if err := h.Handle(context.Background(), input); err == nil {
		t.Error("a publish answered without a message ID: no error")
	}
}

// TestFaults publishes through the SDK configured as in Lambda (package
// faulttest: the standard retryer, backoff shortened) to an endpoint that
// injects each fault into every attempt ("always") or the first one only
// ("once"). The rule: Handle returns nil only when SNS answered a Publish
// with success, and otherwise an error (Lambda retries, then
// dead-letters). Every "always" fault must be an error.
func TestFaults(t *testing.T) {
	input := envelope(t, rootAccessKey(t), "iam/CreateUser__awsdocs-cloudtrail__1.json")
	faulttest.RunWrite(t, faulttest.Write{
		Operation: "Publish",
		Protocol:  faulttest.Query,
		OK:        publishOK(),
		Errors: []faulttest.ErrorAnswer{
			{Name: "500", Status: http.StatusInternalServerError, Code: "InternalError", Retried: true},
			// SNS's throttling error: 400 Throttled.
			{Name: "throttle", Status: http.StatusBadRequest, Code: "Throttled", Retried: true},
			{Name: "kms throttling", Status: http.StatusBadRequest, Code: "KMSThrottling", Retried: true},
			{Name: "not authorized", Status: http.StatusForbidden, Code: "AuthorizationError"},
		},
		Handle: func(ctx context.Context, cfg aws.Config) error {
			return New(notify.Config{TopicARN: topic}, NewClient(cfg), nil).Handle(ctx, input)
		},
	})
}
