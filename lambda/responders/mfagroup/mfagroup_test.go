package mfagroup

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/internal/actiontest"
	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/respondertest"
	"github.com/trailbridge/trailbridge/lambda/internal/sourcetest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Func types for each IAM operation; a nil one answers with an empty,
// successful result.
type (
	listTagsFunc   func(*iam.ListUserTagsInput) (*iam.ListUserTagsOutput, error)
	listMFAFunc    func(*iam.ListMFADevicesInput) (*iam.ListMFADevicesOutput, error)
	listGroupsFunc func(*iam.ListGroupsForUserInput) (*iam.ListGroupsForUserOutput, error)
	addFunc        func(*iam.AddUserToGroupInput) (*iam.AddUserToGroupOutput, error)
)

type mockIAM struct {
	rec        *actiontest.Recorder
	listTags   listTagsFunc
	listMFA    listMFAFunc
	listGroups listGroupsFunc
	add        addFunc
	calls      []string
	added      []string
}

func (m *mockIAM) called(op string) {
	m.calls = append(m.calls, op)
	if m.rec != nil {
		m.rec.Record("iam", op)
	}
}

func (m *mockIAM) ListUserTags(_ context.Context, in *iam.ListUserTagsInput, _ ...func(*iam.Options)) (*iam.ListUserTagsOutput, error) {
	m.called("ListUserTags")
	return actiontest.Answer(m.listTags, in, &iam.ListUserTagsOutput{})
}

func (m *mockIAM) ListMFADevices(_ context.Context, in *iam.ListMFADevicesInput, _ ...func(*iam.Options)) (*iam.ListMFADevicesOutput, error) {
	m.called("ListMFADevices")
	return actiontest.Answer(m.listMFA, in, &iam.ListMFADevicesOutput{})
}

func (m *mockIAM) ListGroupsForUser(_ context.Context, in *iam.ListGroupsForUserInput, _ ...func(*iam.Options)) (*iam.ListGroupsForUserOutput, error) {
	m.called("ListGroupsForUser")
	return actiontest.Answer(m.listGroups, in, &iam.ListGroupsForUserOutput{})
}

func (m *mockIAM) AddUserToGroup(_ context.Context, in *iam.AddUserToGroupInput, _ ...func(*iam.Options)) (*iam.AddUserToGroupOutput, error) {
	m.called("AddUserToGroup")
	m.added = append(m.added, aws.ToString(in.UserName)+" -> "+aws.ToString(in.GroupName))
	return actiontest.Answer(m.add, in, &iam.AddUserToGroupOutput{})
}

func cfg(mode responderkit.Mode) Config {
	return Config{Group: "mfa-required", Responder: respondertest.Config(mode)}
}

func TestRespond(t *testing.T) {
	sample := testevent.Load(t, "testdata/CreateUser__awsdocs-cloudtrail__1.json")
	federated := testevent.Load(t, "testdata/iam_CreateUser_federated.json")
	tests := []struct {
		name      string
		event     []byte
		mode      responderkit.Mode
		cfg       func(*Config)
		mock      mockIAM
		want      responderkit.Action
		reason    string
		calls     string
		resource  string
		wantErr   bool
		wantAdded string
	}{
		{name: "act", event: sample, mode: responderkit.ModeRemediate, want: responderkit.ActionRemediated,
			calls: "ListUserTags ListMFADevices ListGroupsForUser AddUserToGroup", resource: "arn:aws:iam::123456789012:user/Bob", wantAdded: "Bob -> mfa-required"},
		{name: "act, user with path", event: federated, mode: responderkit.ModeRemediate, want: responderkit.ActionRemediated,
			calls: "ListUserTags ListMFADevices ListGroupsForUser AddUserToGroup", resource: "arn:aws:iam::111111111111:user/staff/frank", wantAdded: "frank -> mfa-required"},
		{name: "resource built without response", event: testevent.Set(t, federated, "responseElements", nil), mode: responderkit.ModeDryRun,
			want: responderkit.ActionWouldRemediate, calls: "ListUserTags ListMFADevices ListGroupsForUser", resource: "arn:aws:iam::111111111111:user/staff/frank"},
		{name: "exempt principal", event: sample, mode: responderkit.ModeRemediate, cfg: func(c *Config) { c.Responder.ExemptPrincipals = []string{"arn:aws:iam::123456789012:user/Alice"} },
			want: responderkit.ActionSkipped, reason: "exempt principal", calls: ""},
		{name: "exempt principal via issuer pattern", event: federated, mode: responderkit.ModeRemediate,
			cfg:  func(c *Config) { c.Responder.ExemptPrincipals = []string{"arn:aws:sts::111111111111:federated-user/*"} },
			want: responderkit.ActionSkipped, reason: "exempt principal", calls: ""},
		{name: "exempt tag on second page", event: sample, mode: responderkit.ModeRemediate, mock: mockIAM{listTags: func(in *iam.ListUserTagsInput) (*iam.ListUserTagsOutput, error) {
			if in.Marker == nil {
				return &iam.ListUserTagsOutput{Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}}, IsTruncated: true, Marker: aws.String("p2")}, nil
			}
			return &iam.ListUserTagsOutput{Tags: []types.Tag{{Key: aws.String("trailbridge:exempt"), Value: aws.String("true")}}}, nil
		}}, want: responderkit.ActionSkipped, reason: "exempt tag", calls: "ListUserTags ListUserTags"},
		{name: "dry-run", event: sample, mode: responderkit.ModeDryRun, want: responderkit.ActionWouldRemediate, calls: "ListUserTags ListMFADevices ListGroupsForUser",
			reason: "user has no MFA device and is not in group mfa-required"},
		{name: "alert", event: sample, mode: responderkit.ModeAlert, want: responderkit.ActionAlerted, calls: "ListUserTags ListMFADevices ListGroupsForUser"},
		{name: "off", event: sample, mode: responderkit.ModeOff, want: responderkit.ActionSkipped, reason: "mode off", calls: ""},
		{name: "has MFA", event: sample, mode: responderkit.ModeRemediate, mock: mockIAM{listMFA: func(*iam.ListMFADevicesInput) (*iam.ListMFADevicesOutput, error) {
			return &iam.ListMFADevicesOutput{MFADevices: []types.MFADevice{{SerialNumber: aws.String("arn:aws:iam::123456789012:mfa/Bob")}}}, nil
		}}, want: responderkit.ActionCompliant, reason: "MFA device", calls: "ListUserTags ListMFADevices"},
		{name: "already in group (second page)", event: sample, mode: responderkit.ModeRemediate, mock: mockIAM{listGroups: func(in *iam.ListGroupsForUserInput) (*iam.ListGroupsForUserOutput, error) {
			if in.Marker == nil {
				return &iam.ListGroupsForUserOutput{Groups: []types.Group{{GroupName: aws.String("devs")}}, IsTruncated: true, Marker: aws.String("p2")}, nil
			}
			return &iam.ListGroupsForUserOutput{Groups: []types.Group{{GroupName: aws.String("mfa-required")}}}, nil
		}}, want: responderkit.ActionCompliant, reason: "already in group", calls: "ListUserTags ListMFADevices ListGroupsForUser ListGroupsForUser"},
		{name: "user gone", event: sample, mode: responderkit.ModeRemediate, mock: mockIAM{listTags: func(*iam.ListUserTagsInput) (*iam.ListUserTagsOutput, error) {
			return nil, respondertest.APIError("NoSuchEntity")
		}},
			want: responderkit.ActionGone, calls: "ListUserTags"},
		{name: "user gone before the fix", event: sample, mode: responderkit.ModeRemediate, mock: mockIAM{
			add: func(*iam.AddUserToGroupInput) (*iam.AddUserToGroupOutput, error) {
				return nil, respondertest.APIError("NoSuchEntity")
			},
			listTags: func() listTagsFunc {
				n := 0
				return func(*iam.ListUserTagsInput) (*iam.ListUserTagsOutput, error) {
					if n++; n > 1 {
						return nil, respondertest.APIError("NoSuchEntity")
					}
					return &iam.ListUserTagsOutput{}, nil
				}
			}(),
		}, want: responderkit.ActionGone, calls: "ListUserTags ListMFADevices ListGroupsForUser AddUserToGroup ListUserTags"},
		{name: "group missing is an error", event: sample, mode: responderkit.ModeRemediate, mock: mockIAM{add: func(*iam.AddUserToGroupInput) (*iam.AddUserToGroupOutput, error) {
			return nil, respondertest.APIError("NoSuchEntity")
		}},
			want: responderkit.ActionFailed, wantErr: true, reason: "does the group exist? TRAILBRIDGE_MFA_GROUP=mfa-required", calls: "ListUserTags ListMFADevices ListGroupsForUser AddUserToGroup ListUserTags"},
		{name: "SDK error", event: sample, mode: responderkit.ModeRemediate, mock: mockIAM{listMFA: func(*iam.ListMFADevicesInput) (*iam.ListMFADevicesOutput, error) {
			return nil, respondertest.APIError("Throttling")
		}},
			want: responderkit.ActionFailed, wantErr: true, reason: "Throttling", calls: "ListUserTags ListMFADevices"},
		{name: "rejected without userName", event: testevent.Delete(t, sample, "requestParameters.userName"), mode: responderkit.ModeRemediate,
			want: responderkit.ActionRejected, wantErr: true, reason: "requestParameters.userName", calls: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cfg(tt.mode)
			if tt.cfg != nil {
				tt.cfg(&c)
			}
			m := tt.mock
			d, err := Kind.Handler(c, &m, nil).Decide(context.Background(), tt.event)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if d.Action != tt.want || !strings.Contains(d.Reason, tt.reason) {
				t.Errorf("decision = %s %q, want %s %q", d.Action, d.Reason, tt.want, tt.reason)
			}
			if got := strings.Join(m.calls, " "); got != tt.calls {
				t.Errorf("calls = %q, want %q", got, tt.calls)
			}
			if tt.resource != "" && d.Resource != tt.resource {
				t.Errorf("resource = %q, want %q", d.Resource, tt.resource)
			}
			if got := strings.Join(m.added, ","); tt.wantAdded != "" && got != tt.wantAdded {
				t.Errorf("added %q, want %q", got, tt.wantAdded)
			}
		})
	}
}

func TestActions(t *testing.T) {
	var rec actiontest.Recorder
	if _, err := Kind.Handler(cfg(responderkit.ModeRemediate), &mockIAM{rec: &rec}, nil).Decide(context.Background(), testevent.Load(t, "testdata/CreateUser__awsdocs-cloudtrail__1.json")); err != nil {
		t.Fatal(err)
	}
	actiontest.Check(t, Actions, actiontest.Actions("iam", actiontest.Methods[IAMAPI]()), rec.Actions())
}

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{contract.EnvMode: "alert", contract.EnvMFAGroup: "mfa-required"}, ""},
		{map[string]string{contract.EnvMode: "alert"}, contract.EnvMFAGroup + " is not set: must name the IAM group"},
		{map[string]string{contract.EnvMode: "alert", contract.EnvMFAGroup: "arn:aws:iam::1:group/x"}, `TRAILBRIDGE_MFA_GROUP="arn:aws:iam::1:group/x": must be an IAM group name`},
		{map[string]string{contract.EnvMode: "bad"}, contract.EnvMode + "=\"bad\": must be one of off, alert, dry-run, remediate\nTRAILBRIDGE_MFA_GROUP is not set"},
	}
	for _, tt := range tests {
		c, err := ConfigFromEnv(func(k string) string { return tt.vars[k] })
		if tt.want == "" {
			if err != nil || c.Group != "mfa-required" || c.Responder.Mode != responderkit.ModeAlert {
				t.Errorf("%v: %+v, %v", tt.vars, c, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want %q", tt.vars, err, tt.want)
		}
	}
}

// answers are IAM's answers for a user with no tags, MFA devices or groups.
var answers = func() map[string]awstest.Response {
	const ns = `xmlns="https://iam.amazonaws.com/doc/2010-05-08/"`
	return map[string]awstest.Response{
		"ListUserTags":      awstest.XML(`<ListUserTagsResponse ` + ns + `><ListUserTagsResult><IsTruncated>false</IsTruncated><Tags/></ListUserTagsResult></ListUserTagsResponse>`),
		"ListMFADevices":    awstest.XML(`<ListMFADevicesResponse ` + ns + `><ListMFADevicesResult><IsTruncated>false</IsTruncated><MFADevices/></ListMFADevicesResult></ListMFADevicesResponse>`),
		"ListGroupsForUser": awstest.XML(`<ListGroupsForUserResponse ` + ns + `><ListGroupsForUserResult><IsTruncated>false</IsTruncated><Groups/></ListGroupsForUserResult></ListGroupsForUserResponse>`),
		"AddUserToGroup":    awstest.XML(`<AddUserToGroupResponse ` + ns + `><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></AddUserToGroupResponse>`),
	}
}()

// TestWire checks the AddUserToGroup request the real IAM client sends.
func TestWire(t *testing.T) {
	srv := awstest.NewServer(t, func(r awstest.Request) awstest.Response {
		if a, ok := answers[r.Action()]; ok {
			return a
		}
		return awstest.QueryError(http.StatusBadRequest, "InvalidAction")
	})
	client := iam.NewFromConfig(awstest.Config(srv.URL(), "us-east-1"))
	d, err := Kind.Handler(cfg(responderkit.ModeRemediate), client, nil).Decide(context.Background(), testevent.Load(t, "testdata/CreateUser__awsdocs-cloudtrail__1.json"))
	if err != nil || d.Action != responderkit.ActionRemediated {
		t.Fatalf("decision %+v, err %v", d, err)
	}
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	if got := last.Form.Encode(); got != "Action=AddUserToGroup&GroupName=mfa-required&UserName=Bob&Version=2010-05-08" {
		t.Errorf("AddUserToGroup form = %s", got)
	}
}

func TestWireGone(t *testing.T) {
	srv := awstest.NewServer(t, func(awstest.Request) awstest.Response { return awstest.QueryError(http.StatusNotFound, "NoSuchEntity") })
	client := iam.NewFromConfig(awstest.Config(srv.URL(), "us-east-1"))
	d, err := Kind.Handler(cfg(responderkit.ModeRemediate), client, nil).Decide(context.Background(), testevent.Load(t, "testdata/CreateUser__awsdocs-cloudtrail__1.json"))
	if err != nil || d.Action != responderkit.ActionGone {
		t.Fatalf("decision %+v, err %v", d, err)
	}
}

// FuzzDecide feeds arbitrary bytes to the decision function: it must never
// panic and always return a well-formed decision.
func FuzzDecide(f *testing.F) {
	testevent.FuzzDecide(f, "testdata", func() *responderkit.Handler {
		return Kind.Handler(cfg(responderkit.ModeRemediate), &mockIAM{}, nil)
	})
}

// TestFaults injects a timeout, a reset, a 500, throttling and a slow
// success into each call (see package faulttest).
func TestFaults(t *testing.T) {
	faulttest.Run(t, "testdata/faults.golden.md", faulttest.Case{Name: Name, Protocol: faulttest.Query, Answers: answers,
		Calls: []string{"ListUserTags", "ListMFADevices", "ListGroupsForUser", "AddUserToGroup"}, Writes: []string{"AddUserToGroup"},
		Decide: faulttest.Decide(Kind, cfg(responderkit.ModeRemediate), testevent.Load(t, "testdata/CreateUser__awsdocs-cloudtrail__1.json"))})
}

// TestClientSource checks that the responder asks for the clients of the
// event's account, returns the source's error, and skips another
// account's event without asking when no member role is configured.
func TestClientSource(t *testing.T) {
	event := testevent.Set(t, testevent.Load(t, "testdata/CreateUser__awsdocs-cloudtrail__1.json"), "recipientAccountId", "222222222222")
	m := &mockIAM{}
	sourcetest.Check(t, sourcetest.Case[IAMAPI]{Event: event, Home: "111111111111", Account: "222222222222", Region: "us-east-2",
		Clients: func() IAMAPI { return m }, Acted: func() bool { return len(m.added) == 1 },
		Decide: sourcetest.Decide(Kind, cfg(responderkit.ModeRemediate), "111111111111", event)})
}
