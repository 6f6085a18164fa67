// Package deploy is how the Response stack deploys the opensg responder
// (see package stacks/responder).
package deploy

import (
	"strconv"
	"strings"

	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/contract"

	"github.com/trailbridge/trailbridge/lambda/responders/opensg/settings"
	"github.com/trailbridge/trailbridge/stacks/responder"
)

// Entry is the responder's line of the registry (stacks/registry.go): its
// configuration section and facts (package settings, which needs neither
// the CDK nor the AWS SDK's service clients) and its definition.
var Entry = responder.NewEntry(settings.Section, settings.Facts, define)

// define returns the responder's definition for its settings r.
func define(_ *config.Config, r settings.Settings) responder.Definition {
	var ports []string
	for _, p := range r.AdminPorts {
		ports = append(ports, strconv.Itoa(p))
	}
	return responder.Definition{
		ID: "OpenSecurityGroup", Description: "revokes admin ports opened to the world", Package: "./lambda/responders/opensg/bootstrap",
		Rules:       []responder.Rule{{Service: "ec2", Events: settings.Events}},
		AlwaysAlert: true,
		Member:      true,
		Env:         map[string]string{contract.EnvAdminPorts: strings.Join(ports, ",")},
		Grants: []responder.Grant{
			// ec2:DescribeSecurityGroups has no resource-level permissions.
			{Actions: []string{"ec2:DescribeSecurityGroups"}, Resources: []string{"*"}},
			{Actions: []string{"ec2:RevokeSecurityGroupIngress"}, Resources: []string{responder.ARN("ec2", "*", "security-group/*")}},
		},
		Wildcards: []responder.Wildcard{
			{Finding: `/^Resource::\*$/`, Reason: "ec2:DescribeSecurityGroups supports no resource-level permissions."},
			{Finding: `/^Resource::arn:[^:]+:ec2:\*:[^:]+:security-group\/\*$/`, Reason: "Any security group in any watched region can be opened; only RevokeSecurityGroupIngress is granted on them."},
		},
	}
}
