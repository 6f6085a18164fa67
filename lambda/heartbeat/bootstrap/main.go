package main

import (
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/trailbridge/trailbridge/lambda/heartbeat"
	"github.com/trailbridge/trailbridge/lambda/internal/fnmain"
)

func main() { function.Start() }

// function reads the heartbeat's configuration and makes the SSM client
// once.
var function = fnmain.Function[heartbeat.Config, *heartbeat.Handler]{
	ConfigFromEnv: heartbeat.ConfigFromEnv,
	New: func(cfg heartbeat.Config, awsCfg aws.Config, logger *slog.Logger) *heartbeat.Handler {
		return heartbeat.New(cfg, heartbeat.NewClient(awsCfg), logger)
	},
}
