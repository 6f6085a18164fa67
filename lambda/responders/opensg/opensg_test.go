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
)

// Func types for each EC2 operation.
type (
	describeFunc func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error)
	revokeFunc   func(*ec2.RevokeSecurityGroupIngressInput) (*ec2.RevokeSecurityGroupIngressOutput, error)
)

type mockEC2 struct {
	t        *testing.T
	rec      *actiontest.Recorder
	describe describeFunc
	revoke   revokeFunc
	calls    []string
	revoked  []*ec2.RevokeSecurityGroupIngressInput
	region   string
}

func (m *mockEC2) called(op string, opts []func(*ec2.Options)) {
	m.calls = append(m.calls, op)
	if m.rec != nil {
		m.rec.Record("ec2", op)
	}
	m.region = actiontest.Options(opts).Region
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

func cfg(mode responderkit.Mode) Config {
	return Config{AdminPorts: []int{22, 3389}, Responder: respondertest.Config(mode)}
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
	tests := []struct {
		name    string
		event   []byte
		mode    responderkit.Mode
		cfg     func(*Config)
		mock    mockEC2
		want    responderkit.Action
		reason  string
		calls   string
		revoked string
		wantErr bool
	}{
		{name: "act by rule IDs", event: env, mode: responderkit.ModeRemediate, want: responderkit.ActionRemediated,
			reason: "admin port(s) 22 open to the world", calls: "DescribeSecurityGroups RevokeSecurityGroupIngress",
			revoked: "sg-0123456789abcdef0 ids sgr-0aaaaaaaaaaaaaaa1,sgr-0aaaaaaaaaaaaaaa2"},
		{name: "act by permissions, world CIDRs only", event: noRules, mode: responderkit.ModeRemediate, want: responderkit.ActionRemediated,
			calls: "DescribeSecurityGroups RevokeSecurityGroupIngress", revoked: "sg-0123456789abcdef0 perms tcp 22-22 0.0.0.0/0 ::/0"},
		{name: "legacy all traffic, group by name", event: legacy, mode: responderkit.ModeRemediate,
			mock: mockEC2{describe: func(in *ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
				if len(in.GroupNames) != 1 || in.GroupNames[0] != "default" || len(in.GroupIds) != 0 {
					return nil, respondertest.APIError("UnexpectedInput")
				}
				out := webGroup(nil, types.IpPermission{IpProtocol: aws.String("-1"), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}})
				out.SecurityGroups[0].GroupId = aws.String("sg-0default000000000")
				return out, nil
			}},
			want: responderkit.ActionRemediated, reason: "admin port(s) 22,3389", calls: "DescribeSecurityGroups RevokeSecurityGroupIngress",
			revoked: "sg-0default000000000 perms -1 0.0.0.0/0"},
		{name: "port range covering admin ports, protocol as number", event: wideRange, mode: responderkit.ModeRemediate,
			mock: mockEC2{describe: func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
				return webGroup(nil, types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(0), ToPort: aws.Int32(65535),
					IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}, {CidrIp: aws.String("10.0.0.0/8")}}}), nil
			}},
			want: responderkit.ActionRemediated, reason: "22,3389", calls: "DescribeSecurityGroups RevokeSecurityGroupIngress",
			revoked: "sg-0123456789abcdef0 perms tcp 0-65535 0.0.0.0/0"},
		{name: "only the rules still present", event: env, mode: responderkit.ModeRemediate,
			mock: mockEC2{describe: func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
				return webGroup(nil, types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22),
					Ipv6Ranges: []types.Ipv6Range{{CidrIpv6: aws.String("::/0")}}}), nil
			}},
			want: responderkit.ActionRemediated, calls: "DescribeSecurityGroups RevokeSecurityGroupIngress",
			revoked: "sg-0123456789abcdef0 ids sgr-0aaaaaaaaaaaaaaa2"},
		{name: "no admin port opened", event: only80, mode: responderkit.ModeRemediate, want: responderkit.ActionCompliant,
			reason: "opened no admin port (22,3389)", calls: ""},
		{name: "other admin ports configured", event: only80, mode: responderkit.ModeRemediate, cfg: func(c *Config) { c.AdminPorts = []int{443} },
			mock: mockEC2{describe: func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
				return webGroup(nil, types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(80), ToPort: aws.Int32(443),
					IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}), nil
			}},
			want: responderkit.ActionRemediated, calls: "DescribeSecurityGroups RevokeSecurityGroupIngress", revoked: "sg-0123456789abcdef0 perms tcp 80-443 0.0.0.0/0"},
		{name: "exempt principal", event: env, mode: responderkit.ModeRemediate, cfg: func(c *Config) { c.Responder.ExemptPrincipals = []string{"arn:aws:iam::111111111111:role/Ops"} },
			want: responderkit.ActionSkipped, reason: "exempt principal", calls: ""},
		{name: "own call", event: env, mode: responderkit.ModeRemediate, cfg: func(c *Config) { c.Responder.SelfRoleARN = "arn:aws:iam::111111111111:role/Ops" },
			want: responderkit.ActionSkipped, reason: "own call", calls: ""},
		{name: "exempt tag", event: env, mode: responderkit.ModeRemediate,
			mock: mockEC2{describe: func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
				return webGroup([]types.Tag{{Key: aws.String("trailbridge:exempt"), Value: aws.String("true")}}), nil
			}},
			want: responderkit.ActionSkipped, reason: "exempt tag", calls: "DescribeSecurityGroups"},
		{name: "dry-run", event: env, mode: responderkit.ModeDryRun, want: responderkit.ActionWouldRemediate, calls: "DescribeSecurityGroups"},
		{name: "alert", event: env, mode: responderkit.ModeAlert, want: responderkit.ActionAlerted, calls: "DescribeSecurityGroups"},
		{name: "off", event: env, mode: responderkit.ModeOff, want: responderkit.ActionSkipped, reason: "mode off", calls: ""},
		{name: "already revoked", event: env, mode: responderkit.ModeRemediate,
			mock: mockEC2{describe: func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
				return webGroup(nil, types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22), IpRanges: []types.IpRange{{CidrIp: aws.String("10.0.0.0/8")}}}), nil
			}},
			want: responderkit.ActionCompliant, reason: "no longer in the group", calls: "DescribeSecurityGroups"},
		{name: "revoked meanwhile", event: noRules, mode: responderkit.ModeRemediate,
			mock: mockEC2{revoke: func(*ec2.RevokeSecurityGroupIngressInput) (*ec2.RevokeSecurityGroupIngressOutput, error) {
				return nil, respondertest.APIError("InvalidPermission.NotFound")
			}},
			want: responderkit.ActionCompliant, reason: "InvalidPermission.NotFound", calls: "DescribeSecurityGroups RevokeSecurityGroupIngress",
			revoked: "sg-0123456789abcdef0 perms tcp 22-22 0.0.0.0/0 ::/0"},
		{name: "unknown permissions in a default VPC", event: noRules, mode: responderkit.ModeRemediate,
			mock: mockEC2{revoke: func(in *ec2.RevokeSecurityGroupIngressInput) (*ec2.RevokeSecurityGroupIngressOutput, error) {
				return &ec2.RevokeSecurityGroupIngressOutput{Return: aws.Bool(true), UnknownIpPermissions: in.IpPermissions}, nil
			}},
			want: responderkit.ActionCompliant, calls: "DescribeSecurityGroups RevokeSecurityGroupIngress", revoked: "sg-0123456789abcdef0 perms tcp 22-22 0.0.0.0/0 ::/0"},
		{name: "group gone", event: env, mode: responderkit.ModeRemediate,
			mock: mockEC2{describe: func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
				return nil, respondertest.APIError("InvalidGroup.NotFound")
			}},
			want: responderkit.ActionGone, calls: "DescribeSecurityGroups"},
		{name: "SDK error", event: env, mode: responderkit.ModeRemediate,
			mock: mockEC2{revoke: func(*ec2.RevokeSecurityGroupIngressInput) (*ec2.RevokeSecurityGroupIngressOutput, error) {
				return nil, respondertest.APIError("UnauthorizedOperation")
			}},
			want: responderkit.ActionFailed, wantErr: true, reason: "UnauthorizedOperation", calls: "DescribeSecurityGroups RevokeSecurityGroupIngress",
			revoked: "sg-0123456789abcdef0 ids sgr-0aaaaaaaaaaaaaaa1,sgr-0aaaaaaaaaaaaaaa2"},
		{name: "rejected without group", event: testevent.Delete(t, env, "requestParameters.groupId"), mode: responderkit.ModeRemediate,
			want: responderkit.ActionRejected, wantErr: true, calls: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cfg(tt.mode)
			if tt.cfg != nil {
				tt.cfg(&c)
			}
			m := tt.mock
			m.t = t
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
			var revoked []string
			for _, in := range m.revoked {
				revoked = append(revoked, revokeString(in))
			}
			if got := strings.Join(revoked, " | "); got != tt.revoked {
				t.Errorf("revoked %q\nwant    %q", got, tt.revoked)
			}
			if len(m.calls) > 0 && m.region != ev(t, tt.event) {
				t.Errorf("region = %q", m.region)
			}
		})
	}
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
	var rec actiontest.Recorder
	if _, err := Kind.Handler(cfg(responderkit.ModeRemediate), &mockEC2{t: t, rec: &rec}, nil).Decide(context.Background(), testevent.Load(t, "testdata/ec2_AuthorizeSecurityGroupIngress_envelope.json")); err != nil {
		t.Fatal(err)
	}
	actiontest.Check(t, Actions, actiontest.Actions("ec2", actiontest.Methods[EC2API]()), rec.Actions())
}

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		ports string
		want  []int
		err   string
	}{
		{"", []int{22, 3389}, ""},
		{"22, 3389,5985,22", []int{22, 3389, 5985}, ""},
		{"ssh", nil, `TRAILBRIDGE_ADMIN_PORTS="ssh": port "ssh": must be a TCP port from 1 to 65535`},
		{"0", nil, `port "0": must be a TCP port from 1 to 65535`},
		{"22,70000", nil, `port "70000"`},
		{",", nil, `TRAILBRIDGE_ADMIN_PORTS=",": must list at least one port`},
	}
	for _, tt := range tests {
		vars := map[string]string{contract.EnvMode: "remediate", contract.EnvAdminPorts: tt.ports}
		c, err := ConfigFromEnv(func(k string) string { return vars[k] })
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: err = %v, want %q", tt.ports, err, tt.err)
			}
			continue
		}
		if err != nil || fmt.Sprint(c.AdminPorts) != fmt.Sprint(tt.want) {
			t.Errorf("%q: ports %v, err %v", tt.ports, c.AdminPorts, err)
		}
	}
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
	faulttest.Run(t, "testdata/faults.golden.md", faulttest.Case{Name: Name, Protocol: faulttest.EC2,
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
	m := &mockEC2{t: t}
	sourcetest.Check(t, sourcetest.Case[EC2API]{Event: event, Home: "111111111111", Account: "222222222222", Region: "eu-west-1",
		Resource: "arn:aws:ec2:eu-west-1:222222222222:security-group/sg-0123456789abcdef0",
		Clients:  func() EC2API { return m }, Acted: func() bool { return len(m.revoked) == 1 },
		Decide: sourcetest.Decide(Kind, cfg(responderkit.ModeRemediate), "111111111111", event)})
}
