package targets_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodebuild"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesisfirehose"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsstepfunctions"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/constructs/targets"
	"github.com/trailbridge/trailbridge/internal/cdktest"
)

// targetsApp is one app for the package's tests, synthesized once: a rule
// per CDK target family (stack CDKTargets) and the stream buffers (stack
// StreamBuffers, see stream_test.go). It turns off the CDK flag that makes
// SqsQueue scope an encrypted queue's policy to the account, to prove that
// targets.CDK turns it back on.
var targetsApp = cdktest.Once(&cdktest.AppOptions{Context: map[string]any{
	"@aws-cdk/aws-events:eventsTargetQueueSameAccount": false,
}}, func(app awscdk.App) {
	buildCDKTargets(awscdk.NewStack(app, jsii.String("CDKTargets"), &awscdk.StackProps{Env: cdktest.Env("eu-west-1")}))
	buildStreamBuffers(awscdk.NewStack(app, jsii.String("StreamBuffers"), &awscdk.StackProps{Env: cdktest.Env("eu-west-1")}))
})

func buildCDKTargets(stack awscdk.Stack) {
	rule := func(id string, t awsevents.IRuleTarget) {
		apicall.NewRule(stack, id, &apicall.RuleProps{
			Services: []string{"s3"}, EventNames: []string{"PutBucketPolicy"},
			Targets: []apicall.RuleTarget{{ID: "Target", Target: targets.CDK(t)}},
		})
	}
	stream := awskinesis.NewStream(stack, jsii.String("Stream"), &awskinesis.StreamProps{StreamMode: awskinesis.StreamMode_ON_DEMAND})
	rule("ToStream", awseventstargets.NewKinesisStream(stream, &awseventstargets.KinesisStreamProps{
		PartitionKeyPath: jsii.String("$.detail.requestParameters.bucketName"),
		Message:          awsevents.RuleTargetInput_FromEventPath(jsii.String("$.detail")),
	}))
	bucket := awss3.NewBucket(stack, jsii.String("Archive"), nil)
	firehose := awskinesisfirehose.NewDeliveryStream(stack, jsii.String("Firehose"), &awskinesisfirehose.DeliveryStreamProps{
		Destination: awskinesisfirehose.NewS3Bucket(bucket, nil),
	})
	rule("ToFirehose", awseventstargets.NewFirehoseDeliveryStream(firehose, nil))
	rule("ToLogs", awseventstargets.NewCloudWatchLogGroup(awslogs.NewLogGroup(stack, jsii.String("Logs"), nil), nil))
	rule("ToBus", awseventstargets.NewEventBus(awsevents.NewEventBus(stack, jsii.String("Bus"), nil), nil))
	sm := awsstepfunctions.NewStateMachine(stack, jsii.String("Workflow"), &awsstepfunctions.StateMachineProps{
		DefinitionBody: awsstepfunctions.DefinitionBody_FromChainable(awsstepfunctions.NewPass(stack, jsii.String("Triage"), nil)),
	})
	// This target brings its own dead-letter queue and retry policy.
	rule("ToWorkflow", awseventstargets.NewSfnStateMachine(sm, &awseventstargets.SfnStateMachineProps{
		DeadLetterQueue: delivery.NewDeadLetterQueue(stack, "WorkflowDeadLetterQueue", nil),
		RetryAttempts:   jsii.Number(3),
		MaxEventAge:     awscdk.Duration_Hours(jsii.Number(2)),
	}))
	project := awscodebuild.NewProject(stack, jsii.String("Build"), &awscodebuild.ProjectProps{
		BuildSpec: awscodebuild.BuildSpec_FromObject(&map[string]any{"version": "0.2", "phases": map[string]any{"build": map[string]any{"commands": []string{"true"}}}}),
	})
	rule("ToBuild", awseventstargets.NewCodeBuildProject(project, nil))
	queue := awssqs.NewQueue(stack, jsii.String("Queue"), &awssqs.QueueProps{
		Encryption: awssqs.QueueEncryption_KMS, EncryptionMasterKey: delivery.Key(stack),
	})
	rule("ToQueue", awseventstargets.NewSqsQueue(queue, nil))
	fn := awslambda.NewFunction(stack, jsii.String("Handler"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_PYTHON_3_13(), Handler: jsii.String("index.handler"),
		Code: awslambda.Code_FromInline(jsii.String("def handler(event, context): pass")),
	})
	rule("ToFunction", awseventstargets.NewLambdaFunction(fn, &awseventstargets.LambdaFunctionProps{
		Event: awsevents.RuleTargetInput_FromObject(map[string]any{"who": awsevents.EventField_FromPath(jsii.String("$.detail.userIdentity.arn"))}),
	}))
}

// logicalID is the logical ID of the stack's top-level construct name (its
// name and an 8-digit hash), failing the test if there is none.
func logicalID(t *testing.T, s *cdktest.Stack, name string) string {
	t.Helper()
	re := regexp.MustCompile("^" + name + "[0-9A-F]{8}$")
	for id := range s.Template["Resources"].(map[string]any) {
		if re.MatchString(id) {
			return id
		}
	}
	t.Fatalf("stack %s: no resource %s", s.ID, name)
	return ""
}

// props returns the Properties of the resource named name (see logicalID).
func props(t *testing.T, s *cdktest.Stack, name string) map[string]any {
	t.Helper()
	r := s.Template["Resources"].(map[string]any)[logicalID(t, s, name)].(map[string]any)
	return r["Properties"].(map[string]any)
}

func getAtt(id, attr string) map[string]any { return map[string]any{"Fn::GetAtt": []any{id, attr}} }
func ref(id string) map[string]any          { return map[string]any{"Ref": id} }

// ruleARN is how the target's policies name rule ruleID: its ARN, with the
// stack's account and region written out.
func ruleARN(ruleID string) map[string]any {
	return map[string]any{"Fn::Join": []any{"", []any{
		"arn:aws:events:eu-west-1:111111111111:rule/",
		map[string]any{"Fn::Select": []any{1, map[string]any{"Fn::Split": []any{":rule/", getAtt(ruleID, "Arn")}}}},
	}}}
}

// equalJSON reports whether a and b have the same JSON.
func equalJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// onlyTarget returns the single target of rule name.
func onlyTarget(t *testing.T, s *cdktest.Stack, name string) map[string]any {
	t.Helper()
	ts := props(t, s, name)["Targets"].([]any)
	if len(ts) != 1 {
		t.Fatalf("rule %s: want 1 target, got %s", name, jsonOf(ts))
	}
	return ts[0].(map[string]any)
}

func TestCDKTargetsKeepTheRulesDeadLetterQueueAndRetryPolicy(t *testing.T) {
	s := targetsApp(t).Stack(t, "CDKTargets")
	ruleRetry := map[string]any{"MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 185}
	for _, c := range []struct {
		rule string
		arn  any
		role string // "" when the target needs no role
	}{
		{"ToStream", getAtt(logicalID(t, s, "Stream"), "Arn"), "StreamEventsRole"},
		{"ToFirehose", getAtt(logicalID(t, s, "Firehose"), "Arn"), "FirehoseEventsRole"},
		{"ToLogs", map[string]any{"Fn::Join": []any{"", []any{"arn:aws:logs:eu-west-1:111111111111:log-group:", ref(logicalID(t, s, "Logs"))}}}, ""},
		{"ToBus", getAtt(logicalID(t, s, "Bus"), "Arn"), "ToBusTargetRuleEventsRole"},
		{"ToBuild", getAtt(logicalID(t, s, "Build"), "Arn"), "BuildEventsRole"},
		{"ToQueue", getAtt(logicalID(t, s, "Queue"), "Arn"), ""},
		{"ToFunction", getAtt(logicalID(t, s, "Handler"), "Arn"), ""},
	} {
		t.Run(c.rule, func(t *testing.T) {
			tp := onlyTarget(t, s, c.rule)
			if !equalJSON(tp["Arn"], c.arn) {
				t.Errorf("Arn = %s, want %s", jsonOf(tp["Arn"]), jsonOf(c.arn))
			}
			var role any
			if c.role != "" {
				role = getAtt(logicalID(t, s, c.role), "Arn")
			}
			if !equalJSON(tp["RoleArn"], role) {
				t.Errorf("RoleArn = %s, want %s", jsonOf(tp["RoleArn"]), jsonOf(role))
			}
			dlq := map[string]any{"Arn": getAtt(logicalID(t, s, c.rule+"DeadLetterQueue"), "Arn")}
			if !equalJSON(tp["DeadLetterConfig"], dlq) {
				t.Errorf("DeadLetterConfig = %s, want the rule's %s", jsonOf(tp["DeadLetterConfig"]), jsonOf(dlq))
			}
			if !equalJSON(tp["RetryPolicy"], ruleRetry) {
				t.Errorf("RetryPolicy = %s, want the rule's %s", jsonOf(tp["RetryPolicy"]), jsonOf(ruleRetry))
			}
		})
	}
}

func TestCDKTargetsOwnDeadLetterQueueAndRetryPolicyWin(t *testing.T) {
	s := targetsApp(t).Stack(t, "CDKTargets")
	tp := onlyTarget(t, s, "ToWorkflow")
	want := map[string]any{
		"Arn":              ref(logicalID(t, s, "Workflow")),
		"Id":               "Target",
		"RoleArn":          getAtt(logicalID(t, s, "WorkflowEventsRole"), "Arn"),
		"DeadLetterConfig": map[string]any{"Arn": getAtt(logicalID(t, s, "WorkflowDeadLetterQueue"), "Arn")},
		"RetryPolicy":      map[string]any{"MaximumEventAgeInSeconds": 7200, "MaximumRetryAttempts": 3},
	}
	if !equalJSON(tp, want) {
		t.Errorf("target = %s\nwant %s", jsonOf(tp), jsonOf(want))
	}
	// The CDK admits this rule, and only it, to the target's own queue.
	st := statementsFor(props(t, s, "WorkflowDeadLetterQueuePolicy")["PolicyDocument"], "events.amazonaws.com")
	cond := map[string]any{"ArnEquals": map[string]any{"aws:SourceArn": ruleARN(logicalID(t, s, "ToWorkflow"))}}
	if len(st) != 1 || !equalJSON(st[0]["Condition"], cond) {
		t.Errorf("dead-letter queue policy for EventBridge = %s, want one statement with %s", jsonOf(st), jsonOf(cond))
	}
}

func TestCDKTargetsCarryInputAndParameters(t *testing.T) {
	s := targetsApp(t).Stack(t, "CDKTargets")
	stream := onlyTarget(t, s, "ToStream")
	if stream["InputPath"] != "$.detail" || !equalJSON(stream["KinesisParameters"], map[string]any{"PartitionKeyPath": "$.detail.requestParameters.bucketName"}) {
		t.Errorf("Kinesis target = %s, want InputPath $.detail and the partition key path", jsonOf(stream))
	}
	fn := onlyTarget(t, s, "ToFunction")
	want := map[string]any{"InputPathsMap": map[string]any{"detail-userIdentity-arn": "$.detail.userIdentity.arn"}, "InputTemplate": `{"who":<detail-userIdentity-arn>}`}
	if !equalJSON(fn["InputTransformer"], want) {
		t.Errorf("Lambda target InputTransformer = %s, want %s", jsonOf(fn["InputTransformer"]), jsonOf(want))
	}
}

// statementsFor returns the statements of a policy document whose principal
// is the service.
func statementsFor(doc any, service string) []map[string]any {
	var out []map[string]any
	for _, s := range doc.(map[string]any)["Statement"].([]any) {
		st := s.(map[string]any)
		if p, ok := st["Principal"].(map[string]any); ok && p["Service"] == service {
			out = append(out, st)
		}
	}
	return out
}

func TestCDKTargetRolesActOnlyOnTheirResourceForThisAccount(t *testing.T) {
	s := targetsApp(t).Stack(t, "CDKTargets")
	for _, c := range []struct {
		role     string
		actions  []string
		resource any
	}{
		{"StreamEventsRole", []string{"kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"}, getAtt(logicalID(t, s, "Stream"), "Arn")},
		{"FirehoseEventsRole", []string{"firehose:PutRecord", "firehose:PutRecordBatch"}, getAtt(logicalID(t, s, "Firehose"), "Arn")},
		{"ToBusTargetRuleEventsRole", []string{"events:PutEvents"}, getAtt(logicalID(t, s, "Bus"), "Arn")},
		{"WorkflowEventsRole", []string{"states:StartExecution"}, ref(logicalID(t, s, "Workflow"))},
		{"BuildEventsRole", []string{"codebuild:StartBuild"}, getAtt(logicalID(t, s, "Build"), "Arn")},
	} {
		t.Run(c.role, func(t *testing.T) {
			trust := props(t, s, c.role)["AssumeRolePolicyDocument"].(map[string]any)["Statement"]
			wantTrust := []any{
				map[string]any{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": map[string]any{"Service": "events.amazonaws.com"}},
				map[string]any{"Action": "sts:AssumeRole", "Effect": "Deny", "Principal": map[string]any{"Service": "events.amazonaws.com"},
					"Condition": map[string]any{"StringNotEquals": map[string]any{"aws:SourceAccount": "111111111111"}}, "Sid": "DenyEventBridgeOfOtherAccounts"},
			}
			if !equalJSON(trust, wantTrust) {
				t.Errorf("trust policy = %s\nwant %s", jsonOf(trust), jsonOf(wantTrust))
			}
			var policies []map[string]any
			for _, p := range s.Resources("AWS::IAM::Policy") {
				pp := p["Properties"].(map[string]any)
				if equalJSON(pp["Roles"], []any{ref(logicalID(t, s, c.role))}) {
					policies = append(policies, pp)
				}
			}
			if len(policies) != 1 {
				t.Fatalf("want one policy on the role, got %s", jsonOf(policies))
			}
			sts := policies[0]["PolicyDocument"].(map[string]any)["Statement"].([]any)
			if len(sts) != 1 {
				t.Fatalf("want one statement, got %s", jsonOf(sts))
			}
			st := sts[0].(map[string]any)
			var actions []string
			switch a := st["Action"].(type) {
			case string:
				actions = []string{a}
			case []any:
				for _, x := range a {
					actions = append(actions, x.(string))
				}
			}
			if !slices.Equal(actions, c.actions) || !equalJSON(st["Resource"], c.resource) || st["Effect"] != "Allow" {
				t.Errorf("statement = %s, want %v on %s", jsonOf(st), c.actions, jsonOf(c.resource))
			}
		})
	}
}

func TestCDKTargetResourcePoliciesAdmitOnlyThisRuleOrAccount(t *testing.T) {
	s := targetsApp(t).Stack(t, "CDKTargets")
	t.Run("Lambda permission names the rule", func(t *testing.T) {
		perms := s.Resources("AWS::Lambda::Permission")
		want := ruleARN(logicalID(t, s, "ToFunction"))
		if len(perms) != 1 {
			t.Fatalf("want one permission, got %s", jsonOf(perms))
		}
		for _, p := range perms {
			pp := p["Properties"].(map[string]any)
			if pp["Principal"] != "events.amazonaws.com" || !equalJSON(pp["SourceArn"], want) {
				t.Errorf("permission = %s, want events.amazonaws.com from %s", jsonOf(pp), jsonOf(want))
			}
		}
	})
	// The account in the condition is the rule view's env.account: a literal
	// only because the view is in the rule's own environment (an import of
	// the bare Fn::GetAtt would give a token cut out of the ARN).
	t.Run("encrypted SQS queue admits this account even with the CDK flag off", func(t *testing.T) {
		st := statementsFor(props(t, s, "QueuePolicy")["PolicyDocument"], "events.amazonaws.com")
		cond := map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": "111111111111"}}
		if len(st) != 1 || !equalJSON(st[0]["Condition"], cond) {
			t.Errorf("queue policy for EventBridge = %s, want one statement with %s", jsonOf(st), jsonOf(cond))
		}
	})
	t.Run("log group policy admits EventBridge to that log group only", func(t *testing.T) {
		crs := s.Resources("Custom::CloudwatchLogResourcePolicy")
		if len(crs) != 1 {
			t.Fatalf("want one log group resource policy, got %d", len(crs))
		}
		for _, cr := range crs {
			create := jsonOf(cr["Properties"].(map[string]any)["Create"])
			for _, want := range []string{`Principal\\\":{\\\"Service\\\":\\\"events.amazonaws.com`, `logs:PutLogEvents`, `"Fn::GetAtt":["` + logicalID(t, s, "Logs") + `","Arn"]`} {
				if !strings.Contains(create, want) {
					t.Errorf("log group policy %s lacks %s", create, want)
				}
			}
		}
	})
}
