package tests

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsstepfunctions"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/constructs/operations"
	"github.com/trailbridge/trailbridge/constructs/targets"
	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/internal/nag"
)

// buildEveryTarget adds one stack with a rule that uses every target kind:
// the shared app "EveryTarget", synthesized once for the package with
// cdk-nag's checks.
func buildEveryTarget(app awscdk.App) {
	stack := awscdk.NewStack(app, jsii.String("EveryTarget"), &awscdk.StackProps{Env: cdktest.Env("eu-west-1")})
	alerts := targets.NewAlertTopic(stack, "Alerts", &targets.AlertTopicProps{
		Subscriptions: []targets.Subscription{{Protocol: "email", Endpoint: "secops@example.com"}},
	})
	ops := targets.NewAlertTopic(stack, "Operations", nil)
	fn := golambda.NewFunction(stack, "Responder", &golambda.FunctionProps{
		Package: "./constructs/golambda/testdata/echo", ModuleDir: cdktest.RepoRoot(),
	})
	buffered := golambda.NewFunction(stack, "BufferedResponder", &golambda.FunctionProps{
		Package: "./constructs/golambda/testdata/echo", ModuleDir: cdktest.RepoRoot(), TimeoutSeconds: 60,
	})
	buffer := targets.NewBufferedFunction(stack, "Buffer", &targets.BufferedFunctionProps{Function: buffered.Function()})
	sm := awsstepfunctions.NewStateMachine(stack, jsii.String("Workflow"), &awsstepfunctions.StateMachineProps{
		DefinitionBody: awsstepfunctions.DefinitionBody_FromChainable(awsstepfunctions.NewPass(stack, jsii.String("Triage"), nil)),
	})
	// The state machine stands for one a user brings; its logging is the
	// user's choice, not this construct's.
	nag.Suppress(sm,
		nag.Rule{ID: "AwsSolutions-SF1", Reason: "Test fixture standing in for a user's workflow; its logging is out of scope here."},
		nag.Rule{ID: "AwsSolutions-SF2", Reason: "Test fixture standing in for a user's workflow; its tracing is out of scope here."})
	hook := targets.NewWebhook(stack, "Ticketing", &targets.WebhookProps{
		Endpoint:  "https://tickets.example.com/hooks/trailbridge",
		SecretARN: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:ticketing-AbCdEf",
	})
	rule := apicall.NewRule(stack, "PublicBucket", &apicall.RuleProps{
		Services:            []string{"s3"},
		EventNames:          []string{"PutBucketPolicy", "PutBucketAcl"},
		ExemptPrincipalARNs: []string{*fn.Role().RoleArn()},
		Targets: []apicall.RuleTarget{
			{ID: "Alert", Target: alerts.Target()},
			{ID: "Responder", Target: targets.Lambda(fn.Function())},
			{ID: "Buffer", Target: buffer.Target()},
			{ID: "Workflow", Target: targets.StateMachine(sm)},
			{ID: "Ticketing", Target: hook.Target()},
		},
	})
	mon := operations.NewMonitor(stack, "Monitor", &operations.MonitorProps{Topic: ops.Topic()})
	mon.WatchRule("PublicBucket", rule)
	mon.WatchFunction("Responder", fn.Function())
	mon.WatchFunction("BufferedResponder", buffered.Function())
	mon.WatchQueue("ResponderDeadLetterQueue", fn.DeadLetterQueue())
	mon.WatchQueue("BufferedResponderDeadLetterQueue", buffered.DeadLetterQueue())
	mon.WatchQueue("BufferDeadLetterQueue", buffer.DeadLetterQueue())
}

// targetsStack is buildEveryTarget's stack.
func targetsStack(t *testing.T) *cdktest.Stack {
	t.Helper()
	return synthApp(t, "EveryTarget").Stack(t, "EveryTarget")
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestEveryTargetKindSnapshotAndNag(t *testing.T) {
	s := targetsStack(t)
	cdktest.Golden(t, "EveryTarget", s.Template)
	s.RequireNoNagErrors(t)
}

func TestEveryTargetHasDeadLetterQueueAndRetryPolicy(t *testing.T) {
	s := targetsStack(t)
	p := s.Props(t, "AWS::Events::Rule")
	tgts := p["Targets"].([]any)
	if len(tgts) != 5 {
		t.Fatalf("want 5 targets, got %d", len(tgts))
	}
	for _, tg := range tgts {
		m := tg.(map[string]any)
		if _, ok := m["DeadLetterConfig"].(map[string]any)["Arn"]; !ok {
			t.Errorf("target %v has no dead-letter queue", m["Id"])
		}
		if jsonOf(m["RetryPolicy"]) != `{"MaximumEventAgeInSeconds":86400,"MaximumRetryAttempts":185}` {
			t.Errorf("target %v retry policy = %s", m["Id"], jsonOf(m["RetryPolicy"]))
		}
	}
	if p["State"] != "ENABLED" {
		t.Errorf("state = %v", p["State"])
	}
}

func TestResourcePoliciesAdmitOnlyTheRule(t *testing.T) {
	s := targetsStack(t)
	var ruleID string
	for id := range s.Resources("AWS::Events::Rule") {
		ruleID = id
	}
	ruleArn := `{"Fn::GetAtt":["` + ruleID + `","Arn"]}`
	// Lambda: SourceArn = the rule.
	for id, perm := range s.Resources("AWS::Lambda::Permission") {
		p := perm["Properties"].(map[string]any)
		if p["Principal"] == "events.amazonaws.com" && jsonOf(p["SourceArn"]) != ruleArn {
			t.Errorf("%s: SourceArn = %s, want the rule", id, jsonOf(p["SourceArn"]))
		}
	}
	// SNS and SQS: every statement for events.amazonaws.com names the rule.
	for _, typ := range []string{"AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy"} {
		n := 0
		for id, pol := range s.Resources(typ) {
			for _, st := range pol["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
				m := st.(map[string]any)
				if jsonOf(m["Principal"]) != `{"Service":"events.amazonaws.com"}` {
					continue
				}
				n++
				// ArnLike with the exact ARN (queues: one statement whose
				// values are every rule the queue admits) or ArnEquals.
				if got := jsonOf(m["Condition"]); got != `{"ArnEquals":{"aws:SourceArn":`+ruleArn+`}}` && got != `{"ArnLike":{"aws:SourceArn":`+ruleArn+`}}` {
					t.Errorf("%s: condition %s, want the rule's ARN", id, got)
				}
			}
		}
		if n == 0 {
			t.Errorf("no %s statement admits EventBridge", typ)
		}
	}
}

func TestKeyPolicyAdmitsEventBridgeWithOnlyTheNeededActions(t *testing.T) {
	s := targetsStack(t)
	var found bool
	for _, k := range s.Resources("AWS::KMS::Key") {
		for _, st := range k["Properties"].(map[string]any)["KeyPolicy"].(map[string]any)["Statement"].([]any) {
			m := st.(map[string]any)
			if jsonOf(m["Principal"]) == `{"Service":"events.amazonaws.com"}` {
				found = true
				if got := jsonOf(m["Action"]); got != `["kms:Decrypt","kms:GenerateDataKey"]` {
					t.Errorf("EventBridge key actions = %s", got)
				}
				if got := jsonOf(m["Condition"]); !strings.Contains(got, `"aws:SourceAccount":"111111111111"`) || !strings.Contains(got, `:events:eu-west-1:111111111111:rule/*`) {
					t.Errorf("EventBridge key condition = %s", got)
				}
			}
		}
	}
	if !found {
		t.Error("no key policy statement admits events.amazonaws.com")
	}
	for id, q := range s.Resources("AWS::SQS::Queue") {
		if _, ok := q["Properties"].(map[string]any)["KmsMasterKeyId"].(map[string]any); !ok {
			t.Errorf("queue %s is not encrypted with the customer-managed key", id)
		}
	}
	for id, q := range s.Resources("AWS::SNS::Topic") {
		if _, ok := q["Properties"].(map[string]any)["KmsMasterKeyId"].(map[string]any); !ok {
			t.Errorf("topic %s is not encrypted with the customer-managed key", id)
		}
	}
}

func TestBufferedFunction(t *testing.T) {
	s := targetsStack(t)
	esm := s.Props(t, "AWS::Lambda::EventSourceMapping")
	if jsonOf(esm["FunctionResponseTypes"]) != `["ReportBatchItemFailures"]` || esm["BatchSize"] != 10.0 || esm["MaximumBatchingWindowInSeconds"] != 5.0 {
		t.Errorf("event source mapping = %s", jsonOf(esm))
	}
	var buffered map[string]any
	for _, q := range s.Resources("AWS::SQS::Queue") {
		p := q["Properties"].(map[string]any)
		if _, ok := p["RedrivePolicy"]; ok {
			buffered = p
		}
	}
	if buffered == nil {
		t.Fatal("the buffer queue has no redrive policy")
	}
	if buffered["VisibilityTimeout"] != 360.0 {
		t.Errorf("visibility timeout = %v, want 6 x 60 s", buffered["VisibilityTimeout"])
	}
	if !strings.Contains(jsonOf(buffered["RedrivePolicy"]), `"maxReceiveCount":5`) {
		t.Errorf("redrive = %s", jsonOf(buffered["RedrivePolicy"]))
	}
}

func TestWebhookIsHTTPSWithRateLimitAndSecret(t *testing.T) {
	s := targetsStack(t)
	d := s.Props(t, "AWS::Events::ApiDestination")
	if d["InvocationEndpoint"] != "https://tickets.example.com/hooks/trailbridge" || d["InvocationRateLimitPerSecond"] != 10.0 {
		t.Errorf("destination = %s", jsonOf(d))
	}
	c := jsonOf(s.Props(t, "AWS::Events::Connection"))
	if !strings.Contains(c, "{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:111111111111:secret:ticketing-AbCdEf:SecretString:::}}") {
		t.Errorf("connection does not read the secret at deploy time: %s", c)
	}
}

func TestNoIAMStatementGrantsEverything(t *testing.T) {
	s := targetsStack(t)
	for id, pol := range s.Resources("AWS::IAM::Policy") {
		for _, st := range pol["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
			m := st.(map[string]any)
			for _, a := range toList(m["Action"]) {
				if a == "*" || strings.HasSuffix(a, ":*") {
					t.Errorf("%s grants %s", id, a)
				}
			}
			// Active tracing's X-Ray actions have no resource type (gates.ResourceStarActions).
			if m["Resource"] == "*" && !slices.Equal(toList(m["Action"]), []string{"xray:PutTelemetryRecords", "xray:PutTraceSegments"}) {
				t.Errorf("%s grants %v on every resource", id, m["Action"])
			}
		}
	}
}

func TestAlarmsCoverRuleQueuesAndFunctions(t *testing.T) {
	s := targetsStack(t)
	metrics := map[string]int{}
	for _, a := range s.Resources("AWS::CloudWatch::Alarm") {
		p := a["Properties"].(map[string]any)
		metrics[p["MetricName"].(string)]++
		if !strings.Contains(jsonOf(p["AlarmActions"]), "Ref") {
			t.Errorf("alarm %v has no action", p["MetricName"])
		}
	}
	for name, want := range map[string]int{
		"FailedInvocations": 1, "InvocationsSentToDLQ": 1,
		"ApproximateNumberOfMessagesVisible": 4, "ApproximateAgeOfOldestMessage": 4,
		"Errors": 2, "Throttles": 2,
	} {
		if metrics[name] != want {
			t.Errorf("%d alarms on %s, want %d", metrics[name], name, want)
		}
	}
	if len(s.Resources("AWS::CloudWatch::Dashboard")) != 1 {
		t.Error("no dashboard")
	}
}

func toList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
