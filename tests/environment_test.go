package tests

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/stacks"
)

// TestEnvironmentSizeCountsWhatTheStackSets ties the check of each
// responder function's environment against Lambda's 4 KB limit
// (stacks.Validate, with stacks.FunctionEnvironment and EnvironmentReserve)
// to the functions the Response stack synthesizes for the "Everything" app:
// per function, the variables the template sets with literal values must
// be exactly the ones FunctionEnvironment counts, the others exactly
// deploy-time ones that stacks.ReservedEnvironment lists, and the counted
// size at least that of the literal values. A variable added on one side
// only fails it.
func TestEnvironmentSizeCountsWhatTheStackSets(t *testing.T) {
	s := synthApp(t, "Everything").Stack(t, "Trailbridge-Response")
	cfg := appConfig(t, "Everything")
	counted := map[string]map[string]string{}
	for _, e := range stacks.Responders {
		if d := e.Define(cfg); d.Mode == string(contract.ModeDryRun) || d.Mode == string(contract.ModeRemediate) {
			counted[d.ID] = stacks.FunctionEnvironment(cfg, d)
		}
	}
	seen := map[string]bool{}
	for id, vars := range responderVariables(s) {
		seen[id] = true
		want, ok := counted[id]
		if !ok {
			t.Errorf("%s: the stack creates a function the environment size check does not count", id)
			continue
		}
		literal := map[string]string{}
		for k, v := range vars {
			if slices.Contains(stacks.ReservedEnvironment, k) {
				continue
			}
			str, ok := v.(string)
			if !ok {
				t.Errorf("%s: %s is set at deploy time (%v) but stacks.ReservedEnvironment does not list it", id, k, v)
				continue
			}
			literal[k] = str
		}
		requireSameNames(t, literal, want,
			id+": the stack sets %s but the size check does not count it",
			id+": the size check counts %s but the stack does not set it")
		if got, min := stacks.EnvironmentSize(want), stacks.EnvironmentSize(literal); got < min {
			t.Errorf("%s: the size check counts %d bytes, the template's literal values take %d", id, got, min)
		}
	}
	for id := range counted {
		if !seen[id] {
			t.Errorf("%s: the size check counts a function the stack does not create", id)
		}
	}
}

func TestDefaultEnvironmentsFitWithRoom(t *testing.T) {
	cfg := stacks.DefaultConfig(config.Env{})
	for _, e := range stacks.Responders {
		d := e.Define(cfg)
		if n := stacks.EnvironmentSize(stacks.FunctionEnvironment(cfg, d)); n > stacks.LambdaEnvironmentLimit-stacks.EnvironmentReserve {
			t.Errorf("%s: %d bytes", d.ID, n)
		}
	}
}

// manyPrincipals are n exemption patterns of 56 characters each.
func manyPrincipals(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = "arn:aws:iam::111111111111:role/break-glass-" + strings.Repeat("x", 6) + "-" + strconv.Itoa(i%10)
	}
	return out
}

// manyTrails are n protected trail ARNs.
func manyTrails(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail-" + strconv.Itoa(i)
	}
	return out
}

// TestEnvironmentLimitNamesTheList: a configuration whose lists would not
// fit a responder function's environment is refused by stacks.LoadConfig
// (as app.go calls it), naming the list to shorten, and
// only then.
func TestEnvironmentLimitNamesTheList(t *testing.T) {
	cases := []struct {
		name string
		tb   map[string]any
		want string
	}{
		{"too many exemptions", map[string]any{"exemptions": map[string]any{"principals": manyPrincipals(100)}},
			`trailbridge.exemptions.principals: got "5199 characters in the AuditReport function's environment (5327 in all)"; allowed: at most 3584 characters in total (Lambda's 4 KB environment limit, less 512 bytes for values known at deploy time); exempt with fewer, wider patterns`},
		{"too many protected trails", map[string]any{"responders": map[string]any{"trailGuard": map[string]any{"protectedTrails": manyTrails(80)}}},
			`trailbridge.responders.trailGuard.protectedTrails: got "`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := stacks.LoadConfig(map[string]any{config.ContextKey: c.tb}, config.Env{})
			var es config.Errors
			if !errors.As(err, &es) || len(es) != 1 {
				t.Fatalf("want one problem, got %v", err)
			}
			if got := es[0].Error(); !strings.HasPrefix(got, c.want) {
				t.Errorf("problem = %s\nwant prefix %s", got, c.want)
			}
		})
	}
	// Fewer fit: 60 principals take 3119 characters.
	if _, err := stacks.LoadConfig(map[string]any{config.ContextKey: map[string]any{"exemptions": map[string]any{"principals": manyPrincipals(60)}}},
		config.Env{}); err != nil {
		t.Errorf("60 principals: %v", err)
	}
}

// tooManyPrincipals is cdk.json's trailbridge object with 100 exemption
// principals, more than a responder function's environment holds.
func tooManyPrincipals() string {
	principals := make([]string, 100)
	for i, p := range manyPrincipals(100) {
		principals[i] = strconv.Quote(p.(string))
	}
	return `{"exemptions": {"principals": [` + strings.Join(principals, ",") + `]}}`
}

var environmentLimit = appRunFor("TestEnvironmentLimitFailsBeforeAnythingIsWritten", tooManyPrincipals())

// TestEnvironmentLimitFailsBeforeAnythingIsWritten runs the app itself: the
// limit is checked before any stack is created, so nothing is written.
func TestEnvironmentLimitFailsBeforeAnythingIsWritten(t *testing.T) {
	t.Parallel()
	requireRefused(t, environmentLimit, "100 exemption principals",
		"invalid trailbridge configuration (1 problem)",
		`trailbridge.exemptions.principals: got "5199 characters in the AuditReport function's environment`,
	)
}
