package main

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/trailbridgetest"
)

// TestMain turns the CDK's CloudFormation validator off and closes the jsii
// runtime once (see trailbridgetest.Main).
func TestMain(m *testing.M) { trailbridgetest.Main(m) }

// synth is the example's app, synthesized once for every test of the
// package with the context of the example's cdk.json (and construct paths
// recorded in the template, as `cdk synth` does, so that rules can be named
// by path: "AccessKeyCreated").
var synth = trailbridgetest.Once(&trailbridgetest.AppOptions{CDKJSON: "cdk.json"}, func(app awscdk.App) {
	newStack(app, "AccessKeys", jsii.String(trailbridgetest.Account), "security@example.com")
})

// createAccessKey is a CloudTrail record of an IAM user creating an access
// key for another user, as it appears in a CloudTrail log file (a bare
// record: simulate wraps it as CloudTrail delivers it to EventBridge).
const createAccessKey = `{
  "eventVersion": "1.09",
  "userIdentity": {
    "type": "IAMUser", "principalId": "AIDAEXAMPLE1", "accountId": "111111111111",
    "arn": "arn:aws:iam::111111111111:user/alice", "userName": "alice"
  },
  "eventTime": "2026-01-05T10:00:00Z",
  "eventSource": "iam.amazonaws.com",
  "eventName": "CreateAccessKey",
  "awsRegion": "us-east-1",
  "sourceIPAddress": "203.0.113.10",
  "userAgent": "aws-cli/2.15.0",
  "requestParameters": {"userName": "bob"},
  "responseElements": {"accessKey": {"userName": "bob", "accessKeyId": "AKIAEXAMPLE1", "status": "Active"}},
  "requestID": "5f2a0c1e-0000-4000-8000-000000000001",
  "eventID": "9d1b7a3c-0000-4000-8000-000000000001",
  "readOnly": false,
  "eventType": "AwsApiCall",
  "managementEvent": true,
  "recipientAccountId": "111111111111",
  "eventCategory": "Management"
}`

// record returns createAccessKey with the replacements applied.
func record(t *testing.T, oldNew ...string) []byte {
	t.Helper()
	s := strings.NewReplacer(oldNew...).Replace(createAccessKey)
	if s == createAccessKey {
		t.Fatal("the replacement changed nothing")
	}
	return []byte(s)
}

func TestNewAccessKeyAlerts(t *testing.T) {
	a := synth(t)
	a.AssertFires(t, []byte(createAccessKey), "AccessKeyCreated")
}

func TestFailedCallDoesNotAlert(t *testing.T) {
	a := synth(t)
	// Denied: nothing was created, and the rule drops failed calls.
	denied := record(t, `"eventCategory": "Management"`,
		`"eventCategory": "Management", "errorCode": "AccessDenied", "errorMessage": "User: alice is not authorized"`)
	a.AssertNotFires(t, denied, "AccessKeyCreated")
}

// assumedRole replaces the IAM user of createAccessKey with a session of the
// role with ARN role.
func assumedRole(t *testing.T, role, session string) []byte {
	t.Helper()
	name := role[strings.LastIndex(role, "/")+1:]
	return record(t, `"type": "IAMUser", "principalId": "AIDAEXAMPLE1", "accountId": "111111111111",
    "arn": "arn:aws:iam::111111111111:user/alice", "userName": "alice"`,
		`"type": "AssumedRole", "principalId": "AROAEXAMPLE1:`+session+`", "accountId": "111111111111",
    "arn": "arn:aws:sts::111111111111:assumed-role/`+name+`/`+session+`",
    "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLE1",
      "arn": "`+role+`", "accountId": "111111111111", "userName": "`+name+`"}}`)
}

func TestKeyRotationRoleDoesNotAlert(t *testing.T) {
	a := synth(t)
	a.AssertNotFires(t, assumedRole(t, KeyRotationRole, "rotation"), "AccessKeyCreated")
	// Any other role still alerts.
	a.AssertFires(t, assumedRole(t, "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef", "alice@example.com"), "AccessKeyCreated")
}

func TestOtherIAMCallsDoNotAlert(t *testing.T) {
	a := synth(t)
	for _, name := range []string{"DeleteAccessKey", "UpdateAccessKey", "CreateUser"} {
		a.AssertNotFires(t, record(t, `"eventName": "CreateAccessKey"`, `"eventName": "`+name+`"`), "AccessKeyCreated")
	}
}

// Route says why a rule does not fire: here, the first pattern field that
// rules the event out.
func TestRouteExplainsAMiss(t *testing.T) {
	a := synth(t)
	res, err := a.Simulation().Route(record(t, `"eventName": "CreateAccessKey"`, `"eventName": "DeleteAccessKey"`))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matches) != 0 || len(res.NotMatched) != 1 {
		t.Fatalf("matches %v, misses %v", res.Matches, res.NotMatched)
	}
	if reason := res.NotMatched[0].Reason; !strings.HasPrefix(reason, "pattern: detail.eventName") {
		t.Errorf("reason = %q, want the event name", reason)
	}
}
