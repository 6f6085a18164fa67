package tests

import (
	"os/exec"
	"slices"
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

// sdkServices is the import path prefix of the AWS SDK's service clients
// (and of the packages only they use). The app needs none of them: the
// stacks read a function's facts (its name, events, IAM actions,
// configuration) from packages that import no SDK service (a responder's
// settings package, lambda/notify, lambda/heartbeat); the clients belong to
// the functions' logic (a responder's own package, notify/publish,
// heartbeat/beat), which only their Lambda mains import. An SDK client in
// the app costs megabytes of Go to compile before the first synth (ec2 is
// the SDK's largest package) and to link into every stacks and tests binary.
const sdkServices = "github.com/aws/aws-sdk-go-v2/service/"

// TestAppLinksNoAWSSDKServiceClient fails when the app (app.go and
// everything it imports, not its tests) depends on a package of
// sdkServices, naming the import chain that brought each one in.
func TestAppLinksNoAWSSDKServiceClient(t *testing.T) {
	root, imports := importGraph(t, ".")
	reported := map[string]bool{} // one chain per service (not again for its types package)
	for _, chain := range chainsTo(root, imports, isSDKService) {
		_, pkg, _ := strings.Cut(chain[strings.LastIndex(chain, " -> ")+len(" -> "):], sdkServices)
		service, _, _ := strings.Cut(pkg, "/")
		if reported[service] {
			continue
		}
		reported[service] = true
		t.Errorf("the app links an AWS SDK service client: %s\nthe stacks need only the function's facts: declare them in a package without the SDK (see sdkServices)", chain)
	}
}

// TestSDKServiceChainsFound checks that the guard above can fail: the
// notifier's Lambda main does link the SNS client, and the chain names the
// package that imports it.
func TestSDKServiceChainsFound(t *testing.T) {
	root, imports := importGraph(t, "./lambda/notify/bootstrap")
	want := "github.com/trailbridge/trailbridge/lambda/notify/bootstrap -> github.com/trailbridge/trailbridge/lambda/notify/publish -> " + sdkServices + "sns"
	chains := chainsTo(root, imports, isSDKService)
	if !slices.Contains(chains, want) {
		t.Errorf("chains of the notifier's main to the SDK's services:\n%s\nwant among them\n%s", strings.Join(chains, "\n"), want)
	}
}

func isSDKService(pkg string) bool { return strings.HasPrefix(pkg, sdkServices) }

// importGraph returns the import path of pkg (a package pattern relative
// to the repository's root) and the imports of it and of every package it
// depends on, from go list. It skips t when go is not on PATH.
func importGraph(t *testing.T, pkg string) (string, map[string][]string) {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not on PATH")
	}
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", pkg)
	cmd.Dir = cdktest.RepoRoot()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	imports := map[string][]string{}
	root := ""
	for line := range strings.Lines(string(out)) {
		if f := strings.Fields(line); len(f) > 0 {
			imports[f[0]] = f[1:]
			root = f[0] // go list -deps lists a package after its dependencies
		}
	}
	if root == "" {
		t.Fatalf("go list -deps %s listed nothing", pkg)
	}
	return root, imports
}

// chainsTo returns, for each package matching want that root reaches
// through packages that do not match, one shortest import chain from root
// to it ("a -> b -> c"), sorted.
func chainsTo(root string, imports map[string][]string, want func(string) bool) []string {
	parent := map[string]string{root: ""}
	queue := []string{root}
	var chains []string
	for len(queue) > 0 {
		pkg := queue[0]
		queue = queue[1:]
		if want(pkg) {
			chain := []string{pkg}
			for p := parent[pkg]; p != ""; p = parent[p] {
				chain = append(chain, p)
			}
			slices.Reverse(chain)
			chains = append(chains, strings.Join(chain, " -> "))
			continue
		}
		for _, dep := range imports[pkg] {
			if _, seen := parent[dep]; !seen {
				parent[dep] = pkg
				queue = append(queue, dep)
			}
		}
	}
	slices.Sort(chains)
	return chains
}
