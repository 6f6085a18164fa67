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
)

const (
	ssoOwner = "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Developer_0123abcd/dave@example.com"
	bob      = "arn:aws:iam::111111111111:user/bob"
)

func cfg(mode responderkit.Mode) Config {
	return Config{OwnerTagKey: DefaultOwnerTagKey, CreatedAtTagKey: DefaultCreatedAtTagKey,
		Responder: respondertest.Config(mode)}
}

func tagDesc(id, key, value string) ec2types.TagDescription {
	return ec2types.TagDescription{ResourceId: aws.String(id), Key: aws.String(key), Value: aws.String(value), ResourceType: ec2types.ResourceTypeInstance}
}

// later is a clock long after every fixture's eventTime.
func later() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }

func TestRespond(t *testing.T) {
	run := testevent.Load(t, "testdata/ec2_RunInstances_envelope.json")
	start := testevent.Load(t, "testdata/StartInstances__awsdocs-cloudtrail__1.json")
	bucket := testevent.Load(t, "testdata/s3_CreateBucket_public_acl.json")
	db := testevent.Load(t, "testdata/rds_CreateDBInstance.json")
	fn := testevent.Load(t, "testdata/lambda_CreateFunction20150331.json")
	tests := []struct {
		name    string
		event   []byte
		mode    responderkit.Mode
		cfg     func(*Config)
		setup   func(*mocks)
		now     func() time.Time
		want    responderkit.Action
		reason  string
		ops     string
		writes  string
		region  string
		wantErr bool
	}{
		{name: "RunInstances tags both instances in one call", event: run, mode: responderkit.ModeRemediate, want: responderkit.ActionRemediated,
			reason: "tagged 2 of 2", ops: "DescribeTags CreateTags", region: "eu-west-1",
			writes: "i-0aaaaaaaaaaaaaaa1,i-0aaaaaaaaaaaaaaa2 trailbridge:created-at=2024-05-06T06:45:00Z;trailbridge:owner=" + ssoOwner},
		{name: "RunInstances keeps existing owner and created-at", event: run, mode: responderkit.ModeRemediate,
			setup: func(m *mocks) {
				m.ec2.describe = func(*ec2.DescribeTagsInput) (*ec2.DescribeTagsOutput, error) {
					return &ec2.DescribeTagsOutput{Tags: []ec2types.TagDescription{
						tagDesc("i-0aaaaaaaaaaaaaaa1", "trailbridge:owner", "someone"),
						tagDesc("i-0aaaaaaaaaaaaaaa2", "trailbridge:created-at", "2024-01-01T00:00:00Z"),
					}}, nil
				}
			},
			want: responderkit.ActionRemediated, reason: "tagged 1 of 2", ops: "DescribeTags CreateTags",
			writes: "i-0aaaaaaaaaaaaaaa2 trailbridge:owner=" + ssoOwner},
		{name: "StartInstances of an owned instance", event: start, mode: responderkit.ModeRemediate,
			setup: func(m *mocks) {
				m.ec2.describe = func(*ec2.DescribeTagsInput) (*ec2.DescribeTagsOutput, error) {
					return &ec2.DescribeTagsOutput{Tags: []ec2types.TagDescription{tagDesc("i-ebeaf9e2", "trailbridge:owner", "arn:aws:iam::123456789012:user/Carol")}}, nil
				}
			},
			want: responderkit.ActionCompliant, reason: "already have an owner tag", ops: "DescribeTags", region: "us-east-2"},
		{name: "StartInstances of an untagged instance", event: start, mode: responderkit.ModeRemediate, want: responderkit.ActionRemediated,
			ops: "DescribeTags CreateTags", writes: "i-ebeaf9e2 trailbridge:created-at=2014-03-06T21:22:54Z;trailbridge:owner=arn:aws:iam::123456789012:user/Alice"},
		{name: "instance terminated meanwhile", event: run, mode: responderkit.ModeRemediate, now: later,
			setup: func(m *mocks) {
				m.ec2.create = func(in *ec2.CreateTagsInput) (*ec2.CreateTagsOutput, error) {
					if slices.Contains(in.Resources, "i-0aaaaaaaaaaaaaaa2") {
						return nil, respondertest.APIError("InvalidInstanceID.NotFound")
					}
					return &ec2.CreateTagsOutput{}, nil
				}
			},
			want: responderkit.ActionRemediated, reason: "tagged 1 of 2", ops: "DescribeTags CreateTags CreateTags CreateTags",
			writes: "i-0aaaaaaaaaaaaaaa1,i-0aaaaaaaaaaaaaaa2 * | i-0aaaaaaaaaaaaaaa1 * | i-0aaaaaaaaaaaaaaa2 *"},
		{name: "all instances gone", event: start, mode: responderkit.ModeRemediate, now: later,
			setup: func(m *mocks) {
				m.ec2.create = func(*ec2.CreateTagsInput) (*ec2.CreateTagsOutput, error) {
					return nil, respondertest.APIError("InvalidInstanceID.NotFound")
				}
			},
			want: responderkit.ActionGone, ops: "DescribeTags CreateTags CreateTags", writes: "i-ebeaf9e2 * | i-ebeaf9e2 *"},
		{name: "new instance not yet visible is retried", event: run, mode: responderkit.ModeRemediate,
			now: func() time.Time { return time.Date(2024, 5, 6, 6, 46, 0, 0, time.UTC) },
			setup: func(m *mocks) {
				m.ec2.create = func(*ec2.CreateTagsInput) (*ec2.CreateTagsOutput, error) {
					return nil, respondertest.APIError("InvalidInstanceID.NotFound")
				}
			},
			want: responderkit.ActionFailed, wantErr: true, reason: "not yet visible, retry", ops: "DescribeTags CreateTags CreateTags",
			writes: "i-0aaaaaaaaaaaaaaa1,i-0aaaaaaaaaaaaaaa2 * | i-0aaaaaaaaaaaaaaa1 *"},
		{name: "exempt instance", event: start, mode: responderkit.ModeRemediate,
			setup: func(m *mocks) {
				m.ec2.describe = func(*ec2.DescribeTagsInput) (*ec2.DescribeTagsOutput, error) {
					return &ec2.DescribeTagsOutput{Tags: []ec2types.TagDescription{tagDesc("i-ebeaf9e2", "trailbridge:exempt", "true")}}, nil
				}
			},
			want: responderkit.ActionSkipped, reason: "exempt tag", ops: "DescribeTags"},
		{name: "dry-run", event: run, mode: responderkit.ModeDryRun, want: responderkit.ActionWouldRemediate, reason: "2 of 2 resource(s) have no owner tag", ops: "DescribeTags"},
		{name: "alert", event: bucket, mode: responderkit.ModeAlert, want: responderkit.ActionAlerted, ops: "GetBucketTagging"},
		{name: "off", event: run, mode: responderkit.ModeOff, want: responderkit.ActionSkipped, reason: "mode off", ops: ""},
		{name: "exempt principal", event: run, mode: responderkit.ModeRemediate,
			cfg: func(c *Config) {
				c.Responder.ExemptPrincipals = []string{"arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*"}
			},
			want: responderkit.ActionSkipped, reason: "exempt principal", ops: ""},
		{name: "own call", event: run, mode: responderkit.ModeRemediate,
			cfg:  func(c *Config) { c.Responder.SelfRoleARN = strings.TrimSuffix(ssoOwner, "/dave@example.com") },
			want: responderkit.ActionSkipped, reason: "own call", ops: ""},
		{name: "another role of the same account is acted on", event: bucket, mode: responderkit.ModeRemediate, cfg: func(c *Config) { c.Responder.SelfRoleARN = "arn:aws:iam::111111111111:role/x" },
			want: responderkit.ActionRemediated, ops: "GetBucketTagging PutBucketTagging", writes: "*"},
		{name: "DescribeTags error", event: run, mode: responderkit.ModeRemediate,
			setup: func(m *mocks) {
				m.ec2.describe = func(*ec2.DescribeTagsInput) (*ec2.DescribeTagsOutput, error) {
					return nil, respondertest.APIError("RequestLimitExceeded")
				}
			},
			want: responderkit.ActionFailed, wantErr: true, reason: "RequestLimitExceeded", ops: "DescribeTags"},

		{name: "bucket: merge with existing tags", event: bucket, mode: responderkit.ModeRemediate,
			setup: func(m *mocks) {
				m.s3.get = func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) {
					return &s3.GetBucketTaggingOutput{TagSet: []s3types.Tag{{Key: aws.String("team"), Value: aws.String("web")}, {Key: aws.String("trailbridge:created-at"), Value: aws.String("x")}}}, nil
				}
			},
			want: responderkit.ActionRemediated, ops: "GetBucketTagging PutBucketTagging", region: "eu-west-1",
			writes: "example-new-bucket team=web;trailbridge:created-at=x;trailbridge:owner=" + bob + " owner=111111111111"},
		{name: "bucket: no tags yet", event: bucket, mode: responderkit.ModeRemediate, want: responderkit.ActionRemediated, ops: "GetBucketTagging PutBucketTagging",
			writes: "example-new-bucket trailbridge:created-at=2024-05-04T12:00:00Z;trailbridge:owner=" + bob + " owner=111111111111"},
		{name: "bucket in the LocationConstraint's region", event: testevent.Set(t, testevent.Set(t, bucket, "awsRegion", "us-east-1"), "requestParameters.CreateBucketConfiguration.LocationConstraint", "ap-south-1"),
			mode: responderkit.ModeRemediate, want: responderkit.ActionRemediated, ops: "GetBucketTagging PutBucketTagging", region: "ap-south-1", writes: "*"},
		{name: "bucket already owned", event: bucket, mode: responderkit.ModeRemediate,
			setup: func(m *mocks) {
				m.s3.get = func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) {
					return &s3.GetBucketTaggingOutput{TagSet: []s3types.Tag{{Key: aws.String("trailbridge:owner"), Value: aws.String("x")}}}, nil
				}
			},
			want: responderkit.ActionCompliant, ops: "GetBucketTagging"},
		{name: "bucket gone", event: bucket, mode: responderkit.ModeRemediate,
			setup: func(m *mocks) {
				m.s3.get = func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) {
					return nil, respondertest.APIError("NoSuchBucket")
				}
			},
			want: responderkit.ActionGone, ops: "GetBucketTagging"},
		{name: "bucket full of tags", event: bucket, mode: responderkit.ModeRemediate,
			setup: func(m *mocks) {
				m.s3.get = func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) {
					set := make([]s3types.Tag, 49)
					for i := range set {
						set[i] = s3types.Tag{Key: aws.String("k" + string(rune('A'+i))), Value: aws.String("v")}
					}
					return &s3.GetBucketTaggingOutput{TagSet: set}, nil
				}
			},
			want: responderkit.ActionSkipped, reason: "no room", ops: "GetBucketTagging"},
		{name: "bucket tagging error", event: bucket, mode: responderkit.ModeRemediate,
			setup: func(m *mocks) {
				m.s3.put = func(*s3.PutBucketTaggingInput) (*s3.PutBucketTaggingOutput, error) {
					return nil, respondertest.APIError("OperationAborted")
				}
			},
			want: responderkit.ActionFailed, wantErr: true, ops: "GetBucketTagging PutBucketTagging", writes: "*"},

		{name: "DB instance", event: db, mode: responderkit.ModeRemediate, want: responderkit.ActionRemediated, ops: "ListTagsForResource AddTagsToResource", region: "eu-west-1",
			writes: "arn:aws:rds:eu-west-1:111111111111:db:orders-db trailbridge:created-at=2024-05-10T08:00:00Z;trailbridge:owner=" + bob},
		{name: "DB instance gone", event: db, mode: responderkit.ModeRemediate,
			setup: func(m *mocks) {
				m.rds.list = func(*rds.ListTagsForResourceInput) (*rds.ListTagsForResourceOutput, error) {
					return nil, respondertest.APIError("DBInstanceNotFound")
				}
			},
			want: responderkit.ActionGone, ops: "ListTagsForResource"},
		{name: "DB instance owned", event: db, mode: responderkit.ModeRemediate,
			setup: func(m *mocks) {
				m.rds.list = func(*rds.ListTagsForResourceInput) (*rds.ListTagsForResourceOutput, error) {
					return &rds.ListTagsForResourceOutput{TagList: []rdstypes.Tag{{Key: aws.String("trailbridge:owner"), Value: aws.String("x")}}}, nil
				}
			},
			want: responderkit.ActionCompliant, ops: "ListTagsForResource"},
		{name: "function", event: fn, mode: responderkit.ModeRemediate, want: responderkit.ActionRemediated, ops: "ListTags TagResource", region: "eu-west-1",
			writes: "arn:aws:lambda:eu-west-1:111111111111:function:thumbnailer trailbridge:created-at=2024-05-10T09:00:00Z;trailbridge:owner=" + bob},
		{name: "function gone", event: fn, mode: responderkit.ModeRemediate,
			setup: func(m *mocks) {
				m.lambda.tag = func(*lambda.TagResourceInput) (*lambda.TagResourceOutput, error) {
					return nil, respondertest.APIError("ResourceNotFoundException")
				}
			},
			want: responderkit.ActionGone, ops: "ListTags TagResource", writes: "*"},
		{name: "function exempt", event: fn, mode: responderkit.ModeRemediate,
			setup: func(m *mocks) {
				m.lambda.list = func(*lambda.ListTagsInput) (*lambda.ListTagsOutput, error) {
					return &lambda.ListTagsOutput{Tags: map[string]string{"trailbridge:exempt": "true"}}, nil
				}
			},
			want: responderkit.ActionSkipped, reason: "exempt tag", ops: "ListTags"},
		{name: "rejected without function ARN", event: testevent.Delete(t, fn, "responseElements.functionArn"), mode: responderkit.ModeRemediate,
			want: responderkit.ActionRejected, wantErr: true, ops: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cfg(tt.mode)
			if tt.cfg != nil {
				tt.cfg(&c)
			}
			m := newMocks(nil)
			if tt.setup != nil {
				tt.setup(m)
			}
			r := &Responder{cfg: c, clients: responderkit.Fixed(m.clients()), now: time.Now}
			if tt.now != nil {
				r.now = tt.now
			}
			d, err := responderkit.NewHandler(c.Responder, r.Spec(), nil).Decide(context.Background(), tt.event)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if d.Action != tt.want || !strings.Contains(d.Reason, tt.reason) {
				t.Errorf("decision = %s %q, want %s %q", d.Action, d.Reason, tt.want, tt.reason)
			}
			if got := strings.Join(m.c.ops, " "); got != tt.ops {
				t.Errorf("calls = %q, want %q", got, tt.ops)
			}
			writes := strings.Join(m.c.writes, " | ")
			if strings.Contains(tt.writes, "*") {
				// Only the resources are checked.
				var short []string
				for _, w := range m.c.writes {
					short = append(short, strings.Fields(w)[0]+" *")
				}
				writes = strings.Join(short, " | ")
				if tt.writes == "*" && len(m.c.writes) == 1 {
					writes = "*"
				}
			}
			if writes != tt.writes {
				t.Errorf("writes\n got %q\nwant %q", writes, tt.writes)
			}
			for _, r := range m.c.region {
				if tt.region != "" && r != tt.region {
					t.Errorf("call in region %q, want %q", r, tt.region)
				}
			}
		})
	}
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
	actiontest.Check(t, Actions, fromInterfaces, rec.Actions())

	// Events and EventSources agree with EventsBySource.
	var names, sources []string
	for src, n := range EventsBySource {
		sources = append(sources, src)
		names = append(names, n...)
	}
	slices.Sort(names)
	slices.Sort(sources)
	if !slices.Equal(names, slices.Sorted(slices.Values(Events))) || !slices.Equal(sources, slices.Sorted(slices.Values(EventSources))) {
		t.Errorf("Events %v / EventSources %v disagree with EventsBySource", Events, EventSources)
	}
}

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		vars map[string]string
		err  string
	}{
		{map[string]string{}, ""},
		{map[string]string{contract.EnvOwnerTagKey: "owner", contract.EnvCreatedAtTagKey: "created"}, ""},
		{map[string]string{contract.EnvOwnerTagKey: "aws:owner"}, `TRAILBRIDGE_OWNER_TAG_KEY="aws:owner": must be a tag key of 1 to 128 characters not starting with "aws:"`},
		{map[string]string{contract.EnvOwnerTagKey: "owner#1"}, `TRAILBRIDGE_OWNER_TAG_KEY="owner#1": must be a tag key of 1 to 128 characters`},
		{map[string]string{contract.EnvCreatedAtTagKey: DefaultOwnerTagKey}, `must differ from the owner tag key`},
	}
	for _, tt := range tests {
		tt.vars[contract.EnvMode] = "remediate"
		c, err := ConfigFromEnv(func(k string) string { return tt.vars[k] })
		if tt.err == "" {
			if err != nil || c.OwnerTagKey == "" || c.CreatedAtTagKey == "" {
				t.Errorf("%v: %+v, %v", tt.vars, c, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%v: err = %v, want %q", tt.vars, err, tt.err)
		}
	}
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
		faulttest.Case{Name: Name + " (ec2)", Protocol: faulttest.EC2, Calls: []string{"DescribeTags", "CreateTags"}, Writes: []string{"CreateTags"},
			Answers: answers, Decide: decide("testdata/ec2_RunInstances_envelope.json")},
		faulttest.Case{Name: Name + " (s3)", Protocol: faulttest.S3, Calls: []string{"GetBucketTagging", "PutBucketTagging"}, Writes: []string{"PutBucketTagging"},
			Answers: answers, Decide: decide("testdata/s3_CreateBucket_public_acl.json")},
		faulttest.Case{Name: Name + " (rds)", Protocol: faulttest.Query, Calls: []string{"ListTagsForResource", "AddTagsToResource"}, Writes: []string{"AddTagsToResource"},
			Answers: answers, Decide: decide("testdata/rds_CreateDBInstance.json")},
		faulttest.Case{Name: Name + " (lambda)", Protocol: faulttest.RestJSON, Calls: []string{"ListTags", "TagResource"}, Writes: []string{"TagResource"},
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
