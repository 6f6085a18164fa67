package publicbucket

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// lenientS3 answers every call without checking it: no tags, no public
// access block, put succeeds.
type lenientS3 struct{}

func (lenientS3) GetBucketTagging(context.Context, *s3.GetBucketTaggingInput, ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error) {
	return &s3.GetBucketTaggingOutput{}, nil
}

func (lenientS3) GetPublicAccessBlock(context.Context, *s3.GetPublicAccessBlockInput, ...func(*s3.Options)) (*s3.GetPublicAccessBlockOutput, error) {
	return nil, apiErr("NoSuchPublicAccessBlockConfiguration")
}

func (lenientS3) PutPublicAccessBlock(context.Context, *s3.PutPublicAccessBlockInput, ...func(*s3.Options)) (*s3.PutPublicAccessBlockOutput, error) {
	return &s3.PutPublicAccessBlockOutput{}, nil
}

// FuzzDecide feeds arbitrary bytes to the decision function: it must never
// panic and always return a well-formed decision.
func FuzzDecide(f *testing.F) {
	testevent.Seed(f, "testdata")
	h := NewHandler(cfg(responderkit.ModeRemediate), lenientS3{}, nil)
	f.Fuzz(func(t *testing.T, event []byte) {
		d, err := h.Decide(context.Background(), event)
		testevent.CheckDecision(t, d, err)
	})
}
