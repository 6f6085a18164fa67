package ownertags

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/actiontest"
	"github.com/trailbridge/trailbridge/lambda/internal/respondertest"
)

// calls records the operations the mocks saw, with their region, and a
// summary of what they wrote.
type calls struct {
	respondertest.Calls
	writes []string
}

// Func types for each operation; a nil one answers with an empty,
// successful result.
type (
	describeTagsFunc func(*ec2.DescribeTagsInput) (*ec2.DescribeTagsOutput, error)
	createTagsFunc   func(*ec2.CreateTagsInput) (*ec2.CreateTagsOutput, error)
	getTaggingFunc   func(*s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error)
	putTaggingFunc   func(*s3.PutBucketTaggingInput) (*s3.PutBucketTaggingOutput, error)
	rdsListFunc      func(*rds.ListTagsForResourceInput) (*rds.ListTagsForResourceOutput, error)
	rdsAddFunc       func(*rds.AddTagsToResourceInput) (*rds.AddTagsToResourceOutput, error)
	lambdaListFunc   func(*lambda.ListTagsInput) (*lambda.ListTagsOutput, error)
	lambdaTagFunc    func(*lambda.TagResourceInput) (*lambda.TagResourceOutput, error)
)

type mockEC2 struct {
	*calls
	describe describeTagsFunc
	create   createTagsFunc
}

func (m mockEC2) DescribeTags(_ context.Context, in *ec2.DescribeTagsInput, opts ...func(*ec2.Options)) (*ec2.DescribeTagsOutput, error) {
	m.Add("ec2", "DescribeTags", actiontest.Options(opts).Region)
	return actiontest.Answer(m.describe, in, &ec2.DescribeTagsOutput{})
}

func (m mockEC2) CreateTags(_ context.Context, in *ec2.CreateTagsInput, opts ...func(*ec2.Options)) (*ec2.CreateTagsOutput, error) {
	m.Add("ec2", "CreateTags", actiontest.Options(opts).Region)
	m.writes = append(m.writes, strings.Join(in.Resources, ",")+" "+ec2TagString(in.Tags))
	return actiontest.Answer(m.create, in, &ec2.CreateTagsOutput{})
}

func ec2TagString(tags []ec2types.Tag) string {
	var s []string
	for _, t := range tags {
		s = append(s, aws.ToString(t.Key)+"="+aws.ToString(t.Value))
	}
	return strings.Join(s, ";")
}

type mockS3 struct {
	*calls
	get getTaggingFunc
	put putTaggingFunc
}

func (m mockS3) GetBucketTagging(_ context.Context, in *s3.GetBucketTaggingInput, opts ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error) {
	m.Add("s3", "GetBucketTagging", actiontest.Options(opts).Region)
	return respondertest.AnswerOr(m.get, in, "NoSuchTagSet")
}

func (m mockS3) PutBucketTagging(_ context.Context, in *s3.PutBucketTaggingInput, opts ...func(*s3.Options)) (*s3.PutBucketTaggingOutput, error) {
	m.Add("s3", "PutBucketTagging", actiontest.Options(opts).Region)
	var s []string
	for _, t := range in.Tagging.TagSet {
		s = append(s, aws.ToString(t.Key)+"="+aws.ToString(t.Value))
	}
	m.writes = append(m.writes, aws.ToString(in.Bucket)+" "+strings.Join(s, ";")+" owner="+aws.ToString(in.ExpectedBucketOwner))
	return actiontest.Answer(m.put, in, &s3.PutBucketTaggingOutput{})
}

type mockRDS struct {
	*calls
	list rdsListFunc
	add  rdsAddFunc
}

func (m mockRDS) ListTagsForResource(_ context.Context, in *rds.ListTagsForResourceInput, opts ...func(*rds.Options)) (*rds.ListTagsForResourceOutput, error) {
	m.Add("rds", "ListTagsForResource", actiontest.Options(opts).Region)
	return actiontest.Answer(m.list, in, &rds.ListTagsForResourceOutput{})
}

func (m mockRDS) AddTagsToResource(_ context.Context, in *rds.AddTagsToResourceInput, opts ...func(*rds.Options)) (*rds.AddTagsToResourceOutput, error) {
	m.Add("rds", "AddTagsToResource", actiontest.Options(opts).Region)
	var s []string
	for _, t := range in.Tags {
		s = append(s, aws.ToString(t.Key)+"="+aws.ToString(t.Value))
	}
	m.writes = append(m.writes, aws.ToString(in.ResourceName)+" "+strings.Join(s, ";"))
	return actiontest.Answer(m.add, in, &rds.AddTagsToResourceOutput{})
}

type mockLambda struct {
	*calls
	list lambdaListFunc
	tag  lambdaTagFunc
}

func (m mockLambda) ListTags(_ context.Context, in *lambda.ListTagsInput, opts ...func(*lambda.Options)) (*lambda.ListTagsOutput, error) {
	m.Add("lambda", "ListTags", actiontest.Options(opts).Region)
	return actiontest.Answer(m.list, in, &lambda.ListTagsOutput{})
}

func (m mockLambda) TagResource(_ context.Context, in *lambda.TagResourceInput, opts ...func(*lambda.Options)) (*lambda.TagResourceOutput, error) {
	m.Add("lambda", "TagResource", actiontest.Options(opts).Region)
	var s []string
	for _, k := range sortedKeys(in.Tags) {
		s = append(s, k+"="+in.Tags[k])
	}
	m.writes = append(m.writes, aws.ToString(in.Resource)+" "+strings.Join(s, ";"))
	return actiontest.Answer(m.tag, in, &lambda.TagResourceOutput{})
}

// mocks bundles one mock per service sharing one call log (wire), and
// the clock of the responder.
type mocks struct {
	c      *calls
	ec2    mockEC2
	s3     mockS3
	rds    mockRDS
	lambda mockLambda
	// now is the responder's clock. Default: time.Now.
	now func() time.Time
}

func newMocks(rec *actiontest.Recorder) *mocks {
	m := &mocks{}
	m.wire(rec)
	return m
}

// wire gives every mock of m one new call log recording into rec.
func (m *mocks) wire(rec *actiontest.Recorder) {
	m.c = &calls{Calls: respondertest.Calls{Rec: rec}}
	m.ec2.calls, m.s3.calls, m.rds.calls, m.lambda.calls = m.c, m.c, m.c, m.c
}

func (m *mocks) clients() Clients {
	return Clients{EC2: m.ec2, S3: m.s3, RDS: m.rds, Lambda: m.lambda}
}
