package main

import (
	"github.com/trailbridge/trailbridge/lambda/responderkit/lambdamain"
	"github.com/trailbridge/trailbridge/lambda/responders/trailguard"
)

func main() { lambdamain.Start(trailguard.Kind) }
