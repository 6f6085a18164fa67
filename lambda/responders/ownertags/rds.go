package ownertags

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// RDSAPI is the part of *rds.Client the responder uses.
type RDSAPI interface {
	ListTagsForResource(ctx context.Context, in *rds.ListTagsForResourceInput, optFns ...func(*rds.Options)) (*rds.ListTagsForResourceOutput, error)
	AddTagsToResource(ctx context.Context, in *rds.AddTagsToResourceInput, optFns ...func(*rds.Options)) (*rds.AddTagsToResourceOutput, error)
}

func rdsGone(err error) bool {
	c := responderkit.ErrorCode(err)
	return c == "DBInstanceNotFound" || c == "DBInstanceNotFoundFault"
}

func (r *Responder) rds(ctx context.Context, p *plan) error {
	db, err := cloudtrail.DecodeRDSCreateDBInstance(p.ev.Record)
	if err != nil {
		return responderkit.Reject(err)
	}
	arn := db.DBInstanceARN
	if err := responderkit.CheckARN("responseElements.dBInstanceArn", arn, "rds"); err != nil {
		return responderkit.Reject(err)
	}
	region := func(o *rds.Options) { o.Region = regionOf(arn, p.ev.Region()) }
	return p.tagOne(arn, rdsGone, func() (map[string]string, error) {
		out, err := p.clients.RDS.ListTagsForResource(ctx, &rds.ListTagsForResourceInput{ResourceName: &arn}, region)
		if err != nil {
			return nil, err
		}
		existing := map[string]string{}
		for _, t := range out.TagList {
			existing[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
		return existing, nil
	}, func(m map[string]string) error {
		tags := make([]types.Tag, 0, len(m))
		for _, k := range sortedKeys(m) {
			tags = append(tags, types.Tag{Key: aws.String(k), Value: aws.String(m[k])})
		}
		_, err := p.clients.RDS.AddTagsToResource(ctx, &rds.AddTagsToResourceInput{ResourceName: &arn, Tags: tags}, region)
		return err
	})
}
