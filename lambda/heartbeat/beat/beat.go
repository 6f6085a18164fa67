// Package beat is the logic of the heartbeat function: the SSM call it
// makes on every invocation (see package heartbeat, which holds the facts
// its stacks share: the parameter's name, the IAM actions, the pattern of
// the call's event, and the configuration).
package beat

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/trailbridge/trailbridge/lambda/heartbeat"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// SSMAPI is the part of the SSM client (*ssm.Client of aws-sdk-go-v2) the
// function uses.
type SSMAPI interface {
	PutParameter(ctx context.Context, in *ssm.PutParameterInput, optFns ...func(*ssm.Options)) (*ssm.PutParameterOutput, error)
}

// RetryableCodes are SSM error codes of a PutParameter that the SDK's
// standard retryer does not retry but that pass: concurrent writes of the
// same parameter (an overlapping retry).
var RetryableCodes = []string{"TooManyUpdates"}

// NewClient returns the SSM client of the function: cfg's, with
// RetryableCodes retried as well.
func NewClient(cfg aws.Config) SSMAPI {
	return ssm.NewFromConfig(cfg, func(o *ssm.Options) {
		o.Retryer = retry.AddWithErrorCodes(o.Retryer, RetryableCodes...)
	})
}

// Handler makes the heartbeat's call.
type Handler struct {
	cfg    heartbeat.Config
	client SSMAPI
	logger *slog.Logger
	now    func() time.Time
}

// New returns the Handler of cfg writing with client and logging to logger
// (nil: no logs).
func New(cfg heartbeat.Config, client SSMAPI, logger *slog.Logger) *Handler {
	return &Handler{cfg: cfg, client: client, logger: responderkit.OrDiscard(logger).With(slog.String("function", heartbeat.Name)), now: time.Now}
}

// Handle writes the current time (RFC 3339, UTC) to the parameter. Its
// input (the schedule's event) is only logged. It returns an error, after
// logging it, when the call failed (wrapping the SDK's error) or SSM
// answered without a version, so that Lambda retries the invocation and
// the function's Errors alarm fires; it reports a beat only when SSM
// accepted the write.
func (h *Handler) Handle(ctx context.Context, input json.RawMessage) error {
	var ev struct {
		ID   string `json:"id"`
		Time string `json:"time"`
	}
	_ = json.Unmarshal(input, &ev) // any input beats: the schedule's event is not needed
	log := h.logger.With(slog.String("parameter", h.cfg.Parameter), slog.String("scheduleEventId", ev.ID), slog.String("scheduleTime", ev.Time))
	value := h.now().UTC().Format(time.RFC3339)
	out, err := h.client.PutParameter(ctx, &ssm.PutParameterInput{
		Name:      aws.String(h.cfg.Parameter),
		Value:     aws.String(value),
		Type:      ssmtypes.ParameterTypeString,
		Overwrite: aws.Bool(true),
	})
	if err != nil {
		log.ErrorContext(ctx, "heartbeat failed", slog.String("error", err.Error()), slog.String("errorCode", responderkit.ErrorCode(err)))
		return fmt.Errorf("heartbeat: put parameter %s: %w", h.cfg.Parameter, err)
	}
	if out == nil || out.Version == 0 {
		log.ErrorContext(ctx, "heartbeat answered without a version")
		return fmt.Errorf("heartbeat: put parameter %s: no version in the answer", h.cfg.Parameter)
	}
	log.InfoContext(ctx, "heartbeat", slog.String("value", value), slog.Int64("version", out.Version))
	return nil
}
