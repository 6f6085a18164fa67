package main

import (
	"github.com/trailbridge/trailbridge/lambda/responderkit/lambdamain"
	"github.com/trailbridge/trailbridge/lambda/responders/opensg"
)

func main() { lambdamain.Start(opensg.Kind) }
