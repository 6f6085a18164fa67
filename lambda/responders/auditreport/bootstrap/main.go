package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/awsenv"
	"github.com/trailbridge/trailbridge/lambda/internal/initerr"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responders/auditreport"
)

func main() {
	logger := responderkit.NewLogger(os.Stdout)
	cfg, err := auditreport.ConfigFromEnv(os.Getenv)
	if err != nil {
		initerr.Exit(logger, err)
	}
	awsCfg, err := awsenv.Config(os.Getenv)
	if err != nil {
		initerr.Exit(logger, err)
	}
	h := auditreport.NewHandler(cfg, s3.NewFromConfig(awsCfg), logger)
	lambda.Start(h.Handle)
}
