package trailbridgetest

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/internal/jsiiquiet"
	"github.com/trailbridge/trailbridge/simulate"
)

// Account is the account to pin in test environments, so that ARNs in
// templates are stable. It is the account simulate assumes where a stack
// names none.
const Account = simulate.AssumedAccount

// Env returns an environment in region with the pinned Account.
func Env(region string) *awscdk.Environment {
	return &awscdk.Environment{Account: jsii.String(Account), Region: jsii.String(region)}
}

// Main runs the package's tests (m.Run) with the CDK's CloudFormation
// validator off and the jsii runtime closed once at the end (without the
// runtime's spurious "exited abnormally" message), removes the
// directories of TempDir, and exits. Call it from TestMain:
//
//	func TestMain(m *testing.M) { trailbridgetest.Main(m) }
//
// When CDK_VALIDATION is unset or empty, Main re-executes the test binary with
// CDK_VALIDATION=false (and Node's end-of-life banner silenced), because the
// jsii runtime's Node process does not see variables set with os.Setenv.
// Set CDK_VALIDATION=true to run the validator anyway.
//
// m is usually the *testing.M of TestMain; a Runner that wraps it can start
// work of its own in Run (before calling m.Run), which then happens once, in
// the process that runs the tests.
func Main(m Runner) {
	if os.Getenv("CDK_VALIDATION") == "" {
		// A package's initialization may have started the jsii runtime,
		// which unpacks itself into a temporary directory that only Close
		// removes: exec would leave it behind (2 MB per test binary run).
		jsiiquiet.Close()
		err := reexec(validationOff(os.Environ()))
		fmt.Fprintf(os.Stderr, "trailbridgetest: re-exec with CDK_VALIDATION=false failed (%v); the validator stays on\n", err)
	}
	code := m.Run()
	// jsii.Close without jsii-runtime-go's spurious "Runtime process exited
	// abnormally: waitid: no child processes" (see internal/jsiiquiet).
	jsiiquiet.Close()
	dirsMu.Lock()
	if dirsRoot != "" {
		os.RemoveAll(dirsRoot)
	}
	dirsMu.Unlock()
	os.Exit(code)
}

// Runner runs a package's tests and returns the exit code: *testing.M is one.
type Runner interface {
	Run() (code int)
}

// validationOff returns environ with CDK_VALIDATION=false and, unless it
// is set, Node's end-of-life banner silenced (it says nothing about the code
// under test). An empty CDK_VALIDATION= entry is replaced, not followed by a
// second one: Go's os.Getenv reads the first entry of a name, so the re-executed
// binary would see "" again and re-execute itself forever.
func validationOff(environ []string) []string {
	set := map[string]string{"CDK_VALIDATION": "false", "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "18,20"}
	out := make([]string, 0, len(environ)+len(set))
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		if _, ours := set[k]; ours {
			if k != "CDK_VALIDATION" && v != "" {
				delete(set, k) // the caller's choice stands
				out = append(out, kv)
			}
			continue
		}
		out = append(out, kv)
	}
	for _, k := range []string{"CDK_VALIDATION", "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"} {
		if v, ok := set[k]; ok {
			out = append(out, k+"="+v)
		}
	}
	return out
}

var (
	dirsMu   sync.Mutex
	dirsRoot string
)

// TempDir returns a new directory that lives until the package's tests end
// (Main removes it), for an assembly that several tests read. It panics if
// no directory can be made.
func TempDir() string {
	dirsMu.Lock()
	defer dirsMu.Unlock()
	if dirsRoot == "" {
		dir, err := os.MkdirTemp("", "trailbridgetest")
		if err != nil {
			panic(err)
		}
		dirsRoot = dir
	}
	dir, err := os.MkdirTemp(dirsRoot, "app")
	if err != nil {
		panic(err)
	}
	return dir
}

// PackageDir returns the directory of the package under test (go test runs
// a package's tests in it): the ModuleDir an example's stack builds its Go
// functions from. It panics if the working directory cannot be read.
func PackageDir() string {
	dir, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return dir
}

// ReadContext returns the "context" object of a cdk.json file: the feature
// flags `cdk init` writes there, and whatever else the app keeps there.
// (internal/config.ReadCDKJSON reads it for the app; it is not used here
// because package config imports constructs, whose tests import this.)
func ReadContext(cdkJSON string) (map[string]any, error) {
	b, err := os.ReadFile(cdkJSON)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Context map[string]any `json:"context"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", cdkJSON, err)
	}
	if doc.Context == nil {
		doc.Context = map[string]any{}
	}
	return doc.Context, nil
}

// AppOptions changes what NewApp builds. The zero value is an app with no
// context of its own.
type AppOptions struct {
	// CDKJSON is the path of a cdk.json (relative to the test's package
	// directory) whose context the app starts from, as `cdk synth` would.
	// Default: no context from a file (every feature flag at its default,
	// which is not what `cdk synth` does for an app made with `cdk init`).
	CDKJSON string
	// Context is added to the app's context and wins over CDKJSON's.
	// Default: nothing added.
	Context map[string]any
	// Bundle keeps Lambda bundling on (it builds every function's code).
	// Default: bundling is skipped (context aws:cdk:bundling-stacks = []).
	Bundle bool
	// Outdir is the directory the app synthesizes into.
	// Default: a new TempDir, which outlives the test (so an assembly can be
	// shared) and is removed by Main.
	Outdir string
}

// NewApp returns an app built as opts says, with construct-path metadata
// on (as the CDK CLI turns it on; simulate names rules by path). A cdk.json
// that cannot be read fails tb.
func NewApp(tb testing.TB, opts *AppOptions) awscdk.App {
	tb.Helper()
	if opts == nil {
		opts = &AppOptions{}
	}
	ctx := map[string]any{}
	if opts.CDKJSON != "" {
		file, err := ReadContext(opts.CDKJSON)
		if err != nil {
			tb.Fatalf("trailbridgetest: %v", err)
		}
		maps.Copy(ctx, file)
	}
	ctx["aws:cdk:enable-path-metadata"] = true
	if !opts.Bundle {
		ctx["aws:cdk:bundling-stacks"] = []any{}
	}
	maps.Copy(ctx, opts.Context)
	outdir := opts.Outdir
	if outdir == "" {
		outdir = TempDir()
	}
	return awscdk.NewApp(&awscdk.AppProps{Context: &ctx, Outdir: jsii.String(outdir)})
}

// Assembly is a synthesized app: its cloud assembly directory, its
// templates and its rules, ready for simulation. It is safe for concurrent
// use.
type Assembly struct {
	// Dir is the cloud assembly directory.
	Dir string
	sim *simulate.Assembly
}

// Synth synthesizes app and reads the assembly back. A panic while
// synthesizing (a construct's validation error) fails tb with its message.
func Synth(tb testing.TB, app awscdk.App) *Assembly {
	tb.Helper()
	a, err := synth(app)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func synth(app awscdk.App) (a *Assembly, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("synth: %v", r)
		}
	}()
	dir := *app.Synth(nil).Directory()
	sim, err := simulate.LoadAssembly(dir)
	if err != nil {
		return nil, err
	}
	return &Assembly{Dir: dir, sim: sim}, nil
}

// Once returns a function that builds an app with NewApp(opts), lets build
// add the stacks, and synthesizes it, the first time it is called; later
// calls return the same Assembly (or fail with the same error). Declare it
// at package level, so the tests of the package share one synth:
//
//	var app = trailbridgetest.Once(nil, func(app awscdk.App) { newStack(app, "Security", nil) })
func Once(opts *AppOptions, build func(app awscdk.App)) func(tb testing.TB) *Assembly {
	var (
		once sync.Once
		asm  *Assembly
		err  error
	)
	return func(tb testing.TB) *Assembly {
		tb.Helper()
		once.Do(func() {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("building the app: %v", r)
				}
			}()
			o := AppOptions{}
			if opts != nil {
				o = *opts
			}
			app := NewApp(tb, &o)
			build(app)
			asm, err = synth(app)
		})
		if err != nil {
			tb.Fatal(err)
		}
		return asm
	}
}

// Simulation returns the assembly's rules for simulate (Route, Rule).
func (a *Assembly) Simulation() *simulate.Assembly { return a.sim }

// Stacks returns the assembly's stacks.
func (a *Assembly) Stacks() []simulate.Stack { return a.sim.Stacks }

// Template reads the template of the stack whose artifact ID, stack name or
// construct path (display name) is stack, failing tb if there is none. Each
// call returns a new map: a test may change it.
func (a *Assembly) Template(tb testing.TB, stack string) Template {
	tb.Helper()
	var names []string
	for _, s := range a.sim.Stacks {
		if s.Artifact != stack && s.Name != stack && s.DisplayName != stack {
			names = append(names, s.Artifact)
			continue
		}
		path := filepath.Join(a.Dir, s.TemplateFile)
		b, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		var t Template
		if err := json.Unmarshal(b, &t); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		return t
	}
	sort.Strings(names)
	tb.Fatalf("no stack %q in %s; stacks: %q", stack, a.Dir, names)
	return nil
}

// AssertFires fails tb (with Errorf) unless the rule whose construct path
// ends with rule fires for event, a CloudTrail record or an EventBridge
// event; the message says why not. See simulate.AssertFires.
func (a *Assembly) AssertFires(tb testing.TB, event []byte, rule string) bool {
	tb.Helper()
	return simulate.AssertFires(tb, a.sim, event, rule)
}

// AssertNotFires fails tb (with Errorf) if the rule whose construct path
// ends with rule fires for event, saying how the event reached it. See
// simulate.AssertNotFires.
func (a *Assembly) AssertNotFires(tb testing.TB, event []byte, rule string) bool {
	tb.Helper()
	return simulate.AssertNotFires(tb, a.sim, event, rule)
}

// Template is a CloudFormation template parsed from JSON.
type Template map[string]any

// Resources returns the logical IDs and bodies (Type, Properties, ...) of
// every resource of type typ, such as "AWS::Events::Rule".
func (t Template) Resources(typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	res, _ := t["Resources"].(map[string]any)
	for id, r := range res {
		if body, ok := r.(map[string]any); ok && body["Type"] == typ {
			out[id] = body
		}
	}
	return out
}

// Only returns the logical ID and Properties of the one resource of type
// typ, failing tb unless there is exactly one.
func (t Template) Only(tb testing.TB, typ string) (logicalID string, props map[string]any) {
	tb.Helper()
	rs := t.Resources(typ)
	if len(rs) != 1 {
		ids := slices.Sorted(maps.Keys(rs))
		tb.Fatalf("want exactly one %s, found %d %q", typ, len(rs), ids)
	}
	for id, r := range rs {
		props, _ = r["Properties"].(map[string]any)
		return id, props
	}
	return "", nil
}

// Assertions returns the CDK assertions Template for t (Template.HasResourceProperties,
// ResourceCountIs, ...). They report a failure by panicking; wrap them in
// a function that recovers, or let the test fail with the panic.
func (t Template) Assertions() assertions.Template {
	m := map[string]any(t)
	return assertions.Template_FromJSON(&m, nil)
}

// JSON returns v (a part of a template) as compact JSON, with object keys
// sorted, for comparing it with a literal:
//
//	if got := trailbridgetest.JSON(rule["EventBusName"]); got != `{"Ref":"Bus1234"}` { ... }
//
// A value that cannot be marshalled gives its error text.
func JSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
