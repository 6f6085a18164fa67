package publicbucket

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestFaults injects a timeout, a reset, a 500, throttling and a slow
// success into each call (see package faulttest).
func TestFaults(t *testing.T) {
	event := testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json")
	faulttest.Run(t, "testdata/faults.golden.md", faulttest.Case{
		Name:     Name,
		Protocol: faulttest.S3,
		Calls:    []string{"GetBucketTagging", "GetPublicAccessBlock", "PutPublicAccessBlock"},
		Writes:   []string{"PutPublicAccessBlock"},
		Serve: func(op string, _ awstest.Request) awstest.Response {
			switch op {
			case "GetBucketTagging":
				return awstest.S3Error(http.StatusNotFound, "NoSuchTagSet")
			case "GetPublicAccessBlock":
				return awstest.S3Error(http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration")
			case "PutPublicAccessBlock":
				return awstest.OK()
			}
			return awstest.S3Error(http.StatusBadRequest, "UnexpectedRequest")
		},
		Decide: func(ctx context.Context, awsCfg aws.Config) (responderkit.Decision, error) {
			return Kind.Handler(cfg(responderkit.ModeRemediate), s3.NewFromConfig(awsCfg), nil).Decide(ctx, event)
		},
	})
}
