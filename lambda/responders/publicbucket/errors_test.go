package publicbucket

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
			d, err := NewHandler(cfg(responderkit.ModeRemediate), m, nil).Decide(context.Background(), ev)
			if !errors.Is(err, cause) || d.Action != responderkit.ActionFailed {
				t.Errorf("%s fails with %v: decision %s (%s), err %v; want failed with that error", op, cause, d.Action, d.Reason, err)
			}
		}
	}
}
