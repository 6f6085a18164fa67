package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/lambda/heartbeat"
	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
)

func TestHandlerFromEnv(t *testing.T) {
	env := map[string]string{}
	_, err := handler(func(k string) string { return env[k] }, nil)
	if err == nil {
		t.Fatal("no environment: no error")
	}
	// Every problem at once: the parameter and the AWS variables.
	for _, want := range []string{heartbeat.EnvParameter, "AWS_REGION", "AWS_ACCESS_KEY_ID"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	env = map[string]string{heartbeat.EnvParameter: heartbeat.ParameterName("Trailbridge", "eu-west-1"), "AWS_REGION": "eu-west-1",
		"AWS_ACCESS_KEY_ID": awstest.AccessKeyID, "AWS_SECRET_ACCESS_KEY": awstest.SecretAccessKey}
	if h, err := handler(func(k string) string { return env[k] }, nil); err != nil || h == nil {
		t.Errorf("valid environment: %v", err)
	}
}

// TestNoCDK keeps the Lambda binary free of the CDK (and of jsii, which
// would start a Node process).
func TestNoCDK(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/aws/aws-cdk-go/") || strings.HasPrefix(dep, "github.com/aws/jsii-runtime-go") ||
			strings.HasPrefix(dep, "github.com/aws/constructs-go/") || strings.Contains(dep, "trailbridge/trailbridge/constructs/") {
			t.Errorf("the heartbeat's binary depends on %s", dep)
		}
	}
}
