package notify

import (
	"regexp"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Name is the function's name in logs.
const Name = "notify"

// EnvTopicARN names the environment variable holding the alert topic's
// ARN (required).
const EnvTopicARN = contract.EnvAlertTopicARN

// Actions are the IAM actions the function calls, to be granted verbatim
// on the topic (plus kms:GenerateDataKey and kms:Decrypt on the topic's
// key when it is encrypted).
var Actions = []string{"sns:Publish"}

// The message attributes of every alert, for subscription filter policies.
const (
	// AttributeSeverity holds the alert's severity (low, medium, high,
	// critical).
	AttributeSeverity = "severity"
	// AttributeDetection holds the detection's ID.
	AttributeDetection = "detection"
)

// Config is the notifier's configuration.
type Config struct {
	// TopicARN is the alert topic; from TRAILBRIDGE_ALERT_TOPIC_ARN,
	// required.
	TopicARN string
}

// TopicARNRule says what EnvTopicARN may hold.
const TopicARNRule = "a standard SNS topic ARN, arn:PARTITION:sns:REGION:ACCOUNT:NAME (not FIFO: alerts carry no message group)"

var reTopicARN = regexp.MustCompile(`^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$`)

// ConfigFromEnv reads the Config through getenv (os.Getenv in main),
// reporting every bad variable at once, each an *responderkit.EnvError.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	env := responderkit.NewEnv(getenv)
	cfg := Config{TopicARN: env.Get(EnvTopicARN)}
	if !reTopicARN.MatchString(cfg.TopicARN) {
		env.Fail(EnvTopicARN, "must be "+TopicARNRule)
	}
	return cfg, env.Err()
}
