package settings_test

import (
	"testing"

	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/config/configtest"
	"github.com/trailbridge/trailbridge/lambda/responders/mfagroup/settings"
)

// One row per message of the section's checks: each names the field, shows
// the value and says what is allowed.
func TestSettingsErrors(t *testing.T) {
	for _, r := range []struct {
		name string
		ctx  map[string]any
		want string
	}{
		{"mfa group name", configtest.Responders("mfaGroup", map[string]any{"groupName": "no spaces allowed"}),
			`trailbridge.responders.mfaGroup.groupName: got "no spaces allowed"; allowed: an IAM group name`},
	} {
		configtest.Expect(t, []config.Section{settings.Section}, r.name, r.ctx, r.want)
	}
}
