package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// probeSettings is a section as a responder declares one: Responder
// embedded, its own fields, defaults, and a check that reads other config.
type probeSettings struct {
	Responder
	Ports []int  `json:"ports"`
	Name  string `json:"name"`
}

var probe = NewSection("probeResponder", probeSettings{Responder: Responder{Mode: "dry-run"}, Ports: []int{22}, Name: "x"},
	func(cfg *Config, s *probeSettings, p Problems) {
		if s.Mode != "off" && !cfg.Trail.Enabled && len(s.Ports) == 0 {
			p.Add("ports", s.Ports, "at least one port when trail.enabled is false")
		}
		for i, port := range s.Ports {
			if port > 65535 {
				p.Add("ports["+itoa(i)+"]", port, "a port")
			}
		}
	})

var other = NewSection("other", struct{ Responder }{Responder{Mode: "remediate"}}, nil)

func loadProbe(t *testing.T, ctx map[string]any) (*Config, Errors) {
	t.Helper()
	c, err := Load(ctx, Env{}, []Section{probe, other})
	var es Errors
	if err != nil && !errors.As(err, &es) {
		t.Fatalf("error is %T, want Errors", err)
	}
	return c, es
}

func TestSectionDefaultsMergeAndOverrides(t *testing.T) {
	c, es := loadProbe(t, nil)
	if es != nil {
		t.Fatal(es)
	}
	if got := probe.Of(c); !reflect.DeepEqual(got, probeSettings{Responder{"dry-run"}, []int{22}, "x"}) {
		t.Errorf("defaults = %+v", got)
	}
	// The defaults are copied: changing one configuration's settings leaves the next one's alone.
	probe.Of(c).Ports[0] = 1
	if c, _ := loadProbe(t, nil); probe.Of(c).Ports[0] != 22 {
		t.Error("section defaults shared between configurations")
	}
	_, es = loadProbe(t, map[string]any{
		"trailbridge": map[string]any{"responders": map[string]any{"probeResponder": map[string]any{"name": "y"}}},
		"trailbridge.responders.probeResponder.mode":      "off",
		"trailbridge.responders.probeResponder.ports":     "80, 443",
		"trailbridge.responders.other":                    `{"mode": "alert"}`,
		"trailbridge.responders.probeResponder.unrelated": nil,
	})
	if len(es) != 1 || es[0].Field != "trailbridge.responders.probeResponder.unrelated" {
		t.Fatalf("want only the unknown field, got %v", es)
	}
	c, es = loadProbe(t, map[string]any{
		"trailbridge": map[string]any{"responders": map[string]any{"probeResponder": map[string]any{"name": "y"}}},
		"trailbridge.responders.probeResponder.mode":  "off",
		"trailbridge.responders.probeResponder.ports": "80, 443",
		"trailbridge.responders.other":                `{"mode": "alert"}`,
	})
	if es != nil {
		t.Fatal(es)
	}
	if got := probe.Of(c); !reflect.DeepEqual(got, probeSettings{Responder{"off"}, []int{80, 443}, "y"}) {
		t.Errorf("merged = %+v", got)
	}
	if m := other.Of(c).Mode; m != "alert" {
		t.Errorf("other.mode = %q", m)
	}
	if got := c.Responders.Fields(); !reflect.DeepEqual(got, []string{"probeResponder", "other"}) {
		t.Errorf("fields = %v", got)
	}
}

// One row per message of the responders object's decoding and checks.
func TestSectionErrors(t *testing.T) {
	cases := []struct {
		name string
		ctx  map[string]any
		want string
	}{
		{"unknown section", section("responders", map[string]any{"probeResponer": map[string]any{}}),
			`trailbridge.responders.probeResponer: got unknown field "probeResponer"; allowed: one of probeResponder, other; did you mean "probeResponder"?`},
		{"unknown field", section("responders", map[string]any{"probeResponder": map[string]any{"prots": []any{1}}}),
			`trailbridge.responders.probeResponder.prots: got unknown field "prots"; allowed: one of mode, ports, name; did you mean "ports"?`},
		{"responders null", section("responders", nil),
			`trailbridge.responders: got null; allowed: a value (object); remove the field to keep its default`},
		{"responders a string", section("responders", "on"),
			`trailbridge.responders: got "on"; allowed: an object with fields probeResponder, other`},
		{"section not an object", section("responders", map[string]any{"probeResponder": "off"}),
			`trailbridge.responders.probeResponder: got "off"; allowed: an object with fields mode, ports, name`},
		{"nested null", section("responders", map[string]any{"probeResponder": map[string]any{"mode": nil}}),
			`trailbridge.responders.probeResponder.mode: got null; allowed: a value (string); remove the field to keep its default`},
		{"mode", map[string]any{"trailbridge.responders.other.mode": "dryrun"},
			`trailbridge.responders.other.mode: got "dryrun"; allowed: one of "off", "alert", "dry-run", "remediate"; did you mean "dry-run"?`},
		{"check with full path", section("responders", map[string]any{"probeResponder": map[string]any{"ports": []any{22, 70000}}}),
			`trailbridge.responders.probeResponder.ports[1]: got 70000; allowed: a port`},
		{"check reads other config", map[string]any{"trailbridge": map[string]any{"trail": map[string]any{"enabled": false}, "responders": map[string]any{"probeResponder": map[string]any{"ports": []any{}}}}},
			`trailbridge.responders.probeResponder.ports: got []; allowed: at least one port when trail.enabled is false`},
		{"overflow from -c", map[string]any{"trailbridge.responders.probeResponder.ports": "1e400"},
			`trailbridge.responders.probeResponder.ports[0]: got 1e400; allowed: an integer`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, es := loadProbe(t, c.ctx)
			found := false
			for _, e := range es {
				found = found || strings.HasPrefix(e.Error(), c.want)
			}
			if !found {
				t.Errorf("no problem starts with\n  %s\ngot:\n%v", c.want, es)
			}
		})
	}
}

func TestSectionValueUndecodableIsReportedOnce(t *testing.T) {
	for _, ctx := range []map[string]any{
		{"trailbridge.responders.probeResponder.ports": "1e400"},
		{"trailbridge": map[string]any{"responders": map[string]any{"probeResponder": map[string]any{"ports": nil}}}},
		{"trailbridge": map[string]any{"responders": map[string]any{"probeResponder": nil}}},
	} {
		if _, es := loadProbe(t, ctx); len(es) != 1 {
			t.Errorf("%v: want exactly one problem, got %v", ctx, es)
		}
	}
}

func TestWithoutSectionsRespondersIsEmpty(t *testing.T) {
	_, err := Load(map[string]any{"trailbridge": map[string]any{"responders": map[string]any{"trailGuard": map[string]any{}}}}, Env{}, nil)
	if err == nil || !strings.Contains(err.Error(), `trailbridge.responders.trailGuard: got unknown field "trailGuard"; allowed: one of none (no responder section was loaded)`) {
		t.Errorf("err = %v", err)
	}
	c := Defaults(Env{}, nil)
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "without the responders.probeResponder section") {
			t.Errorf("Of on a configuration without the section: recovered %v", r)
		}
	}()
	probe.Of(c)
}

func TestSectionDeclarationDefects(t *testing.T) {
	panics := func(name, want string, f func()) {
		t.Helper()
		defer func() {
			if r := recover(); r == nil || !strings.Contains(r.(string), want) {
				t.Errorf("%s: recovered %v, want a panic with %q", name, r, want)
			}
		}()
		f()
	}
	panics("nil list default", "got null", func() {
		NewSection("nilList", probeSettings{Responder: Responder{Mode: "off"}}, nil)
	})
	panics("twice", "two sections named responders.other", func() {
		Defaults(Env{}, []Section{other, other})
	})
}
