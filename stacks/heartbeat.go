package stacks

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsssm"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawsevents"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/constructs/forwarding"
	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/constructs/operations"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/internal/nag"
	"github.com/trailbridge/trailbridge/lambda/heartbeat"
	"github.com/trailbridge/trailbridge/pattern"
)

// HeartbeatPackage is the heartbeat function's main package.
const HeartbeatPackage = "./lambda/heartbeat/bootstrap"

// HeartbeatSenderProps configures a HeartbeatSender.
type HeartbeatSenderProps struct {
	// Parameter is the SSM parameter the function writes, the one resource
	// its role may write (heartbeat.ParameterName).
	// Default: none (required).
	Parameter string
	// IntervalMinutes is how often the function beats (1-1440).
	// Default: 15.
	IntervalMinutes int
	// AlarmTopic receives the function's alarms (errors, throttles, dead
	// letters); it must be in the sender's region.
	// Default: nil (alarms without an action; still visible in CloudWatch).
	AlarmTopic awssns.ITopic
	// ModuleDir is the Go module that holds HeartbeatPackage.
	// Default: found from the working directory.
	ModuleDir string
	// Tracing is the function's X-Ray tracing mode (golambda.FunctionProps).
	// Default: "Active".
	Tracing string
}

// HeartbeatSender makes the heartbeat of one region: a parameter, a
// function that may only write it, and the schedule that runs the function.
type HeartbeatSender struct {
	constructs.Construct
	// Parameter is the SSM parameter the function writes ("Parameter").
	Parameter awsssm.StringParameter
	// Function is the heartbeat function ("Function").
	Function golambda.Function
	// Schedule runs the function every IntervalMinutes ("Schedule").
	Schedule awsevents.Rule
}

// HeartbeatSenderPropsOf are the props of the heartbeat sender of region in
// the app cfg describes, or nil when cfg turns the heartbeat off or does not
// watch region.
func HeartbeatSenderPropsOf(cfg *config.Config, region string) *HeartbeatSenderProps {
	hb := cfg.Health.Heartbeat
	if !hb.Enabled || !watches(cfg, region) {
		return nil
	}
	return &HeartbeatSenderProps{Parameter: heartbeat.ParameterName(cfg.StackPrefix, region), IntervalMinutes: hb.IntervalMinutes, Tracing: cfg.Tracing}
}

func watches(cfg *config.Config, region string) bool {
	for _, r := range cfg.WatchedRegions() {
		if r == region {
			return true
		}
	}
	return false
}

// NewHeartbeatSender creates the parameter, the function and its schedule.
// The function's role may call ssm:PutParameter on the parameter and
// nothing else (besides writing its own logs, traces and dead letters,
// which every golambda function does).
func NewHeartbeatSender(scope constructs.Construct, id string, props *HeartbeatSenderProps) *HeartbeatSender {
	if props == nil || !heartbeat.ValidParameterName(props.Parameter) {
		var got string
		if props != nil {
			got = props.Parameter
		}
		panic(fmt.Errorf("stacks.HeartbeatSenderProps.Parameter: got %q; allowed: %s", got, heartbeat.ParameterRule))
	}
	interval := props.IntervalMinutes
	if interval == 0 {
		interval = 15
	}
	if interval < 1 || interval > 1440 {
		panic(fmt.Errorf("stacks.HeartbeatSenderProps.IntervalMinutes: got %d; allowed: 1 to 1440 minutes", interval))
	}
	// The children's scope is the plain construct: jsii cannot take the Go
	// struct that embeds it.
	c := constructs.NewConstruct(scope, &id)
	s := &HeartbeatSender{Construct: c}
	s.Parameter = awsssm.NewStringParameter(c, jsii.String("Parameter"), &awsssm.StringParameterProps{
		ParameterName: jsii.String(props.Parameter),
		StringValue:   jsii.String("created"),
		Description:   jsii.String("trailbridge heartbeat: the heartbeat function writes the time here every few minutes; the CloudTrail event of that write proves events reach the home bus"),
		Tier:          awsssm.ParameterTier_STANDARD,
	})
	s.Function = golambda.NewFunction(c, "Function", &golambda.FunctionProps{
		Package:        HeartbeatPackage,
		ModuleDir:      props.ModuleDir,
		Description:    "trailbridge heartbeat: writes " + props.Parameter + " so that its CloudTrail event reaches the home bus",
		Environment:    map[string]string{contract.EnvHeartbeatParameter: props.Parameter},
		TimeoutSeconds: 30,
		MemoryMB:       128,
		Tracing:        props.Tracing,
	})
	// The one call, on the one resource (not GrantWrite, which adds
	// ssm:DeleteParameter(s) and the tagging calls).
	s.Function.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings(heartbeat.Actions...), Resources: &[]*string{s.Parameter.ParameterArn()},
	}))
	s.Schedule = awsevents.NewRule(c, jsii.String("Schedule"), &awsevents.RuleProps{
		Description: jsii.String(fmt.Sprintf("trailbridge heartbeat: runs the heartbeat function every %d minutes", interval)),
		Schedule:    awsevents.Schedule_Rate(awscdk.Duration_Minutes(jsii.Number(float64(interval)))),
	})
	// A beat not delivered within its interval is a missed beat, which the
	// home alarm reports: no retries past it. What EventBridge cannot
	// deliver (a permission error) goes to the function's dead-letter
	// queue, whose alarm names the cause before the heartbeat alarm fires.
	addScheduleTarget(s.Schedule, s.Function.Function(), s.Function.DeadLetterQueue(), interval, 2)
	monitor := operations.NewMonitor(c, "Monitor", &operations.MonitorProps{Topic: props.AlarmTopic, WithoutDashboard: true})
	monitor.WatchFunction("Heartbeat", s.Function.Function())
	monitor.WatchQueue("HeartbeatFunctionDeadLetterQueue", s.Function.DeadLetterQueue())
	return s
}

// addScheduleTarget makes schedule invoke fn, with the retry policy and
// dead-letter queue given, as the CDK's awseventstargets.LambdaFunction
// would, down to the construct IDs (so the logical IDs of a deployed stack
// stay): an invoke permission in the schedule's scope that admits only the
// schedule, and a statement on dlq that admits only the schedule. It does
// not import awseventstargets, which alone pulls most of the CDK's Go
// bindings (ECS, RDS, AppSync, SageMaker, ...) into the app's build and
// doubles the first synth's compile time (issue 16; tests/deps_test.go).
func addScheduleTarget(schedule awsevents.Rule, fn awslambda.IFunction, dlq awssqs.IQueue, maxEventAgeMinutes, retries int) {
	// The IDs the CDK's target gives them: "AllowEventRule" and the unique
	// ID of the function (of the rule, for the statement's Sid).
	fn.AddPermission(jsii.String("AllowEventRule"+*awscdk.Names_NodeUniqueId(fn.Node())), &awslambda.Permission{
		Scope:     schedule,
		Action:    jsii.String("lambda:InvokeFunction"),
		Principal: awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), nil),
		SourceArn: schedule.RuleArn(),
	})
	dlq.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("AllowEventRule" + *awscdk.Names_NodeUniqueId(schedule.Node())),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), nil)},
		Actions:    jsii.Strings("sqs:SendMessage"),
		Resources:  &[]*string{dlq.QueueArn()},
		Conditions: &map[string]any{"ArnEquals": map[string]any{"aws:SourceArn": schedule.RuleArn()}},
	}))
	schedule.AddTarget(&fixedTarget{&awsevents.RuleTargetConfig{
		Arn:              fn.FunctionArn(),
		DeadLetterConfig: &awsevents.CfnRule_DeadLetterConfigProperty{Arn: dlq.QueueArn()},
		RetryPolicy: &awsevents.CfnRule_RetryPolicyProperty{
			MaximumRetryAttempts:     jsii.Number(float64(retries)),
			MaximumEventAgeInSeconds: jsii.Number(float64(maxEventAgeMinutes * 60)),
		},
		TargetResource: fn,
	}})
}

// fixedTarget is an events rule target whose configuration (and whatever
// it needs: permissions, policies) is made before it is added.
type fixedTarget struct{ config *awsevents.RuleTargetConfig }

// Bind returns the configuration, for any rule.
func (t *fixedTarget) Bind(_ interfacesawsevents.IRuleRef, _ *string) *awsevents.RuleTargetConfig {
	return t.config
}

// HeartbeatNeed is what the forwarder of region must carry home for the
// heartbeat of the app cfg describes: the heartbeat's call on that
// region's parameter, and nothing else (not every PutParameter).
func HeartbeatNeed(cfg *config.Config, region string) forwarding.Need {
	spec := heartbeat.Spec(heartbeat.ParameterName(cfg.StackPrefix, region))
	// Built here, not with NeedOfSpec, which would drop the parameter
	// condition of a need that names its events.
	return forwarding.Need{Services: spec.Services, EventNames: spec.EventNames, RequestParameters: spec.RequestParameters}
}

// AddHeartbeatNeeds adds to plan the heartbeat's need of every watched
// region other than home (so each of them has a forwarder), when cfg turns
// the heartbeat on.
func AddHeartbeatNeeds(cfg *config.Config, plan ForwardingPlan) {
	if !cfg.Health.Heartbeat.Enabled {
		return
	}
	for _, r := range cfg.WatchedRegions()[1:] {
		plan[r] = append(plan[r], HeartbeatNeed(cfg, r))
	}
}

// HeartbeatAlarmPeriods is the number of periods (of intervalMinutes each)
// without a heartbeat after which the alarm fires: alarmAfterMinutes
// rounded up to whole intervals, but at most a day in all (CloudWatch's
// longest evaluation window).
func HeartbeatAlarmPeriods(intervalMinutes, alarmAfterMinutes int) int {
	n := (alarmAfterMinutes + intervalMinutes - 1) / intervalMinutes
	for n > 1 && n*intervalMinutes > 1440 {
		n--
	}
	return n
}

// HeartbeatStackProps configures a HeartbeatStack.
type HeartbeatStackProps struct {
	awscdk.StackProps
	// Config is the validated app configuration (home region, watched
	// regions, stack prefix, health.heartbeat).
	// Default: DefaultConfig.
	Config *config.Config
	// OperationsTopic receives the heartbeat alarms (the Response stack's
	// operations topic); it must be in the home region.
	// Default: nil (alarms without an action; still visible in CloudWatch).
	OperationsTopic awssns.ITopic
	// ModuleDir is the Go module that holds HeartbeatPackage.
	// Default: found from the working directory.
	ModuleDir string
}

// HeartbeatStack holds, in the home region, the home region's heartbeat
// sender and, for every watched region, the rule that counts its
// heartbeats on the home bus and the alarm that fires when they stop.
type HeartbeatStack struct {
	awscdk.Stack
	// Sender is the home region's heartbeat ("Sender"); the other regions'
	// are in their forwarder stacks.
	Sender *HeartbeatSender
	// Rules count each watched region's heartbeats (AWS/Events
	// MatchedEvents by RuleName), by region ("Regions/<region>/Rule").
	Rules map[string]awsevents.CfnRule
	// Alarms fire when a region's heartbeats stop, by region
	// ("Regions/<region>/Alarm").
	Alarms map[string]awscloudwatch.Alarm
}

// NewHeartbeatStack creates the home sender, and a rule and an alarm per
// watched region.
//
// A region's rule counts its heartbeats in AWS/Events MatchedEvents
// (dimension RuleName), so one rule per region gives a per-region metric
// without a function or a custom metric to fail in turn. EventBridge's
// documentation does not say that a rule without targets emits its
// metrics, so every rule delivers to "Arrivals", an encrypted queue that
// keeps messages one minute (SQS's least) and that nothing reads, with a
// dead-letter queue like every other target. The alarm treats missing data
// as breaching (no heartbeat: no data point at all).
func NewHeartbeatStack(scope constructs.Construct, id string, props *HeartbeatStackProps) *HeartbeatStack {
	if props == nil {
		props = &HeartbeatStackProps{}
	}
	cfg := configOrDefault(props.Config)
	stack := newStack(scope, id, props.StackProps, "trailbridge: heartbeat; alarms when a watched region's CloudTrail events stop reaching the home bus")
	s := &HeartbeatStack{Stack: stack, Rules: map[string]awsevents.CfnRule{}, Alarms: map[string]awscloudwatch.Alarm{}}
	hb := cfg.Health.Heartbeat
	sender := HeartbeatSenderPropsOf(cfg, cfg.HomeRegion)
	if sender == nil {
		panic(fmt.Errorf("stacks.NewHeartbeatStack: %s.health.heartbeat.enabled is false: create no heartbeat stack", config.ContextKey))
	}
	sender.AlarmTopic, sender.ModuleDir = props.OperationsTopic, props.ModuleDir
	s.Sender = NewHeartbeatSender(stack, "Sender", sender)

	var action awscloudwatch.IAlarmAction
	if props.OperationsTopic != nil {
		action = awscloudwatchactions.NewSnsAction(props.OperationsTopic)
	}
	periods := HeartbeatAlarmPeriods(hb.IntervalMinutes, hb.AlarmAfterMinutes)
	arrivals := awssqs.NewQueue(stack, jsii.String("Arrivals"), &awssqs.QueueProps{
		Encryption:          awssqs.QueueEncryption_KMS,
		EncryptionMasterKey: delivery.Key(stack),
		DataKeyReuse:        awscdk.Duration_Hours(jsii.Number(1)),
		EnforceSSL:          jsii.Bool(true),
		RetentionPeriod:     awscdk.Duration_Seconds(jsii.Number(60)),
	})
	nag.Suppress(arrivals, nag.Rule{ID: "AwsSolutions-SQS3", Reason: "Nothing reads this queue: it only gives the heartbeat rules a target (their metrics are the heartbeat), and it keeps messages one minute. Failed deliveries to it go to ArrivalsDeadLetterQueue, the rules' dead-letter queue, whose depth is alarmed."})
	arrivalsDLQ := delivery.NewDeadLetterQueue(stack, "ArrivalsDeadLetterQueue", nil)
	deadLetter := &awsevents.CfnRule_DeadLetterConfigProperty{Arn: arrivalsDLQ.QueueArn()}
	regions := constructs.NewConstruct(stack, jsii.String("Regions"))
	for _, region := range cfg.WatchedRegions() {
		scope := constructs.NewConstruct(regions, jsii.String(region))
		p, err := pattern.Build(heartbeat.HomeSpec(heartbeat.ParameterName(cfg.StackPrefix, region), region))
		if err != nil {
			panic(err) // a fixed pattern: tests build it for every region
		}
		rule := awsevents.NewCfnRule(scope, jsii.String("Rule"), &awsevents.CfnRuleProps{
			Description:  jsii.String("trailbridge heartbeat: counts the heartbeats of " + region + " that reach the home bus (AWS/Events MatchedEvents of this rule)"),
			EventPattern: p,
			State:        jsii.String("ENABLED"),
			Targets: []any{&awsevents.CfnRule_TargetProperty{
				Id: jsii.String("Arrivals"), Arn: arrivals.QueueArn(), DeadLetterConfig: deadLetter,
				RetryPolicy: &awsevents.CfnRule_RetryPolicyProperty{MaximumEventAgeInSeconds: jsii.Number(300), MaximumRetryAttempts: jsii.Number(3)},
			}},
		})
		// The queues' policies name exactly the heartbeat rules.
		delivery.AllowRule(arrivals, rule.AttrArn())
		delivery.AllowRule(arrivalsDLQ, rule.AttrArn())
		metric := awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
			Namespace:     jsii.String("AWS/Events"),
			MetricName:    jsii.String("MatchedEvents"),
			DimensionsMap: &map[string]*string{"RuleName": rule.Ref()},
			Statistic:     jsii.String("Sum"),
			Period:        awscdk.Duration_Minutes(jsii.Number(float64(hb.IntervalMinutes))),
		})
		alarm := awscloudwatch.NewAlarm(scope, jsii.String("Alarm"), &awscloudwatch.AlarmProps{
			AlarmDescription:   jsii.String(HeartbeatAlarmDescription(cfg, region, periods*hb.IntervalMinutes)),
			Metric:             metric,
			Threshold:          jsii.Number(1),
			ComparisonOperator: awscloudwatch.ComparisonOperator_LESS_THAN_THRESHOLD,
			EvaluationPeriods:  jsii.Number(float64(periods)),
			DatapointsToAlarm:  jsii.Number(float64(periods)),
			TreatMissingData:   awscloudwatch.TreatMissingData_BREACHING,
		})
		if action != nil {
			alarm.AddAlarmAction(action)
			alarm.AddOkAction(action)
		}
		s.Rules[region], s.Alarms[region] = rule, alarm
	}
	monitor := operations.NewMonitor(stack, "Monitor", &operations.MonitorProps{Topic: props.OperationsTopic, WithoutDashboard: true})
	monitor.WatchQueue("ArrivalsDeadLetterQueue", arrivalsDLQ)
	return s
}

// HeartbeatAlarmDescription is the description of the alarm of region
// (which the operations topic's message carries): which region went
// silent, and the likely causes, most likely first.
func HeartbeatAlarmDescription(cfg *config.Config, region string, minutes int) string {
	causes := []string{
		fmt.Sprintf("CloudTrail stopped logging in %s, or the trail is not multi-region (check the trail's status in %s-AuditTrail)", region, cfg.StackPrefix),
	}
	if region != cfg.HomeRegion {
		causes = append(causes, fmt.Sprintf("the forwarder rule in %s-Forwarder-%s is disabled, or its role or the home bus policy is broken (see that stack's dead-letter queue alarms)", cfg.StackPrefix, region))
	}
	causes = append(causes,
		fmt.Sprintf("the heartbeat function in %s is failing (see its Errors alarm)", region),
		fmt.Sprintf("EventBridge delivery of CloudTrail events is disabled in %s", region),
		fmt.Sprintf("%s was excluded from CloudTrail or disabled in the account (opt-in region)", region),
	)
	out := fmt.Sprintf("trailbridge heartbeat: no heartbeat from %s reached the home bus in %s for %d minutes. Likely causes, in order:", region, cfg.HomeRegion, minutes)
	for i, c := range causes {
		out += fmt.Sprintf(" %d) %s;", i+1, c)
	}
	return out[:len(out)-1] + "."
}
