// Package lambdamain is the main of every responder's Lambda function
// (lambda/responders/<name>/bootstrap): it reads the configuration, makes
// the SDK clients once, and starts the handler with aws-lambda-go. It is
// apart from package responderkit because it needs STS (package
// responderkit/accounts) and the Lambda runtime client, which the
// responders' logic and its tests do not.
package lambdamain

import (
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/trailbridge/trailbridge/lambda/internal/awsenv"
	"github.com/trailbridge/trailbridge/lambda/internal/initerr"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responderkit/accounts"
)

// Start runs the Lambda function of the responder k, building its SDK
// clients with k.Clients, and never returns. It logs JSON to standard output
// (responderkit.NewLogger) and reads the responder's configuration
// (k.ConfigFromEnv) and the AWS configuration (awsenv.Config) from the
// environment; a bad variable ends the process as an initialization error
// (package initerr) naming it. A k.PerAccount responder acts in each event's
// account with the clients of an *accounts.Accounts (the function's own in
// the home account, the member role's in the others); any other acts
// with the function's own clients. The handler started is
// Handler.HandleSQS for a Buffered responder, else Handler.Handle.
func Start[C, T any](k responderkit.Kind[C, T]) {
	logger := responderkit.NewLogger(os.Stdout)
	h, err := handler(k, os.Getenv, logger)
	if err != nil {
		initerr.Exit(logger, err)
	}
	if k.Buffered {
		lambda.Start(h.HandleSQS)
	} else {
		lambda.Start(h.Handle)
	}
}

// handler is Start's configuration step: the Handler, or the first error
// (the responder's configuration, then the AWS one).
func handler[C, T any](k responderkit.Kind[C, T], getenv func(string) string, logger *slog.Logger) (*responderkit.Handler, error) {
	cfg, err := k.ConfigFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	awsCfg, err := awsenv.Config(getenv)
	if err != nil {
		return nil, err
	}
	if !k.PerAccount() {
		return k.Handler(cfg, k.Clients(awsCfg), logger), nil
	}
	common := k.Common(&cfg)
	return k.HandlerFor(cfg, accounts.New(awsCfg, common.HomeAccount, common.MemberRoleName, k.Name, k.Clients), logger), nil
}
