package contract

import (
	"strings"
	"testing"
)

func TestFormats(t *testing.T) {
	long := strings.Repeat("a", 129)
	cases := []struct {
		name  string
		check func(string) string
		in    string
		ok    bool
	}{
		{"account", Account, "111111111111", true},
		{"account short", Account, "1111", false},
		{"role arn", RoleARN, "arn:aws:iam::111111111111:role/path/fn", true},
		{"role arn gov", RoleARN, "arn:aws-us-gov:iam::111111111111:role/fn", true},
		{"session arn", RoleARN, "arn:aws:sts::111111111111:assumed-role/fn/x", false},
		{"role name", RoleName, "trailbridge-PublicBucket-member", true},
		{"role name path", RoleName, "path/name", false},
		{"group", GroupName, "trailbridge-mfa-required", true},
		{"group spaces", GroupName, "no spaces allowed", false},
		{"trail name", TrailName, "org.audit-trail_1", true},
		{"trail name short", TrailName, "ab", false},
		{"trail name adjacent", TrailName, "my-_trail", false},
		{"trail name ip", TrailName, "192.168.5.4", false},
		{"trail name plain", TrailName, "trailbridge", true},
		{"trail name double dash", TrailName, "my--trail", false},
		{"trail name leading dash", TrailName, "-trail", false},
		{"trail", Trail, "trailbridge", true},
		{"trail arn", Trail, "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail", true},
		// The reported defect: the name part of an ARN obeys the name rules.
		{"trail arn short name", Trail, "arn:aws:cloudtrail:us-east-1:111111111111:trail/x", false},
		{"trail arn adjacent", Trail, "arn:aws:cloudtrail:us-east-1:111111111111:trail/a--b", false},
		{"trail arn bad account", Trail, "arn:aws:cloudtrail:us-east-1:111:trail/trailbridge", false},
		{"trail other arn", Trail, "arn:aws:s3:::bucket", false},
		{"tag key", TagKey, "trailbridge:owner", true},
		{"tag key reserved", TagKey, "AWS:owner", false},
		{"tag key char", TagKey, "owner#1", false},
		{"tag key empty", TagKey, "", false},
		{"tag key long", TagKey, long, false},
		{"tag", Tag, DefaultExemptTag, true},
		{"tag empty value", Tag, "exempt=", true},
		{"tag no value", Tag, "exempt", false},
		{"tag no key", Tag, "=true", false},
		{"port", Port, "22", true},
		{"port zero", Port, "0", false},
		{"port big", Port, "65536", false},
		{"port name", Port, "ssh", false},
		{"principal", PrincipalPattern, "arn:aws:iam::*:role/BreakGlass*", true},
		{"principal name", PrincipalPattern, "BreakGlass", false},
		{"principal comma", PrincipalPattern, "arn:a,arn:b", false},
	}
	for _, c := range cases {
		if got := c.check(c.in); (got == "") != c.ok {
			t.Errorf("%s: %q -> %q, want ok=%v", c.name, c.in, got, c.ok)
		}
	}
}

func TestParseMode(t *testing.T) {
	for _, m := range Modes {
		if got, err := ParseMode(string(m)); err != nil || got != m {
			t.Errorf("ParseMode(%q) = %q, %v", m, got, err)
		}
	}
	if _, err := ParseMode("dryrun"); err == nil || !strings.Contains(err.Error(), "off, alert, dry-run, remediate") {
		t.Errorf("ParseMode(dryrun) = %v", err)
	}
	if !ModeRemediate.Acts() || ModeDryRun.Acts() {
		t.Error("only remediate acts")
	}
}

func TestPartitionKeyPath(t *testing.T) {
	for in, ok := range map[string]bool{
		DefaultPartitionKeyPath:                 true,
		"$.detail.requestParameters.bucketName": true,
		"detail.eventID":                        false,
		"$.":                                    false,
		"$." + strings.Repeat("a", MaxPartitionKeyPath-1): false,
		"$." + strings.Repeat("a", MaxPartitionKeyPath-2): true,
	} {
		if got := PartitionKeyPath(in); (got == "") != ok {
			t.Errorf("PartitionKeyPath(%q) = %q, want ok=%v", in, got, ok)
		}
	}
}

// TestWebhook: the webhook rules both the configuration and the construct
// apply; "https://%zz" used to pass the configuration (a prefix check) and
// then fail the construct's URL check at synth.
func TestWebhook(t *testing.T) {
	for s, ok := range map[string]bool{"https://hooks.example.com/x": true, "http://hooks.example.com": false, "https://": false, "https://%zz": false, "": false} {
		if got := WebhookEndpoint(s) == ""; got != ok {
			t.Errorf("WebhookEndpoint(%q) accepted = %v, want %v", s, got, ok)
		}
	}
	for s, ok := range map[string]bool{"arn:aws:secretsmanager:eu-west-1:111111111111:secret:x": true, "arn:aws:ssm:eu-west-1:111111111111:parameter/x": false, "": false} {
		if got := SecretARN(s) == ""; got != ok {
			t.Errorf("SecretARN(%q) accepted = %v, want %v", s, got, ok)
		}
	}
	for n, ok := range map[int]bool{0: true, 1: true, 300: true, 301: false, -1: false} {
		if got := WebhookRate(n) == ""; got != ok {
			t.Errorf("WebhookRate(%d) accepted = %v, want %v", n, got, ok)
		}
	}
}
