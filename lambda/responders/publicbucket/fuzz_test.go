package publicbucket

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/respondertest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// lenientS3 answers every call without checking it: no tags, no public
// access block, put succeeds; except the operation named fail, which
// fails with an error without an AWS error code (as a timeout does).
type lenientS3 struct{ fail string }

var errNoCode = fmt.Errorf("operation error S3: %w", context.DeadlineExceeded)

func (m lenientS3) GetBucketTagging(context.Context, *s3.GetBucketTaggingInput, ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error) {
	if m.fail == "GetBucketTagging" {
		return nil, errNoCode
	}
	return &s3.GetBucketTaggingOutput{}, nil
}

func (m lenientS3) GetPublicAccessBlock(context.Context, *s3.GetPublicAccessBlockInput, ...func(*s3.Options)) (*s3.GetPublicAccessBlockOutput, error) {
	if m.fail == "GetPublicAccessBlock" {
		return nil, errNoCode
	}
	return nil, respondertest.APIError("NoSuchPublicAccessBlockConfiguration")
}

func (m lenientS3) PutPublicAccessBlock(context.Context, *s3.PutPublicAccessBlockInput, ...func(*s3.Options)) (*s3.PutPublicAccessBlockOutput, error) {
	if m.fail == "PutPublicAccessBlock" {
		return nil, errNoCode
	}
	return &s3.PutPublicAccessBlockOutput{}, nil
}

// FuzzDecide feeds arbitrary bytes to the decision function, with every
// S3 call succeeding and with each one failing without an AWS error code:
// it must never panic (CheckDecision fails on a recovered panic), always
// return a well-formed decision, and never report a fix whose write
// failed.
func FuzzDecide(f *testing.F) {
	testevent.Seed(f, "testdata")
	f.Fuzz(func(t *testing.T, event []byte) {
		for _, fail := range []string{"", "GetBucketTagging", "GetPublicAccessBlock", "PutPublicAccessBlock"} {
			d, err := Kind.Handler(cfg(responderkit.ModeRemediate), lenientS3{fail: fail}, nil).Decide(context.Background(), event)
			testevent.CheckDecision(t, d, err)
			if fail == "PutPublicAccessBlock" && d.Action == responderkit.ActionRemediated {
				t.Fatalf("remediated although PutPublicAccessBlock failed: %s", d.Reason)
			}
		}
	})
}
