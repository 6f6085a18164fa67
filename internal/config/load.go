package config

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/trailbridge/trailbridge/internal/cfn"
	"github.com/trailbridge/trailbridge/internal/suggest"
)

//go:embed defaults.json
var defaultsJSON []byte

// DefaultRegion is the home region when neither the configuration nor
// CDK_DEFAULT_REGION names one.
const DefaultRegion = "us-east-1"

// Env is what the process environment contributes. app.go fills it from
// CDK_DEFAULT_REGION and CDK_DEFAULT_ACCOUNT; nothing in this package reads
// environment variables.
type Env struct {
	// Region is the default home region (CDK_DEFAULT_REGION).
	Region string
	// Account is the default account (CDK_DEFAULT_ACCOUNT).
	Account string
}

// Defaults returns the built-in configuration, as if the context were empty,
// with the given responder sections (stacks.DefaultConfig gives the
// registered ones).
func Defaults(env Env, sections []Section) *Config {
	c, err := Load(nil, env, sections)
	if err != nil {
		// The embedded defaults are tested; an error here is a build defect.
		panic(err)
	}
	return c
}

// Load builds the configuration from the whole CDK context (as returned by
// Node.GetAllContext): the embedded defaults, then the object (or JSON string)
// under "trailbridge", then every "trailbridge.<path>" key. It returns every
// problem at once as *Errors.
//
// The responders object holds one object per section in sections, decoded
// over that section's defaults and checked by it; any other key there is
// an unknown field. The app passes the registered responders' sections
// (stacks.LoadConfig); a package that reads no responder settings may pass
// none.
//
// Each check in checks runs after the built-in validation, on the decoded
// configuration, and adds its problems to the same report: the app passes
// the checks that need knowledge outside this package (what the stacks
// build), so that every problem is found before any construct is created.
func Load(context map[string]any, env Env, sections []Section, checks ...Check) (*Config, error) {
	var errs Errors
	tree, err := decodeJSON(defaultsJSON)
	if err != nil {
		return nil, fmt.Errorf("embedded defaults: %w", err)
	}
	checkContextKeys(context, &errs)
	if v, ok := context[ContextKey]; ok && v == nil {
		errs.add(ContextKey, nil, "a JSON object; remove the key to use the defaults")
	} else if ok {
		switch x := v.(type) {
		case string:
			parsed, err := decodeJSON([]byte(x))
			if err != nil {
				errs.add(ContextKey, x, "a JSON object ("+err.Error()+")")
			} else {
				merge(tree, parsed, ContextKey, &errs)
			}
		default:
			merge(tree, normalize(x), ContextKey, &errs)
		}
	}
	applyOverrides(tree, context, &errs)

	// Start from the defaults, so that a field whose value cannot be decoded
	// keeps its default and is reported once, not again by every check that
	// reads it.
	cfg := Config{Responders: newResponders(sections)}
	var none Errors
	decode(mustDefaults(), reflect.ValueOf(&cfg).Elem(), ContextKey, &none)
	decode(tree, reflect.ValueOf(&cfg).Elem(), ContextKey, &errs)
	decodeErrs := len(errs)
	if cfg.HomeRegion == "" {
		cfg.HomeRegion = env.Region
		if cfg.HomeRegion == "" {
			cfg.HomeRegion = DefaultRegion
		}
	}
	if cfg.Account == "" {
		cfg.Account = env.Account
	}
	cfg.validate(&errs)
	for _, check := range checks {
		errs = append(errs, check(&cfg)...)
	}
	errs = errs.dropFollowUps(decodeErrs)
	if len(errs) > 0 {
		return nil, errs
	}
	return &cfg, nil
}

// Check is a validation of the whole configuration that Load runs after its
// own: it returns every problem it finds, each naming a config field.
type Check func(*Config) Errors

func mustDefaults() map[string]any {
	tree, err := decodeJSON(defaultsJSON)
	if err != nil {
		panic(err) // tested: Defaults would fail first
	}
	return tree
}

// checkContextKeys reports context keys that look like the configuration
// key but are not it ("trailBridge", "trail-bridge.trail.name"): the CDK
// would keep them silently and the configuration they hold would be lost.
func checkContextKeys(context map[string]any, errs *Errors) {
	for _, k := range sortedKeys(context) {
		if k == ContextKey || strings.HasPrefix(k, ContextKey+".") {
			continue
		}
		head, _, _ := strings.Cut(k, ".")
		if strings.Contains(head, ":") {
			continue // aws:cdk:..., @aws-cdk/...: other tools' keys
		}
		if suggest.Distance(strings.ToLower(head), ContextKey) <= 2 {
			want := ContextKey + strings.TrimPrefix(k, head)
			errs.add(k, unknownField(k), fmt.Sprintf("the context key %q (context keys are case-sensitive); did you mean %q?", ContextKey, want))
		}
	}
}

// override is a value given on the command line (-c trailbridge.a.b=value):
// always a string, converted to the field's type when decoded.
type override string

func decodeJSON(b []byte) (map[string]any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("null is not an object")
	}
	return m, nil
}

// normalize turns values that came through jsii (float64 numbers, nested
// maps of interface{}) into the shapes decodeJSON produces.
func normalize(v any) any {
	return cfn.Rewrite(v, func(v any) (any, bool) {
		switch x := v.(type) {
		case map[string]any:
			// A map that went into the jsii runtime inside a map (AppProps.Context)
			// comes back wrapped as {"$jsii.map": {...}}.
			if inner, ok := x["$jsii.map"]; ok && len(x) == 1 {
				return normalize(inner), true
			}
		case float64:
			return json.Number(strconv.FormatFloat(x, 'f', -1, 64)), true
		case int:
			return json.Number(strconv.Itoa(x)), true
		}
		return nil, false
	})
}

// merge writes src over dst: objects merge key by key, anything else replaces.
func merge(dst map[string]any, src any, path string, errs *Errors) {
	m, ok := src.(map[string]any)
	if !ok {
		errs.add(path, src, "a JSON object")
		return
	}
	for k, v := range m {
		if dm, ok := dst[k].(map[string]any); ok {
			if sm, ok := v.(map[string]any); ok {
				merge(dm, sm, path+"."+k, errs)
				continue
			}
		}
		dst[k] = v
	}
}

// applyOverrides sets each "trailbridge.<path>" context key into the tree, in
// sorted order so a deeper key always wins over its parent.
func applyOverrides(tree map[string]any, context map[string]any, errs *Errors) {
	var keys []string
	for k := range context {
		if strings.HasPrefix(k, ContextKey+".") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts := strings.Split(strings.TrimPrefix(k, ContextKey+"."), ".")
		node := tree
		for i, p := range parts {
			if p == "" {
				errs.add(k, context[k], "a dotted path of field names such as trailbridge.trail.name")
				break
			}
			if i == len(parts)-1 {
				v := context[k]
				if s, ok := v.(string); ok {
					node[p] = override(s)
				} else {
					node[p] = normalize(v)
				}
				break
			}
			next, ok := node[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				node[p] = next
			}
			node = next
		}
	}
}

// decode fills dst from v, reporting every mismatch as a field error.
func decode(v any, dst reflect.Value, path string, errs *Errors) {
	if o, ok := v.(override); ok {
		v = fromOverride(o, dst.Kind())
	}
	if v == nil && dst.Kind() == reflect.Interface {
		return // null is a match value of its own
	}
	if v == nil {
		errs.add(path, nil, "a value ("+kindName(dst)+"); remove the field to keep its default")
		return
	}
	switch dst.Kind() {
	case reflect.String:
		if s, ok := typed[string](v, path, errs, "a string"); ok {
			dst.SetString(s)
		}
	case reflect.Bool:
		if b, ok := typed[bool](v, path, errs, "true or false"); ok {
			dst.SetBool(b)
		}
	case reflect.Int:
		n, ok := typed[json.Number](v, path, errs, "an integer")
		if !ok {
			return
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(string(n), 64)
			if ferr != nil || f != float64(int64(f)) {
				errs.add(path, v, "an integer")
				return
			}
			i = int64(f)
		}
		dst.SetInt(i)
	case reflect.Slice:
		s, ok := typed[[]any](v, path, errs, "a list ("+kindName(dst)+")")
		if !ok {
			return
		}
		out := reflect.MakeSlice(dst.Type(), len(s), len(s))
		for i, e := range s {
			decode(e, out.Index(i), fmt.Sprintf("%s[%d]", path, i), errs)
		}
		dst.Set(out)
	case reflect.Map:
		m, ok := typed[map[string]any](v, path, errs, "an object ("+kindName(dst)+")")
		if !ok {
			return
		}
		out := reflect.MakeMapWithSize(dst.Type(), len(m))
		for _, k := range sortedKeys(m) {
			ev := reflect.New(dst.Type().Elem()).Elem()
			decode(m[k], ev, path+"."+k, errs)
			out.SetMapIndex(reflect.ValueOf(k), ev)
		}
		dst.Set(out)
	case reflect.Interface:
		// A free-form value (an event pattern match value): kept as JSON
		// gives it, with numbers as float64 as encoding/json would.
		dst.Set(reflect.ValueOf(plainJSON(v)))
	case reflect.Struct:
		if dst.Type() == respondersType {
			dst.Addr().Interface().(*Responders).decode(v, path, errs)
			return
		}
		m, ok := typed[map[string]any](v, path, errs, "an object with fields "+strings.Join(fieldNames(dst.Type()), ", "))
		if !ok {
			return
		}
		fields := fieldIndex(dst.Type())
		for _, k := range sortedKeys(m) {
			idx, ok := fields[k]
			if !ok {
				names := fieldNames(dst.Type())
				errs.add(path+"."+k, unknownField(k), "one of "+strings.Join(names, ", ")+suggest.Hint(k, names))
				continue
			}
			decode(m[k], dst.FieldByIndex(idx), path+"."+k, errs)
		}
	default:
		panic("config: unsupported field kind " + dst.Kind().String())
	}
}

// typed returns v as a T; when v is not one, it records at path that want
// was expected.
func typed[T any](v any, path string, errs *Errors, want string) (T, bool) {
	t, ok := v.(T)
	if !ok {
		errs.add(path, v, want)
	}
	return t, ok
}

// plainJSON turns the decoder's json.Number values into float64,
// recursively, so that free-form values look as encoding/json decodes them.
func plainJSON(v any) any {
	return cfn.Rewrite(v, func(v any) (any, bool) {
		switch t := v.(type) {
		case json.Number:
			f, err := t.Float64()
			if err != nil {
				return string(t), true
			}
			return f, true
		case override:
			return string(t), true
		}
		return nil, false
	})
}

// fromOverride converts a command-line string to the JSON shape of the
// field's kind: strings stay strings, lists may be comma-separated.
func fromOverride(o override, k reflect.Kind) any {
	s := string(o)
	switch k {
	case reflect.String:
		return s
	case reflect.Slice:
		t := strings.TrimSpace(s)
		if strings.HasPrefix(t, "[") {
			break
		}
		if t == "" {
			return []any{}
		}
		var out []any
		for _, p := range strings.Split(t, ",") {
			out = append(out, override(strings.TrimSpace(p)))
		}
		return out
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil || d.More() {
		return s // reported as a type error by the caller, showing the text
	}
	if v == nil {
		return nil
	}
	return v
}

// unknownField marks a field name in an error so it prints as `unknown field "x"`.
type unknownField string

// fieldIndex maps each JSON field name of struct type t to its index path.
// The fields of an embedded struct without a json tag (Responder, in each
// responder's settings) are the outer struct's own, as in encoding/json.
func fieldIndex(t reflect.Type) map[string][]int {
	m := map[string][]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if promoted(f) {
			for name, idx := range fieldIndex(f.Type) {
				m[name] = append([]int{i}, idx...)
			}
			continue
		}
		m[jsonName(f)] = []int{i}
	}
	return m
}

func fieldNames(t reflect.Type) []string {
	var names []string
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); promoted(f) {
			names = append(names, fieldNames(f.Type)...)
		} else {
			names = append(names, jsonName(f))
		}
	}
	return names
}

func promoted(f reflect.StructField) bool {
	return f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct
}

func joinNames(names []string) string {
	if len(names) == 0 {
		return "none (no responder section was loaded)"
	}
	return strings.Join(names, ", ")
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

func kindName(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Slice:
		return "list of " + kindName(reflect.New(v.Type().Elem()).Elem())
	case reflect.Map:
		return "string to " + kindName(reflect.New(v.Type().Elem()).Elem())
	case reflect.Int:
		return "integer"
	case reflect.Bool:
		return "boolean"
	case reflect.Struct:
		return "object"
	case reflect.Interface:
		return "match value"
	default:
		return v.Kind().String()
	}
}

func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}
