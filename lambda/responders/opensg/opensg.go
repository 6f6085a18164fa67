package opensg

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responders/opensg/settings"
)

// EC2API is the part of *ec2.Client the responder uses.
type EC2API interface {
	DescribeSecurityGroups(ctx context.Context, in *ec2.DescribeSecurityGroupsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupsOutput, error)
	RevokeSecurityGroupIngress(ctx context.Context, in *ec2.RevokeSecurityGroupIngressInput, optFns ...func(*ec2.Options)) (*ec2.RevokeSecurityGroupIngressOutput, error)
}

// Kind describes the responder to responderkit's shared constructors and
// to its Lambda main (lambdamain.Start).
var Kind = responderkit.Kind[settings.Config, EC2API]{
	Facts:   settings.Facts,
	Clients: func(c aws.Config) EC2API { return ec2.NewFromConfig(c) },
	Common:  func(c *settings.Config) *responderkit.Config { return &c.Responder },
	Act:     responderkit.Decoding(cloudtrail.DecodeAuthorizeSecurityGroupIngress, respond),
}

// responder is what the logic works with: the Config and the EC2
// clients of each event's account.
type responder = responderkit.Acting[settings.Config, EC2API]

// opening is one world-open source of a rule that covers an admin port.
type opening struct {
	protocol string // normalized: "tcp", "-1", ...
	from, to *int
	cidr     string
	ruleID   string
	ports    []int // admin ports covered
}

func (o opening) String() string {
	s := o.protocol
	if o.protocol == "-1" {
		s = "all traffic"
	} else if o.from != nil && o.to != nil {
		s += fmt.Sprintf(" %d-%d", *o.from, *o.to)
	}
	s += " from " + o.cidr
	if o.ruleID != "" {
		s += " (" + o.ruleID + ")"
	}
	return s
}

// respond decides about one AuthorizeSecurityGroupIngress call (see the
// package documentation).
func respond(ctx context.Context, r responder, ev *responderkit.Event, req *cloudtrail.SecurityGroupIngress) (responderkit.Decision, error) {
	group := req.GroupID
	if group == "" {
		group = req.GroupName
	}
	resource := arn(ev, group)
	open := openings(req, r.Config.AdminPorts)
	if len(open) == 0 {
		return ev.Decide(responderkit.ActionCompliant, resource, "the call opened no admin port ("+portList(r.Config.AdminPorts)+") to the world", nil), nil
	}
	details := map[string]any{"opened": describe(open)}
	region := func(o *ec2.Options) {
		if ev.Region() != "" {
			o.Region = ev.Region()
		}
	}

	ec2c, err := r.Clients(ctx, ev)
	if err != nil {
		return responderkit.Decision{}, err
	}

	in := &ec2.DescribeSecurityGroupsInput{}
	if req.GroupID != "" {
		in.GroupIds = []string{req.GroupID}
	} else {
		in.GroupNames = []string{req.GroupName}
	}
	out, err := ec2c.DescribeSecurityGroups(ctx, in, region)
	switch code := responderkit.ErrorCode(err); {
	case code == "InvalidGroup.NotFound" || code == "InvalidGroupId.NotFound":
		return ev.Decide(responderkit.ActionGone, resource, "security group no longer exists", details), nil
	case err != nil:
		return responderkit.Decision{}, fmt.Errorf("describe security group %s: %w", group, err)
	case len(out.SecurityGroups) == 0:
		return ev.Decide(responderkit.ActionGone, resource, "security group no longer exists", details), nil
	}
	sg := out.SecurityGroups[0]
	if id := aws.ToString(sg.GroupId); id != "" {
		group = id
		resource = arn(ev, id)
	}
	for _, t := range sg.Tags {
		if r.Config.Responder.ExemptTag.Matches(aws.ToString(t.Key), aws.ToString(t.Value)) {
			return ev.Decide(responderkit.ActionSkipped, resource, "exempt tag "+r.Config.Responder.ExemptTag.String(), details), nil
		}
	}
	present := stillPresent(open, sg.IpPermissions)
	if len(present) == 0 {
		return ev.Decide(responderkit.ActionCompliant, resource, "the world-open admin rules are no longer in the group", details), nil
	}
	details["revoke"] = describe(present)
	reason := fmt.Sprintf("admin port(s) %s open to the world: %s", portList(coveredPorts(present)), strings.Join(describe(present), "; "))
	if !ev.Mode.Acts() {
		return ev.Decide(ev.Mode.Outcome(), resource, reason, details), nil
	}

	revoke := revokeInput(group, present)
	res, err := ec2c.RevokeSecurityGroupIngress(ctx, revoke, region)
	switch code := responderkit.ErrorCode(err); {
	case code == "InvalidPermission.NotFound" || code == "InvalidSecurityGroupRuleId.NotFound":
		return ev.Decide(responderkit.ActionCompliant, resource, "the rules were revoked meanwhile ("+code+")", details), nil
	case code == "InvalidGroup.NotFound" || code == "InvalidGroupId.NotFound":
		return ev.Decide(responderkit.ActionGone, resource, "security group no longer exists", details), nil
	case err != nil:
		return responderkit.Decision{}, fmt.Errorf("revoke ingress of security group %s: %w", group, err)
	}
	if len(res.UnknownIpPermissions) > 0 {
		details["unknown"] = len(res.UnknownIpPermissions)
		if len(revoke.IpPermissions) > 0 && len(res.UnknownIpPermissions) >= len(revoke.IpPermissions) {
			return ev.Decide(responderkit.ActionCompliant, resource, "the rules were revoked meanwhile", details), nil
		}
	}
	return ev.Decide(responderkit.ActionRemediated, resource, "revoked "+reason, details), nil
}

// arn is the ARN of the security group of ev.
func arn(ev *responderkit.Event, group string) string {
	return fmt.Sprintf("arn:%s:ec2:%s:%s:security-group/%s", responderkit.Partition(ev.Region()), ev.Region(), ev.Account(), group)
}

// openings lists the world-open sources of admin-port rules the call
// added: from the created rules when the response lists them, else from the
// requested permissions.
func openings(req *cloudtrail.SecurityGroupIngress, adminPorts []int) []opening {
	var out []opening
	if len(req.Rules) > 0 {
		for _, rule := range req.Rules {
			if rule.IsEgress || !rule.WorldOpen() {
				continue
			}
			ports := covered(adminPorts, func(p int) bool { return rule.AllowsPort("tcp", p) })
			if len(ports) == 0 {
				continue
			}
			cidr := rule.CIDRIPv4
			if cidr == "" {
				cidr = rule.CIDRIPv6
			}
			out = append(out, opening{protocol: normProtocol(rule.Protocol), from: rule.FromPort, to: rule.ToPort, cidr: cidr, ruleID: rule.RuleID, ports: ports})
		}
		return out
	}
	for _, p := range req.Permissions {
		ports := covered(adminPorts, func(port int) bool { return p.AllowsPort("tcp", port) })
		if len(ports) == 0 {
			continue
		}
		for _, cidr := range p.WorldOpenCIDRs() {
			out = append(out, opening{protocol: normProtocol(p.Protocol), from: p.FromPort, to: p.ToPort, cidr: cidr, ports: ports})
		}
	}
	return out
}

// covered returns the admin ports that allows allows.
func covered(adminPorts []int, allows func(int) bool) []int {
	var out []int
	for _, p := range adminPorts {
		if allows(p) {
			out = append(out, p)
		}
	}
	return out
}

var protocolNames = map[string]string{"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}

func normProtocol(p string) string {
	p = strings.ToLower(strings.TrimSpace(p))
	if n, ok := protocolNames[p]; ok {
		return n
	}
	return p
}

// stillPresent returns the openings that the group still has, with the
// protocol and ports as the group records them (so that a revoke by
// IpPermissions matches exactly).
func stillPresent(open []opening, perms []types.IpPermission) []opening {
	var out []opening
	for _, o := range open {
		for _, p := range perms {
			if !samePermission(o, p) {
				continue
			}
			var cidrs []string
			for _, r := range p.IpRanges {
				cidrs = append(cidrs, aws.ToString(r.CidrIp))
			}
			for _, r := range p.Ipv6Ranges {
				cidrs = append(cidrs, aws.ToString(r.CidrIpv6))
			}
			if !slices.Contains(cidrs, o.cidr) {
				continue
			}
			o.protocol = normProtocol(aws.ToString(p.IpProtocol))
			o.from, o.to = intPtr(p.FromPort), intPtr(p.ToPort)
			out = append(out, o)
			break
		}
	}
	return out
}

func samePermission(o opening, p types.IpPermission) bool {
	proto := normProtocol(aws.ToString(p.IpProtocol))
	if proto != o.protocol {
		return false
	}
	if proto == "-1" || o.from == nil || o.to == nil {
		return true
	}
	return p.FromPort != nil && p.ToPort != nil && int(*p.FromPort) == *o.from && int(*p.ToPort) == *o.to
}

func intPtr(v *int32) *int {
	if v == nil {
		return nil
	}
	i := int(*v)
	return &i
}

func int32Ptr(v *int) *int32 {
	if v == nil {
		return nil
	}
	i := int32(*v)
	return &i
}

// revokeInput revokes the openings by rule ID when every one has an ID,
// else by IpPermissions holding only the world-open CIDRs.
func revokeInput(group string, open []opening) *ec2.RevokeSecurityGroupIngressInput {
	in := &ec2.RevokeSecurityGroupIngressInput{GroupId: aws.String(group)}
	ids := make([]string, 0, len(open))
	for _, o := range open {
		if o.ruleID != "" {
			ids = append(ids, o.ruleID)
		}
	}
	if len(ids) == len(open) {
		in.SecurityGroupRuleIds = ids
		return in
	}
	for _, o := range open {
		i := slices.IndexFunc(in.IpPermissions, func(p types.IpPermission) bool {
			return aws.ToString(p.IpProtocol) == o.protocol && eqInt(p.FromPort, o.from) && eqInt(p.ToPort, o.to)
		})
		if i < 0 {
			in.IpPermissions = append(in.IpPermissions, types.IpPermission{IpProtocol: aws.String(o.protocol), FromPort: int32Ptr(o.from), ToPort: int32Ptr(o.to)})
			i = len(in.IpPermissions) - 1
		}
		p := &in.IpPermissions[i]
		if strings.Contains(o.cidr, ":") {
			p.Ipv6Ranges = append(p.Ipv6Ranges, types.Ipv6Range{CidrIpv6: aws.String(o.cidr)})
		} else {
			p.IpRanges = append(p.IpRanges, types.IpRange{CidrIp: aws.String(o.cidr)})
		}
	}
	return in
}

func eqInt(a *int32, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return int(*a) == *b
}

func describe(open []opening) []string {
	out := make([]string, len(open))
	for i, o := range open {
		out[i] = o.String()
	}
	return out
}

func coveredPorts(open []opening) []int {
	var out []int
	for _, o := range open {
		for _, p := range o.ports {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}

func portList(ports []int) string {
	s := make([]string, len(ports))
	for i, p := range ports {
		s[i] = strconv.Itoa(p)
	}
	return strings.Join(s, ",")
}
