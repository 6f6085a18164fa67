package cdkutil

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/jsii-runtime-go"
)

// AllowCloudWatchLogs adds the key policy statement (named sid) that lets
// CloudWatch Logs of the key's region use key for the log groups whose ARNs
// satisfy operator ("ArnEquals" for one log group, "ArnLike" for a pattern)
// against logGroupArns, through the kms:EncryptionContext:aws:logs:arn
// condition CloudWatch Logs documents for encrypted log groups.
func AllowCloudWatchLogs(key awskms.Key, sid, operator string, logGroupArns any) {
	logs := "logs." + *awscdk.Stack_Of(key).Region() + ".amazonaws.com"
	key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String(sid),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String(logs), nil)},
		Actions:    jsii.Strings("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"),
		Resources:  jsii.Strings("*"),
		Conditions: &map[string]any{operator: map[string]any{"kms:EncryptionContext:aws:logs:arn": logGroupArns}},
	}), jsii.Bool(false))
}
