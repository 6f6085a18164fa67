package ownertags

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// LambdaAPI is the part of *lambda.Client the responder uses.
type LambdaAPI interface {
	ListTags(ctx context.Context, in *lambda.ListTagsInput, optFns ...func(*lambda.Options)) (*lambda.ListTagsOutput, error)
	TagResource(ctx context.Context, in *lambda.TagResourceInput, optFns ...func(*lambda.Options)) (*lambda.TagResourceOutput, error)
}

func (r *Responder) lambda(ctx context.Context, p *plan) error {
	fn, err := cloudtrail.DecodeLambdaCreateFunction(p.ev.Record)
	if err != nil {
		return responderkit.Reject(err)
	}
	arn := fn.FunctionARN
	if err := responderkit.CheckARN("responseElements.functionArn", arn, "lambda"); err != nil {
		return responderkit.Reject(err)
	}
	region := func(o *lambda.Options) { o.Region = regionOf(arn, p.ev.Region()) }
	lambdaGone := func(err error) bool { return responderkit.ErrorCode(err) == "ResourceNotFoundException" }
	return p.tagOne(arn, lambdaGone, func() (map[string]string, error) {
		out, err := p.clients.Lambda.ListTags(ctx, &lambda.ListTagsInput{Resource: &arn}, region)
		if err != nil {
			return nil, err
		}
		return out.Tags, nil
	}, func(m map[string]string) error {
		_, err := p.clients.Lambda.TagResource(ctx, &lambda.TagResourceInput{Resource: &arn, Tags: m}, region)
		return err
	})
}
