package tests

import (
	"slices"
	"sort"
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
		var setNames, readNames []string
		for k := range set {
			setNames = append(setNames, k)
		}
		for k := range read {
			if k == contract.EnvMemberRoleName && !d.Member {
				continue
			}
			readNames = append(readNames, k)
		}
		sort.Strings(setNames)
		sort.Strings(readNames)
		for _, k := range setNames {
			if !slices.Contains(readNames, k) {
				t.Errorf("%s: the stack sets %s but the handler never reads it", d.ID, k)
			}
		}
		for _, k := range readNames {
			if !slices.Contains(setNames, k) {
				t.Errorf("%s: the handler reads %s but the stack does not set it", d.ID, k)
			}
		}
	}
}

// functionEnvironments returns each responder function's environment
// variables by responder ID (the first element of its construct path),
// with values the template leaves to CloudFormation replaced by plausible
// ones: the role ARN and the report bucket's name.
func functionEnvironments(t *testing.T, s *cdktest.Stack) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for _, r := range s.Resources("AWS::Lambda::Function") {
		path, _ := r["Metadata"].(map[string]any)["aws:cdk:path"].(string)
		parts := strings.Split(path, "/")
		if len(parts) < 3 || parts[2] != "Function" {
			continue
		}
		props, _ := r["Properties"].(map[string]any)
		env, _ := props["Environment"].(map[string]any)
		vars, _ := env["Variables"].(map[string]any)
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
				t.Fatalf("%s: %s = %v", path, k, v)
			}
		}
		out[parts[1]] = m
	}
	return out
}
