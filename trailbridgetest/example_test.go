package trailbridgetest_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/trailbridge/trailbridge/trailbridgetest"
)

// The test file of an app: TestMain turns the validator off and closes jsii
// once; the app is synthesized once, with the feature flags of the app's
// cdk.json, and shared by its tests.
func Example() {
	// func TestMain(m *testing.M) { trailbridgetest.Main(m) }

	security := trailbridgetest.Once(&trailbridgetest.AppOptions{CDKJSON: "cdk.json"}, func(app awscdk.App) {
		newStack(app, "Security") // the app's own stack constructor
	})

	testRuleAlerts := func(t *testing.T) {
		a := security(t)
		if _, rule := a.Template(t, "Security").Only(t, "AWS::Events::Rule"); len(rule["Targets"].([]any)) != 1 {
			t.Error("the rule alerts nobody")
		}
		record, err := os.ReadFile("testdata/CreateUser.json")
		if err != nil {
			t.Fatal(err)
		}
		a.AssertFires(t, record, "Security/UserCreated")
	}
	_ = testRuleAlerts
}

func ExampleTemplate_Resources() {
	tmpl := trailbridgetest.Template{"Resources": map[string]any{
		"Alerts1234":    map[string]any{"Type": "AWS::SNS::Topic"},
		"UserCreated99": map[string]any{"Type": "AWS::Events::Rule", "Properties": map[string]any{"State": "ENABLED"}},
	}}
	for id, r := range tmpl.Resources("AWS::Events::Rule") {
		fmt.Println(id, r["Properties"])
	}
	// Output: UserCreated99 map[State:ENABLED]
}
