package main

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"

	"github.com/trailbridge/trailbridge/lambda/responderkit/lambdamain"
	"github.com/trailbridge/trailbridge/lambda/responders/trailguard"
)

func main() {
	lambdamain.Start(trailguard.Kind, func(c aws.Config) trailguard.CloudTrailAPI { return cloudtrail.NewFromConfig(c) })
}
