package settings_test

import (
	"testing"

	"github.com/trailbridge/trailbridge/internal/config/configtest"
	"github.com/trailbridge/trailbridge/lambda/responders/opensg/settings"
)

// One row per message of the section's checks: each names the field, shows
// the value and says what is allowed.
func TestSettingsErrors(t *testing.T) {
	configtest.Errors(t, settings.Section, []configtest.Row{
		{Name: "responder mode", Settings: map[string]any{"mode": "dryrun"},
			Want: `trailbridge.responders.openSecurityGroup.mode: got "dryrun"; allowed: one of "off", "alert", "dry-run", "remediate"; did you mean "dry-run"?`},
		{Name: "admin port", Settings: map[string]any{"adminPorts": []any{22, 70000}},
			Want: `trailbridge.responders.openSecurityGroup.adminPorts[1]: got 70000; allowed: a TCP port from 1 to 65535`},
		{Name: "no admin ports", Settings: map[string]any{"adminPorts": []any{}},
			Want: `trailbridge.responders.openSecurityGroup.adminPorts: got []; allowed: at least one port while the responder is on`},
	})
}
