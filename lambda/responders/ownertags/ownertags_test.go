package ownertags

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/aws/aws-lambda-go/events"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/internal/actiontest"
	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/respondertest"
	"github.com/trailbridge/trailbridge/lambda/internal/sourcetest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responders/ownertags/settings"
)

const (
	ssoOwner = "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Developer_0123abcd/dave@example.com"
	bob      = "arn:aws:iam::111111111111:user/bob"
)

func cfg(mode responderkit.Mode) settings.Config {
	return settings.Config{OwnerTagKey: settings.DefaultOwnerTagKey, CreatedAtTagKey: settings.DefaultCreatedAtTagKey,
		Responder: respondertest.Config(mode)}
}

func tagDesc(id, key, value string) ec2types.TagDescription {
	return ec2types.TagDescription{ResourceId: aws.String(id), Key: aws.String(key), Value: aws.String(value), ResourceType: ec2types.ResourceTypeInstance}
}

// later is a clock long after every fixture's eventTime.
func later() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }

// row is one case of TestRespond; Own is the writes made, each
// "<resources> <tags>" (separated by " | "), or each "<resources> *" to
// check only the resources, or "*" for one write of any resources.
type row = respondertest.Row[settings.Config, mocks, string]

// table runs the rows through the mocks, with their clock.
var table = respondertest.Table[settings.Config, mocks, string]{Config: cfg,
	Writes: []string{"CreateTags", "PutBucketTagging", "AddTagsToResource", "TagResource"},
	Decide: func(_ *testing.T, c settings.Config, r *row) (responderkit.Decision, error) {
		m := &r.Mock
		m.wire(nil)
		resp := &Responder{cfg: c, clients: responderkit.Fixed(m.clients()), now: time.Now}
		if m.now != nil {
			resp.now = m.now
		}
		return responderkit.NewHandler(c.Responder, resp.Spec(), nil).Decide(context.Background(), r.Event)
	},
	Calls: func(m *mocks) *respondertest.Calls { return &m.c.Calls },
	Check: func(t *testing.T, r *row, _ responderkit.Decision) {
		all := r.Mock.c.writes
		writes := strings.Join(all, " | ")
		if strings.Contains(r.Own, "*") {
			// Only the resources are checked.
			var short []string
			for _, w := range all {
				short = append(short, strings.Fields(w)[0]+" *")
			}
			writes = strings.Join(short, " | ")
			if r.Own == "*" && len(all) == 1 {
				writes = "*"
			}
		}
		if writes != r.Own {
			t.Errorf("writes\n got %q\nwant %q", writes, r.Own)
		}
	},
}

func TestRespond(t *testing.T) {
	run := testevent.Load(t, "testdata/ec2_RunInstances_envelope.json")
	start := testevent.Load(t, "testdata/StartInstances__awsdocs-cloudtrail__1.json")
	bucket := testevent.Load(t, "testdata/s3_CreateBucket_public_acl.json")
	db := testevent.Load(t, "testdata/rds_CreateDBInstance.json")
	fn := testevent.Load(t, "testdata/lambda_CreateFunction20150331.json")
	table.Run(t, []row{
		{Name: "RunInstances tags both instances in one call", Event: run, Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated,
			Reason: "tagged 2 of 2", Calls: "DescribeTags CreateTags", Region: "eu-west-1",
			Own: "i-0aaaaaaaaaaaaaaa1,i-0aaaaaaaaaaaaaaa2 trailbridge:created-at=2024-05-06T06:45:00Z;trailbridge:owner=" + ssoOwner},
		{Name: "RunInstances keeps existing owner and created-at", Event: run, Mode: responderkit.ModeRemediate,
			Mock: mocks{ec2: mockEC2{describe: func(*ec2.DescribeTagsInput) (*ec2.DescribeTagsOutput, error) {
				return &ec2.DescribeTagsOutput{Tags: []ec2types.TagDescription{
					tagDesc("i-0aaaaaaaaaaaaaaa1", "trailbridge:owner", "someone"),
					tagDesc("i-0aaaaaaaaaaaaaaa2", "trailbridge:created-at", "2024-01-01T00:00:00Z"),
				}}, nil
			}}},
			Want: responderkit.ActionRemediated, Reason: "tagged 1 of 2", Calls: "DescribeTags CreateTags",
			Own: "i-0aaaaaaaaaaaaaaa2 trailbridge:owner=" + ssoOwner},
		{Name: "StartInstances of an owned instance", Event: start, Mode: responderkit.ModeRemediate,
			Mock: mocks{ec2: mockEC2{describe: func(*ec2.DescribeTagsInput) (*ec2.DescribeTagsOutput, error) {
				return &ec2.DescribeTagsOutput{Tags: []ec2types.TagDescription{tagDesc("i-ebeaf9e2", "trailbridge:owner", "arn:aws:iam::123456789012:user/Carol")}}, nil
			}}},
			Want: responderkit.ActionCompliant, Reason: "already have an owner tag", Calls: "DescribeTags", Region: "us-east-2"},
		{Name: "StartInstances of an untagged instance", Event: start, Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated,
			Calls: "DescribeTags CreateTags", Own: "i-ebeaf9e2 trailbridge:created-at=2014-03-06T21:22:54Z;trailbridge:owner=arn:aws:iam::123456789012:user/Alice"},
		{Name: "instance terminated meanwhile", Event: run, Mode: responderkit.ModeRemediate,
			Mock: mocks{now: later, ec2: mockEC2{create: func(in *ec2.CreateTagsInput) (*ec2.CreateTagsOutput, error) {
				if slices.Contains(in.Resources, "i-0aaaaaaaaaaaaaaa2") {
					return nil, respondertest.APIError("InvalidInstanceID.NotFound")
				}
				return &ec2.CreateTagsOutput{}, nil
			}}},
			Want: responderkit.ActionRemediated, Reason: "tagged 1 of 2", Calls: "DescribeTags CreateTags CreateTags CreateTags",
			Own: "i-0aaaaaaaaaaaaaaa1,i-0aaaaaaaaaaaaaaa2 * | i-0aaaaaaaaaaaaaaa1 * | i-0aaaaaaaaaaaaaaa2 *"},
		{Name: "all instances gone", Event: start, Mode: responderkit.ModeRemediate,
			Mock: mocks{now: later, ec2: mockEC2{create: func(*ec2.CreateTagsInput) (*ec2.CreateTagsOutput, error) {
				return nil, respondertest.APIError("InvalidInstanceID.NotFound")
			}}},
			Want: responderkit.ActionGone, Calls: "DescribeTags CreateTags CreateTags", Own: "i-ebeaf9e2 * | i-ebeaf9e2 *"},
		{Name: "new instance not yet visible is retried", Event: run, Mode: responderkit.ModeRemediate,

			Mock: mocks{now: func() time.Time { return time.Date(2024, 5, 6, 6, 46, 0, 0, time.UTC) }, ec2: mockEC2{create: func(*ec2.CreateTagsInput) (*ec2.CreateTagsOutput, error) {
				return nil, respondertest.APIError("InvalidInstanceID.NotFound")
			}}},
			Want: responderkit.ActionFailed, Reason: "not yet visible, retry", Calls: "DescribeTags CreateTags CreateTags",
			Own: "i-0aaaaaaaaaaaaaaa1,i-0aaaaaaaaaaaaaaa2 * | i-0aaaaaaaaaaaaaaa1 *"},
		{Name: "exempt instance", Event: start, Mode: responderkit.ModeRemediate,
			Mock: mocks{ec2: mockEC2{describe: func(*ec2.DescribeTagsInput) (*ec2.DescribeTagsOutput, error) {
				return &ec2.DescribeTagsOutput{Tags: []ec2types.TagDescription{tagDesc("i-ebeaf9e2", "trailbridge:exempt", "true")}}, nil
			}}},
			Want: responderkit.ActionSkipped, Reason: "exempt tag", Calls: "DescribeTags"},
		{Name: "dry-run", Event: run, Mode: responderkit.ModeDryRun, Want: responderkit.ActionWouldRemediate, Reason: "2 of 2 resource(s) have no owner tag", Calls: "DescribeTags"},
		{Name: "alert", Event: bucket, Mode: responderkit.ModeAlert, Want: responderkit.ActionAlerted, Calls: "GetBucketTagging"},
		{Name: "off", Event: run, Mode: responderkit.ModeOff, Want: responderkit.ActionSkipped, Reason: "mode off", Calls: ""},
		{Name: "exempt principal", Event: run, Mode: responderkit.ModeRemediate,
			Config: func(c *settings.Config) {
				c.Responder.ExemptPrincipals = []string{"arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*"}
			},
			Want: responderkit.ActionSkipped, Reason: "exempt principal", Calls: ""},
		{Name: "own call", Event: run, Mode: responderkit.ModeRemediate,
			Config: func(c *settings.Config) { c.Responder.SelfRoleARN = strings.TrimSuffix(ssoOwner, "/dave@example.com") },
			Want:   responderkit.ActionSkipped, Reason: "own call", Calls: ""},
		{Name: "another role of the same account is acted on", Event: bucket, Mode: responderkit.ModeRemediate, Config: func(c *settings.Config) { c.Responder.SelfRoleARN = "arn:aws:iam::111111111111:role/x" },
			Want: responderkit.ActionRemediated, Calls: "GetBucketTagging PutBucketTagging", Own: "*"},
		{Name: "DescribeTags error", Event: run, Mode: responderkit.ModeRemediate,
			Mock: mocks{ec2: mockEC2{describe: func(*ec2.DescribeTagsInput) (*ec2.DescribeTagsOutput, error) {
				return nil, respondertest.APIError("RequestLimitExceeded")
			}}},
			Want: responderkit.ActionFailed, Reason: "RequestLimitExceeded", Calls: "DescribeTags"},

		{Name: "bucket: merge with existing tags", Event: bucket, Mode: responderkit.ModeRemediate,
			Mock: mocks{s3: mockS3{get: func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) {
				return &s3.GetBucketTaggingOutput{TagSet: []s3types.Tag{{Key: aws.String("team"), Value: aws.String("web")}, {Key: aws.String("trailbridge:created-at"), Value: aws.String("x")}}}, nil
			}}},
			Want: responderkit.ActionRemediated, Calls: "GetBucketTagging PutBucketTagging", Region: "eu-west-1",
			Own: "example-new-bucket team=web;trailbridge:created-at=x;trailbridge:owner=" + bob + " owner=111111111111"},
		{Name: "bucket: no tags yet", Event: bucket, Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated, Calls: "GetBucketTagging PutBucketTagging",
			Own: "example-new-bucket trailbridge:created-at=2024-05-04T12:00:00Z;trailbridge:owner=" + bob + " owner=111111111111"},
		{Name: "bucket in the LocationConstraint's region", Event: testevent.Set(t, testevent.Set(t, bucket, "awsRegion", "us-east-1"), "requestParameters.CreateBucketConfiguration.LocationConstraint", "ap-south-1"),
			Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated, Calls: "GetBucketTagging PutBucketTagging", Region: "ap-south-1", Own: "*"},
		{Name: "bucket already owned", Event: bucket, Mode: responderkit.ModeRemediate,
			Mock: mocks{s3: mockS3{get: func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) {
				return &s3.GetBucketTaggingOutput{TagSet: []s3types.Tag{{Key: aws.String("trailbridge:owner"), Value: aws.String("x")}}}, nil
			}}},
			Want: responderkit.ActionCompliant, Calls: "GetBucketTagging"},
		{Name: "bucket gone", Event: bucket, Mode: responderkit.ModeRemediate,
			Mock: mocks{s3: mockS3{get: func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) {
				return nil, respondertest.APIError("NoSuchBucket")
			}}},
			Want: responderkit.ActionGone, Calls: "GetBucketTagging"},
		{Name: "bucket full of tags", Event: bucket, Mode: responderkit.ModeRemediate,
			Mock: mocks{s3: mockS3{get: func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) {
				set := make([]s3types.Tag, 49)
				for i := range set {
					set[i] = s3types.Tag{Key: aws.String("k" + string(rune('A'+i))), Value: aws.String("v")}
				}
				return &s3.GetBucketTaggingOutput{TagSet: set}, nil
			}}},
			Want: responderkit.ActionSkipped, Reason: "no room", Calls: "GetBucketTagging"},
		{Name: "bucket tagging error", Event: bucket, Mode: responderkit.ModeRemediate,
			Mock: mocks{s3: mockS3{put: func(*s3.PutBucketTaggingInput) (*s3.PutBucketTaggingOutput, error) {
				return nil, respondertest.APIError("OperationAborted")
			}}},
			Want: responderkit.ActionFailed, Calls: "GetBucketTagging PutBucketTagging", Own: "*"},

		{Name: "DB instance", Event: db, Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated, Calls: "ListTagsForResource AddTagsToResource", Region: "eu-west-1",
			Own: "arn:aws:rds:eu-west-1:111111111111:db:orders-db trailbridge:created-at=2024-05-10T08:00:00Z;trailbridge:owner=" + bob},
		{Name: "DB instance gone", Event: db, Mode: responderkit.ModeRemediate,
			Mock: mocks{rds: mockRDS{list: func(*rds.ListTagsForResourceInput) (*rds.ListTagsForResourceOutput, error) {
				return nil, respondertest.APIError("DBInstanceNotFound")
			}}},
			Want: responderkit.ActionGone, Calls: "ListTagsForResource"},
		{Name: "DB instance owned", Event: db, Mode: responderkit.ModeRemediate,
			Mock: mocks{rds: mockRDS{list: func(*rds.ListTagsForResourceInput) (*rds.ListTagsForResourceOutput, error) {
				return &rds.ListTagsForResourceOutput{TagList: []rdstypes.Tag{{Key: aws.String("trailbridge:owner"), Value: aws.String("x")}}}, nil
			}}},
			Want: responderkit.ActionCompliant, Calls: "ListTagsForResource"},
		{Name: "function", Event: fn, Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated, Calls: "ListTags TagResource", Region: "eu-west-1",
			Own: "arn:aws:lambda:eu-west-1:111111111111:function:thumbnailer trailbridge:created-at=2024-05-10T09:00:00Z;trailbridge:owner=" + bob},
		{Name: "function gone", Event: fn, Mode: responderkit.ModeRemediate,
			Mock: mocks{lambda: mockLambda{tag: func(*lambda.TagResourceInput) (*lambda.TagResourceOutput, error) {
				return nil, respondertest.APIError("ResourceNotFoundException")
			}}},
			Want: responderkit.ActionGone, Calls: "ListTags TagResource", Own: "*"},
		{Name: "function exempt", Event: fn, Mode: responderkit.ModeRemediate,
			Mock: mocks{lambda: mockLambda{list: func(*lambda.ListTagsInput) (*lambda.ListTagsOutput, error) {
				return &lambda.ListTagsOutput{Tags: map[string]string{"trailbridge:exempt": "true"}}, nil
			}}},
			Want: responderkit.ActionSkipped, Reason: "exempt tag", Calls: "ListTags"},
		{Name: "rejected without function ARN", Event: testevent.Delete(t, fn, "responseElements.functionArn"), Mode: responderkit.ModeRemediate,
			Want: responderkit.ActionRejected, Calls: ""},
	})
}

func TestOwner(t *testing.T) {
	long := strings.Repeat("p/", 110) // role ARN 254 characters: no room for the session
	tests := []struct {
		id   cloudtrail.UserIdentity
		want string
	}{
		{cloudtrail.UserIdentity{Type: "IAMUser", ARN: bob}, bob},
		{cloudtrail.UserIdentity{Type: "Root", ARN: "arn:aws:iam::111111111111:root"}, "arn:aws:iam::111111111111:root"},
		{cloudtrail.UserIdentity{Type: "AssumedRole", ARN: "arn:aws:sts::111111111111:assumed-role/Dev/alice",
			SessionContext: &cloudtrail.SessionContext{SessionIssuer: &cloudtrail.SessionIssuer{ARN: "arn:aws:iam::111111111111:role/team/Dev"}}},
			"arn:aws:iam::111111111111:role/team/Dev/alice"},
		{cloudtrail.UserIdentity{Type: "AssumedRole", ARN: "arn:aws:sts::111111111111:assumed-role/Dev/a,b",
			SessionContext: &cloudtrail.SessionContext{SessionIssuer: &cloudtrail.SessionIssuer{ARN: "arn:aws:iam::111111111111:role/Dev"}}},
			"arn:aws:iam::111111111111:role/Dev/a_b"},
		{cloudtrail.UserIdentity{Type: "AssumedRole", ARN: "arn:aws:sts::111111111111:assumed-role/Dev/alice"}, "arn:aws:sts::111111111111:assumed-role/Dev/alice"},
		{cloudtrail.UserIdentity{Type: "AssumedRole", ARN: "arn:aws:sts::111111111111:assumed-role/Dev/alice",
			SessionContext: &cloudtrail.SessionContext{SessionIssuer: &cloudtrail.SessionIssuer{ARN: "arn:aws:iam::111111111111:role/" + long + "Dev"}}},
			"arn:aws:iam::111111111111:role/" + long + "Dev"},
		{cloudtrail.UserIdentity{Type: "AWSService", InvokedBy: "autoscaling.amazonaws.com"}, "autoscaling.amazonaws.com"},
		{cloudtrail.UserIdentity{Type: "AWSAccount", AccountID: "111111111111"}, ""},
	}
	for _, tt := range tests {
		if got := Owner(tt.id); got != tt.want {
			t.Errorf("Owner(%+v)\n got %q\nwant %q", tt.id, got, tt.want)
		}
	}
	if got := Owner(cloudtrail.UserIdentity{Type: "IAMUser", ARN: "arn:aws:iam::111111111111:user/" + strings.Repeat("x", 300)}); len(got) != 256 {
		t.Errorf("long owner has %d characters", len(got))
	}
}

func TestHandleSQS(t *testing.T) {
	m := newMocks(nil)
	m.rds.add = func(*rds.AddTagsToResourceInput) (*rds.AddTagsToResourceOutput, error) {
		return nil, respondertest.APIError("Throttling")
	}
	h := Kind.Handler(cfg(responderkit.ModeRemediate), m.clients(), nil)
	body := func(file string) string { return string(testevent.Wrap(t, testevent.Load(t, file))) }
	resp, err := h.HandleSQS(context.Background(), events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "run", Body: body("testdata/ec2_RunInstances_envelope.json")},
		{MessageId: "db", Body: body("testdata/rds_CreateDBInstance.json")},
		{MessageId: "fn", Body: body("testdata/lambda_CreateFunction20150331.json")},
		{MessageId: "junk", Body: `{"detail-type":"x"}`},
	}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(resp)
	if want := `{"batchItemFailures":[{"itemIdentifier":"db"},{"itemIdentifier":"junk"}]}`; string(b) != want {
		t.Errorf("response %s, want %s", b, want)
	}
}

func TestActions(t *testing.T) {
	var rec actiontest.Recorder
	m := newMocks(&rec)
	h := Kind.Handler(cfg(responderkit.ModeRemediate), m.clients(), nil)
	for _, f := range []string{"ec2_RunInstances_envelope.json", "s3_CreateBucket_public_acl.json", "rds_CreateDBInstance.json", "lambda_CreateFunction20150331.json"} {
		if d, err := h.Decide(context.Background(), testevent.Load(t, "testdata/"+f)); err != nil || d.Action != responderkit.ActionRemediated {
			t.Fatalf("%s: %+v, %v", f, d, err)
		}
	}
	var fromInterfaces []string
	fromInterfaces = append(fromInterfaces, actiontest.Actions("ec2", actiontest.Methods[EC2API]())...)
	fromInterfaces = append(fromInterfaces, actiontest.Actions("s3", actiontest.Methods[S3API]())...)
	fromInterfaces = append(fromInterfaces, actiontest.Actions("rds", actiontest.Methods[RDSAPI]())...)
	fromInterfaces = append(fromInterfaces, actiontest.Actions("lambda", actiontest.Methods[LambdaAPI]())...)
	actiontest.Check(t, settings.Actions, fromInterfaces, rec.Actions())

	// Events and EventSources agree with EventsBySource.
	var names, sources []string
	for src, n := range settings.EventsBySource {
		sources = append(sources, src)
		names = append(names, n...)
	}
	slices.Sort(names)
	slices.Sort(sources)
	if !slices.Equal(names, slices.Sorted(slices.Values(settings.Events))) || !slices.Equal(sources, slices.Sorted(slices.Values(settings.EventSources))) {
		t.Errorf("Events %v / settings.EventSources %v disagree with EventsBySource", settings.Events, settings.EventSources)
	}
}

func TestConfigFromEnv(t *testing.T) {
	respondertest.Env(t, settings.ConfigFromEnv, map[string]string{contract.EnvMode: "remediate"},
		func(c settings.Config) string { return c.OwnerTagKey + " " + c.CreatedAtTagKey }, []respondertest.EnvRow{
			{Want: settings.DefaultOwnerTagKey + " " + settings.DefaultCreatedAtTagKey},
			{Vars: map[string]string{contract.EnvOwnerTagKey: "owner", contract.EnvCreatedAtTagKey: "created"}, Want: "owner created"},
			{Vars: map[string]string{contract.EnvOwnerTagKey: "aws:owner"}, Err: `TRAILBRIDGE_OWNER_TAG_KEY="aws:owner": must be a tag key of 1 to 128 characters not starting with "aws:"`},
			{Vars: map[string]string{contract.EnvOwnerTagKey: "owner#1"}, Err: `TRAILBRIDGE_OWNER_TAG_KEY="owner#1": must be a tag key of 1 to 128 characters`},
			{Vars: map[string]string{contract.EnvCreatedAtTagKey: settings.DefaultOwnerTagKey}, Err: `must differ from the owner tag key`},
		})
}

// TestWire checks the S3 PutBucketTagging request the real client sends:
// the existing tags merged with the new ones.
func TestWire(t *testing.T) {
	srv := awstest.NewServer(t, func(r awstest.Request) awstest.Response {
		switch {
		case r.Method == http.MethodGet && r.Has("tagging"):
			return awstest.XML(`<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>team</Key><Value>web</Value></Tag></TagSet></Tagging>`)
		case r.Method == http.MethodPut && r.Has("tagging"):
			return awstest.Response{Status: http.StatusNoContent}
		}
		return awstest.S3Error(http.StatusBadRequest, "UnexpectedRequest")
	})
	m := newMocks(nil)
	clients := m.clients()
	clients.S3 = s3.NewFromConfig(awstest.Config(srv.URL(), "us-east-1"))
	d, err := Kind.Handler(cfg(responderkit.ModeRemediate), clients, nil).Decide(context.Background(), testevent.Load(t, "testdata/s3_CreateBucket_public_acl.json"))
	if err != nil || d.Action != responderkit.ActionRemediated {
		t.Fatalf("decision %+v, err %v", d, err)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	put := reqs[1]
	want := `<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>team</Key><Value>web</Value></Tag>` +
		`<Tag><Key>trailbridge:created-at</Key><Value>2024-05-04T12:00:00Z</Value></Tag>` +
		`<Tag><Key>trailbridge:owner</Key><Value>arn:aws:iam::111111111111:user/bob</Value></Tag></TagSet></Tagging>`
	if put.Method != http.MethodPut || put.Path != "/example-new-bucket" || string(put.Body) != want {
		t.Errorf("PutBucketTagging %s %s\n got %s\nwant %s", put.Method, put.Path, put.Body, want)
	}
	if put.Header.Get("Content-Md5") == "" && put.Header.Get("X-Amz-Checksum-Crc32") == "" {
		t.Errorf("PutBucketTagging without an integrity header: %v", put.Header)
	}
	if !strings.Contains(put.Header.Get("Authorization"), "/eu-west-1/s3/") {
		t.Errorf("not signed for the bucket's region: %s", put.Header.Get("Authorization"))
	}
}

// FuzzDecide feeds arbitrary bytes to the decision function: it must never
// panic and always return a well-formed decision.
func FuzzDecide(f *testing.F) {
	testevent.Seed(f, "testdata")
	noCode := fmt.Errorf("operation error: %w", context.DeadlineExceeded)
	f.Fuzz(func(t *testing.T, event []byte) {
		// Every call succeeding, then the reads and the writes failing
		// without an AWS error code (as a timeout does).
		for fail := range 3 {
			m := newMocks(nil)
			if fail == 1 {
				m.ec2.describe = func(*ec2.DescribeTagsInput) (*ec2.DescribeTagsOutput, error) { return nil, noCode }
				m.s3.get = func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) { return nil, noCode }
				m.rds.list = func(*rds.ListTagsForResourceInput) (*rds.ListTagsForResourceOutput, error) { return nil, noCode }
				m.lambda.list = func(*lambda.ListTagsInput) (*lambda.ListTagsOutput, error) { return nil, noCode }
			}
			if fail == 2 {
				m.ec2.create = func(*ec2.CreateTagsInput) (*ec2.CreateTagsOutput, error) { return nil, noCode }
				m.s3.put = func(*s3.PutBucketTaggingInput) (*s3.PutBucketTaggingOutput, error) { return nil, noCode }
				m.rds.add = func(*rds.AddTagsToResourceInput) (*rds.AddTagsToResourceOutput, error) { return nil, noCode }
				m.lambda.tag = func(*lambda.TagResourceInput) (*lambda.TagResourceOutput, error) { return nil, noCode }
			}
			d, err := Kind.Handler(cfg(responderkit.ModeRemediate), m.clients(), nil).Decide(context.Background(), event)
			testevent.CheckDecision(t, d, err)
			if fail > 0 && d.Action == responderkit.ActionRemediated {
				t.Fatalf("remediated although calls failed: %s", d.Reason)
			}
		}
	})
}

// TestFaults injects a timeout, a reset, a 500, throttling and a slow
// success into each call of each path (see package faulttest).
func TestFaults(t *testing.T) {
	decide := func(file string) func(context.Context, aws.Config) (responderkit.Decision, error) {
		return faulttest.Decide(Kind, cfg(responderkit.ModeRemediate), testevent.Load(t, file))
	}
	answers := map[string]awstest.Response{
		"DescribeTags":        awstest.XML(`<DescribeTagsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>x</requestId><tagSet/></DescribeTagsResponse>`),
		"CreateTags":          awstest.XML(`<CreateTagsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>x</requestId><return>true</return></CreateTagsResponse>`),
		"GetBucketTagging":    awstest.S3Error(http.StatusNotFound, "NoSuchTagSet"),
		"PutBucketTagging":    {Status: http.StatusNoContent},
		"ListTagsForResource": awstest.XML(`<ListTagsForResourceResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><ListTagsForResourceResult><TagList/></ListTagsForResourceResult></ListTagsForResourceResponse>`),
		"AddTagsToResource":   awstest.XML(`<AddTagsToResourceResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></AddTagsToResourceResponse>`),
		"ListTags":            {Header: http.Header{"Content-Type": {"application/json"}}, Body: `{"Tags":{}}`},
		"TagResource":         {Status: http.StatusNoContent},
	}
	faulttest.Run(t, "testdata/faults.golden.md",
		faulttest.Case{Name: settings.Name + " (ec2)", Protocol: faulttest.EC2, Calls: []string{"DescribeTags", "CreateTags"}, Writes: []string{"CreateTags"},
			Answers: answers, Decide: decide("testdata/ec2_RunInstances_envelope.json")},
		faulttest.Case{Name: settings.Name + " (s3)", Protocol: faulttest.S3, Calls: []string{"GetBucketTagging", "PutBucketTagging"}, Writes: []string{"PutBucketTagging"},
			Answers: answers, Decide: decide("testdata/s3_CreateBucket_public_acl.json")},
		faulttest.Case{Name: settings.Name + " (rds)", Protocol: faulttest.Query, Calls: []string{"ListTagsForResource", "AddTagsToResource"}, Writes: []string{"AddTagsToResource"},
			Answers: answers, Decide: decide("testdata/rds_CreateDBInstance.json")},
		faulttest.Case{Name: settings.Name + " (lambda)", Protocol: faulttest.RestJSON, Calls: []string{"ListTags", "TagResource"}, Writes: []string{"TagResource"},
			Answers: answers, Decide: decide("testdata/lambda_CreateFunction20150331.json")},
	)
}

// TestClientSource checks that the responder asks for the clients of the
// event's account, returns the source's error, and skips another
// account's event without asking when no member role is configured.
func TestClientSource(t *testing.T) {
	event := testevent.Set(t, testevent.Load(t, "testdata/ec2_RunInstances_envelope.json"), "recipientAccountId", "222222222222")
	m := newMocks(nil)
	sourcetest.Check(t, sourcetest.Case[Clients]{Event: event, Home: "111111111111", Account: "222222222222", Region: "eu-west-1",
		Resource: "arn:aws:ec2:eu-west-1:222222222222:instance/i-0aaaaaaaaaaaaaaa1,arn:aws:ec2:eu-west-1:222222222222:instance/i-0aaaaaaaaaaaaaaa2",
		Clients:  m.clients, Acted: func() bool { return len(m.c.writes) == 1 },
		Decide: sourcetest.Decide(Kind, cfg(responderkit.ModeRemediate), "111111111111", event)})
}
