package config

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/catalog/operations"
	"github.com/trailbridge/trailbridge/detection"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/internal/suggest"
)

// MaxDestinations is EventBridge's limit of targets per rule.
const MaxDestinations = 5

var reDestinationName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,39}$`)

// destinationTypes are the types of trailbridge.detections.destinations.
var destinationTypes = []string{"webhook", "queue", "stream"}

func (c *Config) validateDetections(errs *Errors) {
	const p = "trailbridge.detections."
	d := &c.Detections
	cisIDs := map[string]bool{}
	for _, x := range detection.CIS() {
		cisIDs[x.ID] = true
	}
	ids := slices.Sorted(maps.Keys(cisIDs))
	if len(d.CIS.Controls) > 0 && !d.CIS.Enabled {
		errs.add(p+"cis.controls", d.CIS.Controls, "no controls while trailbridge.detections.cis.enabled is false (they would be ignored); set enabled to true or remove controls")
	}
	allowedLevel := []string{CISOff}
	for _, s := range detection.Severities() {
		allowedLevel = append(allowedLevel, string(s))
	}
	for _, k := range slices.Sorted(maps.Keys(d.CIS.Controls)) {
		if !cisIDs[k] {
			errs.add(p+"cis.controls."+k, unknownField(k), "one of "+strings.Join(ids, ", ")+suggest.Hint(k, ids))
			continue
		}
		if v := d.CIS.Controls[k]; !slices.Contains(allowedLevel, v) {
			errs.add(p+"cis.controls."+k, v, "one of "+strings.Join(allowedLevel, ", ")+suggest.Hint(v, allowedLevel))
		}
	}

	dests := []string{detection.DestinationAlerts}
	for _, name := range slices.Sorted(maps.Keys(d.Destinations)) {
		dests = append(dests, name)
		dst := d.Destinations[name]
		f := p + "destinations." + name
		if name == detection.DestinationAlerts || !reDestinationName.MatchString(name) {
			errs.add(f, unknownField(name), `a name of 1 to 40 letters, digits and '-' other than "alerts" (the alert topic's)`)
		}
		switch dst.Type {
		case "webhook":
			if problem := contract.WebhookEndpoint(dst.Endpoint); problem != "" {
				errs.add(f+".endpoint", dst.Endpoint, problem)
			}
			if problem := contract.SecretARN(dst.SecretARN); problem != "" {
				errs.add(f+".secretArn", dst.SecretARN, problem)
			}
			if problem := contract.WebhookRate(dst.RateLimitPerSecond); problem != "" {
				errs.add(f+".rateLimitPerSecond", dst.RateLimitPerSecond, problem)
			}
			if dst.PartitionKeyPath != "" {
				errs.add(f+".partitionKeyPath", dst.PartitionKeyPath, "nothing for a webhook destination (a stream setting)")
			}
		case "queue", "stream":
			for field, v := range map[string]string{"endpoint": dst.Endpoint, "secretArn": dst.SecretARN, "secretField": dst.SecretField, "headerName": dst.HeaderName} {
				if v != "" {
					errs.add(f+"."+field, v, "nothing for a "+dst.Type+" destination (webhook settings)")
				}
			}
			if dst.RateLimitPerSecond != 0 {
				errs.add(f+".rateLimitPerSecond", dst.RateLimitPerSecond, "nothing for a "+dst.Type+" destination (a webhook setting)")
			}
			switch {
			case dst.Type == "queue" && dst.PartitionKeyPath != "":
				errs.add(f+".partitionKeyPath", dst.PartitionKeyPath, "nothing for a queue destination (a stream setting)")
			case dst.Type == "stream" && dst.PartitionKeyPath != "":
				if rule := contract.PartitionKeyPath(dst.PartitionKeyPath); rule != "" {
					errs.add(f+".partitionKeyPath", dst.PartitionKeyPath, rule+" (empty for "+contract.DefaultPartitionKeyPath+")")
				}
			}
		default:
			errs.add(f+".type", dst.Type, `"webhook", "queue" or "stream"`+suggest.Hint(dst.Type, destinationTypes))
		}
	}

	seen := map[string]string{}
	for _, b := range detection.Builtin() {
		seen[b.ID] = "a built-in detection"
	}
	for id := range cisIDs {
		seen[id] = "a CIS control"
	}
	for i, cd := range d.Custom {
		f := fmt.Sprintf("%scustom[%d]", p, i)
		if problem := detection.IDProblem(cd.ID); problem != "" {
			errs.add(f+".id", cd.ID, problem)
		} else if other, dup := seen[cd.ID]; dup {
			errs.add(f+".id", cd.ID, "an ID not already used (it is "+other+")")
		} else {
			seen[cd.ID] = fmt.Sprintf("%scustom[%d]", p, i)
		}
		if cd.Severity != "" && !detection.Severity(cd.Severity).Valid() {
			errs.add(f+".severity", cd.Severity, fmt.Sprintf("one of %q", detection.Severities())+suggest.Hint(cd.Severity, severityNames()))
		}
		// The alert's input template carries these texts, within
		// EventBridge's limit on its length.
		for _, t := range []struct {
			field, value string
			max          int
		}{{"title", cd.Title, detection.MaxTitleLength}, {"description", cd.Description, detection.MaxDescriptionLength}, {"remediation", cd.Remediation, detection.MaxRemediationLength}} {
			if len(t.value) > t.max {
				errs.add(f+"."+t.field, t.value, fmt.Sprintf("at most %d characters", t.max))
			}
		}
		validServices := true
		for j, s := range cd.Services {
			if _, err := catalog.Lookup(s); err != nil {
				validServices = false
				errs.add(fmt.Sprintf("%s.services[%d]", f, j), s, "a catalog service name"+suggest.Hint(s, catalog.Names()))
			}
		}
		switch {
		case len(cd.Services) == 0 && len(cd.UserIdentityTypes) == 0:
			errs.add(f+".services", cd.Services, "at least one catalog service (or userIdentityTypes, for a detection across every service)")
		case len(cd.Services) == 0 && (len(cd.EventNames) > 0 || len(cd.EventNamePrefixes) > 0):
			errs.add(f+".services", cd.Services, "the services of the eventNames (an event name is checked against its service's operations)")
		}
		if validServices {
			for j, n := range cd.EventNames {
				if problem := eventNameProblem(cd.Services, n); problem != "" {
					errs.add(fmt.Sprintf("%s.eventNames[%d]", f, j), n, problem)
				}
			}
		}
		validDetailTypes := true
		for j, dt := range cd.DetailTypes {
			if !catalog.ValidDetailType(dt) {
				validDetailTypes = false
				errs.add(fmt.Sprintf("%s.detailTypes[%d]", f, j), dt, fmt.Sprintf("one of %q", catalog.DetailTypes()))
			}
		}
		if len(cd.Destinations) > MaxDestinations {
			errs.add(f+".destinations", cd.Destinations, fmt.Sprintf("at most %d destinations (EventBridge's targets per rule)", MaxDestinations))
		}
		for j, name := range cd.Destinations {
			if !slices.Contains(dests, name) {
				errs.add(fmt.Sprintf("%s.destinations[%d]", f, j), name, "one of "+strings.Join(dests, ", ")+" (trailbridge.detections.destinations names the others)"+suggest.Hint(name, dests))
			} else if slices.Index(cd.Destinations, name) != j {
				errs.add(fmt.Sprintf("%s.destinations[%d]", f, j), name, "each destination once")
			}
		}
		// What the fields above do not cover (request parameter syntax,
		// pattern limits), pattern.Build reports.
		if validServices && validDetailTypes {
			if _, err := cd.Detection().Pattern(); err != nil {
				errs.add(f, cd.ID, "a detection whose event pattern EventBridge accepts: "+err.Error())
			}
		}
	}
}

// eventNameProblem says why name is not an event name of any of services,
// or "" when one of them records it (or one of them is not covered by the
// table): operations.Unknown, the check apicall.RuleProps shares.
func eventNameProblem(services []string, name string) string {
	if strings.TrimSpace(name) == "" {
		return "a CloudTrail event name"
	}
	return operations.Unknown(services, name)
}

func severityNames() []string {
	var out []string
	for _, s := range detection.Severities() {
		out = append(out, string(s))
	}
	return out
}
