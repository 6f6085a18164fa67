package apicall_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/eventpattern"
	"github.com/trailbridge/trailbridge/internal/cdktest"
)

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

type queueTarget struct{ q awssqs.IQueue }

func (q queueTarget) Bind(_ constructs.Construct, _ apicall.Rule, _ string) *awsevents.CfnRule_TargetProperty {
	return &awsevents.CfnRule_TargetProperty{Arn: q.q.QueueArn()}
}

// rules are the rules of the "Rules" stack by ID, set when rulesApp builds it.
var rules map[string]apicall.Rule

// rulesApp is the "Rules" stack, synthesized once for the package.
var rulesApp = cdktest.Once(nil, func(app awscdk.App) {
	s := awscdk.NewStack(app, jsii.String("Rules"), &awscdk.StackProps{Env: cdktest.Env("us-east-1")})
	bus := awsevents.NewEventBus(s, jsii.String("Bus"), &awsevents.EventBusProps{EventBusName: jsii.String("security")})
	q := awssqs.NewQueue(s, jsii.String("Q"), nil)
	attempts := 3
	rules = map[string]apicall.Rule{
		"Write":      apicall.NewRule(s, "Write", &apicall.RuleProps{Services: []string{"iam"}, EventNames: []string{"CreateUser"}}),
		"ReadOnly":   apicall.NewRule(s, "ReadOnly", &apicall.RuleProps{Services: []string{"s3"}, EventNames: []string{"ListBuckets", "GetBucketPolicy"}}),
		"Exception":  apicall.NewRule(s, "Exception", &apicall.RuleProps{Services: []string{"sts"}, EventNames: []string{"GetSessionToken"}}),
		"KMSDecrypt": apicall.NewRule(s, "KMSDecrypt", &apicall.RuleProps{Services: []string{"kms"}, EventNames: []string{"Decrypt"}}),
		"Override":   apicall.NewRule(s, "Override", &apicall.RuleProps{Services: []string{"s3"}, EventNames: []string{"ListBuckets"}, State: apicall.StateDisabled}),
		"CustomBus": apicall.NewRule(s, "CustomBus", &apicall.RuleProps{
			Services: []string{"lambda"}, EventNamePrefixes: []string{"CreateFunction"}, EventBus: bus,
			IncludeFailed: true, MaxEventAgeSeconds: 3600, RetryAttempts: &attempts,
			Targets: []apicall.RuleTarget{{ID: "Queue", Target: queueTarget{q}}},
		}),
		"Misspelt": apicall.NewRule(s, "Misspelt", &apicall.RuleProps{Services: []string{"iam"}, EventNames: []string{"CreateUser", "CreateUsr"}}),
		// CreateUser is an IAM name, not an S3 one: a rule of both knows it.
		"TwoServices": apicall.NewRule(s, "TwoServices", &apicall.RuleProps{Services: []string{"s3", "iam"}, EventNames: []string{"CreateUser", "PutBucketPolicy"}}),
		"SignIn": apicall.NewRule(s, "SignIn", &apicall.RuleProps{
			Services: []string{"signin"}, EventNames: []string{"ConsoleLogin"}, DetailTypes: []string{catalog.DetailTypeConsoleSignIn},
			UserIdentityTypes: []string{"Root"},
		}),
	}
})

func synth(t *testing.T) *cdktest.Stack {
	t.Helper()
	return rulesApp(t).Stack(t, "Rules")
}

func cfnRule(t *testing.T, s *cdktest.Stack, id string) map[string]any {
	t.Helper()
	for logical, r := range s.Resources("AWS::Events::Rule") {
		if strings.HasPrefix(logical, id) {
			return r["Properties"].(map[string]any)
		}
	}
	t.Fatalf("no rule %s", id)
	return nil
}

func TestReadOnlyDetectionSetsTheStateOnTheCfnRule(t *testing.T) {
	s := synth(t)
	for id, want := range map[string]string{
		"Write":      "ENABLED",
		"ReadOnly":   "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
		"Exception":  "ENABLED",                                       // GetSessionToken starts with Get but is not read-only
		"KMSDecrypt": "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS", // read-only without a List/Get/Describe prefix
		"Override":   "DISABLED",
		"SignIn":     "ENABLED",
	} {
		if got := cfnRule(t, s, id)["State"]; got != want {
			t.Errorf("%s: state %v, want %s", id, got, want)
		}
		if got := rules[id].State(); string(got) != want {
			t.Errorf("%s: State() = %v, want %s", id, got, want)
		}
	}
}

func TestPatternIsWhatTheRuleExposes(t *testing.T) {
	s := synth(t)
	p := cfnRule(t, s, "Write")
	if got, want := js(p["EventPattern"]), `{"detail":{"errorCode":[{"exists":false}],"eventName":["CreateUser"],"eventSource":["iam.amazonaws.com"]},"detail-type":["AWS API Call via CloudTrail"],"source":["aws.iam"]}`; got != want {
		t.Errorf("pattern = %s\nwant %s", got, want)
	}
	if rules["Write"].PatternJSON() != js(p["EventPattern"]) {
		t.Errorf("PatternJSON() = %s, template has %s", rules["Write"].PatternJSON(), js(p["EventPattern"]))
	}
	if _, ok := p["EventBusName"]; ok {
		t.Error("a rule on the default bus must not name a bus")
	}
}

func TestCustomBusPrefixFailedCallsAndRetry(t *testing.T) {
	s := synth(t)
	p := cfnRule(t, s, "CustomBus")
	if !strings.Contains(js(p["EventBusName"]), "Ref") {
		t.Errorf("EventBusName = %s", js(p["EventBusName"]))
	}
	pat := js(p["EventPattern"])
	if !strings.Contains(pat, `"eventName":[{"prefix":"CreateFunction"}]`) || strings.Contains(pat, "errorCode") {
		t.Errorf("pattern = %s", pat)
	}
	tg := p["Targets"].([]any)[0].(map[string]any)
	if js(tg["RetryPolicy"]) != `{"MaximumEventAgeInSeconds":3600,"MaximumRetryAttempts":3}` || tg["Id"] != "Queue" {
		t.Errorf("target = %s", js(tg))
	}
}

// The rules' patterns, checked with the offline matcher against real CloudTrail records.
func TestPatternsMatchTheirEvents(t *testing.T) {
	synth(t)
	signIn := `{"version":"0","id":"1","detail-type":"AWS Console Sign In via CloudTrail","source":"aws.signin","account":"111111111111","time":"2024-01-01T00:00:00Z","region":"us-east-1","resources":[],
	  "detail":{"eventVersion":"1.08","userIdentity":{"type":"Root","arn":"arn:aws:iam::111111111111:root"},"eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Success"}}}`
	p, err := eventpattern.Compile([]byte(rules["SignIn"].PatternJSON()))
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := p.Match([]byte(signIn)); err != nil || !ok {
		t.Errorf("root console sign-in does not fire the sign-in rule (%v)", err)
	}
	iamUser := strings.Replace(signIn, `"type":"Root"`, `"type":"IAMUser"`, 1)
	if ok, _ := p.Match([]byte(iamUser)); ok {
		t.Error("an IAM user's sign-in fires the root-only rule")
	}
}

func TestValidationMessages(t *testing.T) {
	tooMany := 186
	cases := []struct {
		name  string
		props *apicall.RuleProps
		want  string
	}{
		{"no service", &apicall.RuleProps{EventNames: []string{"CreateUser"}}, `apicall.RuleProps.Services: got []string(nil); allowed: at least one catalog service name`},
		{"unknown service", &apicall.RuleProps{Services: []string{"s4"}, EventNames: []string{"X"}}, `apicall.RuleProps.Services: unknown service "s4": did you mean`},
		{"no event names", &apicall.RuleProps{Services: []string{"s3"}}, `apicall.RuleProps.EventNames: got []string(nil); allowed: at least one CloudTrail event name`},
		{"empty event name", &apicall.RuleProps{Services: []string{"s3"}, EventNames: []string{""}}, `apicall.RuleProps.EventNames[0]: got ""; allowed: a non-empty CloudTrail event name`},
		{"unknown detail type", &apicall.RuleProps{Services: []string{"s3"}, EventNames: []string{"X"}, DetailTypes: []string{"AWS API Call"}}, `apicall.RuleProps.DetailTypes[0]: got "AWS API Call"; allowed: one of`},
		{"too many targets", &apicall.RuleProps{Services: []string{"s3"}, EventNames: []string{"X"}, Targets: make([]apicall.RuleTarget, 6)}, `apicall.RuleProps.Targets: got "6 targets"; allowed: at most 5 targets per rule`},
		{"event age", &apicall.RuleProps{Services: []string{"s3"}, EventNames: []string{"X"}, MaxEventAgeSeconds: 30}, `apicall.RuleProps.MaxEventAgeSeconds: got 30; allowed: 60 to 86400 seconds`},
		{"retry attempts", &apicall.RuleProps{Services: []string{"s3"}, EventNames: []string{"X"}, RetryAttempts: &tooMany}, `apicall.RuleProps.RetryAttempts: got 186; allowed: 0 to 185`},
		{"bad state", &apicall.RuleProps{Services: []string{"s3"}, EventNames: []string{"X"}, State: "ON"}, `apicall.RuleProps.State: got "ON"; allowed: ENABLED, DISABLED or ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`},
		{"read-only state on a schedule", &apicall.RuleProps{Services: []string{"s3"}, EventNames: []string{"ListBuckets"}, ScheduleExpression: "rate(1 hour)"}, `apicall.RuleProps.State: got "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"; allowed: ENABLED or DISABLED on a scheduled rule`},
		{"explicit read-only state on a schedule", &apicall.RuleProps{Services: []string{"s3"}, EventNames: []string{"PutBucketAcl"}, State: apicall.StateEnabledWithAllManagementEvents, ScheduleExpression: "rate(1 hour)"}, `the state was set explicitly`},
		{"pattern too long", &apicall.RuleProps{Services: []string{"s3"}, EventNames: longNames(300)}, `4096`},
		{"bad CIDR", &apicall.RuleProps{Services: []string{"s3"}, EventNames: []string{"X"}, SourceIPs: []string{"10.0.0.0/33"}}, `10.0.0.0/33`},
		{"bad account", &apicall.RuleProps{Services: []string{"s3"}, EventNames: []string{"X"}, Accounts: []string{"123"}}, `"123"`},
		{"unscoped without a narrowing condition", &apicall.RuleProps{Unscoped: true, IncludeFailed: true}, `no condition besides detail-type`},
		{"global service outside us-east-1", &apicall.RuleProps{Services: []string{"iam"}, EventNames: []string{"CreateUser"}, Regions: []string{"eu-west-1"}}, `us-east-1`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.props.Validate()
			if err == nil {
				t.Fatalf("no error; want %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, c.want)
			}
		})
	}
}

// An Unscoped rule needs no services or event names when another field
// narrows it: every service's calls by the root user.
func TestUnscopedRuleNarrowedByIdentityType(t *testing.T) {
	p := &apicall.RuleProps{Unscoped: true, UserIdentityTypes: []string{"Root"}}
	if err := p.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if err := (&apicall.RuleProps{UserIdentityTypes: []string{"Root"}}).Validate(); err == nil || !strings.Contains(err.Error(), "apicall.RuleProps.Services") {
		t.Errorf("without Unscoped: err = %v, want the Services requirement", err)
	}
}

func TestTooManyTargetsAtAddTarget(t *testing.T) {
	s := synth(t)
	_ = s
	r := rules["Write"]
	msg := cdktest.Panics(t, func() {
		for _, id := range []string{"A", "B", "C", "D", "E", "F"} {
			r.AddTarget(id, queueTarget{r.DeadLetterQueue()})
		}
	})
	if !strings.Contains(msg, `target "F" would be target 6; allowed: at most 5 targets per rule`) {
		t.Errorf("panic = %q", msg)
	}
}

func longNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "PutSomethingRatherLong" + strings.Repeat("X", i%7) + string(rune('A'+i%26)) + string(rune('a'+i/26))
	}
	return out
}

// TestUnknownEventNameWarns: an event name that none of the rule's services
// records is a synth warning naming the field, the value and the nearest
// names; known names (of any of the rule's services) are not.
func TestUnknownEventNameWarns(t *testing.T) {
	s := synth(t)
	var warnings []cdktest.Message
	for _, m := range s.Messages {
		if strings.Contains(m.Text, apicall.UnknownEventNameWarning) {
			warnings = append(warnings, m)
		}
	}
	if len(warnings) != 1 {
		t.Fatalf("unknown-event-name warnings: %+v, want one, on Misspelt", warnings)
	}
	w := warnings[0]
	if w.Level != "warning" || !strings.HasPrefix(w.Path, "/Rules/Misspelt") {
		t.Errorf("warning %+v, want a warning on /Rules/Misspelt", w)
	}
	for _, want := range []string{`apicall.RuleProps.EventNames[1]: got "CreateUsr"`, "an operation of iam", `did you mean "CreateUser"`} {
		if !strings.Contains(w.Text, want) {
			t.Errorf("warning %q does not contain %q", w.Text, want)
		}
	}
}
