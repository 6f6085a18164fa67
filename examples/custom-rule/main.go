// Command custom-rule is a CDK app with one rule of your own: every EC2 key
// pair created or imported in the region is sent to an SNS alert topic (a
// readable message: who, what, where, when) and to a Go responder you write
// (./responder), which trailbridge builds with `go build` at synth time and
// deploys as a Lambda function.
//
//	npx aws-cdk@2 synth -c alertEmail=you@example.com
package main

import (
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/constructs/targets"
)

// Config is what the stack needs from its environment.
type Config struct {
	// AlertEmail receives the alerts.
	AlertEmail string
}

// newStack builds the stack: main and the test share it.
func newStack(scope constructs.Construct, id string, props *awscdk.StackProps, cfg Config) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)

	alerts := targets.NewAlertTopic(stack, "Alerts", &targets.AlertTopicProps{
		DisplayName:   "Key pair alerts",
		Subscriptions: []targets.Subscription{{Protocol: "email", Endpoint: cfg.AlertEmail}},
	})
	fn := golambda.NewFunction(stack, "KeyPairResponder", &golambda.FunctionProps{
		// Relative to the nearest directory with a go.mod above the one
		// the app runs in: this example's.
		Package:     "./responder",
		Description: "Logs who created which EC2 key pair",
	})
	apicall.NewRule(stack, "KeyPairCreated", &apicall.RuleProps{
		Services:   []string{"ec2"},
		EventNames: []string{"CreateKeyPair", "ImportKeyPair"},
		// The responder's own calls must never trigger it again.
		ExemptPrincipalARNs: []string{*fn.Role().RoleArn()},
		Targets: []apicall.RuleTarget{
			{ID: "Alert", Target: alerts.Target()},
			{ID: "Responder", Target: targets.Lambda(fn.Function())},
		},
	})
	return stack
}

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	email, _ := app.Node().TryGetContext(jsii.String("alertEmail")).(string)
	newStack(app, "CustomRule", &awscdk.StackProps{Env: env()}, Config{AlertEmail: email})
	app.Synth(nil)
}

// env is the account and region the CDK CLI resolved from your credentials.
func env() *awscdk.Environment {
	account, region := os.Getenv("CDK_DEFAULT_ACCOUNT"), os.Getenv("CDK_DEFAULT_REGION")
	if account == "" || region == "" {
		return nil // environment-agnostic
	}
	return &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)}
}
