package main

import (
	"github.com/trailbridge/trailbridge/lambda/internal/fnmain"
	"github.com/trailbridge/trailbridge/lambda/notify"
	"github.com/trailbridge/trailbridge/lambda/notify/publish"
)

func main() { function.Start() }

// function reads the notifier's configuration and makes the SNS client
// once.
var function = fnmain.Of(notify.ConfigFromEnv, publish.NewClient, publish.New)
