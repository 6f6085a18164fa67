package tests

import (
	"encoding/json"
	"maps"
	"sort"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/constructs/forwarding"
	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/gates"
	"github.com/trailbridge/trailbridge/stacks"
)

// homePairs collects every (eventSource, eventName) the home rules of a stack
// watch, with read-only flags, from their synthesized patterns.
func patternPairs(t *testing.T, s *cdktest.Stack, onlyForwarders bool) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, r := range s.Resources("AWS::Events::Rule") {
		p := r["Properties"].(map[string]any)
		desc, _ := p["Description"].(string)
		if onlyForwarders != strings.Contains(desc, "forwards") || p["EventPattern"] == nil {
			continue
		}
		pat := p["EventPattern"].(map[string]any)
		detail, _ := pat["detail"].(map[string]any)
		sources, _ := detail["eventSource"].([]any)
		names, _ := detail["eventName"].([]any)
		for _, src := range sources {
			for _, n := range names {
				switch v := n.(type) {
				case string:
					out[src.(string)+" "+v] = true
				case map[string]any:
					out[src.(string)+" "+v["prefix"].(string)+"*"] = true
				}
			}
		}
	}
	return out
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestForwarderPatternsAreTheUnionOfTheHomeRulesNeeds(t *testing.T) {
	a := synthApp(t, "ThreeRegions")
	home := patternPairs(t, a.Stack(t, "Trailbridge-Response"), false)
	// The detections' rules are home rules too.
	maps.Copy(home, patternPairs(t, a.Stack(t, "Trailbridge-Detections"), false))
	// And the heartbeat's, which count each region's heartbeats.
	maps.Copy(home, patternPairs(t, a.Stack(t, "Trailbridge-Heartbeat"), false))
	var regional, global []string
	for _, k := range keys(home) {
		svc := strings.TrimSuffix(strings.Fields(k)[0], ".amazonaws.com")
		s, err := catalog.Lookup(svc)
		if err != nil {
			t.Fatal(err)
		}
		if s.GlobalOnly {
			global = append(global, k)
		} else {
			regional = append(regional, k)
		}
	}
	for _, region := range []string{"us-west-2", "ap-southeast-2"} {
		got := keys(patternPairs(t, a.Stack(t, "Trailbridge-Forwarder-"+region), true))
		if strings.Join(got, ",") != strings.Join(regional, ",") {
			t.Errorf("%s forwards\n  %v\nwant the home rules' regional needs\n  %v", region, got, regional)
		}
	}
	// Home is eu-west-1, so us-east-1 forwards exactly the global services' events.
	got := keys(patternPairs(t, a.Stack(t, "Trailbridge-Forwarder-us-east-1"), true))
	if len(global) == 0 || strings.Join(got, ",") != strings.Join(global, ",") {
		t.Errorf("us-east-1 forwards %v, want %v", got, global)
	}
	if _, ok := a.Stacks["Trailbridge-Forwarder-eu-west-1"]; ok {
		t.Error("the home region must not forward to itself")
	}
}

func TestForwarderRoleMayOnlyPutEventsOnTheHomeBus(t *testing.T) {
	s := synthApp(t, "ThreeRegions").Stack(t, "Trailbridge-Forwarder-us-west-2")
	if s.Environment != "aws://111111111111/us-west-2" {
		t.Errorf("environment = %s", s.Environment)
	}
	// The forwarder's role's policy (the region's heartbeat function has
	// its own: tests/heartbeat_test.go).
	var pol any
	for id, r := range s.Resources("AWS::IAM::Policy") {
		if strings.HasPrefix(id, "ForwarderRole") {
			pol = r["Properties"].(map[string]any)["PolicyDocument"]
		}
	}
	b, _ := json.Marshal(pol)
	if want := `{"Statement":[{"Action":"events:PutEvents","Effect":"Allow","Resource":"arn:aws:events:eu-west-1:111111111111:event-bus/default"}],"Version":"2012-10-17"}`; string(b) != want {
		t.Errorf("forwarder role policy = %s\nwant %s", b, want)
	}
	for id, r := range s.Resources("AWS::Events::Rule") {
		p := r["Properties"].(map[string]any)
		if p["ScheduleExpression"] != nil {
			continue // the heartbeat's schedule
		}
		for _, tg := range p["Targets"].([]any) {
			m := tg.(map[string]any)
			if m["Arn"] != "arn:aws:events:eu-west-1:111111111111:event-bus/default" || m["RoleArn"] == nil || m["DeadLetterConfig"] == nil || m["RetryPolicy"] == nil {
				t.Errorf("%s target = %v", id, m)
			}
		}
	}
}

func TestUsEast1ForwarderOnlyWhenNeeded(t *testing.T) {
	// Home us-east-1: global events are already there.
	if _, ok := synthApp(t, "Default").Stacks["Trailbridge-Forwarder-us-east-1"]; ok {
		t.Error("a us-east-1 home needs no us-east-1 forwarder")
	}
	// Home elsewhere, nothing global watched: no forwarder.
	cfg := stacks.DefaultConfig(config.Env{Region: "eu-west-1"})
	plan, err := stacks.PlanForwarding(cfg, nil)
	if err != nil || len(plan) != 0 {
		t.Errorf("plan with no needs = %v, %v", plan, err)
	}
	iam, _ := catalog.Lookup("iam")
	s3, _ := catalog.Lookup("s3")
	needs := []forwarding.Need{{Services: []catalog.Service{iam}, EventNames: []string{"CreateUser"}}, {Services: []catalog.Service{s3}, EventNames: []string{"PutBucketAcl"}}}
	plan, err = stacks.PlanForwarding(cfg, needs)
	if err != nil {
		t.Fatal(err)
	}
	if got := plan.Regions(); len(got) != 1 || got[0] != "us-east-1" || len(plan["us-east-1"]) != 1 || plan["us-east-1"][0].Services[0].Name != "iam" {
		t.Errorf("plan = %+v, want only the IAM need in us-east-1", plan)
	}
}

// A need of every service (a detection of the root user's activity) is
// forwarded from every watched region, and from an unwatched us-east-1 for
// the global-only services only (the others happen where they are
// watched); a need of a global and a regional service is split between
// us-east-1 and the other regions.
func TestPlanForwardingOfDetectionsOfEveryService(t *testing.T) {
	cfg, err := config.Load(map[string]any{"trailbridge": map[string]any{"homeRegion": "eu-west-1", "regions": []any{"us-west-2"}}}, config.Env{}, stacks.Sections())
	if err != nil {
		t.Fatal(err)
	}
	iam, _ := catalog.Lookup("iam")
	s3, _ := catalog.Lookup("s3")
	root := forwarding.Need{UserIdentityTypes: []string{"Root"}, IncludeFailed: true}
	mixed := forwarding.Need{Services: []catalog.Service{iam, s3}, EventNames: []string{"CreateUser", "PutBucketAcl"}}
	plan, err := stacks.PlanForwarding(cfg, []forwarding.Need{root, mixed})
	if err != nil {
		t.Fatal(err)
	}
	describe := func(needs []forwarding.Need) []string {
		var out []string
		for _, n := range needs {
			var svc []string
			for _, s := range n.Services {
				svc = append(svc, s.Name)
			}
			out = append(out, strings.Join(svc, ",")+"|"+strings.Join(n.UserIdentityTypes, ","))
		}
		sort.Strings(out)
		return out
	}
	var global []string
	for _, s := range catalog.All() {
		if s.GlobalOnly {
			global = append(global, s.Name)
		}
	}
	if got, want := strings.Join(plan.Regions(), ","), "us-east-1,us-west-2"; got != want {
		t.Fatalf("regions = %s, want %s", got, want)
	}
	if got, want := describe(plan["us-west-2"]), []string{"s3|", "|Root"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("us-west-2 forwards %q, want %q (every service's root calls, the regional half of the mixed need)", got, want)
	}
	if got, want := describe(plan["us-east-1"]), sorted([]string{strings.Join(global, ",") + "|Root", "iam|"}); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("unwatched us-east-1 forwards %q, want %q (only global-only services)", got, want)
	}
	// Watched us-east-1: every service's root calls, once.
	cfg.Regions = append(cfg.Regions, "us-east-1")
	plan, err = stacks.PlanForwarding(cfg, []forwarding.Need{root, mixed})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := describe(plan["us-east-1"]), []string{"iam|", "|Root", "s3|"}; strings.Join(sorted(got), " ") != strings.Join(sorted(want), " ") {
		t.Errorf("watched us-east-1 forwards %q, want %q", got, want)
	}
	// Excluded us-east-1: the root detection still fires for the watched
	// regions (no error); a named global event could never fire (error).
	cfg.Regions, cfg.ExcludedRegions = []string{"us-west-2"}, []string{"us-east-1"}
	plan, err = stacks.PlanForwarding(cfg, []forwarding.Need{root})
	if err != nil || strings.Join(plan.Regions(), ",") != "us-west-2" {
		t.Errorf("plan = %v, %v; want us-west-2 only", plan, err)
	}
	if _, err := stacks.PlanForwarding(cfg, []forwarding.Need{mixed}); err == nil || !strings.Contains(err.Error(), "iam CreateUser/PutBucketAcl") {
		t.Errorf("err = %v, want the IAM half named", err)
	}
}

func sorted(ss []string) []string {
	out := append([]string(nil), ss...)
	sort.Strings(out)
	return out
}

func TestGlobalEventWithNoForwardingPathIsAnError(t *testing.T) {
	cfg, err := config.Load(map[string]any{"trailbridge": map[string]any{"homeRegion": "eu-west-1", "excludedRegions": []any{"us-east-1"}}}, config.Env{}, stacks.Sections())
	if err != nil {
		t.Fatal(err)
	}
	iam, _ := catalog.Lookup("iam")
	_, err = stacks.PlanForwarding(cfg, []forwarding.Need{{Services: []catalog.Service{iam}, EventNames: []string{"CreateUser"}}})
	if err == nil || !strings.Contains(err.Error(), "iam CreateUser") || !strings.Contains(err.Error(), "could never fire") || !strings.Contains(err.Error(), "Remove us-east-1 from excludedRegions") {
		t.Errorf("error = %v", err)
	}
}

func TestForwardedEventsReachTheHomeRules(t *testing.T) {
	a := synthApp(t, "ThreeRegions")
	asm := simulated(t, a)
	recs := corpus(t)
	// An IAM user created anywhere is recorded in us-east-1 and forwarded home.
	res, err := asm.Route(inRegion(t, recs["samples/events/iam/CreateUser__awsdocs-cloudtrail__1.json"], "us-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Fired("MFAGroup/Rule/Resource")) != 1 {
		t.Errorf("CreateUser in us-east-1 does not reach the eu-west-1 MFA rule: %+v", res)
	}
	// A bucket ACL change in us-west-2 is forwarded to eu-west-1.
	res, err = asm.Route(inRegion(t, recs["samples/events/s3/PutBucketAcl__awsdocs-s3__1.json"], "us-west-2"))
	if err != nil {
		t.Fatal(err)
	}
	if m := res.Fired("PublicBucket/Rule/Resource"); len(m) != 1 || !strings.Contains(m[0].Hop, "us-west-2") {
		t.Errorf("PutBucketAcl in us-west-2 does not reach the home rule through the forwarder: %+v", res.Matches)
	}
	// A region that is not watched forwards nothing.
	res, _ = asm.Route(inRegion(t, recs["samples/events/s3/PutBucketAcl__awsdocs-s3__1.json"], "sa-east-1"))
	if len(res.Matches) != 0 {
		t.Errorf("an unwatched region's event fired %v", res.Matches)
	}
}

func TestOrganizationMode(t *testing.T) {
	a := synthApp(t, "Everything")
	s := a.Stack(t, "Trailbridge-Organization")
	ss := s.Props(t, "AWS::CloudFormation::StackSet")
	for k, want := range map[string]any{"PermissionModel": "SERVICE_MANAGED", "CallAs": "DELEGATED_ADMIN"} {
		if ss[k] != want {
			t.Errorf("%s = %v, want %v", k, ss[k], want)
		}
	}
	b, _ := json.Marshal(ss)
	for _, want := range []string{
		`"AutoDeployment":{"Enabled":true,"RetainStacksOnAccountRemoval":false}`,
		`"OperationPreferences":{"FailureTolerancePercentage":20,"MaxConcurrentPercentage":50,"RegionConcurrencyType":"PARALLEL"}`,
		`"OrganizationalUnitIds":["r-ab12"]`,
		`"Regions":["eu-west-1","eu-central-1","us-west-2","us-east-1"]`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("StackSet lacks %s:\n%s", want, b)
		}
	}
	pol, _ := json.Marshal(s.Props(t, "AWS::Events::EventBusPolicy"))
	if !strings.Contains(string(pol), `"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}`) || !strings.Contains(string(pol), `"Resource":"arn:aws:events:eu-west-1:111111111111:event-bus/default"`) {
		t.Errorf("bus policy = %s", pol)
	}
	// The member template is the forwarder construct, aimed at the home bus.
	memberStack, _ := memberTemplateOf(t, a.Dir, s)
	member := memberStack.Template
	cdktest.Golden(t, "Everything-MemberForwarder", member)
	mb, _ := json.Marshal(member)
	if !strings.Contains(string(mb), "arn:aws:events:eu-west-1:111111111111:event-bus/default") {
		t.Error("member forwarders do not target the home bus")
	}
	if strings.Contains(string(mb), "BootstrapVersion") {
		t.Error("the member template must not need CDK bootstrap resources")
	}
	for _, f := range gates.Check(member) {
		t.Errorf("member template: [%s] %s: %s", f.Gate, f.Resource, f.Message)
	}
	// Each acting responder has a member role trusted only by its own role
	// in the security account, with exactly its grants.
	roles := 0
	for _, r := range (&cdktest.Stack{Template: member}).Resources("AWS::IAM::Role") {
		p := r["Properties"].(map[string]any)
		name, _ := p["RoleName"].(string)
		if !strings.HasSuffix(name, "-member") {
			continue
		}
		roles++
		id := strings.TrimSuffix(strings.TrimPrefix(name, "Trailbridge-"), "-member")
		trust, _ := json.Marshal(p["AssumeRolePolicyDocument"])
		if want := `"Principal":{"AWS":"arn:aws:iam::111111111111:role/Trailbridge-` + id + `-responder"}`; !strings.Contains(string(trust), want) {
			t.Errorf("%s trust = %s, want %s", name, trust, want)
		}
	}
	if roles != 5 {
		t.Errorf("%d member roles, want one per acting responder (5)", roles)
	}
	central, _ := json.Marshal(a.Stack(t, "Trailbridge-Response").Template)
	if !strings.Contains(string(central), `"RoleName":"Trailbridge-PublicBucket-responder"`) || !strings.Contains(string(central), `"aws:ResourceOrgID":"o-a1b2c3d4e5"`) {
		t.Error("responder roles are not named for member trust, or may assume roles outside the organization")
	}
}
