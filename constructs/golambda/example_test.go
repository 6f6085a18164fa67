package golambda_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/constructs/targets"
)

// A Go responder built from a main package of the module, invoked by a rule
// that exempts the responder's own role. Outside a test, leave out the
// context: the package is then built with `go build` at synth time.
func ExampleNewFunction() {
	app := awscdk.NewApp(&awscdk.AppProps{
		// Skip building the package in this example.
		Context: &map[string]any{"aws:cdk:bundling-stacks": []any{}},
	})
	stack := awscdk.NewStack(app, jsii.String("Responders"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	})
	fn := golambda.NewFunction(stack, "Echo", &golambda.FunctionProps{
		// Relative to ModuleDir, which defaults to the nearest directory
		// with a go.mod above the working directory.
		Package:        "./constructs/golambda/testdata/echo",
		TimeoutSeconds: 60,
		Environment:    map[string]string{"MODE": "report"},
	})
	apicall.NewRule(stack, "KeyPairCreated", &apicall.RuleProps{
		Services:            []string{"ec2"},
		EventNames:          []string{"CreateKeyPair"},
		ExemptPrincipalARNs: []string{*fn.Role().RoleArn()},
		Targets:             []apicall.RuleTarget{{ID: "Echo", Target: targets.Lambda(fn.Function())}},
	})
	fmt.Println(*fn.Function().Runtime().Name(), *fn.Function().Architecture().Name())
	fmt.Println(*fn.Role().Node().Path())
	fmt.Println(*fn.DeadLetterQueue().Node().Path())
	// Output:
	// provided.al2023 arm64
	// Responders/Echo/Role
	// Responders/Echo/DeadLetterQueue
}
