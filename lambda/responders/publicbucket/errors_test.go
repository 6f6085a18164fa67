package publicbucket

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

// TestErrorWithoutCode checks that an error without an AWS error code on
// any call fails the event: it was "remediated" on PutPublicAccessBlock and
// a nil-pointer panic on the reads before.
func TestErrorWithoutCode(t *testing.T) {
	ev := testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json")
	faulttest.CheckNoCode(t, []string{"GetBucketTagging", "GetPublicAccessBlock", "PutPublicAccessBlock"}, func(op string, cause error) (responderkit.Decision, error) {
		m := &mockS3{t: t}
		switch op {
		case "GetBucketTagging":
			m.getTagging = func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) { return nil, cause }
		case "GetPublicAccessBlock":
			m.getPAB = func(*s3.GetPublicAccessBlockInput) (*s3.GetPublicAccessBlockOutput, error) { return nil, cause }
		case "PutPublicAccessBlock":
			m.putPAB = func(*s3.PutPublicAccessBlockInput) (*s3.PutPublicAccessBlockOutput, error) { return nil, cause }
		}
		return Kind.Handler(cfg(responderkit.ModeRemediate), m, nil).Decide(context.Background(), ev)
	})
}

// TestBadBucketName checks that a bucket name S3 cannot have is rejected
// before any call (a NUL reached the SDK before).
func TestBadBucketName(t *testing.T) {
	ev := testevent.Set(t, testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json"), "requestParameters.bucketName", "example\x00bucket")
	m := &mockS3{t: t}
	d, err := Kind.Handler(cfg(responderkit.ModeRemediate), m, nil).Decide(context.Background(), ev)
	if !errors.As(err, new(*responderkit.RejectedError)) || len(m.Ops) > 0 || !strings.Contains(d.Reason, "bucketName") {
		t.Errorf("decision %s (%s), err %v, calls %v; want rejected before any call", d.Action, d.Reason, err, m.Ops)
	}
}
