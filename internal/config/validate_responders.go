package config

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/internal/validate"
)

// Modes are the values a responder's mode takes (contract.Modes, which the
// handlers parse too).
var Modes = contract.ModeNames()

// Protocols are the alert subscription protocols.
var Protocols = []string{"email", "email-json", "https", "sms", "sqs", "lambda"}

// validateResponders checks the responders' sections (each with its own
// checks) and the settings every responder shares: exemptions, alerts,
// operations, delivery.
func (c *Config) validateResponders(errs *Errors) {
	c.Responders.validate(c, errs)

	for i, pat := range c.Exemptions.Principals {
		if problem := contract.PrincipalPattern(pat); problem != "" {
			errs.add(fmt.Sprintf("trailbridge.exemptions.principals[%d]", i), pat, problem)
		}
	}
	if problem := contract.Tag(c.Exemptions.Tag); problem != "" {
		errs.add("trailbridge.exemptions.tag", c.Exemptions.Tag, problem)
	}

	for i, e := range c.Alerts.Emails {
		if !validate.Email(e) {
			errs.add(fmt.Sprintf("trailbridge.alerts.emails[%d]", i), e, "an e-mail address")
		}
	}
	for i, s := range c.Alerts.Subscriptions {
		field := fmt.Sprintf("trailbridge.alerts.subscriptions[%d]", i)
		switch {
		case !slices.Contains(Protocols, s.Protocol):
			errs.add(field+".protocol", s.Protocol, "one of "+strings.Join(Protocols, ", "))
		case strings.HasPrefix(s.Protocol, "email") && !validate.Email(s.Endpoint):
			errs.add(field+".endpoint", s.Endpoint, "an e-mail address")
		case s.Protocol == "https" && !strings.HasPrefix(s.Endpoint, "https://"):
			errs.add(field+".endpoint", s.Endpoint, "an https:// URL")
		case (s.Protocol == "sqs" || s.Protocol == "lambda") && !strings.HasPrefix(s.Endpoint, "arn:"):
			errs.add(field+".endpoint", s.Endpoint, "the ARN of the "+s.Protocol+" subscriber")
		case s.Protocol == "sms" && !regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`).MatchString(s.Endpoint):
			errs.add(field+".endpoint", s.Endpoint, "a phone number in E.164 form, e.g. +15555550123")
		}
	}
	for i, e := range c.Operations.Emails {
		if !validate.Email(e) {
			errs.add(fmt.Sprintf("trailbridge.operations.emails[%d]", i), e, "an e-mail address")
		}
	}
	if d := c.Delivery.MaxEventAgeSeconds; d < 60 || d > 86400 {
		errs.add("trailbridge.delivery.maxEventAgeSeconds", d, "60 to 86400 seconds")
	}
	if a := c.Delivery.RetryAttempts; a < 0 || a > 185 {
		errs.add("trailbridge.delivery.retryAttempts", a, "0 to 185")
	}
}

// quoted lists names as "a", "b", "c".
func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
