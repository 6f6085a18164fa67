package operations

import (
	"strings"

	"github.com/trailbridge/trailbridge/internal/suggest"
)

// Unknown says why eventName is not a CloudTrail event name of any of
// services (names catalog.Lookup accepts), as the "allowed" part of a
// message: `an operation of iam (CloudTrail event name); did you mean
// "CreateUser"?`. It returns "" when one of the services records the name,
// or when one of them is not covered (its names are not known). The app's
// configuration (an error) and apicall.RuleProps (a synth warning) share it.
func Unknown(services []string, eventName string) string {
	if len(services) == 0 {
		return ""
	}
	for _, s := range services {
		if !Covers(s) || Has(s, eventName) {
			return ""
		}
	}
	var hints []string
	for _, s := range services {
		hints = append(hints, Suggest(s, eventName)...)
	}
	return "an operation of " + strings.Join(services, " or ") + " (CloudTrail event name)" + suggest.Format(hints)
}
