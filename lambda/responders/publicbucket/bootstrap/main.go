package main

import (
	"github.com/trailbridge/trailbridge/lambda/responderkit/lambdamain"
	"github.com/trailbridge/trailbridge/lambda/responders/publicbucket"
)

func main() { lambdamain.Start(publicbucket.Kind) }
