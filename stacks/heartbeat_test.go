package stacks

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/lambda/heartbeat"
)

func heartbeatConfig(t *testing.T, health map[string]any) *config.Config {
	t.Helper()
	c := map[string]any{"homeRegion": "eu-west-1", "regions": []any{"us-west-2"}}
	if health != nil {
		c["health"] = map[string]any{"heartbeat": health}
	}
	cfg, err := config.Load(map[string]any{"trailbridge": c}, config.Env{Region: "eu-west-1", Account: cdktest.Account}, Sections())
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestHeartbeatAlarmPeriods(t *testing.T) {
	for _, c := range []struct{ interval, after, want int }{
		{15, 45, 3}, {15, 30, 2}, {15, 40, 3}, {1, 2, 2}, {60, 1440, 24},
		// At most a day in all: 3 × 700 minutes would exceed it.
		{700, 1440, 2}, {720, 1440, 2},
	} {
		if got := HeartbeatAlarmPeriods(c.interval, c.after); got != c.want || got*c.interval > 1440 {
			t.Errorf("HeartbeatAlarmPeriods(%d, %d) = %d, want %d", c.interval, c.after, got, c.want)
		}
	}
}

// The forwarders carry the heartbeat's call on their region's parameter
// only (not every PutParameter), and only when the heartbeat is on.
func TestAddHeartbeatNeeds(t *testing.T) {
	cfg := heartbeatConfig(t, nil)
	plan := ForwardingPlan{}
	AddHeartbeatNeeds(cfg, plan)
	needs := plan["us-west-2"]
	if len(plan) != 1 || len(needs) != 1 {
		t.Fatalf("plan %+v; want one need, in us-west-2", plan)
	}
	n := needs[0]
	if len(n.Services) != 1 || n.Services[0].Name != "ssm" || strings.Join(n.EventNames, ",") != "PutParameter" ||
		len(n.RequestParameters["name"]) != 1 || n.RequestParameters["name"][0] != heartbeat.ParameterName("Trailbridge", "us-west-2") {
		t.Errorf("need %+v; want ssm PutParameter of /Trailbridge/heartbeat/us-west-2", n)
	}
	off := ForwardingPlan{}
	AddHeartbeatNeeds(heartbeatConfig(t, map[string]any{"enabled": false}), off)
	if len(off) != 0 {
		t.Errorf("heartbeat off: plan %+v", off)
	}
	if HeartbeatSenderPropsOf(cfg, "ap-south-1") != nil || HeartbeatSenderPropsOf(cfg, "us-west-2") == nil {
		t.Error("a sender is planned for exactly the watched regions")
	}
}

func TestHeartbeatAlarmDescription(t *testing.T) {
	cfg := heartbeatConfig(t, nil)
	d := HeartbeatAlarmDescription(cfg, "us-west-2", 45)
	// The region that went silent, and the causes in order.
	last := -1
	for _, want := range []string{"no heartbeat from us-west-2", "for 45 minutes", "CloudTrail stopped logging", "Trailbridge-Forwarder-us-west-2", "heartbeat function", "EventBridge delivery", "excluded"} {
		i := strings.Index(d, want)
		if i < last {
			t.Errorf("description %q: %q missing or out of order", d, want)
		}
		last = i
	}
	if home := HeartbeatAlarmDescription(cfg, "eu-west-1", 45); strings.Contains(home, "Forwarder") {
		t.Errorf("the home region has no forwarder: %q", home)
	}
}

// TestHeartbeatStack synthesizes the home stack: its sender's role may only
// write its parameter, and each watched region has a rule for its
// heartbeat and an alarm that treats missing data as breaching.
func TestHeartbeatStack(t *testing.T) {
	cfg := heartbeatConfig(t, map[string]any{"intervalMinutes": 10, "alarmAfterMinutes": 25})
	app := cdktest.NewApp(t, nil)
	ops := awscdk.NewStack(app, jsii.String("Ops"), &awscdk.StackProps{Env: cdktest.Env("eu-west-1")})
	topic := awssns.NewTopic(ops, jsii.String("Topic"), nil)
	NewHeartbeatStack(app, "Heartbeat", &HeartbeatStackProps{StackProps: awscdk.StackProps{Env: cdktest.Env("eu-west-1")}, Config: cfg, OperationsTopic: topic})
	s := cdktest.Synth(t, app).Stack(t, "Heartbeat")

	alarms := 0
	for id, r := range s.Resources("AWS::CloudWatch::Alarm") {
		p := r["Properties"].(map[string]any)
		if p["MetricName"] != "MatchedEvents" {
			continue
		}
		alarms++
		if p["TreatMissingData"] != "breaching" || p["EvaluationPeriods"] != 3.0 || p["DatapointsToAlarm"] != 3.0 || p["Period"] != 600.0 ||
			p["Threshold"] != 1.0 || p["ComparisonOperator"] != "LessThanThreshold" || p["Namespace"] != "AWS/Events" || p["Statistic"] != "Sum" {
			t.Errorf("%s: %v", id, p)
		}
		b, _ := json.Marshal(p)
		acts, _ := json.Marshal(p["AlarmActions"])
		oks, _ := json.Marshal(p["OKActions"])
		if len(p["AlarmActions"].([]any)) != 1 || string(acts) != string(oks) || !strings.Contains(string(acts), "RefTopic") {
			t.Errorf("%s: actions %s, OK actions %s; want the operations topic", id, acts, oks)
		}
		if !strings.Contains(string(b), `"RuleName","Value":{"Ref":"Regions`) {
			t.Errorf("%s: dimensions %s; want its region's rule", id, b)
		}
	}
	if alarms != 2 {
		t.Errorf("%d heartbeat alarms, want one per watched region (2)", alarms)
	}
	rules := 0
	for id, r := range s.Resources("AWS::Events::Rule") {
		p := r["Properties"].(map[string]any)
		if p["ScheduleExpression"] != nil {
			if p["ScheduleExpression"] != "rate(10 minutes)" {
				t.Errorf("schedule %v", p["ScheduleExpression"])
			}
			checkScheduleTarget(t, s, id, p, 600)
			continue
		}
		rules++
		// One target, the queue nothing reads, with a dead-letter queue.
		targets, _ := p["Targets"].([]any)
		if len(targets) != 1 || targets[0].(map[string]any)["Id"] != "Arrivals" || targets[0].(map[string]any)["DeadLetterConfig"] == nil {
			t.Errorf("a counting rule has targets %v, want Arrivals with a dead-letter queue", p["Targets"])
		}
	}
	if rules != 2 {
		t.Errorf("%d heartbeat rules, want 2", rules)
	}
	checkSenderPolicy(t, s, "eu-west-1")
}

// checkSenderPolicy: the stack's only SSM statement is ssm:PutParameter on
// the ARN of its one parameter, region's heartbeat parameter.
func checkSenderPolicy(t *testing.T, s *cdktest.Stack, region string) {
	t.Helper()
	params := s.Resources("AWS::SSM::Parameter")
	var paramID string
	for id, r := range params {
		paramID = id
		if n := r["Properties"].(map[string]any)["Name"]; n != heartbeat.ParameterName("Trailbridge", region) {
			t.Errorf("parameter %s is named %v", id, n)
		}
	}
	if len(params) != 1 {
		t.Fatalf("%d parameters, want 1", len(params))
	}
	var ssm []string
	for id, r := range s.Resources("AWS::IAM::Policy") {
		doc := r["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)
		for _, st := range doc["Statement"].([]any) {
			b, _ := json.Marshal(st)
			if strings.Contains(string(b), "ssm:") {
				ssm = append(ssm, id+": "+string(b))
			}
		}
	}
	want := `{"Action":"ssm:PutParameter","Effect":"Allow","Resource":{"Fn::Join":["",["arn:aws:ssm:` + region + `:111111111111:parameter",{"Ref":"` + paramID + `"}]]}}`
	if len(ssm) != 1 || !strings.HasSuffix(ssm[0], want) {
		t.Errorf("ssm statements %q; want exactly %s", ssm, want)
	}
}

// checkScheduleTarget: the schedule's one target is the heartbeat function,
// with no retry past one interval, and its dead-letter queue; the function's
// invoke permission and the queue's policy admit this schedule only.
func checkScheduleTarget(t *testing.T, s *cdktest.Stack, scheduleID string, schedule map[string]any, maxAgeSeconds float64) {
	t.Helper()
	jsonOf := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	scheduleArn := jsonOf(map[string]any{"Fn::GetAtt": []any{scheduleID, "Arn"}})
	targets, _ := schedule["Targets"].([]any)
	if len(targets) != 1 {
		t.Fatalf("schedule targets %s; want the heartbeat function only", jsonOf(schedule["Targets"]))
	}
	target := targets[0].(map[string]any)
	var fnArn string
	for id := range s.Resources("AWS::Lambda::Function") {
		if a := jsonOf(map[string]any{"Fn::GetAtt": []any{id, "Arn"}}); a == jsonOf(target["Arn"]) {
			fnArn = a
		}
	}
	retry := target["RetryPolicy"].(map[string]any)
	if fnArn == "" || retry["MaximumRetryAttempts"] != 2.0 || retry["MaximumEventAgeInSeconds"] != maxAgeSeconds {
		t.Errorf("schedule target %s; want a function of the stack, 2 retries within %v seconds", jsonOf(target), maxAgeSeconds)
	}
	permissions := 0
	for id, r := range s.Resources("AWS::Lambda::Permission") {
		p := r["Properties"].(map[string]any)
		if jsonOf(p["FunctionName"]) != fnArn {
			continue
		}
		permissions++
		if p["Action"] != "lambda:InvokeFunction" || p["Principal"] != "events.amazonaws.com" || jsonOf(p["SourceArn"]) != scheduleArn {
			t.Errorf("permission %s: %s; want events.amazonaws.com to invoke, from the schedule only", id, jsonOf(p))
		}
	}
	if permissions != 1 {
		t.Errorf("%d invoke permissions of the heartbeat function, want 1", permissions)
	}
	dlq := jsonOf([]any{map[string]any{"Ref": target["DeadLetterConfig"].(map[string]any)["Arn"].(map[string]any)["Fn::GetAtt"].([]any)[0]}})
	admitted := false
	for _, r := range s.Resources("AWS::SQS::QueuePolicy") {
		p := r["Properties"].(map[string]any)
		if jsonOf(p["Queues"]) != dlq {
			continue
		}
		for _, st := range p["PolicyDocument"].(map[string]any)["Statement"].([]any) {
			m := st.(map[string]any)
			if m["Effect"] == "Allow" && m["Action"] == "sqs:SendMessage" && jsonOf(m["Principal"]) == `{"Service":"events.amazonaws.com"}` {
				admitted = jsonOf(m["Condition"]) == `{"ArnEquals":{"aws:SourceArn":`+scheduleArn+`}}`
			}
		}
	}
	if !admitted {
		t.Errorf("the schedule's dead-letter queue %s does not admit the schedule (and only it)", dlq)
	}
}
