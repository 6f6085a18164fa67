package tests

import (
	"sort"
	"sync"
	"testing"

	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/testjson"
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
	ctx := map[string]any{}
	if file := configurations[name]; file != "" {
		ctx[config.ContextKey] = testjson.Object(t, file)
	}
	cfg, err := stacks.LoadConfig(ctx, config.Env{Region: "us-east-1", Account: cdktest.Account})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

var (
	appsMu sync.Mutex
	apps   = map[string]*cdktest.Assembly{}
)

// synthApp synthesizes the app for a named configuration once per test run,
// with cdk-nag's checks.
func synthApp(t *testing.T, name string) *cdktest.Assembly {
	t.Helper()
	return synthNamed(t, name, true, appConfig(t, name))
}

// synthNamed synthesizes the app for cfg once per test run under name
// (later calls with that name return the first assembly), with cdk-nag's
// checks if nag.
func synthNamed(t *testing.T, name string, nag bool, cfg *config.Config) *cdktest.Assembly {
	t.Helper()
	appsMu.Lock()
	defer appsMu.Unlock()
	if a, ok := apps[name]; ok {
		return a
	}
	app := cdktest.NewApp(t, &cdktest.AppOptions{Nag: nag, Shared: true})
	stacks.App(app, cfg)
	a := cdktest.Synth(t, app)
	apps[name] = a
	return a
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
	for name := range configurations {
		a := synthApp(t, name)
		for _, id := range stackIDs(a) {
			t.Run(name+"/"+id, func(t *testing.T) {
				cdktest.Golden(t, name+"-"+id, a.Stacks[id].Template)
			})
		}
	}
}

func TestCdkNag(t *testing.T) {
	for name := range configurations {
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
