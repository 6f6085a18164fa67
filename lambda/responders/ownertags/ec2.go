package ownertags

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// EC2API is the part of *ec2.Client the responder uses.
type EC2API interface {
	DescribeTags(ctx context.Context, in *ec2.DescribeTagsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeTagsOutput, error)
	CreateTags(ctx context.Context, in *ec2.CreateTagsInput, optFns ...func(*ec2.Options)) (*ec2.CreateTagsOutput, error)
}

// consistencyWindow is how long after RunInstances an unknown instance ID is
// taken for EC2's eventual consistency rather than a terminated instance.
const consistencyWindow = 5 * time.Minute

// maxTagPages bounds the DescribeTags pages read per chunk of instances.
const maxTagPages = 100

// filterChunk bounds the instance IDs per DescribeTags filter.
const filterChunk = 200

func (r *Responder) ec2(ctx context.Context, p *plan) error {
	var ids []string
	if p.ev.Record.EventName == "RunInstances" {
		run, err := cloudtrail.DecodeEC2RunInstances(p.ev.Record)
		if err != nil {
			return responderkit.Reject(err)
		}
		ids = run.InstanceIDs
	} else {
		start, err := cloudtrail.DecodeEC2StartInstances(p.ev.Record)
		if err != nil {
			return responderkit.Reject(err)
		}
		ids = start.InstanceIDs
	}
	region := func(o *ec2.Options) {
		if p.ev.Region() != "" {
			o.Region = p.ev.Region()
		}
	}
	arn := func(id string) string {
		return fmt.Sprintf("arn:%s:ec2:%s:%s:instance/%s", responderkit.Partition(p.ev.Region()), p.ev.Region(), p.ev.Account(), id)
	}

	existing := map[string]map[string]string{}
	keys := []string{r.cfg.OwnerTagKey, r.cfg.CreatedAtTagKey}
	if k := r.cfg.Responder.ExemptTag.Key; k != "" {
		keys = append(keys, k)
	}
	for start := 0; start < len(ids); start += filterChunk {
		chunk := ids[start:min(start+filterChunk, len(ids))]
		in := &ec2.DescribeTagsInput{Filters: []types.Filter{
			{Name: aws.String("resource-id"), Values: chunk},
			{Name: aws.String("key"), Values: keys},
		}}
		for page := 0; ; page++ {
			if page == maxTagPages {
				// Deciding on part of the tags could tag an exempt or
				// owned instance.
				return fmt.Errorf("describe tags of instances %s: more than %d pages", strings.Join(chunk, ","), maxTagPages)
			}
			out, err := p.clients.EC2.DescribeTags(ctx, in, region)
			if err != nil {
				return fmt.Errorf("describe tags of instances %s: %w", strings.Join(chunk, ","), err)
			}
			for _, t := range out.Tags {
				id := aws.ToString(t.ResourceId)
				if existing[id] == nil {
					existing[id] = map[string]string{}
				}
				existing[id][aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
			if aws.ToString(out.NextToken) == "" {
				break
			}
			in.NextToken = out.NextToken
		}
	}

	// Group the instances by the tags they lack (the created-at tag may
	// exist already), so that one CreateTags call serves each group.
	groups := map[string][]string{}
	missing := map[string]map[string]string{}
	for _, id := range ids {
		m, o := p.missing(existing[id])
		p.results[arn(id)] = o
		if o != wouldTag {
			continue
		}
		sig := strings.Join(sortedKeys(m), "\x00")
		groups[sig] = append(groups[sig], id)
		missing[sig] = m
	}
	if !p.ev.Mode.Acts() {
		return nil
	}
	for sig, group := range groups {
		tags := ec2Tags(missing[sig])
		_, err := p.clients.EC2.CreateTags(ctx, &ec2.CreateTagsInput{Resources: group, Tags: tags}, region)
		if err == nil {
			for _, id := range group {
				p.results[arn(id)] = tagged
				p.added[arn(id)] = sortedKeys(missing[sig])
			}
			continue
		}
		if !notFound(err) {
			return fmt.Errorf("tag instances %s: %w", strings.Join(group, ","), err)
		}
		// Some instance is unknown: tag them one by one to tell which.
		for _, id := range group {
			_, err := p.clients.EC2.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{id}, Tags: tags}, region)
			switch {
			case err == nil:
				p.results[arn(id)] = tagged
				p.added[arn(id)] = sortedKeys(missing[sig])
			case notFound(err) && p.ev.Record.EventName == "RunInstances" && r.now().Sub(p.ev.Record.EventTime) < consistencyWindow:
				return fmt.Errorf("tag instance %s launched at %s (not yet visible, retry): %w", id, p.ev.Record.EventTime.Format(time.RFC3339), err)
			case notFound(err):
				p.results[arn(id)] = gone
			default:
				return fmt.Errorf("tag instance %s: %w", id, err)
			}
		}
	}
	return nil
}

func notFound(err error) bool {
	c := responderkit.ErrorCode(err)
	return c == "InvalidInstanceID.NotFound" || c == "InvalidID"
}

func ec2Tags(m map[string]string) []types.Tag {
	out := make([]types.Tag, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return out
}
