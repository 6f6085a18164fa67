package publicbucket

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/internal/actiontest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/respondertest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responders/publicbucket/internal/s3fake"
	"github.com/trailbridge/trailbridge/lambda/responders/publicbucket/settings"
)

// Func types for each S3 operation, as in the aws-sdk-go-v2 unit-testing
// guide; a nil one fails the test when called.
type (
	getTaggingFunc func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error)
	getPABFunc     func(*s3.GetPublicAccessBlockInput) (*s3.GetPublicAccessBlockOutput, error)
	putPABFunc     func(*s3.PutPublicAccessBlockInput) (*s3.PutPublicAccessBlockOutput, error)
)

type mockS3 struct {
	respondertest.Calls
	t          *testing.T
	getTagging getTaggingFunc
	getPAB     getPABFunc
	putPAB     putPABFunc
	puts       []*s3.PutPublicAccessBlockInput
}

func (m *mockS3) called(op string, opts []func(*s3.Options)) {
	o := actiontest.Options(opts)
	m.Add("s3", op, o.Region)
	if o.Region != "eu-west-1" {
		m.t.Errorf("%s sent to region %q, want the bucket's region eu-west-1", op, o.Region)
	}
}

func (m *mockS3) GetBucketTagging(_ context.Context, in *s3.GetBucketTaggingInput, opts ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error) {
	m.called("GetBucketTagging", opts)
	checkBucket(m.t, in.Bucket, in.ExpectedBucketOwner)
	return respondertest.AnswerOr(m.getTagging, in, "NoSuchTagSet")
}

func (m *mockS3) GetPublicAccessBlock(_ context.Context, in *s3.GetPublicAccessBlockInput, opts ...func(*s3.Options)) (*s3.GetPublicAccessBlockOutput, error) {
	m.called("GetPublicAccessBlock", opts)
	checkBucket(m.t, in.Bucket, in.ExpectedBucketOwner)
	return respondertest.AnswerOr(m.getPAB, in, "NoSuchPublicAccessBlockConfiguration")
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

func cfg(mode responderkit.Mode) settings.Config {
	return settings.Config{Responder: respondertest.Config(mode)}
}

func allOn() *types.PublicAccessBlockConfiguration {
	return &types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true),
		BlockPublicPolicy: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}
}

// row is one case of TestRespond; Own is a part of the decision's
// details.public, or "" for no check.
type row = respondertest.Row[settings.Config, mockS3, string]

// table runs the rows (bare records wrapped as a rule delivers them)
// through mockS3; every PutPublicAccessBlock turns all four settings on.
var table = respondertest.Table[settings.Config, mockS3, string]{Config: cfg, Writes: []string{"PutPublicAccessBlock"},
	Decide: func(t *testing.T, c settings.Config, r *row) (responderkit.Decision, error) {
		r.Mock.t = t
		return Kind.Handler(c, &r.Mock, nil).Decide(context.Background(), testevent.Wrap(t, r.Event))
	},
	Check: func(t *testing.T, r *row, d responderkit.Decision) {
		if r.Own != "" {
			pub, _ := d.Details["public"].([]string)
			if !strings.Contains(strings.Join(pub, "\n"), r.Own) {
				t.Errorf("details.public = %q, want %q", pub, r.Own)
			}
		}
		for _, p := range r.Mock.puts {
			if got := p.PublicAccessBlockConfiguration; got == nil || len(offSettings(*got)) != 0 {
				t.Errorf("PutPublicAccessBlock with %+v, want all four true", got)
			}
		}
	},
}

func TestRespond(t *testing.T) {
	policy := testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json")
	table.Run(t, []row{
		{
			Name: "act on public policy", Event: policy, Mode: responderkit.ModeRemediate,
			Want: responderkit.ActionRemediated, Calls: "GetBucketTagging GetPublicAccessBlock PutPublicAccessBlock",
			Reason: "were off: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets",
			Own:    `policy statement "Public" allows Principal "*": s3:GetObject`,
		},
		{
			Name: "act on public ACL", Event: testevent.Load(t, "testdata/s3_PutBucketAcl_public.json"), Mode: responderkit.ModeRemediate,
			Want: responderkit.ActionRemediated, Calls: "GetBucketTagging GetPublicAccessBlock PutPublicAccessBlock",
			Own: "ACL grant READ to AllUsers",
		},
		{
			Name: "act on deleted block, some settings on", Event: testevent.Load(t, "testdata/s3_DeleteBucketPublicAccessBlock.json"), Mode: responderkit.ModeRemediate,
			Mock: mockS3{getPAB: func(*s3.GetPublicAccessBlockInput) (*s3.GetPublicAccessBlockOutput, error) {
				return &s3.GetPublicAccessBlockOutput{PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true)}}, nil
			}},
			Want: responderkit.ActionRemediated, Calls: "GetBucketTagging GetPublicAccessBlock PutPublicAccessBlock",
			Reason: "were off: BlockPublicPolicy, RestrictPublicBuckets", Own: "public access block removed",
		},
		{
			Name: "act on settings turned off", Event: testevent.Load(t, "testdata/s3_PutBucketPublicAccessBlock_strings.json"), Mode: responderkit.ModeRemediate,
			Want: responderkit.ActionRemediated, Calls: "GetBucketTagging GetPublicAccessBlock PutPublicAccessBlock",
			Own: "RestrictPublicBuckets turned off",
		},
		{
			Name: "request turning all settings on needs nothing", Event: testevent.Load(t, "testdata/s3_PutBucketPublicAccessBlock_envelope.json"), Mode: responderkit.ModeRemediate,
			Want: responderkit.ActionCompliant, Calls: "",
		},
		{
			Name: "exempt principal", Event: policy, Mode: responderkit.ModeRemediate,
			Config: func(c *settings.Config) {
				c.Responder.ExemptPrincipals = []string{"arn:aws:iam::111111111111:role/Dev*"}
			},
			Want: responderkit.ActionSkipped, Reason: "exempt principal", Calls: "",
		},
		{
			Name: "own call", Event: policy, Mode: responderkit.ModeRemediate,
			Config: func(c *settings.Config) { c.Responder.SelfRoleARN = "arn:aws:iam::111111111111:role/Developer" },
			Want:   responderkit.ActionSkipped, Reason: "own call", Calls: "",
		},
		{
			Name: "other account", Event: policy, Mode: responderkit.ModeRemediate,
			Config: func(c *settings.Config) {
				c.Responder.SelfRoleARN = "arn:aws:iam::222222222222:role/trailbridge-publicbucket"
			},
			Want: responderkit.ActionSkipped, Reason: "account 111111111111", Calls: "",
		},
		{
			Name: "exempt tag", Event: policy, Mode: responderkit.ModeRemediate,
			Mock: mockS3{getTagging: func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) {
				return &s3.GetBucketTaggingOutput{TagSet: []types.Tag{{Key: aws.String("team"), Value: aws.String("web")}, {Key: aws.String("trailbridge:exempt"), Value: aws.String("true")}}}, nil
			}},
			Want: responderkit.ActionSkipped, Reason: "exempt tag trailbridge:exempt=true", Calls: "GetBucketTagging",
		},
		{
			Name: "exempt tag with another value does not exempt", Event: policy, Mode: responderkit.ModeRemediate,
			Mock: mockS3{getTagging: func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) {
				return &s3.GetBucketTaggingOutput{TagSet: []types.Tag{{Key: aws.String("trailbridge:exempt"), Value: aws.String("false")}}}, nil
			}},
			Want: responderkit.ActionRemediated, Calls: "GetBucketTagging GetPublicAccessBlock PutPublicAccessBlock",
		},
		{
			Name: "dry-run", Event: policy, Mode: responderkit.ModeDryRun,
			Want: responderkit.ActionWouldRemediate, Calls: "GetBucketTagging GetPublicAccessBlock",
		},
		{
			Name: "alert", Event: policy, Mode: responderkit.ModeAlert,
			Want: responderkit.ActionAlerted, Calls: "GetBucketTagging GetPublicAccessBlock",
		},
		{
			Name: "off", Event: policy, Mode: responderkit.ModeOff,
			Want: responderkit.ActionSkipped, Reason: "mode off", Calls: "",
		},
		{
			Name: "already compliant", Event: policy, Mode: responderkit.ModeRemediate,
			Mock: mockS3{getPAB: func(*s3.GetPublicAccessBlockInput) (*s3.GetPublicAccessBlockOutput, error) {
				return &s3.GetPublicAccessBlockOutput{PublicAccessBlockConfiguration: allOn()}, nil
			}},
			Want: responderkit.ActionCompliant, Calls: "GetBucketTagging GetPublicAccessBlock",
		},
		{
			Name: "bucket gone", Event: policy, Mode: responderkit.ModeRemediate,
			Mock: mockS3{getTagging: func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) {
				return nil, respondertest.APIError("NoSuchBucket")
			}},
			Want: responderkit.ActionGone, Calls: "GetBucketTagging",
		},
		{
			Name: "bucket gone before the fix", Event: policy, Mode: responderkit.ModeRemediate,
			Mock: mockS3{putPAB: func(*s3.PutPublicAccessBlockInput) (*s3.PutPublicAccessBlockOutput, error) {
				return nil, respondertest.APIError("NoSuchBucket")
			}},
			Want: responderkit.ActionGone, Calls: "GetBucketTagging GetPublicAccessBlock PutPublicAccessBlock",
		},
		{
			Name: "SDK error is returned", Event: policy, Mode: responderkit.ModeRemediate,
			Mock: mockS3{getPAB: func(*s3.GetPublicAccessBlockInput) (*s3.GetPublicAccessBlockOutput, error) {
				return nil, respondertest.APIError("AccessDenied")
			}},
			Want: responderkit.ActionFailed, Reason: "AccessDenied", Calls: "GetBucketTagging GetPublicAccessBlock",
		},
		{
			Name: "SDK error on put is returned", Event: policy, Mode: responderkit.ModeRemediate,
			Mock: mockS3{putPAB: func(*s3.PutPublicAccessBlockInput) (*s3.PutPublicAccessBlockOutput, error) {
				return nil, respondertest.APIError("SlowDown")
			}},
			Want: responderkit.ActionFailed, Calls: "GetBucketTagging GetPublicAccessBlock PutPublicAccessBlock",
		},
		{
			Name: "failed call", Event: testevent.Set(t, policy, "errorCode", "AccessDenied"), Mode: responderkit.ModeRemediate,
			Want: responderkit.ActionSkipped, Reason: "the call failed (AccessDenied)", Calls: "",
		},
		{
			Name: "record without bucket name is rejected", Event: testevent.Load(t, "testdata/PutBucketAcl__awsdocs-s3__1.json"), Mode: responderkit.ModeRemediate,
			Want: responderkit.ActionRejected, Reason: "bucketName", Calls: "",
		},
		{
			Name: "unsupported event is rejected", Event: testevent.Load(t, "testdata/s3_CreateBucket_public_acl.json"), Mode: responderkit.ModeRemediate,
			Want: responderkit.ActionRejected, Reason: "unsupported event s3.amazonaws.com CreateBucket", Calls: "",
		},
	})
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
	table.Actions(t, testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json"), settings.Actions, actiontest.Actions("s3", actiontest.Methods[S3API]()))
}

func TestConfigFromEnv(t *testing.T) {
	respondertest.Env(t, settings.ConfigFromEnv, nil,
		func(c settings.Config) string { return string(c.Responder.Mode) + " " + c.Responder.ExemptTag.String() }, []respondertest.EnvRow{
			{Vars: map[string]string{contract.EnvMode: "dry-run"}, Want: "dry-run " + responderkit.DefaultExemptTag},
			{Err: contract.EnvMode},
		})
}

// TestFaults injects a timeout, a reset, a 500, throttling and a slow
// success into each call (see package faulttest).
func TestFaults(t *testing.T) {
	faulttest.Run(t, "testdata/faults.golden.md", faulttest.Case{Name: settings.Name, Protocol: faulttest.S3, Answers: s3fake.Answers,
		Calls: []string{"GetBucketTagging", "GetPublicAccessBlock", "PutPublicAccessBlock"}, Writes: []string{"PutPublicAccessBlock"},
		Decide: faulttest.Decide(Kind, cfg(responderkit.ModeRemediate), testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json"))})
}
