package main

import (
	"github.com/trailbridge/trailbridge/lambda/responderkit/lambdamain"
	"github.com/trailbridge/trailbridge/lambda/responders/mfagroup"
)

func main() { lambdamain.Start(mfagroup.Kind) }
