package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/lambda/heartbeat"
	"github.com/trailbridge/trailbridge/stacks"
)

const heartbeatSample = "samples/events/ssm/PutParameter__synthesized__1.json"

// beat is the CloudTrail event of the heartbeat of region: the sample
// record of the call, made in region on region's parameter.
func beat(t *testing.T, region, parameter string) []byte {
	t.Helper()
	rec := corpus(t)[heartbeatSample]
	if rec == nil {
		t.Fatalf("no %s in the corpus", heartbeatSample)
	}
	r := map[string]any{}
	for k, v := range rec {
		r[k] = v
	}
	rp := map[string]any{}
	for k, v := range rec["requestParameters"].(map[string]any) {
		rp[k] = v
	}
	rp["name"] = parameter
	r["requestParameters"] = rp
	return inRegion(t, r, region)
}

// TestHeartbeatReachesItsRule routes each watched region's heartbeat
// through the synthesized app (ThreeRegions: home eu-west-1, us-west-2,
// ap-southeast-2): it fires its region's counting rule on the home bus,
// forwarded from the other regions, and no other home rule (no responder,
// no detection, no other region's count). Another PutParameter is not
// even forwarded.
func TestHeartbeatReachesItsRule(t *testing.T) {
	a := synthApp(t, "ThreeRegions")
	asm := simulated(t, a)
	for _, region := range []string{"eu-west-1", "us-west-2", "ap-southeast-2"} {
		res, err := asm.Route(beat(t, region, heartbeat.ParameterName("Trailbridge", region)))
		if err != nil {
			t.Fatal(err)
		}
		fired := res.Fired("Regions/" + region + "/Rule")
		if len(fired) != 1 {
			t.Errorf("%s: the heartbeat does not reach its rule: %+v", region, res.Matches)
			continue
		}
		if region != "eu-west-1" && !strings.Contains(fired[0].Hop, region) {
			t.Errorf("%s: reached by %q, want through the %s forwarder", region, fired[0].Hop, region)
		}
		for _, m := range res.Matches {
			if m.Stack != "Trailbridge-Heartbeat" && m.Stack != "Trailbridge-Forwarder-"+region {
				t.Errorf("%s: the heartbeat fires %s/%s", region, m.Stack, m.Path)
			}
		}
	}
	// Another parameter's write, and one region's heartbeat written in
	// another, go nowhere.
	for name, ev := range map[string][]byte{
		"another parameter":   beat(t, "us-west-2", "/app/db-password"),
		"another's parameter": beat(t, "us-west-2", heartbeat.ParameterName("Trailbridge", "ap-southeast-2")),
	} {
		res, err := asm.Route(ev)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Matches) != 0 {
			t.Errorf("%s fires %+v", name, res.Matches)
		}
	}
}

// TestHeartbeatRoleMayOnlyWriteItsParameter: in every forwarder stack of a
// watched region and in the heartbeat stack, the one SSM statement is
// ssm:PutParameter on the stack's one parameter, the region's heartbeat
// parameter; the function's other statements are its logs, traces and
// dead letters; its errors and throttles raise alarms on the region's
// operations topic.
func TestHeartbeatRoleMayOnlyWriteItsParameter(t *testing.T) {
	a := synthApp(t, "ThreeRegions")
	for stack, region := range map[string]string{"Trailbridge-Heartbeat": "eu-west-1", "Trailbridge-Forwarder-us-west-2": "us-west-2", "Trailbridge-Forwarder-ap-southeast-2": "ap-southeast-2"} {
		s := a.Stack(t, stack)
		params := s.Resources("AWS::SSM::Parameter")
		if len(params) != 1 {
			t.Fatalf("%s: %d parameters, want 1", stack, len(params))
		}
		var paramID string
		for id, r := range params {
			paramID = id
			if n := r["Properties"].(map[string]any)["Name"]; n != heartbeat.ParameterName("Trailbridge", region) {
				t.Errorf("%s: parameter named %v", stack, n)
			}
		}
		// Every statement of the heartbeat function's role.
		var ssm []string
		for id, r := range s.Resources("AWS::IAM::Policy") {
			if !strings.Contains(id, "Function") {
				continue // the forwarder's role
			}
			for _, st := range r["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
				m := st.(map[string]any)
				b, _ := json.Marshal(m)
				actions := m["Action"]
				if list, ok := actions.([]any); ok && len(list) == 1 {
					actions = list[0]
				}
				switch act, _ := actions.(string); {
				case strings.HasPrefix(act, "ssm:") || strings.Contains(string(b), `"ssm:`):
					ssm = append(ssm, string(b))
				case strings.Contains(string(b), `"*"`) && !strings.Contains(string(b), "xray:"):
					t.Errorf("%s: statement %s has a wildcard", stack, b)
				}
			}
		}
		want := `{"Action":"ssm:PutParameter","Effect":"Allow","Resource":{"Fn::Join":["",["arn:aws:ssm:` + region + `:111111111111:parameter",{"Ref":"` + paramID + `"}]]}}`
		if len(ssm) != 1 || ssm[0] != want {
			t.Errorf("%s: ssm statements %q\nwant exactly %s", stack, ssm, want)
		}
		// The function's errors are watched.
		alarmed := false
		for _, r := range s.Resources("AWS::CloudWatch::Alarm") {
			p := r["Properties"].(map[string]any)
			b, _ := json.Marshal(p)
			if p["MetricName"] == "Errors" && p["Namespace"] == "AWS/Lambda" && strings.Contains(string(b), "Function") && p["AlarmActions"] != nil {
				alarmed = true
			}
		}
		if !alarmed {
			t.Errorf("%s: no alarm with an action on the heartbeat function's errors", stack)
		}
	}
}

// TestHeartbeatAlarmTreatsMissingDataAsBreaching: one alarm per watched
// region on its rule's MatchedEvents, firing (and clearing) on the
// Response stack's operations topic after 45 minutes (3 periods of 15)
// without a heartbeat, missing data counting as none.
func TestHeartbeatAlarmTreatsMissingDataAsBreaching(t *testing.T) {
	s := synthApp(t, "ThreeRegions").Stack(t, "Trailbridge-Heartbeat")
	seen := map[string]bool{}
	for id, r := range s.Resources("AWS::CloudWatch::Alarm") {
		p := r["Properties"].(map[string]any)
		if p["MetricName"] != "MatchedEvents" {
			continue
		}
		desc, _ := p["AlarmDescription"].(string)
		for _, region := range []string{"eu-west-1", "us-west-2", "ap-southeast-2"} {
			if strings.Contains(desc, "no heartbeat from "+region+" ") {
				seen[region] = true
			}
		}
		if p["TreatMissingData"] != "breaching" || p["EvaluationPeriods"] != 3.0 || p["DatapointsToAlarm"] != 3.0 || p["Period"] != 900.0 ||
			p["ComparisonOperator"] != "LessThanThreshold" || p["Threshold"] != 1.0 || !strings.Contains(desc, "45 minutes") {
			t.Errorf("%s: %v", id, p)
		}
		acts, _ := json.Marshal(p["AlarmActions"])
		oks, _ := json.Marshal(p["OKActions"])
		if !strings.Contains(string(acts), "Trailbridge-Response") || !strings.Contains(string(acts), "Operations") || string(acts) != string(oks) {
			t.Errorf("%s: actions %s, OK actions %s; want the Response stack's operations topic", id, acts, oks)
		}
	}
	if len(seen) != 3 {
		t.Errorf("alarms for %v; want one per watched region", seen)
	}
}

// TestHeartbeatOff: health.heartbeat.enabled false deploys no heartbeat:
// no stack, no sender, nothing forwarded for it.
func TestHeartbeatOff(t *testing.T) {
	cfg, err := stacks.LoadConfig(map[string]any{config.ContextKey: map[string]any{
		"homeRegion": "eu-west-1", "account": cdktest.Account, "regions": []any{"us-west-2"},
		"health": map[string]any{"heartbeat": map[string]any{"enabled": false}},
	}}, config.Env{Region: "eu-west-1", Account: cdktest.Account})
	if err != nil {
		t.Fatal(err)
	}
	app := cdktest.NewApp(t, nil)
	out := stacks.App(app, cfg)
	if out.Heartbeat != nil {
		t.Error("a heartbeat stack with the heartbeat off")
	}
	for region, f := range out.Forwarders {
		if f.Heartbeat != nil {
			t.Errorf("%s: a heartbeat sender with the heartbeat off", region)
		}
		for _, r := range f.Forwarder.Rules() {
			for _, svc := range r.Spec().Services {
				if svc.Name == heartbeat.Service {
					t.Errorf("%s forwards %s with the heartbeat off", region, svc.Name)
				}
			}
		}
	}
}
