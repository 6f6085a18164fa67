package settings_test

import (
	"testing"

	"github.com/trailbridge/trailbridge/internal/config/configtest"
	"github.com/trailbridge/trailbridge/lambda/responders/ownertags/settings"
)

// One row per message of the section's checks: each names the field, shows
// the value and says what is allowed.
func TestSettingsErrors(t *testing.T) {
	configtest.Errors(t, settings.Section, []configtest.Row{
		{Name: "owner tag reserved", Settings: map[string]any{"ownerTagKey": "aws:owner"},
			Want: `trailbridge.responders.ownerTags.ownerTagKey: got "aws:owner"; allowed: a tag key of 1 to 128 characters not starting with "aws:"`},
		{Name: "owner tag keys equal", Settings: map[string]any{"ownerTagKey": "owner", "createdAtTagKey": "owner"},
			Want: `trailbridge.responders.ownerTags.createdAtTagKey: got "owner"; allowed: a different key than ownerTagKey`},
	})
}
