package operations

import (
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
)

// MonitorProps configures a Monitor.
type MonitorProps struct {
	// Topic receives every alarm (and its return to OK).
	// Default: nil (alarms without actions, visible in CloudWatch only).
	Topic awssns.ITopic
	// DashboardName names the dashboard.
	// Default: generated.
	DashboardName string
	// WithoutDashboard creates only the alarms (for small templates such as
	// member-account forwarders).
	// Default: false (a dashboard is created).
	WithoutDashboard bool
	// DeadLetterAgeSeconds alarms when a dead-lettered message is older than this.
	// Default: 3600.
	DeadLetterAgeSeconds int
}

// Monitor holds the alarms and the dashboard.
type Monitor interface {
	constructs.Construct
	// Dashboard is the CloudWatch dashboard ("Dashboard"); nil with WithoutDashboard.
	Dashboard() awscloudwatch.Dashboard
	// WatchRule alarms on the rule's FailedInvocations and
	// InvocationsSentToDLQ, and watches its dead-letter queue. id names the
	// alarms' scope.
	WatchRule(id string, rule apicall.Rule)
	// WatchQueue alarms when a dead-letter queue holds any message, and when
	// its oldest is older than DeadLetterAgeSeconds.
	WatchQueue(id string, queue awssqs.IQueue)
	// WatchFunction alarms on a function's errors and throttles.
	WatchFunction(id string, fn awslambda.IFunction)
	// Alarms are every alarm created so far.
	Alarms() []awscloudwatch.Alarm
}

type monitor struct {
	constructs.Construct
	// rules, queues and functions hold the alarms of each kind, so one ID
	// can name a rule and its function.
	rules, queues, functions constructs.Construct
	props                    MonitorProps
	// watched are the queues already alarmed on (by construct path), so a
	// dead-letter queue shared by several rules gets one set of alarms.
	watched   map[string]bool
	action    awscloudwatch.IAlarmAction
	dashboard awscloudwatch.Dashboard
	alarms    []awscloudwatch.Alarm
}

func (m *monitor) Dashboard() awscloudwatch.Dashboard { return m.dashboard }
func (m *monitor) Alarms() []awscloudwatch.Alarm      { return m.alarms }

// NewMonitor creates the dashboard; the Watch methods add alarms and widgets.
func NewMonitor(scope constructs.Construct, id string, props *MonitorProps) Monitor {
	var p MonitorProps
	if props != nil {
		p = *props
	}
	if p.DeadLetterAgeSeconds == 0 {
		p.DeadLetterAgeSeconds = 3600
	}
	m := &monitor{props: p, watched: map[string]bool{}}
	if p.Topic != nil {
		m.action = awscloudwatchactions.NewSnsAction(p.Topic)
	}
	constructs.NewConstruct_Override(m, scope, &id)
	dp := &awscloudwatch.DashboardProps{}
	if p.DashboardName != "" {
		dp.DashboardName = jsii.String(p.DashboardName)
	}
	if !p.WithoutDashboard {
		m.dashboard = awscloudwatch.NewDashboard(m, jsii.String("Dashboard"), dp)
	}
	m.rules = constructs.NewConstruct(m, jsii.String("Rules"))
	m.queues = constructs.NewConstruct(m, jsii.String("Queues"))
	m.functions = constructs.NewConstruct(m, jsii.String("Functions"))
	return m
}

func (m *monitor) alarm(scope constructs.Construct, id, description string, metric awscloudwatch.IMetric, threshold float64) awscloudwatch.Alarm {
	a := awscloudwatch.NewAlarm(scope, jsii.String(id), &awscloudwatch.AlarmProps{
		AlarmDescription:   jsii.String(description),
		Metric:             metric,
		Threshold:          jsii.Number(threshold),
		EvaluationPeriods:  jsii.Number(1),
		ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
		TreatMissingData:   awscloudwatch.TreatMissingData_NOT_BREACHING,
	})
	if m.action != nil {
		a.AddAlarmAction(m.action)
		a.AddOkAction(m.action)
	}
	m.alarms = append(m.alarms, a)
	return a
}

func (m *monitor) widget(w ...awscloudwatch.IWidget) {
	if m.dashboard != nil {
		m.dashboard.AddWidgets(w...)
	}
}

// fiveMinutes is the period of every metric; created once per process
// (each Duration is a jsii object, and a monitor makes dozens of metrics).
var fiveMinutes = sync.OnceValue(func() awscdk.Duration { return awscdk.Duration_Minutes(jsii.Number(5)) })

func (m *monitor) WatchRule(id string, rule apicall.Rule) {
	scope := constructs.NewConstruct(m.rules, jsii.String(id))
	dims := &map[string]*string{"RuleName": rule.CfnRule().Ref()}
	metric := func(name string) awscloudwatch.Metric {
		return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
			Namespace: jsii.String("AWS/Events"), MetricName: jsii.String(name), DimensionsMap: dims,
			Statistic: jsii.String("Sum"), Period: fiveMinutes(),
		})
	}
	failed, dlq := metric("FailedInvocations"), metric("InvocationsSentToDLQ")
	m.alarm(scope, "FailedInvocations", "trailbridge: rule "+id+" failed to deliver events to a target", failed, 1)
	m.alarm(scope, "InvocationsSentToDLQ", "trailbridge: rule "+id+" sent events to its dead-letter queue", dlq, 1)
	m.widget(awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
		Title: jsii.String("Rule " + id), Left: &[]awscloudwatch.IMetric{metric("Invocations"), metric("MatchedEvents"), failed, dlq},
	}))
	if !m.watched[*rule.DeadLetterQueue().Node().Path()] {
		m.watchQueue(constructs.NewConstruct(scope, jsii.String("DeadLetterQueue")), "of rule "+id, rule.DeadLetterQueue())
	}
}

func (m *monitor) WatchQueue(id string, queue awssqs.IQueue) {
	if m.watched[*queue.Node().Path()] {
		return
	}
	m.watchQueue(constructs.NewConstruct(m.queues, jsii.String(id)), id, queue)
}

func (m *monitor) watchQueue(scope constructs.Construct, id string, queue awssqs.IQueue) {
	path := *queue.Node().Path()
	if m.watched[path] {
		return
	}
	m.watched[path] = true
	visible := queue.MetricApproximateNumberOfMessagesVisible(&awscloudwatch.MetricOptions{Statistic: jsii.String("Maximum"), Period: fiveMinutes()})
	age := queue.MetricApproximateAgeOfOldestMessage(&awscloudwatch.MetricOptions{Statistic: jsii.String("Maximum"), Period: fiveMinutes()})
	m.alarm(scope, "Depth", "trailbridge: dead-letter queue "+id+" holds undelivered events", visible, 1)
	m.alarm(scope, "OldestMessageAge", "trailbridge: dead-letter queue "+id+" holds an event older than the threshold", age, float64(m.props.DeadLetterAgeSeconds))
	m.widget(awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
		Title: jsii.String("Dead-letter queue " + id), Left: &[]awscloudwatch.IMetric{visible}, Right: &[]awscloudwatch.IMetric{age},
	}))
}

func (m *monitor) WatchFunction(id string, fn awslambda.IFunction) {
	scope := constructs.NewConstruct(m.functions, jsii.String(id))
	opts := &awscloudwatch.MetricOptions{Statistic: jsii.String("Sum"), Period: fiveMinutes()}
	errs, throttles := fn.MetricErrors(opts), fn.MetricThrottles(opts)
	m.alarm(scope, "Errors", "trailbridge: responder "+id+" returned errors (events are retried, then dead-lettered)", errs, 1)
	m.alarm(scope, "Throttles", "trailbridge: responder "+id+" was throttled", throttles, 1)
	m.widget(awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
		Title: jsii.String("Responder " + id), Left: &[]awscloudwatch.IMetric{fn.MetricInvocations(opts), errs, throttles},
	}))
}
