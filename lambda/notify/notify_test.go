package notify

import (
	"strings"
	"testing"
)

const topic = "arn:aws:sns:eu-west-1:111111111111:trailbridge-alerts"

func TestConfigFromEnv(t *testing.T) {
	for _, c := range []struct {
		name, value string
		ok          bool
	}{
		{"valid", topic, true},
		{"gov cloud", "arn:aws-us-gov:sns:us-gov-west-1:111111111111:alerts", true},
		{"unset", "", false},
		{"name only", "trailbridge-alerts", false},
		{"fifo", topic + ".fifo", false},
		{"queue", "arn:aws:sqs:eu-west-1:111111111111:q", false},
		{"short account", "arn:aws:sns:eu-west-1:1111:alerts", false},
	} {
		cfg, err := ConfigFromEnv(func(k string) string {
			if k == EnvTopicARN {
				return c.value
			}
			return ""
		})
		if c.ok != (err == nil) {
			t.Errorf("%s: %q: err %v", c.name, c.value, err)
			continue
		}
		if c.ok && cfg.TopicARN != c.value {
			t.Errorf("%s: TopicARN %q", c.name, cfg.TopicARN)
		}
		if !c.ok && (!strings.Contains(err.Error(), EnvTopicARN) || !strings.Contains(err.Error(), TopicARNRule) || c.value != "" && !strings.Contains(err.Error(), c.value)) {
			t.Errorf("%s: error %q must name the variable, the value and what is allowed", c.name, err)
		}
	}
}
