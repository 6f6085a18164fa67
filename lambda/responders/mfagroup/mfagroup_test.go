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
	"github.com/trailbridge/trailbridge/lambda/responders/mfagroup/settings"
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
	respondertest.Calls
	listTags   listTagsFunc
	listMFA    listMFAFunc
	listGroups listGroupsFunc
	add        addFunc
	added      []string
}

func (m *mockIAM) ListUserTags(_ context.Context, in *iam.ListUserTagsInput, _ ...func(*iam.Options)) (*iam.ListUserTagsOutput, error) {
	m.Add("iam", "ListUserTags", "")
	return actiontest.Answer(m.listTags, in, &iam.ListUserTagsOutput{})
}

func (m *mockIAM) ListMFADevices(_ context.Context, in *iam.ListMFADevicesInput, _ ...func(*iam.Options)) (*iam.ListMFADevicesOutput, error) {
	m.Add("iam", "ListMFADevices", "")
	return actiontest.Answer(m.listMFA, in, &iam.ListMFADevicesOutput{})
}

func (m *mockIAM) ListGroupsForUser(_ context.Context, in *iam.ListGroupsForUserInput, _ ...func(*iam.Options)) (*iam.ListGroupsForUserOutput, error) {
	m.Add("iam", "ListGroupsForUser", "")
	return actiontest.Answer(m.listGroups, in, &iam.ListGroupsForUserOutput{})
}

func (m *mockIAM) AddUserToGroup(_ context.Context, in *iam.AddUserToGroupInput, _ ...func(*iam.Options)) (*iam.AddUserToGroupOutput, error) {
	m.Add("iam", "AddUserToGroup", "")
	m.added = append(m.added, aws.ToString(in.UserName)+" -> "+aws.ToString(in.GroupName))
	return actiontest.Answer(m.add, in, &iam.AddUserToGroupOutput{})
}

func cfg(mode responderkit.Mode) settings.Config {
	return settings.Config{Group: "mfa-required", Responder: respondertest.Config(mode)}
}

// row is one case of TestRespond; Own is the AddUserToGroup calls made
// ("user -> group", comma-separated), or "" for none.
type row = respondertest.Row[settings.Config, mockIAM, string]

// table runs the rows through mockIAM.
var table = respondertest.Table[settings.Config, mockIAM, string]{Config: cfg, Writes: []string{"AddUserToGroup"},
	Decide: respondertest.Decide[mockIAM, string](Kind),
	Check: func(t *testing.T, r *row, _ responderkit.Decision) {
		if got := strings.Join(r.Mock.added, ","); got != r.Own {
			t.Errorf("added %q, want %q", got, r.Own)
		}
	},
}

func TestRespond(t *testing.T) {
	sample := testevent.Load(t, "testdata/CreateUser__awsdocs-cloudtrail__1.json")
	federated := testevent.Load(t, "testdata/iam_CreateUser_federated.json")
	table.Run(t, []row{
		{Name: "act", Event: sample, Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated,
			Calls: "ListUserTags ListMFADevices ListGroupsForUser AddUserToGroup", Resource: "arn:aws:iam::123456789012:user/Bob", Own: "Bob -> mfa-required"},
		{Name: "act, user with path", Event: federated, Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated,
			Calls: "ListUserTags ListMFADevices ListGroupsForUser AddUserToGroup", Resource: "arn:aws:iam::111111111111:user/staff/frank", Own: "frank -> mfa-required"},
		{Name: "resource built without response", Event: testevent.Set(t, federated, "responseElements", nil), Mode: responderkit.ModeDryRun,
			Want: responderkit.ActionWouldRemediate, Calls: "ListUserTags ListMFADevices ListGroupsForUser", Resource: "arn:aws:iam::111111111111:user/staff/frank"},
		{Name: "exempt principal", Event: sample, Mode: responderkit.ModeRemediate, Config: func(c *settings.Config) {
			c.Responder.ExemptPrincipals = []string{"arn:aws:iam::123456789012:user/Alice"}
		},
			Want: responderkit.ActionSkipped, Reason: "exempt principal", Calls: ""},
		{Name: "exempt principal via issuer pattern", Event: federated, Mode: responderkit.ModeRemediate,
			Config: func(c *settings.Config) {
				c.Responder.ExemptPrincipals = []string{"arn:aws:sts::111111111111:federated-user/*"}
			},
			Want: responderkit.ActionSkipped, Reason: "exempt principal", Calls: ""},
		{Name: "exempt tag on second page", Event: sample, Mode: responderkit.ModeRemediate, Mock: mockIAM{listTags: func(in *iam.ListUserTagsInput) (*iam.ListUserTagsOutput, error) {
			if in.Marker == nil {
				return &iam.ListUserTagsOutput{Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}}, IsTruncated: true, Marker: aws.String("p2")}, nil
			}
			return &iam.ListUserTagsOutput{Tags: []types.Tag{{Key: aws.String("trailbridge:exempt"), Value: aws.String("true")}}}, nil
		}}, Want: responderkit.ActionSkipped, Reason: "exempt tag", Calls: "ListUserTags ListUserTags"},
		{Name: "dry-run", Event: sample, Mode: responderkit.ModeDryRun, Want: responderkit.ActionWouldRemediate, Calls: "ListUserTags ListMFADevices ListGroupsForUser",
			Reason: "user has no MFA device and is not in group mfa-required"},
		{Name: "alert", Event: sample, Mode: responderkit.ModeAlert, Want: responderkit.ActionAlerted, Calls: "ListUserTags ListMFADevices ListGroupsForUser"},
		{Name: "off", Event: sample, Mode: responderkit.ModeOff, Want: responderkit.ActionSkipped, Reason: "mode off", Calls: ""},
		{Name: "has MFA", Event: sample, Mode: responderkit.ModeRemediate, Mock: mockIAM{listMFA: func(*iam.ListMFADevicesInput) (*iam.ListMFADevicesOutput, error) {
			return &iam.ListMFADevicesOutput{MFADevices: []types.MFADevice{{SerialNumber: aws.String("arn:aws:iam::123456789012:mfa/Bob")}}}, nil
		}}, Want: responderkit.ActionCompliant, Reason: "MFA device", Calls: "ListUserTags ListMFADevices"},
		{Name: "already in group (second page)", Event: sample, Mode: responderkit.ModeRemediate, Mock: mockIAM{listGroups: func(in *iam.ListGroupsForUserInput) (*iam.ListGroupsForUserOutput, error) {
			if in.Marker == nil {
				return &iam.ListGroupsForUserOutput{Groups: []types.Group{{GroupName: aws.String("devs")}}, IsTruncated: true, Marker: aws.String("p2")}, nil
			}
			return &iam.ListGroupsForUserOutput{Groups: []types.Group{{GroupName: aws.String("mfa-required")}}}, nil
		}}, Want: responderkit.ActionCompliant, Reason: "already in group", Calls: "ListUserTags ListMFADevices ListGroupsForUser ListGroupsForUser"},
		{Name: "user gone", Event: sample, Mode: responderkit.ModeRemediate, Mock: mockIAM{listTags: func(*iam.ListUserTagsInput) (*iam.ListUserTagsOutput, error) {
			return nil, respondertest.APIError("NoSuchEntity")
		}},
			Want: responderkit.ActionGone, Calls: "ListUserTags"},
		{Name: "user gone before the fix", Event: sample, Mode: responderkit.ModeRemediate, Mock: mockIAM{
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
		}, Want: responderkit.ActionGone, Calls: "ListUserTags ListMFADevices ListGroupsForUser AddUserToGroup ListUserTags", Own: "Bob -> mfa-required"},
		{Name: "group missing is an error", Event: sample, Mode: responderkit.ModeRemediate, Mock: mockIAM{add: func(*iam.AddUserToGroupInput) (*iam.AddUserToGroupOutput, error) {
			return nil, respondertest.APIError("NoSuchEntity")
		}},
			Want: responderkit.ActionFailed, Reason: "does the group exist? TRAILBRIDGE_MFA_GROUP=mfa-required",
			Calls: "ListUserTags ListMFADevices ListGroupsForUser AddUserToGroup ListUserTags", Own: "Bob -> mfa-required"},
		{Name: "SDK error", Event: sample, Mode: responderkit.ModeRemediate, Mock: mockIAM{listMFA: func(*iam.ListMFADevicesInput) (*iam.ListMFADevicesOutput, error) {
			return nil, respondertest.APIError("Throttling")
		}},
			Want: responderkit.ActionFailed, Reason: "Throttling", Calls: "ListUserTags ListMFADevices"},
		{Name: "rejected without userName", Event: testevent.Delete(t, sample, "requestParameters.userName"), Mode: responderkit.ModeRemediate,
			Want: responderkit.ActionRejected, Reason: "requestParameters.userName", Calls: ""},
	})
}

func TestActions(t *testing.T) {
	table.Actions(t, testevent.Load(t, "testdata/CreateUser__awsdocs-cloudtrail__1.json"), settings.Actions, actiontest.Actions("iam", actiontest.Methods[IAMAPI]()))
}

func TestConfigFromEnv(t *testing.T) {
	respondertest.Env(t, settings.ConfigFromEnv, map[string]string{contract.EnvMode: "alert"},
		func(c settings.Config) string { return string(c.Responder.Mode) + " " + c.Group }, []respondertest.EnvRow{
			{Vars: map[string]string{contract.EnvMFAGroup: "mfa-required"}, Want: "alert mfa-required"},
			{Err: contract.EnvMFAGroup + " is not set: must name the IAM group"},
			{Vars: map[string]string{contract.EnvMFAGroup: "arn:aws:iam::1:group/x"}, Err: `TRAILBRIDGE_MFA_GROUP="arn:aws:iam::1:group/x": must be an IAM group name`},
			{Vars: map[string]string{contract.EnvMode: "bad"}, Err: contract.EnvMode + "=\"bad\": must be one of off, alert, dry-run, remediate\nTRAILBRIDGE_MFA_GROUP is not set"},
		})
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
	faulttest.Run(t, "testdata/faults.golden.md", faulttest.Case{Name: settings.Name, Protocol: faulttest.Query, Answers: answers,
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
