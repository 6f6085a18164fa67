package ownertags

import (
	"context"
	"fmt"

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

	out, err := p.clients.Lambda.ListTags(ctx, &lambda.ListTagsInput{Resource: &arn}, region)
	if responderkit.ErrorCode(err) == "ResourceNotFoundException" {
		p.results[arn] = gone
		return nil
	}
	if err != nil {
		return fmt.Errorf("list tags of %s: %w", arn, err)
	}
	m, o := p.missing(out.Tags)
	p.results[arn] = o
	if o != wouldTag || !p.ev.Mode.Acts() {
		return nil
	}
	_, err = p.clients.Lambda.TagResource(ctx, &lambda.TagResourceInput{Resource: &arn, Tags: m}, region)
	switch {
	case responderkit.ErrorCode(err) == "ResourceNotFoundException":
		p.results[arn] = gone
	case err != nil:
		return fmt.Errorf("tag %s: %w", arn, err)
	default:
		p.results[arn] = tagged
		p.added[arn] = sortedKeys(m)
	}
	return nil
}
