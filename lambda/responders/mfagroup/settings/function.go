package settings

import (
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Name is the responder's name in logs.
const Name = "mfagroup"

// EventSource is the eventSource of the events handled.
const EventSource = cloudtrail.SourceIAM

// Events are the CloudTrail event names handled.
var Events = []string{"CreateUser"}

// Actions are the IAM actions the responder calls, to be granted verbatim.
var Actions = []string{"iam:ListUserTags", "iam:ListMFADevices", "iam:ListGroupsForUser", "iam:AddUserToGroup"}

// EnvGroup names the environment variable holding the IAM group's name.
const EnvGroup = contract.EnvMFAGroup

// Facts are what the responder's function (mfagroup.Kind) and its
// registry Entry (deploy.Entry) share.
var Facts = responderkit.Facts[Config]{Name: Name, ConfigFromEnv: ConfigFromEnv, Events: map[string][]string{EventSource: Events}}

// Config is the function's configuration, read from its environment.
type Config struct {
	// Responder is the common configuration.
	Responder responderkit.Config
	// Group is the name (not the ARN or path) of the IAM group new users
	// without MFA are added to; from TRAILBRIDGE_MFA_GROUP, required.
	Group string
}

// ConfigFromEnv reads the Config through getenv, reporting every bad
// variable at once.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	env := responderkit.NewEnv(getenv)
	cfg := Config{Responder: responderkit.ReadConfig(env)}
	switch g := env.Get(EnvGroup); {
	case g == "":
		env.Fail(EnvGroup, "must name the IAM group for users without MFA (a group name, not an ARN)")
	case contract.GroupName(g) != "":
		env.Fail(EnvGroup, "must be "+contract.GroupNameRule)
	default:
		cfg.Group = g
	}
	return cfg, env.Err()
}
