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
