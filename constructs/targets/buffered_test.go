package targets_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/targets"
	"github.com/trailbridge/trailbridge/internal/cdktest"
)

// TestBufferedFunctionImportedWithoutRole: a function imported without its
// role cannot be granted the queue; the buffer still reads from it, and the
// synth warns, naming the field and what to grant, instead of leaving a
// mapping that fails silently on its first poll.
func TestBufferedFunctionImportedWithoutRole(t *testing.T) {
	app := cdktest.NewApp(t, nil)
	stack := awscdk.NewStack(app, jsii.String("Imported"), &awscdk.StackProps{Env: cdktest.Env("eu-west-1")})
	fn := awslambda.Function_FromFunctionArn(stack, jsii.String("Consumer"), jsii.String("arn:aws:lambda:eu-west-1:111111111111:function:consumer"))
	targets.NewBufferedFunction(stack, "Buffer", &targets.BufferedFunctionProps{Function: fn, FunctionTimeoutSeconds: 30})
	s := cdktest.Synth(t, app).Stack(t, "Imported")
	if n := len(s.Resources("AWS::Lambda::EventSourceMapping")); n != 1 {
		t.Errorf("%d event source mappings, want 1", n)
	}
	if n := len(s.Resources("AWS::IAM::Policy")); n != 0 {
		t.Errorf("%d IAM policies: there is no role to attach one to", n)
	}
	warned := false
	for _, m := range s.Messages {
		warned = warned || strings.Contains(m.Level, "warn") && strings.Contains(m.Text, "targets.BufferedFunctionProps.Function") && strings.Contains(m.Text, "sqs:ReceiveMessage")
	}
	if !warned {
		t.Errorf("messages %+v; want a warning naming targets.BufferedFunctionProps.Function and what to grant", s.Messages)
	}
}

// TestPropsValidate pins the problems the queue, topic and webhook props
// report: every one at once, each naming the field, the value and what is
// allowed.
func TestPropsValidate(t *testing.T) {
	stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Props"), &awscdk.StackProps{Env: cdktest.Env("eu-west-1")})
	fn := awslambda.Function_FromFunctionArn(stack, jsii.String("Consumer"), jsii.String("arn:aws:lambda:eu-west-1:111111111111:function:consumer"))
	cases := []struct {
		name  string
		props interface{ Validate() error }
		want  []string
	}{
		{"buffer without function", &targets.BufferedFunctionProps{BatchSize: -1}, []string{
			"targets.BufferedFunctionProps.Function: got nil; allowed: the function that consumes the queue"}},
		{"buffer numbers", &targets.BufferedFunctionProps{Function: fn, BatchSize: 20, MaxReceiveCount: 1001, FunctionTimeoutSeconds: 7201}, []string{
			"targets.BufferedFunctionProps.MaxBatchingWindowSeconds: got 0 with BatchSize 20; allowed: at least 1 when BatchSize is over 10 (SQS rule)",
			"targets.BufferedFunctionProps.MaxReceiveCount: got 1001; allowed: 1 to 1000",
			"targets.BufferedFunctionProps.FunctionTimeoutSeconds: got 7201; allowed: 1 to 7200 (six times it must fit SQS's 12-hour visibility timeout)"}},
		{"buffer ranges", &targets.BufferedFunctionProps{Function: fn, BatchSize: 10001, MaxBatchingWindowSeconds: 301}, []string{
			"targets.BufferedFunctionProps.BatchSize: got 10001; allowed: 1 to 10000",
			"targets.BufferedFunctionProps.MaxBatchingWindowSeconds: got 301; allowed: 0 to 300"}},
		{"topic subscriptions", &targets.AlertTopicProps{Subscriptions: []targets.Subscription{
			{Protocol: "email", Endpoint: "ops"}, {Protocol: "https", Endpoint: "http://x"}, {Protocol: "fax", Endpoint: "1"}, {Protocol: "email", Endpoint: "ops"}}}, []string{
			`targets.AlertTopicProps.Subscriptions[0].Endpoint: got "ops"; allowed: an e-mail address`,
			`targets.AlertTopicProps.Subscriptions[1].Endpoint: got "http://x"; allowed: an https:// URL`,
			`targets.AlertTopicProps.Subscriptions[2].Protocol: got "fax"; allowed: email, email-json, https, sms, sqs, lambda`,
			`targets.AlertTopicProps.Subscriptions[3].Endpoint: got "ops" again; allowed: each endpoint once (it names the subscription)`,
			`targets.AlertTopicProps.Subscriptions[3].Endpoint: got "ops"; allowed: an e-mail address`}},
		{"webhook", &targets.WebhookProps{Endpoint: "http://x", SecretARN: "s", RateLimitPerSecond: 301}, []string{
			`targets.WebhookProps.Endpoint: got "http://x"; allowed: `,
			`targets.WebhookProps.SecretARN: got "s"; allowed: `,
			`targets.WebhookProps.RateLimitPerSecond: got 301; allowed: `}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.props.Validate()
			if err == nil {
				t.Fatalf("Validate() = nil, want %d problems", len(c.want))
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(c.want) {
				t.Fatalf("Validate() = %d problems, want %d:\n%v", len(lines), len(c.want), err)
			}
			for i, w := range c.want {
				if !strings.HasPrefix(lines[i], w) {
					t.Errorf("problem %d = %q, want %q", i, lines[i], w)
				}
			}
		})
	}
}
