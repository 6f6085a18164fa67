package settings

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Name is the responder's name in logs.
const Name = "opensg"

// EventSource is the eventSource of the events handled.
const EventSource = cloudtrail.SourceEC2

// Events are the CloudTrail event names handled.
var Events = []string{"AuthorizeSecurityGroupIngress"}

// Actions are the IAM actions the responder calls, to be granted verbatim.
var Actions = []string{"ec2:DescribeSecurityGroups", "ec2:RevokeSecurityGroupIngress"}

// EnvAdminPorts names the environment variable listing the admin ports.
const EnvAdminPorts = contract.EnvAdminPorts

// DefaultAdminPorts are the admin ports when EnvAdminPorts is unset: SSH
// and RDP.
const DefaultAdminPorts = contract.DefaultAdminPorts

// Facts are what the responder's function (opensg.Kind) and its
// registry Entry (deploy.Entry) share.
var Facts = responderkit.Facts[Config]{Name: Name, ConfigFromEnv: ConfigFromEnv, Events: map[string][]string{EventSource: Events}}

// Config is the function's configuration, read from its environment.
type Config struct {
	// Responder is the common configuration.
	Responder responderkit.Config
	// AdminPorts are the TCP ports that must not be open to the world;
	// from TRAILBRIDGE_ADMIN_PORTS (comma-separated, 1 to 65535).
	// Default: 22 and 3389.
	AdminPorts []int
}

// ConfigFromEnv reads the Config through getenv, reporting every bad
// variable at once.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	env := responderkit.NewEnv(getenv)
	cfg := Config{Responder: responderkit.ReadConfig(env)}
	items := env.List(EnvAdminPorts)
	if env.Get(EnvAdminPorts) == "" {
		items = strings.Split(DefaultAdminPorts, ",")
	}
	for _, s := range items {
		if problem := contract.Port(s); problem != "" {
			env.Fail(EnvAdminPorts, fmt.Sprintf("port %q: must be %s; ports separated by commas, such as %s", s, problem, DefaultAdminPorts))
			continue
		}
		p, _ := strconv.Atoi(s)
		if !slices.Contains(cfg.AdminPorts, p) {
			cfg.AdminPorts = append(cfg.AdminPorts, p)
		}
	}
	if len(cfg.AdminPorts) == 0 && env.Err() == nil {
		env.Fail(EnvAdminPorts, "must list at least one port, such as "+DefaultAdminPorts)
	}
	return cfg, env.Err()
}
