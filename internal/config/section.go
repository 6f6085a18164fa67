package config

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"

	"github.com/trailbridge/trailbridge/internal/suggest"
)

// Section is a responder's object under trailbridge.responders: its
// settings type (json tags, each field's doc comment ending in "Default:
// ..."), its defaults and its checks, declared with NewSection in the
// responder's own folder (lambda/responders/<name>/deploy/settings.go) and
// listed once, with the responder's definition, in stacks/registry.go.
// Load decodes the responders object against the sections it is given
// (stacks.LoadConfig gives the registered ones), with the same rules as
// every other field.
type Section interface {
	// Field is the section's key under trailbridge.responders, e.g.
	// "trailGuard".
	Field() string

	// fresh returns a new *S holding the section's defaults.
	fresh() any
	// mode is the mode held in v, a *S.
	mode(v any) Mode
	// check reports the problems of v, a *S, in cfg.
	check(cfg *Config, v any, p Problems)
}

// Moded is what every settings type has: the mode, from an embedded
// Responder (whose fields decode as the section's own).
type Moded interface {
	// ResponderMode is the configured mode.
	ResponderMode() Mode
}

// ResponderMode is r's mode, for Moded.
func (r Responder) ResponderMode() Mode { return r.Mode }

// SectionOf is a Section whose settings are of type S. Deploy code reads
// its typed settings with Of.
type SectionOf[S Moded] struct {
	field    string
	defaults map[string]any
	checkFn  func(cfg *Config, s *S, p Problems)
}

// NewSection declares the section field of trailbridge.responders, whose
// settings are an S (a struct embedding Responder), with their defaults and
// the checks Load runs on them after decoding (besides the mode's, which
// every section gets): check reports each problem through p, naming the
// field under the section; it may read the whole configuration, for checks
// that involve other settings. check may be nil.
//
// The defaults go through the same decoder as the configuration: a default
// the decoder would refuse (a nil list, which JSON encodes as null) panics
// here, when the responder's package is initialized.
func NewSection[S Moded](field string, defaults S, check func(cfg *Config, s *S, p Problems)) *SectionOf[S] {
	if reflect.TypeOf(defaults).Kind() != reflect.Struct {
		panic(fmt.Sprintf("config: section %s: settings must be a struct, not %T", field, defaults))
	}
	b, err := json.Marshal(defaults)
	if err != nil {
		panic(fmt.Sprintf("config: section %s: defaults: %v", field, err))
	}
	tree, err := decodeJSON(b)
	if err != nil {
		panic(fmt.Sprintf("config: section %s: defaults: %v", field, err))
	}
	s := &SectionOf[S]{field: field, defaults: tree, checkFn: check}
	var errs Errors
	decode(tree, reflect.ValueOf(new(S)).Elem(), sectionPath(field), &errs)
	if len(errs) > 0 {
		panic(fmt.Sprintf("config: section %s: defaults: %v", field, errs))
	}
	return s
}

// Field is the section's key under trailbridge.responders.
func (s *SectionOf[S]) Field() string { return s.field }

// Of returns the section's settings in cfg. It panics if cfg was loaded
// without this section (load with stacks.LoadConfig, or pass the section to
// Load): a responder must never run on settings nobody decoded.
func (s *SectionOf[S]) Of(cfg *Config) S {
	v, ok := cfg.Responders.values[s.field].(*S)
	if !ok {
		panic("config: the configuration was loaded without the responders." + s.field + " section (load it with stacks.LoadConfig, or pass the section to config.Load)")
	}
	return *v
}

func (s *SectionOf[S]) fresh() any {
	v := new(S)
	var none Errors
	decode(s.defaults, reflect.ValueOf(v).Elem(), sectionPath(s.field), &none) // tested by NewSection
	return v
}

func (s *SectionOf[S]) mode(v any) Mode { return (*v.(*S)).ResponderMode() }

func (s *SectionOf[S]) check(cfg *Config, v any, p Problems) {
	if s.checkFn != nil {
		s.checkFn(cfg, v.(*S), p)
	}
}

// Problems collects the problems of one section into Load's report, each
// named by its full path, trailbridge.responders.<section>.<field>.
type Problems struct {
	path string
	errs *Errors
}

// Add reports that field (a settings field's JSON name under the section,
// with an index where it names an element: "events[2]") holds value, and
// says what is allowed.
func (p Problems) Add(field string, value any, allowed string) {
	p.errs.add(p.path+"."+field, value, allowed)
}

func sectionPath(field string) string { return ContextKey + ".responders." + field }

// Responders are the responders' sections of a configuration, as Load
// decoded them from the sections it was given; each responder reads its own
// with its section's Of.
type Responders struct {
	sections []Section
	values   map[string]any
}

// Fields are the loaded sections' keys, in the order they were given.
func (r Responders) Fields() []string {
	out := make([]string, len(r.sections))
	for i, s := range r.sections {
		out[i] = s.Field()
	}
	return out
}

// newResponders holds each section's defaults. Two sections with one field
// are a build defect (the registry lists a responder twice).
func newResponders(sections []Section) Responders {
	r := Responders{sections: sections, values: map[string]any{}}
	for _, s := range sections {
		if _, dup := r.values[s.Field()]; dup {
			panic("config: two sections named responders." + s.Field())
		}
		r.values[s.Field()] = s.fresh()
	}
	return r
}

var respondersType = reflect.TypeOf(Responders{})

// decodeResponders decodes the responders object v into r: each key must
// be a section's, and decodes as that section's settings.
func (r *Responders) decode(v any, path string, errs *Errors) {
	names := r.Fields()
	m, ok := v.(map[string]any)
	if !ok {
		errs.add(path, v, "an object with fields "+joinNames(names))
		return
	}
	for _, k := range sortedKeys(m) {
		dst, ok := r.values[k]
		if !ok {
			errs.add(path+"."+k, unknownField(k), "one of "+joinNames(names)+suggest.Hint(k, names))
			continue
		}
		decode(m[k], reflect.ValueOf(dst).Elem(), path+"."+k, errs)
	}
}

// validate checks every section: the modes first, then each section's own
// checks, in the order the sections were given.
func (r Responders) validate(cfg *Config, errs *Errors) {
	for _, s := range r.sections {
		mode := s.mode(r.values[s.Field()])
		if !slices.Contains(Modes, mode) {
			errs.add(sectionPath(s.Field())+".mode", mode, "one of "+quoted(Modes)+suggest.Hint(mode, Modes))
		}
	}
	for _, s := range r.sections {
		s.check(cfg, r.values[s.Field()], Problems{path: sectionPath(s.Field()), errs: errs})
	}
}
