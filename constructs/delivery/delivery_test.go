package delivery_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/internal/cdktest"
)

// TestManyRulesShareOneStatement: a queue shared by many rules (a
// forwarder's dead-letter queue) admits them in one statement, so that its
// policy stays within SQS's 20 statements; past MaxRulesPerQueue (the
// policy's 8,192 bytes) AllowRule refuses with the queue and the limit.
func TestManyRulesShareOneStatement(t *testing.T) {
	app := cdktest.NewApp(t, nil)
	stack := awscdk.NewStack(app, jsii.String("Queues"), &awscdk.StackProps{Env: cdktest.Env("eu-west-1")})
	q := delivery.NewDeadLetterQueue(stack, "Shared", nil)
	for i := range 25 {
		delivery.AllowRule(q, jsii.String(fmt.Sprintf("arn:aws:events:eu-west-1:111111111111:rule/r%d", i)))
	}
	a := cdktest.Synth(t, app)
	var allows []map[string]any
	for _, p := range a.Stack(t, "Queues").Resources("AWS::SQS::QueuePolicy") {
		for _, s := range p["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
			if m := s.(map[string]any); m["Effect"] == "Allow" {
				allows = append(allows, m)
			}
		}
	}
	if len(allows) != 1 {
		t.Fatalf("%d allow statements, want one for the 25 rules", len(allows))
	}
	arns := allows[0]["Condition"].(map[string]any)["ArnLike"].(map[string]any)["aws:SourceArn"].([]any)
	if len(arns) != 25 || arns[24] != "arn:aws:events:eu-west-1:111111111111:rule/r24" {
		t.Errorf("the statement admits %v, want the 25 rules", arns)
	}

	// Past MaxRulesPerQueue the one statement admits the account's rules of
	// the queue's region.
	app2 := cdktest.NewApp(t, nil)
	q2 := delivery.NewDeadLetterQueue(awscdk.NewStack(app2, jsii.String("Full"), &awscdk.StackProps{Env: cdktest.Env("eu-west-1")}), "Shared", nil)
	for i := range delivery.MaxRulesPerQueue + 1 {
		delivery.AllowRule(q2, jsii.String(fmt.Sprintf("arn:aws:events:eu-west-1:111111111111:rule/r%d", i)))
	}
	a2 := cdktest.Synth(t, app2)
	var got []string
	for _, p := range a2.Stack(t, "Full").Resources("AWS::SQS::QueuePolicy") {
		for _, s := range p["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
			if m := s.(map[string]any); m["Effect"] == "Allow" {
				got = append(got, fmt.Sprint(m["Condition"]))
			}
		}
	}
	if len(got) != 1 || !strings.Contains(got[0], "rule/*") || strings.Contains(got[0], "rule/r0") {
		t.Errorf("past %d rules the queue admits %v, want one statement for the account's rules of the region", delivery.MaxRulesPerQueue, got)
	}
}
