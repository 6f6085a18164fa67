package config

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/internal/suggest"
	"github.com/trailbridge/trailbridge/internal/validate"
)

// Modes are the values a responder's mode takes (contract.Modes, which the
// handlers parse too).
var Modes = contract.ModeNames()

// Protocols are the alert subscription protocols.
var Protocols = []string{"email", "email-json", "https", "sms", "sqs", "lambda"}

var reAuditCall = regexp.MustCompile(`^([a-z0-9-]+):([A-Za-z0-9]+)$`)

func (c *Config) validateResponders(errs *Errors) {
	const p = "trailbridge.responders."
	r := c.Responders
	for _, m := range []struct{ name, mode string }{
		{"publicBucket", r.PublicBucket.Mode}, {"mfaGroup", r.MFAGroup.Mode}, {"ownerTags", r.OwnerTags.Mode},
		{"trailGuard", r.TrailGuard.Mode}, {"openSecurityGroup", r.OpenSecurityGroup.Mode}, {"auditReport", r.AuditReport.Mode},
	} {
		name, mode := m.name, m.mode
		if !slices.Contains(Modes, mode) {
			errs.add(p+name+".mode", mode, "one of "+quoted(Modes)+suggest.Hint(mode, Modes))
		}
	}
	if problem := contract.GroupName(r.MFAGroup.GroupName); problem != "" {
		errs.add(p+"mfaGroup.groupName", r.MFAGroup.GroupName, problem)
	}
	for _, k := range [][2]string{{"ownerTags.ownerTagKey", r.OwnerTags.OwnerTagKey}, {"ownerTags.createdAtTagKey", r.OwnerTags.CreatedAtTagKey}} {
		field, key := k[0], k[1]
		if problem := contract.TagKey(key); problem != "" {
			errs.add(p+field, key, problem)
		}
	}
	if r.OwnerTags.OwnerTagKey == r.OwnerTags.CreatedAtTagKey {
		errs.add(p+"ownerTags.createdAtTagKey", r.OwnerTags.CreatedAtTagKey, "a different key than ownerTagKey")
	}
	for i, t := range r.TrailGuard.ProtectedTrails {
		if problem := contract.Trail(t); problem != "" {
			errs.add(fmt.Sprintf("%strailGuard.protectedTrails[%d]", p, i), t, problem)
		}
	}
	if r.TrailGuard.Mode != "off" && !c.Trail.Enabled && len(r.TrailGuard.ProtectedTrails) == 0 {
		errs.add(p+"trailGuard.protectedTrails", r.TrailGuard.ProtectedTrails, "at least one trail when trail.enabled is false (the guard has nothing to protect), or trailGuard.mode \"off\"")
	}
	if r.OpenSecurityGroup.Mode != "off" && len(r.OpenSecurityGroup.AdminPorts) == 0 {
		errs.add(p+"openSecurityGroup.adminPorts", r.OpenSecurityGroup.AdminPorts, "at least one port while the responder is on")
	}
	seenPorts := map[int]bool{}
	for i, port := range r.OpenSecurityGroup.AdminPorts {
		if problem := contract.PortNumber(port); problem != "" {
			errs.add(fmt.Sprintf("%sopenSecurityGroup.adminPorts[%d]", p, i), port, problem)
		} else if seenPorts[port] {
			errs.add(fmt.Sprintf("%sopenSecurityGroup.adminPorts[%d]", p, i), port, "each port once")
		}
		seenPorts[port] = true
	}
	if r.AuditReport.Mode != "off" && len(r.AuditReport.Events) == 0 {
		errs.add(p+"auditReport.events", r.AuditReport.Events, `at least one "service:EventName" while the responder is on`)
	}
	for i, e := range r.AuditReport.Events {
		field := fmt.Sprintf("%sauditReport.events[%d]", p, i)
		m := reAuditCall.FindStringSubmatch(e)
		if m == nil {
			errs.add(field, e, `"service:EventName", e.g. "iam:CreateAccessKey"`)
			continue
		}
		if _, err := catalog.Lookup(m[1]); err != nil {
			errs.add(field, e, "a catalog service before the colon ("+err.Error()+")")
		}
	}
	if r.AuditReport.RetentionDays < 1 || r.AuditReport.RetentionDays > 36500 {
		errs.add(p+"auditReport.retentionDays", r.AuditReport.RetentionDays, "1 to 36500 days of Object Lock retention")
	}

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
