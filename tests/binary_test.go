package tests

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/internal/contract"
)

var (
	buildOnce sync.Once
	appBinary string
	buildErr  error
	buildDir  string
)

// buildApp compiles the repository's app (app.go) once per test run.
func buildApp(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not on PATH")
	}
	buildOnce.Do(func() {
		// A directory the harness removes when the package's tests end (the
		// binary is about 180 MB).
		buildDir = cdktest.SharedDir()
		appBinary = filepath.Join(buildDir, "app")
		cmd := exec.Command("go", "build", "-o", appBinary, ".")
		cmd.Dir = cdktest.RepoRoot()
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = err
			t.Logf("%s", out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return appBinary
}

// runApp runs the app binary in a fresh directory holding cdk.json (the
// repository's context plus the given trailbridge object) and returns its
// output directory, exit error and stderr.
func runApp(t *testing.T, trailbridge string, args ...string) (outdir, stderr string, err error) {
	t.Helper()
	bin := buildApp(t)
	dir := t.TempDir()
	repoCDK, rerr := os.ReadFile(filepath.Join(cdktest.RepoRoot(), "cdk.json"))
	if rerr != nil {
		t.Fatal(rerr)
	}
	doc := string(repoCDK)
	if trailbridge != "" {
		// Replace the repository's trailbridge object with the test's.
		i := strings.Index(doc, `"trailbridge": {`)
		if i < 0 {
			t.Fatal("cdk.json has no trailbridge object")
		}
		depth, j := 0, i+len(`"trailbridge": `)
		for k := j; k < len(doc); k++ {
			if doc[k] == '{' {
				depth++
			} else if doc[k] == '}' {
				depth--
				if depth == 0 {
					doc = doc[:j] + trailbridge + doc[k+1:]
					break
				}
			}
		}
	}
	// Lambda bundling (go build of every responder) is not under test here.
	doc = strings.Replace(doc, `"context": {`, `"context": {"aws:cdk:bundling-stacks": [],`, 1)
	if err := os.WriteFile(filepath.Join(dir, "cdk.json"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	outdir = filepath.Join(dir, "cdk.out")
	cmd := exec.Command(bin, args...)
	// The app runs from the checkout (it builds the responders from there)
	// and reads the test's cdk.json.
	cmd.Dir = cdktest.RepoRoot()
	cmd.Env = append(os.Environ(), "CDK_OUTDIR="+outdir, "CDK_DEFAULT_REGION=eu-west-1", "CDK_DEFAULT_ACCOUNT=111111111111",
		contract.EnvCDKJSON+"="+filepath.Join(dir, "cdk.json"))
	var se bytes.Buffer
	cmd.Stderr = &se
	err = cmd.Run()
	return outdir, se.String(), err
}

func TestAppReadsCDKJSONWhenRunWithGoRun(t *testing.T) {
	out, stderr, err := runApp(t, `{"stackPrefix": "Audit", "trail": {"name": "from-cdk-json"}}`)
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

func TestBadConfigurationFailsBeforeAnythingIsWritten(t *testing.T) {
	out, stderr, err := runApp(t, `{"homeRegion": "moon-1", "trail": {"name": "", "cloudWatchLogs": {"retentionDays": 42}}}`)
	if err == nil {
		t.Fatal("the app accepted a bad configuration")
	}
	for _, want := range []string{
		"invalid trailbridge configuration (3 problems)",
		`trailbridge.homeRegion: got "moon-1"`,
		`trailbridge.trail.name: got ""`,
		`trailbridge.trail.cloudWatchLogs.retentionDays: got 42`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		t.Errorf("the app wrote %d entries to %s despite the error", len(entries), out)
	}
}

// Problems found only by the stacks' checks, or by reading cdk.json, are
// reported like any other: one "trailbridge:" prefix, the config field, and
// nothing written to the output directory.
func TestStackProblemsFailBeforeAnythingIsWritten(t *testing.T) {
	cases := []struct {
		name, config string
		want         []string
	}{
		{"global events excluded", `{"excludedRegions": ["us-east-1"]}`, []string{
			"invalid trailbridge configuration (1 problem)",
			`trailbridge.excludedRegions[0]: got "us-east-1"; allowed: regions other than us-east-1 while home rules watch global-service events`,
		}},
		{"duplicate e-mail", `{"alerts": {"emails": ["secops@example.com"], "subscriptions": [{"protocol": "email", "endpoint": "secops@example.com"}]}}`, []string{
			"invalid trailbridge configuration (1 problem)",
			`trailbridge.alerts.subscriptions[0].endpoint: got "secops@example.com"; allowed: each endpoint once per topic`,
		}},
		{"number out of range", `{"delivery": {"retryAttempts": 1e400}}`, []string{
			"invalid trailbridge configuration (1 problem)",
			`trailbridge.delivery.retryAttempts: got 1e400`,
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, stderr, err := runApp(t, c.config)
			if err == nil {
				t.Fatal("the app accepted a bad configuration")
			}
			for _, want := range c.want {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			// (Not "starts with": the jsii runtime may print a line of its own.)
			if n := strings.Count(stderr, "trailbridge: "); n != 1 {
				t.Errorf("want one \"trailbridge: \" prefix, got %d:\n%s", n, stderr)
			}
			if strings.Contains(stderr, "Props") {
				t.Errorf("the message names Go props, not the config field:\n%s", stderr)
			}
			if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
				t.Errorf("the app wrote %d entries to %s despite the error", len(entries), out)
			}
		})
	}
}
