package cfn

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// TokenPlaceholder returns "${Token:" + what + "}", the placeholder a
// Resolver writes for what it cannot resolve unless told otherwise: what
// names the resource and attribute ("ResponderRole1234ABCD.Arn"), the
// resource or parameter ("Topic1234ABCD"), a pseudo parameter ("AWS::Region"),
// an import ("ImportValue:SharedBusArn") or an intrinsic function
// ("Fn::If").
func TokenPlaceholder(what string) string { return "${Token:" + what + "}" }

// Env is what a template's pseudo parameters resolve to.
type Env struct {
	// Account is the stack's account (an assumed one when !AccountKnown).
	Account string
	// AccountKnown is false for an environment-agnostic account.
	AccountKnown bool
	// Region is the stack's region (UnknownRegion when !RegionKnown).
	Region string
	// RegionKnown is false for an environment-agnostic region.
	RegionKnown bool
	// StackName is the CloudFormation stack name.
	StackName string
}

// PartitionOf returns the ARN partition and URL suffix of region.
func PartitionOf(region string) (partition, urlSuffix string) {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn", "amazonaws.com.cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov", "amazonaws.com"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso", "c2s.ic.gov"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b", "sc2s.sgov.gov"
	}
	return "aws", "amazonaws.com"
}

// TypeEventBus is the CloudFormation type of an event bus, whose name and
// ARN the Resolver computes from its properties.
const TypeEventBus = "AWS::Events::EventBus"

// Template is a CloudFormation template, read in document order (see
// DecodeOrdered).
type Template struct {
	// Outputs is the template's Outputs section.
	Outputs Object
	// Resources is the template's Resources section.
	Resources Object
	// Parameters is the template's Parameters section.
	Parameters Object
	// Mappings is the template's Mappings section.
	Mappings Object
}

// NewTemplate returns the sections of a decoded template.
func NewTemplate(top Object) *Template {
	return &Template{Outputs: top.Obj("Outputs"), Resources: top.Obj("Resources"), Parameters: top.Obj("Parameters"), Mappings: top.Obj("Mappings")}
}

// Resource returns the resource with logical ID id, or nil.
func (t *Template) Resource(id string) Object {
	if t == nil {
		return nil
	}
	return t.Resources.Obj(id)
}

// ResourceType returns the Type of resource id, or "".
func (t *Template) ResourceType(id string) string { return t.Resource(id).Str("Type") }

// noValueType is the type of NoValue.
type noValueType struct{}

// NoValue is what Ref AWS::NoValue resolves to: Resolve drops the member or
// element holding it.
var NoValue any = noValueType{}

// Resolver evaluates the CloudFormation intrinsic functions of one template
// as far as they can be evaluated offline. It reads values decoded by
// DecodeOrdered (Object) or by encoding/json (map[string]any) alike. With
// no Env, pseudo parameters become placeholders; with no Tpl, so do
// parameters and resources.
type Resolver struct {
	// Env is what pseudo parameters resolve to.
	// Default: nil (each pseudo parameter becomes a placeholder).
	Env *Env
	// Tpl is the template whose parameters, mappings and event buses are read.
	// Default: nil (every Ref and Fn::GetAtt becomes a placeholder).
	Tpl *Template
	// Placeholder writes what cannot be resolved.
	// Default: TokenPlaceholder.
	Placeholder func(what string) string
	// Stacks are the other stacks of the assembly, which Fn::GetStackOutput
	// and Fn::ImportValue are followed into (see Follow).
	// Default: nil (cross-stack references become placeholders).
	Stacks *Stacks
	// Notes lists the placeholders produced and the assumptions made, in
	// order of first appearance.
	Notes []string

	// root is the Resolver whose Notes this one (following a cross-stack
	// reference) adds to.
	root  *Resolver
	depth int
}

func (r *Resolver) note(s string) {
	if r.root != nil {
		r.root.note(s)
		return
	}
	if !slices.Contains(r.Notes, s) {
		r.Notes = append(r.Notes, s)
	}
}

func (r *Resolver) placeholder(what string) string {
	p := TokenPlaceholder(what)
	if r.Placeholder != nil {
		p = r.Placeholder(what)
	}
	r.note(p)
	return p
}

// Intrinsic returns the function name and argument of v when v is an
// intrinsic function call: a one-member object whose key is "Ref" or starts
// with "Fn::".
func Intrinsic(v any) (fn string, arg any, ok bool) {
	switch o := v.(type) {
	case Object:
		if len(o) == 1 {
			fn, arg = o[0].Key, o[0].Val
		}
	case map[string]any:
		if len(o) == 1 {
			for k, a := range o {
				fn, arg = k, a
			}
		}
	}
	if fn == "Ref" || strings.HasPrefix(fn, "Fn::") {
		return fn, arg, true
	}
	return "", nil, false
}

// RefTarget returns the logical ID a value points at and the attribute:
// {"Ref": id} (attr ""), {"Fn::GetAtt": [id, attr]} or
// {"Fn::GetAtt": "id.attr"}.
func RefTarget(v any) (id, attr string, ok bool) {
	fn, arg, ok := Intrinsic(v)
	if !ok {
		return "", "", false
	}
	switch fn {
	case "Ref":
		id, ok = arg.(string)
		return id, "", ok
	case "Fn::GetAtt":
		switch a := arg.(type) {
		case []any:
			if len(a) == 2 {
				id, ok1 := a[0].(string)
				attr, ok2 := a[1].(string)
				return id, attr, ok1 && ok2
			}
		case string:
			if id, attr, found := strings.Cut(a, "."); found {
				return id, attr, true
			}
		}
	}
	return "", "", false
}

// Resolve returns v with every intrinsic function replaced by its value or
// by a placeholder string.
func (r *Resolver) Resolve(v any) any {
	if fn, arg, ok := Intrinsic(v); ok {
		return r.intrinsic(fn, arg)
	}
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			if rv := r.Resolve(e); rv != NoValue {
				out[k] = rv
			}
		}
		return out
	case Object:
		out := make(Object, 0, len(t))
		for _, m := range t {
			rv := r.Resolve(m.Val)
			if rv == NoValue {
				continue
			}
			out = append(out, Member{m.Key, rv})
		}
		return out
	case []any:
		out := make([]any, 0, len(t))
		for _, e := range t {
			rv := r.Resolve(e)
			if rv == NoValue {
				continue
			}
			out = append(out, rv)
		}
		return out
	}
	return v
}

// Str resolves v to a string: strings as they are, numbers and booleans in
// their JSON form, anything else as a placeholder named what.
func (r *Resolver) Str(v any, what string) string {
	switch t := r.Resolve(v).(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	case nil:
		return ""
	}
	return r.placeholder(what)
}

func (r *Resolver) intrinsic(fn string, arg any) any {
	r.depth++
	defer func() { r.depth-- }()
	if r.depth > 32 {
		return r.placeholder(fn)
	}
	switch fn {
	case "Ref":
		name, ok := arg.(string)
		if !ok {
			return r.placeholder("Ref")
		}
		return r.ref(name)
	case "Fn::GetAtt":
		var res, attr string
		switch a := arg.(type) {
		case string:
			res, attr, _ = strings.Cut(a, ".")
		case []any:
			if len(a) == 2 {
				res, _ = a[0].(string)
				attr = r.Str(a[1], "Fn::GetAtt")
			}
		}
		if res == "" {
			return r.placeholder("Fn::GetAtt")
		}
		return r.GetAtt(res, attr)
	case "Fn::Join":
		a, ok := arg.([]any)
		if !ok || len(a) != 2 {
			return r.placeholder(fn)
		}
		delim, _ := a[0].(string)
		list, ok := r.Resolve(a[1]).([]any)
		if !ok {
			return r.placeholder(fn)
		}
		parts := make([]string, len(list))
		for i, e := range list {
			parts[i] = r.Str(e, fn)
		}
		return strings.Join(parts, delim)
	case "Fn::Sub":
		var tmpl string
		var vars any
		switch a := arg.(type) {
		case string:
			tmpl = a
		case []any:
			if len(a) >= 1 {
				tmpl, _ = a[0].(string)
			}
			if len(a) == 2 {
				vars = a[1]
			}
		}
		return r.sub(tmpl, vars)
	case "Fn::Select":
		a, ok := arg.([]any)
		if !ok || len(a) != 2 {
			return r.placeholder(fn)
		}
		i, err := strconv.Atoi(r.Str(a[0], fn))
		list, ok := r.Resolve(a[1]).([]any)
		if err != nil || !ok || i < 0 || i >= len(list) {
			return r.placeholder(fn)
		}
		return list[i]
	case "Fn::Split":
		a, ok := arg.([]any)
		if !ok || len(a) != 2 {
			return r.placeholder(fn)
		}
		delim, _ := a[0].(string)
		if delim == "" {
			return r.placeholder(fn)
		}
		var out []any
		for _, s := range strings.Split(r.Str(a[1], fn), delim) {
			out = append(out, s)
		}
		return out
	case "Fn::FindInMap":
		a, ok := arg.([]any)
		if !ok || len(a) < 3 {
			return r.placeholder(fn)
		}
		if r.Tpl == nil {
			return r.placeholder(fn)
		}
		m := r.Tpl.Mappings.Obj(r.Str(a[0], fn)).Obj(r.Str(a[1], fn))
		v, ok := m.Get(r.Str(a[2], fn))
		if !ok {
			return r.placeholder(fn)
		}
		return r.Resolve(v)
	case "Fn::ImportValue":
		if v, rr := r.Follow(map[string]any{fn: arg}); rr != r {
			return rr.Resolve(v)
		}
		return r.placeholder("ImportValue:" + r.Str(arg, fn))
	case "Fn::GetStackOutput":
		if v, rr := r.Follow(map[string]any{fn: arg}); rr != r {
			return rr.Resolve(v)
		}
		if stack, output, _, ok := r.stackOutputArgs(arg); ok {
			return r.placeholder("StackOutput:" + stack + "." + output)
		}
		return r.placeholder(fn)
	case "Fn::Base64":
		return base64.StdEncoding.EncodeToString([]byte(r.Str(arg, fn)))
	case "Fn::ToJsonString":
		b, err := json.Marshal(r.Resolve(arg))
		if err != nil {
			return r.placeholder(fn)
		}
		return string(b)
	}
	// Fn::If, Fn::GetAZs, Fn::Cidr, Fn::Length, ...: depend on conditions
	// or on the deployed account.
	return r.placeholder(fn)
}

func (r *Resolver) ref(name string) any {
	if r.Env == nil && strings.HasPrefix(name, "AWS::") && name != "AWS::NoValue" {
		return r.placeholder(name)
	}
	switch name {
	case "AWS::Region":
		if !r.Env.RegionKnown {
			return r.placeholder(name)
		}
		return r.Env.Region
	case "AWS::AccountId":
		if !r.Env.AccountKnown {
			r.note("AWS::AccountId assumed " + r.Env.Account + " (the stack's account is unknown)")
		}
		return r.Env.Account
	case "AWS::Partition":
		p, _ := PartitionOf(r.Env.Region)
		return p
	case "AWS::URLSuffix":
		_, s := PartitionOf(r.Env.Region)
		return s
	case "AWS::StackName":
		return r.Env.StackName
	case "AWS::NoValue":
		return NoValue
	}
	if strings.HasPrefix(name, "AWS::") { // AWS::StackId, AWS::NotificationARNs
		return r.placeholder(name)
	}
	if r.Tpl == nil {
		return r.placeholder(name)
	}
	if p := r.Tpl.Parameters.Obj(name); p != nil {
		if d, ok := p.Get("Default"); ok {
			r.note("parameter " + name + ": its default value is used")
			return d
		}
		return r.placeholder(name)
	}
	if r.Tpl.ResourceType(name) == TypeEventBus {
		return r.BusName(name)
	}
	return r.placeholder(name)
}

// GetAtt resolves Fn::GetAtt of resource res: an event bus's Name and Arn
// from the template, a placeholder for anything else.
func (r *Resolver) GetAtt(res, attr string) any {
	if r.Tpl.ResourceType(res) == TypeEventBus {
		switch attr {
		case "Name":
			return r.BusName(res)
		case "Arn":
			return r.BusARN(res)
		}
	}
	return r.placeholder(res + "." + attr)
}

// BusName is the Name of an AWS::Events::EventBus of the template.
func (r *Resolver) BusName(id string) string {
	v, ok := r.Tpl.Resource(id).Obj("Properties").Get("Name")
	if !ok {
		return r.placeholder(id)
	}
	return r.Str(v, id)
}

// BusARN is the Arn of an AWS::Events::EventBus of the template, built from
// its name and the stack's environment (a placeholder without one).
func (r *Resolver) BusARN(id string) string {
	if r.Env == nil {
		return r.placeholder(id + ".Arn")
	}
	p, _ := PartitionOf(r.Env.Region)
	region := r.Env.Region
	if !r.Env.RegionKnown {
		region = r.placeholder("AWS::Region")
	}
	return "arn:" + p + ":events:" + region + ":" + r.Env.Account + ":event-bus/" + r.BusName(id)
}

// sub evaluates Fn::Sub.
func (r *Resolver) sub(tmpl string, vars any) string {
	var b strings.Builder
	for {
		i := strings.Index(tmpl, "${")
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		b.WriteString(tmpl[:i])
		tmpl = tmpl[i+2:]
		j := strings.IndexByte(tmpl, '}')
		if j < 0 {
			b.WriteString("${")
			b.WriteString(tmpl)
			return b.String()
		}
		name := tmpl[:j]
		tmpl = tmpl[j+1:]
		if lit, ok := strings.CutPrefix(name, "!"); ok {
			b.WriteString("${" + lit + "}")
			continue
		}
		name = strings.TrimSpace(name)
		var v any
		if vv, ok := member(vars, name); ok {
			v = r.Resolve(vv)
		} else if res, attr, ok := strings.Cut(name, "."); ok && !strings.HasPrefix(name, "AWS::") {
			v = r.GetAtt(res, attr)
		} else {
			v = r.ref(name)
		}
		switch t := v.(type) {
		case string:
			b.WriteString(t)
		case json.Number:
			b.WriteString(t.String())
		default:
			b.WriteString(r.placeholder(name))
		}
	}
}

// BusRef is an event bus named by an ARN.
type BusRef struct {
	Partition, Region, Account, Name string
}

// ARN is the bus's ARN, arn:PARTITION:events:REGION:ACCOUNT:event-bus/NAME:
// the one format the stacks write (forwarding.BusARN), tools derive
// (trailbridge replay) and ParseBusARN reads.
func (b BusRef) ARN() string {
	return "arn:" + b.Partition + ":events:" + b.Region + ":" + b.Account + ":event-bus/" + b.Name
}

// ParseBusARN reads arn:PARTITION:events:REGION:ACCOUNT:event-bus/NAME.
func ParseBusARN(arn string) (BusRef, bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "events" {
		return BusRef{}, false
	}
	name, ok := strings.CutPrefix(parts[5], "event-bus/")
	if !ok || name == "" || parts[3] == "" {
		return BusRef{}, false
	}
	return BusRef{Partition: parts[1], Region: parts[3], Account: parts[4], Name: name}, true
}

// member returns the member key of an object decoded either way.
func member(obj any, key string) (any, bool) {
	switch o := obj.(type) {
	case Object:
		return o.Get(key)
	case map[string]any:
		v, ok := o[key]
		return v, ok
	}
	return nil, false
}
