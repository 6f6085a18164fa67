package responderkit

import (
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Kind describes a responder package once, for the constructors every
// responder shares (Handler, HandlerFor) and for its Lambda main
// (lambdamain.Start): C is the package's Config, T the SDK clients it acts
// through (one client, or a struct of several).
type Kind[C, T any] struct {
	// Name names the responder in logs and in the member role's session
	// name (SessionName); the Spec's Name.
	// Default: none, required.
	Name string
	// ConfigFromEnv reads C from the function's environment, reporting
	// every bad variable at once.
	// Default: none, required.
	ConfigFromEnv func(getenv func(string) string) (C, error)
	// Common points at the part of *cfg every responder shares (so that
	// tests can set it, such as the home account and member role).
	// Default: none, required.
	Common func(cfg *C) *Config
	// For returns the Spec of a responder that acts in each event's
	// account with the clients source gives for it (in Lambda an
	// *accounts.Accounts: the member role in other accounts).
	// Default: nil, the responder acts with the function's own clients
	// only (Home).
	For func(cfg C, source ClientSource[T]) Spec
	// Home returns the Spec of a responder that acts with the function's
	// own clients whatever the event's account (its Spec sets
	// AnyAccount). Used when For is nil.
	// Default: nil; one of For and Home is required.
	Home func(cfg C, clients T) Spec
	// Buffered marks a responder fed by an SQS queue of EventBridge
	// events: its function starts Handler.HandleSQS, and the stack puts a
	// queue between its rules and its function.
	// Default: false, EventBridge invokes the function (Handler.Handle).
	Buffered bool
	// Clients builds T from an AWS configuration: the function's own, or
	// a member role's (lambdamain.Start), or one pointed at a fake
	// endpoint (tests).
	// Default: none, required by lambdamain.Start.
	Clients func(aws.Config) T
}

// Handler returns the responder's Handler acting through clients whatever
// the event's account (single-account use and tests).
func (k Kind[C, T]) Handler(cfg C, clients T, logger *slog.Logger) *Handler {
	if k.For == nil {
		return NewHandler(*k.Common(&cfg), k.Home(cfg, clients), logger)
	}
	return k.HandlerFor(cfg, Fixed(clients), logger)
}

// HandlerFor returns the responder's Handler acting through the clients
// source gives for each event's account. It panics for a Kind without For
// (a responder that acts with its own clients only: use Handler).
func (k Kind[C, T]) HandlerFor(cfg C, source ClientSource[T], logger *slog.Logger) *Handler {
	if k.For == nil {
		panic("responderkit: responder " + k.Name + " acts with its own clients only (Kind.For is nil): use Kind.Handler")
	}
	return NewHandler(*k.Common(&cfg), k.For(cfg, source), logger)
}
