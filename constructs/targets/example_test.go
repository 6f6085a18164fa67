package targets_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/constructs/targets"
)

func newStack() awscdk.Stack {
	app := awscdk.NewApp(&awscdk.AppProps{
		// Skip building Go responders in these examples.
		Context: &map[string]any{"aws:cdk:bundling-stacks": []any{}},
	})
	return awscdk.NewStack(app, jsii.String("Security"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	})
}

// An alert topic with an e-mail subscription; its Target sends each
// matched event as a readable message.
func ExampleNewAlertTopic() {
	stack := newStack()
	alerts := targets.NewAlertTopic(stack, "Alerts", &targets.AlertTopicProps{
		DisplayName:   "Security alerts",
		Subscriptions: []targets.Subscription{{Protocol: "email", Endpoint: "secops@example.com"}},
	})
	apicall.NewRule(stack, "RootLogin", &apicall.RuleProps{
		Services:          []string{"signin"},
		EventNames:        []string{"ConsoleLogin"},
		DetailTypes:       []string{"AWS Console Sign In via CloudTrail"},
		UserIdentityTypes: []string{"Root"},
		Targets:           []apicall.RuleTarget{{ID: "Alert", Target: alerts.Target()}},
	})
	fmt.Println(*alerts.Topic().Node().Path())
	// Output:
	// Security/Alerts/Resource
}

// A responder behind an SQS buffer, for rules that match many events.
func ExampleNewBufferedFunction() {
	stack := newStack()
	fn := golambda.NewFunction(stack, "Consumer", &golambda.FunctionProps{
		Package:        "./constructs/golambda/testdata/echo",
		TimeoutSeconds: 60,
	})
	buffer := targets.NewBufferedFunction(stack, "Buffer", &targets.BufferedFunctionProps{
		Function:                 fn.Function(),
		BatchSize:                50,
		MaxBatchingWindowSeconds: 10,
	})
	apicall.NewRule(stack, "SecurityGroupChanges", &apicall.RuleProps{
		Services:   []string{"ec2"},
		EventNames: []string{"AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress"},
		Targets:    []apicall.RuleTarget{{ID: "Buffer", Target: buffer.Target()}},
	})
	fmt.Println(*buffer.Queue().Node().Path())
	fmt.Println(*buffer.DeadLetterQueue().Node().Path())
	// Output:
	// Security/Buffer/Queue
	// Security/Buffer/DeadLetterQueue
}

// A webhook to a ticketing system; the credential stays in Secrets Manager.
func ExampleNewWebhook() {
	stack := newStack()
	hook := targets.NewWebhook(stack, "Ticketing", &targets.WebhookProps{
		Endpoint:    "https://tickets.example.com/hooks/trailbridge",
		SecretARN:   "arn:aws:secretsmanager:eu-west-1:111111111111:secret:ticketing-AbCdEf",
		SecretField: "apiKey",
		HeaderName:  "X-Api-Key",
	})
	apicall.NewRule(stack, "UserCreated", &apicall.RuleProps{
		Services:   []string{"iam"},
		EventNames: []string{"CreateUser"},
		Targets:    []apicall.RuleTarget{{ID: "Ticket", Target: hook.Target()}},
	})
	fmt.Println(*hook.Destination().Node().Path())
	// Output:
	// Security/Ticketing/Destination
}
