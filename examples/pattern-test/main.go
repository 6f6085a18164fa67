// Command pattern-test is a CDK app with one rule, an alert on new IAM access
// keys, and (in main_test.go) the tests that prove the rule fires for the
// CloudTrail records it is meant for and for nothing else, offline: the test
// synthesizes the app and routes records through it with trailbridge's
// simulate package, as EventBridge would.
//
//	npx aws-cdk@2 synth -c alertEmail=you@example.com
//	go test ./...
package main

import (
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/targets"
)

// KeyRotationRole rotates access keys on a schedule; its calls are expected
// and must not alert.
const KeyRotationRole = "arn:aws:iam::111111111111:role/automation/KeyRotation"

// newStack builds the stack: main and the test share it. IAM is a global
// service: CloudTrail records its calls in us-east-1, whatever region the
// caller used, so the stack's region must be us-east-1.
func newStack(scope constructs.Construct, id string, account *string, alertEmail string) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: account, Region: jsii.String("us-east-1")},
	})
	alerts := targets.NewAlertTopic(stack, "Alerts", &targets.AlertTopicProps{
		Subscriptions: []targets.Subscription{{Protocol: "email", Endpoint: alertEmail}},
	})
	apicall.NewRule(stack, "AccessKeyCreated", &apicall.RuleProps{
		Services:            []string{"iam"},
		EventNames:          []string{"CreateAccessKey"},
		ExemptPrincipalARNs: []string{KeyRotationRole},
		Targets:             []apicall.RuleTarget{{ID: "Alert", Target: alerts.Target()}},
	})
	return stack
}

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	email, _ := app.Node().TryGetContext(jsii.String("alertEmail")).(string)
	var account *string
	if a := os.Getenv("CDK_DEFAULT_ACCOUNT"); a != "" {
		account = jsii.String(a)
	}
	newStack(app, "AccessKeys", account, email)
	app.Synth(nil)
}
