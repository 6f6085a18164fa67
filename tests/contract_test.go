package tests

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/stacks"
)

// TestStackAndHandlersAgreeOnEnvironment is the drift test of the
// stack-to-handler contract (internal/contract). On the "Everything" app
// (every responder on, organization mode, so every variable is set) it takes
// each responder function's environment from the template and runs the
// responder's own loader (its ConfigFromEnv) on it through a recording
// getenv: the names read must be exactly the names set, and the values must
// load without error.
func TestStackAndHandlersAgreeOnEnvironment(t *testing.T) {
	s := synthApp(t, "Everything").Stack(t, "Trailbridge-Response")
	cfg := appConfig(t, "Everything")
	if !cfg.Organization.Enabled {
		t.Fatal("the Everything app must be in organization mode, so member role names are set")
	}
	envs := functionEnvironments(t, s)
	for _, e := range stacks.Responders {
		d := e.Define(cfg)
		if d.Mode != string(contract.ModeRemediate) && d.Mode != string(contract.ModeDryRun) {
			t.Errorf("%s: mode %q deploys no function; the Everything app must turn every responder on", d.ID, d.Mode)
			continue
		}
		set, ok := envs[d.ID]
		if !ok {
			t.Errorf("%s: no function in the Response stack", d.ID)
			continue
		}
		read := map[string]bool{}
		err := d.ReadEnv(func(name string) string {
			read[name] = true
			return set[name]
		})
		if err != nil {
			t.Errorf("%s: the handler rejects the environment the stack sets: %v", d.ID, err)
		}
		// A responder that acts only in the home account gets no member
		// role name; its loader still reads the variable (it is common).
		if !d.Member && !read[contract.EnvMemberRoleName] {
			t.Errorf("%s: loader does not read %s", d.ID, contract.EnvMemberRoleName)
		}
		if !d.Member {
			delete(read, contract.EnvMemberRoleName)
		}
		requireSameNames(t, set, read,
			d.ID+": the stack sets %s but the handler never reads it",
			d.ID+": the handler reads %s but the stack does not set it")
	}
}

// requireSameNames fails t with onlyA (a format with one %s: the name) for
// each name of a that b lacks, and with onlyB for each name of b that a
// lacks, in name order.
func requireSameNames[A, B any](t *testing.T, a map[string]A, b map[string]B, onlyA, onlyB string) {
	t.Helper()
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if _, ok := b[k]; !ok {
			t.Errorf(onlyA, k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(b)) {
		if _, ok := a[k]; !ok {
			t.Errorf(onlyB, k)
		}
	}
}

// responderVariables returns the environment variables of each responder
// function of the Response stack s, as the template sets them, by responder
// ID (the first element of its construct path).
func responderVariables(s *cdktest.Stack) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, r := range s.Resources("AWS::Lambda::Function") {
		path, _ := r["Metadata"].(map[string]any)["aws:cdk:path"].(string)
		parts := strings.Split(path, "/")
		if len(parts) < 3 || parts[2] != "Function" {
			continue
		}
		props, _ := r["Properties"].(map[string]any)
		env, _ := props["Environment"].(map[string]any)
		vars, _ := env["Variables"].(map[string]any)
		out[parts[1]] = vars
	}
	return out
}

// functionEnvironments returns each responder function's environment
// variables by responder ID (responderVariables), with values the template
// leaves to CloudFormation replaced by plausible ones: the role ARN and the
// report bucket's name.
func functionEnvironments(t *testing.T, s *cdktest.Stack) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for id, vars := range responderVariables(s) {
		m := map[string]string{}
		for k, v := range vars {
			switch x := v.(type) {
			case string:
				m[k] = x
			case map[string]any:
				if _, ok := x["Fn::GetAtt"]; ok && k == contract.EnvSelfRoleARN {
					m[k] = "arn:aws:iam::" + cdktest.Account + ":role/responder"
				} else {
					m[k] = "trailbridge-reports-example"
				}
			default:
				t.Fatalf("%s: %s = %v", id, k, v)
			}
		}
		out[id] = m
	}
	return out
}
