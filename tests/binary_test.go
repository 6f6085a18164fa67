package tests

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/internal/contract"
)

// appBuild is the repository's app (app.go) built once per test run: TestMain
// starts the build (startAppBuild) so that it overlaps the in-process tests.
var appBuild struct {
	done chan struct{}
	bin  string // the binary, in a directory the harness removes at the end
	err  error
}

// startAppBuild builds the app in the background as `go run .` builds it
// (without debug information), into a directory the harness removes when the
// package's tests end (the binary is about 140 MB). Go keeps what `go run`
// links in its build cache, so a warm run copies the binary instead of
// linking it again.
func startAppBuild() {
	appBuild.done = make(chan struct{})
	go func() {
		defer close(appBuild.done)
		appBuild.bin, appBuild.err = buildAppBinary(cdktest.SharedDir())
	}()
}

func buildAppBinary(dir string) (string, error) {
	if _, err := exec.LookPath("go"); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "app")
	// go run -exec runs "cp <the binary> <bin>" instead of the binary.
	cmd := exec.Command("go", "run", "-exec", "cp", ".", bin)
	if _, err := exec.LookPath("cp"); err != nil {
		cmd = exec.Command("go", "build", "-ldflags=-s -w", "-o", bin, ".")
	}
	cmd.Dir = cdktest.RepoRoot()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%s: %v\n%s", cmd, err, out)
	}
	return bin, nil
}

// buildApp returns the app binary that TestMain started building.
func buildApp(t *testing.T) string {
	t.Helper()
	<-appBuild.done
	var notFound *exec.Error
	if errors.As(appBuild.err, &notFound) {
		t.Skipf("cannot build the app: %v", appBuild.err)
	}
	if appBuild.err != nil {
		t.Fatal(appBuild.err)
	}
	return appBuild.bin
}

// appRun is one run of the app binary for a test, declared at package level
// (appRunFor) so that TestMain can start it in the background (startAppRuns):
// the app processes, each with its own jsii runtime, then run on the second
// core while the in-process tests synthesize on the first, instead of after
// them. A run that was not started when its test asks for it runs then.
type appRun struct {
	test, trailbridge string
	claim             sync.Once
	done              chan struct{}
	outdir, stderr    string // the output directory, and what the app printed there
	err, setupErr     error  // how the app exited; what kept it from running
}

// appRuns are the runs that the package's tests declare.
var appRuns []*appRun

// appRunFor declares a run of the app, for the test named test, with cdk.json's
// trailbridge object replaced by trailbridge ("" keeps the repository's).
func appRunFor(test, trailbridge string) *appRun {
	r := &appRun{test: test, trailbridge: trailbridge, done: make(chan struct{})}
	appRuns = append(appRuns, r)
	return r
}

// startAppRuns runs, one after the other in the background, the app runs of
// the tests that -run selects (once startAppBuild's build is done).
func startAppRuns() {
	pattern := flag.Lookup("test.run").Value.String() // parsed by cdktest.Main
	pattern, _, _ = strings.Cut(pattern, "/")
	selected, err := regexp.Compile(pattern)
	if err != nil || flag.Lookup("test.list").Value.String() != "" {
		return // each test runs its app itself
	}
	go func() {
		<-appBuild.done
		if appBuild.err != nil {
			return
		}
		for _, r := range appRuns {
			if selected.MatchString(r.test) {
				r.claim.Do(r.run)
			}
		}
	}()
}

// run runs the app binary in a directory of its own holding cdk.json (the
// repository's context plus r's trailbridge object).
func (r *appRun) run() {
	defer close(r.done)
	dir := cdktest.SharedDir()
	repoCDK, err := os.ReadFile(filepath.Join(cdktest.RepoRoot(), "cdk.json"))
	if err != nil {
		r.setupErr = err
		return
	}
	doc := string(repoCDK)
	if r.trailbridge != "" {
		// Replace the repository's trailbridge object with the test's.
		i := strings.Index(doc, `"trailbridge": {`)
		if i < 0 {
			r.setupErr = errors.New("cdk.json has no trailbridge object")
			return
		}
		depth, j := 0, i+len(`"trailbridge": `)
		for k := j; k < len(doc); k++ {
			if doc[k] == '{' {
				depth++
			} else if doc[k] == '}' {
				depth--
				if depth == 0 {
					doc = doc[:j] + r.trailbridge + doc[k+1:]
					break
				}
			}
		}
	}
	// Lambda bundling (go build of every responder) is not under test here.
	doc = strings.Replace(doc, `"context": {`, `"context": {"aws:cdk:bundling-stacks": [],`, 1)
	if err := os.WriteFile(filepath.Join(dir, "cdk.json"), []byte(doc), 0o644); err != nil {
		r.setupErr = err
		return
	}
	r.outdir = filepath.Join(dir, "cdk.out")
	cmd := exec.Command(appBuild.bin)
	// The app runs from the checkout (it builds the responders from there)
	// and reads the test's cdk.json.
	cmd.Dir = cdktest.RepoRoot()
	cmd.Env = append(os.Environ(), "CDK_OUTDIR="+r.outdir, "CDK_DEFAULT_REGION=eu-west-1", "CDK_DEFAULT_ACCOUNT=111111111111",
		contract.EnvCDKJSON+"="+filepath.Join(dir, "cdk.json"))
	var se bytes.Buffer
	cmd.Stderr = &se
	r.err = cmd.Run()
	r.stderr = se.String()
}

// result waits for the run (running it now if it has not started) and
// returns its output directory, stderr and exit error. With -count above 1,
// every count gets the one run's output.
func (r *appRun) result(t *testing.T) (outdir, stderr string, err error) {
	t.Helper()
	buildApp(t)
	r.claim.Do(r.run)
	<-r.done
	if r.setupErr != nil {
		t.Fatal(r.setupErr)
	}
	return r.outdir, r.stderr, r.err
}

// requireRefused runs the app with the trailbridge configuration and fails
// t unless the app refuses it (what says what it must not accept), its
// stderr holds each of want, and it wrote nothing to its output directory.
// It returns stderr. (The tests that run the app are parallel: each app is a
// process of its own, with its own jsii runtime.)
func requireRefused(t *testing.T, run *appRun, what string, want ...string) (stderr string) {
	t.Helper()
	out, stderr, err := run.result(t)
	if err == nil {
		t.Fatalf("the app accepted %s", what)
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
	if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		t.Errorf("the app wrote %d entries to %s despite the error", len(entries), out)
	}
	return stderr
}

var readsCDKJSON = appRunFor("TestAppReadsCDKJSONWhenRunWithGoRun", `{"stackPrefix": "Audit", "trail": {"name": "from-cdk-json"}}`)

func TestAppReadsCDKJSONWhenRunWithGoRun(t *testing.T) {
	t.Parallel()
	out, stderr, err := readsCDKJSON.result(t)
	if err != nil {
		t.Fatalf("app failed: %v\n%s", err, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "Audit-AuditTrail.template.json"))
	if err != nil {
		t.Fatalf("template not written: %v", err)
	}
	if !strings.Contains(string(b), `"TrailName": "from-cdk-json"`) {
		t.Error("the trail name from cdk.json did not reach the template")
	}
	if !strings.Contains(string(b), `"eu-west-1"`) && !strings.Contains(string(b), "eu-west-1") {
		t.Error("home region did not default to CDK_DEFAULT_REGION")
	}
}

var badConfiguration = appRunFor("TestBadConfigurationFailsBeforeAnythingIsWritten",
	`{"homeRegion": "moon-1", "trail": {"name": "", "cloudWatchLogs": {"retentionDays": 42}}}`)

func TestBadConfigurationFailsBeforeAnythingIsWritten(t *testing.T) {
	t.Parallel()
	requireRefused(t, badConfiguration, "a bad configuration",
		"invalid trailbridge configuration (3 problems)",
		`trailbridge.homeRegion: got "moon-1"`,
		`trailbridge.trail.name: got ""`,
		`trailbridge.trail.cloudWatchLogs.retentionDays: got 42`,
	)
}

// stackProblems are the cases of TestStackProblemsFailBeforeAnythingIsWritten.
var stackProblems = []struct {
	name string
	run  *appRun
	want []string
}{
	{"global events excluded", appRunFor("TestStackProblemsFailBeforeAnythingIsWritten", `{"excludedRegions": ["us-east-1"]}`), []string{
		"invalid trailbridge configuration (1 problem)",
		`trailbridge.excludedRegions[0]: got "us-east-1"; allowed: regions other than us-east-1 while home rules watch global-service events`,
	}},
	{"duplicate e-mail", appRunFor("TestStackProblemsFailBeforeAnythingIsWritten", `{"alerts": {"emails": ["secops@example.com"], "subscriptions": [{"protocol": "email", "endpoint": "secops@example.com"}]}}`), []string{
		"invalid trailbridge configuration (1 problem)",
		`trailbridge.alerts.subscriptions[0].endpoint: got "secops@example.com"; allowed: each endpoint once per topic`,
	}},
	{"number out of range", appRunFor("TestStackProblemsFailBeforeAnythingIsWritten", `{"delivery": {"retryAttempts": 1e400}}`), []string{
		"invalid trailbridge configuration (1 problem)",
		`trailbridge.delivery.retryAttempts: got 1e400`,
	}},
}

// Problems found only by the stacks' checks, or by reading cdk.json, are
// reported like any other: one "trailbridge:" prefix, the config field, and
// nothing written to the output directory.
func TestStackProblemsFailBeforeAnythingIsWritten(t *testing.T) {
	t.Parallel()
	for _, c := range stackProblems {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			stderr := requireRefused(t, c.run, "a bad configuration", c.want...)
			// (Not "starts with": the jsii runtime may print a line of its own.)
			if n := strings.Count(stderr, "trailbridge: "); n != 1 {
				t.Errorf("want one \"trailbridge: \" prefix, got %d:\n%s", n, stderr)
			}
			if strings.Contains(stderr, "Props") {
				t.Errorf("the message names Go props, not the config field:\n%s", stderr)
			}
		})
	}
}
