package detection_test

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/detection"
	"github.com/trailbridge/trailbridge/eventpattern"
	"github.com/trailbridge/trailbridge/internal/corpus"
	"github.com/trailbridge/trailbridge/pattern"
)

// corpusEvent wraps the corpus record at path in the EventBridge envelope
// CloudTrail delivery gives it (internal/corpus).
func corpusEvent(t *testing.T, path string) []byte {
	t.Helper()
	ev, err := json.Marshal(corpus.Event(corpus.Record(t, path)))
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// firing returns the corpus files (base names, sorted) that d's pattern
// matches, as EventBridge decides (package eventpattern).
func firing(t *testing.T, d detection.Detection, events map[string][]byte) []string {
	t.Helper()
	p, err := d.Pattern()
	if err != nil {
		t.Fatalf("%s: Pattern: %v", d.ID, err)
	}
	js, err := pattern.JSON(p)
	if err != nil {
		t.Fatal(err)
	}
	compiled, err := eventpattern.Compile([]byte(js))
	if err != nil {
		t.Fatalf("%s: Compile(%s): %v", d.ID, js, err)
	}
	var out []string
	for name, ev := range events {
		ok, err := compiled.Match(ev)
		if err != nil {
			t.Fatalf("%s on %s: %v", d.ID, name, err)
		}
		if ok {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func loadCorpus(t *testing.T) map[string][]byte {
	t.Helper()
	events := map[string][]byte{}
	for _, p := range corpus.Paths(t) {
		events[filepath.Base(p)] = corpusEvent(t, p)
	}
	return events
}

// fires lists, for every CIS and Builtin detection, exactly the corpus
// records it fires on. The test fails when a detection fires on any other
// record (a pattern too wide) or misses one (too narrow), and every
// detection must fire on at least one record of its own calls.
var fires = map[string][]string{
	// Every record whose caller is the root user, API calls and console
	// sign-ins alike, failed ones (ConsoleLogin 4) and read-only ones
	// (GetTopicAttributes) included.
	"CloudWatch.1": {
		"ConsoleLogin__awsdocs-cloudtrail__2.json", "ConsoleLogin__awsdocs-cloudtrail__3.json", "ConsoleLogin__awsdocs-cloudtrail__4.json",
		"CreateAccessKey__synthesized__1.json", "CreateTopic__awsdocs-lambda__1.json", "EnableMFADevice__awsdocs-cloudtrail__1.json",
		"GetTopicAttributes__awsdocs-lambda__1.json", "PasswordUpdated__awsdocs-cloudtrail__1.json", "PutRule__awsdocs-eventbridge__1.json",
		"TerminateInstances__awsdocs-ec2__1.json",
	},
	// AccessDenied (Lambda, IAM) and EC2's Client.UnauthorizedOperation;
	// not other errors (KMSInvalidStateException, TrailNotFoundException,
	// PolicyTypeNotEnabledException).
	"CloudWatch.2": {"DescribeVpcs__synthesized__1.json", "GetFunction__awsdocs-lambda__1.json", "PutUserPolicy__synthesized__2.json"},
	// IAM users signing in without MFA; not the root user (CloudWatch.1).
	"CloudWatch.3": {"ConsoleLogin__awsdocs-cloudtrail__1.json", "ConsoleLogin__awsdocs-cloudtrail__5.json"},
	// The successful PutUserPolicy only: __2 is the same call denied.
	"CloudWatch.4": {"PutUserPolicy__synthesized__1.json"},
	// Not UpdateTrail__awsdocs-cloudtrail__1, which failed (TrailNotFoundException).
	"CloudWatch.5": {"StopLogging__synthesized__1.json"},
	// Wrong passwords, root and IAM user; not "No username found" (iam 2).
	"CloudWatch.6": {"ConsoleLogin__awsdocs-cloudtrail__4.json", "ConsoleLogin__awsdocs-iam__1.json"},
	"CloudWatch.7": {
		"DisableKey__awsdocs-kms__1.json", "ScheduleKeyDeletion__awsdocs-kms__1.json",
		"ScheduleKeyDeletion__awsdocs-kms__2.json", "ScheduleKeyDeletion__awsdocs-kms__3.json",
	},
	"CloudWatch.8": {"DeleteBucketPolicy__synthesized__1.json", "PutBucketAcl__awsdocs-s3__1.json", "PutBucketPolicy__synthesized__1.json"},
	// Not StartConfigurationRecorder, which the CIS filter leaves out.
	"CloudWatch.9": {
		"DeleteDeliveryChannel__awsdocs-config__1.json", "PutConfigurationRecorder__awsdocs-config__1.json",
		"StopConfigurationRecorder__awsdocs-config__1.json",
	},
	"CloudWatch.10": {"AuthorizeSecurityGroupIngress__synthesized__1.json"},
	"CloudWatch.11": {"CreateNetworkAclEntry__synthesized__1.json"},
	"CloudWatch.12": {"CreateInternetGateway__synthesized__1.json"},
	"CloudWatch.13": {"CreateRoute__synthesized__1.json"},
	"CloudWatch.14": {"CreateVpc__synthesized__1.json"},
	// Not the failed AttachPolicy, nor the CreateAccountResult service event.
	"CIS.4.15": {"CreateAccount__awsdocs-organizations__1.json", "CreateOrganizationalUnit__awsdocs-organizations__1.json"},
	"root-sign-in": {
		"ConsoleLogin__awsdocs-cloudtrail__2.json", "ConsoleLogin__awsdocs-cloudtrail__3.json", "ConsoleLogin__awsdocs-cloudtrail__4.json",
	},
	// Successful sign-ins with MFAUsed "No", root included.
	"sign-in-without-mfa": {
		"ConsoleLogin__awsdocs-cloudtrail__1.json", "ConsoleLogin__awsdocs-cloudtrail__2.json", "ConsoleLogin__awsdocs-cloudtrail__5.json",
	},
	"root-access-key":    {"CreateAccessKey__synthesized__1.json"},
	"delete-db-instance": {"DeleteDBInstance__synthesized__1.json"},
}

// TestDetectionsAgainstCorpus proves every CIS and Builtin detection on the
// CloudTrail corpus: it fires on exactly the records listed in fires, each
// of them a call the detection names.
func TestDetectionsAgainstCorpus(t *testing.T) {
	events := loadCorpus(t)
	all := append(detection.CIS(), detection.Builtin()...)
	if len(fires) != len(all) {
		t.Errorf("fires lists %d detections, CIS and Builtin hold %d", len(fires), len(all))
	}
	for _, d := range all {
		t.Run(d.ID, func(t *testing.T) {
			want, ok := fires[d.ID]
			if !ok {
				t.Fatalf("no expected records for %s: add it to fires", d.ID)
			}
			if len(want) == 0 {
				t.Fatalf("%s fires on no record: add a CloudTrail record of one of its calls to the corpus", d.ID)
			}
			for _, f := range want {
				if _, ok := events[f]; !ok {
					t.Errorf("%s is not in the corpus", f)
				}
				if name := f[:strings.Index(f, "__")]; len(d.Match.EventNames) > 0 && !slices.Contains(d.Match.EventNames, name) {
					t.Errorf("expected record %s is not one of %s's calls %q", f, d.ID, d.Match.EventNames)
				}
			}
			want = slices.Sorted(slices.Values(want))
			if got := firing(t, d, events); !slices.Equal(got, want) {
				t.Errorf("fires on %q\nwant %q", got, want)
			}
		})
	}
}

// TestFailedChangeIsOnlyUnauthorized pins the case the "changes" controls
// must get right: a denied PutUserPolicy changed nothing, so the IAM
// policy-changes control stays quiet and only the unauthorized-calls
// control fires.
func TestFailedChangeIsOnlyUnauthorized(t *testing.T) {
	const denied = "PutUserPolicy__synthesized__2.json"
	events := map[string][]byte{denied: corpusEvent(t, corpus.Path(t, denied))}
	var fired []string
	for _, d := range detection.CIS() {
		if len(firing(t, d, events)) > 0 {
			fired = append(fired, d.ID)
		}
	}
	if !slices.Equal(fired, []string{"CloudWatch.2"}) {
		t.Errorf("detections firing on a denied PutUserPolicy: %q; want only CloudWatch.2", fired)
	}
}
