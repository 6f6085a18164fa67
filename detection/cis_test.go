package detection_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/catalog/operations"
	"github.com/trailbridge/trailbridge/detection"
	"github.com/trailbridge/trailbridge/internal/config"
	mfagroupsettings "github.com/trailbridge/trailbridge/lambda/responders/mfagroup/settings"
	opensgsettings "github.com/trailbridge/trailbridge/lambda/responders/opensg/settings"
	publicbucketsettings "github.com/trailbridge/trailbridge/lambda/responders/publicbucket/settings"
	trailguardsettings "github.com/trailbridge/trailbridge/lambda/responders/trailguard/settings"
)

// TestDetectionsValid checks every CIS and Builtin detection: Validate
// passes, IDs are unique, and every service is a catalog service whose
// table knows every event name (a misspelt name would match nothing).
func TestDetectionsValid(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range append(detection.CIS(), detection.Builtin()...) {
		if err := d.Validate(); err != nil {
			t.Errorf("%s: %v", d.ID, err)
		}
		if seen[d.ID] {
			t.Errorf("%s: duplicate ID", d.ID)
		}
		seen[d.ID] = true
		for _, s := range d.Match.Services {
			if _, err := catalog.Lookup(s); err != nil {
				t.Errorf("%s: service %q: %v", d.ID, s, err)
			}
			for _, n := range d.Match.EventNames {
				if !operations.Has(s, n) {
					t.Errorf("%s: %s:%s is not a CloudTrail event name of %s (nearest: %q)", d.ID, s, n, s, operations.Suggest(s, n))
				}
			}
		}
		if len(d.Match.EventNames) > 0 && len(d.Match.Services) == 0 {
			t.Errorf("%s: event names without a service cannot be checked against the catalog", d.ID)
		}
	}
}

// TestCISSet checks the CIS set is the benchmark's monitoring section:
// CloudWatch.1-14 and CIS.4.15, in order, each with its control, severity,
// texts and source.
func TestCISSet(t *testing.T) {
	var ids []string
	for i := 1; i <= 14; i++ {
		ids = append(ids, fmt.Sprintf("CloudWatch.%d", i))
	}
	ids = append(ids, "CIS.4.15")
	var got []string
	for _, d := range detection.CIS() {
		got = append(got, d.ID)
		if d.Source != detection.SourceCIS {
			t.Errorf("%s: Source = %q", d.ID, d.Source)
		}
		if d.Title == "" || d.Description == "" || d.Remediation == "" {
			t.Errorf("%s: title, description and remediation are all needed", d.ID)
		}
		if !strings.HasPrefix(d.Control, "CIS "+detection.CISVersion+" 4.") {
			t.Errorf("%s: Control %q does not name the CIS %s section", d.ID, d.Control, detection.CISVersion)
		}
		if strings.HasPrefix(d.ID, "CloudWatch.") && !strings.HasSuffix(d.Control, "Security Hub "+d.ID) {
			t.Errorf("%s: Control %q does not name the Security Hub control", d.ID, d.Control)
		}
	}
	if !slices.Equal(got, ids) {
		t.Errorf("CIS IDs = %q; want %q", got, ids)
	}
	// The severity rule of the package documentation, pinned.
	severity := map[string]detection.Severity{}
	for _, d := range detection.CIS() {
		severity[d.ID] = d.Severity
	}
	for id, want := range map[string]detection.Severity{
		"CloudWatch.1": detection.SeverityCritical, "CloudWatch.2": detection.SeverityMedium,
		"CloudWatch.3": detection.SeverityHigh, "CloudWatch.5": detection.SeverityHigh, "CloudWatch.10": detection.SeverityMedium,
	} {
		if severity[id] != want {
			t.Errorf("%s: Severity = %q; want %q", id, severity[id], want)
		}
	}
}

// responderRef is a responder as TestResponders sees it.
type responderRef struct {
	section config.Section
	service string
	events  []string
}

// responders are the responders a detection may name, by their
// configuration section (the one declaration of the name), with the events
// their rules select.
var responders = []responderRef{
	{trailguardsettings.Section, "cloudtrail", trailguardsettings.Events},
	{publicbucketsettings.Section, "s3", publicbucketsettings.Events},
	{opensgsettings.Section, "ec2", opensgsettings.Events},
	{mfagroupsettings.Section, "iam", mfagroupsettings.Events},
}

// TestResponders checks that each detection's Responder is a responder's
// configuration section name, and that a CIS detection naming one shares
// calls with it (the docs table tells people a responder acts on those
// events).
func TestResponders(t *testing.T) {
	for _, d := range append(detection.CIS(), detection.Builtin()...) {
		if d.Responder == "" {
			continue
		}
		i := slices.IndexFunc(responders, func(r responderRef) bool {
			return r.section.Field() == d.Responder
		})
		if i < 0 {
			t.Errorf("%s: Responder %q is not a responder's section name", d.ID, d.Responder)
			continue
		}
		if d.Source != detection.SourceCIS {
			continue
		}
		r := responders[i]
		shared := slices.Contains(d.Match.Services, r.service) && slices.ContainsFunc(r.events, func(e string) bool {
			return slices.Contains(d.Match.EventNames, e)
		})
		if !shared {
			t.Errorf("%s: responder %s acts on %s:%q, none of which the detection matches", d.ID, d.Responder, r.service, r.events)
		}
	}
}
