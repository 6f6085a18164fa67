package ownertags

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestFaults injects a timeout, a reset, a 500, throttling and a slow
// success into each call of each path (see package faulttest).
func TestFaults(t *testing.T) {
	decide := func(file string) func(context.Context, aws.Config) (responderkit.Decision, error) {
		event := testevent.Load(t, file)
		return func(ctx context.Context, c aws.Config) (responderkit.Decision, error) {
			clients := Clients{EC2: ec2.NewFromConfig(c), S3: s3.NewFromConfig(c), RDS: rds.NewFromConfig(c), Lambda: lambda.NewFromConfig(c)}
			return Kind.Handler(cfg(responderkit.ModeRemediate), clients, nil).Decide(ctx, event)
		}
	}
	answers := map[string]awstest.Response{
		"DescribeTags":        awstest.XML(`<DescribeTagsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>x</requestId><tagSet/></DescribeTagsResponse>`),
		"CreateTags":          awstest.XML(`<CreateTagsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>x</requestId><return>true</return></CreateTagsResponse>`),
		"GetBucketTagging":    awstest.S3Error(http.StatusNotFound, "NoSuchTagSet"),
		"PutBucketTagging":    {Status: http.StatusNoContent},
		"ListTagsForResource": awstest.XML(`<ListTagsForResourceResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><ListTagsForResourceResult><TagList/></ListTagsForResourceResult></ListTagsForResourceResponse>`),
		"AddTagsToResource":   awstest.XML(`<AddTagsToResourceResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></AddTagsToResourceResponse>`),
		"ListTags":            {Header: http.Header{"Content-Type": {"application/json"}}, Body: `{"Tags":{}}`},
		"TagResource":         {Status: http.StatusNoContent},
	}
	serve := func(op string, _ awstest.Request) awstest.Response {
		if r, ok := answers[op]; ok {
			return r
		}
		return awstest.Response{Status: http.StatusBadRequest, Body: "unexpected " + op}
	}
	faulttest.Run(t, "testdata/faults.golden.md",
		faulttest.Case{Name: Name + " (ec2)", Protocol: faulttest.EC2, Calls: []string{"DescribeTags", "CreateTags"}, Writes: []string{"CreateTags"},
			Serve: serve, Decide: decide("testdata/ec2_RunInstances_envelope.json")},
		faulttest.Case{Name: Name + " (s3)", Protocol: faulttest.S3, Calls: []string{"GetBucketTagging", "PutBucketTagging"}, Writes: []string{"PutBucketTagging"},
			Serve: serve, Decide: decide("testdata/s3_CreateBucket_public_acl.json")},
		faulttest.Case{Name: Name + " (rds)", Protocol: faulttest.Query, Calls: []string{"ListTagsForResource", "AddTagsToResource"}, Writes: []string{"AddTagsToResource"},
			Serve: serve, Decide: decide("testdata/rds_CreateDBInstance.json")},
		faulttest.Case{Name: Name + " (lambda)", Protocol: faulttest.RestJSON, Calls: []string{"ListTags", "TagResource"}, Writes: []string{"TagResource"},
			Serve: serve, Decide: decide("testdata/lambda_CreateFunction20150331.json")},
	)
}
