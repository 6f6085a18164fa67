// Package publish is the logic of the alert notifier (see package notify,
// which holds what its stacks share: the IAM actions, the message
// attributes and the configuration): it decodes each alert envelope and
// publishes it to the alert topic with the SNS client.
package publish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/trailbridge/trailbridge/detection"
	"github.com/trailbridge/trailbridge/lambda/notify"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// SNSAPI is the part of the SNS SDK client (*sns.Client of aws-sdk-go-v2)
// the notifier uses.
type SNSAPI interface {
	Publish(ctx context.Context, in *sns.PublishInput, optFns ...func(*sns.Options)) (*sns.PublishOutput, error)
}

// RetryableCodes are SNS error codes of a Publish that the SDK's standard
// retryer does not retry but that pass: SNS's and KMS's throttling (and
// KMS being briefly unavailable for an encrypted topic).
var RetryableCodes = []string{"Throttled", "KMSThrottling", "KMSInternal"}

// NewClient returns the SNS client of the notifier: cfg's, with
// RetryableCodes retried as well.
func NewClient(cfg aws.Config) SNSAPI {
	return sns.NewFromConfig(cfg, func(o *sns.Options) {
		o.Retryer = retry.AddWithErrorCodes(o.Retryer, RetryableCodes...)
	})
}

// ErrMalformed is wrapped by the error of an input that is not an alert
// envelope.
var ErrMalformed = errors.New("not a trailbridge alert envelope")

// Decode reads an Envelope from data, the function's input. It fails, with
// an error wrapping ErrMalformed and naming the field, when data is not a
// JSON object with alert.detection set and alert.severity one of
// detection.Severities.
func Decode(data []byte) (detection.Envelope, error) {
	var e detection.Envelope
	if err := json.Unmarshal(data, &e); err != nil {
		return detection.Envelope{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	var errs []error
	if e.Alert.Detection == "" {
		errs = append(errs, fmt.Errorf("%w: alert.detection: missing; allowed: a detection ID", ErrMalformed))
	}
	if !e.Alert.Severity.Valid() {
		errs = append(errs, fmt.Errorf("%w: alert.severity: got %q; allowed: one of %q", ErrMalformed, e.Alert.Severity, detection.Severities()))
	}
	if len(errs) > 0 {
		return detection.Envelope{}, errors.Join(errs...)
	}
	return e, nil
}

// Handler publishes alerts.
type Handler struct {
	cfg    notify.Config
	client SNSAPI
	logger *slog.Logger
}

// New returns the Handler of cfg publishing with client and logging to
// logger (nil: no logs).
func New(cfg notify.Config, client SNSAPI, logger *slog.Logger) *Handler {
	return &Handler{cfg: cfg, client: client, logger: responderkit.OrDiscard(logger).With(slog.String("function", notify.Name))}
}

// Handle publishes the alert of input (a detection.Envelope) to the topic.
// It returns an error, after logging it, for a malformed input (wrapping
// ErrMalformed) and for a failed publish (wrapping the SDK's error), so
// that Lambda retries the invocation and finally dead-letters it; it never
// reports success for an alert it did not publish.
func (h *Handler) Handle(ctx context.Context, input json.RawMessage) error {
	e, err := Decode(input)
	if err != nil {
		h.logger.ErrorContext(ctx, "malformed input", slog.String("error", err.Error()),
			slog.Int("bytes", len(input)), slog.String("start", prefix(input, 256)))
		return err
	}
	a := e.Alert
	log := h.logger.With(slog.String("detection", a.Detection), slog.String("severity", string(a.Severity)),
		slog.String("eventID", a.EventID), slog.String("eventName", a.EventName), slog.String("account", a.Account))
	subject, body := detection.Render(e)
	out, err := h.client.Publish(ctx, &sns.PublishInput{
		TopicArn: aws.String(h.cfg.TopicARN),
		Subject:  aws.String(subject),
		Message:  aws.String(body),
		MessageAttributes: map[string]snstypes.MessageAttributeValue{
			notify.AttributeSeverity:  {DataType: aws.String("String"), StringValue: aws.String(string(a.Severity))},
			notify.AttributeDetection: {DataType: aws.String("String"), StringValue: aws.String(a.Detection)},
		},
	})
	if err != nil {
		log.ErrorContext(ctx, "publish failed", slog.String("error", err.Error()), slog.String("errorCode", responderkit.ErrorCode(err)))
		return fmt.Errorf("publish alert of %s (event %s): %w", a.Detection, a.EventID, err)
	}
	if out == nil || out.MessageId == nil {
		// A success without a message ID is not a publish a person can
		// rely on: retry.
		log.ErrorContext(ctx, "publish answered without a message ID")
		return fmt.Errorf("publish alert of %s (event %s): no message ID in the answer", a.Detection, a.EventID)
	}
	log.InfoContext(ctx, "alert published", slog.String("messageId", *out.MessageId), slog.String("subject", subject))
	return nil
}

// prefix is the first n bytes of b as a string, for logs.
func prefix(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}
