package settings_test

import (
	"testing"

	"github.com/trailbridge/trailbridge/internal/config/configtest"
	"github.com/trailbridge/trailbridge/lambda/responders/mfagroup/settings"
)

// One row per message of the section's checks: each names the field, shows
// the value and says what is allowed.
func TestSettingsErrors(t *testing.T) {
	configtest.Errors(t, settings.Section, []configtest.Row{
		{Name: "mfa group name", Settings: map[string]any{"groupName": "no spaces allowed"},
			Want: `trailbridge.responders.mfaGroup.groupName: got "no spaces allowed"; allowed: an IAM group name`},
	})
}
