package publicbucket

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responders/publicbucket/settings"
)

// S3API is the part of *s3.Client the responder uses.
type S3API interface {
	GetBucketTagging(ctx context.Context, in *s3.GetBucketTaggingInput, optFns ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error)
	GetPublicAccessBlock(ctx context.Context, in *s3.GetPublicAccessBlockInput, optFns ...func(*s3.Options)) (*s3.GetPublicAccessBlockOutput, error)
	PutPublicAccessBlock(ctx context.Context, in *s3.PutPublicAccessBlockInput, optFns ...func(*s3.Options)) (*s3.PutPublicAccessBlockOutput, error)
}

// Kind describes the responder to responderkit's shared constructors and
// to its Lambda main (lambdamain.Start).
var Kind = responderkit.Kind[settings.Config, S3API]{
	Facts:   settings.Facts,
	Clients: func(c aws.Config) S3API { return s3.NewFromConfig(c) },
	Common:  func(c *settings.Config) *responderkit.Config { return &c.Responder },
	Act:     responderkit.Decoding(cloudtrail.DecodeS3BucketRequest, respond),
}

// responder is what the logic works with: the Config and the S3
// clients of each event's account.
type responder = responderkit.Acting[settings.Config, S3API]

// respond decides about one bucket policy, ACL or public access block call
// (see the package documentation).
func respond(ctx context.Context, r responder, ev *responderkit.Event, req *cloudtrail.S3BucketRequest) (responderkit.Decision, error) {
	bucket := req.BucketName
	if err := responderkit.CheckBucketName("requestParameters.bucketName", bucket); err != nil {
		return responderkit.Decision{}, responderkit.Reject(err)
	}
	resource := "arn:" + responderkit.Partition(ev.Region()) + ":s3:::" + bucket
	public := findings(ev.Record.EventName, req)
	details := map[string]any{"public": public}

	if ev.Record.EventName == "PutBucketPublicAccessBlock" && req.PublicAccessBlock != nil && req.PublicAccessBlock.AllEnabled() {
		return ev.Decide(responderkit.ActionCompliant, resource, "the call enables all four public access block settings", nil), nil
	}

	owner := ev.BucketOwner()
	region := func(o *s3.Options) {
		if ev.Region() != "" {
			o.Region = ev.Region()
		}
	}
	s3c, err := r.Clients(ctx, ev)
	if err != nil {
		return responderkit.Decision{}, err
	}

	// Expected errors are the AWS error codes listed; any other non-nil
	// error (including those without a code: timeouts, cancelled
	// contexts, connection resets) fails the event.
	tags, err := s3c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: &bucket, ExpectedBucketOwner: owner}, region)
	switch {
	case err == nil:
		for _, t := range tags.TagSet {
			if r.Config.Responder.ExemptTag.Matches(aws.ToString(t.Key), aws.ToString(t.Value)) {
				return ev.Decide(responderkit.ActionSkipped, resource, "exempt tag "+r.Config.Responder.ExemptTag.String(), details), nil
			}
		}
	case responderkit.IsCode(err, "NoSuchTagSet"):
	case responderkit.IsCode(err, "NoSuchBucket"):
		return ev.Decide(responderkit.ActionGone, resource, "bucket no longer exists", details), nil
	default:
		return responderkit.Decision{}, fmt.Errorf("get tags of bucket %s: %w", bucket, err)
	}

	var before types.PublicAccessBlockConfiguration
	got, err := s3c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: &bucket, ExpectedBucketOwner: owner}, region)
	switch {
	case err == nil:
		if got.PublicAccessBlockConfiguration != nil {
			before = *got.PublicAccessBlockConfiguration
		}
	case responderkit.IsCode(err, "NoSuchPublicAccessBlockConfiguration"):
	case responderkit.IsCode(err, "NoSuchBucket"):
		return ev.Decide(responderkit.ActionGone, resource, "bucket no longer exists", details), nil
	default:
		return responderkit.Decision{}, fmt.Errorf("get public access block of bucket %s: %w", bucket, err)
	}
	off := offSettings(before)
	if len(off) == 0 {
		return ev.Decide(responderkit.ActionCompliant, resource, "all four public access block settings are on", details), nil
	}
	details["before"] = blockSettings(before)
	reason := "public access block settings off: " + strings.Join(off, ", ")

	if !ev.Mode.Acts() {
		return ev.Decide(ev.Mode.Outcome(), resource, reason, details), nil
	}
	_, err = s3c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{
		Bucket:              &bucket,
		ExpectedBucketOwner: owner,
		PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{
			BlockPublicAcls:       aws.Bool(true),
			IgnorePublicAcls:      aws.Bool(true),
			BlockPublicPolicy:     aws.Bool(true),
			RestrictPublicBuckets: aws.Bool(true),
		},
	}, region)
	switch {
	case err == nil:
	case responderkit.IsCode(err, "NoSuchBucket"):
		return ev.Decide(responderkit.ActionGone, resource, "bucket no longer exists", details), nil
	default:
		return responderkit.Decision{}, fmt.Errorf("put public access block on bucket %s: %w", bucket, err)
	}
	return ev.Decide(responderkit.ActionRemediated, resource, "turned on all four public access block settings (were off: "+strings.Join(off, ", ")+")", details), nil
}

func offSettings(c types.PublicAccessBlockConfiguration) []string {
	var off []string
	for _, s := range []struct {
		name string
		on   *bool
	}{
		{"BlockPublicAcls", c.BlockPublicAcls},
		{"IgnorePublicAcls", c.IgnorePublicAcls},
		{"BlockPublicPolicy", c.BlockPublicPolicy},
		{"RestrictPublicBuckets", c.RestrictPublicBuckets},
	} {
		if !aws.ToBool(s.on) {
			off = append(off, s.name)
		}
	}
	return off
}

func blockSettings(c types.PublicAccessBlockConfiguration) map[string]bool {
	return map[string]bool{
		"BlockPublicAcls":       aws.ToBool(c.BlockPublicAcls),
		"IgnorePublicAcls":      aws.ToBool(c.IgnorePublicAcls),
		"BlockPublicPolicy":     aws.ToBool(c.BlockPublicPolicy),
		"RestrictPublicBuckets": aws.ToBool(c.RestrictPublicBuckets),
	}
}

// findings lists, in words, what the call made public. It never fails: an
// unreadable policy or ACL is itself reported.
func findings(eventName string, req *cloudtrail.S3BucketRequest) []string {
	out := []string{}
	switch eventName {
	case "PutBucketPolicy":
		out = append(out, policyFindings(req.BucketPolicy)...)
	case "PutBucketAcl":
		if req.PublicCannedACL() {
			out = append(out, "canned ACL "+req.CannedACL)
		}
		grants, err := req.Grants()
		if err != nil {
			out = append(out, "unreadable ACL: "+err.Error())
		}
		for _, g := range grants {
			if g.Public() {
				out = append(out, fmt.Sprintf("ACL grant %s to %s", g.Permission, g.URI[strings.LastIndex(g.URI, "/")+1:]))
			}
		}
	case "DeleteBucketPublicAccessBlock":
		out = append(out, "public access block removed (all four settings off)")
	case "PutBucketPublicAccessBlock":
		if c := req.PublicAccessBlock; c != nil {
			for _, s := range []struct {
				name string
				on   bool
			}{
				{"BlockPublicAcls", c.BlockPublicACLs},
				{"IgnorePublicAcls", c.IgnorePublicACLs},
				{"BlockPublicPolicy", c.BlockPublicPolicy},
				{"RestrictPublicBuckets", c.RestrictPublicBuckets},
			} {
				if !s.on {
					out = append(out, s.name+" turned off")
				}
			}
		}
	}
	return out
}

type statement struct {
	Sid       string          `json:"Sid"`
	Effect    string          `json:"Effect"`
	Principal json.RawMessage `json:"Principal"`
	Action    json.RawMessage `json:"Action"`
}

// policyFindings lists the Allow statements of a bucket policy whose
// principal is everyone.
func policyFindings(policy cloudtrail.FlexJSON) []string {
	var doc struct {
		Statement json.RawMessage `json:"Statement"`
	}
	if err := policy.Decode(&doc); err != nil {
		return []string{"unreadable bucket policy: " + err.Error()}
	}
	var stmts []statement
	if err := json.Unmarshal(doc.Statement, &stmts); err != nil {
		var one statement
		if err := json.Unmarshal(doc.Statement, &one); err != nil {
			return []string{"unreadable bucket policy statements"}
		}
		stmts = []statement{one}
	}
	var out []string
	for i, s := range stmts {
		if s.Effect != "Allow" || !everyone(s.Principal) {
			continue
		}
		name := fmt.Sprintf("#%d", i)
		if s.Sid != "" {
			name = fmt.Sprintf("%q", s.Sid)
		}
		out = append(out, fmt.Sprintf("policy statement %s allows Principal \"*\": %s", name, strings.Join(stringList(s.Action), ", ")))
	}
	return out
}

// everyone reports whether a policy principal is "*", {"AWS": "*"} or a
// list of AWS principals containing "*".
func everyone(p json.RawMessage) bool {
	var s string
	if json.Unmarshal(p, &s) == nil {
		return s == "*"
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(p, &m) != nil {
		return false
	}
	for _, v := range stringList(m["AWS"]) {
		if v == "*" {
			return true
		}
	}
	return false
}

func stringList(raw json.RawMessage) []string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []string{s}
	}
	var l []string
	_ = json.Unmarshal(raw, &l)
	return l
}
