package config

import (
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/internal/validate"
)

// The checks in this file refuse inputs that the format checks let through
// but that would be silently ignored, misread or fail only at deploy time.

var (
	// reStrictEmail is an addr-spec as SNS delivers to it: a dot-atom local
	// part and a domain of letter-digit-hyphen labels, ASCII only. No
	// display names or angle brackets ("<a@b.c>"), no spaces of any kind
	// (a trailing no-break space copied from a web page included).
	reStrictEmail = regexp.MustCompile("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]$")
	reSQSArn      = regexp.MustCompile(`^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$`)
)

// StrictEmailRule says what an e-mail address field accepts.
const StrictEmailRule = "a plain e-mail address such as secops@example.com (no display name or <>, no spaces, ASCII)"

func (c *Config) validateInputs(errs *Errors) {
	c.validateAddresses(errs)
	c.validateOrganizationRegions(errs)
	c.validateDisabledTrail(errs)
	t := c.Trail
	if t.Enabled && t.CloudWatchLogs.Enabled && validate.KeyARN(t.ExistingKeyARN) && strings.Contains(t.ExistingKeyARN, ":alias/") {
		errs.add("trailbridge.trail.existingKeyArn", t.ExistingKeyARN, "a key ARN (arn:...:key/ID), not an alias ARN, while trail.cloudWatchLogs.enabled is true: "+
			"a log group's KMS key must be given by key ARN, so the trail's log group would not be encrypted with this key; give the key ARN or set cloudWatchLogs.enabled to false")
	}
}

// validateAddresses checks what the format checks pass: e-mail addresses
// strictly, each subscription endpoint in its protocol's format, and each
// endpoint once per topic (the subscriptions are named by their endpoint).
func (c *Config) validateAddresses(errs *Errors) {
	email := func(field, addr string) bool {
		// Only what the basic check passes: it reports the rest.
		if validate.Email(addr) && !reStrictEmail.MatchString(addr) {
			errs.add(field, addr, StrictEmailRule)
			return false
		}
		return true
	}
	seen := map[string]string{}
	once := func(field, endpoint string) {
		if first, ok := seen[endpoint]; ok {
			errs.add(field, endpoint, "each endpoint once per topic ("+first+" has it already)")
			return
		}
		seen[endpoint] = field
	}
	for i, e := range c.Alerts.Emails {
		f := fmt.Sprintf("trailbridge.alerts.emails[%d]", i)
		email(f, e)
		once(f, e)
	}
	for i, s := range c.Alerts.Subscriptions {
		f := fmt.Sprintf("trailbridge.alerts.subscriptions[%d].endpoint", i)
		switch s.Protocol {
		case "email", "email-json":
			email(f, s.Endpoint)
		case "https":
			if u, err := url.Parse(s.Endpoint); strings.HasPrefix(s.Endpoint, "https://") && (err != nil || u.Host == "" || u.User != nil || strings.ContainsAny(s.Endpoint, " \t\r\n")) {
				errs.add(f, s.Endpoint, "an https:// URL with a host, without credentials or spaces")
			}
		case "lambda":
			if strings.HasPrefix(s.Endpoint, "arn:") && !validate.LambdaARN(s.Endpoint) {
				errs.add(f, s.Endpoint, "a Lambda function ARN such as arn:aws:lambda:us-east-1:111111111111:function:my-function (protocol lambda)")
			}
		case "sqs":
			if strings.HasPrefix(s.Endpoint, "arn:") && !reSQSArn.MatchString(s.Endpoint) {
				errs.add(f, s.Endpoint, "an SQS queue ARN such as arn:aws:sqs:us-east-1:111111111111:my-queue (protocol sqs)")
			}
		}
		once(f, s.Endpoint)
	}
	seen = map[string]string{}
	for i, e := range c.Operations.Emails {
		f := fmt.Sprintf("trailbridge.operations.emails[%d]", i)
		email(f, e)
		once(f, e)
	}
}

func (c *Config) validateOrganizationRegions(errs *Errors) {
	for i, r := range c.Organization.Regions {
		if slices.Contains(c.ExcludedRegions, r) {
			errs.add(fmt.Sprintf("trailbridge.organization.regions[%d]", i), r, "a region that excludedRegions does not also list")
		}
	}
}

// validateDisabledTrail reports every trail setting changed from its
// default while trail.enabled is false: no trail is created, so the setting
// would do nothing.
func (c *Config) validateDisabledTrail(errs *Errors) {
	if c.Trail.Enabled {
		return
	}
	def := Defaults(Env{}, nil).Trail
	var walk func(got, want reflect.Value, path string)
	walk = func(got, want reflect.Value, path string) {
		if got.Kind() == reflect.Struct {
			for i := 0; i < got.NumField(); i++ {
				name := jsonName(got.Type().Field(i))
				if path == "trailbridge.trail" && name == "enabled" {
					continue
				}
				walk(got.Field(i), want.Field(i), path+"."+name)
			}
			return
		}
		if got.Kind() == reflect.Slice && got.Len() == 0 && want.Len() == 0 {
			return
		}
		if !reflect.DeepEqual(got.Interface(), want.Interface()) {
			errs.add(path, got.Interface(), fmt.Sprintf("its default (%s) while trail.enabled is false: no trail is created, so the setting does nothing", show(want.Interface())))
		}
	}
	walk(reflect.ValueOf(c.Trail), reflect.ValueOf(def), "trailbridge.trail")
}

// SharedEnvironment is the environment every responder function in mode
// gets from the configuration. The stacks add each responder's own
// variables to it (stacks.FunctionEnvironment), and stacks.Validate checks
// the sum against Lambda's 4 KB limit.
func (c *Config) SharedEnvironment(mode Mode) map[string]string {
	return map[string]string{
		contract.EnvMode:             mode,
		contract.EnvExemptPrincipals: strings.Join(c.Exemptions.Principals, ","),
		contract.EnvExemptTag:        c.Exemptions.Tag,
	}
}
