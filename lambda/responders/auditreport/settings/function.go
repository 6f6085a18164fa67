package settings

import (
	"regexp"
	"strings"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Name is the responder's name in logs.
const Name = "auditreport"

// Events is nil: the responder handles every event its rule sends.
var Events []string

// Actions are the IAM actions the responder calls, to be granted verbatim
// (on the audit bucket's prefix).
var Actions = []string{"s3:PutObject"}

// Environment variables and their defaults.
const (
	// EnvBucket holds the audit bucket's name.
	EnvBucket = contract.EnvAuditBucket
	// EnvPrefix holds the key prefix of the reports.
	EnvPrefix = contract.EnvAuditPrefix
	// DefaultPrefix is the key prefix when EnvPrefix is unset.
	DefaultPrefix = contract.DefaultAuditPrefix
)

// Facts are what the responder's function (auditreport.Kind) and its
// registry Entry (deploy.Entry) share.
var Facts = responderkit.Facts[Config]{Name: Name, ConfigFromEnv: ConfigFromEnv}

// Config is the function's configuration, read from its environment.
type Config struct {
	// Responder is the common configuration.
	Responder responderkit.Config
	// Bucket is the audit bucket; required.
	Bucket string
	// Prefix is the key prefix, without leading or trailing "/". Default:
	// DefaultPrefix.
	Prefix string
}

var (
	bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	prefixRE   = regexp.MustCompile(`^[A-Za-z0-9!_.*'()/-]{1,512}$`)
)

// ConfigFromEnv reads the Config through getenv, reporting every bad
// variable at once.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	env := responderkit.NewEnv(getenv)
	cfg := Config{Responder: responderkit.ReadConfig(env)}
	switch b := env.Get(EnvBucket); {
	case b == "":
		env.Fail(EnvBucket, "must name the audit bucket")
	case !bucketName.MatchString(b) || strings.Contains(b, ".."):
		env.Fail(EnvBucket, "must be an S3 bucket name (3 to 63 lower-case letters, digits, . and -), not an ARN or URL")
	default:
		cfg.Bucket = b
	}
	p := strings.Trim(env.Get(EnvPrefix), "/")
	if env.Get(EnvPrefix) == "" {
		p = DefaultPrefix
	}
	if !prefixRE.MatchString(p) || strings.Contains(p, "//") || strings.Contains("/"+p+"/", "/../") || strings.Contains("/"+p+"/", "/./") {
		env.Fail(EnvPrefix, "must be a key prefix of letters, digits and !_.*'()/- without empty, . or .. segments, such as "+DefaultPrefix)
	} else {
		cfg.Prefix = p
	}
	return cfg, env.Err()
}
