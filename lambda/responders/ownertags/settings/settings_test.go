package settings_test

import (
	"testing"

	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/config/configtest"
	"github.com/trailbridge/trailbridge/lambda/responders/ownertags/settings"
)

// One row per message of the section's checks: each names the field, shows
// the value and says what is allowed.
func TestSettingsErrors(t *testing.T) {
	for _, r := range []struct {
		name string
		ctx  map[string]any
		want string
	}{
		{"owner tag reserved", configtest.Responders("ownerTags", map[string]any{"ownerTagKey": "aws:owner"}),
			`trailbridge.responders.ownerTags.ownerTagKey: got "aws:owner"; allowed: a tag key of 1 to 128 characters not starting with "aws:"`},
		{"owner tag keys equal", configtest.Responders("ownerTags", map[string]any{"ownerTagKey": "owner", "createdAtTagKey": "owner"}),
			`trailbridge.responders.ownerTags.createdAtTagKey: got "owner"; allowed: a different key than ownerTagKey`},
	} {
		configtest.Expect(t, []config.Section{settings.Section}, r.name, r.ctx, r.want)
	}
}
