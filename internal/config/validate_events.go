package config

import (
	"fmt"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/catalog/operations"
	"github.com/trailbridge/trailbridge/internal/suggest"
)

// validateEventNames refuses an audit-report event that is not a CloudTrail
// event name of its service ("iam:CreateUsr"), with the nearest names as a
// hint, using catalog/operations. Entries the format checks refuse (no
// colon, unknown service, lower-case name) are theirs to report; services
// that catalog/operations does not cover are not checked.
func (c *Config) validateEventNames(errs *Errors) {
	for i, e := range c.Responders.AuditReport.Events {
		m := reAuditCall.FindStringSubmatch(e)
		if m == nil || m[2][0] < 'A' || m[2][0] > 'Z' {
			continue // reported by the format checks
		}
		s, err := catalog.Lookup(m[1])
		if err != nil || !operations.Covers(s.Name) || operations.Has(s.Name, m[2]) {
			continue
		}
		errs.add(fmt.Sprintf("trailbridge.responders.auditReport.events[%d]", i), e,
			"an operation of "+s.Name+" (CloudTrail event name)"+suggest.Format(operations.Suggest(s.Name, m[2])))
	}
}
