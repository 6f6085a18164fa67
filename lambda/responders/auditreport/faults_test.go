package auditreport

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestFaults injects a timeout, a reset, a 500, throttling and a slow
// success into each of the two PutObject calls (see package faulttest).
func TestFaults(t *testing.T) {
	event := testevent.Load(t, "testdata/cloudtrail_DeleteTrail_envelope.json")
	faulttest.Run(t, "testdata/faults.golden.md", faulttest.Case{
		Name:     Name,
		Protocol: faulttest.S3,
		Calls:    []string{"PutObject (record .json)", "PutObject (report .md)"},
		Writes:   []string{"PutObject (record .json)", "PutObject (report .md)"},
		Operation: func(r awstest.Request) string {
			op := faulttest.Operation(r)
			switch {
			case strings.HasSuffix(r.Path, ".json"):
				op += " (record .json)"
			case strings.HasSuffix(r.Path, ".md"):
				op += " (report .md)"
			}
			return op
		},
		Serve: func(string, awstest.Request) awstest.Response { return awstest.OK() },
		Decide: func(ctx context.Context, awsCfg aws.Config) (responderkit.Decision, error) {
			return Kind.Handler(cfg(responderkit.ModeRemediate), s3.NewFromConfig(awsCfg), nil).Decide(ctx, event)
		},
	})
}
