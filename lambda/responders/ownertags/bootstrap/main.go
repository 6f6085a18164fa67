package main

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	lambdasdk "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/responderkit/lambdamain"
	"github.com/trailbridge/trailbridge/lambda/responders/ownertags"
)

func main() {
	lambdamain.Start(ownertags.Kind, func(c aws.Config) ownertags.Clients {
		return ownertags.Clients{
			EC2:    ec2.NewFromConfig(c),
			S3:     s3.NewFromConfig(c),
			RDS:    rds.NewFromConfig(c),
			Lambda: lambdasdk.NewFromConfig(c),
		}
	})
}
