package main

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/responderkit/lambdamain"
	"github.com/trailbridge/trailbridge/lambda/responders/auditreport"
)

func main() {
	lambdamain.Start(auditreport.Kind, func(c aws.Config) auditreport.S3API { return s3.NewFromConfig(c) })
}
