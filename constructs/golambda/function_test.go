package golambda_test

import (
	"debug/elf"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/internal/cdktest"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSourceHashChangesExactlyWithTheBinarysSources(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/m\n\ngo 1.26\n")
	write(t, filepath.Join(dir, "cmd/fn/main.go"), "package main\n\nimport _ \"example.com/m/logic\"\n\nfunc main() {}\n")
	write(t, filepath.Join(dir, "logic/logic.go"), "package logic\n")
	write(t, filepath.Join(dir, "other/other.go"), "package other\n")
	hash := func() string {
		t.Helper()
		// A fresh module dir each time defeats the per-process cache.
		copyDir := t.TempDir()
		if err := os.CopyFS(copyDir, os.DirFS(dir)); err != nil {
			t.Fatal(err)
		}
		h, err := golambda.SourceHash(copyDir, "./cmd/fn")
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	base := hash()
	if hash() != base {
		t.Fatal("the hash of unchanged sources changed")
	}
	write(t, filepath.Join(dir, "other/other.go"), "package other\n\nvar X = 1\n")
	write(t, filepath.Join(dir, "logic/logic_test.go"), "package logic\n")
	if hash() != base {
		t.Error("a package the binary does not import, or a test file, changed the hash")
	}
	write(t, filepath.Join(dir, "logic/logic.go"), "package logic\n\nvar Y = 2\n")
	if hash() == base {
		t.Error("a change in an imported package left the hash unchanged")
	}
}

func TestBundlesALinuxArm64BootstrapWithGoBuild(t *testing.T) {
	app := cdktest.NewApp(t, &cdktest.AppOptions{Bundle: true, Nag: true})
	stack := awscdk.NewStack(app, jsii.String("Fn"), &awscdk.StackProps{Env: cdktest.Env("eu-west-1")})
	reserved := 2
	f := golambda.NewFunction(stack, "Echo", &golambda.FunctionProps{
		Package: "./constructs/golambda/testdata/echo", ModuleDir: cdktest.RepoRoot(),
		Environment: map[string]string{"MODE": "remediate"}, TimeoutSeconds: 20, MemoryMB: 512,
		ReservedConcurrency: &reserved, LogRetentionDays: 90,
	})
	asm := cdktest.Synth(t, app)
	s := asm.Stack(t, "Fn")
	s.RequireNoNagErrors(t)
	p := s.Props(t, "AWS::Lambda::Function")
	for k, want := range map[string]any{"Runtime": "provided.al2023", "Handler": "bootstrap", "Timeout": 20.0, "MemorySize": 512.0, "ReservedConcurrentExecutions": 2.0} {
		if p[k] != want {
			t.Errorf("%s = %v, want %v", k, p[k], want)
		}
	}
	b, _ := json.Marshal(p)
	for _, want := range []string{`"Architectures":["arm64"]`, `"LogFormat":"JSON"`, `"MODE":"remediate"`, `"DeadLetterConfig":{"TargetArn"`, `"TracingConfig":{"Mode":"Active"}`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("function lacks %s: %s", want, b)
		}
	}
	if lg := s.Props(t, "AWS::Logs::LogGroup"); lg["RetentionInDays"] != 90.0 {
		t.Errorf("log group retention = %v", lg["RetentionInDays"])
	}
	// The role holds only its log-group grant and the dead-letter queue grants.
	pol, _ := json.Marshal(s.Props(t, "AWS::IAM::Policy")["PolicyDocument"])
	for _, a := range []string{`"logs:CreateLogStream"`, `"logs:PutLogEvents"`, `"sqs:SendMessage"`, `"xray:PutTraceSegments"`} {
		if !strings.Contains(string(pol), a) {
			t.Errorf("role policy lacks %s: %s", a, pol)
		}
	}
	if len(s.Resources("AWS::IAM::ManagedPolicy")) > 0 || strings.Contains(string(b), "ManagedPolicyArns") {
		t.Error("the role must not carry managed policies")
	}
	// The asset is a bootstrap built for linux/arm64.
	var assetDir string
	entries, _ := os.ReadDir(asm.Dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "asset.") && e.IsDir() {
			assetDir = filepath.Join(asm.Dir, e.Name())
		}
	}
	if assetDir == "" {
		t.Fatal("no asset directory in the cloud assembly")
	}
	exe, err := elf.Open(filepath.Join(assetDir, "bootstrap"))
	if err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	defer exe.Close()
	if exe.Machine != elf.EM_AARCH64 {
		t.Errorf("bootstrap is for %v, want arm64", exe.Machine)
	}
	// The function deploys that bundle.
	if key := strings.TrimPrefix(filepath.Base(assetDir), "asset."); !strings.Contains(string(b), key+".zip") {
		t.Errorf("the function's code is not the bundled asset %s: %s", key, b)
	}
	_ = f
}

func TestValidation(t *testing.T) {
	neg := -1
	three := 3
	cases := []struct {
		props *golambda.FunctionProps
		want  string
	}{
		{&golambda.FunctionProps{Package: "lambda/x"}, `golambda.FunctionProps.Package: got "lambda/x"; allowed: a main package path relative to the module root, starting with "./"`},
		{&golambda.FunctionProps{Package: "./x", TimeoutSeconds: 901}, `golambda.FunctionProps.TimeoutSeconds: got 901; allowed: 1 to 900`},
		{&golambda.FunctionProps{Package: "./x", MemoryMB: 64}, `golambda.FunctionProps.MemoryMB: got 64; allowed: 128 to 10240`},
		{&golambda.FunctionProps{Package: "./x", ReservedConcurrency: &neg}, `golambda.FunctionProps.ReservedConcurrency: got -1; allowed: 0 or more`},
		{&golambda.FunctionProps{Package: "./x", LogRetentionDays: 2}, `golambda.FunctionProps.LogRetentionDays: got 2; allowed: one of`},
		{&golambda.FunctionProps{Package: "./x", RetryAttempts: &three}, `golambda.FunctionProps.RetryAttempts: got 3; allowed: 0 to 2`},
		{&golambda.FunctionProps{Package: "./x", Tracing: "active"}, `golambda.FunctionProps.Tracing: got "active"; allowed: "" (Active) or one of Active, PassThrough, Disabled`},
	}
	for _, c := range cases {
		err := c.props.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Validate() = %v\nwant %s", err, c.want)
		}
	}
}

// Tracing "Disabled" turns active tracing and its grant off.
func TestTracingDisabled(t *testing.T) {
	app := cdktest.NewApp(t, nil)
	stack := awscdk.NewStack(app, jsii.String("Fn"), &awscdk.StackProps{Env: cdktest.Env("eu-west-1")})
	golambda.NewFunction(stack, "Echo", &golambda.FunctionProps{Package: "./constructs/golambda/testdata/echo", ModuleDir: cdktest.RepoRoot(), Tracing: "Disabled"})
	s := cdktest.Synth(t, app).Stack(t, "Fn")
	b, _ := json.Marshal(s.Template)
	if strings.Contains(string(b), "xray:") || strings.Contains(string(b), `"Mode":"Active"`) {
		t.Errorf("tracing disabled, yet: %s", b)
	}
}
