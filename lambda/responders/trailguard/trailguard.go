package trailguard

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ctsdk "github.com/aws/aws-sdk-go-v2/service/cloudtrail"

	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responders/trailguard/settings"
)

// CloudTrailAPI is the part of the CloudTrail SDK client
// (*cloudtrail.Client of aws-sdk-go-v2) the responder uses.
type CloudTrailAPI interface {
	GetTrailStatus(ctx context.Context, in *ctsdk.GetTrailStatusInput, optFns ...func(*ctsdk.Options)) (*ctsdk.GetTrailStatusOutput, error)
	StartLogging(ctx context.Context, in *ctsdk.StartLoggingInput, optFns ...func(*ctsdk.Options)) (*ctsdk.StartLoggingOutput, error)
}

// Kind describes the responder to responderkit's shared constructors and
// to its Lambda main (lambdamain.Start).
var Kind = responderkit.Kind[settings.Config, CloudTrailAPI]{
	Facts:   settings.Facts,
	Clients: func(c aws.Config) CloudTrailAPI { return ctsdk.NewFromConfig(c) },
	Common:  func(c *settings.Config) *responderkit.Config { return &c.Responder },
	Act:     responderkit.Decoding(cloudtrail.DecodeTrailRequest, respond),
}

// responder is what the logic works with: the Config and the CloudTrail
// clients of an account (the trail's).
type responder = responderkit.Acting[settings.Config, CloudTrailAPI]

// TargetARN returns the ARN of the trail a call targets (see the package
// documentation), or its name when the record names no account to build
// the ARN with.
func TargetARN(rec *cloudtrail.Record, req *cloudtrail.TrailRequest) string {
	switch {
	case strings.HasPrefix(req.Name, "arn:"):
		return req.Name
	case strings.HasPrefix(req.TrailARN, "arn:"):
		return req.TrailARN
	case responderkit.Account(rec) == "":
		return req.TrailName()
	}
	return fmt.Sprintf("arn:%s:cloudtrail:%s:%s:trail/%s", responderkit.Partition(rec.AWSRegion), rec.AWSRegion, responderkit.Account(rec), req.TrailName())
}

// protected returns the entry of trails that matches the trail arn.
func protected(trails []string, arn string) (string, bool) {
	name := arn
	if _, n, ok := strings.Cut(arn, ":trail/"); ok {
		name = n
	}
	for _, p := range trails {
		if p == arn || !strings.HasPrefix(p, "arn:") && p == name {
			return p, true
		}
	}
	return "", false
}

// respond decides about one call on a trail (see the package documentation).
func respond(ctx context.Context, r responder, ev *responderkit.Event, req *cloudtrail.TrailRequest) (responderkit.Decision, error) {
	arn := TargetARN(ev.Record, req)
	entry, ok := protected(r.Config.ProtectedTrails, arn)
	if !ok {
		return ev.Decide(responderkit.ActionSkipped, arn, "trail is not protected", nil), nil
	}
	details := map[string]any{"protected": entry}
	if c := change(req); len(c) > 0 {
		details["change"] = c
	}
	event := ev.Record.EventName
	if event == "DeleteTrail" {
		return ev.Decide(responderkit.ActionAlerted, arn, "protected trail deleted; the responder cannot recreate it: redeploy the audit trail", details), nil
	}

	if strings.HasPrefix(arn, "arn:") {
		// The trail's ARN (from the request) chooses the account and
		// region acted in.
		if err := responderkit.CheckARN("trail ARN", arn, "cloudtrail"); err != nil {
			return responderkit.Decision{}, responderkit.Reject(err)
		}
	}
	trailRegion, trailAccount := ev.Region(), ev.Account()
	if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 {
		if parts[3] != "" {
			trailRegion = parts[3]
		}
		if parts[4] != "" {
			trailAccount = parts[4]
		}
	}
	region := func(o *ctsdk.Options) {
		if trailRegion != "" {
			o.Region = trailRegion
		}
	}
	ct, err := r.Source.For(ctx, trailAccount, trailRegion)
	if err != nil {
		return responderkit.Decision{}, err
	}
	st, err := ct.GetTrailStatus(ctx, &ctsdk.GetTrailStatusInput{Name: &arn}, region)
	switch {
	case responderkit.ErrorCode(err) == "TrailNotFoundException":
		return ev.Decide(responderkit.ActionGone, arn, "trail no longer exists", details), nil
	case err != nil:
		return responderkit.Decision{}, fmt.Errorf("get status of trail %s: %w", arn, err)
	case aws.ToBool(st.IsLogging):
		reason := "trail is logging"
		if event != "StopLogging" {
			reason += "; the change is reported in details"
		}
		return ev.Decide(responderkit.ActionCompliant, arn, reason, details), nil
	}

	reason := "protected trail is not logging after " + event
	if !ev.Mode.Acts() {
		return ev.Decide(ev.Mode.Outcome(), arn, reason, details), nil
	}
	_, err = ct.StartLogging(ctx, &ctsdk.StartLoggingInput{Name: &arn}, region)
	switch {
	case responderkit.ErrorCode(err) == "TrailNotFoundException":
		return ev.Decide(responderkit.ActionGone, arn, "trail no longer exists", details), nil
	case err != nil:
		return responderkit.Decision{}, fmt.Errorf("start logging of trail %s: %w", arn, err)
	}
	return ev.Decide(responderkit.ActionRemediated, arn, "started logging of protected trail after "+event, details), nil
}

// change lists the settings an UpdateTrail or PutEventSelectors call sets.
func change(req *cloudtrail.TrailRequest) map[string]any {
	c := map[string]any{}
	if req.S3BucketName != "" {
		c["s3BucketName"] = req.S3BucketName
	}
	if req.KMSKeyID != "" {
		c["kmsKeyId"] = req.KMSKeyID
	}
	for name, v := range map[string]*bool{
		"isMultiRegionTrail":         req.IsMultiRegionTrail,
		"includeGlobalServiceEvents": req.IncludeGlobalServiceEvents,
		"enableLogFileValidation":    req.EnableLogFileValidation,
		"isOrganizationTrail":        req.IsOrganizationTrail,
	} {
		if v != nil {
			c[name] = *v
		}
	}
	for name, raw := range map[string]json.RawMessage{"eventSelectors": req.EventSelectors, "advancedEventSelectors": req.AdvancedEventSelectors} {
		if len(raw) > 0 && string(raw) != "null" {
			c[name] = raw
		}
	}
	return c
}
