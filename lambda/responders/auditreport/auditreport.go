package auditreport

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responders/auditreport/settings"
)

// S3API is the part of *s3.Client the responder uses.
type S3API interface {
	PutObject(ctx context.Context, in *s3.PutObjectInput, optFns ...func(*s3.Options)) (*s3.PutObjectOutput, error)
}

var eventIDRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,128}$`)

// Responder is the auditreport logic.
type Responder struct {
	cfg settings.Config
	s3  S3API
}

// Kind describes the responder to responderkit's shared constructors and
// to its Lambda main (lambdamain.Start).
var Kind = responderkit.Kind[settings.Config, S3API]{
	Facts:   settings.Facts,
	Clients: func(c aws.Config) S3API { return s3.NewFromConfig(c) },
	Common:  func(c *settings.Config) *responderkit.Config { return &c.Responder },
	Home: func(c settings.Config, client S3API) responderkit.Spec {
		return (&Responder{cfg: c, s3: client}).Spec()
	},
}

// Spec describes the responder to responderkit.NewHandler: every event, failed
// calls and other accounts included.
func (r *Responder) Spec() responderkit.Spec {
	return responderkit.Spec{Name: settings.Name, IncludeFailed: true, AnyAccount: true, Respond: r.Respond}
}

// Keys returns the keys of the record and report objects of an event.
func (r *Responder) Keys(ev *responderkit.Event) (record, report string) {
	base := fmt.Sprintf("%s/%s/%s", r.cfg.Prefix, ev.Record.EventTime.UTC().Format("2006/01/02"), ev.Record.EventID)
	return base + ".json", base + ".md"
}

// Respond decides about one event (see the package documentation).
func (r *Responder) Respond(ctx context.Context, ev *responderkit.Event) (responderkit.Decision, error) {
	if err := ev.Record.Require("eventID"); err != nil {
		return responderkit.Decision{}, responderkit.Reject(err)
	}
	if !eventIDRE.MatchString(ev.Record.EventID) {
		return responderkit.Decision{}, responderkit.Reject(fmt.Errorf("eventID %q: not usable in an object key", ev.Record.EventID))
	}
	raw, err := recordJSON(ev)
	if err != nil {
		return responderkit.Decision{}, responderkit.Reject(err)
	}
	recordKey, reportKey := r.Keys(ev)
	resource := "arn:aws:s3:::" + r.cfg.Bucket + "/" + strings.TrimSuffix(recordKey, ".json")
	details := map[string]any{"bucket": r.cfg.Bucket, "keys": []string{recordKey, reportKey}}
	if !ev.Mode.Acts() {
		return ev.Decide(ev.Mode.Outcome(), resource, "audit report not written ("+string(ev.Mode)+" mode)", details), nil
	}

	var existed []string
	for _, obj := range []struct {
		key, contentType string
		body             []byte
	}{
		{recordKey, "application/json", raw},
		{reportKey, "text/markdown; charset=utf-8", Report(ev, raw)},
	} {
		_, err := r.s3.PutObject(ctx, &s3.PutObjectInput{
			Bucket:            &r.cfg.Bucket,
			Key:               aws.String(obj.key),
			Body:              bytes.NewReader(obj.body),
			ContentLength:     aws.Int64(int64(len(obj.body))),
			ContentType:       aws.String(obj.contentType),
			IfNoneMatch:       aws.String("*"),
			ChecksumAlgorithm: types.ChecksumAlgorithmCrc32,
		})
		// PreconditionFailed (If-None-Match: * and the object exists) is
		// the only expected error; any other, with or without an AWS
		// error code (timeouts, resets), fails the event.
		switch {
		case err == nil:
		case responderkit.IsCode(err, "PreconditionFailed"):
			existed = append(existed, obj.key)
		default:
			return responderkit.Decision{}, fmt.Errorf("put s3://%s/%s: %w", r.cfg.Bucket, obj.key, err)
		}
	}
	if len(existed) == 2 {
		return ev.Decide(responderkit.ActionCompliant, resource, "audit report already written", details), nil
	}
	if len(existed) > 0 {
		details["existed"] = existed
	}
	return ev.Decide(responderkit.ActionRemediated, resource, "wrote audit report", details), nil
}

// recordJSON returns the CloudTrail record as received: the event's
// "detail", or the whole input when it was a bare record.
func recordJSON(ev *responderkit.Event) ([]byte, error) {
	if ev.Envelope.Bare {
		return bytes.TrimSpace(ev.Raw), nil
	}
	var e struct {
		Detail json.RawMessage `json:"detail"`
	}
	if err := json.Unmarshal(ev.Raw, &e); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(e.Detail), nil
}
