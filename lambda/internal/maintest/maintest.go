// Package maintest holds the checks that the tests of trailbridge's Lambda
// main packages (lambda/heartbeat/bootstrap, lambda/notify/bootstrap) share:
// the configuration read from the environment, and a binary free of the CDK.
package maintest

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
)

// Env checks build, which builds a function's handler from getenv: with an
// empty environment it fails naming variable and the AWS variables at once,
// and with variable set to value and the AWS variables the Lambda service
// sets it returns a handler.
func Env[H comparable](t *testing.T, variable, value string, build func(getenv func(string) string) (H, error)) {
	t.Helper()
	env := map[string]string{}
	_, err := build(func(k string) string { return env[k] })
	if err == nil {
		t.Fatal("no environment: no error")
	}
	// Every problem at once: the function's variable and the AWS ones.
	for _, want := range []string{variable, "AWS_REGION", "AWS_ACCESS_KEY_ID"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	env = map[string]string{variable: value, "AWS_REGION": "eu-west-1",
		"AWS_ACCESS_KEY_ID": awstest.AccessKeyID, "AWS_SECRET_ACCESS_KEY": awstest.SecretAccessKey}
	var none H
	if h, err := build(func(k string) string { return env[k] }); err != nil || h == none {
		t.Errorf("valid environment: %v", err)
	}
}

// NoCDK fails t when the package in the working directory (the binary of
// the function named what) depends on the CDK, on jsii (which would start a
// Node process) or on trailbridge's constructs. It skips t when go list
// cannot run.
func NoCDK(t *testing.T, what string) {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/aws/aws-cdk-go/") || strings.HasPrefix(dep, "github.com/aws/jsii-runtime-go") ||
			strings.HasPrefix(dep, "github.com/aws/constructs-go/") || strings.Contains(dep, "trailbridge/trailbridge/constructs/") {
			t.Errorf("the %s binary depends on %s", what, dep)
		}
	}
}
