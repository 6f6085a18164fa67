package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/initerr"
	"github.com/trailbridge/trailbridge/lambda/responder"
	"github.com/trailbridge/trailbridge/lambda/responders/publicbucket"
)

func main() {
	logger := responder.NewLogger(os.Stdout)
	cfg, err := publicbucket.ConfigFromEnv(os.Getenv)
	if err != nil {
		initerr.Exit(logger, err)
	}
	awsCfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		initerr.Exit(logger, err)
	}
	h := publicbucket.NewHandler(cfg, s3.NewFromConfig(awsCfg), logger)
	lambda.Start(h.Handle)
}
