package stacks

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/internal/config"
)

func TestMain(m *testing.M) { cdktest.Main(m) }

// homeWatches predicts the home rules without creating them, for Validate;
// it must agree with what NewResponseStack builds.
func TestHomeWatchesAreTheRulesTheStackBuilds(t *testing.T) {
	cfg, err := config.Load(map[string]any{"trailbridge": map[string]any{
		"responders": map[string]any{"openSecurityGroup": map[string]any{"mode": "alert"}, "publicBucket": map[string]any{"mode": "off"}},
	}}, config.Env{Region: "eu-west-1", Account: cdktest.Account}, Sections())
	if err != nil {
		t.Fatal(err)
	}
	app := cdktest.NewApp(t, nil)
	s := NewResponseStack(app, "Response", &ResponseStackProps{Config: cfg})
	var built, predicted []string
	for _, r := range s.Rules {
		sp := r.Spec()
		var names []string
		for _, svc := range sp.Services {
			names = append(names, svc.Name)
		}
		built = append(built, strings.Join(names, ",")+":"+strings.Join(sp.EventNames, ",")+":"+strings.Join(sp.EventNamePrefixes, ","))
	}
	for _, w := range homeWatches(cfg) {
		predicted = append(predicted, strings.Join(w.props.Services, ",")+":"+strings.Join(w.props.EventNames, ",")+":"+strings.Join(w.props.EventNamePrefixes, ","))
	}
	sort.Strings(built)
	sort.Strings(predicted)
	if !slices.Equal(built, predicted) {
		t.Errorf("the stack builds\n  %q\nValidate predicts\n  %q", built, predicted)
	}
}
