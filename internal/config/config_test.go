package config

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// section is the app context that sets one field of the trailbridge
// configuration object, as cdk.json's "context" would.
func section(name string, v any) map[string]any {
	return map[string]any{"trailbridge": map[string]any{name: v}}
}

func TestDefaultsAreDeployable(t *testing.T) {
	c := Defaults(Env{}, nil)
	if c.HomeRegion != "us-east-1" || c.Account != "" || c.StackPrefix != "Trailbridge" {
		t.Errorf("defaults = %+v", c)
	}
	tr := c.Trail
	if !tr.Enabled || tr.Name != "trailbridge" || tr.ManagementEvents != "all" || !tr.CloudWatchLogs.Enabled || tr.CloudWatchLogs.RetentionDays != 365 {
		t.Errorf("trail defaults = %+v", tr)
	}
	if tr.Bucket.TransitionDays != 90 || tr.Bucket.ExpirationDays != 2557 || tr.DataEvents.Lambda.Mode != "none" {
		t.Errorf("bucket/data defaults = %+v %+v", tr.Bucket, tr.DataEvents)
	}
}

func TestEnvironmentDecidesRegionAndAccountUnlessConfigured(t *testing.T) {
	c, err := Load(nil, Env{Region: "eu-west-1", Account: "222222222222"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.HomeRegion != "eu-west-1" || c.Account != "222222222222" {
		t.Errorf("got %s/%s", c.HomeRegion, c.Account)
	}
	c, err = Load(map[string]any{"trailbridge": map[string]any{"homeRegion": "ap-southeast-2"}}, Env{Region: "eu-west-1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.HomeRegion != "ap-southeast-2" {
		t.Errorf("configured homeRegion lost: %s", c.HomeRegion)
	}
}

func TestObjectMergesOverDefaultsAndOverridesWin(t *testing.T) {
	ctx := map[string]any{
		"trailbridge": map[string]any{
			"trail": map[string]any{
				"name":           "org-audit",
				"cloudWatchLogs": map[string]any{"retentionDays": 90.0}, // jsii numbers arrive as float64
			},
		},
		"trailbridge.trail.cloudWatchLogs.retentionDays": "731", // -c values are strings
		"trailbridge.trail.insights.apiErrorRate":        "true",
		"trailbridge.trail.dataEvents.s3.buckets":        "payroll, shared/finance/",
		"trailbridge.tags":                               `{"team":"platform"}`,
		"trailbridge.trail.name":                         "123", // stays a string
		"unrelated":                                      "ignored",
	}
	c, err := Load(ctx, Env{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Trail.Name != "123" {
		t.Errorf("name = %q", c.Trail.Name)
	}
	if c.Trail.CloudWatchLogs.RetentionDays != 731 || !c.Trail.CloudWatchLogs.Enabled {
		t.Errorf("cloudWatchLogs = %+v", c.Trail.CloudWatchLogs)
	}
	if !c.Trail.Insights.APIErrorRate {
		t.Error("insights override lost")
	}
	if !reflect.DeepEqual(c.Trail.DataEvents.S3.Buckets, []string{"payroll", "shared/finance/"}) {
		t.Errorf("buckets = %q", c.Trail.DataEvents.S3.Buckets)
	}
	// A -c value replaces its field whole (the cdk.json object merges instead).
	if !reflect.DeepEqual(c.Tags, map[string]string{"team": "platform"}) {
		t.Errorf("tags = %v", c.Tags)
	}
	c, err = Load(map[string]any{"trailbridge": map[string]any{"tags": map[string]any{"team": "platform"}}}, Env{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Tags, map[string]string{"app": "trailbridge", "team": "platform"}) {
		t.Errorf("tags = %v (objects in cdk.json merge with the defaults)", c.Tags)
	}
}

func TestJSIIWrappedMapsAreUnwrapped(t *testing.T) {
	c, err := Load(map[string]any{"trailbridge": map[string]any{"$jsii.map": map[string]any{
		"trail": map[string]any{"$jsii.map": map[string]any{"name": "wrapped"}},
	}}}, Env{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Trail.Name != "wrapped" {
		t.Errorf("name = %q", c.Trail.Name)
	}
}

func TestWholeJSONStringValue(t *testing.T) {
	c, err := Load(map[string]any{"trailbridge": `{"stackPrefix":"Audit","trail":{"organization":true}}`}, Env{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.StackPrefix != "Audit" || !c.Trail.Organization {
		t.Errorf("got %+v", c)
	}
}

func TestEveryProblemIsReportedAtOnce(t *testing.T) {
	_, err := Load(map[string]any{"trailbridge": map[string]any{
		"homeRegion": "mars-1",
		"trail":      map[string]any{"name": "", "nmae": "x"},
	}}, Env{}, nil)
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("want Errors, got %v", err)
	}
	if len(es) != 3 {
		t.Errorf("want 3 problems, got %d:\n%v", len(es), err)
	}
	if !strings.HasPrefix(err.Error(), "invalid trailbridge configuration (3 problems):\n  - ") {
		t.Errorf("message = %q", err.Error())
	}
}

// One row per message: each names the field, shows the value and says what is allowed.
func TestConfigurationErrors(t *testing.T) {
	tb := func(v map[string]any) map[string]any { return map[string]any{"trailbridge": v} }
	trail := func(v map[string]any) map[string]any { return tb(map[string]any{"trail": v}) }
	cases := []struct {
		name string
		ctx  map[string]any
		want string
	}{
		{"unknown region", tb(map[string]any{"homeRegion": "us-east-3"}),
			`trailbridge.homeRegion: got "us-east-3"; allowed: an AWS region such as us-east-1; did you mean "us-east-1" or "us-east-2"`},
		{"bad account", tb(map[string]any{"account": "1234"}),
			`trailbridge.account: got "1234"; allowed: a 12-digit AWS account ID`},
		{"unknown field with hint", tb(map[string]any{"homeRegoin": "eu-west-1"}),
			`trailbridge.homeRegoin: got unknown field "homeRegoin"; allowed: one of homeRegion, account, stackPrefix, tags, trail, responders, exemptions, alerts, operations, delivery, regions, excludedRegions, organization, detections, health, tracing; did you mean "homeRegion"?`},
		{"unknown nested field", trail(map[string]any{"retention": 5}),
			`trailbridge.trail.retention: got unknown field "retention"; allowed: one of enabled, name,`},
		{"wrong type string", trail(map[string]any{"name": 5}),
			`trailbridge.trail.name: got 5; allowed: a string`},
		{"wrong type bool", trail(map[string]any{"enabled": "yes"}),
			`trailbridge.trail.enabled: got "yes"; allowed: true or false`},
		{"wrong type int from -c", map[string]any{"trailbridge.trail.cloudWatchLogs.retentionDays": "a year"},
			`trailbridge.trail.cloudWatchLogs.retentionDays: got "a year"; allowed: an integer`},
		{"fraction", trail(map[string]any{"bucket": map[string]any{"transitionDays": 1.5}}),
			`trailbridge.trail.bucket.transitionDays: got 1.5; allowed: an integer`},
		{"not an object", tb(map[string]any{"trail": "on"}),
			`trailbridge.trail: got "on"; allowed: an object with fields enabled, name,`},
		{"null", trail(map[string]any{"name": nil}),
			`trailbridge.trail.name: got null; allowed: a value (string); remove the field to keep its default`},
		{"invalid JSON string", map[string]any{"trailbridge": "{trail:"},
			`trailbridge: got "{trail:"; allowed: a JSON object (`},
		{"empty trail name", trail(map[string]any{"name": ""}),
			`trailbridge.trail.name: got ""; allowed: 3 to 128 letters`},
		{"trail name adjacent punctuation", trail(map[string]any{"name": "my-_trail"}),
			`trailbridge.trail.name: got "my-_trail"; allowed: 3 to 128 letters`},
		{"retention not allowed", trail(map[string]any{"cloudWatchLogs": map[string]any{"retentionDays": 100}}),
			`trailbridge.trail.cloudWatchLogs.retentionDays: got 100; allowed: one of CloudWatch Logs' retention values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,`},
		{"management events", trail(map[string]any{"managementEvents": "write"}),
			`trailbridge.trail.managementEvents: got "write"; allowed: one of "all", "readOnly", "writeOnly", "none"`},
		{"bad bucket name", trail(map[string]any{"existingBucketName": "My_Bucket"}),
			`trailbridge.trail.existingBucketName: got "My_Bucket"; allowed: an S3 bucket name`},
		{"bad key arn", trail(map[string]any{"existingKeyArn": "alias/trail"}),
			`trailbridge.trail.existingKeyArn: got "alias/trail"; allowed: a KMS key or alias ARN`},
		{"storage class", trail(map[string]any{"bucket": map[string]any{"transitionStorageClass": "GLACIER_FLEXIBLE"}}),
			`trailbridge.trail.bucket.transitionStorageClass: got "GLACIER_FLEXIBLE"; allowed: one of STANDARD_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE; did you mean "GLACIER"`},
		{"standard-ia too early", trail(map[string]any{"bucket": map[string]any{"transitionStorageClass": "STANDARD_IA", "transitionDays": 10}}),
			`trailbridge.trail.bucket.transitionDays: got 10; allowed: at least 30 days before a transition to STANDARD_IA`},
		{"expiry before transition", trail(map[string]any{"bucket": map[string]any{"expirationDays": 60}}),
			`trailbridge.trail.bucket.expirationDays: got 60; allowed: more days than transitionDays (90), or 0 for never`},
		{"negative days", trail(map[string]any{"bucket": map[string]any{"transitionDays": -1}}),
			`trailbridge.trail.bucket.transitionDays: got -1; allowed: 0 (never) or a positive number of days`},
		{"noncurrent", trail(map[string]any{"bucket": map[string]any{"noncurrentVersionExpirationDays": 0}}),
			`trailbridge.trail.bucket.noncurrentVersionExpirationDays: got 0; allowed: a positive number of days`},
		{"s3 all and buckets", trail(map[string]any{"dataEvents": map[string]any{"s3": map[string]any{"all": true, "buckets": []any{"a-bucket"}}}}),
			`trailbridge.trail.dataEvents.s3.buckets: got ["a-bucket"]; allowed: an empty list when dataEvents.s3.all is true`},
		{"s3 bad bucket", trail(map[string]any{"dataEvents": map[string]any{"s3": map[string]any{"buckets": []any{"ok-bucket", "Bad Bucket/x"}}}}),
			`trailbridge.trail.dataEvents.s3.buckets[1]: got "Bad Bucket/x"; allowed: "bucket" or "bucket/prefix" with a valid S3 bucket name`},
		{"s3 duplicate", trail(map[string]any{"dataEvents": map[string]any{"s3": map[string]any{"buckets": []any{"ok-bucket", "ok-bucket"}}}}),
			`trailbridge.trail.dataEvents.s3.buckets[1]: got "ok-bucket"; allowed: each bucket or prefix once`},
		{"s3 readWrite", trail(map[string]any{"dataEvents": map[string]any{"s3": map[string]any{"readWrite": "write"}}}),
			`trailbridge.trail.dataEvents.s3.readWrite: got "write"; allowed: one of "all", "readOnly", "writeOnly"`},
		{"lambda mode", trail(map[string]any{"dataEvents": map[string]any{"lambda": map[string]any{"mode": "some"}}}),
			`trailbridge.trail.dataEvents.lambda.mode: got "some"; allowed: one of "none", "all", "listed"`},
		{"lambda listed without arns", trail(map[string]any{"dataEvents": map[string]any{"lambda": map[string]any{"mode": "listed"}}}),
			`trailbridge.trail.dataEvents.lambda.functionArns: got []; allowed: at least one function ARN when dataEvents.lambda.mode is "listed"`},
		{"lambda arns without listed", trail(map[string]any{"dataEvents": map[string]any{"lambda": map[string]any{"mode": "all", "functionArns": []any{"arn:aws:lambda:us-east-1:111111111111:function:f"}}}}),
			`trailbridge.trail.dataEvents.lambda.functionArns: got ["arn:aws:lambda:us-east-1:111111111111:function:f"]; allowed: an empty list unless dataEvents.lambda.mode is "listed" (it is "all")`},
		{"lambda bad arn", trail(map[string]any{"dataEvents": map[string]any{"lambda": map[string]any{"mode": "listed", "functionArns": []any{"my-function"}}}}),
			`trailbridge.trail.dataEvents.lambda.functionArns[0]: got "my-function"; allowed: a Lambda function ARN`},
		{"too many condition values", trail(map[string]any{"dataEvents": map[string]any{"s3": map[string]any{"buckets": manyBuckets(499)}}}),
			`trailbridge.trail.dataEvents: got "502 condition values"; allowed: at most 500 condition values`},
		{"trail logs nothing", trail(map[string]any{"managementEvents": "none"}),
			`trailbridge.trail.managementEvents: got "none"; allowed: "all", "readOnly" or "writeOnly" unless data events are selected (the trail would log nothing)`},
		{"insights without management events", trail(map[string]any{"managementEvents": "none", "insights": map[string]any{"apiErrorRate": true}, "dataEvents": map[string]any{"s3": map[string]any{"all": true}}}),
			`trailbridge.trail.insights: got {"apiCallRate":false,"apiErrorRate":true}; allowed: no Insights when managementEvents is "none"`},
		{"call rate insights on read-only trail", trail(map[string]any{"managementEvents": "readOnly", "insights": map[string]any{"apiCallRate": true}}),
			`trailbridge.trail.insights.apiCallRate: got true; allowed: false when managementEvents is "readOnly"`},
		{"disabled with options", trail(map[string]any{"enabled": false, "organization": true}),
			`trailbridge.trail.organization: got true; allowed: its default (false) while trail.enabled is false: no trail is created, so the setting does nothing`},
		{"disabled with insights", tb(map[string]any{"trail": map[string]any{"enabled": false, "insights": map[string]any{"apiErrorRate": true}}}),
			`trailbridge.trail.insights.apiErrorRate: got true; allowed: its default (false) while trail.enabled is false`},
		{"disabled with key", trail(map[string]any{"enabled": false, "existingKeyArn": "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"}),
			`trailbridge.trail.existingKeyArn: got "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"; allowed: its default ("") while trail.enabled is false`},
		{"disabled with data events", trail(map[string]any{"enabled": false, "dataEvents": map[string]any{"s3": map[string]any{"buckets": []any{"payroll"}}}}),
			`trailbridge.trail.dataEvents.s3.buckets: got ["payroll"]; allowed: its default ([]) while trail.enabled is false`},
		{"alias key with log group", trail(map[string]any{"existingKeyArn": "arn:aws:kms:us-east-1:111111111111:alias/trail"}),
			`trailbridge.trail.existingKeyArn: got "arn:aws:kms:us-east-1:111111111111:alias/trail"; allowed: a key ARN (arn:...:key/ID), not an alias ARN, while trail.cloudWatchLogs.enabled is true`},
		{"context key near miss", map[string]any{"trailBridge": map[string]any{"homeRegion": "eu-west-1"}},
			`trailBridge: got unknown field "trailBridge"; allowed: the context key "trailbridge" (context keys are case-sensitive); did you mean "trailbridge"?`},
		{"context override near miss", map[string]any{"trail-bridge.trail.name": "x"},
			`trail-bridge.trail.name: got unknown field "trail-bridge.trail.name"; allowed: the context key "trailbridge" (context keys are case-sensitive); did you mean "trailbridge.trail.name"?`},
		{"configuration null", map[string]any{"trailbridge": nil},
			`trailbridge: got null; allowed: a JSON object; remove the key to use the defaults`},
		{"alert email in angle brackets", tb(map[string]any{"alerts": map[string]any{"emails": []any{"<secops@example.com>"}}}),
			`trailbridge.alerts.emails[0]: got "<secops@example.com>"; allowed: a plain e-mail address`},
		{"alert email with no-break space", tb(map[string]any{"alerts": map[string]any{"emails": []any{"secops@example.com\u00a0"}}}),
			`trailbridge.alerts.emails[0]: got "secops@example.com\u00a0"; allowed: a plain e-mail address`},
		{"subscription email display name", tb(map[string]any{"alerts": map[string]any{"subscriptions": []any{map[string]any{"protocol": "email-json", "endpoint": "Sec Ops <secops@example.com>"}}}}),
			`trailbridge.alerts.subscriptions[0].endpoint: got "Sec Ops <secops@example.com>"; allowed: an e-mail address`},
		{"operations email in angle brackets", tb(map[string]any{"operations": map[string]any{"emails": []any{"<ops@example.com>"}}}),
			`trailbridge.operations.emails[0]: got "<ops@example.com>"; allowed: a plain e-mail address`},
		{"duplicate alert endpoint", tb(map[string]any{"alerts": map[string]any{"emails": []any{"secops@example.com"}, "subscriptions": []any{map[string]any{"protocol": "email-json", "endpoint": "secops@example.com"}}}}),
			`trailbridge.alerts.subscriptions[0].endpoint: got "secops@example.com"; allowed: each endpoint once per topic (trailbridge.alerts.emails[0] has it already)`},
		{"duplicate operations email", tb(map[string]any{"operations": map[string]any{"emails": []any{"ops@example.com", "ops@example.com"}}}),
			`trailbridge.operations.emails[1]: got "ops@example.com"; allowed: each endpoint once per topic (trailbridge.operations.emails[0] has it already)`},
		{"lambda subscription with an SQS ARN", tb(map[string]any{"alerts": map[string]any{"subscriptions": []any{map[string]any{"protocol": "lambda", "endpoint": "arn:aws:sqs:us-east-1:111111111111:alerts"}}}}),
			`trailbridge.alerts.subscriptions[0].endpoint: got "arn:aws:sqs:us-east-1:111111111111:alerts"; allowed: a Lambda function ARN`},
		{"sqs subscription with a Lambda ARN", tb(map[string]any{"alerts": map[string]any{"subscriptions": []any{map[string]any{"protocol": "sqs", "endpoint": "arn:aws:lambda:us-east-1:111111111111:function:f"}}}}),
			`trailbridge.alerts.subscriptions[0].endpoint: got "arn:aws:lambda:us-east-1:111111111111:function:f"; allowed: an SQS queue ARN`},
		{"https subscription without host", tb(map[string]any{"alerts": map[string]any{"subscriptions": []any{map[string]any{"protocol": "https", "endpoint": "https:///hook"}}}}),
			`trailbridge.alerts.subscriptions[0].endpoint: got "https:///hook"; allowed: an https:// URL with a host`},
		{"https subscription with credentials", tb(map[string]any{"alerts": map[string]any{"subscriptions": []any{map[string]any{"protocol": "https", "endpoint": "https://user:pw@hooks.example.com/x"}}}}),
			`trailbridge.alerts.subscriptions[0].endpoint: got "https://user:pw@hooks.example.com/x"; allowed: an https:// URL with a host, without credentials`},
		{"organization region excluded", tb(map[string]any{"excludedRegions": []any{"eu-west-1"}, "organization": map[string]any{"regions": []any{"us-east-1", "eu-west-1"}}}),
			`trailbridge.organization.regions[1]: got "eu-west-1"; allowed: a region that excludedRegions does not also list`},
		{"overflowing integer from -c", map[string]any{"trailbridge.delivery.retryAttempts": "1e400"},
			`trailbridge.delivery.retryAttempts: got 1e400; allowed: an integer`},
		{"stack prefix", tb(map[string]any{"stackPrefix": "1-trail"}),
			`trailbridge.stackPrefix: got "1-trail"; allowed: 1 to 64 letters, digits and '-', starting with a letter`},
		{"reserved tag", tb(map[string]any{"tags": map[string]any{"aws:owner": "me"}}),
			`trailbridge.tags.aws:owner: got "aws:owner"; allowed: tag keys that do not start with "aws:"`},
		{"bad list from -c", map[string]any{"trailbridge.trail.dataEvents.s3.buckets": "[oops"},
			`trailbridge.trail.dataEvents.s3.buckets: got "[oops"; allowed: a list (list of string)`},
		{"exempt principal", tb(map[string]any{"exemptions": map[string]any{"principals": []any{"BreakGlass"}}}),
			`trailbridge.exemptions.principals[0]: got "BreakGlass"; allowed: an ARN pattern starting with "arn:"`},
		{"exempt tag", tb(map[string]any{"exemptions": map[string]any{"tag": "exempt"}}),
			`trailbridge.exemptions.tag: got "exempt"; allowed: key=value`},
		{"alert email", tb(map[string]any{"alerts": map[string]any{"emails": []any{"secops.example.com"}}}),
			`trailbridge.alerts.emails[0]: got "secops.example.com"; allowed: an e-mail address`},
		{"alert protocol", tb(map[string]any{"alerts": map[string]any{"subscriptions": []any{map[string]any{"protocol": "slack", "endpoint": "x"}}}}),
			`trailbridge.alerts.subscriptions[0].protocol: got "slack"; allowed: one of email, email-json, https, sms, sqs, lambda`},
		{"alert https", tb(map[string]any{"alerts": map[string]any{"subscriptions": []any{map[string]any{"protocol": "https", "endpoint": "http://hooks.example.com"}}}}),
			`trailbridge.alerts.subscriptions[0].endpoint: got "http://hooks.example.com"; allowed: an https:// URL`},
		{"alert sms", tb(map[string]any{"alerts": map[string]any{"subscriptions": []any{map[string]any{"protocol": "sms", "endpoint": "555-0123"}}}}),
			`trailbridge.alerts.subscriptions[0].endpoint: got "555-0123"; allowed: a phone number in E.164 form`},
		{"operations email", tb(map[string]any{"operations": map[string]any{"emails": []any{"@ops"}}}),
			`trailbridge.operations.emails[0]: got "@ops"; allowed: an e-mail address`},
		{"delivery age", tb(map[string]any{"delivery": map[string]any{"maxEventAgeSeconds": 10}}),
			`trailbridge.delivery.maxEventAgeSeconds: got 10; allowed: 60 to 86400 seconds`},
		{"delivery retries", tb(map[string]any{"delivery": map[string]any{"retryAttempts": 200}}),
			`trailbridge.delivery.retryAttempts: got 200; allowed: 0 to 185`},
		{"tracing mode", tb(map[string]any{"tracing": "on"}),
			`trailbridge.tracing: got "on"; allowed: one of Active, PassThrough, Disabled`},
		{"unknown watched region", tb(map[string]any{"regions": []any{"eu-west-1", "eu-wset-2"}}),
			`trailbridge.regions[1]: got "eu-wset-2"; allowed: an AWS region such as eu-west-1; did you mean "eu-west-2"`},
		{"duplicate watched region", tb(map[string]any{"regions": []any{"eu-west-1", "eu-west-1"}}),
			`trailbridge.regions[1]: got "eu-west-1"; allowed: each region once`},
		{"home region excluded", tb(map[string]any{"excludedRegions": []any{"us-east-1"}}),
			`trailbridge.excludedRegions: got ["us-east-1"]; allowed: regions other than the home region us-east-1`},
		{"region both watched and excluded", tb(map[string]any{"homeRegion": "eu-west-1", "regions": []any{"us-west-2"}, "excludedRegions": []any{"us-west-2"}}),
			`trailbridge.regions[0]: got "us-west-2"; allowed: a region that excludedRegions does not also list`},
		{"organization id", tb(map[string]any{"account": "111111111111", "organization": map[string]any{"enabled": true, "id": "org-1", "organizationalUnitIds": []any{"r-ab12"}}}),
			`trailbridge.organization.id: got "org-1"; allowed: an organization ID such as o-a1b2c3d4e5`},
		{"organization without OUs", tb(map[string]any{"account": "111111111111", "organization": map[string]any{"enabled": true, "id": "o-a1b2c3d4e5"}}),
			`trailbridge.organization.organizationalUnitIds: got []; allowed: at least one OU ID`},
		{"organization bad OU", tb(map[string]any{"account": "111111111111", "organization": map[string]any{"enabled": true, "id": "o-a1b2c3d4e5", "organizationalUnitIds": []any{"Security"}}}),
			`trailbridge.organization.organizationalUnitIds[0]: got "Security"; allowed: an OU ID (ou-xxxx-xxxxxxxx) or a root ID (r-xxxx)`},
		{"organization concurrency", tb(map[string]any{"account": "111111111111", "organization": map[string]any{"enabled": true, "id": "o-a1b2c3d4e5", "organizationalUnitIds": []any{"r-ab12"}, "maxConcurrentPercentage": 0}}),
			`trailbridge.organization.maxConcurrentPercentage: got 0; allowed: 1 to 100`},
		{"organization without account", tb(map[string]any{"organization": map[string]any{"enabled": true, "id": "o-a1b2c3d4e5", "organizationalUnitIds": []any{"r-ab12"}}}),
			`trailbridge.account: got ""; allowed: the security account's 12-digit ID in organization mode`},
		{"empty path segment", map[string]any{"trailbridge..name": "x"},
			`trailbridge..name: got "x"; allowed: a dotted path of field names`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(c.ctx, Env{}, nil)
			if err == nil {
				t.Fatalf("no error; want %q", c.want)
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("error is %T, want config.Errors", err)
			}
			found := false
			for _, e := range es {
				if strings.HasPrefix(e.Error(), c.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("no problem starts with\n  %s\ngot:\n%v", c.want, err)
			}
		})
	}
}

func manyBuckets(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = "bucket-" + strings.Repeat("x", 3) + "-" + itoa(i)
	}
	return out
}

func itoa(i int) string {
	const d = "0123456789"
	if i < 10 {
		return d[i : i+1]
	}
	return itoa(i/10) + d[i%10:i%10+1]
}

func TestUndecodableValueIsReportedOnce(t *testing.T) {
	for _, ctx := range []map[string]any{
		{"trailbridge": map[string]any{"trail": nil}},
		{"trailbridge": map[string]any{"trail": map[string]any{"cloudWatchLogs": map[string]any{"retentionDays": "1e400"}}}},
		{"trailbridge.trail.cloudWatchLogs.retentionDays": "1e400"},
		{"trailbridge": map[string]any{"regions": []any{"eu-west-1", 5}}},
	} {
		_, err := Load(ctx, Env{}, nil)
		var es Errors
		if !errors.As(err, &es) || len(es) != 1 {
			t.Errorf("%v: want exactly one problem, got %v", ctx, err)
		}
	}
}

func TestCDKJSONNumberOutOfRangeNamesItsPath(t *testing.T) {
	path := t.TempDir() + "/cdk.json"
	doc := `{"app": "go run .", "context": {"trailbridge": {"delivery": {"retryAttempts": 1e400}, "regions": ["eu-west-1"]}, "x": [1, 2e999]}}`
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadCDKJSON(path)
	var es Errors
	if !errors.As(err, &es) || len(es) != 2 {
		t.Fatalf("want 2 problems, got %v", err)
	}
	if got := es[0].Error(); !strings.HasPrefix(got, "trailbridge.delivery.retryAttempts: got 1e400; allowed: a number within the range of a 64-bit float") {
		t.Errorf("first problem = %s", got)
	}
	if es[1].Field != "x[1]" {
		t.Errorf("second problem = %s", es[1])
	}
	// Numbers in range still arrive as float64, as through the jsii runtime.
	if err := os.WriteFile(path, []byte(`{"context": {"trailbridge": {"delivery": {"retryAttempts": 3}}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, err := ReadCDKJSON(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(ctx, Env{}, nil)
	if err != nil || c.Delivery.RetryAttempts != 3 {
		t.Errorf("retryAttempts = %v, %v", c, err)
	}
}

func TestChecksRunWithTheBuiltInValidation(t *testing.T) {
	check := func(c *Config) Errors {
		return Errors{{Field: "trailbridge.stackPrefix", Value: c.StackPrefix, Allowed: "something else"}}
	}
	_, err := Load(map[string]any{"trailbridge": map[string]any{"homeRegion": "mars-1"}}, Env{}, nil, check)
	var es Errors
	if !errors.As(err, &es) || len(es) != 2 {
		t.Fatalf("want the built-in problem and the check's, got %v", err)
	}
}
