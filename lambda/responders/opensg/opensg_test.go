package opensg

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/internal/actiontest"
	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/respondertest"
	"github.com/trailbridge/trailbridge/lambda/internal/sourcetest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responders/opensg/settings"
)

// Func types for each EC2 operation.
type (
	describeFunc func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error)
	revokeFunc   func(*ec2.RevokeSecurityGroupIngressInput) (*ec2.RevokeSecurityGroupIngressOutput, error)
)

type mockEC2 struct {
	respondertest.Calls
	describe describeFunc
	revoke   revokeFunc
	revoked  []*ec2.RevokeSecurityGroupIngressInput
}

func (m *mockEC2) called(op string, opts []func(*ec2.Options)) {
	m.Add("ec2", op, actiontest.Options(opts).Region)
}

func (m *mockEC2) DescribeSecurityGroups(_ context.Context, in *ec2.DescribeSecurityGroupsInput, opts ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupsOutput, error) {
	m.called("DescribeSecurityGroups", opts)
	return actiontest.Answer(m.describe, in, webGroup(nil))
}

func (m *mockEC2) RevokeSecurityGroupIngress(_ context.Context, in *ec2.RevokeSecurityGroupIngressInput, opts ...func(*ec2.Options)) (*ec2.RevokeSecurityGroupIngressOutput, error) {
	m.called("RevokeSecurityGroupIngress", opts)
	m.revoked = append(m.revoked, in)
	return actiontest.Answer(m.revoke, in, &ec2.RevokeSecurityGroupIngressOutput{Return: aws.Bool(true)})
}

// webGroup is sg-0123456789abcdef0 as the envelope fixture leaves it: SSH
// open to the world on IPv4 and IPv6, RDP from a VPC range.
func webGroup(tags []types.Tag, perms ...types.IpPermission) *ec2.DescribeSecurityGroupsOutput {
	if perms == nil {
		perms = []types.IpPermission{
			{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22),
				IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}, Ipv6Ranges: []types.Ipv6Range{{CidrIpv6: aws.String("::/0")}}},
			{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(3389), ToPort: aws.Int32(3389), IpRanges: []types.IpRange{{CidrIp: aws.String("10.0.0.0/8")}}},
		}
	}
	return &ec2.DescribeSecurityGroupsOutput{SecurityGroups: []types.SecurityGroup{{GroupId: aws.String("sg-0123456789abcdef0"), GroupName: aws.String("web"), Tags: tags, IpPermissions: perms}}}
}

func cfg(mode responderkit.Mode) settings.Config {
	return settings.Config{AdminPorts: []int{22, 3389}, Responder: respondertest.Config(mode)}
}

func revokeString(in *ec2.RevokeSecurityGroupIngressInput) string {
	if len(in.SecurityGroupRuleIds) > 0 {
		return aws.ToString(in.GroupId) + " ids " + strings.Join(in.SecurityGroupRuleIds, ",")
	}
	var parts []string
	for _, p := range in.IpPermissions {
		s := aws.ToString(p.IpProtocol)
		if p.FromPort != nil {
			s += fmt.Sprintf(" %d-%d", *p.FromPort, *p.ToPort)
		}
		for _, r := range p.IpRanges {
			s += " " + aws.ToString(r.CidrIp)
		}
		for _, r := range p.Ipv6Ranges {
			s += " " + aws.ToString(r.CidrIpv6)
		}
		parts = append(parts, s)
	}
	return aws.ToString(in.GroupId) + " perms " + strings.Join(parts, "; ")
}

// row is one case of TestRespond; Own is the RevokeSecurityGroupIngress
// calls made (revokeString, separated by " | ").
type row = respondertest.Row[settings.Config, mockEC2, string]

// table runs the rows through mockEC2; every call goes to the event's
// region.
var table = respondertest.Table[settings.Config, mockEC2, string]{Config: cfg, Writes: []string{"RevokeSecurityGroupIngress"},
	Decide: respondertest.Decide[mockEC2, string](Kind),
	Check: func(t *testing.T, r *row, _ responderkit.Decision) {
		var revoked []string
		for _, in := range r.Mock.revoked {
			revoked = append(revoked, revokeString(in))
		}
		if got := strings.Join(revoked, " | "); got != r.Own {
			t.Errorf("revoked %q\nwant    %q", got, r.Own)
		}
		for i, region := range r.Mock.Regions {
			if want := ev(t, r.Event); region != want {
				t.Errorf("%s in region %q, want %q", r.Mock.Ops[i], region, want)
			}
		}
	},
}

func TestRespond(t *testing.T) {
	env := testevent.Load(t, "testdata/ec2_AuthorizeSecurityGroupIngress_envelope.json")
	noRules := testevent.Delete(t, env, "responseElements.securityGroupRuleSet")
	legacy := testevent.Load(t, "testdata/ec2_AuthorizeSecurityGroupIngress_legacy.json")
	only80 := testevent.Set(t, noRules, "requestParameters.ipPermissions", map[string]any{"items": []any{
		map[string]any{"ipProtocol": "tcp", "fromPort": 80, "toPort": 443, "ipRanges": map[string]any{"items": []any{map[string]any{"cidrIp": "0.0.0.0/0"}}}},
		map[string]any{"ipProtocol": "udp", "fromPort": 0, "toPort": 65535, "ipRanges": map[string]any{"items": []any{map[string]any{"cidrIp": "0.0.0.0/0"}}}},
		map[string]any{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipRanges": map[string]any{"items": []any{map[string]any{"cidrIp": "203.0.113.0/24"}}}},
	}})
	wideRange := testevent.Set(t, noRules, "requestParameters.ipPermissions", map[string]any{"items": []any{
		map[string]any{"ipProtocol": "6", "fromPort": 0, "toPort": 65535, "ipRanges": map[string]any{"items": []any{map[string]any{"cidrIp": "0.0.0.0/0"}, map[string]any{"cidrIp": "10.0.0.0/8"}}}},
	}})
	table.Run(t, []row{
		{Name: "act by rule IDs", Event: env, Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated,
			Reason: "admin port(s) 22 open to the world", Calls: "DescribeSecurityGroups RevokeSecurityGroupIngress",
			Own: "sg-0123456789abcdef0 ids sgr-0aaaaaaaaaaaaaaa1,sgr-0aaaaaaaaaaaaaaa2"},
		{Name: "act by permissions, world CIDRs only", Event: noRules, Mode: responderkit.ModeRemediate, Want: responderkit.ActionRemediated,
			Calls: "DescribeSecurityGroups RevokeSecurityGroupIngress", Own: "sg-0123456789abcdef0 perms tcp 22-22 0.0.0.0/0 ::/0"},
		{Name: "legacy all traffic, group by name", Event: legacy, Mode: responderkit.ModeRemediate,
			Mock: mockEC2{describe: func(in *ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
				if len(in.GroupNames) != 1 || in.GroupNames[0] != "default" || len(in.GroupIds) != 0 {
					return nil, respondertest.APIError("UnexpectedInput")
				}
				out := webGroup(nil, types.IpPermission{IpProtocol: aws.String("-1"), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}})
				out.SecurityGroups[0].GroupId = aws.String("sg-0default000000000")
				return out, nil
			}},
			Want: responderkit.ActionRemediated, Reason: "admin port(s) 22,3389", Calls: "DescribeSecurityGroups RevokeSecurityGroupIngress",
			Own: "sg-0default000000000 perms -1 0.0.0.0/0"},
		{Name: "port range covering admin ports, protocol as number", Event: wideRange, Mode: responderkit.ModeRemediate,
			Mock: mockEC2{describe: func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
				return webGroup(nil, types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(0), ToPort: aws.Int32(65535),
					IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}, {CidrIp: aws.String("10.0.0.0/8")}}}), nil
			}},
			Want: responderkit.ActionRemediated, Reason: "22,3389", Calls: "DescribeSecurityGroups RevokeSecurityGroupIngress",
			Own: "sg-0123456789abcdef0 perms tcp 0-65535 0.0.0.0/0"},
		{Name: "only the rules still present", Event: env, Mode: responderkit.ModeRemediate,
			Mock: mockEC2{describe: func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
				return webGroup(nil, types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22),
					Ipv6Ranges: []types.Ipv6Range{{CidrIpv6: aws.String("::/0")}}}), nil
			}},
			Want: responderkit.ActionRemediated, Calls: "DescribeSecurityGroups RevokeSecurityGroupIngress",
			Own: "sg-0123456789abcdef0 ids sgr-0aaaaaaaaaaaaaaa2"},
		{Name: "no admin port opened", Event: only80, Mode: responderkit.ModeRemediate, Want: responderkit.ActionCompliant,
			Reason: "opened no admin port (22,3389)", Calls: ""},
		{Name: "other admin ports configured", Event: only80, Mode: responderkit.ModeRemediate, Config: func(c *settings.Config) { c.AdminPorts = []int{443} },
			Mock: mockEC2{describe: func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
				return webGroup(nil, types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(80), ToPort: aws.Int32(443),
					IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}), nil
			}},
			Want: responderkit.ActionRemediated, Calls: "DescribeSecurityGroups RevokeSecurityGroupIngress", Own: "sg-0123456789abcdef0 perms tcp 80-443 0.0.0.0/0"},
		{Name: "exempt principal", Event: env, Mode: responderkit.ModeRemediate, Config: func(c *settings.Config) {
			c.Responder.ExemptPrincipals = []string{"arn:aws:iam::111111111111:role/Ops"}
		},
			Want: responderkit.ActionSkipped, Reason: "exempt principal", Calls: ""},
		{Name: "own call", Event: env, Mode: responderkit.ModeRemediate, Config: func(c *settings.Config) { c.Responder.SelfRoleARN = "arn:aws:iam::111111111111:role/Ops" },
			Want: responderkit.ActionSkipped, Reason: "own call", Calls: ""},
		{Name: "exempt tag", Event: env, Mode: responderkit.ModeRemediate,
			Mock: mockEC2{describe: func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
				return webGroup([]types.Tag{{Key: aws.String("trailbridge:exempt"), Value: aws.String("true")}}), nil
			}},
			Want: responderkit.ActionSkipped, Reason: "exempt tag", Calls: "DescribeSecurityGroups"},
		{Name: "dry-run", Event: env, Mode: responderkit.ModeDryRun, Want: responderkit.ActionWouldRemediate, Calls: "DescribeSecurityGroups"},
		{Name: "alert", Event: env, Mode: responderkit.ModeAlert, Want: responderkit.ActionAlerted, Calls: "DescribeSecurityGroups"},
		{Name: "off", Event: env, Mode: responderkit.ModeOff, Want: responderkit.ActionSkipped, Reason: "mode off", Calls: ""},
		{Name: "already revoked", Event: env, Mode: responderkit.ModeRemediate,
			Mock: mockEC2{describe: func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
				return webGroup(nil, types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22), IpRanges: []types.IpRange{{CidrIp: aws.String("10.0.0.0/8")}}}), nil
			}},
			Want: responderkit.ActionCompliant, Reason: "no longer in the group", Calls: "DescribeSecurityGroups"},
		{Name: "revoked meanwhile", Event: noRules, Mode: responderkit.ModeRemediate,
			Mock: mockEC2{revoke: func(*ec2.RevokeSecurityGroupIngressInput) (*ec2.RevokeSecurityGroupIngressOutput, error) {
				return nil, respondertest.APIError("InvalidPermission.NotFound")
			}},
			Want: responderkit.ActionCompliant, Reason: "InvalidPermission.NotFound", Calls: "DescribeSecurityGroups RevokeSecurityGroupIngress",
			Own: "sg-0123456789abcdef0 perms tcp 22-22 0.0.0.0/0 ::/0"},
		{Name: "unknown permissions in a default VPC", Event: noRules, Mode: responderkit.ModeRemediate,
			Mock: mockEC2{revoke: func(in *ec2.RevokeSecurityGroupIngressInput) (*ec2.RevokeSecurityGroupIngressOutput, error) {
				return &ec2.RevokeSecurityGroupIngressOutput{Return: aws.Bool(true), UnknownIpPermissions: in.IpPermissions}, nil
			}},
			Want: responderkit.ActionCompliant, Calls: "DescribeSecurityGroups RevokeSecurityGroupIngress", Own: "sg-0123456789abcdef0 perms tcp 22-22 0.0.0.0/0 ::/0"},
		{Name: "group gone", Event: env, Mode: responderkit.ModeRemediate,
			Mock: mockEC2{describe: func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
				return nil, respondertest.APIError("InvalidGroup.NotFound")
			}},
			Want: responderkit.ActionGone, Calls: "DescribeSecurityGroups"},
		{Name: "SDK error", Event: env, Mode: responderkit.ModeRemediate,
			Mock: mockEC2{revoke: func(*ec2.RevokeSecurityGroupIngressInput) (*ec2.RevokeSecurityGroupIngressOutput, error) {
				return nil, respondertest.APIError("UnauthorizedOperation")
			}},
			Want: responderkit.ActionFailed, Reason: "UnauthorizedOperation", Calls: "DescribeSecurityGroups RevokeSecurityGroupIngress",
			Own: "sg-0123456789abcdef0 ids sgr-0aaaaaaaaaaaaaaa1,sgr-0aaaaaaaaaaaaaaa2"},
		{Name: "rejected without group", Event: testevent.Delete(t, env, "requestParameters.groupId"), Mode: responderkit.ModeRemediate,
			Want: responderkit.ActionRejected, Calls: ""},
	})
}

// ev returns the record's awsRegion.
func ev(t *testing.T, event []byte) string {
	env, err := cloudtrail.Parse(event)
	if err != nil {
		t.Fatal(err)
	}
	return env.Detail.AWSRegion
}

func TestActions(t *testing.T) {
	table.Actions(t, testevent.Load(t, "testdata/ec2_AuthorizeSecurityGroupIngress_envelope.json"), settings.Actions, actiontest.Actions("ec2", actiontest.Methods[EC2API]()))
}

func TestConfigFromEnv(t *testing.T) {
	respondertest.Env(t, settings.ConfigFromEnv, map[string]string{contract.EnvMode: "remediate"},
		func(c settings.Config) string { return fmt.Sprint(c.AdminPorts) }, []respondertest.EnvRow{
			{Want: "[22 3389]"},
			{Vars: map[string]string{contract.EnvAdminPorts: "22, 3389,5985,22"}, Want: "[22 3389 5985]"},
			{Vars: map[string]string{contract.EnvAdminPorts: "ssh"}, Err: `TRAILBRIDGE_ADMIN_PORTS="ssh": port "ssh": must be a TCP port from 1 to 65535`},
			{Vars: map[string]string{contract.EnvAdminPorts: "0"}, Err: `port "0": must be a TCP port from 1 to 65535`},
			{Vars: map[string]string{contract.EnvAdminPorts: "22,70000"}, Err: `port "70000"`},
			{Vars: map[string]string{contract.EnvAdminPorts: ","}, Err: `TRAILBRIDGE_ADMIN_PORTS=",": must list at least one port`},
		})
}

const describeXML = `<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>fake</requestId>
  <securityGroupInfo><item>
    <ownerId>111111111111</ownerId><groupId>sg-0123456789abcdef0</groupId><groupName>web</groupName>
    <ipPermissions>
      <item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort><groups/>
        <ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges>
        <ipv6Ranges><item><cidrIpv6>::/0</cidrIpv6></item></ipv6Ranges><prefixListIds/></item>
      <item><ipProtocol>tcp</ipProtocol><fromPort>3389</fromPort><toPort>3389</toPort><groups/>
        <ipRanges><item><cidrIp>10.0.0.0/8</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item>
    </ipPermissions>
    <tagSet><item><key>team</key><value>web</value></item></tagSet>
  </item></securityGroupInfo>
</DescribeSecurityGroupsResponse>`

// TestWire checks the RevokeSecurityGroupIngress requests the real EC2
// client sends, by rule IDs and by permissions.
func TestWire(t *testing.T) {
	tests := []struct {
		name  string
		event []byte
		want  string
	}{
		{"rule IDs", testevent.Load(t, "testdata/ec2_AuthorizeSecurityGroupIngress_envelope.json"),
			"Action=RevokeSecurityGroupIngress&GroupId=sg-0123456789abcdef0&SecurityGroupRuleId.1=sgr-0aaaaaaaaaaaaaaa1&SecurityGroupRuleId.2=sgr-0aaaaaaaaaaaaaaa2&Version=2016-11-15"},
		{"permissions", testevent.Delete(t, testevent.Load(t, "testdata/ec2_AuthorizeSecurityGroupIngress_envelope.json"), "responseElements.securityGroupRuleSet"),
			"Action=RevokeSecurityGroupIngress&GroupId=sg-0123456789abcdef0&IpPermissions.1.FromPort=22&IpPermissions.1.IpProtocol=tcp&IpPermissions.1.IpRanges.1.CidrIp=0.0.0.0%2F0&IpPermissions.1.Ipv6Ranges.1.CidrIpv6=%3A%3A%2F0&IpPermissions.1.ToPort=22&Version=2016-11-15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := awstest.NewServer(t, func(r awstest.Request) awstest.Response {
				switch r.Action() {
				case "DescribeSecurityGroups":
					return awstest.XML(describeXML)
				case "RevokeSecurityGroupIngress":
					return awstest.XML(`<RevokeSecurityGroupIngressResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake</requestId><return>true</return></RevokeSecurityGroupIngressResponse>`)
				}
				return awstest.EC2Error("InvalidAction")
			})
			client := ec2.NewFromConfig(awstest.Config(srv.URL(), "us-east-1"))
			d, err := Kind.Handler(cfg(responderkit.ModeRemediate), client, nil).Decide(context.Background(), tt.event)
			if err != nil || d.Action != responderkit.ActionRemediated {
				t.Fatalf("decision %+v, err %v", d, err)
			}
			reqs := srv.Requests()
			if len(reqs) != 2 {
				t.Fatalf("%d requests", len(reqs))
			}
			if got := reqs[0].Form.Encode(); got != "Action=DescribeSecurityGroups&GroupId.1=sg-0123456789abcdef0&Version=2016-11-15" {
				t.Errorf("describe form = %s", got)
			}
			if got := reqs[1].Form.Encode(); got != tt.want {
				t.Errorf("revoke form\n got %s\nwant %s", got, tt.want)
			}
			for _, r := range reqs {
				if auth := r.Header.Get("Authorization"); !strings.Contains(auth, "/eu-west-1/ec2/aws4_request") {
					t.Errorf("not signed for the group's region eu-west-1: %s", auth)
				}
			}
		})
	}
}

func TestWireNotFound(t *testing.T) {
	envelope := testevent.Load(t, "testdata/ec2_AuthorizeSecurityGroupIngress_envelope.json")
	tests := []struct {
		code  string
		event []byte
		want  responderkit.Action
	}{
		{"InvalidGroup.NotFound", envelope, responderkit.ActionGone},
		{"InvalidPermission.NotFound", testevent.Delete(t, envelope, "responseElements.securityGroupRuleSet"), responderkit.ActionCompliant},
		{"InvalidSecurityGroupRuleId.NotFound", envelope, responderkit.ActionCompliant},
	}
	for _, tt := range tests {
		srv := awstest.NewServer(t, func(r awstest.Request) awstest.Response {
			if r.Action() == "DescribeSecurityGroups" && tt.code != "InvalidGroup.NotFound" {
				return awstest.XML(describeXML)
			}
			return awstest.EC2Error(tt.code)
		})
		client := ec2.NewFromConfig(awstest.Config(srv.URL(), "eu-west-1"))
		d, err := Kind.Handler(cfg(responderkit.ModeRemediate), client, nil).Decide(context.Background(), tt.event)
		if err != nil || d.Action != tt.want {
			t.Errorf("%s: decision %+v, err %v", tt.code, d, err)
		}
	}
}

// lenientEC2 answers every call: the group has every rule the fuzzer may
// ask to revoke, so the revoke path is exercised too.
type lenientEC2 struct{}

func (lenientEC2) DescribeSecurityGroups(context.Context, *ec2.DescribeSecurityGroupsInput, ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupsOutput, error) {
	return webGroup(nil, types.IpPermission{IpProtocol: aws.String("-1"), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}},
		types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}, Ipv6Ranges: []types.Ipv6Range{{CidrIpv6: aws.String("::/0")}}}), nil
}

func (lenientEC2) RevokeSecurityGroupIngress(context.Context, *ec2.RevokeSecurityGroupIngressInput, ...func(*ec2.Options)) (*ec2.RevokeSecurityGroupIngressOutput, error) {
	return &ec2.RevokeSecurityGroupIngressOutput{}, nil
}

// FuzzDecide feeds arbitrary bytes to the decision function: it must never
// panic and always return a well-formed decision.
func FuzzDecide(f *testing.F) {
	testevent.FuzzDecide(f, "testdata", func() *responderkit.Handler {
		return Kind.Handler(cfg(responderkit.ModeRemediate), lenientEC2{}, nil)
	})
}

// TestFaults injects a timeout, a reset, a 500, throttling and a slow
// success into each call (see package faulttest).
func TestFaults(t *testing.T) {
	faulttest.Run(t, "testdata/faults.golden.md", faulttest.Case{Name: settings.Name, Protocol: faulttest.EC2,
		Calls: []string{"DescribeSecurityGroups", "RevokeSecurityGroupIngress"}, Writes: []string{"RevokeSecurityGroupIngress"},
		Answers: map[string]awstest.Response{"DescribeSecurityGroups": awstest.XML(describeXML),
			"RevokeSecurityGroupIngress": awstest.XML(`<RevokeSecurityGroupIngressResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake</requestId><return>true</return></RevokeSecurityGroupIngressResponse>`)},
		Decide: faulttest.Decide(Kind, cfg(responderkit.ModeRemediate), testevent.Load(t, "testdata/ec2_AuthorizeSecurityGroupIngress_envelope.json"))})
}

// TestClientSource checks that the responder asks for the clients of the
// event's account, returns the source's error, and skips another
// account's event without asking when no member role is configured.
func TestClientSource(t *testing.T) {
	event := testevent.Set(t, testevent.Load(t, "testdata/ec2_AuthorizeSecurityGroupIngress_envelope.json"), "recipientAccountId", "222222222222")
	m := &mockEC2{}
	sourcetest.Check(t, sourcetest.Case[EC2API]{Event: event, Home: "111111111111", Account: "222222222222", Region: "eu-west-1",
		Resource: "arn:aws:ec2:eu-west-1:222222222222:security-group/sg-0123456789abcdef0",
		Clients:  func() EC2API { return m }, Acted: func() bool { return len(m.revoked) == 1 },
		Decide: sourcetest.Decide(Kind, cfg(responderkit.ModeRemediate), "111111111111", event)})
}
