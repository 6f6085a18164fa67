package ownertags

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestS3ErrorWithoutCode checks that an S3 error without an AWS error code
// (timeout, reset) fails the event: on PutBucketTagging it was "tagged",
// on GetBucketTagging a nil-pointer panic.
func TestS3ErrorWithoutCode(t *testing.T) {
	ev := testevent.Load(t, "testdata/s3_CreateBucket_public_acl.json")
	for _, cause := range []error{
		fmt.Errorf("operation error S3: %w", context.DeadlineExceeded),
		fmt.Errorf("operation error S3: read: %w", syscall.ECONNRESET),
	} {
		for _, op := range []string{"GetBucketTagging", "PutBucketTagging"} {
			m := newMocks(nil)
			if op == "GetBucketTagging" {
				m.s3.get = func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) { return nil, cause }
			} else {
				m.s3.put = func(*s3.PutBucketTaggingInput) (*s3.PutBucketTaggingOutput, error) { return nil, cause }
			}
			d, err := NewHandler(cfg(responderkit.ModeRemediate), m.clients(), nil).Decide(context.Background(), ev)
			if !errors.Is(err, cause) || d.Action != responderkit.ActionFailed {
				t.Errorf("%s fails with %v: decision %s (%s), err %v; want failed", op, cause, d.Action, d.Reason, err)
			}
		}
	}
}
