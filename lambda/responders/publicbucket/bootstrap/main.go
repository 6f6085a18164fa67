package main

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/responderkit/lambdamain"
	"github.com/trailbridge/trailbridge/lambda/responders/publicbucket"
)

func main() {
	lambdamain.Start(publicbucket.Kind, func(c aws.Config) publicbucket.S3API { return s3.NewFromConfig(c) })
}
