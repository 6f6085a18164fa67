package stacks

import (
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/constructs/operations"
	"github.com/trailbridge/trailbridge/constructs/targets"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/internal/nag"
	"github.com/trailbridge/trailbridge/pattern"
	"github.com/trailbridge/trailbridge/stacks/responder"
)

// ResponseStackProps configures a ResponseStack.
type ResponseStackProps struct {
	awscdk.StackProps
	// Config is the validated app configuration (responders, alerts,
	// exemptions, delivery, operations).
	// Default: DefaultConfig.
	Config *config.Config
	// ModuleDir is the Go module that holds the responders' packages.
	// Default: found from the working directory.
	ModuleDir string
}

// ResponseStack holds the home-region rules, responders, alert and
// operations topics, alarms and dashboard.
type ResponseStack struct {
	awscdk.Stack
	// Rules are every API-call rule of the stack, by construct path order.
	Rules []apicall.Rule
	// Alerts is the topic people subscribe to.
	Alerts targets.AlertTopic
	// Operations receives alarms about trailbridge itself.
	Operations targets.AlertTopic
	// Functions are the responders' functions, by responder ID.
	Functions map[string]golambda.Function
	// Notifier renders detections' alerts and publishes them to Alerts
	// (nil when no detection is on).
	Notifier golambda.Function
	// DetectionSinks are what the detections stacks' rules deliver to.
	DetectionSinks DetectionSinks
}

// NewResponseStack creates the rules and responders that cfg turns on.
func NewResponseStack(scope constructs.Construct, id string, props *ResponseStackProps) *ResponseStack {
	if props == nil {
		props = &ResponseStackProps{}
	}
	cfg := configOrDefault(props.Config)
	stack := newStack(scope, id, props.StackProps, "trailbridge: rules, responders and alerts for CloudTrail events")
	s := &ResponseStack{Stack: stack, Functions: map[string]golambda.Function{}}

	var subs []targets.Subscription
	for _, e := range cfg.Alerts.Emails {
		subs = append(subs, targets.Subscription{Protocol: "email", Endpoint: e})
	}
	for _, sub := range cfg.Alerts.Subscriptions {
		subs = append(subs, targets.Subscription{Protocol: sub.Protocol, Endpoint: sub.Endpoint})
	}
	s.Alerts = targets.NewAlertTopic(stack, "Alerts", &targets.AlertTopicProps{DisplayName: "trailbridge alerts", Subscriptions: subs})
	var opsSubs []targets.Subscription
	for _, e := range cfg.Operations.Emails {
		opsSubs = append(opsSubs, targets.Subscription{Protocol: "email", Endpoint: e})
	}
	s.Operations = targets.NewAlertTopic(stack, "Operations", &targets.AlertTopicProps{DisplayName: "trailbridge operations", Subscriptions: opsSubs})
	monitor := operations.NewMonitor(stack, "Monitor", &operations.MonitorProps{Topic: s.Operations.Topic()})

	attempts := cfg.Delivery.RetryAttempts
	ruleProps := func(rp apicall.RuleProps) *apicall.RuleProps {
		rp.MaxEventAgeSeconds = cfg.Delivery.MaxEventAgeSeconds
		rp.RetryAttempts = &attempts
		return &rp
	}
	// watchID names a rule's alarms in the monitor.
	addRule := func(scope constructs.Construct, id, watchID string, rp apicall.RuleProps) apicall.Rule {
		r := apicall.NewRule(scope, id, ruleProps(rp))
		monitor.WatchRule(watchID, r)
		s.Rules = append(s.Rules, r)
		return r
	}

	for _, e := range Responders {
		d := e.Define(cfg)
		if d.Mode == string(contract.ModeOff) {
			continue
		}
		scope := constructs.NewConstruct(stack, jsii.String(d.ID))
		addRules := func(targets []apicall.RuleTarget, exempt []string) {
			for _, r := range d.Rules {
				rp := apicall.RuleProps{Services: []string{r.Service}, EventNames: r.Events, EventNamePrefixes: r.Prefixes,
					Targets: targets, ExemptPrincipalARNs: exempt}
				if r.ID == "" {
					addRule(scope, "Rule", d.ID, rp)
				} else {
					addRule(scope, r.ID, d.ID+r.ID, rp)
				}
			}
		}
		if d.Mode == string(contract.ModeAlert) {
			addRules([]apicall.RuleTarget{{ID: "Alert", Target: s.Alerts.Target()}}, nil)
			continue
		}
		s.Functions[d.ID] = s.addResponder(scope, cfg, props.ModuleDir, monitor, d, addRules)
	}

	if len(cfg.DetectionList()) > 0 {
		s.addDetectionSinks(cfg, props.ModuleDir, monitor)
	}
	s.addFailedInvocationsAlarm()
	return s
}

// ResponderRoleName is the execution role name of responder id in
// organization mode (member roles trust it by name).
func ResponderRoleName(cfg *config.Config, id string) string {
	return FitIAMName(cfg.StackPrefix, "-"+id+"-responder", MaxIAMRoleNameLength)
}

// memberRoleExemption is the ARN pattern of responder id's member role in
// every account, which its rules exempt.
func memberRoleExemption(cfg *config.Config, id string) string {
	return "arn:" + catalog.Partition(cfg.HomeRegion) + ":iam::" + pattern.AnyAccount + ":role/" + MemberRoleName(cfg, id)
}

// MemberRoleName is the role responder id assumes in member accounts.
func MemberRoleName(cfg *config.Config, id string) string {
	return FitIAMName(cfg.StackPrefix, "-"+id+"-member", MaxIAMRoleNameLength)
}

// addResponder creates d's function, its role's grants and its buffer, and
// adds its rules with addRules.
func (s *ResponseStack) addResponder(scope constructs.Construct, cfg *config.Config, moduleDir string, monitor operations.Monitor,
	d responder.Definition, addRules func(targets []apicall.RuleTarget, exempt []string)) golambda.Function {
	stack := s.Stack
	// The environment whose size Validate checks.
	env := FunctionEnvironment(cfg, d)
	timeout := 30
	if d.Buffered {
		timeout = 60
	}
	fp := &golambda.FunctionProps{
		Package:        d.Package,
		ModuleDir:      moduleDir,
		Description:    "trailbridge responder: " + d.Description,
		Environment:    env,
		TimeoutSeconds: timeout,
		Tracing:        cfg.Tracing,
	}
	member := cfg.Organization.Enabled && d.Member
	if member {
		// Member accounts' roles trust this role by name.
		fp.RoleName = ResponderRoleName(cfg, d.ID)
		env[contract.EnvMemberRoleName] = MemberRoleName(cfg, d.ID)
	}
	fn := golambda.NewFunction(scope, "Function", fp)
	// One jsii round trip each, not one per grant.
	partition, account := stack.Partition(), stack.Account()
	fn.Function().AddEnvironment(jsii.String(contract.EnvHomeAccount), account, nil)
	wildcards := d.Wildcards
	if member {
		fn.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings("sts:AssumeRole"),
			Resources: jsii.Strings("arn:" + *partition + ":iam::*:role/" + MemberRoleName(cfg, d.ID)),
			// Only roles in accounts of this organization.
			Conditions: &map[string]any{"StringEquals": map[string]any{"aws:ResourceOrgID": cfg.Organization.ID}},
		}))
		wildcards = append(slices.Clone(wildcards), responder.Wildcard{Finding: `/^Resource::arn:[^:]+:iam::\*:role\/.*-member$/`, Reason: "The responder assumes its member role in whichever account of the organization the event came from (aws:ResourceOrgID limits it to the organization)."})
	}
	fn.Function().AddEnvironment(jsii.String(contract.EnvSelfRoleARN), fn.Role().RoleArn(), nil)
	for _, g := range d.Grants {
		resources := g.Resolve(*partition, *account)
		fn.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings(g.Actions...), Resources: jsii.Strings(resources...)}))
	}
	if len(wildcards) > 0 {
		var applies []any
		var reasons []string
		for _, w := range wildcards {
			applies = append(applies, map[string]any{"regex": w.Finding})
			reasons = append(reasons, w.Reason)
		}
		nag.Suppress(fn.Role().Node().FindChild(jsii.String("DefaultPolicy")), nag.Rule{
			ID: "AwsSolutions-IAM5", Reason: strings.Join(reasons, " "), AppliesTo: applies,
		})
	}
	if d.Extra != nil {
		d.Extra(scope, fn)
	}
	monitor.WatchFunction(d.ID, fn.Function())
	monitor.WatchQueue(d.ID+"FunctionDeadLetterQueue", fn.DeadLetterQueue())
	var ruleTargets []apicall.RuleTarget
	if d.Buffered {
		buf := targets.NewBufferedFunction(scope, "Buffer", &targets.BufferedFunctionProps{Function: fn.Function(), FunctionTimeoutSeconds: timeout})
		monitor.WatchQueue(d.ID+"BufferDeadLetterQueue", buf.DeadLetterQueue())
		ruleTargets = append(ruleTargets, apicall.RuleTarget{ID: "Buffer", Target: buf.Target()})
	} else {
		ruleTargets = append(ruleTargets, apicall.RuleTarget{ID: "Function", Target: targets.Lambda(fn.Function())})
	}
	if d.AlwaysAlert || d.Mode == string(contract.ModeDryRun) {
		ruleTargets = append(ruleTargets, apicall.RuleTarget{ID: "Alert", Target: s.Alerts.Target()})
	}
	// The responder's own calls never trigger it again,
	exempt := []string{*fn.Role().RoleArn()}
	if member {
		// nor its calls through its member role in any member account.
		exempt = append(exempt, memberRoleExemption(cfg, d.ID))
	}
	addRules(ruleTargets, exempt)
	return fn
}
