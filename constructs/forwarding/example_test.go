package forwarding_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/forwarding"
)

// Rules in a home region (eu-west-1) and the forwarder that brings them the
// events of us-east-1, where IAM's events appear: NeedsOf gathers what the
// home rules match, so the forwarder carries exactly those events and
// nothing else.
func ExampleNewForwarder() {
	app := awscdk.NewApp(nil)
	env := func(region string) *awscdk.StackProps {
		return &awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String(region)}}
	}
	home := awscdk.NewStack(app, jsii.String("Home"), env("eu-west-1"))
	users := apicall.NewRule(home, "UserCreated", &apicall.RuleProps{
		Services:   []string{"iam"},
		EventNames: []string{"CreateUser", "CreateAccessKey"},
	})
	groups := apicall.NewRule(home, "GroupChanged", &apicall.RuleProps{
		Services:   []string{"iam"},
		EventNames: []string{"AddUserToGroup"},
	})

	global := awscdk.NewStack(app, jsii.String("Forwarder-us-east-1"), env("us-east-1"))
	fwd := forwarding.NewForwarder(global, "Forwarder", &forwarding.ForwarderProps{
		Needs:      forwarding.NeedsOf(users, groups),
		HomeBusARN: forwarding.BusARN("aws", "eu-west-1", "111111111111", "default"),
	})
	for _, r := range fwd.Rules() {
		fmt.Println(*r.Node().Id(), r.PatternJSON())
	}
	// Output:
	// ForwardIam {"detail":{"errorCode":[{"exists":false}],"eventName":["AddUserToGroup","CreateAccessKey","CreateUser"],"eventSource":["iam.amazonaws.com"]},"detail-type":["AWS API Call via CloudTrail"],"source":["aws.iam"]}
}
