package opensg

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestFaults injects a timeout, a reset, a 500, throttling and a slow
// success into each call (see package faulttest).
func TestFaults(t *testing.T) {
	event := testevent.Load(t, "testdata/ec2_AuthorizeSecurityGroupIngress_envelope.json")
	faulttest.Run(t, "testdata/faults.golden.md", faulttest.Case{
		Name:     Name,
		Protocol: faulttest.EC2,
		Calls:    []string{"DescribeSecurityGroups", "RevokeSecurityGroupIngress"},
		Writes:   []string{"RevokeSecurityGroupIngress"},
		Serve: func(op string, _ awstest.Request) awstest.Response {
			switch op {
			case "DescribeSecurityGroups":
				return awstest.XML(describeXML)
			case "RevokeSecurityGroupIngress":
				return awstest.XML(`<RevokeSecurityGroupIngressResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake</requestId><return>true</return></RevokeSecurityGroupIngressResponse>`)
			}
			return awstest.EC2Error("InvalidAction")
		},
		Decide: func(ctx context.Context, awsCfg aws.Config) (responderkit.Decision, error) {
			return Kind.Handler(cfg(responderkit.ModeRemediate), ec2.NewFromConfig(awsCfg), nil).Decide(ctx, event)
		},
	})
}
