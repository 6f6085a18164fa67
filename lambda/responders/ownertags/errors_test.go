package ownertags

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestS3ErrorWithoutCode checks that an S3 error without an AWS error code
// (timeout, reset) fails the event: on PutBucketTagging it was "tagged",
// on GetBucketTagging a nil-pointer panic.
func TestS3ErrorWithoutCode(t *testing.T) {
	ev := testevent.Load(t, "testdata/s3_CreateBucket_public_acl.json")
	faulttest.CheckNoCode(t, []string{"GetBucketTagging", "PutBucketTagging"}, func(op string, cause error) (responderkit.Decision, error) {
		m := newMocks(nil)
		if op == "GetBucketTagging" {
			m.s3.get = func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) { return nil, cause }
		} else {
			m.s3.put = func(*s3.PutBucketTaggingInput) (*s3.PutBucketTaggingOutput, error) { return nil, cause }
		}
		return Kind.Handler(cfg(responderkit.ModeRemediate), m.clients(), nil).Decide(context.Background(), ev)
	})
}

// TestBadTargets checks that a bucket name, location or resource ARN that
// cannot be acted on is rejected before any call.
func TestBadTargets(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	for _, tt := range []struct {
		file, path string
		value      any
	}{
		{"testdata/s3_CreateBucket_public_acl.json", "requestParameters.bucketName", "a\x00b"},
		{"testdata/s3_CreateBucket_public_acl.json", "requestParameters.CreateBucketConfiguration.LocationConstraint", big},
		{"testdata/rds_CreateDBInstance.json", "responseElements.dBInstanceArn", "arn:aws:rds:" + big + ":111111111111:db:x"},
		{"testdata/lambda_CreateFunction20150331.json", "responseElements.functionArn", "not-an-arn"},
	} {
		m := newMocks(nil)
		ev := testevent.Set(t, testevent.Load(t, tt.file), tt.path, tt.value)
		d, err := Kind.Handler(cfg(responderkit.ModeRemediate), m.clients(), nil).Decide(context.Background(), ev)
		if !errors.As(err, new(*responderkit.RejectedError)) || len(m.c.Ops) > 0 || len(d.Reason) > 400 {
			t.Errorf("%s %s: decision %s (%.400s), err %.400v, calls %v; want rejected before any call", tt.file, tt.path, d.Action, d.Reason, err, m.c.Ops)
		}
	}
}
