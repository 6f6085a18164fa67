// Package cdktest is trailbridge's test harness for CDK code, built on the
// public trailbridgetest (validator off, jsii closed once, apps with bundling
// skipped, directories that outlive a test): it builds apps with the
// repository's cdk.json feature flags, synthesizes them once to a directory,
// reads templates and annotations back in plain Go (no jsii round trip per
// assertion), turns jsii assertion panics into test failures, compares golden
// snapshots and runs cdk-nag.
//
// Every test package that uses it calls cdktest.Main from its TestMain, which
// closes the jsii runtime once.
package cdktest

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/trailbridge/trailbridge/internal/cfn"
	"github.com/trailbridge/trailbridge/internal/testflags"
	"github.com/trailbridge/trailbridge/trailbridgetest"
)

// Update is set by -update (testflags.UpdateCommand): golden files are rewritten.
var Update = testflags.Update

// Account is the account pinned in test environments so ARNs are stable.
const Account = trailbridgetest.Account

// Env returns a pinned environment in region.
func Env(region string) *awscdk.Environment { return trailbridgetest.Env(region) }

// Main runs the package's tests with the CloudFormation validator off (CI
// runs it once over the whole app, where it pays) and closes the jsii runtime
// once: see trailbridgetest.Main. When the package runs all its tests, Main
// starts a helper process that synthesizes some of the Shared apps. Each of
// background is called once, just before the tests start, in the process
// that runs them (after trailbridgetest.Main's re-execution, with the test
// flags parsed): a function that starts slow work out of process there
// (building a binary) lets it overlap the tests' in-process synthesis on
// another core.
func Main(m *testing.M, background ...func()) {
	trailbridgetest.Main(startFirst{m, background})
}

// startFirst is a trailbridgetest.Runner that calls start before m.Run.
type startFirst struct {
	m     *testing.M
	start []func()
}

func (r startFirst) Run() int {
	if dir := os.Getenv(helperEnv); dir != "" {
		return runHelper(dir) // the helper process runs no test
	}
	flag.Parse() // as m.Run would: startHelper reads -test.run
	startHelper()
	for _, f := range r.start {
		f()
	}
	code := r.m.Run()
	stopHelper()
	return code
}

// SharedDir returns a new directory that lives until the package's tests
// end (Main removes it), for an assembly that several tests read.
func SharedDir() string { return trailbridgetest.TempDir() }

// RepoRoot is the directory of this module's go.mod.
func RepoRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && strings.Contains(string(b), "module github.com/trailbridge/trailbridge\n") {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			panic("cdktest: no trailbridge go.mod above the working directory")
		}
		dir = parent
	}
}

var (
	flagsOnce sync.Once
	flags     map[string]any
)

// FeatureFlags is the "context" of the repository's cdk.json minus the
// trailbridge configuration: the feature flags every synth here uses.
func FeatureFlags() map[string]any {
	flagsOnce.Do(func() {
		context, err := trailbridgetest.ReadContext(filepath.Join(RepoRoot(), "cdk.json"))
		if err != nil {
			panic(fmt.Sprintf("cdktest: %v", err))
		}
		flags = map[string]any{}
		for k, v := range context {
			if k != "trailbridge" && !strings.HasPrefix(k, "trailbridge.") {
				flags[k] = v
			}
		}
	})
	return flags
}

// AppOptions changes what NewApp builds.
type AppOptions struct {
	// Context is added to the feature flags (and wins over them).
	Context map[string]any
	// Bundle keeps Lambda bundling on. Default: bundling is skipped.
	Bundle bool
	// Nag adds cdk-nag's AwsSolutions checks to the app.
	Nag bool
	// Shared synthesizes into a SharedDir, which outlives the test, for an
	// assembly that later tests read too.
	// Default: a t.TempDir, removed when the test ends.
	Shared bool
}

// NewApp returns an app with cdk.json's feature flags that synthesizes into
// a fresh temporary directory, removed when the test ends.
func NewApp(t testing.TB, opts *AppOptions) awscdk.App {
	t.Helper()
	if opts == nil {
		opts = &AppOptions{}
	}
	outdir := "" // trailbridgetest's default: a directory Main removes
	if !opts.Shared {
		outdir = t.TempDir()
	}
	return newApp(t, opts, outdir)
}

// newApp is NewApp synthesizing into outdir ("": a new SharedDir).
func newApp(t testing.TB, opts *AppOptions, outdir string) awscdk.App {
	ctx := maps.Clone(FeatureFlags())
	maps.Copy(ctx, opts.Context)
	app := trailbridgetest.NewApp(t, &trailbridgetest.AppOptions{Context: ctx, Bundle: opts.Bundle, Outdir: outdir})
	if opts.Nag {
		awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}), nil)
	}
	return app
}

// Message is one annotation (info, warning, error) recorded at synth.
type Message struct {
	// Path is the construct path, e.g. "/Stack/Trail/Bucket/Resource".
	Path string
	// Level is "info", "warning" or "error".
	Level string
	// Text is the message.
	Text string
}

// Stack is one synthesized stack read back from the cloud assembly.
type Stack struct {
	// ID is the artifact ID (the stack's construct ID).
	ID string
	// StackName is the CloudFormation stack name.
	StackName string
	// Environment is "aws://account/region".
	Environment string
	// Template is the parsed template.
	Template map[string]any
	// TemplateFile is the template's path on disk.
	TemplateFile string
	// Messages are the stack's annotations.
	Messages []Message
}

// Assembly is a synthesized app read back from disk.
type Assembly struct {
	// Dir is the cloud assembly directory.
	Dir string
	// Stacks maps artifact ID to stack.
	Stacks map[string]*Stack
}

// Synth synthesizes app (once; it is cached by the CDK) and reads the assembly.
func Synth(t testing.TB, app awscdk.App) *Assembly {
	t.Helper()
	var dir string
	Try(t, func() { dir = *app.Synth(nil).Directory() })
	asm, err := ReadAssembly(dir)
	if err != nil {
		t.Fatal(err)
	}
	return asm
}

// Once returns a function that builds an app with NewApp(opts) (Shared, so
// the assembly outlives the first test), lets build add the stacks, and
// synthesizes it, the first time it is called; later calls return the same
// Assembly, or fail when that first synthesis failed. Declare it at package
// level, so the tests of the package share one synth.
func Once(opts *AppOptions, build func(app awscdk.App)) func(t testing.TB) *Assembly {
	var (
		once sync.Once
		asm  *Assembly
	)
	return func(t testing.TB) *Assembly {
		t.Helper()
		once.Do(func() {
			o := AppOptions{}
			if opts != nil {
				o = *opts
			}
			o.Shared = true
			app := NewApp(t, &o)
			build(app)
			asm = Synth(t, app)
		})
		if asm == nil {
			t.Fatal("synthesis failed in an earlier test")
		}
		return asm
	}
}

// ReadAssembly reads the stacks of a cloud assembly directory (with package
// cfn, the one reader of cloud assemblies).
func ReadAssembly(dir string) (*Assembly, error) {
	m, err := cfn.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	asm := &Assembly{Dir: dir, Stacks: map[string]*Stack{}}
	for _, id := range m.IDs(cfn.ArtifactStack) {
		a := m.Artifacts[id]
		s := &Stack{ID: id, StackName: a.StackName(id), Environment: a.Environment,
			TemplateFile: filepath.Join(dir, a.Properties.TemplateFile)}
		tb, err := os.ReadFile(s.TemplateFile)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(tb, &s.Template); err != nil {
			return nil, fmt.Errorf("%s: %w", s.TemplateFile, err)
		}
		for path, entries := range a.Metadata {
			for _, e := range entries {
				level := ""
				switch e.Type {
				case "aws:cdk:error":
					level = "error"
				case "aws:cdk:warning":
					level = "warning"
				case "aws:cdk:info":
					level = "info"
				default:
					continue
				}
				var text string
				if json.Unmarshal(e.Data, &text) != nil {
					var b bytes.Buffer
					if json.Compact(&b, e.Data) == nil {
						text = b.String()
					} else {
						text = string(e.Data)
					}
				}
				s.Messages = append(s.Messages, Message{Path: path, Level: level, Text: text})
			}
		}
		sort.Slice(s.Messages, func(i, j int) bool {
			if s.Messages[i].Path != s.Messages[j].Path {
				return s.Messages[i].Path < s.Messages[j].Path
			}
			return s.Messages[i].Text < s.Messages[j].Text
		})
		asm.Stacks[id] = s
	}
	return asm, nil
}

// Stack returns the stack with artifact ID id, failing the test if absent.
func (a *Assembly) Stack(t testing.TB, id string) *Stack {
	t.Helper()
	s, ok := a.Stacks[id]
	if !ok {
		var ids []string
		for k := range a.Stacks {
			ids = append(ids, k)
		}
		sort.Strings(ids)
		t.Fatalf("no stack %q in the assembly; stacks: %v", id, ids)
	}
	return s
}

// Try runs f and turns a panic (a jsii assertion failure, a construct's
// validation error) into a test failure with the panic's message.
func Try(t testing.TB, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%v", r)
		}
	}()
	f()
}

// Assert runs a jsii assertion and reports its failure with t.Errorf, so the
// test goes on and reports every failed assertion.
func Assert(t testing.TB, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s", cleanPanic(r))
		}
	}()
	f()
}

// Panics runs f and returns the message it panicked with, or "" (with a
// test failure) if it did not panic.
func Panics(t testing.TB, f func()) (msg string) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	t.Errorf("expected a panic, got none\n%s", debug.Stack())
	return ""
}

func cleanPanic(r any) string {
	s := fmt.Sprint(r)
	// jsii wraps the JavaScript error; keep its message, drop the JS stack.
	if i := strings.Index(s, "\n    at "); i > 0 {
		s = s[:i]
	}
	return s
}

// Assertions returns the CDK assertions template for s (one jsii round trip).
func (s *Stack) Assertions() assertions.Template {
	tmpl := s.Template
	return assertions.Template_FromJSON(&tmpl, nil)
}

// Resources returns the logical IDs and bodies of every resource of type typ.
func (s *Stack) Resources(typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	res, _ := s.Template["Resources"].(map[string]any)
	for id, r := range res {
		body, _ := r.(map[string]any)
		if body["Type"] == typ {
			out[id] = body
		}
	}
	return out
}

// Props returns the Properties of the only resource of type typ, failing the
// test unless there is exactly one.
func (s *Stack) Props(t testing.TB, typ string) map[string]any {
	t.Helper()
	rs := s.Resources(typ)
	if len(rs) != 1 {
		t.Fatalf("stack %s: want exactly one %s, found %d", s.ID, typ, len(rs))
	}
	for _, r := range rs {
		p, _ := r["Properties"].(map[string]any)
		return p
	}
	return nil
}

// NagErrors returns the unsuppressed cdk-nag errors recorded on the stack.
func (s *Stack) NagErrors() []Message {
	var out []Message
	for _, m := range s.Messages {
		if m.Level == "error" && strings.Contains(m.Text, "AwsSolutions-") {
			out = append(out, m)
		}
	}
	return out
}

// RequireNoNagErrors fails the test for each unsuppressed cdk-nag error.
func (s *Stack) RequireNoNagErrors(t testing.TB) {
	t.Helper()
	for _, m := range s.NagErrors() {
		t.Errorf("cdk-nag in %s at %s: %s", s.ID, m.Path, m.Text)
	}
}
