package tests

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/constructs/forwarding"
	"github.com/trailbridge/trailbridge/eventpattern"
	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/stacks"
)

// memberTemplateOf reads the template the StackSet deploys: the file asset
// of the organization stack that its TemplateURL names (by the asset's
// hash, through the stack's asset manifest), as the CDK CLI uploads it.
func memberTemplateOf(t *testing.T, asmDir string, s *cdktest.Stack) (*cdktest.Stack, map[string]any) {
	t.Helper()
	ss := s.Props(t, "AWS::CloudFormation::StackSet")
	if _, inline := ss["TemplateBody"]; inline {
		t.Error("the StackSet has an inline TemplateBody; want only TemplateURL")
	}
	url, _ := json.Marshal(ss["TemplateURL"])
	m := regexp.MustCompile(`/([0-9a-f]{64})\.json"`).FindSubmatch(url)
	if m == nil || !strings.Contains(string(url), "https://s3.") {
		t.Fatalf("TemplateURL = %s, want the HTTPS URL of a file asset", url)
	}
	b, err := os.ReadFile(filepath.Join(asmDir, s.ID+".assets.json"))
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct {
		Files map[string]struct {
			Source struct{ Path, Packaging string }
		}
	}
	if err := json.Unmarshal(b, &manifest); err != nil {
		t.Fatal(err)
	}
	asset, ok := manifest.Files[string(m[1])]
	if !ok || asset.Source.Packaging != "file" {
		t.Fatalf("TemplateURL names asset %s, which %s.assets.json does not list as a file: %s", m[1], s.ID, b)
	}
	body, err := os.ReadFile(filepath.Join(asmDir, asset.Source.Path))
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(body); hex.EncodeToString(sum[:]) != string(m[1]) {
		t.Errorf("%s: its SHA-256 is not the asset hash %s", asset.Source.Path, m[1])
	}
	var member map[string]any
	if err := json.Unmarshal(body, &member); err != nil {
		t.Fatal(err)
	}
	return &cdktest.Stack{Template: member}, ss
}

// The StackSet deploys one template to every region of every member
// account; IAM names are global to an account, so the named roles and the
// MFA group must exist in one region only, and named IAM resources need
// CAPABILITY_NAMED_IAM.
func TestMemberTemplateCreatesAccountWideIAMInOneRegion(t *testing.T) {
	a := synthApp(t, "Everything")
	member, ss := memberTemplateOf(t, a.Dir, a.Stack(t, "Trailbridge-Organization"))
	if caps, _ := json.Marshal(ss["Capabilities"]); string(caps) != `["CAPABILITY_NAMED_IAM"]` {
		t.Errorf("Capabilities = %s, want [CAPABILITY_NAMED_IAM] (the member roles have names)", caps)
	}
	cond, _ := json.Marshal(member.Template["Conditions"])
	if want := `{"AccountWideRegion":{"Fn::Equals":[{"Ref":"AWS::Region"},"eu-west-1"]}}`; string(cond) != want {
		t.Errorf("Conditions = %s, want %s (the home region)", cond, want)
	}
	res := member.Template["Resources"].(map[string]any)
	named := 0
	for id, r := range res {
		r := r.(map[string]any)
		typ := r["Type"].(string)
		props, _ := r["Properties"].(map[string]any)
		_, hasRoleName := props["RoleName"]
		_, hasGroupName := props["GroupName"]
		global := hasRoleName || hasGroupName || (strings.HasPrefix(typ, "AWS::IAM::") && strings.Contains(id, "Member")) ||
			typ == "AWS::IAM::Group" || (typ == "AWS::IAM::Policy" && strings.HasPrefix(id, "MFAGroup"))
		if global {
			named++
			if r["Condition"] != "AccountWideRegion" {
				t.Errorf("%s (%s) has an account-wide name but no AccountWideRegion condition: every region after the first would fail to create it", id, typ)
			}
		} else if r["Condition"] != nil {
			t.Errorf("%s (%s) is regional but has condition %v", id, typ, r["Condition"])
		}
	}
	// 5 member roles with their policies, the MFA group and its policy.
	if named < 12 {
		t.Errorf("%d account-wide resources, want at least 12", named)
	}
}

func TestFitIAMName(t *testing.T) {
	long := strings.Repeat("A", 64)
	for _, tt := range []struct{ prefix, suffix, want string }{
		{"Trailbridge", "-OpenSecurityGroup-responder", "Trailbridge-OpenSecurityGroup-responder"},
		{strings.Repeat("A", 36), "-OpenSecurityGroup-responder", strings.Repeat("A", 36) + "-OpenSecurityGroup-responder"},
	} {
		if got := stacks.FitIAMName(tt.prefix, tt.suffix, 64); got != tt.want {
			t.Errorf("FitIAMName(%q, %q) = %q, want %q", tt.prefix, tt.suffix, got, tt.want)
		}
	}
	a := stacks.FitIAMName(long, "-OpenSecurityGroup-responder", 64)
	b := stacks.FitIAMName(long[:63]+"B", "-OpenSecurityGroup-responder", 64)
	if len(a) > 64 || len(b) > 64 || a == b || !strings.HasSuffix(a, "-OpenSecurityGroup-responder") {
		t.Errorf("long prefixes: %q (%d), %q (%d): want at most 64 characters, distinct, same suffix", a, len(a), b, len(b))
	}
	if a != stacks.FitIAMName(long, "-OpenSecurityGroup-responder", 64) {
		t.Error("FitIAMName is not deterministic")
	}
}

// longestStackPrefix is the longest stack prefix config allows.
var longestStackPrefix = "P" + strings.Repeat("x", 63)

// buildLongestStackPrefix adds the everything-on app with the longest
// stack prefix: the shared app "LongestStackPrefix".
func buildLongestStackPrefix(app awscdk.App) {
	raw, err := readObject("testdata/everything.json")
	if err != nil {
		panic(err)
	}
	raw["stackPrefix"] = longestStackPrefix
	cfg, err := config.Load(map[string]any{config.ContextKey: raw}, config.Env{Region: "us-east-1", Account: cdktest.Account}, stacks.Sections())
	if err != nil {
		panic(err)
	}
	stacks.App(app, cfg)
}

// The longest stack prefix config allows (64 characters) synthesizes in
// organization mode, every role name within IAM's 64, and each member role
// still trusts the responder role the response stack names.
func TestOrganizationModeLongestStackPrefix(t *testing.T) {
	prefix := longestStackPrefix
	asm := synthApp(t, "LongestStackPrefix")
	member, _ := memberTemplateOf(t, asm.Dir, asm.Stack(t, prefix+"-Organization"))
	response, _ := json.Marshal(asm.Stack(t, prefix+"-Response").Template)
	roles := 0
	for _, r := range member.Resources("AWS::IAM::Role") {
		p := r["Properties"].(map[string]any)
		name, _ := p["RoleName"].(string)
		if name == "" {
			continue
		}
		roles++
		if len(name) > stacks.MaxIAMRoleNameLength {
			t.Errorf("member role name %q has %d characters; IAM allows %d", name, len(name), stacks.MaxIAMRoleNameLength)
		}
		trust, _ := json.Marshal(p["AssumeRolePolicyDocument"])
		responder := strings.TrimSuffix(strings.Split(string(trust), ":role/")[1], `"}}],"Version":"2012-10-17"}`)
		if !strings.Contains(string(response), `"RoleName":"`+responder+`"`) {
			t.Errorf("member role %s trusts %s, which the response stack does not create", name, responder)
		}
		if !strings.Contains(string(response), ":iam::*:role/"+name+`"`) {
			t.Errorf("no home rule exempts member role %s", name)
		}
	}
	if roles != 5 {
		t.Errorf("%d named member roles, want 5", roles)
	}
}

// newLargeMemberOrganization adds the organization stack "Org" of the
// everything-on configuration with manyNeeds: the shared app
// "LargeMemberTemplate".
func newLargeMemberOrganization(app awscdk.App) *stacks.OrganizationStack {
	raw, err := readObject("testdata/everything.json")
	if err != nil {
		panic(err)
	}
	cfg, err := config.Load(map[string]any{config.ContextKey: raw}, config.Env{Region: "us-east-1", Account: cdktest.Account}, stacks.Sections())
	if err != nil {
		panic(err)
	}
	return stacks.NewOrganizationStack(app, "Org", &stacks.OrganizationStackProps{
		StackProps: awscdk.StackProps{Env: cdktest.Env(cfg.HomeRegion)}, Config: cfg, Needs: manyNeeds(),
	})
}

// Member accounts' dead-letter alarms reach the home operations topic: the
// member forwarder sends its alarms' state changes to the home bus, and a
// home rule passes those of other accounts to the operations topic.
func TestMemberAlarmsReachTheOperationsTopic(t *testing.T) {
	a := synthApp(t, "Everything")
	member, _ := memberTemplateOf(t, a.Dir, a.Stack(t, "Trailbridge-Organization"))
	alarms := member.Resources("AWS::CloudWatch::Alarm")
	if len(alarms) == 0 {
		t.Fatal("the member template has no alarms")
	}
	const alarmArn = "arn:aws:cloudwatch:us-west-2:222233334444:alarm:StackSet-Trailbridge-MemberForwarders-x-ForwarderMonitorQueuesDeadLetterQueueDepth-1"
	event := func(account string) []byte {
		b, _ := json.Marshal(map[string]any{
			"version": "0", "id": "1", "source": "aws.cloudwatch", "detail-type": "CloudWatch Alarm State Change",
			"account": account, "region": "us-west-2", "time": "2024-01-01T00:00:00Z",
			"resources": []any{alarmArn},
			"detail":    map[string]any{"alarmName": "x", "state": map[string]any{"value": "ALARM", "reason": "Threshold Crossed"}},
		})
		return b
	}
	// Member side: a rule that forwards every alarm of the template, and
	// only those, to the home bus.
	var forward map[string]any
	for id, r := range member.Resources("AWS::Events::Rule") {
		p := r["Properties"].(map[string]any)
		pat := p["EventPattern"].(map[string]any)
		if src, _ := json.Marshal(pat["source"]); string(src) != `["aws.cloudwatch"]` {
			continue
		}
		forward = p
		got := map[string]bool{}
		for _, ref := range pat["resources"].([]any) {
			ga := ref.(map[string]any)["Fn::GetAtt"].([]any)
			got[ga[0].(string)] = true
		}
		for alarm := range alarms {
			if !got[alarm] {
				t.Errorf("%s does not forward alarm %s", id, alarm)
			}
		}
		pat["resources"] = []any{alarmArn}
		matches(t, pat, event("222233334444"), true, "member forwarding rule")
	}
	if forward == nil {
		t.Fatal("the member template has no rule forwarding its alarms")
	}
	tgt, _ := json.Marshal(forward["Targets"])
	if !strings.Contains(string(tgt), `"Arn":"arn:aws:events:eu-west-1:111111111111:event-bus/default"`) || !strings.Contains(string(tgt), "DeadLetterConfig") {
		t.Errorf("alarm forwarding targets = %s, want the home bus with a dead-letter queue", tgt)
	}
	// Home side: the response stack's MemberAlarms rule sends them to the
	// operations topic, and leaves the home account's own alarms alone.
	home := a.Stack(t, "Trailbridge-Response")
	var relay map[string]any
	for _, r := range home.Resources("AWS::Events::Rule") {
		if md, _ := r["Metadata"].(map[string]any); md["aws:cdk:path"] == "Trailbridge-Response/MemberAlarms/Rule" {
			relay = r["Properties"].(map[string]any)
		}
	}
	if relay == nil {
		t.Fatal("no MemberAlarms/Rule in the response stack")
	}
	pat := relay["EventPattern"].(map[string]any)
	matches(t, pat, event("222233334444"), true, "home MemberAlarms rule, member alarm")
	matches(t, pat, event("111111111111"), false, "home MemberAlarms rule, home alarm")
	tgt, _ = json.Marshal(relay["Targets"])
	if !strings.Contains(string(tgt), `"Arn":{"Ref":"OperationsC48D56F6"}`) {
		t.Errorf("MemberAlarms targets = %s, want the operations topic", tgt)
	}
	if ev, _ := json.Marshal(forwarding.ForwardedAlarmPattern("111111111111")); !strings.Contains(string(ev), forwarding.AlarmDetailType) {
		t.Errorf("ForwardedAlarmPattern = %s", ev)
	}
}

func matches(t *testing.T, pattern map[string]any, event []byte, want bool, what string) {
	t.Helper()
	js, _ := json.Marshal(pattern)
	p, err := eventpattern.Compile(js)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	got, err := p.Match(event)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("%s: matches = %v, want %v\npattern %s\nevent %s", what, got, want, js, event)
	}
}

// manyNeeds are what a few hundred detections could need: per catalog
// service, 20 event names, with and without failed calls, and the root
// user's calls of every service.
func manyNeeds() []forwarding.Need {
	var needs []forwarding.Need
	for _, s := range catalog.All() {
		var names []string
		for i := range 20 {
			names = append(names, fmt.Sprintf("PutSomething%sNumber%02d", strings.ToUpper(s.Name[:1])+s.Name[1:], i))
		}
		needs = append(needs,
			forwarding.Need{Services: []catalog.Service{s}, EventNames: names},
			forwarding.Need{Services: []catalog.Service{s}, EventNames: names, IncludeFailed: true})
	}
	needs = append(needs, forwarding.Need{UserIdentityTypes: []string{"Root"}, IncludeFailed: true,
		DetailTypes: []string{catalog.DetailTypeAPICall, catalog.DetailTypeConsoleSignIn}})
	return forwarding.MergeNeeds(needs...)
}

// An organization whose needs make a member template past CloudFormation's
// 51,200-byte inline limit synthesizes (it used to panic): the template is a
// file asset, the StackSet's TemplateURL names it, and the same needs give
// the same asset (its hash, so the URL, is stable across synths).
func TestLargeMemberTemplateIsPublishedAsAnAsset(t *testing.T) {
	app := cdktest.NewApp(t, nil)
	var org *stacks.OrganizationStack
	needs := manyNeeds()
	cdktest.Try(t, func() { org = newLargeMemberOrganization(app) })
	asm := cdktest.Synth(t, app)
	member, ss := memberTemplateOf(t, asm.Dir, asm.Stack(t, "Org"))
	body, _ := json.Marshal(member.Template)
	if len(body) <= 51200 {
		t.Fatalf("the member template is %d bytes: the test needs more than 51,200", len(body))
	}
	if got := len(member.Resources("AWS::Events::Rule")); got != len(needs)+1 {
		t.Errorf("%d rules in the member template, want one per need (%d) and the alarm forwarder", got, len(needs))
	}
	if want, _ := json.Marshal(org.MemberTemplate); string(want) != string(body) {
		t.Error("OrganizationStack.MemberTemplate is not the published template")
	}
	if org.MemberTemplateFile == "" {
		t.Error("MemberTemplateFile is empty")
	}
	again := synthApp(t, "LargeMemberTemplate") // the same app, synthesized again (maybe in another process)
	_, ss2 := memberTemplateOf(t, again.Dir, again.Stack(t, "Org"))
	if a, b := jsonOf(ss["TemplateURL"]), jsonOf(ss2["TemplateURL"]); a != b {
		t.Errorf("the same needs gave TemplateURL %s, then %s", a, b)
	}
	t.Logf("member template: %d bytes, %d resources; TemplateURL %s", len(body), len(member.Template["Resources"].(map[string]any)), jsonOf(ss["TemplateURL"]))
}
