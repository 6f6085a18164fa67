package heartbeat

import (
	"regexp"
	"strings"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/pattern"
)

// Name is the function's name in logs.
const Name = "heartbeat"

// The heartbeat's call, as CloudTrail records it.
const (
	// Service is the catalog name of the service called.
	Service = "ssm"
	// EventName is the CloudTrail event name of the call.
	EventName = "PutParameter"
)

// Actions are the IAM actions the function calls, to be granted on its
// parameter's ARN and nothing else.
var Actions = []string{"ssm:PutParameter"}

// EnvParameter names the environment variable holding the parameter's name
// (required).
const EnvParameter = contract.EnvHeartbeatParameter

// ParameterName is the name of the heartbeat parameter of the app with
// stack prefix prefix in region: "/<prefix>/heartbeat/<region>". The
// region in the name makes each region's heartbeat event tell where it
// came from, even once forwarded.
func ParameterName(prefix, region string) string {
	return "/" + prefix + "/heartbeat/" + region
}

// ParameterRule says what EnvParameter may hold.
const ParameterRule = "an SSM parameter name in a hierarchy, /PART/PART..., each part letters, digits, '_', '.' or '-' (not starting with aws or ssm)"

var reParameter = regexp.MustCompile(`^(/[A-Za-z0-9_.-]+)+$`)

// ValidParameterName reports whether name is a parameter name the function
// accepts (see ParameterRule).
func ValidParameterName(name string) bool {
	lower := strings.ToLower(strings.TrimPrefix(name, "/"))
	return reParameter.MatchString(name) && len(name) <= 1011 && !strings.HasPrefix(lower, "aws") && !strings.HasPrefix(lower, "ssm")
}

// Spec is the pattern of the heartbeat's CloudTrail event for parameter:
// a successful PutParameter of exactly that parameter. It is what the
// regional forwarders carry home.
func Spec(parameter string) pattern.Spec {
	svc, err := catalog.Lookup(Service)
	if err != nil {
		panic(err) // the catalog holds ssm: a test says so
	}
	return pattern.Spec{
		Services:          []catalog.Service{svc},
		EventNames:        []string{EventName},
		RequestParameters: map[string][]any{"name": {parameter}},
	}
}

// HomeSpec is the pattern of the home-bus rule that counts region's
// heartbeats: Spec, and the call recorded in region (detail.awsRegion,
// which forwarding keeps).
func HomeSpec(parameter, region string) pattern.Spec {
	s := Spec(parameter)
	s.Extra = map[string]any{"detail": map[string]any{"awsRegion": []any{region}}}
	return s
}

// Config is the function's configuration.
type Config struct {
	// Parameter is the parameter written on every beat; from
	// TRAILBRIDGE_HEARTBEAT_PARAMETER, required.
	Parameter string
}

// ConfigFromEnv reads the Config through getenv (os.Getenv in main),
// reporting a bad variable as an *responderkit.EnvError.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	env := responderkit.NewEnv(getenv)
	cfg := Config{Parameter: env.Get(EnvParameter)}
	if !ValidParameterName(cfg.Parameter) {
		env.Fail(EnvParameter, "must be "+ParameterRule)
	}
	return cfg, env.Err()
}
