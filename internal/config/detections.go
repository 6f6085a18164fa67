package config

import (
	"cmp"
	"slices"

	"github.com/trailbridge/trailbridge/detection"
)

// builtinSwitches turn the built-in detections on: each is a field of
// trailbridge.alerts.
var builtinSwitches = map[string]func(*Config) bool{
	"root-sign-in":        func(c *Config) bool { return c.Alerts.RootSignIn },
	"sign-in-without-mfa": func(c *Config) bool { return c.Alerts.SignInWithoutMFA },
	"root-access-key":     func(c *Config) bool { return c.Alerts.RootAccessKey },
	"delete-db-instance":  func(c *Config) bool { return c.Alerts.DeleteDBInstance },
}

// DetectionList is every detection c turns on, in a stable order: the
// built-in alerts (trailbridge.alerts), the CIS controls
// (trailbridge.detections.cis) with their severity overrides, then the
// custom detections in configuration order.
func (c *Config) DetectionList() []detection.Detection {
	var out []detection.Detection
	for _, d := range detection.Builtin() {
		if on := builtinSwitches[d.ID]; on != nil && on(c) {
			out = append(out, d)
		}
	}
	if c.Detections.CIS.Enabled {
		for _, d := range detection.CIS() {
			switch v := c.Detections.CIS.Controls[d.ID]; v {
			case "":
			case CISOff:
				continue
			default:
				d.Severity = detection.Severity(v)
			}
			out = append(out, d)
		}
	}
	for _, cd := range c.Detections.Custom {
		out = append(out, cd.Detection())
	}
	return out
}

// CISOff turns a CIS control off in trailbridge.detections.cis.controls.
const CISOff = "off"

// Detection is the detection cd declares, with its defaults applied.
func (cd CustomDetection) Detection() detection.Detection {
	dests := cd.Destinations
	if len(dests) == 0 {
		dests = []string{detection.DestinationAlerts}
	}
	return detection.Detection{
		ID:          cd.ID,
		Title:       cmp.Or(cd.Title, cd.ID),
		Description: cd.Description,
		Severity:    detection.Severity(cmp.Or(cd.Severity, string(detection.SeverityMedium))),
		Remediation: cd.Remediation,
		Match: detection.Match{
			Services:          slices.Clone(cd.Services),
			EventNames:        slices.Clone(cd.EventNames),
			EventNamePrefixes: slices.Clone(cd.EventNamePrefixes),
			DetailTypes:       slices.Clone(cd.DetailTypes),
			UserIdentityTypes: slices.Clone(cd.UserIdentityTypes),
			RequestParameters: cd.RequestParameters,
			IncludeFailed:     cd.IncludeFailed,
			IncludeReadOnly:   cd.IncludeReadOnly,
		},
		Destinations: slices.Clone(dests),
		Source:       detection.SourceCustom,
	}
}
