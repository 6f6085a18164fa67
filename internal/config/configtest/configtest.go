// Package configtest runs tables of configuration error messages, one row
// per message, for the packages that declare configuration sections (each
// responder's settings package): each row's context must produce a problem
// whose text starts with the row's.
package configtest

import (
	"errors"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/config"
)

// Row is one message of a section's checks.
type Row struct {
	// Name names the subtest.
	Name string
	// Settings is the section's object under trailbridge.responders.
	Settings map[string]any
	// Context, when set, is the whole context instead (for a message
	// that depends on other settings).
	Context map[string]any
	// Want is the start of the problem's text: "<field>: got <value>;
	// allowed: <what>".
	Want string
}

// Errors runs a subtest per row that loads the row's configuration with
// section (and the built-in checks) and fails unless config.Load reports a
// problem whose text starts with the row's Want.
func Errors(t *testing.T, section config.Section, rows []Row) {
	t.Helper()
	for _, r := range rows {
		ctx := r.Context
		if ctx == nil {
			ctx = map[string]any{config.ContextKey: map[string]any{"responders": map[string]any{section.Field(): r.Settings}}}
		}
		t.Run(r.Name, func(t *testing.T) {
			_, err := config.Load(ctx, config.Env{}, []config.Section{section})
			if err == nil {
				t.Fatalf("no error; want %q", r.Want)
			}
			var es config.Errors
			if !errors.As(err, &es) {
				t.Fatalf("error is %T, want config.Errors", err)
			}
			for _, e := range es {
				if strings.HasPrefix(e.Error(), r.Want) {
					return
				}
			}
			t.Errorf("no problem starts with\n  %s\ngot:\n%v", r.Want, err)
		})
	}
}
