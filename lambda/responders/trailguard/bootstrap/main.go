package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"

	"github.com/trailbridge/trailbridge/lambda/internal/awsenv"
	"github.com/trailbridge/trailbridge/lambda/internal/initerr"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responderkit/accounts"
	"github.com/trailbridge/trailbridge/lambda/responders/trailguard"
)

func main() {
	logger := responderkit.NewLogger(os.Stdout)
	cfg, err := trailguard.ConfigFromEnv(os.Getenv)
	if err != nil {
		initerr.Exit(logger, err)
	}
	awsCfg, err := awsenv.Config(os.Getenv)
	if err != nil {
		initerr.Exit(logger, err)
	}
	// Clients of the home account, or of a member account through its
	// member role (see package responder/accounts).
	clients := accounts.New(awsCfg, cfg.Responder.HomeAccount, cfg.Responder.MemberRoleName, trailguard.Name,
		func(c aws.Config) trailguard.CloudTrailAPI { return cloudtrail.NewFromConfig(c) })
	h := trailguard.NewHandlerFor(cfg, clients, logger)
	lambda.Start(h.Handle)
}
