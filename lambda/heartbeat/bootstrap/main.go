package main

import (
	"errors"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/trailbridge/trailbridge/lambda/heartbeat"
	"github.com/trailbridge/trailbridge/lambda/internal/awsenv"
	"github.com/trailbridge/trailbridge/lambda/internal/initerr"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

func main() {
	logger := responderkit.NewLogger(os.Stdout)
	h, err := handler(os.Getenv, logger)
	if err != nil {
		initerr.Exit(logger, err)
	}
	lambda.Start(h.Handle)
}

// handler reads the configuration and the AWS one through getenv and
// makes the SSM client once, reporting every bad variable.
func handler(getenv func(string) string, logger *slog.Logger) (*heartbeat.Handler, error) {
	cfg, cfgErr := heartbeat.ConfigFromEnv(getenv)
	awsCfg, awsErr := awsenv.Config(getenv)
	if cfgErr != nil || awsErr != nil {
		return nil, errors.Join(cfgErr, awsErr)
	}
	return heartbeat.New(cfg, heartbeat.NewClient(awsCfg), logger), nil
}
