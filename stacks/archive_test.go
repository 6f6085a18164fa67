package stacks

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/constructs/forwarding"
	"github.com/trailbridge/trailbridge/eventpattern"
	"github.com/trailbridge/trailbridge/pattern"
)

// archiveCase is a need and an event it selects.
type archiveCase struct {
	need  forwarding.Need
	event map[string]any
}

func s3Bucket(t *testing.T, i int) archiveCase {
	t.Helper()
	s3, err := catalog.Lookup("s3")
	if err != nil {
		t.Fatal(err)
	}
	bucket := fmt.Sprintf("a-rather-long-bucket-name-of-team-%04d", i)
	return archiveCase{
		need: forwarding.Need{Services: []catalog.Service{s3}, EventNames: []string{"PutBucketPolicy"},
			RequestParameters: map[string][]any{"bucketName": {bucket}}},
		event: map[string]any{"source": s3.Source, "detail-type": catalog.DetailTypeAPICall, "detail": map[string]any{
			"eventSource": s3.EventSource, "eventName": "PutBucketPolicy", "requestParameters": map[string]any{"bucketName": bucket}}},
	}
}

func customService(t *testing.T, i int) archiveCase {
	t.Helper()
	svc, err := catalog.Custom(fmt.Sprintf("aws.someservice%04d", i), fmt.Sprintf("someservice%04d.amazonaws.com", i))
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("DoSomething%04d", i)
	return archiveCase{
		need: forwarding.Need{Services: []catalog.Service{svc}, EventNames: []string{name}},
		event: map[string]any{"source": svc.Source, "detail-type": catalog.DetailTypeAPICall, "detail": map[string]any{
			"eventSource": svc.EventSource, "eventName": name}},
	}
}

// checkArchivePattern builds the archive pattern of cases (forwarded as
// NeedOfSpec makes them) and checks its coverage, that EventBridge accepts
// it, and that it keeps every case's event.
func checkArchivePattern(t *testing.T, cases []archiveCase, want ArchiveCoverage) map[string]any {
	t.Helper()
	var exact, forwarded []forwarding.Need
	for _, c := range cases {
		exact = append(exact, c.need)
		forwarded = append(forwarded, forwarding.NeedOfSpec(c.need.Spec(), false))
	}
	p, coverage, why := ArchivePattern(forwarding.MergeNeeds(exact...), forwarding.MergeNeeds(forwarded...))
	if p == nil {
		t.Fatalf("no pattern: %v", why)
	}
	if coverage != want {
		t.Fatalf("coverage %s (%v), want %s", coverage, why, want)
	}
	if (why == nil) != (want == ArchiveExact) {
		t.Errorf("coverage %s with reasons %v", coverage, why)
	}
	if err := pattern.Validate(p); err != nil {
		t.Fatalf("EventBridge would refuse the pattern: %v", err)
	}
	b, _ := json.Marshal(p)
	compiled, err := eventpattern.Compile(b)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		ev, _ := json.Marshal(c.event)
		if ok, err := compiled.Match(ev); err != nil || !ok {
			t.Fatalf("case %d: event %s is not archived (%v)", i, ev, err)
		}
	}
	return p
}

func TestArchivePatternIsTheExactUnionWhenItFits(t *testing.T) {
	p := checkArchivePattern(t, []archiveCase{s3Bucket(t, 1), s3Bucket(t, 2), customService(t, 1)}, ArchiveExact)
	b, _ := json.Marshal(p)
	compiled, err := eventpattern.Compile(b)
	if err != nil {
		t.Fatal(err)
	}
	// Exact: another bucket's policy is not archived.
	other := s3Bucket(t, 3).event
	ev, _ := json.Marshal(other)
	if ok, _ := compiled.Match(ev); ok {
		t.Errorf("the exact archive keeps %s, which no need selects", ev)
	}
}

// TestArchivePatternFallsBackDeterministically: a union too long for
// EventBridge widens step by step, to what forwarders carry, then to the
// services, then to the detail types, and still keeps every event.
func TestArchivePatternFallsBackDeterministically(t *testing.T) {
	var buckets []archiveCase
	for i := range 200 {
		buckets = append(buckets, s3Bucket(t, i))
	}
	first := checkArchivePattern(t, buckets, ArchiveForwarded)
	again := checkArchivePattern(t, buckets, ArchiveForwarded)
	a, _ := pattern.JSON(first)
	b, _ := pattern.JSON(again)
	if a != b {
		t.Errorf("the pattern differs between two builds:\n%s\n%s", a, b)
	}

	var services []archiveCase
	for i := range 60 {
		services = append(services, customService(t, i))
	}
	checkArchivePattern(t, services, ArchiveServices)

	services = services[:0]
	for i := range 200 {
		services = append(services, customService(t, i))
	}
	p := checkArchivePattern(t, services, ArchiveDetailTypes)
	if js, _ := pattern.JSON(p); !strings.Contains(js, `"errorCode":[{"exists":false}]`) {
		t.Errorf("the widest pattern %s keeps failed calls, which no need selects", js)
	}
}

// TestArchivePatternOfEveryService: a need of every service (root activity)
// cannot widen to its services; past the exact union it widens to the
// detail types.
func TestArchivePatternOfEveryService(t *testing.T) {
	cases := []archiveCase{{
		need:  forwarding.Need{UserIdentityTypes: []string{"Root"}},
		event: map[string]any{"source": "aws.ec2", "detail-type": catalog.DetailTypeAPICall, "detail": map[string]any{"eventSource": "ec2.amazonaws.com", "eventName": "RunInstances", "userIdentity": map[string]any{"type": "Root"}}},
	}}
	checkArchivePattern(t, cases, ArchiveExact)
	for i := range 200 {
		cases = append(cases, customService(t, i))
	}
	checkArchivePattern(t, cases, ArchiveDetailTypes)
}

func TestArchivePatternNeedsARule(t *testing.T) {
	if _, _, err := ArchivePattern(nil, nil); err == nil {
		t.Error("no error for an app without rules")
	}
}

// TestFactorSharesDetailTypesAndErrorCode: branches with the same detail
// types and errorCode condition share them (their other conditions become a
// "$or" inside detail, source dropped for the event source), a branch with
// other top-level fields stays whole, and one with no other condition makes
// its group match all of its detail types.
func TestFactorSharesDetailTypesAndErrorCode(t *testing.T) {
	api := []any{"AWS API Call via CloudTrail"}
	ok := []any{map[string]any{"exists": false}}
	got := factor([]map[string]any{
		{"detail-type": api, "source": []any{"aws.s3"}, "detail": map[string]any{"eventSource": []any{"s3.amazonaws.com"}, "eventName": []any{"PutBucketPolicy"}, "errorCode": ok}},
		{"detail-type": api, "source": []any{"aws.iam"}, "detail": map[string]any{"eventSource": []any{"iam.amazonaws.com"}, "eventName": []any{"CreateUser"}, "errorCode": ok}},
		{"detail-type": api, "region": []any{"eu-west-1"}, "detail": map[string]any{"eventName": []any{"X"}}},
	})
	b, _ := json.Marshal(got)
	want := `{"$or":[{"detail":{"$or":[{"eventName":["PutBucketPolicy"],"eventSource":["s3.amazonaws.com"]},{"eventName":["CreateUser"],"eventSource":["iam.amazonaws.com"]}],"errorCode":[{"exists":false}]},"detail-type":["AWS API Call via CloudTrail"]},{"detail":{"eventName":["X"]},"detail-type":["AWS API Call via CloudTrail"],"region":["eu-west-1"]}]}`
	if string(b) != want {
		t.Errorf("factor gives\n%s\nwant\n%s", b, want)
	}
	all := factor([]map[string]any{
		{"detail-type": api, "detail": map[string]any{"eventName": []any{"A"}, "errorCode": ok}},
		{"detail-type": api, "detail": map[string]any{"errorCode": ok}},
	})
	if b, _ := json.Marshal(all); string(b) != `{"detail":{"errorCode":[{"exists":false}]},"detail-type":["AWS API Call via CloudTrail"]}` {
		t.Errorf("a branch without other conditions: %s", b)
	}
}
