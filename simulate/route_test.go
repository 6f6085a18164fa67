package simulate

import (
	"slices"
	"strings"
	"testing"
)

const (
	home     = "TrailbridgeHome/"
	fwdEast1 = "TrailbridgeForwarderUsEast1/Forward"
	fwdWest2 = "TrailbridgeForwarderUsWest2/Forward"

	readOnlyReason = "state: event is read-only (readOnly=true) and the rule's state is ENABLED; set ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS to receive it"
)

func TestRoute(t *testing.T) {
	a := fixture(t)
	tests := []struct {
		name   string
		event  []byte
		fired  []string
		hops   map[string]string // path suffix -> Match.Hop
		why    map[string]string // path suffix -> the reason (exact)
		prefix map[string]string // path suffix -> the reason's beginning
		buses  []string
	}{{
		name:  "forwarded from us-east-1, pattern with a placeholder",
		event: sample(t, "kms/ScheduleKeyDeletion__awsdocs-kms__1.json", ""),
		fired: []string{fwdEast1, home + "KeyDeletion"},
		hops:  map[string]string{fwdEast1: "", home + "KeyDeletion": "forwarded from us-east-1 by TrailbridgeForwarderUsEast1/Forward/Resource"},
		why: map[string]string{
			home + "LegacyUserAlert": "state: DISABLED",
			home + "NightlyReport":   "scheduled rule (cron(0 3 * * ? *)): it runs on its schedule and never matches events",
			home + "IamAlert":        `pattern: source: value "aws.kms" not in ["aws.iam"]`,
			home + "KeyPolicyRead":   `pattern: detail.eventName: value "ScheduleKeyDeletion" not in ["GetKeyPolicy","DescribeKey"]`,
			fwdWest2:                 "region: rule is in us-west-2, event is from us-east-1 (no forwarder delivers it)",
			"IamInRegion":            "region: rule is in ap-southeast-2, event is from us-east-1 (no forwarder delivers it)",
			home + "PartnerEvents":   `bus: rule is on event bus "partner-bus"; in eu-west-1 the event reached only "default" (no rule forwards it to "partner-bus")`,
		},
		prefix: map[string]string{
			home + "AuditTrailChange": `bus: rule is on event bus "trailbridge-audit"; in eu-west-1 the event reached only "default" (no rule forwards it to "trailbridge-audit"); TrailbridgeHome/TrailToAudit/Resource forwards to eu-west-1/trailbridge-audit but does not fire: pattern: source:`,
		},
		buses: []string{"us-east-1/default", "eu-west-1/default"},
	}, {
		name:  "read-only, forwarded by an ENABLED_WITH_ALL forwarder",
		event: sample(t, "kms/GetKeyPolicy__awsdocs-kms__1.json", ""),
		fired: []string{fwdEast1, home + "ReadOnlyWatch"},
		hops:  map[string]string{home + "ReadOnlyWatch": "forwarded from us-east-1 by TrailbridgeForwarderUsEast1/Forward/Resource"},
		why: map[string]string{
			home + "KeyPolicyRead": readOnlyReason,
			// The pattern reason comes first; the state is not repeated.
			home + "IamAlert": `pattern: source: value "aws.kms" not in ["aws.iam"]`,
		},
	}, {
		name:  "read-only, blocked by an ENABLED forwarder",
		event: sample(t, "kms/DescribeKey__awsdocs-kms__1.json", ""),
		fired: []string{},
		why: map[string]string{
			fwdWest2: readOnlyReason,
			home + "ReadOnlyWatch": "region: rule is in eu-west-1, event is from us-west-2 (no forwarder delivers it); " +
				"TrailbridgeForwarderUsWest2/Forward/Resource forwards to eu-west-1/default but does not fire: " + readOnlyReason,
		},
		buses: []string{"us-west-2/default"},
	}, {
		name:  "read-only in the home region",
		event: sample(t, "kms/DescribeKey__awsdocs-kms__1.json", "eu-west-1"),
		fired: []string{home + "ReadOnlyWatch"},
		hops:  map[string]string{home + "ReadOnlyWatch": ""},
		why: map[string]string{
			home + "KeyPolicyRead": readOnlyReason,
			fwdWest2:               "region: rule is in us-west-2, event is from eu-west-1 (no forwarder delivers it)",
		},
		buses: []string{"eu-west-1/default"},
	}, {
		name:  "Fn::Join in a pattern value and in a forwarder's target",
		event: sample(t, "s3/PutBucketAcl__awsdocs-s3__1.json", ""),
		fired: []string{fwdWest2, home + "S3Acl"},
		hops:  map[string]string{home + "S3Acl": "forwarded from us-west-2 by TrailbridgeForwarderUsWest2/Forward/Resource"},
		why:   map[string]string{fwdEast1: "region: rule is in us-east-1, event is from us-west-2 (no forwarder delivers it)"},
	}, {
		name:  "forwarded to a custom bus in the same region",
		event: sample(t, "cloudtrail/UpdateTrail__awsdocs-cloudtrail__1.json", "eu-west-1"),
		fired: []string{home + "TrailToAudit", home + "AuditTrailChange"},
		hops:  map[string]string{home + "AuditTrailChange": "forwarded from eu-west-1 by TrailbridgeHome/TrailToAudit/Resource"},
		why: map[string]string{
			home + "PartnerEvents": `bus: rule is on event bus "partner-bus"; in eu-west-1 the event reached only "default", "trailbridge-audit" (no rule forwards it to "partner-bus")`,
		},
		buses: []string{"eu-west-1/default", "eu-west-1/trailbridge-audit"},
	}, {
		name:  "a region without forwarder",
		event: sample(t, "cloudtrail/UpdateTrail__awsdocs-cloudtrail__1.json", ""),
		fired: []string{},
		why: map[string]string{
			home + "TrailToAudit":     "region: rule is in eu-west-1, event is from us-east-2 (no forwarder delivers it)",
			home + "AuditTrailChange": "region: rule is in eu-west-1, event is from us-east-2 (no forwarder delivers it)",
			// Rules that never fire say so wherever they are.
			home + "LegacyUserAlert": "state: DISABLED",
			home + "NightlyReport":   "scheduled rule (cron(0 3 * * ? *)): it runs on its schedule and never matches events",
		},
		buses: []string{"us-east-2/default"},
	}, {
		name:  "console sign-in: a local rule and the forwarder",
		event: sample(t, "signin/ConsoleLogin__awsdocs-cloudtrail__1.json", "us-east-1"),
		fired: []string{"ConsoleSignIn", fwdEast1},
		why: map[string]string{
			home + "IamAlert": `pattern: source: value "aws.signin" not in ["aws.iam"]`,
		},
	}, {
		name:  "a record without eventType, forwarded",
		event: sample(t, "iam/CreateUser__awsdocs-cloudtrail__1.json", "us-east-1"),
		fired: []string{fwdEast1, home + "IamAlert"},
		why: map[string]string{
			home + "LegacyUserAlert": "state: DISABLED",
			"IamInRegion":            "region: rule is in ap-southeast-2, event is from us-east-1 (no forwarder delivers it)",
		},
	}, {
		name:  "Fn::Sub in a pattern, in a stage, account assumed",
		event: sample(t, "iam/CreateUser__awsdocs-cloudtrail__1.json", "ap-southeast-2"),
		fired: []string{"Staging/Watcher/IamInRegion"},
		why:   map[string]string{home + "IamAlert": "region: rule is in eu-west-1, event is from ap-southeast-2 (no forwarder delivers it)"},
	}, {
		name:  "an EventBridge event (service event)",
		event: readFile(t, "envelopes/s3/JobCreated__awsdocs-s3__1.json"),
		fired: []string{fwdEast1},
		why:   map[string]string{home + "S3Acl": `pattern: detail-type: value "AWS Service Event via CloudTrail" not in ["AWS API Call via CloudTrail"]`},
	}, {
		name:  "a custom event on the default bus never reaches a partner bus",
		event: []byte(`{"source":"aws.partner/example.com/123","detail-type":"Order","region":"eu-west-1","detail":{}}`),
		fired: []string{},
		why: map[string]string{
			home + "PartnerEvents": `bus: rule is on event bus "partner-bus"; in eu-west-1 the event reached only "default" (no rule forwards it to "partner-bus")`,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := route(t, a, tt.event)
			var fired []string
			for _, m := range res.Matches {
				fired = append(fired, m.Path)
			}
			if len(fired) != len(tt.fired) {
				t.Fatalf("fired %q, want %d rules %q", fired, len(tt.fired), tt.fired)
			}
			for i, s := range tt.fired {
				if !res.Matches[i].Rule.Is(s) {
					t.Errorf("fired[%d] = %s, want %s", i, fired[i], s)
				}
			}
			for s, want := range tt.hops {
				if got := match(t, res, s).Hop; got != want {
					t.Errorf("%s: Hop = %q, want %q", s, got, want)
				}
			}
			for s, want := range tt.why {
				if got := reason(t, res, s); got != want {
					t.Errorf("%s: reason =\n%s\nwant\n%s", s, got, want)
				}
			}
			for s, want := range tt.prefix {
				if got := reason(t, res, s); !strings.HasPrefix(got, want) {
					t.Errorf("%s: reason =\n%s\nwant prefix\n%s", s, got, want)
				}
			}
			if tt.buses != nil {
				equalStrings(t, "Buses", res.Buses, tt.buses)
			}
			if n := len(res.Matches) + len(res.NotMatched); n != len(a.Rules) {
				t.Errorf("%d matches + misses for %d rules", n, len(a.Rules))
			}
			// RulesFiring agrees with Route.
			ms, err := a.RulesFiring(tt.event)
			if err != nil {
				t.Fatal(err)
			}
			var fast []string
			for _, m := range ms {
				fast = append(fast, m.Path)
			}
			equalStrings(t, "RulesFiring", fast, fired)
		})
	}
}

func TestRouteMatchDetails(t *testing.T) {
	a := fixture(t)
	res := route(t, a, sample(t, "kms/ScheduleKeyDeletion__awsdocs-kms__1.json", ""))
	if res.EventID != "3c4226b0-1e81-48a8-a333-7fa5f3cbd118" || res.EventName != "ScheduleKeyDeletion" || res.Region != "us-east-1" ||
		res.Source != "aws.kms" || res.DetailType != "AWS API Call via CloudTrail" || res.ReadOnly {
		t.Errorf("result header: %+v", res)
	}
	fwd := match(t, res, fwdEast1)
	equalStrings(t, "Forwards", fwd.Forwards, []string{"eu-west-1/default"})
	if fwd.Stack != "Trailbridge-Forwarder-us-east-1" || fwd.Region != "us-east-1" || fwd.State != StateEnabledAllManagementEvents || fwd.Bus != "default" {
		t.Errorf("forwarder match: %+v", fwd)
	}
	m := match(t, res, "KeyDeletion")
	if m.Stack != "Trailbridge-Home" || m.Path != "TrailbridgeHome/KeyDeletion/Resource" || m.LogicalID != "KeyDeletion8A9B0C1D" ||
		m.Region != "eu-west-1" || m.State != StateEnabled || len(m.Targets) != 1 || m.Targets[0].ARN != "AWS::Lambda::Function:Responder5E6F7A8B" {
		t.Errorf("match: %+v", m)
	}
	equalStrings(t, "Unresolved", m.Unresolved, []string{"${Token:ResponderServiceRole1A2B3C4D.Arn}"})
	want := Hop{From: Bus{Region: "us-east-1", Name: "default"}, To: Bus{Region: "eu-west-1", Account: "111111111111", Name: "default"}, Path: "TrailbridgeForwarderUsEast1/Forward/Resource"}
	if len(m.Via) != 1 || m.Via[0] != want {
		t.Errorf("Via = %+v", m.Via)
	}

	// A multi-hop chain: us-west-2 -> eu-west-1 -> eu-west-1/trailbridge-audit.
	res = route(t, a, sample(t, "cloudtrail/UpdateTrail__awsdocs-cloudtrail__1.json", "us-west-2"))
	m = match(t, res, "AuditTrailChange")
	if m.Hop != "forwarded from us-west-2 by TrailbridgeForwarderUsWest2/Forward/Resource; forwarded from eu-west-1 by TrailbridgeHome/TrailToAudit/Resource" {
		t.Errorf("Hop = %q", m.Hop)
	}
	if m.Bus != "trailbridge-audit" || len(m.Via) != 2 {
		t.Errorf("match: %+v", m)
	}
}

func TestRouteLoop(t *testing.T) {
	a, err := LoadAssembly(loopDir)
	if err != nil {
		t.Fatal(err)
	}
	containsAll(t, "warnings", strings.Join(a.Warnings, "\n"),
		"LoopEu/ForwardBack/Resource: target Target0 delivers to event bus arn:aws:events:us-east-1:111111111111:event-bus/default in another region or account without a RoleArn; EventBridge requires one")
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		res := route(t, a, sample(t, "iam/EnableMFADevice__awsdocs-cloudtrail__1.json", region))
		want := []string{"LoopUs/ForwardHome", "LoopEu/Catch", "LoopEu/ForwardBack"}
		if region == "eu-west-1" {
			want = []string{"LoopEu/Catch", "LoopEu/ForwardBack", "LoopUs/ForwardHome"}
		}
		equalStrings(t, region+": fired", firedPaths(res), want)
		if len(res.Buses) != 2 {
			t.Errorf("%s: Buses = %q", region, res.Buses)
		}
		last := res.Matches[2]
		if len(last.Forwards) != 1 || !strings.HasSuffix(last.Forwards[0], "/default (already reached: not routed again)") {
			t.Errorf("%s: Forwards = %q", region, last.Forwards)
		}
	}
}

func TestRouteInputs(t *testing.T) {
	a := fixture(t)
	record := readFile(t, "events/kms/ScheduleKeyDeletion__awsdocs-kms__1.json")
	wrapped, err := WrapRecord(record)
	if err != nil {
		t.Fatal(err)
	}
	// A bare record is wrapped.
	r1, r2 := route(t, a, record), route(t, a, wrapped)
	equalStrings(t, "bare record", firedPaths(r1), firedPaths(r2))

	tests := []struct{ name, event, want string }{
		{"malformed", `{"region":`, "simulate: event: "},
		{"not an object", `[1]`, "simulate: event: "},
		{"no region", `{"source":"aws.iam","detail-type":"x","detail":{}}`, "simulate: event: no region: the region decides which rules see it"},
		{"log file", `{"Records":[]}`, "simulate: event: a CloudTrail log file, not an event: read it with Inputs"},
		{"record without region", `{"eventVersion":"1.08","eventSource":"iam.amazonaws.com"}`, "simulate: CloudTrail record: awsRegion missing"},
		{"bad JSON inside", `{"region":"eu-west-1","detail":{"a":tru}}`, "simulate: event: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.Route([]byte(tt.event))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %v, want prefix %q", err, tt.want)
			}
			if _, err2 := a.RulesFiring([]byte(tt.event)); err2 == nil {
				t.Error("RulesFiring: no error")
			}
		})
	}
}

func TestRouteReadOnlyForms(t *testing.T) {
	a := fixture(t)
	for _, tt := range []struct {
		readOnly string
		want     bool
	}{{"true", true}, {`"true"`, true}, {`"TRUE"`, true}, {"false", false}, {`"false"`, false}, {"null", false}, {"1", false}} {
		ev := `{"detail-type":"AWS API Call via CloudTrail","source":"aws.kms","region":"eu-west-1","detail":{"eventName":"DescribeKey","readOnly":` + tt.readOnly + `}}`
		res := route(t, a, []byte(ev))
		if res.ReadOnly != tt.want {
			t.Errorf("readOnly %s: ReadOnly = %v", tt.readOnly, res.ReadOnly)
		}
		fired := len(res.Fired("KeyPolicyRead")) == 1
		if fired == tt.want {
			t.Errorf("readOnly %s: KeyPolicyRead fired = %v", tt.readOnly, fired)
		}
	}
	// Only API calls: a read-only service event is delivered to ENABLED rules.
	ev := `{"detail-type":"AWS Service Event via CloudTrail","source":"aws.kms","region":"eu-west-1","detail":{"eventName":"DescribeKey","readOnly":true}}`
	if res := route(t, a, []byte(ev)); res.ReadOnly || len(res.Fired("KeyPolicyRead")) != 1 {
		t.Errorf("service event: ReadOnly %v, fired %v", res.ReadOnly, firedPaths(res))
	}
}

func TestRouteConcurrent(t *testing.T) {
	a := fixture(t)
	events := [][]byte{
		sample(t, "kms/ScheduleKeyDeletion__awsdocs-kms__1.json", ""),
		sample(t, "kms/GetKeyPolicy__awsdocs-kms__1.json", ""),
		sample(t, "cloudtrail/UpdateTrail__awsdocs-cloudtrail__1.json", "us-west-2"),
	}
	want := make([][]string, len(events))
	for i, e := range events {
		want[i] = firedPaths(route(t, a, e))
	}
	done := make(chan bool)
	for g := range 8 {
		go func() {
			ok := true
			for i := range 50 {
				e := (g + i) % len(events)
				res, err := a.Route(events[e])
				ok = ok && err == nil && slices.Equal(firedPaths(res), want[e])
			}
			done <- ok
		}()
	}
	for range 8 {
		if !<-done {
			t.Error("concurrent Route disagreed")
		}
	}
}

func TestRouteLooseHead(t *testing.T) {
	a := fixture(t)
	// Fields of unexpected types are informative only: routing goes on.
	res := route(t, a, []byte(`{"id":7,"source":"aws.iam","detail-type":"AWS API Call via CloudTrail","region":"us-east-1","detail":"text"}`))
	equalStrings(t, "fired", firedPaths(res), []string{fwdEast1})
	if res.EventID != "" || res.Source != "aws.iam" || res.DetailType != "AWS API Call via CloudTrail" {
		t.Errorf("header: %+v", res)
	}
	if _, err := a.Route([]byte(`{"region":5,"detail-type":"x"}`)); err == nil {
		t.Error("numeric region: no error")
	}
}
