package tests

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/cdktest"
	"github.com/trailbridge/trailbridge/simulate"
)

// simulated reads a's cloud assembly for the simulator (package simulate).
func simulated(t *testing.T, a *cdktest.Assembly) *simulate.Assembly {
	t.Helper()
	asm, err := simulate.LoadAssembly(a.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return asm
}

// corpus is every CloudTrail record the project has: the AWS documentation
// samples (lambda/cloudtrail/testdata/samples, with their attribution) and
// the crafted fixtures for calls the samples lack.
func corpus(t *testing.T) map[string]map[string]any {
	t.Helper()
	root := filepath.Join(cdktest.RepoRoot(), "lambda", "cloudtrail", "testdata")
	out := map[string]map[string]any{}
	for _, dir := range []string{"samples/events", "fixtures"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			var m map[string]any
			if json.Unmarshal(b, &m) != nil {
				return nil
			}
			if detail, ok := m["detail"].(map[string]any); ok {
				m = detail // an envelope: keep its record
			}
			if _, ok := m["eventSource"]; !ok {
				return nil // not an API-call record
			}
			if _, err := simulate.WrapRecord(b); err != nil && m["detail"] == nil {
				// A parser fixture CloudTrail would not deliver to EventBridge
				// as it stands (e.g. a numeric account ID).
				t.Logf("corpus: skipping %s: %v", path, err)
				return nil
			}
			rel, _ := filepath.Rel(root, path)
			out[filepath.ToSlash(rel)] = m
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) < 100 {
		t.Fatalf("only %d records in the corpus", len(out))
	}
	return out
}

// inRegion wraps a record as CloudTrail delivers it to EventBridge, as if the
// call had happened in region.
func inRegion(t *testing.T, record map[string]any, region string) []byte {
	t.Helper()
	r := map[string]any{}
	for k, v := range record {
		r[k] = v
	}
	r["awsRegion"] = region
	b, _ := json.Marshal(r)
	ev, err := simulate.WrapRecord(b)
	if err != nil {
		t.Fatalf("%v (record %s)", err, b)
	}
	return ev
}

func str(m map[string]any, path ...string) string {
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = mm[p]
	}
	s, _ := cur.(string)
	return s
}

// TestBuiltInRulesFireOnExactlyTheirEvents routes every record of the corpus
// through the default app (as if each call happened in the home region) and
// checks, for each built-in rule, that the records it is meant for fire it
// and no other record does.
func TestBuiltInRulesFireOnExactlyTheirEvents(t *testing.T) {
	a := synthApp(t, "Default")
	asm := simulated(t, a)
	records := corpus(t)
	ok := func(r map[string]any) bool { _, failed := r["errorCode"]; return !failed }
	is := func(source string, names ...string) func(map[string]any) bool {
		return func(r map[string]any) bool {
			if str(r, "eventSource") != source || !ok(r) {
				return false
			}
			for _, n := range names {
				if strings.HasSuffix(n, "*") && strings.HasPrefix(str(r, "eventName"), strings.TrimSuffix(n, "*")) || str(r, "eventName") == n {
					return true
				}
			}
			return false
		}
	}
	// What each rule is meant for, written from the responder's job.
	meant := map[string]func(map[string]any) bool{
		"PublicBucket/Rule/Resource":         is("s3.amazonaws.com", "PutBucketPolicy", "PutBucketAcl", "DeleteBucketPublicAccessBlock", "PutBucketPublicAccessBlock"),
		"MFAGroup/Rule/Resource":             is("iam.amazonaws.com", "CreateUser"),
		"OwnerTags/Ec2Rule/Resource":         is("ec2.amazonaws.com", "RunInstances", "StartInstances"),
		"OwnerTags/S3Rule/Resource":          is("s3.amazonaws.com", "CreateBucket"),
		"OwnerTags/RdsRule/Resource":         is("rds.amazonaws.com", "CreateDBInstance"),
		"OwnerTags/LambdaRule/Resource":      is("lambda.amazonaws.com", "CreateFunction2*"),
		"TrailGuard/Rule/Resource":           is("cloudtrail.amazonaws.com", "StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"),
		"OpenSecurityGroup/Rule/Resource":    is("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"),
		"AuditReport/iam/Resource":           is("iam.amazonaws.com", "CreateAccessKey", "AttachUserPolicy", "PutUserPolicy", "CreateLoginProfile"),
		"AuditReport/kms/Resource":           is("kms.amazonaws.com", "ScheduleKeyDeletion", "DisableKey"),
		"AuditReport/ec2/Resource":           is("ec2.amazonaws.com", "DeleteFlowLogs"),
		"AuditReport/guardduty/Resource":     is("guardduty.amazonaws.com", "DeleteDetector"),
		"AuditReport/config/Resource":        is("config.amazonaws.com", "StopConfigurationRecorder"),
		"AuditReport/organizations/Resource": is("organizations.amazonaws.com", "LeaveOrganization"),
		"Rules/root-sign-in": func(r map[string]any) bool {
			return str(r, "eventName") == "ConsoleLogin" && str(r, "userIdentity", "type") == "Root"
		},
		"Rules/sign-in-without-mfa": func(r map[string]any) bool {
			return str(r, "eventName") == "ConsoleLogin" && str(r, "additionalEventData", "MFAUsed") == "No" && str(r, "responseElements", "ConsoleLogin") == "Success"
		},
		"Rules/root-access-key": func(r map[string]any) bool {
			return is("iam.amazonaws.com", "CreateAccessKey")(r) && str(r, "userIdentity", "type") == "Root"
		},
		"Rules/delete-db-instance": is("rds.amazonaws.com", "DeleteDBInstance"),
	}
	names := slices.Sorted(maps.Keys(records))
	fired := map[string]int{}
	for _, name := range names {
		rec := records[name]
		res, err := asm.Route(inRegion(t, rec, "us-east-1"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := map[string]bool{}
		for _, m := range res.Matches {
			got[m.Path] = true
		}
		for suffix, want := range meant {
			path := ""
			for p := range got {
				if strings.HasSuffix(p, "/"+suffix) {
					path = p
				}
			}
			if path != "" {
				fired[suffix]++
			}
			switch {
			case want(rec) && path == "":
				why := ""
				for _, m := range res.NotMatched {
					if strings.HasSuffix(m.Path, "/"+suffix) {
						why = m.Reason
					}
				}
				t.Errorf("%s should fire %s but does not: %s", name, suffix, why)
			case !want(rec) && path != "":
				t.Errorf("%s fires %s, which is not meant for it", name, suffix)
			}
		}
		for p := range got {
			known := false
			for suffix := range meant {
				if strings.HasSuffix(p, "/"+suffix) {
					known = true
				}
			}
			if !known {
				t.Errorf("%s fires %s, a rule this test does not know: add it to the table", name, p)
			}
		}
	}
	// Every rule with a record in the corpus is proven to fire at least once.
	for _, suffix := range []string{"PublicBucket/Rule/Resource", "MFAGroup/Rule/Resource", "OwnerTags/Ec2Rule/Resource",
		"OwnerTags/S3Rule/Resource", "OwnerTags/RdsRule/Resource", "OwnerTags/LambdaRule/Resource", "TrailGuard/Rule/Resource",
		"OpenSecurityGroup/Rule/Resource", "AuditReport/kms/Resource", "Rules/root-sign-in"} {
		if fired[suffix] == 0 {
			t.Errorf("no record in the corpus fires %s", suffix)
		}
	}
}

// TestRegionsAndExplanations: a rule sees only the events of its region (or
// forwarded to it), and the simulator says so for a rule that does not fire.
func TestRegionsAndExplanations(t *testing.T) {
	a := synthApp(t, "Default")
	asm := simulated(t, a)
	rec := corpus(t)["samples/events/iam/CreateUser__awsdocs-cloudtrail__1.json"]
	if rec == nil {
		t.Fatal("CreateUser sample missing")
	}
	// Home is us-east-1 and no other region is watched: a call in eu-west-1 reaches no rule.
	res, err := asm.Route(inRegion(t, rec, "eu-west-1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matches) != 0 {
		t.Errorf("an eu-west-1 event fired %v in a us-east-1-only app", res.Matches)
	}
	for _, m := range res.NotMatched {
		if strings.HasSuffix(m.Path, "/MFAGroup/Rule/Resource") && !strings.HasPrefix(m.Reason, "region:") {
			t.Errorf("reason = %q, want a region explanation", m.Reason)
		}
	}
}
