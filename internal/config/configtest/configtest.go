// Package configtest runs tables of configuration error messages, one row
// per message, for the packages that declare configuration sections (each
// responder's deploy package): each row's context must produce a problem
// whose text starts with the row's.
package configtest

import (
	"errors"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/config"
)

// Expect runs a subtest named name that loads ctx with sections (and the
// built-in checks) and fails unless config.Load reports a problem whose
// text, "<field>: got <value>; allowed: <what>", starts with want.
func Expect(t *testing.T, sections []config.Section, name string, ctx map[string]any, want string) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		_, err := config.Load(ctx, config.Env{}, sections)
		if err == nil {
			t.Fatalf("no error; want %q", want)
		}
		var es config.Errors
		if !errors.As(err, &es) {
			t.Fatalf("error is %T, want config.Errors", err)
		}
		for _, e := range es {
			if strings.HasPrefix(e.Error(), want) {
				return
			}
		}
		t.Errorf("no problem starts with\n  %s\ngot:\n%v", want, err)
	})
}

// Responders is the context {"trailbridge": {"responders": {field: settings}}}.
func Responders(field string, settings map[string]any) map[string]any {
	return map[string]any{config.ContextKey: map[string]any{"responders": map[string]any{field: settings}}}
}
