package main

import (
	"github.com/trailbridge/trailbridge/lambda/heartbeat"
	"github.com/trailbridge/trailbridge/lambda/heartbeat/beat"
	"github.com/trailbridge/trailbridge/lambda/internal/fnmain"
)

func main() { function.Start() }

// function reads the heartbeat's configuration and makes the SSM client
// once.
var function = fnmain.Of(heartbeat.ConfigFromEnv, beat.NewClient, beat.New)
