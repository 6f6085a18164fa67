package config

import (
	"strings"
	"testing"
)

// TestAuditEventNamesCloudTrailRecordsAreAccepted: the names CloudTrail
// records where they differ from the API (renamed, versioned, no API model)
// pass the operations check, and each problem is reported once, by the check
// that owns it.
func TestAuditEventNamesCloudTrailRecordsAreAccepted(t *testing.T) {
	events := []any{
		"s3:PutBucketPublicAccessBlock", "lambda:CreateFunction20150331",
		"lambda:UpdateFunctionConfiguration20150331v2", "signin:ConsoleLogin",
		"elb:DeleteLoadBalancer", "kms:ScheduleKeyDeletion",
	}
	ctx := map[string]any{"trailbridge": map[string]any{"responders": map[string]any{"auditReport": map[string]any{"events": events}}}}
	if _, err := Load(ctx, Env{}); err != nil && strings.Contains(err.Error(), "auditReport.events") {
		t.Errorf("valid CloudTrail event names refused:\n%v", err)
	}

	// Lower case and unknown services are the format checks' to report:
	// the operations check adds nothing.
	events = []any{"iam:createUser", "iamm:CreateUser", "iam:CreateUsr", "iam:CreateUsr"}
	ctx = map[string]any{"trailbridge": map[string]any{"responders": map[string]any{"auditReport": map[string]any{"events": events}}}}
	_, err := Load(ctx, Env{})
	if err == nil {
		t.Fatal("no error")
	}
	for field, want := range map[string]int{"events[0]": 1, "events[1]": 1, "events[2]": 1, "events[3]": 2} {
		if got := strings.Count(err.Error(), "auditReport."+field+":"); got != want {
			t.Errorf("%s reported %d times, want %d:\n%v", field, got, want, err)
		}
	}
}
