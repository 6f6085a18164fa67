package tests

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/cdktest"
	auditreport "github.com/trailbridge/trailbridge/lambda/responders/auditreport/settings"
	mfagroup "github.com/trailbridge/trailbridge/lambda/responders/mfagroup/settings"
	opensg "github.com/trailbridge/trailbridge/lambda/responders/opensg/settings"
	ownertags "github.com/trailbridge/trailbridge/lambda/responders/ownertags/settings"
	publicbucket "github.com/trailbridge/trailbridge/lambda/responders/publicbucket/settings"
	trailguard "github.com/trailbridge/trailbridge/lambda/responders/trailguard/settings"
)

// roleStatements returns the statements of the default policy of the role
// whose construct path starts with prefix.
func roleStatements(t *testing.T, s *cdktest.Stack, prefix string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, r := range s.Resources("AWS::IAM::Policy") {
		path, _ := r["Metadata"].(map[string]any)["aws:cdk:path"].(string)
		if !strings.HasPrefix(path, prefix) {
			continue
		}
		for _, st := range r["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
			out = append(out, st.(map[string]any))
		}
	}
	if len(out) == 0 {
		t.Fatalf("no policy under %s", prefix)
	}
	return out
}

// responderIDs are the construct IDs of the responder functions the Response
// stack s synthesized (Trailbridge-Response/<ID>/Function/Resource/Resource), so that
// a responder added to the registry is checked here without being listed.
func responderIDs(t *testing.T, s *cdktest.Stack) []string {
	t.Helper()
	var ids []string
	for _, r := range s.Resources("AWS::Lambda::Function") {
		path, _ := r["Metadata"].(map[string]any)["aws:cdk:path"].(string)
		rest, ok := strings.CutPrefix(path, "Trailbridge-Response/")
		if id, fn, _ := strings.Cut(rest, "/"); ok && fn == "Function/Resource/Resource" {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		t.Fatal("no responder function in the Response stack")
	}
	return ids
}

// TestEachResponderRoleHoldsExactlyItsActions compares each responder's role
// with the actions its logic package calls (its exported Actions, which its
// own tests tie to the SDK operations it uses). Besides those, a role holds
// only what every function needs: its log group, its dead-letter queue (and
// the key that encrypts it), and for a buffered responder its queue.
func TestEachResponderRoleHoldsExactlyItsActions(t *testing.T) {
	s := synthApp(t, "Default").Stack(t, "Trailbridge-Response")
	plumbing := []string{
		"logs:CreateLogStream", "logs:PutLogEvents", // its own log group
		"sqs:SendMessage", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:Decrypt", // its dead-letter queue
		"sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:DeleteMessage", "sqs:GetQueueAttributes", // a buffer queue
		"xray:PutTraceSegments", "xray:PutTelemetryRecords", // active tracing
	}
	cases := []struct {
		id      string
		actions []string
		extra   []string // beyond the package's Actions, and why
	}{
		{"PublicBucket", publicbucket.Actions, nil},
		{"MFAGroup", mfagroup.Actions, nil},
		{"OwnerTags", ownertags.Actions, nil},
		{"TrailGuard", trailguard.Actions, nil},
		{"OpenSecurityGroup", opensg.Actions, nil},
		// The report bucket is SSE-KMS: PutObject needs a data key.
		{"AuditReport", auditreport.Actions, []string{"kms:GenerateDataKey"}},
	}
	listed := map[string]bool{}
	for _, c := range cases {
		listed[c.id] = true
	}
	for _, id := range responderIDs(t, s) {
		if !listed[id] {
			t.Errorf("responder %s has a function but no row here: add its package's Actions", id)
		}
	}
	for _, c := range cases {
		var got []string
		for _, st := range roleStatements(t, s, "Trailbridge-Response/"+c.id+"/Function/Role/") {
			for _, a := range toList(st["Action"]) {
				if !slices.Contains(plumbing, a) {
					got = append(got, a)
				}
				if a == "*" || strings.HasSuffix(a, ":*") {
					t.Errorf("%s holds %s", c.id, a)
				}
			}
		}
		want := append(slices.Clone(c.actions), c.extra...)
		sort.Strings(got)
		sort.Strings(want)
		got = slices.Compact(got)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s role actions\n  %v\nwant exactly\n  %v", c.id, got, want)
		}
	}
}

// TestResponderResourcesAreScoped checks the resource of each responder
// action: "*" only where the API has no resource-level permissions.
func TestResponderResourcesAreScoped(t *testing.T) {
	s := synthApp(t, "Default").Stack(t, "Trailbridge-Response")
	// X-Ray's upload actions (active tracing) have no resource type either.
	star := map[string]bool{"ec2:DescribeTags": true, "ec2:DescribeSecurityGroups": true, "xray:PutTraceSegments": true, "xray:PutTelemetryRecords": true}
	want := map[string]string{
		"s3:PutBucketPublicAccessBlock":  `"arn:aws:s3:::*"`,
		"iam:AddUserToGroup":             `"arn:aws:iam::111111111111:group/trailbridge-mfa-required"`,
		"iam:ListMFADevices":             `"arn:aws:iam::111111111111:user/*"`,
		"ec2:CreateTags":                 `"arn:aws:ec2:*:111111111111:instance/*"`,
		"cloudtrail:StartLogging":        `"arn:aws:cloudtrail:us-east-1:111111111111:trail/trailbridge"`,
		"ec2:RevokeSecurityGroupIngress": `"arn:aws:ec2:*:111111111111:security-group/*"`,
		"rds:AddTagsToResource":          `"arn:aws:rds:*:111111111111:db:*"`,
		"lambda:TagResource":             `"arn:aws:lambda:*:111111111111:function:*"`,
	}
	seen := map[string]bool{}
	for _, id := range responderIDs(t, s) {
		for _, st := range roleStatements(t, s, "Trailbridge-Response/"+id+"/Function/Role/") {
			res, _ := json.Marshal(st["Resource"])
			for _, a := range toList(st["Action"]) {
				if string(res) == `"*"` && !star[a] {
					t.Errorf("%s: %s on every resource", id, a)
				}
				if w, ok := want[a]; ok {
					seen[a] = true
					if string(res) != w {
						t.Errorf("%s: %s on %s, want %s", id, a, res, w)
					}
				}
			}
		}
	}
	for a := range want {
		if !seen[a] {
			t.Errorf("no responder holds %s", a)
		}
	}
}
