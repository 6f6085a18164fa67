// Package fnmain is the main of trailbridge's Lambda functions that are not
// responders (the heartbeat and the alert notifier; responders start with
// package responderkit/lambdamain): it reads the function's configuration
// and the AWS one from the environment, reporting every bad variable at
// once, makes the SDK client once, and starts the handler with
// aws-lambda-go.
package fnmain

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/trailbridge/trailbridge/lambda/internal/awsenv"
	"github.com/trailbridge/trailbridge/lambda/internal/initerr"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Handler is what a function runs on each invocation.
type Handler interface {
	Handle(ctx context.Context, input json.RawMessage) error
}

// Function is a Lambda function with configuration C and handler H.
type Function[C any, H Handler] struct {
	// ConfigFromEnv reads the function's own configuration.
	ConfigFromEnv func(getenv func(string) string) (C, error)
	// New builds the handler of cfg, making its SDK client from awsCfg.
	New func(cfg C, awsCfg aws.Config, logger *slog.Logger) H
}

// Of returns the Function that reads its configuration with
// configFromEnv, makes its SDK client once with newClient and builds its
// handler with newHandler: what a function's main declares.
func Of[C, K any, H Handler](configFromEnv func(getenv func(string) string) (C, error), newClient func(aws.Config) K, newHandler func(cfg C, client K, logger *slog.Logger) H) Function[C, H] {
	return Function[C, H]{ConfigFromEnv: configFromEnv, New: func(cfg C, awsCfg aws.Config, logger *slog.Logger) H {
		return newHandler(cfg, newClient(awsCfg), logger)
	}}
}

// Handler reads the function's configuration and the AWS one
// (awsenv.Config) through getenv and builds the handler, or returns every
// bad variable of both at once.
func (f Function[C, H]) Handler(getenv func(string) string, logger *slog.Logger) (H, error) {
	cfg, cfgErr := f.ConfigFromEnv(getenv)
	awsCfg, awsErr := awsenv.Config(getenv)
	if cfgErr != nil || awsErr != nil {
		var none H
		return none, errors.Join(cfgErr, awsErr)
	}
	return f.New(cfg, awsCfg, logger), nil
}

// Start runs the function and never returns. It logs JSON to standard
// output (responderkit.NewLogger) and builds the handler from the
// environment (Handler); a bad variable ends the process as an
// initialization error (package initerr) naming it.
func (f Function[C, H]) Start() {
	logger := responderkit.NewLogger(os.Stdout)
	h, err := f.Handler(os.Getenv, logger)
	if err != nil {
		initerr.Exit(logger, err)
	}
	lambda.Start(h.Handle)
}
