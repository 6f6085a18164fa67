package publicbucket

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/internal/actiontest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/respondertest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responders/publicbucket/internal/s3fake"
)

// Func types for each S3 operation, as in the aws-sdk-go-v2 unit-testing
// guide; a nil one fails the test when called.
type (
	getTaggingFunc func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error)
	getPABFunc     func(*s3.GetPublicAccessBlockInput) (*s3.GetPublicAccessBlockOutput, error)
	putPABFunc     func(*s3.PutPublicAccessBlockInput) (*s3.PutPublicAccessBlockOutput, error)
)

type mockS3 struct {
	t          *testing.T
	rec        *actiontest.Recorder
	getTagging getTaggingFunc
	getPAB     getPABFunc
	putPAB     putPABFunc
	calls      []string
	puts       []*s3.PutPublicAccessBlockInput
}

func (m *mockS3) called(op string, opts []func(*s3.Options)) {
	m.calls = append(m.calls, op)
	if m.rec != nil {
		m.rec.Record("s3", op)
	}
	o := actiontest.Options(opts)
	if o.Region != "eu-west-1" {
		m.t.Errorf("%s sent to region %q, want the bucket's region eu-west-1", op, o.Region)
	}
}

func (m *mockS3) GetBucketTagging(_ context.Context, in *s3.GetBucketTaggingInput, opts ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error) {
	m.called("GetBucketTagging", opts)
	checkBucket(m.t, in.Bucket, in.ExpectedBucketOwner)
	if m.getTagging == nil {
		return nil, &smithy.GenericAPIError{Code: "NoSuchTagSet"}
	}
	return m.getTagging(in)
}

func (m *mockS3) GetPublicAccessBlock(_ context.Context, in *s3.GetPublicAccessBlockInput, opts ...func(*s3.Options)) (*s3.GetPublicAccessBlockOutput, error) {
	m.called("GetPublicAccessBlock", opts)
	checkBucket(m.t, in.Bucket, in.ExpectedBucketOwner)
	if m.getPAB == nil {
		return nil, &smithy.GenericAPIError{Code: "NoSuchPublicAccessBlockConfiguration"}
	}
	return m.getPAB(in)
}

func (m *mockS3) PutPublicAccessBlock(_ context.Context, in *s3.PutPublicAccessBlockInput, opts ...func(*s3.Options)) (*s3.PutPublicAccessBlockOutput, error) {
	m.called("PutPublicAccessBlock", opts)
	checkBucket(m.t, in.Bucket, in.ExpectedBucketOwner)
	m.puts = append(m.puts, in)
	return actiontest.Answer(m.putPAB, in, &s3.PutPublicAccessBlockOutput{})
}

func checkBucket(t *testing.T, bucket, owner *string) {
	t.Helper()
	if b := aws.ToString(bucket); !strings.HasPrefix(b, "example-") {
		t.Errorf("bucket = %q", b)
	}
	if o := aws.ToString(owner); o != "111111111111" {
		t.Errorf("ExpectedBucketOwner = %q, want the record's account", o)
	}
}

func cfg(mode responderkit.Mode) Config {
	return Config{Responder: respondertest.Config(mode)}
}

func allOn() *types.PublicAccessBlockConfiguration {
	return &types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true),
		BlockPublicPolicy: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}
}

func TestRespond(t *testing.T) {
	policy := testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json")
	tests := []struct {
		name       string
		event      []byte
		cfg        func(*Config)
		mode       responderkit.Mode
		mock       mockS3
		want       responderkit.Action
		wantReason string
		wantCalls  string
		wantErr    bool
		wantPublic string
	}{
		{
			name: "act on public policy", event: policy, mode: responderkit.ModeRemediate,
			want: responderkit.ActionRemediated, wantCalls: "GetBucketTagging GetPublicAccessBlock PutPublicAccessBlock",
			wantReason: "were off: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets",
			wantPublic: `policy statement "Public" allows Principal "*": s3:GetObject`,
		},
		{
			name: "act on public ACL", event: testevent.Load(t, "testdata/s3_PutBucketAcl_public.json"), mode: responderkit.ModeRemediate,
			want: responderkit.ActionRemediated, wantCalls: "GetBucketTagging GetPublicAccessBlock PutPublicAccessBlock",
			wantPublic: "ACL grant READ to AllUsers",
		},
		{
			name: "act on deleted block, some settings on", event: testevent.Load(t, "testdata/s3_DeleteBucketPublicAccessBlock.json"), mode: responderkit.ModeRemediate,
			mock: mockS3{getPAB: func(*s3.GetPublicAccessBlockInput) (*s3.GetPublicAccessBlockOutput, error) {
				return &s3.GetPublicAccessBlockOutput{PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true)}}, nil
			}},
			want: responderkit.ActionRemediated, wantCalls: "GetBucketTagging GetPublicAccessBlock PutPublicAccessBlock",
			wantReason: "were off: BlockPublicPolicy, RestrictPublicBuckets", wantPublic: "public access block removed",
		},
		{
			name: "act on settings turned off", event: testevent.Load(t, "testdata/s3_PutBucketPublicAccessBlock_strings.json"), mode: responderkit.ModeRemediate,
			want: responderkit.ActionRemediated, wantCalls: "GetBucketTagging GetPublicAccessBlock PutPublicAccessBlock",
			wantPublic: "RestrictPublicBuckets turned off",
		},
		{
			name: "request turning all settings on needs nothing", event: testevent.Load(t, "testdata/s3_PutBucketPublicAccessBlock_envelope.json"), mode: responderkit.ModeRemediate,
			want: responderkit.ActionCompliant, wantCalls: "",
		},
		{
			name: "exempt principal", event: policy, mode: responderkit.ModeRemediate,
			cfg:  func(c *Config) { c.Responder.ExemptPrincipals = []string{"arn:aws:iam::111111111111:role/Dev*"} },
			want: responderkit.ActionSkipped, wantReason: "exempt principal", wantCalls: "",
		},
		{
			name: "own call", event: policy, mode: responderkit.ModeRemediate,
			cfg:  func(c *Config) { c.Responder.SelfRoleARN = "arn:aws:iam::111111111111:role/Developer" },
			want: responderkit.ActionSkipped, wantReason: "own call", wantCalls: "",
		},
		{
			name: "other account", event: policy, mode: responderkit.ModeRemediate,
			cfg:  func(c *Config) { c.Responder.SelfRoleARN = "arn:aws:iam::222222222222:role/trailbridge-publicbucket" },
			want: responderkit.ActionSkipped, wantReason: "account 111111111111", wantCalls: "",
		},
		{
			name: "exempt tag", event: policy, mode: responderkit.ModeRemediate,
			mock: mockS3{getTagging: func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) {
				return &s3.GetBucketTaggingOutput{TagSet: []types.Tag{{Key: aws.String("team"), Value: aws.String("web")}, {Key: aws.String("trailbridge:exempt"), Value: aws.String("true")}}}, nil
			}},
			want: responderkit.ActionSkipped, wantReason: "exempt tag trailbridge:exempt=true", wantCalls: "GetBucketTagging",
		},
		{
			name: "exempt tag with another value does not exempt", event: policy, mode: responderkit.ModeRemediate,
			mock: mockS3{getTagging: func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) {
				return &s3.GetBucketTaggingOutput{TagSet: []types.Tag{{Key: aws.String("trailbridge:exempt"), Value: aws.String("false")}}}, nil
			}},
			want: responderkit.ActionRemediated, wantCalls: "GetBucketTagging GetPublicAccessBlock PutPublicAccessBlock",
		},
		{
			name: "dry-run", event: policy, mode: responderkit.ModeDryRun,
			want: responderkit.ActionWouldRemediate, wantCalls: "GetBucketTagging GetPublicAccessBlock",
		},
		{
			name: "alert", event: policy, mode: responderkit.ModeAlert,
			want: responderkit.ActionAlerted, wantCalls: "GetBucketTagging GetPublicAccessBlock",
		},
		{
			name: "off", event: policy, mode: responderkit.ModeOff,
			want: responderkit.ActionSkipped, wantReason: "mode off", wantCalls: "",
		},
		{
			name: "already compliant", event: policy, mode: responderkit.ModeRemediate,
			mock: mockS3{getPAB: func(*s3.GetPublicAccessBlockInput) (*s3.GetPublicAccessBlockOutput, error) {
				return &s3.GetPublicAccessBlockOutput{PublicAccessBlockConfiguration: allOn()}, nil
			}},
			want: responderkit.ActionCompliant, wantCalls: "GetBucketTagging GetPublicAccessBlock",
		},
		{
			name: "bucket gone", event: policy, mode: responderkit.ModeRemediate,
			mock: mockS3{getTagging: func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) {
				return nil, respondertest.APIError("NoSuchBucket")
			}},
			want: responderkit.ActionGone, wantCalls: "GetBucketTagging",
		},
		{
			name: "bucket gone before the fix", event: policy, mode: responderkit.ModeRemediate,
			mock: mockS3{putPAB: func(*s3.PutPublicAccessBlockInput) (*s3.PutPublicAccessBlockOutput, error) {
				return nil, respondertest.APIError("NoSuchBucket")
			}},
			want: responderkit.ActionGone, wantCalls: "GetBucketTagging GetPublicAccessBlock PutPublicAccessBlock",
		},
		{
			name: "SDK error is returned", event: policy, mode: responderkit.ModeRemediate,
			mock: mockS3{getPAB: func(*s3.GetPublicAccessBlockInput) (*s3.GetPublicAccessBlockOutput, error) {
				return nil, respondertest.APIError("AccessDenied")
			}},
			want: responderkit.ActionFailed, wantErr: true, wantReason: "AccessDenied", wantCalls: "GetBucketTagging GetPublicAccessBlock",
		},
		{
			name: "SDK error on put is returned", event: policy, mode: responderkit.ModeRemediate,
			mock: mockS3{putPAB: func(*s3.PutPublicAccessBlockInput) (*s3.PutPublicAccessBlockOutput, error) {
				return nil, respondertest.APIError("SlowDown")
			}},
			want: responderkit.ActionFailed, wantErr: true, wantCalls: "GetBucketTagging GetPublicAccessBlock PutPublicAccessBlock",
		},
		{
			name: "failed call", event: testevent.Set(t, policy, "errorCode", "AccessDenied"), mode: responderkit.ModeRemediate,
			want: responderkit.ActionSkipped, wantReason: "the call failed (AccessDenied)", wantCalls: "",
		},
		{
			name: "record without bucket name is rejected", event: testevent.Load(t, "testdata/PutBucketAcl__awsdocs-s3__1.json"), mode: responderkit.ModeRemediate,
			want: responderkit.ActionRejected, wantErr: true, wantReason: "bucketName", wantCalls: "",
		},
		{
			name: "unsupported event is rejected", event: testevent.Load(t, "testdata/s3_CreateBucket_public_acl.json"), mode: responderkit.ModeRemediate,
			want: responderkit.ActionRejected, wantErr: true, wantReason: "unsupported event s3.amazonaws.com CreateBucket", wantCalls: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cfg(tt.mode)
			if tt.cfg != nil {
				tt.cfg(&c)
			}
			m := tt.mock
			m.t = t
			d, err := Kind.Handler(c, &m, nil).Decide(context.Background(), testevent.Wrap(t, tt.event))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if d.Action != tt.want {
				t.Errorf("action = %q (%s), want %q", d.Action, d.Reason, tt.want)
			}
			if !strings.Contains(d.Reason, tt.wantReason) {
				t.Errorf("reason = %q, want it to contain %q", d.Reason, tt.wantReason)
			}
			if got := strings.Join(m.calls, " "); got != tt.wantCalls {
				t.Errorf("calls = %q, want %q", got, tt.wantCalls)
			}
			if d.Mode != tt.mode {
				t.Errorf("mode = %q", d.Mode)
			}
			if tt.wantPublic != "" {
				pub, _ := d.Details["public"].([]string)
				if !strings.Contains(strings.Join(pub, "\n"), tt.wantPublic) {
					t.Errorf("details.public = %q, want %q", pub, tt.wantPublic)
				}
			}
			for _, p := range m.puts {
				if got := p.PublicAccessBlockConfiguration; got == nil || len(offSettings(*got)) != 0 {
					t.Errorf("PutPublicAccessBlock with %+v, want all four true", got)
				}
			}
			if tt.wantErr && tt.want == responderkit.ActionRejected && !errors.As(err, new(*responderkit.RejectedError)) {
				t.Errorf("err = %T, want *responderkit.RejectedError", err)
			}
		})
	}
}

func TestDecisionFields(t *testing.T) {
	m := &mockS3{t: t}
	d, err := Kind.Handler(cfg(responderkit.ModeRemediate), m, nil).Decide(context.Background(), testevent.Load(t, "testdata/s3_PutBucketPolicy_object_envelope.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := responderkit.Decision{EventID: "6a4f1c3e-2b5d-4e8f-a9c0-7d2e3f4a5b02", EventName: "PutBucketPolicy",
		Principal: "arn:aws:iam::111111111111:user/bob", Resource: "arn:aws:s3:::example-shared-bucket",
		Mode: responderkit.ModeRemediate, Action: responderkit.ActionRemediated}
	d.Reason, d.Details = "", nil
	if d.EventID != want.EventID || d.EventName != want.EventName || d.Principal != want.Principal ||
		d.Resource != want.Resource || d.Mode != want.Mode || d.Action != want.Action {
		t.Errorf("decision = %+v, want %+v", d, want)
	}
}

func TestPolicyFindings(t *testing.T) {
	tests := []struct {
		policy string
		want   int
	}{
		{`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}`, 1},
		{`{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["s3:GetObject","s3:ListBucket"]}}`, 1},
		{`{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::222222222222:root","*"]},"Action":"s3:*"}]}`, 1},
		{`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*"}]}`, 0},
		{`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"s3:*"}]}`, 0},
		{`{"Statement":[{"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject"}]}`, 0},
	}
	for _, tt := range tests {
		if got := policyFindings(cloudtrail.FlexJSON(tt.policy)); len(got) != tt.want {
			t.Errorf("policyFindings(%s) = %q, want %d findings", tt.policy, got, tt.want)
		}
	}
	if got := policyFindings(cloudtrail.FlexJSON(`{"Statement":"nonsense"}`)); len(got) != 1 || !strings.Contains(got[0], "unreadable") {
		t.Errorf("unreadable policy: %q", got)
	}
}

func TestActions(t *testing.T) {
	var rec actiontest.Recorder
	m := &mockS3{t: t, rec: &rec}
	if _, err := Kind.Handler(cfg(responderkit.ModeRemediate), m, nil).Decide(context.Background(), testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json")); err != nil {
		t.Fatal(err)
	}
	actiontest.Check(t, Actions, actiontest.Actions("s3", actiontest.Methods[S3API]()), rec.Actions())
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{contract.EnvMode: "dry-run"}
	c, err := ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.Responder.Mode != responderkit.ModeDryRun || c.Responder.ExemptTag.String() != responderkit.DefaultExemptTag {
		t.Errorf("config = %+v", c)
	}
	if _, err := ConfigFromEnv(func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), contract.EnvMode) {
		t.Errorf("unset mode: err = %v", err)
	}
}

// TestFaults injects a timeout, a reset, a 500, throttling and a slow
// success into each call (see package faulttest).
func TestFaults(t *testing.T) {
	faulttest.Run(t, "testdata/faults.golden.md", faulttest.Case{Name: Name, Protocol: faulttest.S3, Answers: s3fake.Answers,
		Calls: []string{"GetBucketTagging", "GetPublicAccessBlock", "PutPublicAccessBlock"}, Writes: []string{"PutPublicAccessBlock"},
		Decide: faulttest.Decide(Kind, cfg(responderkit.ModeRemediate), testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json"))})
}
