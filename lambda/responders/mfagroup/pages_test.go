package mfagroup

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestTooManyPages checks that a list longer than maxPages fails the event
// instead of deciding on its first pages (which could add an exempt user
// to the group); it returned "not exempt" before.
func TestTooManyPages(t *testing.T) {
	endless := func() *string { return aws.String("next") }
	for _, m := range []*mockIAM{
		{listTags: func(*iam.ListUserTagsInput) (*iam.ListUserTagsOutput, error) {
			return &iam.ListUserTagsOutput{IsTruncated: true, Marker: endless()}, nil
		}},
		{listGroups: func(*iam.ListGroupsForUserInput) (*iam.ListGroupsForUserOutput, error) {
			return &iam.ListGroupsForUserOutput{IsTruncated: true, Marker: endless()}, nil
		}},
	} {
		d, err := Kind.Handler(cfg(responderkit.ModeRemediate), m, nil).Decide(context.Background(), testevent.Load(t, "testdata/CreateUser__awsdocs-cloudtrail__1.json"))
		if !errors.Is(err, errTooManyPages) || len(m.added) > 0 {
			t.Errorf("decision %s (%s), err %v, added %v; want a failure and nothing added", d.Action, d.Reason, err, m.added)
		}
	}
}
