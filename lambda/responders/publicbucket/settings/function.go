package settings

import (
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Name is the responder's name in logs.
const Name = "publicbucket"

// EventSource is the eventSource of the events handled.
const EventSource = cloudtrail.SourceS3

// Events are the CloudTrail event names handled (CloudTrail's names, not
// the API's: PutBucketPublicAccessBlock is the PutPublicAccessBlock API).
var Events = []string{"PutBucketPolicy", "PutBucketAcl", "DeleteBucketPublicAccessBlock", "PutBucketPublicAccessBlock"}

// Actions are the IAM actions the responder calls, to be granted verbatim.
var Actions = []string{"s3:GetBucketTagging", "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock"}

// Facts are what the responder's function (publicbucket.Kind) and its
// registry Entry (deploy.Entry) share.
var Facts = responderkit.Facts[Config]{Name: Name, ConfigFromEnv: ConfigFromEnv, Events: map[string][]string{EventSource: Events}}

// Config is the function's configuration, read from its environment:
// only the common variables (see package responderkit).
type Config struct {
	// Responder is the common configuration.
	Responder responderkit.Config
}

// ConfigFromEnv reads the Config through getenv, reporting every bad
// variable at once.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	env := responderkit.NewEnv(getenv)
	cfg := Config{Responder: responderkit.ReadConfig(env)}
	return cfg, env.Err()
}
