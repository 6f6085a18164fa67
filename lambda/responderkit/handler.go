package responderkit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"

	"github.com/aws/aws-lambda-go/events"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
)

// Event is what a responder's Func is given: a parsed event that passed the
// common checks (supported event, mode not off, successful call unless the
// Spec includes failed ones, not the responder's own call, not an exempt
// principal).
type Event struct {
	// Envelope is the parsed EventBridge event (Bare when a bare record
	// was given).
	Envelope *cloudtrail.Envelope
	// Record is &Envelope.Detail.
	Record *cloudtrail.Record
	// Raw is the event as received.
	Raw []byte
	// Config is the responder's common configuration.
	Config Config
	// Mode is Config.Mode.
	Mode Mode
}

// Decide returns a Decision about the event with its eventID, eventName,
// principal and mode filled in.
func (e *Event) Decide(action Action, resource, reason string, details map[string]any) Decision {
	return Decision{
		EventID:   e.Record.EventID,
		EventName: e.Record.EventName,
		Principal: Principal(e.Record.UserIdentity),
		Resource:  resource,
		Mode:      e.Mode,
		Action:    action,
		Reason:    reason,
		Details:   details,
	}
}

// Region returns the record's awsRegion: where the call was made, and
// (for regional services) where the resource lives.
func (e *Event) Region() string { return e.Record.AWSRegion }

// Account returns the account the record's resources belong to (see
// Account).
func (e *Event) Account() string { return Account(e.Record) }

// BucketOwner returns the ExpectedBucketOwner of S3 calls on the event's
// bucket: its account, so that a same-named bucket of another account is
// never touched; nil when the record names no account ID.
func (e *Event) BucketOwner() *string {
	if a := e.Account(); contract.Account(a) == "" {
		return &a
	}
	return nil
}

// Func is a responder's logic. It returns the Decision, or an error: a
// *RejectedError (see Reject) when the event cannot be acted on, any other
// error (such as an AWS SDK error) to have the event retried. A Decision
// returned with an error is ignored.
type Func func(ctx context.Context, ev *Event) (Decision, error)

// RejectedError reports an event that is malformed or not one the
// responder handles. Retrying it will not help; it is returned so that the
// event is kept in a dead-letter queue or on-failure destination.
type RejectedError struct {
	// Err says what is wrong; for parse errors a *cloudtrail.ParseError.
	Err error
}

// Error returns "rejected event: " and the cause.
func (e *RejectedError) Error() string { return "rejected event: " + e.Err.Error() }

// Unwrap returns the cause.
func (e *RejectedError) Unwrap() error { return e.Err }

// Reject wraps err in a *RejectedError.
func Reject(err error) error { return &RejectedError{Err: err} }

// SkippedError reports an event the responder must not act on, such as
// one of another account when no member role is configured. The Handler
// logs it as a "skipped" Decision with its Reason and returns no error.
type SkippedError struct {
	// Reason says why, in a sentence.
	Reason string
}

// Error returns "skipped: " and the reason.
func (e *SkippedError) Error() string { return "skipped: " + e.Reason }

// Skip returns a *SkippedError with reason.
func Skip(reason string) error { return &SkippedError{Reason: reason} }

// PanicError is a panic of a responder's Func, recovered by the Handler.
type PanicError struct {
	// Value is what was passed to panic.
	Value any
	// Stack is the goroutine's stack at the panic.
	Stack []byte
}

// Error returns "panic: " and the value.
func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Spec describes a responder to NewHandler.
type Spec struct {
	// Name names the responder in logs ("responder" field).
	Name string
	// Events maps each eventSource handled to its eventNames; other
	// events are rejected. Names match with or without their API-version
	// suffix ("CreateFunction20150331" also matches a future
	// "CreateFunction20260101", never "CreateFunctionUrlConfig20221031").
	// nil handles every event.
	Events map[string][]string
	// IncludeFailed passes failed calls (errorCode present) to Respond.
	// Default: they are skipped.
	IncludeFailed bool
	// AnyAccount passes events of every account to Respond, which then
	// acts with the function's own credentials. Default: events of
	// accounts other than Config.HomeAccount (else the account of
	// Config.SelfRoleARN) are passed only when Config.MemberRoleName is set
	// (Respond gets their clients from a ClientSource), and skipped
	// otherwise.
	AnyAccount bool
	// Respond is the responder's logic.
	Respond Func
}

// Handler runs a responder: it parses events, applies the checks every
// responder shares, calls the Spec's Respond, and logs the Decision.
type Handler struct {
	cfg    Config
	spec   Spec
	logger *slog.Logger
}

// NewHandler returns a Handler for spec with cfg, logging to logger (see
// NewLogger); a nil logger discards the log.
func NewHandler(cfg Config, spec Spec, logger *slog.Logger) *Handler {
	return &Handler{cfg: cfg, spec: spec, logger: OrDiscard(logger)}
}

// Handle is the handler of an EventBridge-invoked function: it decides
// about one event, logs the Decision and returns it. Rejected events and
// failures return a non-nil error too, so that Lambda's asynchronous
// invocation retries them and then hands them to the function's on-failure
// destination (or DLQ): nothing is dropped silently. Panics are recovered
// into errors.
func (h *Handler) Handle(ctx context.Context, event json.RawMessage) (Decision, error) {
	d, err := h.Decide(ctx, event)
	d.Log(ctx, h.logger, h.spec.Name)
	return d, err
}

// HandleSQS is the handler of an SQS-fed function whose messages are
// EventBridge events: each message is handled as by Handle, and the
// messages that were rejected or failed are returned as BatchItemFailures
// so that only they are received again (and reach the queue's DLQ after
// its maxReceiveCount). The event source mapping must enable
// ReportBatchItemFailures. Messages left when ctx is done are reported as
// failures without being handled. The error is always nil.
func (h *Handler) HandleSQS(ctx context.Context, event events.SQSEvent) (events.SQSEventResponse, error) {
	resp := events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{}}
	for _, msg := range event.Records {
		if ctx.Err() != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
			continue
		}
		if _, err := h.Handle(ctx, json.RawMessage(msg.Body)); err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
		}
	}
	return resp, nil
}

// Decide is Handle without logging: the decision function that tests and
// fuzzers call. The Decision is complete in every case, including errors
// ("rejected" or "failed").
func (h *Handler) Decide(ctx context.Context, event []byte) (d Decision, err error) {
	d = Decision{Mode: h.cfg.Mode}
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: debug.Stack()}
			d.Action, d.Reason, d.Details = ActionFailed, err.Error(), nil
		}
	}()

	env, err := cloudtrail.Parse(event)
	if err != nil {
		d.Action, d.Reason = ActionRejected, err.Error()
		return d, Reject(err)
	}
	ev := &Event{Envelope: env, Record: &env.Detail, Raw: event, Config: h.cfg, Mode: h.cfg.Mode}
	rec := ev.Record
	d = ev.Decide("", "", "", nil)

	if h.spec.Events != nil && !handles(h.spec.Events[rec.EventSource], rec) {
		err := fmt.Errorf("unsupported event %s %s", rec.EventSource, rec.EventName)
		d.Action, d.Reason = ActionRejected, err.Error()
		return d, Reject(err)
	}
	if reason, skip := h.skip(ev); skip {
		d.Action, d.Reason = ActionSkipped, reason
		return d, nil
	}

	if err := h.checkTarget(ev); err != nil {
		d.Action, d.Reason = ActionRejected, err.Error()
		return d, Reject(err)
	}

	out, err := h.spec.Respond(ctx, ev)
	if se := (*SkippedError)(nil); errors.As(err, &se) {
		d.Action, d.Reason = ActionSkipped, se.Reason
		return d, nil
	}
	if err != nil {
		d.Action, d.Reason = ActionFailed, err.Error()
		if errors.As(err, new(*RejectedError)) {
			d.Action = ActionRejected
		}
		return d, err
	}
	if out.EventID == "" {
		out.EventID = d.EventID
	}
	if out.EventName == "" {
		out.EventName = d.EventName
	}
	if out.Principal == "" {
		out.Principal = d.Principal
	}
	out.Mode = d.Mode
	return out, nil
}

// handles reports whether rec's event name is one of names, compared as
// written and without API-version suffixes.
func handles(names []string, rec *cloudtrail.Record) bool {
	if slices.Contains(names, rec.EventName) {
		return true
	}
	base := rec.BaseEventName()
	for _, n := range names {
		if (&cloudtrail.Record{EventName: n}).BaseEventName() == base {
			return true
		}
	}
	return false
}

// skip applies the checks every responder shares, in order: mode off,
// failed call, own call (the execution role, or the member role in any
// account), other account without a member role, exempt principal.
func (h *Handler) skip(ev *Event) (string, bool) {
	rec := ev.Record
	if h.cfg.Mode == ModeOff || h.cfg.Mode == "" {
		return "mode off", true
	}
	if rec.Failed() && !h.spec.IncludeFailed {
		return fmt.Sprintf("the call failed (%s)", rec.ErrorCode), true
	}
	if IsSelf(rec.UserIdentity, h.cfg.SelfRoleARN) {
		return "own call (" + h.cfg.SelfRoleARN + ")", true
	}
	if isRole(rec.UserIdentity, h.cfg.MemberRoleName) {
		return "own call (member role " + h.cfg.MemberRoleName + ")", true
	}
	if home, acct := h.cfg.home(), ev.Account(); !h.spec.AnyAccount && h.cfg.MemberRoleName == "" && home != "" && acct != "" && acct != home {
		return otherAccountReason(acct, home), true
	}
	if p, ok := exemptPattern(rec.UserIdentity, h.cfg.ExemptPrincipals); ok {
		return "exempt principal (matches " + p + ")", true
	}
	return "", false
}

// ErrNoAccount rejects a record that names no account (neither
// recipientAccountId nor userIdentity.accountId) for a responder that acts
// on the record's resources: acting would use the function's own
// credentials, on the home account, for a resource that may be another
// account's. The event is rejected (an error: retried, then kept in the
// dead-letter queue or on-failure destination), not skipped, so that it
// is not lost.
var ErrNoAccount = errors.New("the record names no account (neither recipientAccountId nor userIdentity.accountId): refusing to act with the home account's credentials")

// checkTarget checks, for a Spec that acts on the record's resources (not
// AnyAccount), what selects where it acts: the record must name its
// account (ErrNoAccount), and its awsRegion, when present, must be a
// region name.
func (h *Handler) checkTarget(ev *Event) error {
	if h.spec.AnyAccount {
		return nil
	}
	if ev.Account() == "" {
		return ErrNoAccount
	}
	if r := ev.Region(); r != "" {
		return CheckRegion("awsRegion", r)
	}
	return nil
}
