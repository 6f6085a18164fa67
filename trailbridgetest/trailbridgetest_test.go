package trailbridgetest_test

import (
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/internal/tbrecord"
	"github.com/trailbridge/trailbridge/trailbridgetest"
)

func TestMain(m *testing.M) { trailbridgetest.Main(m) }

// createUser is a CloudTrail record from the CloudTrail user guide, kept
// once in lambda/cloudtrail's testdata (awsRegion us-east-2).
const createUser = "../lambda/cloudtrail/testdata/samples/events/iam/CreateUser__awsdocs-cloudtrail__1.json"

// newStack adds a stack with a rule for IAM CreateUser that alerts a topic.
func newStack(app awscdk.App, id string) {
	stack := awscdk.NewStack(app, jsii.String(id), &awscdk.StackProps{Env: trailbridgetest.Env("us-east-2")})
	topic := awssns.NewTopic(stack, jsii.String("Alerts"), nil)
	awsevents.NewRule(stack, jsii.String("UserCreated"), &awsevents.RuleProps{
		EventPattern: &awsevents.EventPattern{
			Source:     jsii.Strings("aws.iam"),
			DetailType: jsii.Strings("AWS API Call via CloudTrail"),
			Detail:     &map[string]any{"eventName": []any{"CreateUser"}},
		},
		Targets: &[]awsevents.IRuleTarget{awseventstargets.NewSnsTopic(topic, nil)},
	})
}

var builds atomic.Int32

var app = trailbridgetest.Once(&trailbridgetest.AppOptions{CDKJSON: "testdata/cdk.json"}, func(app awscdk.App) {
	builds.Add(1)
	newStack(app, "Security")
})

// TestMainTurnsTheValidatorOff: Main re-executed the test binary with
// CDK_VALIDATION=false (os.Setenv would not have reached jsii's Node process).
func TestMainTurnsTheValidatorOff(t *testing.T) {
	switch got := os.Getenv("CDK_VALIDATION"); got {
	case "false":
	case "":
		t.Error("CDK_VALIDATION is unset in the test process: Main did not re-execute the binary with it set to false")
	default:
		t.Skipf("CDK_VALIDATION=%s was set by the caller; Main keeps it", got)
	}
}

// TestOnceSynthesizesOnce: every test of the package gets the same assembly
// from one build and one synth.
func TestOnceSynthesizesOnce(t *testing.T) {
	a, b := app(t), app(t)
	if a != b || builds.Load() != 1 {
		t.Errorf("two calls gave %p and %p after %d builds, want one assembly from one build", a, b, builds.Load())
	}
	if _, err := os.Stat(a.Dir + "/manifest.json"); err != nil {
		t.Errorf("the shared assembly is gone: %v", err)
	}
}

// TestOnceReportsABuildFailure: a construct that panics while the app is
// built fails every test that asks for the app, with the panic's message.
func TestOnceReportsABuildFailure(t *testing.T) {
	bad := trailbridgetest.Once(nil, func(app awscdk.App) { panic("bucket name \"A\" is invalid") })
	for range 2 {
		r := &tbrecord.Recorder{TB: t}
		if a := bad(r); a != nil || len(r.Failures) != 1 || !strings.Contains(r.Failures[0], `bucket name "A" is invalid`) {
			t.Errorf("assembly %v, failures %q", a, r.Failures)
		}
	}
}

func TestNewAppContext(t *testing.T) {
	a := trailbridgetest.NewApp(t, &trailbridgetest.AppOptions{
		CDKJSON: "testdata/cdk.json",
		Context: map[string]any{"example:overridden": "from-options"},
	})
	for key, want := range map[string]any{
		"@aws-cdk/aws-iam:minimizePolicies": true,
		"example:owner":                     "from-cdk-json",
		"example:overridden":                "from-options",
		"aws:cdk:enable-path-metadata":      true,
	} {
		if got := a.Node().TryGetContext(jsii.String(key)); got != want {
			t.Errorf("context %s = %v, want %v", key, got, want)
		}
	}
	if got := fmt.Sprint(a.Node().TryGetContext(jsii.String("aws:cdk:bundling-stacks"))); got != "[]" {
		t.Errorf("bundling-stacks = %s, want [] (bundling skipped)", got)
	}
	bundled := trailbridgetest.NewApp(t, &trailbridgetest.AppOptions{Bundle: true})
	if got := bundled.Node().TryGetContext(jsii.String("aws:cdk:bundling-stacks")); got != nil {
		t.Errorf("with Bundle, bundling-stacks = %v, want unset", got)
	}
	r := &tbrecord.Recorder{TB: t}
	trailbridgetest.NewApp(r, &trailbridgetest.AppOptions{CDKJSON: "testdata/missing.json"})
	if len(r.Failures) != 1 || !strings.Contains(r.Failures[0], "missing.json") {
		t.Errorf("a missing cdk.json: failures %q", r.Failures)
	}
}

func TestTemplate(t *testing.T) {
	tmpl := app(t).Template(t, "Security")
	ruleID, rule := tmpl.Only(t, "AWS::Events::Rule")
	if !strings.HasPrefix(ruleID, "UserCreated") || rule["EventPattern"] == nil {
		t.Errorf("rule %s = %v", ruleID, rule)
	}
	if n := len(tmpl.Resources("AWS::SNS::TopicPolicy")); n != 1 {
		t.Errorf("%d topic policies, want 1", n)
	}
	tmpl.Assertions().ResourceCountIs(jsii.String("AWS::SNS::Topic"), jsii.Number(1))
	// A test may change its copy; the next one reads the file again.
	delete(tmpl, "Resources")
	if len(app(t).Template(t, "Security").Resources("AWS::Events::Rule")) != 1 {
		t.Error("Template returned a shared map")
	}

	r := &tbrecord.Recorder{TB: t}
	app(t).Template(r, "Nope")
	if len(r.Failures) != 1 || !strings.Contains(r.Failures[0], `no stack "Nope"`) || !strings.Contains(r.Failures[0], `"Security"`) {
		t.Errorf("unknown stack: failures %q", r.Failures)
	}
	r = &tbrecord.Recorder{TB: t}
	tmpl.Only(r, "AWS::SNS::Topic") // Resources deleted above: none left
	if len(r.Failures) != 1 || !strings.Contains(r.Failures[0], "want exactly one AWS::SNS::Topic, found 0") {
		t.Errorf("Only with none: failures %q", r.Failures)
	}
}

func TestAssertFires(t *testing.T) {
	record, err := os.ReadFile(createUser)
	if err != nil {
		t.Fatal(err)
	}
	a := app(t)
	if !a.AssertFires(t, record, "Security/UserCreated") {
		t.Error("AssertFires returned false for a rule that fires")
	}
	r := &tbrecord.Recorder{TB: t}
	if a.AssertNotFires(r, record, "Security/UserCreated") || len(r.Failures) != 1 {
		t.Errorf("AssertNotFires on a rule that fires: failures %q", r.Failures)
	}
	other := []byte(strings.Replace(string(record), `"eventName": "CreateUser"`, `"eventName": "DeleteUser"`, 1))
	r = &tbrecord.Recorder{TB: t}
	if a.AssertFires(r, other, "Security/UserCreated") || len(r.Failures) != 1 || !strings.Contains(r.Failures[0], "eventName") {
		t.Errorf("AssertFires on a rule that does not fire: failures %q", r.Failures)
	}
	a.AssertNotFires(t, other, "Security/UserCreated")
}

func TestJSON(t *testing.T) {
	if got := trailbridgetest.JSON(map[string]any{"b": []any{1.0, "x"}, "a": nil}); got != `{"a":null,"b":[1,"x"]}` {
		t.Errorf("JSON = %s", got)
	}
	if got := trailbridgetest.JSON(func() {}); !strings.Contains(got, "unsupported type") {
		t.Errorf("JSON of a func = %s, want the error", got)
	}
}
