package forwarding_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/constructs/forwarding"
	"github.com/trailbridge/trailbridge/eventpattern"
	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/pattern"
	"github.com/trailbridge/trailbridge/simulate"
)

const homeBus = "arn:aws:events:eu-west-1:111111111111:event-bus/default"

// detectionSpecs are home patterns of the kinds detections have: of every
// service (the CIS root-activity and unauthorized-call controls), of every
// event of a service, and of named events with conditions.
func detectionSpecs(t *testing.T) map[string]pattern.Spec {
	t.Helper()
	iam, err := catalog.Lookup("iam")
	if err != nil {
		t.Fatal(err)
	}
	return map[string]pattern.Spec{
		"root activity": {
			DetailTypes:       []string{catalog.DetailTypeAPICall, catalog.DetailTypeConsoleSignIn},
			UserIdentityTypes: []string{"Root"}, IncludeFailed: true,
			Extra: map[string]any{"detail": map[string]any{"userIdentity": map[string]any{"invokedBy": []any{map[string]any{"exists": false}}}}},
		},
		"unauthorized calls": {
			IncludeFailed: true,
			Extra: map[string]any{"detail": map[string]any{"errorCode": []any{
				map[string]any{"suffix": "UnauthorizedOperation"}, map[string]any{"prefix": "AccessDenied"}}}},
		},
		"every IAM call of the root user": {Services: []catalog.Service{iam}, UserIdentityTypes: []string{"Root"}},
		"named IAM calls of IAM users": {
			Services: []catalog.Service{iam}, EventNames: []string{"CreateUser", "CreateAccessKey", "EnableMFADevice"},
			UserIdentityTypes: []string{"IAMUser"},
		},
	}
}

// corpusEvents are the shared CloudTrail corpus's records as EventBridge
// events, each also as the root user's call, as a failed call
// (AccessDenied) and as an EC2-style unauthorized call, so that every
// detection above has events it catches and events it must not.
func corpusEvents(t *testing.T) map[string][]byte {
	t.Helper()
	dir := filepath.Join(cdktest.RepoRoot(), "lambda", "cloudtrail", "testdata", "samples", "events")
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus under %s (%v)", dir, err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var rec map[string]any
		if json.Unmarshal(b, &rec) != nil {
			continue
		}
		if d, ok := rec["detail"].(map[string]any); ok {
			rec = d
		}
		name := filepath.Base(filepath.Dir(f)) + "/" + filepath.Base(f)
		variants := map[string]func(map[string]any){
			"":              func(map[string]any) {},
			"+root":         func(r map[string]any) { ui, _ := r["userIdentity"].(map[string]any); ui["type"] = "Root" },
			"+AccessDenied": func(r map[string]any) { r["errorCode"] = "AccessDenied" },
			"+Unauthorized": func(r map[string]any) { r["errorCode"] = "Client.UnauthorizedOperation" },
			"+root+invokedBy": func(r map[string]any) {
				ui, _ := r["userIdentity"].(map[string]any)
				ui["type"], ui["invokedBy"] = "Root", "cloudformation.amazonaws.com"
			},
			"+NoSuchEntity": func(r map[string]any) { r["errorCode"] = "NoSuchEntity" },
			"+root+AccessDenied": func(r map[string]any) {
				ui, _ := r["userIdentity"].(map[string]any)
				ui["type"], r["errorCode"] = "Root", "AccessDenied"
			},
			"+iamuser+AccessDeny": func(r map[string]any) {
				ui, _ := r["userIdentity"].(map[string]any)
				ui["type"], r["errorCode"] = "IAMUser", "AccessDenied"
			},
		}
		for suffix, change := range variants {
			var v map[string]any
			_ = json.Unmarshal(mustJSON(t, rec), &v)
			if _, ok := v["userIdentity"].(map[string]any); !ok {
				v["userIdentity"] = map[string]any{}
			}
			change(v)
			ev, err := simulate.WrapRecord(mustJSON(t, v))
			if err != nil {
				continue // a record EventBridge has no detail type for
			}
			out[name+suffix] = ev
		}
	}
	return out
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func compile(t *testing.T, p map[string]any) *eventpattern.Pattern {
	t.Helper()
	c, err := eventpattern.Compile(mustJSON(t, p))
	if err != nil {
		t.Fatalf("%s: %v", mustJSON(t, p), err)
	}
	return c
}

func matchAll(t *testing.T, p *eventpattern.Pattern, events map[string][]byte) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for name, ev := range events {
		ok, err := p.Match(ev)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ok {
			out[name] = true
		}
	}
	return out
}

// The forwarder rule built from a detection's spec (NeedOfSpec) matches
// every corpus event the home pattern matches, so forwarding never drops an
// event the home rule would catch; for the detections of every service (or
// every event of a service) it matches nothing more, so a root-activity
// detection does not forward every event of every service.
func TestForwarderOfADetectionMatchesWhatTheHomeRuleCatches(t *testing.T) {
	events := corpusEvents(t)
	app := cdktest.NewApp(t, nil)
	stack := awscdk.NewStack(app, jsii.String("Forwarder-us-west-2"), &awscdk.StackProps{Env: cdktest.Env("us-west-2")})
	specs := detectionSpecs(t)
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range specs {
			if !yield(k) {
				return
			}
		}
	})
	var needs []forwarding.Need
	for _, name := range names {
		needs = append(needs, forwarding.NeedOfSpec(specs[name], false))
	}
	needs = forwarding.MergeNeeds(needs...)
	if len(needs) != len(specs) {
		t.Fatalf("%d needs for %d detections that select differently: %+v", len(needs), len(specs), needs)
	}
	fwd := forwarding.NewForwarder(stack, "Forwarder", &forwarding.ForwarderProps{Needs: needs, HomeBusARN: homeBus})
	var forwarded []map[string]bool
	for _, r := range fwd.Rules() {
		forwarded = append(forwarded, matchAll(t, compile(t, r.Pattern()), events))
	}
	for _, name := range names {
		spec := specs[name]
		home, err := pattern.Build(spec)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		caught := matchAll(t, compile(t, home), events)
		if len(caught) == 0 {
			t.Fatalf("%s: the home pattern catches no corpus event: the test would prove nothing", name)
		}
		// The rule of this detection's need: the need it merges with.
		var rule map[string]bool
		for i, n := range needs {
			if len(forwarding.MergeNeeds(n, forwarding.NeedOfSpec(spec, false))) == 1 {
				rule = forwarded[i]
			}
		}
		if rule == nil {
			t.Fatalf("%s: no forwarder rule for its need", name)
		}
		for ev := range caught {
			if !rule[ev] {
				t.Errorf("%s: the home rule catches %s, which the forwarder drops", name, ev)
			}
		}
		exact := len(spec.Services) == 0 || len(spec.EventNames) == 0
		for ev := range rule {
			if exact && !caught[ev] {
				t.Errorf("%s: the forwarder carries %s, which the home rule does not catch", name, ev)
			}
		}
		t.Logf("%s: home catches %d of %d corpus events, the forwarder carries %d", name, len(caught), len(events), len(rule))
	}
}

// The forwarder rule of the root-activity detection is the narrow pattern
// the home rule has (every service, both detail types, the root user
// only), not every event of every service; and it does not match an IAM
// user's call.
func TestRootActivityForwarderPattern(t *testing.T) {
	app := cdktest.NewApp(t, nil)
	stack := awscdk.NewStack(app, jsii.String("Forwarder-ap-southeast-2"), &awscdk.StackProps{Env: cdktest.Env("ap-southeast-2")})
	need := forwarding.NeedOfSpec(detectionSpecs(t)["root activity"], false)
	fwd := forwarding.NewForwarder(stack, "Forwarder", &forwarding.ForwarderProps{Needs: []forwarding.Need{need}, HomeBusARN: homeBus})
	r := fwd.Rules()[0]
	want := `{"detail":{"userIdentity":{"invokedBy":[{"exists":false}],"type":["Root"]}},"detail-type":["AWS API Call via CloudTrail","AWS Console Sign In via CloudTrail"]}`
	if r.PatternJSON() != want {
		t.Errorf("pattern = %s\nwant %s", r.PatternJSON(), want)
	}
	// Services (none), detail types, identity types, a hash of Extra, flags.
	if id := *r.Node().Id(); !regexp.MustCompile(`^ForwardAnyServiceAPICallConsoleSignInByRootWhere[0-9a-f]{8}WithFailed$`).MatchString(id) {
		t.Errorf("rule ID = %s", id)
	}
	p := compile(t, r.Pattern())
	call := func(identity string) []byte {
		ev, err := simulate.WrapRecord([]byte(`{"eventVersion":"1.08","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"ap-southeast-2","eventType":"AwsApiCall","recipientAccountId":"111122223333","userIdentity":{"type":"` + identity + `","accountId":"111122223333"}}`))
		if err != nil {
			t.Fatal(err)
		}
		return ev
	}
	if ok, _ := p.Match(call("Root")); !ok {
		t.Error("the root user's RunInstances is not forwarded")
	}
	if ok, _ := p.Match(call("IAMUser")); ok {
		t.Error("an IAM user's RunInstances is forwarded by the root-activity rule")
	}
	if s, _ := json.Marshal(r.CfnRule().State()); string(s) != `"ENABLED"` {
		t.Errorf("state = %s", s)
	}
}

// A need that nothing narrows (every service, no condition) is refused
// before anything is created, naming the need: it would forward every
// CloudTrail event.
func TestForwarderRefusesANeedOfEveryEvent(t *testing.T) {
	err := (&forwarding.ForwarderProps{
		Needs:      []forwarding.Need{{EventNames: []string{"CreateUser"}}, {IncludeFailed: true}},
		HomeBusARN: homeBus,
	}).Validate()
	if err == nil || !strings.Contains(err.Error(), "forwarding.ForwarderProps.Needs[1]") || !strings.Contains(err.Error(), "no condition besides detail-type") ||
		strings.Contains(err.Error(), "Needs[0]") {
		t.Errorf("Validate = %v, want only Needs[1] refused for matching every event", err)
	}
}

func TestNeedOfSpecKeepsConditionsOnlyWhereTheyNarrow(t *testing.T) {
	specs := detectionSpecs(t)
	for name, keep := range map[string]bool{
		"root activity": true, "unauthorized calls": true, "every IAM call of the root user": true,
		// services and event names narrow it: the forwarder rule is shared.
		"named IAM calls of IAM users": false,
	} {
		n := forwarding.NeedOfSpec(specs[name], true)
		if got := len(n.UserIdentityTypes) > 0 || len(n.Extra) > 0; got != keep {
			t.Errorf("%s: need %+v keeps conditions = %v, want %v", name, n, got, keep)
		}
		if !n.ReadOnly || n.IncludeFailed != specs[name].IncludeFailed {
			t.Errorf("%s: flags of %+v", name, n)
		}
	}
}

func TestMergeNeeds(t *testing.T) {
	iam, _ := catalog.Lookup("iam")
	s3, _ := catalog.Lookup("s3")
	root := []string{"Root"}
	got := forwarding.MergeNeeds(
		forwarding.Need{UserIdentityTypes: root, EventNames: []string{"B"}},
		forwarding.Need{UserIdentityTypes: root, EventNames: []string{"A"}},
		forwarding.Need{UserIdentityTypes: []string{"IAMUser"}, EventNames: []string{"A"}},
		forwarding.Need{Services: []catalog.Service{iam}, UserIdentityTypes: root},
		forwarding.Need{Services: []catalog.Service{iam}, UserIdentityTypes: root, EventNames: []string{"CreateUser"}},
		forwarding.Need{Services: []catalog.Service{s3}, EventNames: []string{"PutBucketAcl"}},
		forwarding.Need{Services: []catalog.Service{s3}, EventNames: []string{"DeleteBucket", "PutBucketAcl"}},
	)
	var lines []string
	for _, n := range got {
		var svc []string
		for _, s := range n.Services {
			svc = append(svc, s.Name)
		}
		lines = append(lines, strings.Join(svc, ",")+" "+strings.Join(n.UserIdentityTypes, ",")+" "+strings.Join(n.EventNames, ","))
	}
	slices.Sort(lines)
	want := []string{
		" IAMUser A", // selects differently: its own rule
		" Root A,B",  // same selection: names merged
		"iam Root ",  // every IAM event of root absorbs CreateUser
		"s3  DeleteBucket,PutBucketAcl",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("MergeNeeds =\n  %q\nwant\n  %q", lines, want)
	}
}
