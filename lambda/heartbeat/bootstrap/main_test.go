package main

import (
	"log/slog"
	"testing"

	"github.com/trailbridge/trailbridge/lambda/heartbeat"
	"github.com/trailbridge/trailbridge/lambda/heartbeat/beat"
	"github.com/trailbridge/trailbridge/lambda/internal/maintest"
)

func TestHandlerFromEnv(t *testing.T) {
	maintest.Env(t, heartbeat.EnvParameter, heartbeat.ParameterName("Trailbridge", "eu-west-1"), func(getenv func(string) string) (*beat.Handler, error) {
		return function.Handler(getenv, slog.Default())
	})
}

// TestNoCDK keeps the Lambda binary free of the CDK (and of jsii, which
// would start a Node process).
func TestNoCDK(t *testing.T) { maintest.NoCDK(t, "heartbeat's") }
