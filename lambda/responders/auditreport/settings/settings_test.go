package settings_test

import (
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/config/configtest"
	"github.com/trailbridge/trailbridge/lambda/responders/auditreport/settings"
)

// One row per message of the section's checks: each names the field, shows
// the value and says what is allowed.
func TestSettingsErrors(t *testing.T) {
	configtest.Errors(t, settings.Section, []configtest.Row{
		{Name: "audit event format", Settings: map[string]any{"events": []any{"CreateAccessKey"}},
			Want: `trailbridge.responders.auditReport.events[0]: got "CreateAccessKey"; allowed: "service:EventName"`},
		{Name: "audit event service", Settings: map[string]any{"events": []any{"iamm:CreateAccessKey"}},
			Want: `trailbridge.responders.auditReport.events[0]: got "iamm:CreateAccessKey"; allowed: a catalog service before the colon (unknown service "iamm"`},
		{Name: "audit event lower case", Settings: map[string]any{"events": []any{"iam:createAccessKey"}},
			Want: `trailbridge.responders.auditReport.events[0]: got "iam:createAccessKey"; allowed: a CloudTrail event name, which starts with a capital letter (did you mean "iam:CreateAccessKey"?)`},
		{Name: "audit event twice", Settings: map[string]any{"events": []any{"iam:CreateAccessKey", "kms:DisableKey", "iam:CreateAccessKey"}},
			Want: `trailbridge.responders.auditReport.events[2]: got "iam:CreateAccessKey"; allowed: each call once (events[0] has it already)`},
		{Name: "audit event not an operation", Settings: map[string]any{"events": []any{"iam:CreateUsr"}},
			Want: `trailbridge.responders.auditReport.events[0]: got "iam:CreateUsr"; allowed: an operation of iam (CloudTrail event name); did you mean "CreateUser"?`},
		{Name: "audit event renamed by CloudTrail", Settings: map[string]any{"events": []any{"s3:PutPublicAccessBlock"}},
			Want: `trailbridge.responders.auditReport.events[0]: got "s3:PutPublicAccessBlock"; allowed: an operation of s3 (CloudTrail event name); did you mean "PutBucketPublicAccessBlock" or "PutAccountPublicAccessBlock"?`},
		{Name: "audit event of a service alias", Settings: map[string]any{"events": []any{"elb:DeleteLoadBalancr"}},
			Want: `trailbridge.responders.auditReport.events[0]: got "elb:DeleteLoadBalancr"; allowed: an operation of elasticloadbalancing (CloudTrail event name); did you mean "DeleteLoadBalancer"`},
		{Name: "audit retention", Settings: map[string]any{"retentionDays": 0},
			Want: `trailbridge.responders.auditReport.retentionDays: got 0; allowed: 1 to 36500 days of Object Lock retention`},
	})
}

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
	if _, err := config.Load(ctx, config.Env{}, []config.Section{settings.Section}); err != nil && strings.Contains(err.Error(), "auditReport.events") {
		t.Errorf("valid CloudTrail event names refused:\n%v", err)
	}

	// Lower case and unknown services are the format checks' to report:
	// the operations check adds nothing.
	events = []any{"iam:createUser", "iamm:CreateUser", "iam:CreateUsr", "iam:CreateUsr"}
	ctx = map[string]any{"trailbridge": map[string]any{"responders": map[string]any{"auditReport": map[string]any{"events": events}}}}
	_, err := config.Load(ctx, config.Env{}, []config.Section{settings.Section})
	if err == nil {
		t.Fatal("no error")
	}
	for field, want := range map[string]int{"events[0]": 1, "events[1]": 1, "events[2]": 1, "events[3]": 2} {
		if got := strings.Count(err.Error(), "auditReport."+field+":"); got != want {
			t.Errorf("%s reported %d times, want %d:\n%v", field, got, want, err)
		}
	}
}
