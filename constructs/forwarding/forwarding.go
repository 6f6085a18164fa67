package forwarding

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/constructs/operations"
	"github.com/trailbridge/trailbridge/internal/cfn"
	"github.com/trailbridge/trailbridge/internal/validate"
	"github.com/trailbridge/trailbridge/pattern"
)

// Need is a set of events home rules need from elsewhere: these services'
// events with these names (or name prefixes) and detail types, by these
// identity types, with these request parameters and extra conditions. A
// forwarder rule carries exactly this selection; conditions of the home
// rule that a Need does not hold (principals, source IPs, accounts,
// regions) are left to the home rule, so forwarding is wider than the home
// rule there, never narrower.
type Need struct {
	// Services whose events are needed; none means every service (then
	// another field must narrow the need: see Spec).
	Services []catalog.Service
	// EventNames are exact event names (none, with no EventNamePrefixes:
	// every event name).
	EventNames []string
	// EventNamePrefixes match versioned event names by prefix.
	EventNamePrefixes []string
	// DetailTypes are the detail types needed (empty: API calls).
	DetailTypes []string
	// UserIdentityTypes keep only events by these identity types (Root,
	// IAMUser, ...); empty: every identity type.
	UserIdentityTypes []string
	// RequestParameters keep only events whose detail.requestParameters
	// match (see pattern.Spec.RequestParameters); empty: no such condition.
	RequestParameters map[string][]any
	// Extra are more pattern conditions (see pattern.Spec.Extra), e.g. an
	// errorCode prefix; empty: none.
	Extra map[string]any
	// ReadOnly is true when some of the events are read-only calls: the
	// forwarder rule then needs ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
	ReadOnly bool
	// IncludeFailed forwards failed calls too.
	IncludeFailed bool
}

// GlobalOnly reports whether every service of n is global-only (its events
// appear only in us-east-1). A need of every service is not.
func (n Need) GlobalOnly() bool {
	for _, s := range n.Services {
		if !s.GlobalOnly {
			return false
		}
	}
	return len(n.Services) > 0
}

// Spec is the pattern.Spec of the forwarder rule that carries n.
func (n Need) Spec() pattern.Spec {
	return pattern.Spec{
		Services: n.Services, EventNames: n.EventNames, EventNamePrefixes: n.EventNamePrefixes,
		DetailTypes: n.DetailTypes, UserIdentityTypes: n.UserIdentityTypes,
		RequestParameters: n.RequestParameters, Extra: n.Extra, IncludeFailed: n.IncludeFailed,
	}
}

// conditions is the canonical JSON of n's conditions besides services,
// names and detail types, or "" when it has none.
func (n Need) conditions() string {
	if len(n.UserIdentityTypes) == 0 && len(n.RequestParameters) == 0 && len(n.Extra) == 0 {
		return ""
	}
	// encoding/json sorts map keys, so equal conditions give equal JSON.
	b, err := json.Marshal(map[string]any{
		"userIdentityTypes": union(nil, n.UserIdentityTypes),
		"requestParameters": n.RequestParameters,
		"extra":             n.Extra,
	})
	if err != nil {
		// Unencodable values (a func, a channel) cannot be in an event
		// pattern either: ForwarderProps.Validate reports them.
		return "!" + err.Error()
	}
	return string(b)
}

// key groups needs that one forwarder rule can carry without widening what
// it matches: same services, detail types, conditions and flags.
func (n Need) key() string {
	var names []string
	for _, s := range n.Services {
		names = append(names, s.Source+"|"+s.EventSource)
	}
	sort.Strings(names)
	dt := slices.Clone(n.DetailTypes)
	sort.Strings(dt)
	k := fmt.Sprintf("%s#%s#%v#%v", strings.Join(names, ","), strings.Join(dt, ","), n.ReadOnly, n.IncludeFailed)
	if c := n.conditions(); c != "" {
		k += "#" + c
	}
	return k
}

// everyName reports whether n selects every event name of its services.
func (n Need) everyName() bool {
	return len(n.EventNames) == 0 && len(n.EventNamePrefixes) == 0
}

// NeedOf is what one rule needs forwarded (NeedOfSpec of its Spec and
// state).
func NeedOf(rule apicall.Rule) Need {
	return NeedOfSpec(rule.Spec(), rule.State() == apicall.StateEnabledWithAllManagementEvents)
}

// NeedOfSpec is what a home rule with pattern spec needs forwarded; readOnly
// says whether that rule receives read-only calls (its state is
// ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS).
//
// The need selects by services, event names, detail types and failed
// calls, and, where those alone would not narrow it to the calls of a few
// named events (no services, or no event names), also by the conditions
// that select the same events wherever they are evaluated: identity types,
// request parameters and Extra. So a detection of every service, such as
// the root user's activity, is forwarded as exactly that, not as every
// event of every service. A rule that names services and events is
// forwarded by those alone: a little wider than the home rule (which keeps
// its conditions), so that rules differing only in conditions share one
// forwarder rule, which keeps forwarders within EventBridge's rules per
// bus and the member template small. Principals, source IPs, accounts and
// regions are always left to the home rule (a principal may be a token of
// the home stack).
func NeedOfSpec(spec pattern.Spec, readOnly bool) Need {
	n := Need{
		Services: spec.Services, EventNames: spec.EventNames, EventNamePrefixes: spec.EventNamePrefixes,
		DetailTypes: spec.DetailTypes, ReadOnly: readOnly, IncludeFailed: spec.IncludeFailed,
	}
	if len(n.Services) == 0 || n.everyName() {
		n.UserIdentityTypes, n.RequestParameters, n.Extra = spec.UserIdentityTypes, spec.RequestParameters, spec.Extra
	}
	return n
}

// NeedsOf gathers what rules need (MergeNeeds of their NeedOf). Disabled
// rules need nothing.
func NeedsOf(rules ...apicall.Rule) []Need {
	var needs []Need
	for _, r := range rules {
		if r.State() == apicall.StateDisabled {
			continue
		}
		needs = append(needs, NeedOf(r))
	}
	return MergeNeeds(needs...)
}

// MergeNeeds merges the event names of needs that select the same way (same
// services, detail types, conditions and flags), so that one forwarder rule
// carries them, in a deterministic order. A need of every event name of its
// services absorbs the names of the others. The result matches every event
// one of needs matches, and nothing else.
func MergeNeeds(needs ...Need) []Need {
	byKey := map[string]*Need{}
	var keys []string
	for _, n := range needs {
		k := n.key()
		if m, ok := byKey[k]; ok {
			if m.everyName() || n.everyName() {
				m.EventNames, m.EventNamePrefixes = nil, nil
				continue
			}
			m.EventNames = union(m.EventNames, n.EventNames)
			m.EventNamePrefixes = union(m.EventNamePrefixes, n.EventNamePrefixes)
			continue
		}
		n.EventNames = union(nil, n.EventNames)
		n.EventNamePrefixes = union(nil, n.EventNamePrefixes)
		byKey[k] = &n
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]Need, len(keys))
	for i, k := range keys {
		out[i] = *byKey[k]
	}
	return out
}

func union(a, b []string) []string {
	if len(a) == 0 && len(b) == 0 {
		return nil
	}
	set := map[string]bool{}
	for _, s := range append(slices.Clone(a), b...) {
		set[s] = true
	}
	return slices.Sorted(maps.Keys(set))
}

// ForwarderProps configures a Forwarder.
type ForwarderProps struct {
	// Needs are what the home rules need from this region (see NeedsOf).
	Needs []Need
	// HomeBusARN is the ARN of the bus that receives the events, e.g.
	// arn:aws:events:eu-west-1:111111111111:event-bus/default. It is a
	// plain string (or a token of this stack): a reference to a resource in
	// another region cannot cross stacks.
	HomeBusARN string
	// MaxEventAgeSeconds and RetryAttempts set each rule's retry policy.
	// Default: 86400 and 185.
	MaxEventAgeSeconds int
	// RetryAttempts is how often a delivery is retried (0-185).
	// Default: 185.
	RetryAttempts *int
	// AlarmTopic receives the alarms on the shared dead-letter queue (it
	// must be in this region).
	// Default: nil (alarms without an action; still visible in CloudWatch).
	AlarmTopic awssns.ITopic
	// ForwardAlarms sends the state changes of the forwarder's own alarms to
	// the home bus too, where a rule matching ForwardedAlarmPattern passes
	// them to the operations topic: for member accounts, whose alarms have
	// no topic of their own that anyone reads (an alarm action must be a
	// topic of the alarm's region).
	// Default: false.
	ForwardAlarms bool
}

// AlarmSource and AlarmDetailType are the source and detail type of
// CloudWatch alarm state change events, the ones ForwardAlarms forwards.
const (
	AlarmSource     = "aws.cloudwatch"
	AlarmDetailType = "CloudWatch Alarm State Change"
)

// AlarmPattern matches the state changes of the alarms with these ARNs.
func AlarmPattern(alarmArns []*string) map[string]any {
	return map[string]any{"source": []any{AlarmSource}, "detail-type": []any{AlarmDetailType}, "resources": alarmArns}
}

// ForwardedAlarmPattern matches, on the home bus, the alarm state changes
// forwarders with ForwardAlarms send from other accounts: the home
// account's own alarms (which reach its bus too) are left out, as they
// have their own actions. Events of aws.* sources can be put on a bus only
// by EventBridge rules, so these come from member accounts' forwarders.
func ForwardedAlarmPattern(homeAccount string) map[string]any {
	return map[string]any{
		"source": []any{AlarmSource}, "detail-type": []any{AlarmDetailType},
		"account": []any{map[string]any{"anything-but": []any{homeAccount}}},
	}
}

// Forwarder holds one rule per group of needs, one dead-letter queue in
// this region that they share, the alarms on both, and the role EventBridge
// assumes to put events on the home bus.
type Forwarder interface {
	constructs.Construct
	// Rules are the forwarding rules, in the order of the needs.
	Rules() []apicall.Rule
	// Role may only put events on the home bus ("Role").
	Role() awsiam.Role
	// DeadLetterQueue receives what could not be forwarded ("DeadLetterQueue").
	DeadLetterQueue() awssqs.IQueue
}

type forwarder struct {
	constructs.Construct
	rules []apicall.Rule
	role  awsiam.Role
	dlq   awssqs.IQueue
}

func (f *forwarder) Rules() []apicall.Rule          { return f.rules }
func (f *forwarder) Role() awsiam.Role              { return f.role }
func (f *forwarder) DeadLetterQueue() awssqs.IQueue { return f.dlq }

// Validate reports every problem in props, each need's by its index: a
// need must make a valid forwarder rule (one that narrows beyond the detail
// type, within EventBridge's pattern limits).
func (p *ForwarderProps) Validate() error {
	var errs []string
	if p == nil {
		p = &ForwarderProps{}
	}
	if len(p.Needs) == 0 {
		errs = append(errs, "forwarding.ForwarderProps.Needs: got none; allowed: at least one need (a forwarder with nothing to forward should not be deployed)")
	}
	for i, n := range p.Needs {
		rp := n.ruleProps()
		if err := rp.Validate(); err != nil {
			errs = append(errs, fmt.Sprintf("forwarding.ForwarderProps.Needs[%d]: %s", i, strings.ReplaceAll(err.Error(), "\n", "; ")))
		}
	}
	if !validate.IsToken(p.HomeBusARN) && !(strings.HasPrefix(p.HomeBusARN, "arn:") && strings.Contains(p.HomeBusARN, ":events:") && strings.Contains(p.HomeBusARN, ":event-bus/")) {
		errs = append(errs, fmt.Sprintf("forwarding.ForwarderProps.HomeBusARN: got %q; allowed: an event bus ARN (arn:aws:events:REGION:ACCOUNT:event-bus/NAME)", p.HomeBusARN))
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return nil
}

// ruleProps are the props of the forwarder rule of n, without the retry
// policy and dead-letter queue the forwarder adds.
func (n Need) ruleProps() apicall.RuleProps {
	state := apicall.StateEnabled
	if n.ReadOnly {
		state = apicall.StateEnabledWithAllManagementEvents
	}
	what := "every service's"
	if len(n.Services) > 0 {
		var names []string
		for _, s := range n.Services {
			names = append(names, s.Name)
		}
		what = fmt.Sprint(names)
	}
	if c := n.conditions(); c != "" {
		what += " selected"
	}
	s := n.Spec()
	return apicall.RuleProps{
		Custom:            s.Services,
		EventNames:        s.EventNames,
		EventNamePrefixes: s.EventNamePrefixes,
		DetailTypes:       s.DetailTypes,
		UserIdentityTypes: s.UserIdentityTypes,
		RequestParameters: s.RequestParameters,
		Extra:             s.Extra,
		IncludeFailed:     s.IncludeFailed,
		// A need of every service (or every event of its services) is
		// narrowed by its conditions; apicall refuses it otherwise.
		Unscoped:    true,
		State:       state,
		Description: fmt.Sprintf("trailbridge: forwards %s events to the home bus", what),
	}
}

// NewForwarder creates the forwarding rules and role. Children: Role, and
// one rule per need, with an ID made from the need's services, conditions
// and flags (e.g. "ForwardIam", "ForwardEc2S3ReadOnly",
// "ForwardAnyServiceByRootWithFailed"): a list-driven construct
// cannot have fixed IDs, and these stay the same when needs are added,
// removed or reordered, so a deployed rule is never replaced for that.
func NewForwarder(scope constructs.Construct, id string, props *ForwarderProps) Forwarder {
	if err := props.Validate(); err != nil {
		panic(err)
	}
	f := &forwarder{}
	constructs.NewConstruct_Override(f, scope, &id)
	stack := awscdk.Stack_Of(f)
	f.role = awsiam.NewRole(f, jsii.String("Role"), &awsiam.RoleProps{
		Description: jsii.String("Lets trailbridge forwarding rules put events on the home event bus, and nothing else"),
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), &awsiam.ServicePrincipalOpts{
			Conditions: &map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": stack.Account()}},
		}),
	})
	f.role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("events:PutEvents"),
		Resources: jsii.Strings(props.HomeBusARN),
	}))
	f.dlq = delivery.NewDeadLetterQueue(f, "DeadLetterQueue", nil)
	// Every rule dead-letters into the shared queue after its retries, so
	// the queue's depth and age alarms cover every forwarding failure.
	monitor := operations.NewMonitor(f, "Monitor", &operations.MonitorProps{Topic: props.AlarmTopic, WithoutDashboard: true})
	monitor.WatchQueue("DeadLetterQueue", f.dlq)
	for _, n := range props.Needs {
		rp := n.ruleProps()
		rp.MaxEventAgeSeconds = props.MaxEventAgeSeconds
		rp.RetryAttempts = props.RetryAttempts
		rp.DeadLetterQueue = f.dlq
		r := apicall.NewRule(f, n.constructID(), &rp)
		r.AddTarget("HomeBus", &busTarget{arn: props.HomeBusARN, role: f.role})
		f.rules = append(f.rules, r)
	}
	if props.ForwardAlarms {
		f.forwardAlarms(props, monitor)
	}
	return f
}

// forwardAlarms creates "ForwardAlarms", a rule that sends the state changes
// of the monitor's alarms to the home bus, dead-lettering into the shared
// queue (whose alarms it forwards in turn).
func (f *forwarder) forwardAlarms(props *ForwarderProps, monitor operations.Monitor) {
	var arns []*string
	for _, a := range monitor.Alarms() {
		arns = append(arns, a.AlarmArn())
	}
	age, attempts := 86400, 185
	if props.MaxEventAgeSeconds != 0 {
		age = props.MaxEventAgeSeconds
	}
	if props.RetryAttempts != nil {
		attempts = *props.RetryAttempts
	}
	rule := awsevents.NewCfnRule(f, jsii.String("ForwardAlarms"), &awsevents.CfnRuleProps{
		Description:  jsii.String("trailbridge: forwards the state changes of the forwarder's alarms to the home bus"),
		EventPattern: AlarmPattern(arns),
		State:        jsii.String("ENABLED"),
		Targets: []any{&awsevents.CfnRule_TargetProperty{
			Id: jsii.String("HomeBus"), Arn: jsii.String(props.HomeBusARN), RoleArn: f.role.RoleArn(),
			DeadLetterConfig: &awsevents.CfnRule_DeadLetterConfigProperty{Arn: f.dlq.QueueArn()},
			RetryPolicy: &awsevents.CfnRule_RetryPolicyProperty{
				MaximumEventAgeInSeconds: jsii.Number(float64(age)), MaximumRetryAttempts: jsii.Number(float64(attempts)),
			},
		}},
	})
	delivery.AllowRule(f.dlq, rule.AttrArn())
}

type busTarget struct {
	arn  string
	role awsiam.IRole
}

// Bind sends the events to the home bus through the forwarder's role.
func (b *busTarget) Bind(_ constructs.Construct, _ apicall.Rule, _ string) *awsevents.CfnRule_TargetProperty {
	return &awsevents.CfnRule_TargetProperty{Arn: jsii.String(b.arn), RoleArn: b.role.RoleArn()}
}

// BusARN is the ARN of the bus named name in region and account.
func BusARN(partition, region, account, name string) string {
	return cfn.BusRef{Partition: partition, Region: region, Account: account, Name: name}.ARN()
}

// constructID names the forwarding rule of n after its services (or
// "AnyService"), detail types, conditions and flags: "By" and the identity
// types, "Where" and 8 hex digits of the SHA-256 of the other conditions.
// Names of needs without conditions are as they were before conditions
// existed, so their deployed rules stay.
func (n Need) constructID() string {
	var parts []string
	for _, s := range n.Services {
		parts = append(parts, camel(s.Name))
	}
	sort.Strings(parts)
	if len(parts) == 0 {
		parts = []string{"AnyService"}
	}
	id := "Forward" + strings.Join(parts, "")
	if len(n.DetailTypes) > 0 {
		dt := slices.Clone(n.DetailTypes)
		sort.Strings(dt)
		for _, d := range dt {
			id += camel(strings.TrimSuffix(strings.TrimPrefix(d, "AWS "), " via CloudTrail"))
		}
	}
	if len(n.UserIdentityTypes) > 0 {
		id += "By"
		for _, t := range union(nil, n.UserIdentityTypes) {
			id += camel(t)
		}
	}
	if len(n.RequestParameters) > 0 || len(n.Extra) > 0 {
		sum := sha256.Sum256([]byte(Need{RequestParameters: n.RequestParameters, Extra: n.Extra}.conditions()))
		id += "Where" + hex.EncodeToString(sum[:4])
	}
	if n.ReadOnly {
		id += "ReadOnly"
	}
	if n.IncludeFailed {
		id += "WithFailed"
	}
	return id
}

func camel(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if r == '-' || r == ' ' || r == '.' || r == '_' {
			up = true
			continue
		}
		if up {
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
