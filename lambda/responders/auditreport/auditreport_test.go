package auditreport

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/internal/actiontest"
	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/respondertest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responders/auditreport/settings"
)

type putFunc func(in *s3.PutObjectInput, body []byte) (*s3.PutObjectOutput, error)

type object struct {
	key, contentType, ifNoneMatch string
	body                          []byte
}

type mockS3 struct {
	rec  *actiontest.Recorder
	put  putFunc
	puts []object
}

func (m *mockS3) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	if m.rec != nil {
		m.rec.Record("s3", "PutObject")
	}
	body, _ := io.ReadAll(in.Body)
	if aws.ToString(in.Bucket) != "example-audit" {
		return nil, &smithy.GenericAPIError{Code: "NoSuchBucket"}
	}
	m.puts = append(m.puts, object{aws.ToString(in.Key), aws.ToString(in.ContentType), aws.ToString(in.IfNoneMatch), body})
	if m.put == nil {
		return &s3.PutObjectOutput{}, nil
	}
	return m.put(in, body)
}

func cfg(mode responderkit.Mode) settings.Config {
	return settings.Config{Bucket: "example-audit", Prefix: "audit", Responder: responderkit.Config{Mode: mode}}
}

func exists(keySuffix string) putFunc {
	return func(in *s3.PutObjectInput, _ []byte) (*s3.PutObjectOutput, error) {
		if strings.HasSuffix(aws.ToString(in.Key), keySuffix) {
			return nil, respondertest.APIError("PreconditionFailed")
		}
		return &s3.PutObjectOutput{}, nil
	}
}

// row is one case of TestRespond; Own is the keys of the objects written,
// in order, separated by spaces.
type row = respondertest.Row[settings.Config, mockS3, string]

// table runs the rows through mockS3; every object is written with
// If-None-Match: *, never over an existing one.
var table = respondertest.Table[settings.Config, mockS3, string]{Config: cfg,
	Decide: respondertest.Decide[mockS3, string](Kind),
	Check: func(t *testing.T, r *row, _ responderkit.Decision) {
		var keys []string
		for _, o := range r.Mock.puts {
			keys = append(keys, o.key)
			if o.ifNoneMatch != "*" {
				t.Errorf("%s written without If-None-Match: *", o.key)
			}
		}
		if got := strings.Join(keys, " "); got != r.Own {
			t.Errorf("keys\n got %q\nwant %q", got, r.Own)
		}
	},
}

func TestRespond(t *testing.T) {
	policy := testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json")
	sg := testevent.Load(t, "testdata/ec2_AuthorizeSecurityGroupIngress_envelope.json")
	failed := testevent.Load(t, "testdata/UpdateTrail__awsdocs-cloudtrail__1.json")
	const policyKey = "audit/2024/05/02/0b6b0b4e-1c1f-4c55-9d3e-6d1c0e5d1a01"
	table.Run(t, []row{
		{Name: "write record and report", Event: policy, Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated,
			Own: policyKey + ".json " + policyKey + ".md"},
		{Name: "envelope", Event: sg, Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated,
			Own: "audit/2024/05/05/d1b08dbf-9c24-4f56-a6d7-4e9f0a1b2c09.json audit/2024/05/05/d1b08dbf-9c24-4f56-a6d7-4e9f0a1b2c09.md"},
		{Name: "failed call is reported", Event: failed, Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated,
			Own: "audit/2016/07/14/b7d4398e-b2f0-4faa-9c76-e2d316a8d67f.json audit/2016/07/14/b7d4398e-b2f0-4faa-9c76-e2d316a8d67f.md"},
		{Name: "already written", Event: policy, Mode: responderkit.ModeRemediate, Mock: mockS3{put: exists("")}, Want: responderkit.ActionCompliant,
			Reason: "already written", Own: policyKey + ".json " + policyKey + ".md"},
		{Name: "report missing from an earlier attempt", Event: policy, Mode: responderkit.ModeRemediate, Mock: mockS3{put: exists(".json")}, Want: responderkit.ActionRemediated,
			Own: policyKey + ".json " + policyKey + ".md"},
		{Name: "other prefix", Event: policy, Mode: responderkit.ModeRemediate, Config: func(c *settings.Config) { c.Prefix = "org/reports" }, Want: responderkit.ActionRemediated,
			Own: "org/reports/2024/05/02/0b6b0b4e-1c1f-4c55-9d3e-6d1c0e5d1a01.json org/reports/2024/05/02/0b6b0b4e-1c1f-4c55-9d3e-6d1c0e5d1a01.md"},
		{Name: "dry-run", Event: policy, Mode: responderkit.ModeDryRun, Want: responderkit.ActionWouldRemediate, Own: ""},
		{Name: "alert", Event: policy, Mode: responderkit.ModeAlert, Want: responderkit.ActionAlerted, Own: ""},
		{Name: "off", Event: policy, Mode: responderkit.ModeOff, Want: responderkit.ActionSkipped, Reason: "mode off", Own: ""},
		{Name: "exempt principal", Event: policy, Mode: responderkit.ModeRemediate,
			Config: func(c *settings.Config) {
				c.Responder.ExemptPrincipals = []string{"arn:aws:iam::111111111111:role/Developer"}
			},
			Want: responderkit.ActionSkipped, Reason: "exempt principal", Own: ""},
		{Name: "other account is reported", Event: policy, Mode: responderkit.ModeRemediate,
			Config: func(c *settings.Config) { c.Responder.SelfRoleARN = "arn:aws:iam::222222222222:role/audit" },
			Want:   responderkit.ActionRemediated, Own: policyKey + ".json " + policyKey + ".md"},
		{Name: "SDK error", Event: policy, Mode: responderkit.ModeRemediate, Mock: mockS3{put: func(*s3.PutObjectInput, []byte) (*s3.PutObjectOutput, error) {
			return nil, respondertest.APIError("AccessDenied")
		}}, Want: responderkit.ActionFailed, Reason: "AccessDenied", Own: policyKey + ".json"},
		{Name: "concurrent write is retried", Event: policy, Mode: responderkit.ModeRemediate, Mock: mockS3{put: func(*s3.PutObjectInput, []byte) (*s3.PutObjectOutput, error) {
			return nil, respondertest.APIError("ConditionalRequestConflict")
		}}, Want: responderkit.ActionFailed, Reason: "ConditionalRequestConflict", Own: policyKey + ".json"},
		{Name: "no eventID", Event: testevent.Load(t, "testdata/CreateUser__awsdocs-cloudtrail__1.json"), Mode: responderkit.ModeRemediate,
			Want: responderkit.ActionRejected, Reason: "eventID", Own: ""},
		{Name: "eventID unusable in a key", Event: testevent.Set(t, policy, "eventID", "../../x"), Mode: responderkit.ModeRemediate,
			Want: responderkit.ActionRejected, Reason: "not usable in an object key", Own: ""},
	})
}

func TestObjects(t *testing.T) {
	event := testevent.Load(t, "testdata/ec2_AuthorizeSecurityGroupIngress_envelope.json")
	m := &mockS3{}
	if _, err := Kind.Handler(cfg(responderkit.ModeRemediate), m, nil).Decide(context.Background(), event); err != nil {
		t.Fatal(err)
	}
	var env struct {
		Detail json.RawMessage `json:"detail"`
	}
	if err := json.Unmarshal(event, &env); err != nil {
		t.Fatal(err)
	}
	if rec := m.puts[0]; !bytes.Equal(rec.body, bytes.TrimSpace(env.Detail)) || rec.contentType != "application/json" {
		t.Errorf("record object %s %q is not the event's detail as received", rec.contentType, rec.body[:40])
	}
	md := m.puts[1]
	if md.contentType != "text/markdown; charset=utf-8" {
		t.Errorf("report content type %q", md.contentType)
	}
	for _, want := range []string{
		"# `ec2.amazonaws.com` `AuthorizeSecurityGroupIngress`",
		"| Who | `arn:aws:iam::111111111111:role/Ops` as `arn:aws:sts::111111111111:assumed-role/Ops/carol` |",
		"| Identity | type `AssumedRole`, account `111111111111`, access key `ASIAEXAMPLEKEYID2`, MFA no |",
		"| What | `ec2.amazonaws.com` `AuthorizeSecurityGroupIngress` (`AwsApiCall`), read-only: false |",
		"| Where | region `eu-west-1`, account `111111111111` |",
		"| When | `2024-05-05T07:30:00Z` |",
		"| Source IP | `198.51.100.10` |",
		"| Result | succeeded |",
		"## Request\n\n```json\n{\n  \"groupId\": \"sg-0123456789abcdef0\",",
		"## Response\n\n```json\n",
		"## Record\n\n```json\n",
	} {
		if !strings.Contains(string(md.body), want) {
			t.Errorf("report lacks %q:\n%s", want, md.body)
		}
	}

	// A bare record is stored as given, and a failed call says so.
	failed := testevent.Load(t, "testdata/UpdateTrail__awsdocs-cloudtrail__1.json")
	m = &mockS3{}
	if _, err := Kind.Handler(cfg(responderkit.ModeRemediate), m, nil).Decide(context.Background(), failed); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.puts[0].body, bytes.TrimSpace(failed)) {
		t.Errorf("bare record not stored as given")
	}
	if want := "| Result | **failed**: `TrailNotFoundException` `Unknown trail: myTrail2 for the user: 123456789012` |"; !strings.Contains(string(m.puts[1].body), want) {
		t.Errorf("report lacks %q:\n%s", want, m.puts[1].body)
	}
}

// TestReportInjection checks that values from the record cannot change the
// report's structure.
func TestReportInjection(t *testing.T) {
	event := testevent.Set(t, testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json"), "userAgent", "x`` | y\n# Owned\n```")
	event = testevent.Set(t, event, "requestParameters.note", "````\n# also owned")
	m := &mockS3{}
	if _, err := Kind.Handler(cfg(responderkit.ModeRemediate), m, nil).Decide(context.Background(), event); err != nil {
		t.Fatal(err)
	}
	md := string(m.puts[1].body)
	if want := "| User agent | ```` x`` \\| y # Owned ``` ```` |"; !strings.Contains(md, want) {
		t.Errorf("user agent row: want %q in\n%s", want, md)
	}
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "# ") && !strings.HasPrefix(line, "# `s3.amazonaws.com`") {
			t.Errorf("injected heading %q", line)
		}
	}
	if !strings.Contains(md, "## Request\n\n`````json\n") {
		t.Errorf("request block fence not longer than the backticks inside:\n%s", md)
	}
}

func TestActions(t *testing.T) {
	var rec actiontest.Recorder
	if _, err := Kind.Handler(cfg(responderkit.ModeRemediate), &mockS3{rec: &rec}, nil).Decide(context.Background(), testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json")); err != nil {
		t.Fatal(err)
	}
	actiontest.Check(t, settings.Actions, actiontest.Actions("s3", actiontest.Methods[S3API]()), rec.Actions())
}

func TestConfigFromEnv(t *testing.T) {
	respondertest.Env(t, settings.ConfigFromEnv, map[string]string{contract.EnvMode: "remediate"},
		func(c settings.Config) string { return c.Bucket + " " + c.Prefix }, []respondertest.EnvRow{
			{Vars: map[string]string{contract.EnvAuditBucket: "example-audit"}, Want: "example-audit audit"},
			{Vars: map[string]string{contract.EnvAuditBucket: "example-audit", contract.EnvAuditPrefix: "/org/reports/"}, Want: "example-audit org/reports"},
			{Err: contract.EnvAuditBucket + " is not set: must name the audit bucket"},
			{Vars: map[string]string{contract.EnvAuditBucket: "arn:aws:s3:::example-audit"}, Err: `TRAILBRIDGE_AUDIT_BUCKET="arn:aws:s3:::example-audit": must be an S3 bucket name`},
			{Vars: map[string]string{contract.EnvAuditBucket: "example-audit", contract.EnvAuditPrefix: "a/../b"}, Err: `TRAILBRIDGE_AUDIT_PREFIX="a/../b": must be a key prefix`},
			{Vars: map[string]string{contract.EnvAuditBucket: "example-audit", contract.EnvAuditPrefix: "a b"}, Err: `TRAILBRIDGE_AUDIT_PREFIX="a b"`},
		})
}

// TestWire checks the PutObject requests of the real S3 client: the key,
// the conditional header, the body; and that 412 means "already written".
func TestWire(t *testing.T) {
	for _, status := range []int{http.StatusOK, http.StatusPreconditionFailed} {
		srv := awstest.NewServer(t, func(r awstest.Request) awstest.Response {
			if r.Method != http.MethodPut {
				return awstest.S3Error(http.StatusBadRequest, "UnexpectedRequest")
			}
			if status == http.StatusPreconditionFailed {
				return awstest.S3Error(status, "PreconditionFailed")
			}
			return awstest.OK()
		})
		client := s3.NewFromConfig(awstest.Config(srv.URL(), "eu-west-1"))
		event := testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json")
		d, err := Kind.Handler(cfg(responderkit.ModeRemediate), client, nil).Decide(context.Background(), event)
		want := responderkit.ActionRemediated
		if status == http.StatusPreconditionFailed {
			want = responderkit.ActionCompliant
		}
		if err != nil || d.Action != want {
			t.Fatalf("status %d: decision %+v, err %v", status, d, err)
		}
		reqs := srv.Requests()
		if len(reqs) != 2 {
			t.Fatalf("%d requests", len(reqs))
		}
		for i, ext := range []string{".json", ".md"} {
			r := reqs[i]
			if p := "/example-audit/audit/2024/05/02/0b6b0b4e-1c1f-4c55-9d3e-6d1c0e5d1a01" + ext; r.Path != p {
				t.Errorf("path %s, want %s", r.Path, p)
			}
			if r.Header.Get("If-None-Match") != "*" {
				t.Errorf("%s: If-None-Match = %q", r.Path, r.Header.Get("If-None-Match"))
			}
			if r.Header.Get("X-Amz-Checksum-Crc32") == "" {
				t.Errorf("%s: no checksum header (Object Lock buckets require one): %v", r.Path, r.Header)
			}
			if r.Header.Get("X-Amz-Object-Lock-Mode") != "" || r.Header.Get("X-Amz-Object-Lock-Retain-Until-Date") != "" {
				t.Errorf("%s: retention set per object", r.Path)
			}
		}
		if !bytes.Equal(reqs[0].Body, bytes.TrimSpace(event)) {
			t.Errorf("record body differs from the record")
		}
	}
}

// FuzzDecide feeds arbitrary bytes to the decision function: it must never
// panic and always return a well-formed decision.
func FuzzDecide(f *testing.F) {
	testevent.FuzzDecide(f, "testdata", func() *responderkit.Handler {
		return Kind.Handler(cfg(responderkit.ModeRemediate), &mockS3{}, nil)
	})
}

// TestFaults injects a timeout, a reset, a 500, throttling and a slow
// success into each of the two PutObject calls (see package faulttest).
func TestFaults(t *testing.T) {
	puts := []string{"PutObject (record .json)", "PutObject (report .md)"}
	faulttest.Run(t, "testdata/faults.golden.md", faulttest.Case{Name: settings.Name, Protocol: faulttest.S3, Calls: puts, Writes: puts,
		Answers: map[string]awstest.Response{puts[0]: awstest.OK(), puts[1]: awstest.OK()},
		Operation: func(r awstest.Request) string {
			switch {
			case strings.HasSuffix(r.Path, ".json"):
				return faulttest.Operation(r) + " (record .json)"
			case strings.HasSuffix(r.Path, ".md"):
				return faulttest.Operation(r) + " (report .md)"
			}
			return faulttest.Operation(r)
		},
		Decide: faulttest.Decide(Kind, cfg(responderkit.ModeRemediate), testevent.Load(t, "testdata/cloudtrail_DeleteTrail_envelope.json"))})
}

// TestErrorWithoutCode checks that a PutObject error without an AWS error
// code (timeout, reset) fails the event; it was "wrote audit report".
func TestErrorWithoutCode(t *testing.T) {
	ev := testevent.Load(t, "testdata/cloudtrail_DeleteTrail_envelope.json")
	faulttest.CheckNoCode(t, []string{".json", ".md"}, func(suffix string, cause error) (responderkit.Decision, error) {
		m := &mockS3{put: func(in *s3.PutObjectInput, _ []byte) (*s3.PutObjectOutput, error) {
			if strings.HasSuffix(aws.ToString(in.Key), suffix) {
				return nil, cause
			}
			return &s3.PutObjectOutput{}, nil
		}}
		return Kind.Handler(cfg(responderkit.ModeRemediate), m, nil).Decide(context.Background(), ev)
	})
}
