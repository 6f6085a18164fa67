// Package settings is both sides of the auditreport responder's configuration
// contract, and its facts: the configuration section
// (trailbridge.responders.<field>: its type, defaults and checks), the
// environment its function reads (Config, ConfigFromEnv), and what the
// function and its deployment share (Name, Events, Actions and Facts). It needs
// neither the CDK nor the AWS SDK's service clients, so that the CDK app
// links no SDK client and its tests run without the CDK.
package settings

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/catalog/operations"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/suggest"
)

// Settings configure the auditreport responder, which writes a JSON and
// Markdown report of sensitive calls to an Object Lock bucket:
// trailbridge.responders.auditReport.
type Settings struct {
	// Mode is off, alert, dry-run or remediate.
	// Default: "remediate".
	config.Responder
	// Events are the sensitive calls, as "service:EventName" (catalog
	// service names), each once, the event name as CloudTrail records it.
	// Default: IAM key, policy and login-profile changes, KMS key deletion
	// and disabling, flow log deletion, GuardDuty detector deletion, Config
	// recorder stop, leaving the organization.
	Events []string `json:"events"`
	// RetentionDays is the Object Lock (governance mode) retention of each
	// report, 1 to 36500.
	// Default: 365.
	RetentionDays int `json:"retentionDays"`
}

// Section is the responder's configuration section, listed in
// stacks/registry.go.
var Section = config.NewSection("auditReport", Settings{
	Responder:     config.Responder{Mode: "remediate"},
	RetentionDays: 365,
	Events: []string{
		"iam:CreateAccessKey",
		"iam:AttachUserPolicy",
		"iam:PutUserPolicy",
		"iam:CreateLoginProfile",
		"kms:ScheduleKeyDeletion",
		"kms:DisableKey",
		"ec2:DeleteFlowLogs",
		"guardduty:DeleteDetector",
		"config:StopConfigurationRecorder",
		"organizations:LeaveOrganization",
	},
}, check)

var reAuditCall = regexp.MustCompile(`^([a-z0-9-]+):([A-Za-z0-9]+)$`)

// check refuses a malformed entry ("service:EventName"), and otherwise
// each of: a service the catalog does not know; a name not capitalized as
// CloudTrail records it, or else a call listed twice; and, for the services
// catalog/operations covers, a name that is not an operation of the service
// (with the nearest names as a hint).
func check(_ *config.Config, s *Settings, p config.Problems) {
	if s.Mode != "off" && len(s.Events) == 0 {
		p.Add("events", s.Events, `at least one "service:EventName" while the responder is on`)
	}
	seen := map[string]int{}
	for i, e := range s.Events {
		field := fmt.Sprintf("events[%d]", i)
		m := reAuditCall.FindStringSubmatch(e)
		if m == nil {
			p.Add(field, e, `"service:EventName", e.g. "iam:CreateAccessKey"`)
			continue
		}
		svc, err := catalog.Lookup(m[1])
		if err != nil {
			p.Add(field, e, "a catalog service before the colon ("+err.Error()+")")
		}
		if name := m[2]; name[0] < 'A' || name[0] > 'Z' {
			p.Add(field, e, fmt.Sprintf("a CloudTrail event name, which starts with a capital letter (did you mean %q?)", m[1]+":"+strings.ToUpper(name[:1])+name[1:]))
			continue
		}
		if j, ok := seen[e]; ok {
			p.Add(field, e, fmt.Sprintf("each call once (events[%d] has it already)", j))
		} else {
			seen[e] = i
		}
		if err == nil && operations.Covers(svc.Name) && !operations.Has(svc.Name, m[2]) {
			p.Add(field, e, "an operation of "+svc.Name+" (CloudTrail event name)"+suggest.Format(operations.Suggest(svc.Name, m[2])))
		}
	}
	if s.RetentionDays < 1 || s.RetentionDays > 36500 {
		p.Add("retentionDays", s.RetentionDays, "1 to 36500 days of Object Lock retention")
	}
}
