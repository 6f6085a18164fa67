package tests

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/cdktest"
)

// heavyCDKPackages are packages of the CDK's Go bindings that the app must
// not depend on. Each is several megabytes of generated Go, and the first
// two alone pull in all the others (and about 70 packages in all):
// awseventstargets (one type per target service: ECS, AppSync, SageMaker,
// ...) and awslambdaeventsources (RDS, Glue, ...). A first synth compiles
// every package of the CDK's bindings the app imports: with them, 185
// packages and 48.6 MB of Go source; without, 115 packages and 26.4 MB,
// and a sixth less CPU time to compile the app with an empty GOCACHE
// (issue 16 item 6). Instead:
// awslambda.Function.AddEventSourceMapping with the grants
// (targets.NewBufferedFunction, targets.NewStreamBuffer), a target made by
// hand (stacks.NewHeartbeatSender), and targets.CDK for callers who want a
// CDK target (their app pays for it, not this one).
var heavyCDKPackages = []string{"awseventstargets", "awslambdaeventsources", "awsecs", "awsappsync", "awsrds", "awssagemaker", "awsglue"}

// TestAppDoesNotCompileHeavyCDKPackages fails when the app (app.go and
// everything it imports, not its tests) depends on one of
// heavyCDKPackages.
func TestAppDoesNotCompileHeavyCDKPackages(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not on PATH")
	}
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Dir = cdktest.RepoRoot()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps .: %v", err)
	}
	deps := strings.Fields(string(out))
	cdk := 0
	for _, dep := range deps {
		rest, ok := strings.CutPrefix(dep, "github.com/aws/aws-cdk-go/awscdk/v2/")
		if !ok {
			continue
		}
		cdk++
		name, _, _ := strings.Cut(strings.TrimPrefix(rest, "interfaces/interfaces"), "/")
		for _, heavy := range heavyCDKPackages {
			if name == heavy {
				t.Errorf("the app depends on %s: it adds megabytes of the CDK's Go bindings to compile before the first synth (issue 16 item 6; see heavyCDKPackages)", dep)
			}
		}
	}
	if cdk == 0 {
		t.Fatalf("go list -deps . lists no package of the CDK's Go bindings among %d: is %s the app's module?", len(deps), cmd.Dir)
	}
}
