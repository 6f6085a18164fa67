package responderkit

import (
	"context"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
)

// Facts are what a responder is, apart from its logic and its SDK
// clients: the facts its Lambda function and its deployment (the stacks and
// the configuration checks) both rely on. A responder declares them once,
// in its settings package (lambda/responders/<name>/settings), which
// imports no AWS SDK service, so that the CDK app links none; its Kind
// embeds them, and its registry Entry (stacks/responder.NewEntry) reads
// them. C is the responder's Config.
type Facts[C any] struct {
	// Name names the responder in logs and in the member role's session
	// name (SessionName); the Spec's Name.
	// Default: none, required.
	Name string
	// ConfigFromEnv reads C from the function's environment, reporting
	// every bad variable at once.
	// Default: none, required.
	ConfigFromEnv func(getenv func(string) string) (C, error)
	// Events maps each eventSource the responder handles to its event
	// names: the Spec's Events of a responder whose logic is Kind.Act.
	// Default: nil, every event.
	Events map[string][]string
	// Buffered marks a responder fed by an SQS queue of EventBridge
	// events: its function starts Handler.HandleSQS, and the stack puts a
	// queue between its rules and its function.
	// Default: false, EventBridge invokes the function (Handler.Handle).
	Buffered bool
}

// Kind describes a responder package once, for the constructors every
// responder shares (Handler, HandlerFor) and for its Lambda main
// (lambdamain.Start): C is the package's Config, T the SDK clients it acts
// through (one client, or a struct of several).
type Kind[C, T any] struct {
	// Facts are the responder's SDK-free facts (Name, ConfigFromEnv,
	// Events, Buffered), from its settings package.
	// Default: none, required.
	Facts[C]
	// Common points at the part of *cfg every responder shares (so that
	// tests can set it, such as the home account and member role).
	// Default: none, required.
	Common func(cfg *C) *Config
	// Act is the logic of a responder that acts in each event's account
	// with the clients the source gives for it (in Lambda an
	// *accounts.Accounts: the member role in other accounts); its Spec is
	// named Name and handles Events. See Decoding.
	// Default: nil, For or Home.
	Act func(ctx context.Context, r Acting[C, T], ev *Event) (Decision, error)
	// For returns the Spec of a responder that acts in each event's
	// account with the clients source gives for it, for a responder that
	// needs more than Act (its own Spec, or state besides Acting).
	// Default: nil, Act or Home.
	For func(cfg C, source ClientSource[T]) Spec
	// Home returns the Spec of a responder that acts with the function's
	// own clients whatever the event's account (its Spec sets
	// AnyAccount). Used when Act and For are nil.
	// Default: nil; one of Act, For and Home is required.
	Home func(cfg C, clients T) Spec
	// Clients builds T from an AWS configuration: the function's own, or
	// a member role's (lambdamain.Start), or one pointed at a fake
	// endpoint (tests).
	// Default: none, required by lambdamain.Start.
	Clients func(aws.Config) T
}

// Acting is what the logic of a responder that acts in each event's
// account (Kind.Act) works with.
type Acting[C, T any] struct {
	// Config is the responder's configuration.
	Config C
	// Source gives the SDK clients of an account (see Clients).
	Source ClientSource[T]
}

// Clients returns the clients of ev's account (the function's own in the
// home account, the member role's in the others), for its region.
func (a Acting[C, T]) Clients(ctx context.Context, ev *Event) (T, error) {
	return a.Source.For(ctx, ev.Account(), ev.Region())
}

// Decoding returns a Kind.Act that decodes each event's record with
// decode (such as cloudtrail.DecodeIAMCreateUser) and decides about the
// request with act. A record that does not decode is rejected (Reject):
// logged and kept in the dead-letter queue, never acted on.
func Decoding[C, T, Q any](decode func(*cloudtrail.Record) (Q, error), act func(ctx context.Context, r Acting[C, T], ev *Event, req Q) (Decision, error)) func(context.Context, Acting[C, T], *Event) (Decision, error) {
	return func(ctx context.Context, r Acting[C, T], ev *Event) (Decision, error) {
		req, err := decode(ev.Record)
		if err != nil {
			return Decision{}, Reject(err)
		}
		return act(ctx, r, ev, req)
	}
}

// PerAccount reports whether the responder acts in each event's account
// (Act or For is set), rather than with the function's own clients only
// (Home).
func (k Kind[C, T]) PerAccount() bool { return k.Act != nil || k.For != nil }

// Handler returns the responder's Handler acting through clients whatever
// the event's account (single-account use and tests).
func (k Kind[C, T]) Handler(cfg C, clients T, logger *slog.Logger) *Handler {
	if !k.PerAccount() {
		return NewHandler(*k.Common(&cfg), k.Home(cfg, clients), logger)
	}
	return k.HandlerFor(cfg, Fixed(clients), logger)
}

// HandlerFor returns the responder's Handler acting through the clients
// source gives for each event's account. It panics for a Kind without Act
// or For (a responder that acts with its own clients only: use Handler).
func (k Kind[C, T]) HandlerFor(cfg C, source ClientSource[T], logger *slog.Logger) *Handler {
	if !k.PerAccount() {
		panic("responderkit: responder " + k.Name + " acts with its own clients only (Kind.Act and Kind.For are nil): use Kind.Handler")
	}
	return NewHandler(*k.Common(&cfg), k.spec(cfg, source), logger)
}

// spec is the Spec of a PerAccount responder: For's, else the one of Act.
func (k Kind[C, T]) spec(cfg C, source ClientSource[T]) Spec {
	if k.Act == nil {
		return k.For(cfg, source)
	}
	r := Acting[C, T]{Config: cfg, Source: source}
	return Spec{Name: k.Name, Events: k.Events, Respond: func(ctx context.Context, ev *Event) (Decision, error) {
		return k.Act(ctx, r, ev)
	}}
}
