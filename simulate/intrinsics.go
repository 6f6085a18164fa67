package simulate

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// AssumedAccount is the account ID that Ref AWS::AccountId resolves to in a
// stack whose environment names no account ("aws://unknown-account/..."). The
// assumption is recorded in Rule.Unresolved when a pattern depends on it.
const AssumedAccount = "111111111111"

// Unknown environment parts, as the CDK writes them in manifest.json.
const (
	unknownAccount = "unknown-account"
	unknownRegion  = "unknown-region"
)

// Placeholder returns the string a value that cannot be resolved offline
// becomes: "${Token:" + what + "}", where what names the resource and
// attribute ("ResponderRole1234ABCD.Arn"), the resource or parameter
// ("Topic1234ABCD"), a pseudo parameter ("AWS::Region") or an import
// ("ImportValue:SharedBusArn").
func Placeholder(what string) string { return "${Token:" + what + "}" }

// stackEnv is what a template's pseudo parameters resolve to.
type stackEnv struct {
	account      string // AssumedAccount when !accountKnown
	accountKnown bool
	region       string // unknownRegion when !regionKnown
	regionKnown  bool
	stackName    string
}

// parseEnvironment reads "aws://ACCOUNT/REGION".
func parseEnvironment(env string) (account, region string) {
	rest, ok := strings.CutPrefix(env, "aws://")
	if !ok {
		return unknownAccount, unknownRegion
	}
	account, region, _ = strings.Cut(rest, "/")
	if account == "" {
		account = unknownAccount
	}
	if region == "" {
		region = unknownRegion
	}
	return account, region
}

func partitionOf(region string) (partition, urlSuffix string) {
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

// template is a CloudFormation template, read in document order.
type template struct {
	resources  object
	parameters object
	mappings   object
}

func (t *template) resource(id string) object { return t.resources.obj(id) }

func (t *template) resourceType(id string) string { return t.resource(id).str("Type") }

// noValue is what Ref AWS::NoValue resolves to: the member or element holding
// it is dropped.
type noValueT struct{}

var noValue any = noValueT{}

// resolver evaluates the CloudFormation intrinsic functions of one template
// as far as they can be evaluated offline.
type resolver struct {
	env   *stackEnv
	tpl   *template
	depth int
	// notes lists the placeholders produced and the assumptions made, in
	// order of first appearance.
	notes []string
}

func (r *resolver) note(s string) {
	if !slices.Contains(r.notes, s) {
		r.notes = append(r.notes, s)
	}
}

func (r *resolver) placeholder(what string) string {
	p := Placeholder(what)
	r.note(p)
	return p
}

func isIntrinsic(o object) bool {
	if len(o) != 1 {
		return false
	}
	k := o[0].Key
	return k == "Ref" || strings.HasPrefix(k, "Fn::")
}

// resolve returns v with every intrinsic function replaced by its value or
// by a placeholder string.
func (r *resolver) resolve(v any) any {
	switch t := v.(type) {
	case object:
		if isIntrinsic(t) {
			return r.intrinsic(t[0].Key, t[0].Val)
		}
		out := make(object, 0, len(t))
		for _, m := range t {
			rv := r.resolve(m.Val)
			if rv == noValue {
				continue
			}
			out = append(out, member{m.Key, rv})
		}
		return out
	case []any:
		out := make([]any, 0, len(t))
		for _, e := range t {
			rv := r.resolve(e)
			if rv == noValue {
				continue
			}
			out = append(out, rv)
		}
		return out
	}
	return v
}

// str resolves v to a string: strings as they are, numbers and booleans in
// their JSON form, anything else as a placeholder named what.
func (r *resolver) str(v any, what string) string {
	switch t := r.resolve(v).(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	case nil:
		return ""
	}
	return r.placeholder(what)
}

func (r *resolver) intrinsic(fn string, arg any) any {
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
				attr = r.str(a[1], "Fn::GetAtt")
			}
		}
		if res == "" {
			return r.placeholder("Fn::GetAtt")
		}
		return r.getAtt(res, attr)
	case "Fn::Join":
		a, ok := arg.([]any)
		if !ok || len(a) != 2 {
			return r.placeholder(fn)
		}
		delim, _ := a[0].(string)
		list, ok := r.resolve(a[1]).([]any)
		if !ok {
			return r.placeholder(fn)
		}
		parts := make([]string, len(list))
		for i, e := range list {
			parts[i] = r.str(e, fn)
		}
		return strings.Join(parts, delim)
	case "Fn::Sub":
		var tmpl string
		var vars object
		switch a := arg.(type) {
		case string:
			tmpl = a
		case []any:
			if len(a) >= 1 {
				tmpl, _ = a[0].(string)
			}
			if len(a) == 2 {
				vars, _ = a[1].(object)
			}
		}
		return r.sub(tmpl, vars)
	case "Fn::Select":
		a, ok := arg.([]any)
		if !ok || len(a) != 2 {
			return r.placeholder(fn)
		}
		i, err := strconv.Atoi(r.str(a[0], fn))
		list, ok := r.resolve(a[1]).([]any)
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
		for _, s := range strings.Split(r.str(a[1], fn), delim) {
			out = append(out, s)
		}
		return out
	case "Fn::FindInMap":
		a, ok := arg.([]any)
		if !ok || len(a) < 3 {
			return r.placeholder(fn)
		}
		m := r.tpl.mappings.obj(r.str(a[0], fn)).obj(r.str(a[1], fn))
		v, ok := m.get(r.str(a[2], fn))
		if !ok {
			return r.placeholder(fn)
		}
		return r.resolve(v)
	case "Fn::ImportValue":
		return r.placeholder("ImportValue:" + r.str(arg, fn))
	case "Fn::Base64":
		return base64.StdEncoding.EncodeToString([]byte(r.str(arg, fn)))
	case "Fn::ToJsonString":
		b, err := json.Marshal(r.resolve(arg))
		if err != nil {
			return r.placeholder(fn)
		}
		return string(b)
	}
	// Fn::If, Fn::GetAZs, Fn::Cidr, Fn::Length, ...: depend on conditions
	// or on the deployed account.
	return r.placeholder(fn)
}

func (r *resolver) ref(name string) any {
	switch name {
	case "AWS::Region":
		if !r.env.regionKnown {
			return r.placeholder(name)
		}
		return r.env.region
	case "AWS::AccountId":
		if !r.env.accountKnown {
			r.note("AWS::AccountId assumed " + r.env.account + " (the stack's account is unknown)")
		}
		return r.env.account
	case "AWS::Partition":
		p, _ := partitionOf(r.env.region)
		return p
	case "AWS::URLSuffix":
		_, s := partitionOf(r.env.region)
		return s
	case "AWS::StackName":
		return r.env.stackName
	case "AWS::NoValue":
		return noValue
	}
	if strings.HasPrefix(name, "AWS::") { // AWS::StackId, AWS::NotificationARNs
		return r.placeholder(name)
	}
	if p := r.tpl.parameters.obj(name); p != nil {
		if d, ok := p.get("Default"); ok {
			r.note("parameter " + name + ": its default value is used")
			return d
		}
		return r.placeholder(name)
	}
	if r.tpl.resourceType(name) == typeEventBus {
		return r.busName(name)
	}
	return r.placeholder(name)
}

func (r *resolver) getAtt(res, attr string) any {
	if r.tpl.resourceType(res) == typeEventBus {
		switch attr {
		case "Name":
			return r.busName(res)
		case "Arn":
			return r.busARN(res)
		}
	}
	return r.placeholder(res + "." + attr)
}

// busName is the Name of an AWS::Events::EventBus of the template.
func (r *resolver) busName(id string) string {
	v, ok := r.tpl.resource(id).obj("Properties").get("Name")
	if !ok {
		return r.placeholder(id)
	}
	return r.str(v, id)
}

func (r *resolver) busARN(id string) string {
	p, _ := partitionOf(r.env.region)
	region := r.env.region
	if !r.env.regionKnown {
		region = r.placeholder("AWS::Region")
	}
	return "arn:" + p + ":events:" + region + ":" + r.env.account + ":event-bus/" + r.busName(id)
}

// sub evaluates Fn::Sub.
func (r *resolver) sub(tmpl string, vars object) string {
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
		if vv, ok := vars.get(name); ok {
			v = r.resolve(vv)
		} else if res, attr, ok := strings.Cut(name, "."); ok && !strings.HasPrefix(name, "AWS::") {
			v = r.getAtt(res, attr)
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

// busRef is an event bus named by an ARN.
type busRef struct {
	Partition, Region, Account, Name string
}

// parseBusARN reads arn:PARTITION:events:REGION:ACCOUNT:event-bus/NAME.
func parseBusARN(arn string) (busRef, bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "events" {
		return busRef{}, false
	}
	name, ok := strings.CutPrefix(parts[5], "event-bus/")
	if !ok || name == "" || parts[3] == "" {
		return busRef{}, false
	}
	return busRef{Partition: parts[1], Region: parts[3], Account: parts[4], Name: name}, true
}

func hasPlaceholder(s string) bool { return strings.Contains(s, "${Token:") }
