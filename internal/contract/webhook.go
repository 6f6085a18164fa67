package contract

import (
	"net/url"
	"strings"
)

// Webhooks (EventBridge API destinations): the rules the constructs
// (targets.WebhookProps) and the app's webhook destinations
// (trailbridge.detections.destinations) both check, so that a value the
// configuration accepts never fails in the construct.
const (
	// WebhookEndpointRule describes WebhookEndpoint.
	WebhookEndpointRule = "an https:// URL with a host (EventBridge API destinations refuse plain HTTP)"
	// SecretARNRule describes SecretARN.
	SecretARNRule = "a Secrets Manager secret ARN (the webhook's credential never appears in a template)"
	// MaxWebhookRate is EventBridge's highest invocation rate of an API
	// destination, per second.
	MaxWebhookRate = 300
	// WebhookRateRule describes WebhookRate.
	WebhookRateRule = "1 to 300 (0 for the default, 10)"
)

// WebhookEndpoint checks a webhook's endpoint.
func WebhookEndpoint(s string) string {
	u, err := url.Parse(s)
	return unless(err == nil && u.Scheme == "https" && u.Host != "", WebhookEndpointRule)
}

// SecretARN checks the ARN of the secret holding a webhook's credential.
func SecretARN(s string) string {
	return unless(strings.HasPrefix(s, "arn:") && strings.Contains(s, ":secretsmanager:"), SecretARNRule)
}

// WebhookRate checks a webhook's invocation rate per second (0: the
// default).
func WebhookRate(n int) string {
	return unless(n >= 0 && n <= MaxWebhookRate, WebhookRateRule)
}
