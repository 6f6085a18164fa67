// Command custom-bus-buffer is a CDK app for a central security account:
// member accounts forward their CloudTrail events to a custom event bus
// here ("security-events", open to the accounts of your AWS Organization),
// where a rule picks the security group changes and sends them through an
// encrypted SQS buffer to a Go function that reads them in batches. The
// buffer absorbs bursts (a deployment that touches hundreds of groups), and
// the function reports failed records one by one.
//
//	npx aws-cdk@2 synth -c organizationId=o-abc123def4
package main

import (
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/constructs/targets"
)

// Config is what the stack needs from its environment.
type Config struct {
	// OrganizationID is the AWS Organization whose accounts may put events
	// on the bus.
	OrganizationID string
}

// newStack builds the stack: main and the test share it.
func newStack(scope constructs.Construct, id string, props *awscdk.StackProps, cfg Config) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)

	bus := awsevents.NewEventBus(stack, jsii.String("SecurityBus"), &awsevents.EventBusProps{
		EventBusName: jsii.String("security-events"),
	})
	// Member accounts' forwarding rules put events here; nobody outside the
	// organization may.
	bus.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("AllowOrganizationAccountsToPutEvents"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},
		Actions:    jsii.Strings("events:PutEvents"),
		Resources:  &[]*string{bus.EventBusArn()},
		Conditions: &map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": cfg.OrganizationID}},
	}))

	consumer := golambda.NewFunction(stack, "Consumer", &golambda.FunctionProps{
		// Relative to the nearest directory with a go.mod above the one
		// the app runs in: this example's.
		Package:        "./consumer",
		Description:    "Reads security group changes from the buffer",
		TimeoutSeconds: 60,
	})
	buffer := targets.NewBufferedFunction(stack, "Buffer", &targets.BufferedFunctionProps{
		Function:  consumer.Function(),
		BatchSize: 50,
		// Wait up to 10 s to fill a batch: fewer, fuller invocations.
		MaxBatchingWindowSeconds: 10,
	})
	apicall.NewRule(stack, "SecurityGroupChanges", &apicall.RuleProps{
		EventBus: bus,
		Services: []string{"ec2"},
		EventNames: []string{
			"AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
			"RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress",
			"ModifySecurityGroupRules",
		},
		Targets: []apicall.RuleTarget{{ID: "Buffer", Target: buffer.Target()}},
	})
	return stack
}

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	org, _ := app.Node().TryGetContext(jsii.String("organizationId")).(string)
	if org == "" {
		fmt.Fprintln(os.Stderr, "custom-bus-buffer: set the context value \"organizationId\" (cdk.json or -c organizationId=o-...)")
		os.Exit(1)
	}
	newStack(app, "SecurityBus", &awscdk.StackProps{Env: env()}, Config{OrganizationID: org})
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
