package simulate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadAssembly(t *testing.T) {
	a := fixture(t)
	if len(a.Warnings) != 0 {
		t.Errorf("Warnings = %q, want none", a.Warnings)
	}
	var stacks []string
	for _, s := range a.Stacks {
		stacks = append(stacks, s.Artifact+"="+s.Name+"@"+s.Account+"/"+s.Region)
	}
	equalStrings(t, "stacks", stacks, []string{
		"TrailbridgeForwarderUsEast1=Trailbridge-Forwarder-us-east-1@111111111111/us-east-1",
		"TrailbridgeForwarderUsWest2=Trailbridge-Forwarder-us-west-2@111111111111/us-west-2",
		"TrailbridgeHome=Trailbridge-Home@111111111111/eu-west-1",
		"StagingWatcherB7A3E1C2=Staging-Watcher@unknown-account/ap-southeast-2",
	})
	if got := a.Stacks[3].TemplateFile; got != filepath.Join("assembly-Staging", "StagingWatcherB7A3E1C2.template.json") {
		t.Errorf("nested TemplateFile = %q", got)
	}
	if got := a.Stacks[3].DisplayName; got != "Staging/Watcher" {
		t.Errorf("nested DisplayName = %q", got)
	}
	if len(a.Rules) != 14 {
		t.Errorf("%d rules, want 14", len(a.Rules))
	}

	tests := []struct {
		suffix, stack, region, bus, state, schedule, pattern string
		unresolved                                           []string
	}{
		{"IamAlert", "Trailbridge-Home", "eu-west-1", "default", StateEnabled, "",
			`{"source":["aws.iam"],"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventSource":["iam.amazonaws.com"],"eventName":["CreateUser","EnableMFADevice","AddUserToGroup"]}}`, nil},
		// State absent: ENABLED.
		{"KeyPolicyRead", "Trailbridge-Home", "eu-west-1", "default", StateEnabled, "",
			`{"source":["aws.kms"],"detail":{"eventName":["GetKeyPolicy","DescribeKey"]}}`, nil},
		{"ReadOnlyWatch", "Trailbridge-Home", "eu-west-1", "default", StateEnabledAllManagementEvents, "", "", nil},
		{"LegacyUserAlert", "Trailbridge-Home", "eu-west-1", "default", StateDisabled, "", "", nil},
		{"NightlyReport", "Trailbridge-Home", "eu-west-1", "default", StateEnabled, "cron(0 3 * * ? *)", "", nil},
		// Fn::Join of a literal and Ref AWS::URLSuffix.
		{"S3Acl", "Trailbridge-Home", "eu-west-1", "default", StateEnabled, "",
			`{"source":["aws.s3"],"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventSource":["s3.amazonaws.com"],"eventName":["PutBucketAcl","PutBucketPolicy"]}}`, nil},
		// Fn::GetAtt to a role: a placeholder.
		{"KeyDeletion", "Trailbridge-Home", "eu-west-1", "default", StateEnabled, "",
			`{"source":["aws.kms"],"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventName":["ScheduleKeyDeletion","DisableKey"],"errorCode":[{"exists":false}],"userIdentity":{"arn":[{"anything-but":["${Token:ResponderServiceRole1A2B3C4D.Arn}"]}]}}}`,
			[]string{"${Token:ResponderServiceRole1A2B3C4D.Arn}"}},
		// EventBusName: Ref to a bus of the template -> its Name.
		{"AuditTrailChange", "Trailbridge-Home", "eu-west-1", "trailbridge-audit", StateEnabled, "", `{"source":["aws.cloudtrail"]}`, nil},
		// EventBusName: a bus ARN built with Fn::Sub.
		{"PartnerEvents", "Trailbridge-Home", "eu-west-1", "partner-bus", StateEnabled, "", "", nil},
		// Path from the manifest's metadata; Fn::Sub AWS::Region; the
		// account of an environment-agnostic stack is assumed.
		{"Staging/Watcher/IamInRegion/Resource", "Staging-Watcher", "ap-southeast-2", "default", StateEnabled, "",
			`{"source":["aws.iam"],"detail":{"awsRegion":["ap-southeast-2"],"userIdentity":{"accountId":[{"anything-but":["111111111111"]}]}}}`,
			[]string{"AWS::AccountId assumed 111111111111 (the stack's account is unknown)"}},
	}
	for _, tt := range tests {
		t.Run(tt.suffix, func(t *testing.T) {
			r := rule(t, a, tt.suffix)
			if r.Stack != tt.stack || r.Region != tt.region || r.EventBus != tt.bus || r.State != tt.state || r.ScheduleExpression != tt.schedule {
				t.Errorf("got stack %q region %q bus %q state %q schedule %q", r.Stack, r.Region, r.EventBus, r.State, r.ScheduleExpression)
			}
			if tt.pattern != "" && string(r.EventPattern) != tt.pattern {
				t.Errorf("EventPattern =\n%s\nwant\n%s", r.EventPattern, tt.pattern)
			}
			if r.ScheduleExpression == "" && r.Pattern == nil {
				t.Errorf("pattern did not compile: %v", r.PatternErr)
			}
			equalStrings(t, "Unresolved", r.Unresolved, tt.unresolved)
		})
	}
}

func TestLoadAssemblyTargets(t *testing.T) {
	a := fixture(t)
	tests := []struct {
		suffix string
		want   Target
	}{
		{"IamAlert", Target{ID: "Target0", ARN: "AWS::SNS::Topic:AlertsTopicB1C2D3E4", Type: "AWS::SNS::Topic",
			LogicalID: "AlertsTopicB1C2D3E4", Path: "TrailbridgeHome/Alerts/Resource", Stack: "Trailbridge-Home", DeadLetter: true, RetryPolicy: true}},
		{"KeyDeletion", Target{ID: "Target0", ARN: "AWS::Lambda::Function:Responder5E6F7A8B", Type: "AWS::Lambda::Function",
			LogicalID: "Responder5E6F7A8B", Path: "TrailbridgeHome/Responder/Resource", Stack: "Trailbridge-Home", DeadLetter: true, RetryPolicy: true, InputTransformer: true}},
		{"TrailbridgeForwarderUsEast1/Forward", Target{ID: "Target0", ARN: "arn:aws:events:eu-west-1:111111111111:event-bus/default",
			EventBus: &Bus{Region: "eu-west-1", Account: "111111111111", Name: "default"},
			RoleARN:  "AWS::IAM::Role:ForwardEventsRoleC1D2E3F4", DeadLetter: true}},
		// Fn::Join with AWS::Partition and AWS::AccountId.
		{"TrailbridgeForwarderUsWest2/Forward", Target{ID: "Target0", ARN: "arn:aws:events:eu-west-1:111111111111:event-bus/default",
			EventBus: &Bus{Region: "eu-west-1", Account: "111111111111", Name: "default"},
			RoleARN:  "AWS::IAM::Role:ForwardEventsRole9A8B7C6D"}},
		// Fn::GetAtt Bus.Arn of a bus of the same template.
		{"TrailToAudit", Target{ID: "Target0", ARN: "arn:aws:events:eu-west-1:111111111111:event-bus/trailbridge-audit",
			Type: "AWS::Events::EventBus", LogicalID: "AuditBus7C8D9E0F", Path: "TrailbridgeHome/AuditBus/Resource", Stack: "Trailbridge-Home",
			EventBus: &Bus{Region: "eu-west-1", Account: "111111111111", Name: "trailbridge-audit"},
			RoleARN:  "AWS::IAM::Role:AuditBusRole3A4B5C6D"}},
		{"IamInRegion", Target{ID: "Target0", ARN: "${Token:ImportValue:Trailbridge-AlertsTopicArn}"}},
	}
	for _, tt := range tests {
		t.Run(tt.suffix, func(t *testing.T) {
			r := rule(t, a, tt.suffix)
			if len(r.Targets) != 1 {
				t.Fatalf("%d targets", len(r.Targets))
			}
			got, _ := json.Marshal(r.Targets[0])
			want, _ := json.Marshal(tt.want)
			if string(got) != string(want) {
				t.Errorf("target =\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestRuleIs(t *testing.T) {
	r := &Rule{Path: "Stage/Home/IamAlert/Resource", LogicalID: "IamAlert5B2C9D41"}
	for _, s := range []string{"IamAlert", "Home/IamAlert", "IamAlert/Resource", "/Stage/Home/IamAlert/Resource", "IamAlert5B2C9D41", "Stage/Home/IamAlert"} {
		if !r.Is(s) {
			t.Errorf("Is(%q) = false", s)
		}
	}
	for _, s := range []string{"", "Alert", "amAlert", "Resource", "Home", "IamAlert5B2C9D4"} {
		if r.Is(s) {
			t.Errorf("Is(%q) = true", s)
		}
	}
}

// writeAssembly writes files (name -> content) to a new directory.
func writeAssembly(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const oddManifest = `{"version":"48.0.0","artifacts":{
 "Odd":{"type":"aws:cloudformation:stack","environment":"aws://unknown-account/unknown-region","properties":{"templateFile":"Odd.template.json"}},
 "Loop":{"type":"cdk:cloud-assembly","properties":{"directoryName":"."}},
 "Escape":{"type":"cdk:cloud-assembly","properties":{"directoryName":"../elsewhere"}}}}`

const oddTemplate = `{"Resources":{
 "AsString":{"Type":"AWS::Events::Rule","Properties":{"EventPattern":"{\"source\":[\"aws.iam\"]}"}},
 "Invalid":{"Type":"AWS::Events::Rule","Properties":{"EventPattern":{"source":"aws.iam"}}},
 "Odd":{"Type":"AWS::Events::Rule","Properties":{"State":"PAUSED","EventPattern":{"source":["aws.iam"]}}},
 "Neither":{"Type":"AWS::Events::Rule","Properties":{}},
 "SchedAll":{"Type":"AWS::Events::Rule","Properties":{"ScheduleExpression":"rate(1 day)","State":"ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"}},
 "Region":{"Type":"AWS::Events::Rule","Properties":{"EventPattern":{"detail":{"awsRegion":[{"Ref":"AWS::Region"}]}}}},
 "Nested":{"Type":"AWS::CloudFormation::Stack","Properties":{"TemplateURL":"x"},"Metadata":{"aws:asset:path":"OddNested.nested.template.json","aws:asset:property":"TemplateURL"}}
}}`

const oddNested = `{"Resources":{
 "Inner":{"Type":"AWS::Events::Rule","Properties":{"EventPattern":{"source":["aws.iam"]}},"Metadata":{"aws:cdk:path":"Odd/Nested/Inner/Resource"}}
}}`

func TestLoadAssemblyOdd(t *testing.T) {
	dir := writeAssembly(t, map[string]string{
		"manifest.json":                  oddManifest,
		"Odd.template.json":              oddTemplate,
		"OddNested.nested.template.json": oddNested,
	})
	a, err := LoadAssembly(filepath.Join(dir, "manifest.json")) // the manifest's path works too
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, r := range a.Rules {
		paths = append(paths, r.Path)
	}
	// Without aws:cdk:path metadata: STACK/LOGICAL_ID.
	equalStrings(t, "paths", paths, []string{"Odd/AsString", "Odd/Invalid", "Odd/Neither", "Odd/Nested/Inner/Resource", "Odd/Odd", "Odd/Region", "Odd/SchedAll"})
	warnings := strings.Join(a.Warnings, "\n")
	containsAll(t, "warnings", warnings,
		`Odd/Invalid: invalid event pattern: invalid event pattern: source: "source" must be an object or an array`,
		`Odd/Odd: unknown state "PAUSED": the rule never fires`,
		"Odd/Neither: neither EventPattern nor ScheduleExpression",
		"Odd/SchedAll: state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS is not allowed on a scheduled rule",
		"stack Odd is environment-agnostic (region unknown): its rules are simulated in every region an event reaches",
		`nested assembly Escape: directoryName "../elsewhere" skipped`,
	)
	if r := rule(t, a, "AsString"); r.Pattern == nil || string(r.EventPattern) != `{"source":["aws.iam"]}` {
		t.Errorf("pattern written as a string: %s, %v", r.EventPattern, r.PatternErr)
	}
	if r := rule(t, a, "Region"); string(r.EventPattern) != `{"detail":{"awsRegion":["${Token:AWS::Region}"]}}` {
		t.Errorf("Ref AWS::Region in an unknown region: %s", r.EventPattern)
	}

	// Rules of an environment-agnostic stack see events in any region.
	ev := sample(t, "iam/CreateUser__awsdocs-cloudtrail__1.json", "sa-east-1")
	res := route(t, a, ev)
	equalStrings(t, "fired", firedPaths(res), []string{"Odd/AsString", "Odd/Nested/Inner"})
	if m := match(t, res, "AsString"); m.Region != "sa-east-1" {
		t.Errorf("Region = %q, want the event's", m.Region)
	}
	containsAll(t, "Invalid", reason(t, res, "Odd/Invalid"), "pattern: invalid: invalid event pattern: source:")
	containsAll(t, "Odd", reason(t, res, "Odd/Odd"), `state: "PAUSED" is not a state that delivers events`)
	containsAll(t, "Neither", reason(t, res, "Odd/Neither"), "pattern: the rule has no EventPattern")
	containsAll(t, "Region", reason(t, res, "Odd/Region"),
		`pattern: detail.awsRegion: value "sa-east-1" not in ["${Token:AWS::Region}"] (the pattern depends on values not resolved offline: ${Token:AWS::Region})`)
}

func TestLoadAssemblyErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no manifest", map[string]string{"x.json": "{}"}, "is not a cloud assembly (no manifest.json; run `cdk synth` first)"},
		{"bad manifest", map[string]string{"manifest.json": "{"}, "manifest.json: unexpected end of JSON input"},
		{"no templateFile", map[string]string{"manifest.json": `{"artifacts":{"S":{"type":"aws:cloudformation:stack"}}}`}, "stack artifact S has no properties.templateFile"},
		{"missing template", map[string]string{"manifest.json": `{"artifacts":{"S":{"type":"aws:cloudformation:stack","properties":{"templateFile":"S.template.json"}}}}`}, "stack S: open "},
		{"bad template", map[string]string{
			"manifest.json":   `{"artifacts":{"S":{"type":"aws:cloudformation:stack","properties":{"templateFile":"S.template.json"}}}}`,
			"S.template.json": `{"Resources": }`,
		}, "S.template.json: not a JSON template"},
		{"template not an object", map[string]string{
			"manifest.json":   `{"artifacts":{"S":{"type":"aws:cloudformation:stack","properties":{"templateFile":"S.template.json"}}}}`,
			"S.template.json": `[]`,
		}, "S.template.json: not a JSON object"},
		{"nested assembly missing", map[string]string{"manifest.json": `{"artifacts":{"N":{"type":"cdk:cloud-assembly","properties":{"directoryName":"assembly-N"}}}}`}, "assembly-N is not a cloud assembly"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadAssembly(writeAssembly(t, tt.files))
			if err == nil {
				t.Fatal("no error")
			}
			containsAll(t, "error", err.Error(), "simulate: ", tt.want)
		})
	}
	if _, err := LoadAssembly(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("missing directory: no error")
	}
}
