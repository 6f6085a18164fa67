package main

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/trailbridge/trailbridge/lambda/responderkit/lambdamain"
	"github.com/trailbridge/trailbridge/lambda/responders/mfagroup"
)

func main() {
	lambdamain.Start(mfagroup.Kind, func(c aws.Config) mfagroup.IAMAPI { return iam.NewFromConfig(c) })
}
