package settings

import (
	"fmt"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Name is the responder's name in logs.
const Name = "trailguard"

// EventSource is the eventSource of the events handled.
const EventSource = cloudtrail.SourceCloudTrail

// Events are the CloudTrail event names handled.
var Events = []string{"StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"}

// Actions are the IAM actions the responder calls, to be granted verbatim.
var Actions = []string{"cloudtrail:GetTrailStatus", "cloudtrail:StartLogging"}

// EnvProtectedTrails names the environment variable listing the protected
// trails.
const EnvProtectedTrails = contract.EnvProtectedTrails

// Facts are what the responder's function (trailguard.Kind) and its
// registry Entry (deploy.Entry) share.
var Facts = responderkit.Facts[Config]{Name: Name, ConfigFromEnv: ConfigFromEnv, Events: map[string][]string{EventSource: Events}}

// Config is the function's configuration, read from its environment.
type Config struct {
	// Responder is the common configuration.
	Responder responderkit.Config
	// ProtectedTrails are trail names or trail ARNs; from
	// TRAILBRIDGE_PROTECTED_TRAILS (comma-separated), required.
	ProtectedTrails []string
}

// ConfigFromEnv reads the Config through getenv, reporting every bad
// variable at once.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	env := responderkit.NewEnv(getenv)
	cfg := Config{Responder: responderkit.ReadConfig(env)}
	for _, t := range env.List(EnvProtectedTrails) {
		if problem := contract.Trail(t); problem != "" {
			env.Fail(EnvProtectedTrails, fmt.Sprintf("trail %q: must be %s", t, problem))
			continue
		}
		cfg.ProtectedTrails = append(cfg.ProtectedTrails, t)
	}
	if len(env.List(EnvProtectedTrails)) == 0 {
		env.Fail(EnvProtectedTrails, "must list the protected trails, comma-separated names or ARNs")
	}
	return cfg, env.Err()
}
