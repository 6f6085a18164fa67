package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	lambdasdk "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/initerr"
	"github.com/trailbridge/trailbridge/lambda/responder"
	"github.com/trailbridge/trailbridge/lambda/responders/ownertags"
)

func main() {
	logger := responder.NewLogger(os.Stdout)
	cfg, err := ownertags.ConfigFromEnv(os.Getenv)
	if err != nil {
		initerr.Exit(logger, err)
	}
	awsCfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		initerr.Exit(logger, err)
	}
	h := ownertags.NewHandler(cfg, ownertags.Clients{
		EC2:    ec2.NewFromConfig(awsCfg),
		S3:     s3.NewFromConfig(awsCfg),
		RDS:    rds.NewFromConfig(awsCfg),
		Lambda: lambdasdk.NewFromConfig(awsCfg),
	}, logger)
	lambda.Start(h.HandleSQS)
}
