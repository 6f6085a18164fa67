package main

import (
	"github.com/trailbridge/trailbridge/lambda/responderkit/lambdamain"
	"github.com/trailbridge/trailbridge/lambda/responders/auditreport"
)

func main() { lambdamain.Start(auditreport.Kind) }
