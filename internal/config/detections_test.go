package config

import (
	"errors"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/detection"
)

func detections(v map[string]any) map[string]any { return section("detections", v) }

func custom(ds ...map[string]any) map[string]any {
	list := make([]any, len(ds))
	for i, d := range ds {
		list[i] = d
	}
	return detections(map[string]any{"custom": list})
}

// TestDetectionErrors: every bad detection setting fails with its field
// path, the bad value and what is allowed (with a suggestion where one
// helps), before anything is built.
func TestDetectionErrors(t *testing.T) {
	ok := func(extra map[string]any) map[string]any {
		d := map[string]any{"id": "d-1", "services": []any{"s3"}, "eventNames": []any{"PutBucketPolicy"}}
		for k, v := range extra {
			d[k] = v
		}
		return d
	}
	cases := []struct {
		name string
		ctx  map[string]any
		want string
	}{
		{"misspelled event name", custom(ok(map[string]any{"services": []any{"iam"}, "eventNames": []any{"CreateUsr"}})),
			`trailbridge.detections.custom[0].eventNames[0]: got "CreateUsr"; allowed: an operation of iam (CloudTrail event name); did you mean "CreateUser"`},
		{"unknown service", custom(ok(map[string]any{"services": []any{"s4"}})),
			`trailbridge.detections.custom[0].services[0]: got "s4"; allowed: a catalog service name; did you mean "s3"`},
		{"no services", custom(ok(map[string]any{"services": []any{}})),
			`trailbridge.detections.custom[0].services: got []; allowed: at least one catalog service`},
		{"duplicate id", custom(ok(nil), ok(nil)),
			`trailbridge.detections.custom[1].id: got "d-1"; allowed: an ID not already used (it is trailbridge.detections.custom[0])`},
		{"built-in id", custom(ok(map[string]any{"id": "root-sign-in"})),
			`trailbridge.detections.custom[0].id: got "root-sign-in"; allowed: an ID not already used (it is a built-in detection)`},
		{"bad id", custom(ok(map[string]any{"id": "d 1"})),
			`trailbridge.detections.custom[0].id: got "d 1"; allowed: letters, digits`},
		{"long id", custom(ok(map[string]any{"id": strings.Repeat("x", 41)})),
			`trailbridge.detections.custom[0].id: got "xxxx`},
		{"severity", custom(ok(map[string]any{"severity": "hihg"})),
			`trailbridge.detections.custom[0].severity: got "hihg"; allowed: one of ["low" "medium" "high" "critical"]; did you mean "high"`},
		{"unknown destination", custom(ok(map[string]any{"destinations": []any{"slack"}})),
			`trailbridge.detections.custom[0].destinations[0]: got "slack"; allowed: one of alerts`},
		{"detail type", custom(ok(map[string]any{"detailTypes": []any{"AWS API Call"}})),
			`trailbridge.detections.custom[0].detailTypes[0]: got "AWS API Call"; allowed: one of`},
		{"request parameter syntax", custom(ok(map[string]any{"requestParameters": map[string]any{"bucketName": []any{map[string]any{"prefx": "prod-"}}}})),
			`trailbridge.detections.custom[0]: got "d-1"; allowed: a detection whose event pattern EventBridge accepts`},
		{"title too long", custom(ok(map[string]any{"title": strings.Repeat("t", 101)})),
			`trailbridge.detections.custom[0].title: got "tttt`},
		{"cis controls while off", detections(map[string]any{"cis": map[string]any{"controls": map[string]any{"CloudWatch.1": "off"}}}),
			`trailbridge.detections.cis.controls: got`},
		{"webhook without https", detections(map[string]any{"destinations": map[string]any{"soc": map[string]any{"type": "webhook", "endpoint": "http://x", "secretArn": "arn:aws:secretsmanager:us-east-1:111111111111:secret:x"}}}),
			`trailbridge.detections.destinations.soc.endpoint: got "http://x"; allowed: an https:// URL`},
		{"destination type", detections(map[string]any{"destinations": map[string]any{"soc": map[string]any{"type": "queu"}}}),
			`trailbridge.detections.destinations.soc.type: got "queu"; allowed: "webhook", "queue" or "stream"; did you mean "queue"`},
		{"stream with webhook settings", detections(map[string]any{"destinations": map[string]any{"s": map[string]any{"type": "stream", "secretArn": "arn:aws:secretsmanager:us-east-1:111111111111:secret:x"}}}),
			`trailbridge.detections.destinations.s.secretArn: got "arn:aws:secretsmanager:us-east-1:111111111111:secret:x"; allowed: nothing for a stream destination (webhook settings)`},
		{"stream with a rate limit", detections(map[string]any{"destinations": map[string]any{"s": map[string]any{"type": "stream", "rateLimitPerSecond": 5}}}),
			`trailbridge.detections.destinations.s.rateLimitPerSecond: got 5; allowed: nothing for a stream destination (a webhook setting)`},
		{"stream partition key not a path", detections(map[string]any{"destinations": map[string]any{"s": map[string]any{"type": "stream", "partitionKeyPath": "detail.eventID"}}}),
			`trailbridge.detections.destinations.s.partitionKeyPath: got "detail.eventID"; allowed: a JSON path into the event starting with "$.", at most 256 characters (empty for $.detail.eventID)`},
		{"partition key on a queue", detections(map[string]any{"destinations": map[string]any{"q": map[string]any{"type": "queue", "partitionKeyPath": "$.detail.eventID"}}}),
			`trailbridge.detections.destinations.q.partitionKeyPath: got "$.detail.eventID"; allowed: nothing for a queue destination (a stream setting)`},
		{"partition key on a webhook", detections(map[string]any{"destinations": map[string]any{"w": map[string]any{"type": "webhook", "endpoint": "https://x", "secretArn": "arn:aws:secretsmanager:us-east-1:111111111111:secret:x", "partitionKeyPath": "$.id"}}}),
			`trailbridge.detections.destinations.w.partitionKeyPath: got "$.id"; allowed: nothing for a webhook destination (a stream setting)`},
		{"queue with webhook settings", detections(map[string]any{"destinations": map[string]any{"q": map[string]any{"type": "queue", "endpoint": "https://x"}}}),
			`trailbridge.detections.destinations.q.endpoint: got "https://x"; allowed: nothing for a queue destination`},
		{"reserved destination name", detections(map[string]any{"destinations": map[string]any{"alerts": map[string]any{"type": "queue"}}}),
			`trailbridge.detections.destinations.alerts: got unknown field "alerts"; allowed: a name of 1 to 40 letters`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(c.ctx, Env{}, nil)
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("error %v (%T), want config.Errors", err, err)
			}
			for _, e := range es {
				if strings.HasPrefix(e.Error(), c.want) {
					return
				}
			}
			t.Errorf("no problem starts with\n  %s\ngot:\n%v", c.want, err)
		})
	}
}

// TestCustomDetections: a custom detection from cdk.json becomes a
// detection with its defaults (title = ID, medium severity, the alert
// topic), and request parameters keep their JSON values (numbers, null).
func TestCustomDetections(t *testing.T) {
	_, err := Load(custom(map[string]any{
		"id": "public-bucket-policy", "services": []any{"s3"}, "eventNames": []any{"PutBucketPolicy"},
		"requestParameters": map[string]any{"bucketName": []any{map[string]any{"prefix": "prod-"}}, "x": []any{nil, 1.5}},
	}, map[string]any{
		"id": "iam-users", "title": "IAM user created", "severity": "high", "services": []any{"iam"}, "eventNames": []any{"CreateUser"},
		"destinations": []any{"alerts", "soc"},
	}, map[string]any{
		"id": "root-anything", "userIdentityTypes": []any{"Root"},
	}), Env{}, nil)
	if err == nil || !strings.Contains(err.Error(), `destinations[1]: got "soc"`) {
		t.Fatalf("want the undeclared destination refused, got %v", err)
	}
	cfg, err := Load(map[string]any{"trailbridge": map[string]any{
		"alerts": map[string]any{"rootSignIn": false, "signInWithoutMFA": false, "rootAccessKey": false, "deleteDBInstance": false},
		"detections": map[string]any{
			"destinations": map[string]any{"soc": map[string]any{"type": "queue"}},
			"custom": []any{
				map[string]any{"id": "public-bucket-policy", "services": []any{"s3"}, "eventNames": []any{"PutBucketPolicy"},
					"requestParameters": map[string]any{"bucketName": []any{map[string]any{"prefix": "prod-"}}, "x": []any{nil, 1.5}}},
				map[string]any{"id": "iam-users", "title": "IAM user created", "severity": "high", "services": []any{"iam"},
					"eventNames": []any{"CreateUser"}, "destinations": []any{"alerts", "soc"}},
				map[string]any{"id": "root-anything", "userIdentityTypes": []any{"Root"}},
			},
		},
	}}, Env{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ds := cfg.DetectionList()
	if len(ds) != 3 {
		t.Fatalf("got %d detections, want the 3 custom ones (built-in alerts are off)", len(ds))
	}
	d := ds[0]
	if d.Title != "public-bucket-policy" || d.Severity != detection.SeverityMedium || d.Source != detection.SourceCustom ||
		len(d.Destinations) != 1 || d.Destinations[0] != detection.DestinationAlerts {
		t.Errorf("defaults not applied: %+v", d)
	}
	if x := d.Match.RequestParameters["x"]; len(x) != 2 || x[0] != nil || x[1] != 1.5 {
		t.Errorf("request parameter values %#v, want [nil 1.5]", x)
	}
	if ds[1].Severity != detection.SeverityHigh || ds[1].Title != "IAM user created" || len(ds[1].Destinations) != 2 {
		t.Errorf("explicit settings lost: %+v", ds[1])
	}
	if _, err := ds[2].Pattern(); err != nil {
		t.Errorf("root-anything: %v", err)
	}
}

// TestBuiltinAlertsFollowTheirSwitches: trailbridge.alerts.* turn the
// built-in detections on and off, one each.
func TestBuiltinAlertsFollowTheirSwitches(t *testing.T) {
	cfg, err := Load(map[string]any{"trailbridge": map[string]any{"alerts": map[string]any{"rootSignIn": false}}}, Env{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range cfg.DetectionList() {
		ids = append(ids, d.ID)
	}
	if strings.Join(ids, ",") != "sign-in-without-mfa,root-access-key,delete-db-instance" {
		t.Errorf("detections %v", ids)
	}
	for _, b := range detection.Builtin() {
		if builtinSwitches[b.ID] == nil {
			t.Errorf("built-in detection %s has no trailbridge.alerts switch", b.ID)
		}
	}
}

// TestHealthErrors: the heartbeat and archive settings fail with their
// paths and what is allowed.
func TestHealthErrors(t *testing.T) {
	cases := []struct {
		name string
		ctx  map[string]any
		want string
	}{
		{"interval", section("health", map[string]any{"heartbeat": map[string]any{"intervalMinutes": 0}}),
			`trailbridge.health.heartbeat.intervalMinutes: got 0; allowed: 1 to 1440 minutes`},
		{"alarm too soon", section("health", map[string]any{"heartbeat": map[string]any{"intervalMinutes": 30}}),
			`trailbridge.health.heartbeat.alarmAfterMinutes: got 45; allowed: 60 to 1440 minutes`},
		{"settings while off", section("health", map[string]any{"heartbeat": map[string]any{"enabled": false, "intervalMinutes": 5}}),
			`trailbridge.health.heartbeat.intervalMinutes: got 5; allowed: its default (15) while heartbeat.enabled is false`},
		{"retention", section("health", map[string]any{"archive": map[string]any{"retentionDays": -1}}),
			`trailbridge.health.archive.retentionDays: got -1; allowed: 0 (no archive) to 3650 days`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(c.ctx, Env{}, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v\nwant a problem %s", err, c.want)
			}
		})
	}
}

// TestStreamDestination: a stream destination with or without a partition
// key path loads as written (the stacks apply the default).
func TestStreamDestination(t *testing.T) {
	cfg, err := Load(detections(map[string]any{"destinations": map[string]any{
		"siem":    map[string]any{"type": "stream"},
		"ordered": map[string]any{"type": "stream", "partitionKeyPath": "$.detail.userIdentity.arn"},
	}}), Env{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := cfg.Detections.Destinations
	if d["siem"].Type != "stream" || d["siem"].PartitionKeyPath != "" || d["ordered"].PartitionKeyPath != "$.detail.userIdentity.arn" {
		t.Errorf("destinations = %+v", d)
	}
}
