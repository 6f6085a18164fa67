package apicall

import (
	"errors"
	"fmt"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/catalog/operations"
	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/internal/validate"
	"github.com/trailbridge/trailbridge/pattern"
)

// MaxTargets is EventBridge's limit of targets per rule.
const MaxTargets = 5

// State is an EventBridge rule state.
type State string

// The rule states. The zero value lets the rule decide: read-only event
// names need StateEnabledWithAllManagementEvents, anything else StateEnabled.
const (
	StateAuto                           State = ""
	StateEnabled                        State = "ENABLED"
	StateDisabled                       State = "DISABLED"
	StateEnabledWithAllManagementEvents State = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
)

// Target is a destination of a rule's events. Bind creates what the target
// needs under scope (a resource policy scoped to the rule, a role) and
// returns the CloudFormation target. A target that sets no DeadLetterConfig
// or RetryPolicy gets the rule's.
type Target interface {
	Bind(scope constructs.Construct, rule Rule, id string) *awsevents.CfnRule_TargetProperty
}

// RuleTarget is a target with its ID (the target's Id in the rule, and the
// construct ID of what it creates: changing it replaces those resources).
type RuleTarget struct {
	// ID names the target; unique within the rule.
	ID string
	// Target is the destination.
	Target Target
}

// RuleProps configures an API-call rule. Services (or Custom) and
// EventNames (or EventNamePrefixes) are required, unless Unscoped.
type RuleProps struct {
	// Services are catalog names ("s3", "iam", ...) whose events match.
	// Default: none (then Custom must be set).
	Services []string
	// Custom adds services that are not in the catalog, built with catalog.Custom.
	// Default: none.
	Custom []catalog.Service
	// EventNames are exact CloudTrail event names.
	// Default: none (then EventNamePrefixes must be set).
	EventNames []string
	// EventNamePrefixes match versioned names such as CreateFunction20150331
	// by prefix ("CreateFunction").
	// Default: none.
	EventNamePrefixes []string
	// DetailTypes are catalog.DetailType* values.
	// Default: API calls only.
	DetailTypes []string
	// UserIdentityTypes keep only calls by these identity types (Root, IAMUser, AssumedRole, ...).
	// Default: every identity type.
	UserIdentityTypes []string
	// PrincipalARNs keep only calls by these principals.
	// Default: every principal.
	PrincipalARNs []string
	// ExemptPrincipalARNs drop calls by these roles, so that a responder's
	// own changes never trigger it: pass its role's ARN
	// (*fn.Role().RoleArn(), a token is fine), another role's ARN, or an
	// assumed-role prefix (arn:aws:sts::ACCOUNT:assumed-role/NAME/). This is
	// the one way to exempt a principal.
	// Default: none.
	ExemptPrincipalARNs []string
	// SourceIPs keep only calls from these CIDR blocks.
	// Default: any source.
	SourceIPs []string
	// Accounts keep only calls recorded in these accounts.
	// Default: every account.
	Accounts []string
	// Regions keep only calls recorded in these regions.
	// Default: every region.
	Regions []string
	// RequestParameters keep only calls whose detail.requestParameters
	// fields match (field path -> allowed values or EventBridge operators).
	// Default: no request filter.
	RequestParameters map[string][]any
	// Extra merges more pattern conditions, for fields RuleProps does not
	// model, e.g. {"detail": {"additionalEventData": {"MFAUsed": ["No"]}}}.
	// A field the rule already sets is an error, not an override.
	// Default: nothing extra.
	Extra map[string]any
	// IncludeFailed keeps failed calls (errorCode present).
	// Default: false (failed calls are dropped in the pattern and cost nothing).
	IncludeFailed bool
	// Unscoped lets Services and EventNames be empty: the rule then matches
	// the events of every service (or every event name of its services)
	// that its other fields select, e.g. every call of the root user
	// (UserIdentityTypes) or every AccessDenied (Extra). Those fields must
	// still narrow the pattern beyond its detail type: a rule on every
	// CloudTrail event is refused (see pattern.Build).
	// Default: false (Services and EventNames are required).
	Unscoped bool
	// State overrides the rule state.
	// Default: StateAuto.
	State State
	// ScheduleExpression also runs the rule on a schedule; such a rule cannot
	// use StateEnabledWithAllManagementEvents.
	// Default: "" (no schedule).
	ScheduleExpression string
	// EventBus is the bus the rule is on.
	// Default: the account's default bus.
	EventBus awsevents.IEventBus
	// RuleName names the rule.
	// Default: generated by CloudFormation.
	RuleName string
	// Description describes the rule.
	// Default: a summary of the services and event names.
	Description string
	// Targets receive the matching events (at most 5, with AddTarget).
	// Default: none.
	Targets []RuleTarget
	// DeadLetterQueue receives events that could not be delivered to a target.
	// Default: a new encrypted queue, "DeadLetterQueue".
	DeadLetterQueue awssqs.IQueue
	// MaxEventAgeSeconds stops retrying an event this old (60-86400).
	// Default: 86400 (24 hours).
	MaxEventAgeSeconds int
	// RetryAttempts is how often delivery is retried (0-185).
	// Default: 185.
	RetryAttempts *int
}

// Rule is an EventBridge rule for CloudTrail events.
type Rule interface {
	constructs.Construct
	// CfnRule is the CloudFormation rule ("Resource").
	CfnRule() awsevents.CfnRule
	// RuleARN is the rule's ARN.
	RuleARN() *string
	// Pattern is the event pattern, as put in the template.
	Pattern() map[string]any
	// PatternJSON is the pattern as deterministic JSON (for tests).
	PatternJSON() string
	// State is the rule state set on the CfnRule.
	State() State
	// Spec is what the pattern was built from (for forwarders).
	Spec() pattern.Spec
	// DeadLetterQueue receives undeliverable events.
	DeadLetterQueue() awssqs.IQueue
	// Targets are the rule's targets so far.
	Targets() []RuleTarget
	// AddTarget adds a target; it panics past MaxTargets or on a duplicate ID.
	AddTarget(id string, target Target)
}

type rule struct {
	constructs.Construct
	resource awsevents.CfnRule
	pattern  map[string]any
	json     string
	state    State
	spec     pattern.Spec
	dlq      awssqs.IQueue
	retry    *awsevents.CfnRule_RetryPolicyProperty
	targets  []RuleTarget
	bound    []any
}

func (r *rule) CfnRule() awsevents.CfnRule     { return r.resource }
func (r *rule) RuleARN() *string               { return r.resource.AttrArn() }
func (r *rule) Pattern() map[string]any        { return r.pattern }
func (r *rule) PatternJSON() string            { return r.json }
func (r *rule) State() State                   { return r.state }
func (r *rule) Spec() pattern.Spec             { return r.spec }
func (r *rule) DeadLetterQueue() awssqs.IQueue { return r.dlq }
func (r *rule) Targets() []RuleTarget          { return slices.Clone(r.targets) }

// NewRule creates the rule. It panics with every problem in props (see
// RuleProps.Validate) before creating anything.
//
// Children: Resource (the rule), DeadLetterQueue (unless given), and one
// child per target ID for what the targets create.
func NewRule(scope constructs.Construct, id string, props *RuleProps) Rule {
	spec, p, err := props.build()
	if err != nil {
		panic(err)
	}
	r := &rule{spec: spec, pattern: p.pattern, json: p.json, state: p.state}
	constructs.NewConstruct_Override(r, scope, &id)
	var this constructs.Construct = r
	if props.DeadLetterQueue != nil {
		r.dlq = props.DeadLetterQueue
	} else {
		r.dlq = delivery.NewDeadLetterQueue(this, "DeadLetterQueue", nil)
	}
	age, attempts := 86400, 185
	if props.MaxEventAgeSeconds != 0 {
		age = props.MaxEventAgeSeconds
	}
	if props.RetryAttempts != nil {
		attempts = *props.RetryAttempts
	}
	r.retry = &awsevents.CfnRule_RetryPolicyProperty{
		MaximumEventAgeInSeconds: jsii.Number(float64(age)),
		MaximumRetryAttempts:     jsii.Number(float64(attempts)),
	}
	cp := &awsevents.CfnRuleProps{
		Description:  jsii.String(p.description),
		EventPattern: p.pattern,
		State:        jsii.String(string(p.state)),
	}
	if props.RuleName != "" {
		cp.Name = jsii.String(props.RuleName)
	}
	if props.ScheduleExpression != "" {
		cp.ScheduleExpression = jsii.String(props.ScheduleExpression)
	}
	if props.EventBus != nil {
		cp.EventBusName = props.EventBus.EventBusName()
	}
	r.resource = awsevents.NewCfnRule(this, jsii.String("Resource"), cp)
	warnIfNeverFires(r, spec)
	warnUnknownEventNames(r, props.EventNames, spec)
	delivery.AllowRule(r.dlq, r.RuleARN())
	for _, t := range props.Targets {
		r.AddTarget(t.ID, t.Target)
	}
	return r
}

func (r *rule) AddTarget(id string, target Target) {
	if len(r.targets) == MaxTargets {
		panic(fmt.Sprintf("apicall.Rule %s: target %q would be target %d; allowed: at most %d targets per rule (EventBridge quota)", *r.Node().Path(), id, len(r.targets)+1, MaxTargets))
	}
	for _, t := range r.targets {
		if t.ID == id {
			panic(fmt.Sprintf("apicall.Rule %s: target ID %q is used twice; allowed: unique target IDs", *r.Node().Path(), id))
		}
	}
	scope := constructs.NewConstruct(r, jsii.String(id))
	tp := target.Bind(scope, r, id)
	tp.Id = jsii.String(id)
	if tp.DeadLetterConfig == nil {
		tp.DeadLetterConfig = &awsevents.CfnRule_DeadLetterConfigProperty{Arn: r.dlq.QueueArn()}
	}
	if tp.RetryPolicy == nil {
		tp.RetryPolicy = r.retry
	}
	r.targets = append(r.targets, RuleTarget{ID: id, Target: target})
	r.bound = append(r.bound, tp)
	r.resource.SetTargets(r.bound)
}

// warnIfNeverFires warns at synth when the rule watches global-only services
// (IAM, CloudFront, Route 53, Organizations) from a region other than
// us-east-1 on the default bus: their events appear only in us-east-1, so
// unless something forwards them the rule never fires.
func warnIfNeverFires(r *rule, spec pattern.Spec) {
	region := *awscdk.Stack_Of(r).Region()
	if validate.IsToken(region) || region == catalog.HomeRegionGlobal {
		return
	}
	var global []string
	for _, s := range spec.Services {
		if s.GlobalOnly {
			global = append(global, s.Name)
		}
	}
	if len(global) == 0 {
		return
	}
	awscdk.Annotations_Of(r).AddWarningV2(jsii.String("trailbridge:global-service-region"), jsii.String(fmt.Sprintf(
		"rule watches %v events, which CloudTrail delivers only in %s, from %s: it fires only if a forwarder in %s sends them here (the trailbridge app adds one; with the constructs alone, use forwarding.NewForwarder)",
		global, catalog.HomeRegionGlobal, region, catalog.HomeRegionGlobal)))
}

// UnknownEventNameWarning is the ID of the synth warning NewRule adds for an
// event name that none of the rule's services records (acknowledge it with
// awscdk.Annotations_Of(rule).AcknowledgeWarning when the name is right).
const UnknownEventNameWarning = "trailbridge:unknown-event-name"

// warnUnknownEventNames warns at synth about each of names that is not a
// CloudTrail event name of any of the rule's services, with the nearest
// names. A warning, not an error: a library user may know names the
// operations table does not (a new API, a service CloudTrail renames).
func warnUnknownEventNames(r *rule, names []string, spec pattern.Spec) {
	services := make([]string, len(spec.Services))
	for i, s := range spec.Services {
		services[i] = s.Name
	}
	for i, n := range names {
		if validate.IsToken(n) {
			continue
		}
		if allowed := operations.Unknown(services, n); allowed != "" {
			awscdk.Annotations_Of(r).AddWarningV2(jsii.String(UnknownEventNameWarning), jsii.String(fmt.Sprintf(
				"apicall.RuleProps.EventNames[%d]: got %q; allowed: %s (the rule matches only events of that name: if CloudTrail records it, acknowledge this warning)",
				i, n, allowed)))
		}
	}
}

type built struct {
	pattern     map[string]any
	json        string
	state       State
	description string
}

// Validate reports every problem in props at once (errors.Join), each naming
// the field, the bad value and what is allowed.
func (p *RuleProps) Validate() error {
	_, _, err := p.build()
	return err
}

func (p *RuleProps) build() (pattern.Spec, built, error) {
	var errs []error
	bad := func(field string, value any, allowed string) {
		errs = append(errs, fmt.Errorf("apicall.RuleProps.%s: got %#v; allowed: %s", field, value, allowed))
	}
	if p == nil {
		p = &RuleProps{}
	}
	var spec pattern.Spec
	if len(p.Services) == 0 && len(p.Custom) == 0 && !p.Unscoped {
		bad("Services", p.Services, "at least one catalog service name (or Custom services), e.g. \"s3\"")
	}
	services, err := catalog.LookupAll(p.Services...)
	if err != nil {
		errs = append(errs, fmt.Errorf("apicall.RuleProps.Services: %w", err))
	}
	spec.Services = append(services, p.Custom...)
	if len(p.EventNames) == 0 && len(p.EventNamePrefixes) == 0 && !p.Unscoped {
		bad("EventNames", p.EventNames, "at least one CloudTrail event name (or EventNamePrefixes)")
	}
	for i, n := range p.EventNames {
		if n == "" {
			bad(fmt.Sprintf("EventNames[%d]", i), n, "a non-empty CloudTrail event name")
		}
	}
	spec.EventNames = p.EventNames
	spec.EventNamePrefixes = p.EventNamePrefixes
	for i, d := range p.DetailTypes {
		if !catalog.ValidDetailType(d) {
			bad(fmt.Sprintf("DetailTypes[%d]", i), d, fmt.Sprintf("one of %q", catalog.DetailTypes()))
		}
	}
	spec.DetailTypes = p.DetailTypes
	spec.UserIdentityTypes = p.UserIdentityTypes
	spec.PrincipalARNs = p.PrincipalARNs
	spec.ExcludePrincipalARNs = slices.Clone(p.ExemptPrincipalARNs)
	spec.SourceIPs = p.SourceIPs
	spec.Accounts = p.Accounts
	spec.Regions = p.Regions
	spec.RequestParameters = p.RequestParameters
	spec.IncludeFailed = p.IncludeFailed
	spec.Extra = p.Extra
	if len(p.Targets) > MaxTargets {
		bad("Targets", fmt.Sprintf("%d targets", len(p.Targets)), fmt.Sprintf("at most %d targets per rule (EventBridge quota)", MaxTargets))
	}
	if p.MaxEventAgeSeconds != 0 && (p.MaxEventAgeSeconds < 60 || p.MaxEventAgeSeconds > 86400) {
		bad("MaxEventAgeSeconds", p.MaxEventAgeSeconds, "60 to 86400 seconds")
	}
	if p.RetryAttempts != nil && (*p.RetryAttempts < 0 || *p.RetryAttempts > 185) {
		bad("RetryAttempts", *p.RetryAttempts, "0 to 185")
	}
	var b built
	if len(errs) == 0 {
		pat, err := pattern.Build(spec)
		if err != nil {
			errs = append(errs, fmt.Errorf("apicall.RuleProps: %w", err))
		} else if err := pattern.Validate(pat); err != nil {
			errs = append(errs, fmt.Errorf("apicall.RuleProps: event pattern: %w", err))
		} else {
			b.pattern = pat
			b.json, _ = pattern.JSON(pat)
		}
	}
	readOnly := pattern.ReadOnlyOnly(spec)
	switch p.State {
	case StateAuto:
		b.state = StateEnabled
		if readOnly {
			b.state = StateEnabledWithAllManagementEvents
		}
	case StateEnabled, StateDisabled, StateEnabledWithAllManagementEvents:
		b.state = p.State
	default:
		bad("State", p.State, "ENABLED, DISABLED or ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (or empty for automatic)")
	}
	if p.ScheduleExpression != "" && b.state == StateEnabledWithAllManagementEvents {
		why := "set explicitly"
		if p.State == StateAuto {
			why = "chosen because the rule watches read-only calls"
		}
		bad("State", string(b.state), "ENABLED or DISABLED on a scheduled rule (EventBridge refuses ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS with a ScheduleExpression; the state was "+why+")")
	}
	b.description = p.Description
	if b.description == "" {
		b.description = describe(spec)
	}
	if len(b.description) > 512 {
		b.description = b.description[:509] + "..."
	}
	return spec, b, errors.Join(errs...)
}

func describe(s pattern.Spec) string {
	var names []string
	for _, svc := range s.Services {
		names = append(names, svc.Name)
	}
	events := append(slices.Clone(s.EventNames), prefixed(s.EventNamePrefixes)...)
	return fmt.Sprintf("trailbridge: %v %v via CloudTrail", names, events)
}

func prefixed(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p + "*"
	}
	return out
}
