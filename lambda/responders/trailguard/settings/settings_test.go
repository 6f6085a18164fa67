package settings_test

import (
	"testing"

	"github.com/trailbridge/trailbridge/internal/config/configtest"
	"github.com/trailbridge/trailbridge/lambda/responders/trailguard/settings"
)

// One row per message of the section's checks: each names the field, shows
// the value and says what is allowed.
func TestSettingsErrors(t *testing.T) {
	configtest.Errors(t, settings.Section, []configtest.Row{
		{Name: "protected trail", Settings: map[string]any{"protectedTrails": []any{"arn:aws:s3:::bucket"}},
			Want: `trailbridge.responders.trailGuard.protectedTrails[0]: got "arn:aws:s3:::bucket"; allowed: a trail name or trail ARN`},
		// The NAME of a trail ARN obeys the trail name rules (3 to 128
		// characters), which the trailguard handler checks at init.
		{Name: "protected trail arn short name", Settings: map[string]any{"protectedTrails": []any{"arn:aws:cloudtrail:us-east-1:111111111111:trail/x"}},
			Want: `trailbridge.responders.trailGuard.protectedTrails[0]: got "arn:aws:cloudtrail:us-east-1:111111111111:trail/x"; allowed: a trail name or trail ARN`},
		{Name: "guard with nothing to protect", Context: map[string]any{"trailbridge": map[string]any{"trail": map[string]any{"enabled": false}}},
			Want: `trailbridge.responders.trailGuard.protectedTrails: got []; allowed: at least one trail when trail.enabled is false`},
	})
}
