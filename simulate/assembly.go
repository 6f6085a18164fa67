package simulate

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/trailbridge/trailbridge/eventpattern"
	"github.com/trailbridge/trailbridge/internal/cfn"
)

// Rule states of AWS::Events::Rule.
const (
	// StateEnabled delivers matching events, except read-only CloudTrail
	// management events.
	StateEnabled = "ENABLED"
	// StateDisabled delivers nothing.
	StateDisabled = "DISABLED"
	// StateEnabledAllManagementEvents also delivers read-only CloudTrail
	// management events (readOnly=true).
	StateEnabledAllManagementEvents = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
)

// DefaultBus is the name of the event bus CloudTrail delivers to.
const DefaultBus = "default"

const (
	typeRule        = "AWS::Events::Rule"
	typeNestedStack = "AWS::CloudFormation::Stack"
)

// Assembly is the set of EventBridge rules of a cloud assembly (the cdk.out
// directory `cdk synth` writes), ready to route events. Build one with
// LoadAssembly. It is immutable and safe for concurrent use.
type Assembly struct {
	// Dir is the directory the assembly was read from.
	Dir string
	// Stacks lists the CloudFormation stacks read, in the order of their
	// artifact IDs (nested assemblies after their parent's stacks).
	Stacks []Stack
	// Rules lists every AWS::Events::Rule, sorted by stack, construct path
	// and logical ID.
	Rules []*Rule
	// Warnings lists what LoadAssembly noticed but could not simulate
	// faithfully: invalid patterns, unknown states, environment-agnostic
	// stacks, event-bus targets in another region without a role.
	Warnings []string

	// byBus indexes Rules by the bus they are attached to; rules of stacks
	// with an unknown region are under region unknownRegion.
	byBus map[busKey][]*Rule
}

// Stack is a CloudFormation stack of the assembly.
type Stack struct {
	// Name is the CloudFormation stack name (properties.stackName in
	// manifest.json, else the artifact ID).
	Name string `json:"name"`
	// Artifact is the artifact ID in manifest.json.
	Artifact string `json:"artifact"`
	// DisplayName is the artifact's displayName: the stack's construct
	// path, such as "Prod/Trailbridge-Home" for a stack in a stage.
	DisplayName string `json:"displayName"`
	// Account is the account of the stack's environment, or
	// "unknown-account".
	Account string `json:"account"`
	// Region is the region of the stack's environment, or "unknown-region".
	Region string `json:"region"`
	// TemplateFile is the template's path relative to Assembly.Dir.
	TemplateFile string `json:"templateFile"`
}

// Rule is one AWS::Events::Rule of the assembly, with its CloudFormation
// intrinsics resolved as far as they can be offline.
type Rule struct {
	// Stack is the CloudFormation stack name.
	Stack string `json:"stack"`
	// Artifact is the stack's artifact ID in manifest.json.
	Artifact string `json:"artifact"`
	// Path is the construct path, from the resource's "aws:cdk:path"
	// metadata (or the manifest's logical-ID metadata), such as
	// "Trailbridge-Home/IamAlert/Resource"; Stack + "/" + LogicalID when
	// the assembly has neither.
	Path string `json:"path"`
	// LogicalID is the resource's logical ID in the template.
	LogicalID string `json:"logicalID"`
	// Name is the rule's Name property, when set.
	Name string `json:"name,omitempty"`
	// Account is the stack's account, or "unknown-account".
	Account string `json:"account"`
	// Region is the stack's region. A rule of a stack whose region is
	// "unknown-region" is simulated in whatever region an event is in.
	Region string `json:"region"`
	// EventBus is the name of the bus the rule is attached to (EventBusName,
	// an ARN reduced to its name); "default" when absent.
	EventBus string `json:"bus"`
	// State is ENABLED (the default), DISABLED or
	// ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
	State string `json:"state"`
	// ScheduleExpression is set for scheduled rules, which never match
	// events.
	ScheduleExpression string `json:"schedule,omitempty"`
	// EventPattern is the pattern with intrinsics resolved, as compact JSON
	// in the template's key order; nil when the rule has none.
	EventPattern json.RawMessage `json:"eventPattern,omitempty"`
	// Pattern is EventPattern compiled; nil when there is none or it is
	// invalid (see PatternErr).
	Pattern *eventpattern.Pattern `json:"-"`
	// PatternErr is why EventPattern did not compile.
	PatternErr error `json:"-"`
	// Targets lists the rule's targets.
	Targets []Target `json:"targets"`
	// Unresolved lists the placeholders (see Placeholder) and assumptions
	// the pattern depends on, such as "${Token:ResponderRole1234.Arn}".
	Unresolved []string `json:"unresolved,omitempty"`
}

// Target is one target of a rule.
type Target struct {
	// ID is the target's Id.
	ID string `json:"id"`
	// ARN is the target's ARN as far as it resolves. A Ref or Fn::GetAtt to
	// a resource of the same template (or of another stack of the assembly,
	// through a stack output) is described as "TYPE:LOGICAL_ID", such as
	// "AWS::Lambda::Function:Responder1234ABCD"; an event bus resolves to its
	// ARN.
	ARN string `json:"arn"`
	// Type, LogicalID, Path and Stack identify the target resource when it
	// is in the same template, or in another stack of the assembly that the
	// target's Arn names with Fn::GetStackOutput or Fn::ImportValue.
	Type string `json:"type,omitempty"`
	// LogicalID: see Type.
	LogicalID string `json:"logicalID,omitempty"`
	// Path: see Type.
	Path string `json:"path,omitempty"`
	// Stack is the CloudFormation stack of the target resource: see Type.
	Stack string `json:"stack,omitempty"`
	// EventBus is set when the target is an event bus: matching events are
	// delivered to it and routed again.
	EventBus *Bus `json:"eventBus,omitempty"`
	// RoleARN is the role EventBridge assumes, described like Arn; empty
	// when none.
	RoleARN string `json:"roleArn,omitempty"`
	// DeadLetter reports a DeadLetterConfig.
	DeadLetter bool `json:"deadLetter,omitempty"`
	// RetryPolicy reports a RetryPolicy.
	RetryPolicy bool `json:"retryPolicy,omitempty"`
	// InputTransformer reports an InputTransformer.
	InputTransformer bool `json:"inputTransformer,omitempty"`
}

// Settings names the target's delivery settings that are set, in the order
// dead-letter queue, retry policy, input transformer: in full ("dead-letter
// queue", "retry policy", "input transformer"), or with short as the Mermaid
// graph labels its edges ("DLQ", "retry", "transform").
func (t Target) Settings(short bool) []string {
	var s []string
	for _, f := range []struct {
		set         bool
		name, label string
	}{
		{t.DeadLetter, "dead-letter queue", "DLQ"},
		{t.RetryPolicy, "retry policy", "retry"},
		{t.InputTransformer, "input transformer", "transform"},
	} {
		switch {
		case !f.set:
		case short:
			s = append(s, f.label)
		default:
			s = append(s, f.name)
		}
	}
	return s
}

// Bus is an event bus a target delivers to.
type Bus struct {
	// Region is the bus's region.
	Region string `json:"region"`
	// Account is the bus's account, as the ARN names it.
	Account string `json:"account,omitempty"`
	// Name is the bus's name.
	Name string `json:"name"`
}

// String returns "REGION/NAME".
func (b Bus) String() string { return b.Region + "/" + b.Name }

type busKey struct{ region, name string }

// LoadAssembly reads the cloud assembly in dir (or the directory of dir when
// dir names its manifest.json): every stack artifact
// (aws:cloudformation:stack), nested cloud assemblies (stages) and CDK nested
// stacks whose templates are in the assembly, and every AWS::Events::Rule of
// their templates. Values that cannot be resolved offline become placeholders
// (see Placeholder) and are listed in Rule.Unresolved; a rule whose pattern
// does not compile is kept, never fires, and is reported in Warnings.
func LoadAssembly(dir string) (*Assembly, error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() && filepath.Base(dir) == "manifest.json" {
		dir = filepath.Dir(dir)
	}
	a := &Assembly{Dir: dir, byBus: map[busKey][]*Rule{}}
	l := &loader{a: a, seen: map[string]bool{}, pathOf: map[*cfn.Template]func(string) string{}}
	if err := l.assembly(dir, ""); err != nil {
		return nil, err
	}
	l.rules()
	slices.SortStableFunc(a.Rules, func(x, y *Rule) int {
		if c := strings.Compare(x.Stack, y.Stack); c != 0 {
			return c
		}
		if c := strings.Compare(x.Path, y.Path); c != 0 {
			return c
		}
		return strings.Compare(x.LogicalID, y.LogicalID)
	})
	for _, r := range a.Rules {
		k := busKey{r.Region, r.EventBus}
		a.byBus[k] = append(a.byBus[k], r)
	}
	return a, nil
}

type loader struct {
	a    *Assembly
	seen map[string]bool
	// stacks are the top-level templates read, which cross-stack
	// references are followed into.
	stacks cfn.Stacks
	// templates lists every template read (nested stacks too), in order;
	// their rules are read once every stack is known.
	templates []*template
	pathOf    map[*cfn.Template]func(string) string
}

// template is one template read, waiting for its rules to be read.
type template struct {
	tpl    *cfn.Template
	env    *cfn.Env
	st     Stack
	pathOf func(string) string
	// agnostic is set on a top-level template of an environment-agnostic
	// stack.
	agnostic bool
}

func (l *loader) warn(format string, args ...any) {
	l.a.Warnings = append(l.a.Warnings, fmt.Sprintf(format, args...))
}

// assembly reads the manifest.json of dir; rel is dir relative to the root.
func (l *loader) assembly(dir, rel string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if l.seen[abs] {
		return nil
	}
	l.seen[abs] = true
	m, err := cfn.ReadManifest(dir)
	if err != nil {
		if errors.Is(err, cfn.ErrNoManifest) {
			return fmt.Errorf("simulate: %s is not a cloud assembly (no manifest.json; run `cdk synth` first): %w", dir, err)
		}
		return fmt.Errorf("simulate: %w", err)
	}
	ids := slices.Sorted(maps.Keys(m.Artifacts))
	var nested []string
	for _, id := range ids {
		art := m.Artifacts[id]
		switch art.Type {
		case cfn.ArtifactStack:
			if err := l.stack(dir, rel, id, art); err != nil {
				return err
			}
		case cfn.ArtifactNestedAssembly:
			nested = append(nested, id)
		}
	}
	for _, id := range nested {
		d := m.Artifacts[id].Properties.DirectoryName
		if d == "" || filepath.IsAbs(d) || strings.Contains(filepath.ToSlash(d), "..") {
			l.warn("nested assembly %s: directoryName %q skipped", id, d)
			continue
		}
		if err := l.assembly(filepath.Join(dir, d), filepath.Join(rel, d)); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) stack(dir, rel, id string, art cfn.Artifact) error {
	if art.Properties.TemplateFile == "" {
		return fmt.Errorf("simulate: %s: stack artifact %s has no properties.templateFile", filepath.Join(dir, "manifest.json"), id)
	}
	account, region := cfn.ParseEnvironment(art.Environment)
	st := Stack{
		Name:         art.StackName(id),
		Artifact:     id,
		DisplayName:  art.DisplayName,
		Account:      account,
		Region:       region,
		TemplateFile: filepath.Join(rel, art.Properties.TemplateFile),
	}
	if st.DisplayName == "" {
		st.DisplayName = st.Name
	}
	l.a.Stacks = append(l.a.Stacks, st)
	env := &cfn.Env{Account: account, AccountKnown: account != cfn.UnknownAccount, Region: region, RegionKnown: region != unknownRegion, StackName: st.Name}
	if !env.AccountKnown {
		env.Account = AssumedAccount
	}
	// The manifest maps construct paths to logical IDs: the fallback when
	// templates carry no aws:cdk:path metadata (--no-path-metadata).
	paths := art.LogicalIDPaths()
	return l.template(dir, art.Properties.TemplateFile, st, env, paths, 0)
}

// rules reads the rules of every template, now that every stack that a
// cross-stack reference may name is known.
func (l *loader) rules() {
	for _, t := range l.templates {
		n := len(l.a.Rules)
		for _, m := range t.tpl.Resources {
			res, _ := m.Val.(cfn.Object)
			if res.Str("Type") == typeRule {
				l.rule(t.tpl, t.env, t.st, m.Key, res, t.pathOf)
			}
		}
		if t.agnostic && len(l.a.Rules) > n {
			l.warn("stack %s is environment-agnostic (region unknown): its rules are simulated in every region an event reaches", t.st.Name)
		}
	}
}

func (l *loader) template(dir, file string, st Stack, env *cfn.Env, paths map[string]string, depth int) error {
	name := filepath.Join(dir, file)
	data, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("simulate: stack %s: %w", st.Name, err)
	}
	v, err := cfn.DecodeOrdered(data)
	if err != nil {
		return fmt.Errorf("simulate: %s: not a JSON template: %w", name, err)
	}
	top, ok := v.(cfn.Object)
	if !ok {
		return fmt.Errorf("simulate: %s: not a JSON object", name)
	}
	tpl := cfn.NewTemplate(top)
	pathOf := func(id string) string {
		md := tpl.Resource(id).Obj("Metadata")
		if p := md.Str("aws:cdk:path"); p != "" {
			return p
		}
		return paths[id]
	}
	if depth == 0 {
		// CDK nested stacks are not stacks other stacks can name.
		l.stacks.Add(&cfn.Stack{Env: env, Tpl: tpl})
	}
	l.pathOf[tpl] = pathOf
	l.templates = append(l.templates, &template{tpl: tpl, env: env, st: st, pathOf: pathOf, agnostic: depth == 0 && !env.RegionKnown})
	for _, m := range tpl.Resources {
		res, _ := m.Val.(cfn.Object)
		switch res.Str("Type") {
		case typeNestedStack:
			// CDK nested stacks: the template is an asset of the assembly.
			md := res.Obj("Metadata")
			f := md.Str("aws:asset:path")
			if f == "" || md.Str("aws:asset:property") != "TemplateURL" || depth > 8 {
				continue
			}
			if filepath.IsAbs(f) || strings.Contains(filepath.ToSlash(f), "..") {
				continue
			}
			if err := l.template(dir, f, st, env, paths, depth+1); err != nil {
				l.warn("nested stack %s of %s: %v", m.Key, st.Name, err)
			}
		}
	}
	return nil
}

func (l *loader) rule(tpl *cfn.Template, env *cfn.Env, st Stack, id string, res cfn.Object, pathOf func(string) string) {
	props := res.Obj("Properties")
	rule := &Rule{
		Stack:     st.Name,
		Artifact:  st.Artifact,
		Path:      pathOf(id),
		LogicalID: id,
		Account:   st.Account,
		Region:    st.Region,
		EventBus:  DefaultBus,
		State:     StateEnabled,
	}
	if rule.Path == "" {
		rule.Path = st.Name + "/" + id
	}
	where := rule.Path
	misc := &cfn.Resolver{Env: env, Tpl: tpl, Stacks: &l.stacks}
	if v, ok := props.Get("Name"); ok {
		rule.Name = misc.Str(v, "Name")
	}
	if v, ok := props.Get("State"); ok {
		rule.State = strings.ToUpper(misc.Str(v, "State"))
	}
	switch rule.State {
	case StateEnabled, StateDisabled, StateEnabledAllManagementEvents:
	default:
		l.warn("%s: unknown state %q: the rule never fires", where, rule.State)
	}
	if v, ok := props.Get("EventBusName"); ok {
		b := misc.Str(v, "EventBusName")
		if ref, ok := cfn.ParseBusARN(b); ok {
			b = ref.Name
		}
		if b != "" {
			rule.EventBus = b
		}
	}
	if v, ok := props.Get("ScheduleExpression"); ok {
		rule.ScheduleExpression = misc.Str(v, "ScheduleExpression")
		if rule.State == StateEnabledAllManagementEvents {
			l.warn("%s: state %s is not allowed on a scheduled rule", where, rule.State)
		}
	}
	if v, ok := props.Get("EventPattern"); ok {
		pr := &cfn.Resolver{Env: env, Tpl: tpl, Stacks: &l.stacks}
		pv := pr.Resolve(v)
		if s, ok := pv.(string); ok { // a pattern written as a JSON string
			if d, err := cfn.DecodeOrdered([]byte(s)); err == nil {
				pv = d
			}
		}
		b, err := json.Marshal(pv)
		if err == nil {
			rule.EventPattern = b
			rule.Pattern, err = eventpattern.Compile(b)
		}
		if err != nil {
			rule.PatternErr = err
			l.warn("%s: invalid event pattern: %v", where, err)
		}
		rule.Unresolved = pr.Notes
	} else if rule.ScheduleExpression == "" {
		l.warn("%s: neither EventPattern nor ScheduleExpression", where)
	}
	targets, _ := props.Get("Targets")
	list, _ := resolveShallow(misc, targets).([]any)
	for _, tv := range list {
		to, _ := tv.(cfn.Object)
		if to == nil {
			continue
		}
		idv, _ := to.Get("Id")
		t := Target{ID: misc.Str(idv, "Id")}
		if raw, ok := to.Get("Arn"); ok {
			var in *cfn.Template
			t.ARN, t.Type, t.LogicalID, in = l.describe(misc, raw)
			if t.LogicalID != "" {
				t.Stack = st.Name
				if in != tpl {
					t.Stack = l.stackOf(in)
				}
				if p := l.pathOf[in]; p != nil {
					t.Path = p(t.LogicalID)
				}
			}
		}
		if ref, ok := cfn.ParseBusARN(t.ARN); ok && !hasPlaceholder(ref.Region) {
			t.EventBus = &Bus{Region: ref.Region, Account: ref.Account, Name: ref.Name}
		}
		if raw, ok := to.Get("RoleArn"); ok {
			t.RoleARN, _, _, _ = l.describe(misc, raw)
		}
		_, t.DeadLetter = to.Get("DeadLetterConfig")
		_, t.RetryPolicy = to.Get("RetryPolicy")
		_, t.InputTransformer = to.Get("InputTransformer")
		if t.EventBus != nil && t.RoleARN == "" && (t.EventBus.Region != rule.Region || (env.AccountKnown && t.EventBus.Account != st.Account)) {
			l.warn("%s: target %s delivers to event bus %s in another region or account without a RoleArn; EventBridge requires one", where, t.ID, t.ARN)
		}
		rule.Targets = append(rule.Targets, t)
	}
	l.a.Rules = append(l.a.Rules, rule)
}

// resolveShallow resolves v when it is an intrinsic (Targets written as
// Fn::If, say) and returns it unchanged otherwise, so that target Arns are
// still seen as written.
func resolveShallow(r *cfn.Resolver, v any) any {
	if _, _, ok := cfn.Intrinsic(v); ok {
		return r.Resolve(v)
	}
	return v
}

// describe resolves an ARN-valued property. A Ref or Fn::GetAtt to a resource
// of the template, or a cross-stack reference (Fn::GetStackOutput,
// Fn::ImportValue) to an output that is one in another stack of the
// assembly, becomes "TYPE:LOGICAL_ID" (an event bus becomes its ARN), with
// the template that declares the resource.
func (l *loader) describe(r *cfn.Resolver, raw any) (arn, typ, logicalID string, in *cfn.Template) {
	v, rr := r.Follow(raw)
	if id, _, ok := cfn.RefTarget(v); ok {
		if typ = rr.Tpl.ResourceType(id); typ != "" {
			if typ == cfn.TypeEventBus {
				return rr.BusARN(id), typ, id, rr.Tpl
			}
			return typ + ":" + id, typ, id, rr.Tpl
		}
	}
	return rr.Str(v, "Arn"), "", "", nil
}

// stackOf returns the name of the stack whose template is tpl.
func (l *loader) stackOf(tpl *cfn.Template) string {
	for _, t := range l.templates {
		if t.tpl == tpl {
			return t.st.Name
		}
	}
	return ""
}

// Rule returns the rules whose construct path or logical ID matches
// pathSuffix (see Rule.Is).
func (a *Assembly) Rule(pathSuffix string) []*Rule {
	var out []*Rule
	for _, r := range a.Rules {
		if r.Is(pathSuffix) {
			out = append(out, r)
		}
	}
	return out
}

// Is reports whether the rule is the one pathSuffix names: its logical ID,
// its construct path, or a suffix of the path that starts after a "/",
// with or without the final "/Resource" (so "IamAlert" names
// "Trailbridge-Home/IamAlert/Resource").
func (r *Rule) Is(pathSuffix string) bool {
	s := strings.Trim(pathSuffix, "/")
	if s == "" {
		return false
	}
	if s == r.LogicalID || s == r.Path {
		return true
	}
	p := strings.TrimSuffix(r.Path, "/Resource")
	s = strings.TrimSuffix(s, "/Resource")
	return p == s || strings.HasSuffix(p, "/"+s)
}

// DisplayPath returns the construct path without its final "/Resource".
func (r *Rule) DisplayPath() string { return strings.TrimSuffix(r.Path, "/Resource") }
