package main

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/trailbridge/trailbridge/lambda/responderkit/lambdamain"
	"github.com/trailbridge/trailbridge/lambda/responders/opensg"
)

func main() {
	lambdamain.Start(opensg.Kind, func(c aws.Config) opensg.EC2API { return ec2.NewFromConfig(c) })
}
