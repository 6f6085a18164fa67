package ownertags

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestDescribeTagsTooManyPages checks that more than maxTagPages pages of
// DescribeTags fail the event instead of tagging on part of the tags; it
// went on to CreateTags before.
func TestDescribeTagsTooManyPages(t *testing.T) {
	m := newMocks(nil)
	m.ec2.describe = func(*ec2.DescribeTagsInput) (*ec2.DescribeTagsOutput, error) {
		return &ec2.DescribeTagsOutput{NextToken: aws.String("next")}, nil
	}
	d, err := Kind.Handler(cfg(responderkit.ModeRemediate), m.clients(), nil).Decide(context.Background(), testevent.Load(t, "testdata/ec2_RunInstances_envelope.json"))
	if err == nil || !strings.Contains(err.Error(), "more than 100 pages") || len(m.c.writes) > 0 {
		t.Errorf("decision %s (%s), err %v, writes %v; want a failure and no tags written", d.Action, d.Reason, err, m.c.writes)
	}
}
