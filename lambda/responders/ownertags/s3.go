package ownertags

import (
	"context"
	"fmt"

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

	out, err := p.clients.S3.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: &bucket, ExpectedBucketOwner: owner}, region)
	var set []types.Tag
	switch {
	case err == nil:
		set = out.TagSet
	case responderkit.IsCode(err, "NoSuchTagSet"):
	case responderkit.IsCode(err, "NoSuchBucket"):
		p.results[res] = gone
		return nil
	default:
		return fmt.Errorf("get tags of bucket %s: %w", bucket, err)
	}
	existing := map[string]string{}
	for _, t := range set {
		existing[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	m, o := p.missing(existing)
	p.results[res] = o
	if o != wouldTag || !p.ev.Mode.Acts() {
		return nil
	}
	if len(set)+len(m) > maxBucketTags {
		p.results[res] = full
		return nil
	}
	// PutBucketTagging replaces the whole set: keep the existing tags.
	merged := append([]types.Tag(nil), set...)
	for _, k := range sortedKeys(m) {
		merged = append(merged, types.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}
	_, err = p.clients.S3.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{
		Bucket: &bucket, ExpectedBucketOwner: owner, Tagging: &types.Tagging{TagSet: merged},
	}, region)
	switch {
	case err == nil:
		p.results[res] = tagged
		p.added[res] = sortedKeys(m)
	case responderkit.IsCode(err, "NoSuchBucket"):
		p.results[res] = gone
	default:
		return fmt.Errorf("tag bucket %s: %w", bucket, err)
	}
	return nil
}
