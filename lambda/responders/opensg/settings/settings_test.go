package settings_test

import (
	"testing"

	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/config/configtest"
	"github.com/trailbridge/trailbridge/lambda/responders/opensg/settings"
)

// One row per message of the section's checks: each names the field, shows
// the value and says what is allowed.
func TestSettingsErrors(t *testing.T) {
	for _, r := range []struct {
		name string
		ctx  map[string]any
		want string
	}{
		{"responder mode", configtest.Responders("openSecurityGroup", map[string]any{"mode": "dryrun"}),
			`trailbridge.responders.openSecurityGroup.mode: got "dryrun"; allowed: one of "off", "alert", "dry-run", "remediate"; did you mean "dry-run"?`},
		{"admin port", configtest.Responders("openSecurityGroup", map[string]any{"adminPorts": []any{22, 70000}}),
			`trailbridge.responders.openSecurityGroup.adminPorts[1]: got 70000; allowed: a TCP port from 1 to 65535`},
		{"no admin ports", configtest.Responders("openSecurityGroup", map[string]any{"adminPorts": []any{}}),
			`trailbridge.responders.openSecurityGroup.adminPorts: got []; allowed: at least one port while the responder is on`},
	} {
		configtest.Expect(t, []config.Section{settings.Section}, r.name, r.ctx, r.want)
	}
}
