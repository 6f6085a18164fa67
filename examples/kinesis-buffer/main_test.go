package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/trailbridge/trailbridge/trailbridgetest"
)

// TestMain turns the CDK's CloudFormation validator off and closes the jsii
// runtime once (see trailbridgetest.Main).
func TestMain(m *testing.M) { trailbridgetest.Main(m) }

var js = trailbridgetest.JSON

// getAtt is the template's reference to id's ARN.
func getAtt(id string) string { return trailbridgetest.GetAtt(id, "Arn") }

// app is the example's stack, synthesized once for every test of the
// package with the context of the example's cdk.json, without building the
// consumer (trailbridgetest skips bundling).
var app = trailbridgetest.Once(&trailbridgetest.AppOptions{CDKJSON: "cdk.json"}, func(app awscdk.App) {
	newStack(app, "KeyChanges", &awscdk.StackProps{Env: trailbridgetest.Env("us-east-1")})
})

// streams returns the logical IDs of the audit stream and of the buffer's
// stream (the one the event source mapping reads).
func streams(t *testing.T, template trailbridgetest.Template) (audit, buffer string) {
	t.Helper()
	_, esm := template.Only(t, "AWS::Lambda::EventSourceMapping")
	for id := range template.Resources("AWS::Kinesis::Stream") {
		if js(esm["EventSourceArn"]) == getAtt(id) {
			buffer = id
		} else {
			audit = id
		}
	}
	if audit == "" || buffer == "" {
		t.Fatalf("want an audit stream and a buffer stream, got %s", js(template.Resources("AWS::Kinesis::Stream")))
	}
	return audit, buffer
}

func TestRuleWritesToTheAuditStreamThroughTheCDKRole(t *testing.T) {
	template := app(t).Template(t, "KeyChanges")
	_, rule := template.Only(t, "AWS::Events::Rule")
	auditID, _ := streams(t, template)
	keyID, _ := template.Only(t, "AWS::KMS::Key")

	if got := js(rule["EventPattern"].(map[string]any)["detail"].(map[string]any)["eventName"]); got != `["DisableKey","PutKeyPolicy","ScheduleKeyDeletion"]` {
		t.Errorf("eventName = %s", got)
	}

	audit := trailbridgetest.Target(t, rule, "Audit")
	if js(audit["Arn"]) != getAtt(auditID) {
		t.Errorf("Audit target Arn = %s, want the audit stream %s", js(audit["Arn"]), auditID)
	}
	if got := js(audit["KinesisParameters"]); got != `{"PartitionKeyPath":"$.detail.eventID"}` {
		t.Errorf("Audit target KinesisParameters = %s", got)
	}
	// The rule's dead-letter queue and retry policy apply to a CDK target.
	dlq := trailbridgetest.Target(t, rule, "Buffer")["DeadLetterConfig"]
	if audit["DeadLetterConfig"] == nil || js(audit["DeadLetterConfig"]) != js(dlq) || audit["RetryPolicy"] == nil {
		t.Errorf("Audit target DeadLetterConfig = %s, RetryPolicy = %s, want the rule's", js(audit["DeadLetterConfig"]), js(audit["RetryPolicy"]))
	}

	// The role the CDK made for the stream: EventBridge of this account only,
	// writing to the audit stream and encrypting with its key, nothing else.
	roleID := ""
	for id := range template.Resources("AWS::IAM::Role") {
		if js(audit["RoleArn"]) == getAtt(id) {
			roleID = id
		}
	}
	if roleID == "" {
		t.Fatalf("Audit target RoleArn = %s, want a role of the stack", js(audit["RoleArn"]))
	}
	role := template.Resources("AWS::IAM::Role")[roleID]["Properties"].(map[string]any)
	if got := js(role["AssumeRolePolicyDocument"].(map[string]any)["Statement"]); got != `[`+
		`{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"}},`+
		`{"Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"aws:SourceAccount":"`+trailbridgetest.Account+`"}},"Effect":"Deny","Principal":{"Service":"events.amazonaws.com"},"Sid":"DenyEventBridgeOfOtherAccounts"}]` {
		t.Errorf("audit role trust policy = %s", got)
	}
	statements := template.RoleStatements(roleID)
	if len(statements) != 2 {
		t.Fatalf("audit role statements = %s, want the stream's and the key's", js(statements))
	}
	for _, s := range statements {
		switch js(s["Resource"]) {
		case getAtt(auditID):
			if got := js(s["Action"]); got != `["kinesis:ListShards","kinesis:PutRecord","kinesis:PutRecords"]` {
				t.Errorf("audit role may %s on the stream, want only writes", got)
			}
		case getAtt(keyID):
			if got := js(s["Action"]); got != `["kms:Encrypt","kms:ReEncrypt*","kms:GenerateDataKey*"]` {
				t.Errorf("audit role may %s on the key, want only encryption", got)
			}
		default:
			t.Errorf("audit role statement on %s: want the audit stream or its key only", js(s["Resource"]))
		}
	}
}

func TestRuleWritesToTheBufferThroughItsOwnRole(t *testing.T) {
	template := app(t).Template(t, "KeyChanges")
	_, rule := template.Only(t, "AWS::Events::Rule")
	_, bufferID := streams(t, template)

	buffer := trailbridgetest.Target(t, rule, "Buffer")
	if js(buffer["Arn"]) != getAtt(bufferID) {
		t.Errorf("Buffer target Arn = %s, want the buffer stream %s", js(buffer["Arn"]), bufferID)
	}
	if got := js(buffer["KinesisParameters"]); got != `{"PartitionKeyPath":"$.detail.requestParameters.keyId"}` {
		t.Errorf("Buffer target KinesisParameters = %s, want order per key", got)
	}
	if js(buffer["RoleArn"]) == js(trailbridgetest.Target(t, rule, "Audit")["RoleArn"]) {
		t.Error("the buffer and the audit stream share a role")
	}
	var writes bool
	for id := range template.Resources("AWS::IAM::Role") {
		if js(buffer["RoleArn"]) != getAtt(id) {
			continue
		}
		for _, s := range template.RoleStatements(id) {
			if js(s["Action"]) == `["kinesis:PutRecord","kinesis:PutRecords"]` {
				writes = js(s["Resource"]) == getAtt(bufferID)
			}
		}
	}
	if !writes {
		t.Errorf("the buffer target's role %s may not put records to the buffer stream only", js(buffer["RoleArn"]))
	}
}

func TestConsumerReadsTheBufferInSmallBatches(t *testing.T) {
	template := app(t).Template(t, "KeyChanges")
	fnID, _ := template.Only(t, "AWS::Lambda::Function")
	_, esm := template.Only(t, "AWS::Lambda::EventSourceMapping")
	_, bufferID := streams(t, template)
	var failureQueue string
	for id, q := range template.Resources("AWS::SQS::Queue") {
		if js(esm["DestinationConfig"]) == `{"OnFailure":{"Destination":`+getAtt(id)+`}}` {
			failureQueue = id
			if q["Properties"].(map[string]any)["KmsMasterKeyId"] == nil {
				t.Error("the failure queue is not encrypted")
			}
		}
	}
	if failureQueue == "" {
		t.Errorf("event source mapping DestinationConfig = %s, want a queue of the stack", js(esm["DestinationConfig"]))
	}

	if js(esm["FunctionName"]) != trailbridgetest.Ref(fnID) || js(esm["EventSourceArn"]) != getAtt(bufferID) {
		t.Errorf("event source mapping feeds %s from %s, want the consumer from the buffer", js(esm["FunctionName"]), js(esm["EventSourceArn"]))
	}
	// The example's batch size and window; the buffer's defaults for the
	// rest: failed batches split and retried three times, records older than
	// 6 hours dropped to the failure queue, partial batch failures reported.
	want := map[string]string{
		"BatchSize":                      `25`,
		"MaximumBatchingWindowInSeconds": `2`,
		"BisectBatchOnFunctionError":     `true`,
		"MaximumRetryAttempts":           `3`,
		"MaximumRecordAgeInSeconds":      `21600`,
		"FunctionResponseTypes":          `["ReportBatchItemFailures"]`,
		"StartingPosition":               `"TRIM_HORIZON"`,
	}
	for field, w := range want {
		if got := js(esm[field]); got != w {
			t.Errorf("event source mapping %s = %s, want %s", field, got, w)
		}
	}
	// Records stay three days, for replaying what the failure queue names.
	if got := js(template.Resources("AWS::Kinesis::Stream")[bufferID]["Properties"].(map[string]any)["RetentionPeriodHours"]); got != `72` {
		t.Errorf("buffer stream RetentionPeriodHours = %s, want 72", got)
	}
}

// The rule fires for the KMS developer guide's records of the calls it
// watches, and not for EnableKey (testdata: copies of
// lambda/cloudtrail/testdata/samples, attribution in manifest.jsonl).
func TestKeyChangesFireTheRule(t *testing.T) {
	a := app(t)
	for _, name := range []string{"DisableKey__awsdocs-kms__1.json", "ScheduleKeyDeletion__awsdocs-kms__1.json"} {
		a.AssertFires(t, sample(t, name), "KeyChanges")
	}
	a.AssertNotFires(t, sample(t, "EnableKey__awsdocs-kms__1.json"), "KeyChanges")
}

func sample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
