package ownertags

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// S3API is the part of *s3.Client the responder uses.
type S3API interface {
	GetBucketTagging(ctx context.Context, in *s3.GetBucketTaggingInput, optFns ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error)
	PutBucketTagging(ctx context.Context, in *s3.PutBucketTaggingInput, optFns ...func(*s3.Options)) (*s3.PutBucketTaggingOutput, error)
}

// maxBucketTags is the most tags a bucket can have.
const maxBucketTags = 50

// errTagLimit is the tag step's answer for a bucket without room for the
// new tags (outcome full).
var errTagLimit = errors.New("no room for the new tags")

// bucketRegion returns the region a CreateBucket call put the bucket in.
func bucketRegion(req *cloudtrail.S3BucketRequest, fallback string) string {
	switch req.LocationConstraint {
	case "":
		return fallback
	case "EU":
		return "eu-west-1"
	}
	return req.LocationConstraint
}

func (r *Responder) s3(ctx context.Context, p *plan) error {
	req, err := cloudtrail.DecodeS3BucketRequest(p.ev.Record)
	if err != nil {
		return responderkit.Reject(err)
	}
	bucket := req.BucketName
	if err := responderkit.CheckBucketName("requestParameters.bucketName", bucket); err != nil {
		return responderkit.Reject(err)
	}
	res := "arn:" + responderkit.Partition(p.ev.Region()) + ":s3:::" + bucket
	reg := bucketRegion(req, p.ev.Region())
	if reg != "" {
		if err := responderkit.CheckRegion("requestParameters.CreateBucketConfiguration.LocationConstraint", reg); err != nil {
			return responderkit.Reject(err)
		}
	}
	region := func(o *s3.Options) {
		if reg != "" {
			o.Region = reg
		}
	}
	owner := p.ev.BucketOwner()

	// PutBucketTagging replaces the whole set: the new tags go with the
	// existing ones.
	var set []types.Tag
	return p.tagOne(res, func(err error) bool { return responderkit.IsCode(err, "NoSuchBucket") }, func() (map[string]string, error) {
		out, err := p.clients.S3.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: &bucket, ExpectedBucketOwner: owner}, region)
		switch {
		case err == nil:
			set = out.TagSet
		case !responderkit.IsCode(err, "NoSuchTagSet"):
			return nil, err
		}
		existing := map[string]string{}
		for _, t := range set {
			existing[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
		return existing, nil
	}, func(m map[string]string) error {
		if len(set)+len(m) > maxBucketTags {
			return errTagLimit
		}
		merged := append([]types.Tag(nil), set...)
		for _, k := range sortedKeys(m) {
			merged = append(merged, types.Tag{Key: aws.String(k), Value: aws.String(m[k])})
		}
		_, err := p.clients.S3.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{
			Bucket: &bucket, ExpectedBucketOwner: owner, Tagging: &types.Tagging{TagSet: merged},
		}, region)
		return err
	})
}
