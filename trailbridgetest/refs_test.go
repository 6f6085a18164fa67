package trailbridgetest_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/trailbridge/trailbridge/internal/tbrecord"
	"github.com/trailbridge/trailbridge/trailbridgetest"
)

// Ref and GetAtt are compared with what JSON gives for a template's
// references: they must be written the same way, to the letter.
func TestRefAndGetAtt(t *testing.T) {
	if got := trailbridgetest.Ref("Topic12AB"); got != `{"Ref":"Topic12AB"}` {
		t.Errorf("Ref = %s", got)
	}
	if got := trailbridgetest.GetAtt("Fn34CD", "Arn"); got != `{"Fn::GetAtt":["Fn34CD","Arn"]}` {
		t.Errorf("GetAtt = %s", got)
	}
	parsed := map[string]any{"Fn::GetAtt": []any{"Fn34CD", "Arn"}} // as a template parses
	if trailbridgetest.JSON(parsed) != trailbridgetest.GetAtt("Fn34CD", "Arn") {
		t.Errorf("GetAtt = %s, a parsed template's %s", trailbridgetest.GetAtt("Fn34CD", "Arn"), trailbridgetest.JSON(parsed))
	}
}

func TestTarget(t *testing.T) {
	rule := map[string]any{"Targets": []any{
		map[string]any{"Id": "Alert", "Arn": map[string]any{"Ref": "Topic"}},
		map[string]any{"Id": "Responder", "Arn": "arn:aws:lambda:eu-west-1:111111111111:function:f"},
	}}
	if got := trailbridgetest.Target(t, rule, "Responder"); got["Arn"] != "arn:aws:lambda:eu-west-1:111111111111:function:f" {
		t.Errorf("Target(Responder) = %s", trailbridgetest.JSON(got))
	}
	r := &tbrecord.Recorder{TB: t}
	if got := trailbridgetest.Target(r, rule, "Queue"); got != nil || len(r.Failures) != 1 {
		t.Errorf("Target(Queue) = %v, failures %q; want nil and one failure", got, r.Failures)
	}
}

func TestRoleStatements(t *testing.T) {
	statement := func(action string) map[string]any {
		return map[string]any{"Action": action, "Effect": "Allow", "Resource": "*"}
	}
	policy := func(roles []any, statements ...any) map[string]any {
		return map[string]any{"Type": "AWS::IAM::Policy", "Properties": map[string]any{
			"Roles":          roles,
			"PolicyDocument": map[string]any{"Statement": statements},
		}}
	}
	tmpl := trailbridgetest.Template{"Resources": map[string]any{
		"Role1":       map[string]any{"Type": "AWS::IAM::Role"},
		"Role2":       map[string]any{"Type": "AWS::IAM::Role"},
		"Role1Policy": policy([]any{map[string]any{"Ref": "Role1"}}, statement("sqs:SendMessage"), statement("kms:Decrypt")),
		"Role1More":   policy([]any{map[string]any{"Ref": "Role1"}}, statement("sns:Publish")),
		"Role2Policy": policy([]any{map[string]any{"Ref": "Role2"}}, statement("s3:GetObject")),
		"BothPolicy":  policy([]any{map[string]any{"Ref": "Role1"}, map[string]any{"Ref": "Role2"}}, statement("logs:PutLogEvents")),
	}}
	var got []string
	for _, s := range tmpl.RoleStatements("Role1") {
		got = append(got, s["Action"].(string))
	}
	// Role1's own policies only: not Role2's, nor one shared with Role2.
	if len(got) != 3 || !slices.Contains(got, "sqs:SendMessage") || !slices.Contains(got, "kms:Decrypt") || !slices.Contains(got, "sns:Publish") {
		t.Errorf("RoleStatements(Role1) actions = %q", got)
	}
	if got := tmpl.RoleStatements("Role3"); len(got) != 0 {
		t.Errorf("RoleStatements(Role3) = %s, want none", trailbridgetest.JSON(got))
	}
}

// A property compared with the reference it should hold: GetAtt and Ref
// write a template's references as JSON writes a property.
func ExampleGetAtt() {
	target := map[string]any{"Id": "Responder", "Arn": map[string]any{"Fn::GetAtt": []any{"Responder12AB", "Arn"}}}
	fmt.Println(trailbridgetest.JSON(target["Arn"]) == trailbridgetest.GetAtt("Responder12AB", "Arn"))
	fmt.Println(trailbridgetest.GetAtt("Responder12AB", "Arn"))
	fmt.Println(trailbridgetest.Ref("Alerts34CD"))
	// Output:
	// true
	// {"Fn::GetAtt":["Responder12AB","Arn"]}
	// {"Ref":"Alerts34CD"}
}
