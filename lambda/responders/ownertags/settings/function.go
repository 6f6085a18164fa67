package settings

import (
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Name is the responder's name in logs.
const Name = "ownertags"

// EventsBySource maps each eventSource handled to its event names.
var EventsBySource = map[string][]string{
	cloudtrail.SourceEC2:    {"RunInstances", "StartInstances"},
	cloudtrail.SourceS3:     {"CreateBucket"},
	cloudtrail.SourceRDS:    {"CreateDBInstance"},
	cloudtrail.SourceLambda: {"CreateFunction20150331"},
}

// EventSources are the eventSources handled.
var EventSources = []string{cloudtrail.SourceEC2, cloudtrail.SourceS3, cloudtrail.SourceRDS, cloudtrail.SourceLambda}

// Events are the CloudTrail event names handled (each belongs to one
// source: see EventsBySource).
var Events = []string{"RunInstances", "StartInstances", "CreateBucket", "CreateDBInstance", "CreateFunction20150331"}

// Actions are the IAM actions the responder calls, to be granted verbatim.
var Actions = []string{
	"ec2:DescribeTags", "ec2:CreateTags",
	"s3:GetBucketTagging", "s3:PutBucketTagging",
	"rds:ListTagsForResource", "rds:AddTagsToResource",
	"lambda:ListTags", "lambda:TagResource",
}

// Environment variables and their defaults.
const (
	// EnvOwnerTagKey holds the owner tag's key.
	EnvOwnerTagKey = contract.EnvOwnerTagKey
	// EnvCreatedAtTagKey holds the creation time tag's key.
	EnvCreatedAtTagKey = contract.EnvCreatedAtTagKey
	// DefaultOwnerTagKey is the owner tag's key when EnvOwnerTagKey is
	// unset.
	DefaultOwnerTagKey = contract.DefaultOwnerTagKey
	// DefaultCreatedAtTagKey is the creation time tag's key when
	// EnvCreatedAtTagKey is unset.
	DefaultCreatedAtTagKey = contract.DefaultCreatedAtTagKey
)

// Facts are what the responder's function (ownertags.Kind) and its
// registry Entry (deploy.Entry) share.
var Facts = responderkit.Facts[Config]{Name: Name, ConfigFromEnv: ConfigFromEnv, Events: EventsBySource, Buffered: true}

// Config is the function's configuration, read from its environment.
type Config struct {
	// Responder is the common configuration.
	Responder responderkit.Config
	// OwnerTagKey is the owner tag's key. Default: DefaultOwnerTagKey.
	OwnerTagKey string
	// CreatedAtTagKey is the creation time tag's key. Default:
	// DefaultCreatedAtTagKey.
	CreatedAtTagKey string
}

// ConfigFromEnv reads the Config through getenv, reporting every bad
// variable at once.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	env := responderkit.NewEnv(getenv)
	cfg := Config{Responder: responderkit.ReadConfig(env)}
	read := func(name, def string) string {
		v := env.Get(name)
		if v == "" {
			return def
		}
		if problem := contract.TagKey(v); problem != "" {
			env.Fail(name, "must be "+problem)
		}
		return v
	}
	cfg.OwnerTagKey = read(EnvOwnerTagKey, DefaultOwnerTagKey)
	cfg.CreatedAtTagKey = read(EnvCreatedAtTagKey, DefaultCreatedAtTagKey)
	if cfg.OwnerTagKey == cfg.CreatedAtTagKey {
		env.Fail(EnvCreatedAtTagKey, "must differ from the owner tag key "+cfg.OwnerTagKey)
	}
	return cfg, env.Err()
}
