package publicbucket

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// noCode are errors without an AWS error code, as the SDK returns them.
var noCode = []error{
	fmt.Errorf("operation error S3: %w", context.DeadlineExceeded),
	fmt.Errorf("operation error S3: read: %w", syscall.ECONNRESET),
	errors.New("dial tcp: lookup s3.eu-west-1.amazonaws.com: no such host"),
}

// TestErrorWithoutCode checks that an error without an AWS error code on
// any call fails the event: it was "remediated" on PutPublicAccessBlock and
// a nil-pointer panic on the reads before.
func TestErrorWithoutCode(t *testing.T) {
	ev := testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json")
	for _, cause := range noCode {
		for _, op := range []string{"GetBucketTagging", "GetPublicAccessBlock", "PutPublicAccessBlock"} {
			m := &mockS3{t: t}
			switch op {
			case "GetBucketTagging":
				m.getTagging = func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) { return nil, cause }
			case "GetPublicAccessBlock":
				m.getPAB = func(*s3.GetPublicAccessBlockInput) (*s3.GetPublicAccessBlockOutput, error) { return nil, cause }
			case "PutPublicAccessBlock":
				m.putPAB = func(*s3.PutPublicAccessBlockInput) (*s3.PutPublicAccessBlockOutput, error) { return nil, cause }
			}
			d, err := Kind.Handler(cfg(responderkit.ModeRemediate), m, nil).Decide(context.Background(), ev)
			if !errors.Is(err, cause) || d.Action != responderkit.ActionFailed {
				t.Errorf("%s fails with %v: decision %s (%s), err %v; want failed with that error", op, cause, d.Action, d.Reason, err)
			}
		}
	}
}

// TestBadBucketName checks that a bucket name S3 cannot have is rejected
// before any call (a NUL reached the SDK before).
func TestBadBucketName(t *testing.T) {
	ev := testevent.Set(t, testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json"), "requestParameters.bucketName", "example\x00bucket")
	m := &mockS3{t: t}
	d, err := Kind.Handler(cfg(responderkit.ModeRemediate), m, nil).Decide(context.Background(), ev)
	if !errors.As(err, new(*responderkit.RejectedError)) || len(m.calls) > 0 || !strings.Contains(d.Reason, "bucketName") {
		t.Errorf("decision %s (%s), err %v, calls %v; want rejected before any call", d.Action, d.Reason, err, m.calls)
	}
}
