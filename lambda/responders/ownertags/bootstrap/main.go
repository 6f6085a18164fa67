package main

import (
	"github.com/trailbridge/trailbridge/lambda/responderkit/lambdamain"
	"github.com/trailbridge/trailbridge/lambda/responders/ownertags"
)

func main() { lambdamain.Start(ownertags.Kind) }
