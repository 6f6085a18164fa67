package responderkit

import (
	"context"
	"io"
	"log/slog"
)

// Decision is what a responder decided about one event. It is logged as
// one JSON line (Log) and returned as the Lambda response of an
// EventBridge-invoked handler.
type Decision struct {
	// EventID is the CloudTrail record's eventID.
	EventID string `json:"eventID"`
	// EventName is the record's eventName.
	EventName string `json:"eventName"`
	// Principal is who made the call (see Principal).
	Principal string `json:"principal"`
	// Resource is the resource acted on (an ARN where one can be formed,
	// comma-separated when there are several), or "".
	Resource string `json:"resource"`
	// Mode is the responder's mode.
	Mode Mode `json:"mode"`
	// Action is what the responder did.
	Action Action `json:"action"`
	// Reason says why, in a sentence.
	Reason string `json:"reason"`
	// Details holds responder-specific facts (what was public, which tags
	// were added, ...); omitted when empty.
	Details map[string]any `json:"details,omitempty"`
}

// MessageDecision is the msg of every decision log line.
const MessageDecision = "decision"

// NewLogger returns the logger responders use: log/slog's JSON handler on
// w (os.Stdout in Lambda), level Info.
func NewLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// OrDiscard returns logger, or a logger that discards everything when it
// is nil: what the handlers' constructors do with a nil logger.
func OrDiscard(logger *slog.Logger) *slog.Logger {
	if logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return logger
}

// Log writes d as one JSON line with msg "decision" and the fields eventID,
// eventName, principal, resource, mode, action, reason and details: at
// level Error for "failed", Warn for "rejected", Info otherwise. name, when
// not empty, is added as "responder".
func (d Decision) Log(ctx context.Context, logger *slog.Logger, name string) {
	level := slog.LevelInfo
	switch d.Action {
	case ActionFailed:
		level = slog.LevelError
	case ActionRejected:
		level = slog.LevelWarn
	}
	attrs := make([]slog.Attr, 0, 9)
	if name != "" {
		attrs = append(attrs, slog.String("responder", name))
	}
	attrs = append(attrs,
		slog.String("eventID", d.EventID),
		slog.String("eventName", d.EventName),
		slog.String("principal", d.Principal),
		slog.String("resource", d.Resource),
		slog.String("mode", string(d.Mode)),
		slog.String("action", string(d.Action)),
		slog.String("reason", d.Reason),
	)
	if len(d.Details) > 0 {
		attrs = append(attrs, slog.Any("details", d.Details))
	}
	logger.LogAttrs(ctx, level, MessageDecision, attrs...)
}
