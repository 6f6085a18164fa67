package config

import (
	"os/exec"
	"strings"
	"testing"
)

// The configuration is read by tools that must not load the CDK (jsii starts
// a Node process): it may not depend on construct packages.
func TestConfigDoesNotImportConstructs(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "trailbridge/trailbridge/constructs/") || strings.HasPrefix(dep, "github.com/aws/aws-cdk-go/") {
			t.Errorf("internal/config depends on %s", dep)
		}
	}
}
