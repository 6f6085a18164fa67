package tests

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/stacks"
)

// configurations are the app configurations every stack-level check runs
// on: nil is no configuration at all; a string names a JSON file under
// testdata (also used by CI's full synth).
var configurations = map[string]string{
	"Default":      "",
	"Everything":   "testdata/everything.json",
	"ThreeRegions": "testdata/three-regions.json",
}

// appConfig loads a named configuration as synthApp's app is given it (in
// us-east-1 of cdktest.Account, checked by stacks.Validate).
func appConfig(t *testing.T, name string) *config.Config {
	t.Helper()
	cfg, err := loadConfig(name)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// loadConfig loads a named configuration (see appConfig).
func loadConfig(name string) (*config.Config, error) {
	ctx := map[string]any{}
	if file := configurations[name]; file != "" {
		raw, err := readObject(file)
		if err != nil {
			return nil, err
		}
		ctx[config.ContextKey] = raw
	}
	return stacks.LoadConfig(ctx, config.Env{Region: "us-east-1", Account: cdktest.Account})
}

// readObject reads the JSON object in the file at path, without a test (a
// shared app's build runs in cdktest's helper process too).
func readObject(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var obj map[string]any
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return obj, nil
}

// sharedApps are the apps the package's tests share, each synthesized once
// (cdktest.Shared, maybe in cdktest's helper process), by name.
var sharedApps = map[string]func(testing.TB) *cdktest.Assembly{}

// The shared apps, declared in the order the tests first need them (the
// helper process takes them from the last): the app for each of
// configurations with cdk-nag's checks, the app for other configurations
// (with cdk-nag's checks where a test asks for them), then the apps of
// single tests, and one that fails (for TestASharedAppThatFailsFailsItsTests).
func init() {
	share := func(name string, nag bool, build func(app awscdk.App)) {
		sharedApps[name] = cdktest.Shared(name, &cdktest.AppOptions{Nag: nag}, build)
	}
	for _, name := range slices.Sorted(maps.Keys(configurations)) {
		share(name, true, func(app awscdk.App) {
			cfg, err := loadConfig(name)
			if err != nil {
				panic(err)
			}
			stacks.App(app, cfg)
		})
	}
	for _, c := range []struct {
		name        string
		nag         bool
		trailbridge map[string]any
	}{
		{"NoArchive", false, noArchiveConfig},
		{"CIS", false, cisConfig},
		{"Custom500", false, customDetections(500)},
		{"Stream", true, streamConfig},
	} {
		share(c.name, c.nag, func(app awscdk.App) {
			cfg, err := stacks.LoadConfig(map[string]any{config.ContextKey: c.trailbridge}, config.Env{Region: "us-east-1", Account: cdktest.Account})
			if err != nil {
				panic(err)
			}
			stacks.App(app, cfg)
		})
	}
	share("EveryTarget", true, buildEveryTarget)
	share("LongestStackPrefix", false, buildLongestStackPrefix)
	share("LargeMemberTemplate", false, func(app awscdk.App) { newLargeMemberOrganization(app) })
	share("Broken", false, buildBroken)
}

// synthApp returns the shared app of a named configuration (a key of
// configurations, or one of the other configurations init shares).
func synthApp(t *testing.T, name string) *cdktest.Assembly {
	t.Helper()
	synth, ok := sharedApps[name]
	if !ok {
		t.Fatalf("no shared app %q", name)
	}
	return synth(t)
}

func stackIDs(a *cdktest.Assembly) []string {
	var ids []string
	for id := range a.Stacks {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func TestSnapshots(t *testing.T) {
	for _, name := range slices.Sorted(maps.Keys(configurations)) {
		a := synthApp(t, name)
		for _, id := range stackIDs(a) {
			t.Run(name+"/"+id, func(t *testing.T) {
				cdktest.Golden(t, name+"-"+id, a.Stacks[id].Template)
			})
		}
	}
}

func TestCdkNag(t *testing.T) {
	for _, name := range slices.Sorted(maps.Keys(configurations)) {
		a := synthApp(t, name)
		for _, id := range stackIDs(a) {
			a.Stacks[id].RequireNoNagErrors(t)
		}
	}
}

func TestDefaultAppDeploysTheAuditTrailInTheHomeRegion(t *testing.T) {
	a := synthApp(t, "Default")
	s := a.Stack(t, "Trailbridge-AuditTrail")
	if s.Environment != "aws://111111111111/us-east-1" {
		t.Errorf("environment = %s", s.Environment)
	}
	p := s.Props(t, "AWS::CloudTrail::Trail")
	if p["IsMultiRegionTrail"] != true || p["TrailName"] != "trailbridge" {
		t.Errorf("trail = %v", p)
	}
	if _, ok := p["CloudWatchLogsLogGroupArn"]; !ok {
		t.Error("the app delivers the trail to CloudWatch Logs by default")
	}
}

func TestTagsReachResources(t *testing.T) {
	s := synthApp(t, "Everything").Stack(t, "Trailbridge-AuditTrail")
	for id, r := range s.Resources("AWS::S3::Bucket") {
		tags, _ := r["Properties"].(map[string]any)["Tags"].([]any)
		found := map[string]bool{}
		for _, tg := range tags {
			m := tg.(map[string]any)
			found[m["Key"].(string)+"="+m["Value"].(string)] = true
		}
		if !found["app=trailbridge"] || !found["team=platform"] {
			t.Errorf("%s tags = %v", id, tags)
		}
	}
}

// buildBroken fails: the shared app "Broken", declared after the others,
// so that it is the first the helper process takes when there is one.
func buildBroken(awscdk.App) {
	fmt.Fprintln(os.Stderr, "building the broken app")
	panic("the broken app's deliberate failure")
}

// fatalRecorder is a testing.TB whose Fatalf panics with its message, for
// a test of what fails a test.
type fatalRecorder struct{ testing.TB }

func (fatalRecorder) Fatalf(format string, args ...any) { panic(fatal(fmt.Sprintf(format, args...))) }

type fatal string

// TestASharedAppThatFailsFailsItsTests: a shared app whose build panics
// fails the tests that ask for it, with the panic's message, and when the
// helper process built it, with what the helper printed; so does every
// later ask. (Each other test here would pass with its app missing only by
// asserting nothing.)
func TestASharedAppThatFailsFailsItsTests(t *testing.T) {
	for range 2 {
		msg := func() (msg fatal) {
			defer func() { msg, _ = recover().(fatal) }()
			sharedApps["Broken"](fatalRecorder{t})
			return ""
		}()
		if !strings.Contains(string(msg), "the broken app's deliberate failure") {
			t.Fatalf("asking for the broken app: %q, want a failure with the panic's message", msg)
		}
		if cdktest.HelperRuns() && !strings.Contains(string(msg), "building the broken app") {
			t.Errorf("the failure does not show the helper's output: %q", msg)
		}
	}
}
