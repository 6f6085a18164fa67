package main

import (
	"log/slog"
	"testing"

	"github.com/trailbridge/trailbridge/lambda/internal/maintest"
	"github.com/trailbridge/trailbridge/lambda/notify"
	"github.com/trailbridge/trailbridge/lambda/notify/publish"
)

func TestHandlerFromEnv(t *testing.T) {
	maintest.Env(t, notify.EnvTopicARN, "arn:aws:sns:eu-west-1:111111111111:alerts", func(getenv func(string) string) (*publish.Handler, error) {
		return function.Handler(getenv, slog.Default())
	})
}

// TestNoCDK keeps the Lambda binary free of the CDK (and of jsii, which
// would start a Node process).
func TestNoCDK(t *testing.T) { maintest.NoCDK(t, "notifier's") }
