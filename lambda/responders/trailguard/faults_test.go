package trailguard

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ctsdk "github.com/aws/aws-sdk-go-v2/service/cloudtrail"

	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestFaults injects a timeout, a reset, a 500, throttling and a slow
// success into each call (see package faulttest).
func TestFaults(t *testing.T) {
	event := testevent.Load(t, "testdata/cloudtrail_StopLogging_arn.json")
	faulttest.Run(t, "testdata/faults.golden.md", faulttest.Case{
		Name:     Name,
		Protocol: faulttest.JSON,
		Calls:    []string{"GetTrailStatus", "StartLogging"},
		Writes:   []string{"StartLogging"},
		Serve: func(op string, _ awstest.Request) awstest.Response {
			if op == "GetTrailStatus" {
				return awstest.Response{Body: `{"IsLogging":false}`}
			}
			return awstest.Response{Body: `{}`}
		},
		Decide: func(ctx context.Context, awsCfg aws.Config) (responderkit.Decision, error) {
			return Kind.Handler(cfg(responderkit.ModeRemediate), ctsdk.NewFromConfig(awsCfg), nil).Decide(ctx, event)
		},
	})
}
