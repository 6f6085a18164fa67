package main

import (
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/trailbridge/trailbridge/lambda/internal/fnmain"
	"github.com/trailbridge/trailbridge/lambda/notify"
)

func main() { function.Start() }

// function reads the notifier's configuration and makes the SNS client
// once.
var function = fnmain.Function[notify.Config, *notify.Handler]{
	ConfigFromEnv: notify.ConfigFromEnv,
	New: func(cfg notify.Config, awsCfg aws.Config, logger *slog.Logger) *notify.Handler {
		return notify.New(cfg, notify.NewClient(awsCfg), logger)
	},
}
