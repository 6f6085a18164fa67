package tests

import (
	"slices"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/config"
)

// TestEnvironmentSizeCountsWhatTheStackSets ties the configuration's check
// of each responder function's environment against Lambda's 4 KB limit
// (config.ResponderEnvironments, EnvironmentReserve) to the functions the
// Response stack synthesizes for the "Everything" app: per function, the
// variables the template sets with literal values must be exactly the ones
// the configuration counts, the others exactly deploy-time ones that
// config.ReservedEnvironment lists, and the counted size at least that of
// the literal values. A variable added on one side only fails it.
func TestEnvironmentSizeCountsWhatTheStackSets(t *testing.T) {
	s := synthApp(t, "Everything").Stack(t, "Trailbridge-Response")
	cfg := appConfig(t, "Everything")
	counted := cfg.ResponderEnvironments()
	seen := map[string]bool{}
	for _, r := range s.Resources("AWS::Lambda::Function") {
		path, _ := r["Metadata"].(map[string]any)["aws:cdk:path"].(string)
		parts := strings.Split(path, "/")
		if len(parts) < 3 || parts[2] != "Function" {
			continue
		}
		id := parts[1]
		seen[id] = true
		want, ok := counted[id]
		if !ok {
			t.Errorf("%s: the stack creates a function the configuration's size check does not count", id)
			continue
		}
		props, _ := r["Properties"].(map[string]any)
		env, _ := props["Environment"].(map[string]any)
		vars, _ := env["Variables"].(map[string]any)
		literal := map[string]string{}
		for k, v := range vars {
			if slices.Contains(config.ReservedEnvironment, k) {
				continue
			}
			str, ok := v.(string)
			if !ok {
				t.Errorf("%s: %s is set at deploy time (%v) but config.ReservedEnvironment does not list it", id, k, v)
				continue
			}
			literal[k] = str
		}
		for k := range literal {
			if _, ok := want[k]; !ok {
				t.Errorf("%s: the stack sets %s but the configuration does not count it", id, k)
			}
		}
		for k := range want {
			if _, ok := literal[k]; !ok {
				t.Errorf("%s: the configuration counts %s but the stack does not set it", id, k)
			}
		}
		if got, min := config.EnvironmentSize(want), config.EnvironmentSize(literal); got < min {
			t.Errorf("%s: the configuration counts %d bytes, the template's literal values take %d", id, got, min)
		}
	}
	for id := range counted {
		if !seen[id] {
			t.Errorf("%s: the configuration counts a function the stack does not create", id)
		}
	}
}
