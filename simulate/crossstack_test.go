package simulate

import (
	"encoding/json"
	"strings"
	"testing"
)

// A Detections stack whose rules target the Response stack's function by
// Fn::GetStackOutput (what CDK 2.270 writes) and by Fn::ImportValue; the
// Detections artifact sorts before the Response one, so its rules are read
// before the stack they name.
const crossManifest = `{"version":"48.0.0","artifacts":{
 "Detections":{"type":"aws:cloudformation:stack","environment":"aws://111111111111/us-east-1","properties":{"templateFile":"Detections.template.json","stackName":"Trailbridge-Detections"}},
 "Response":{"type":"aws:cloudformation:stack","environment":"aws://111111111111/us-east-1","properties":{"templateFile":"Response.template.json","stackName":"Trailbridge-Response"}},
 "Far":{"type":"aws:cloudformation:stack","environment":"aws://111111111111/eu-west-1","properties":{"templateFile":"Far.template.json","stackName":"Trailbridge-Response"}}
}}`

const crossDetections = `{"Resources":{
 "ByOutput":{"Type":"AWS::Events::Rule","Metadata":{"aws:cdk:path":"Trailbridge-Detections/Rules/by-output/Resource"},"Properties":{
  "EventPattern":{"source":["aws.iam"],"detail":{"userIdentity":{"arn":[{"anything-but":{"Fn::GetStackOutput":{"StackName":"Trailbridge-Response","OutputName":"RoleArnOut","Region":"us-east-1"}}}]}}},
  "Targets":[{"Id":"Notifier","Arn":{"Fn::GetStackOutput":{"StackName":"Trailbridge-Response","OutputName":"NotifierArnOut","Region":"us-east-1"}},
   "RoleArn":{"Fn::GetStackOutput":{"StackName":"Trailbridge-Response","OutputName":"RoleArnOut","Region":"us-east-1"}}}]}},
 "ByImport":{"Type":"AWS::Events::Rule","Metadata":{"aws:cdk:path":"Trailbridge-Detections/Rules/by-import/Resource"},"Properties":{
  "EventPattern":{"source":["aws.iam"]},
  "Targets":[{"Id":"Notifier","Arn":{"Fn::ImportValue":"Trailbridge-NotifierArn"}},{"Id":"Bus","Arn":{"Fn::ImportValue":"Trailbridge-BusArn"}}]}},
 "Missing":{"Type":"AWS::Events::Rule","Metadata":{"aws:cdk:path":"Trailbridge-Detections/Rules/missing/Resource"},"Properties":{
  "EventPattern":{"source":["aws.s3"]},
  "Targets":[{"Id":"Gone","Arn":{"Fn::GetStackOutput":{"StackName":"Trailbridge-Gone","OutputName":"Out","Region":"us-east-1"}}}]}}
}}`

const crossResponse = `{"Resources":{
 "NotifierE2836A75":{"Type":"AWS::Lambda::Function","Metadata":{"aws:cdk:path":"Trailbridge-Response/Notifier/Resource"}},
 "Role1234":{"Type":"AWS::IAM::Role","Metadata":{"aws:cdk:path":"Trailbridge-Response/Role/Resource"}},
 "AuditBus":{"Type":"AWS::Events::EventBus","Metadata":{"aws:cdk:path":"Trailbridge-Response/AuditBus/Resource"},"Properties":{"Name":"audit"}}
},"Outputs":{
 "NotifierArnOut":{"Value":{"Fn::GetAtt":["NotifierE2836A75","Arn"]},"Export":{"Name":{"Fn::Sub":"Trailbridge-NotifierArn"}}},
 "RoleArnOut":{"Value":{"Fn::GetAtt":["Role1234","Arn"]}},
 "BusArnOut":{"Value":{"Fn::GetAtt":["AuditBus","Arn"]},"Export":{"Name":"Trailbridge-BusArn"}}
}}`

// The same stack name in another region: neither output nor export may be
// taken from it.
const crossFar = `{"Resources":{"Other":{"Type":"AWS::SQS::Queue"}},"Outputs":{
 "NotifierArnOut":{"Value":{"Fn::GetAtt":["Other","Arn"]},"Export":{"Name":"Trailbridge-NotifierArn"}}
}}`

func TestLoadAssemblyCrossStack(t *testing.T) {
	a, err := LoadAssembly(writeAssembly(t, map[string]string{
		"manifest.json":            crossManifest,
		"Detections.template.json": crossDetections,
		"Response.template.json":   crossResponse,
		"Far.template.json":        crossFar,
	}))
	if err != nil {
		t.Fatal(err)
	}
	notifier := Target{ID: "Notifier", ARN: "AWS::Lambda::Function:NotifierE2836A75", Type: "AWS::Lambda::Function",
		LogicalID: "NotifierE2836A75", Path: "Trailbridge-Response/Notifier/Resource", Stack: "Trailbridge-Response"}
	withRole := notifier
	withRole.RoleARN = "AWS::IAM::Role:Role1234"
	bus := Target{ID: "Bus", ARN: "arn:aws:events:us-east-1:111111111111:event-bus/audit", Type: "AWS::Events::EventBus",
		LogicalID: "AuditBus", Path: "Trailbridge-Response/AuditBus/Resource", Stack: "Trailbridge-Response",
		EventBus: &Bus{Region: "us-east-1", Account: "111111111111", Name: "audit"}}
	gone := Target{ID: "Gone", ARN: "${Token:StackOutput:Trailbridge-Gone.Out}"}
	tests := []struct {
		rule string
		want []Target
	}{
		{"by-output", []Target{withRole}},
		{"by-import", []Target{notifier, bus}},
		{"missing", []Target{gone}},
	}
	for _, tt := range tests {
		got, _ := json.Marshal(rule(t, a, tt.rule).Targets)
		want, _ := json.Marshal(tt.want)
		if string(got) != string(want) {
			t.Errorf("%s: targets =\n%s\nwant\n%s", tt.rule, got, want)
		}
	}
	// A pattern value read from another stack's output is resolved there:
	// the role's ARN is a placeholder named after the exporting stack's
	// resource, not after the reference.
	equalStrings(t, "by-output unresolved", rule(t, a, "by-output").Unresolved, []string{"${Token:Role1234.Arn}"})

	// simulate names the target, and the graph draws it like a same-stack
	// target: one node for the function both rules deliver to.
	res := route(t, a, sample(t, "iam/CreateUser__awsdocs-cloudtrail__1.json", "us-east-1"))
	m := match(t, res, "by-import")
	if len(m.Targets) != 2 || m.Targets[0].Path != "Trailbridge-Response/Notifier/Resource" {
		t.Errorf("by-import fired with targets %+v", m.Targets)
	}
	g := a.Mermaid()
	containsAll(t, "graph", g, `"Lambda::Function<br/>Trailbridge-Response/Notifier"`, `"${Token:StackOutput:Trailbridge-Gone.Out}"`)
	if strings.Count(g, "Trailbridge-Response/Notifier") != 1 || strings.Contains(g, "Fn::GetStackOutput") {
		t.Errorf("graph:\n%s\nwant one node for the notifier and no unresolved Fn::GetStackOutput", g)
	}
}
