package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	lambdasdk "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/awsenv"
	"github.com/trailbridge/trailbridge/lambda/internal/initerr"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responderkit/accounts"
	"github.com/trailbridge/trailbridge/lambda/responders/ownertags"
)

func main() {
	logger := responderkit.NewLogger(os.Stdout)
	cfg, err := ownertags.ConfigFromEnv(os.Getenv)
	if err != nil {
		initerr.Exit(logger, err)
	}
	awsCfg, err := awsenv.Config(os.Getenv)
	if err != nil {
		initerr.Exit(logger, err)
	}
	// Clients of the home account, or of a member account through its
	// member role (see package responder/accounts).
	clients := accounts.New(awsCfg, cfg.Responder.HomeAccount, cfg.Responder.MemberRoleName, ownertags.Name,
		func(c aws.Config) ownertags.Clients {
			return ownertags.Clients{
				EC2:    ec2.NewFromConfig(c),
				S3:     s3.NewFromConfig(c),
				RDS:    rds.NewFromConfig(c),
				Lambda: lambdasdk.NewFromConfig(c),
			}
		})
	h := ownertags.NewHandlerFor(cfg, clients, logger)
	lambda.Start(h.HandleSQS)
}
