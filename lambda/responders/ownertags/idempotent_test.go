package ownertags

import (
	"context"
	"maps"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responders/ownertags/settings"
)

// idemLambda is a Lambda API that keeps the tags written to it, so that a
// second delivery sees the first one's effect.
type idemLambda struct {
	tags   map[string]map[string]string
	writes int
}

func (f *idemLambda) ListTags(_ context.Context, in *lambda.ListTagsInput, _ ...func(*lambda.Options)) (*lambda.ListTagsOutput, error) {
	return &lambda.ListTagsOutput{Tags: maps.Clone(f.tags[*in.Resource])}, nil
}

func (f *idemLambda) TagResource(_ context.Context, in *lambda.TagResourceInput, _ ...func(*lambda.Options)) (*lambda.TagResourceOutput, error) {
	f.writes++
	if f.tags[*in.Resource] == nil {
		f.tags[*in.Resource] = map[string]string{}
	}
	maps.Copy(f.tags[*in.Resource], in.Tags)
	return &lambda.TagResourceOutput{}, nil
}

// TestSecondDeliveryChangesNothing delivers the same CreateFunction event
// twice (EventBridge delivers at least once): the first tags the function,
// the second finds the owner tag and writes nothing.
func TestSecondDeliveryChangesNothing(t *testing.T) {
	c := settings.Config{OwnerTagKey: settings.DefaultOwnerTagKey, CreatedAtTagKey: settings.DefaultCreatedAtTagKey,
		Responder: responderkit.Config{Mode: responderkit.ModeRemediate}}
	fake := &idemLambda{tags: map[string]map[string]string{}}
	h := Kind.Handler(c, Clients{Lambda: fake}, nil)
	event := testevent.Load(t, "testdata/lambda_CreateFunction20150331.json")

	first, err := h.Decide(context.Background(), event)
	if err != nil || first.Action != responderkit.ActionRemediated || fake.writes != 1 {
		t.Fatalf("first delivery: %q (%s), %v, %d writes; want remediated with one write", first.Action, first.Reason, err, fake.writes)
	}
	after := map[string]map[string]string{}
	for arn, tags := range fake.tags {
		after[arn] = maps.Clone(tags)
	}
	second, err := h.Decide(context.Background(), event)
	if err != nil || second.Action != responderkit.ActionCompliant || fake.writes != 1 {
		t.Errorf("second delivery: %q (%s), %v, %d writes; want compliant with no further write", second.Action, second.Reason, err, fake.writes)
	}
	for arn, tags := range fake.tags {
		if !maps.Equal(tags, after[arn]) {
			t.Errorf("%s: tags %v after the second delivery, %v after the first", arn, tags, after[arn])
		}
	}
}
