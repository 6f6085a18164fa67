package corpus

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/trailbridge/trailbridge/catalog"
)

// TestEvent pins the envelope the pattern and detection tests match on: the
// detail type from eventType ignoring case, sign-in for every sign-in
// record, the account from userIdentity when the record names no recipient.
func TestEvent(t *testing.T) {
	// record file -> the envelope's detail-type, source and account
	want := map[string][3]string{
		"CreateUser__awsdocs-cloudtrail__1.json": {catalog.DetailTypeAPICall, "aws.iam", "123456789012"},          // no eventType, no recipientAccountId
		"ConsoleLogin__awsdocs-iam__1.json":      {catalog.DetailTypeConsoleSignIn, "aws.signin", "111122223333"}, // sign-in without eventType
		"ConsoleLogin__awsdocs-iam__2.json":      {catalog.DetailTypeConsoleSignIn, "aws.signin", "123456789012"}, // eventType "AwsConsoleSignin"
		"PutBucketAcl__awsdocs-s3__1.json":       {catalog.DetailTypeAPICall, "aws.s3", "111122223333"},
	}
	for file, w := range want {
		rec := Record(t, Path(t, file))
		ev := Event(rec)
		if got := [3]string{ev["detail-type"].(string), ev["source"].(string), ev["account"].(string)}; got != w {
			t.Errorf("%s: detail-type, source, account = %q, want %q", file, got, w)
		}
		if ev["region"] != rec["awsRegion"] || ev["time"] != rec["eventTime"] || ev["detail"] == nil {
			t.Errorf("%s: region %v, time %v; want the record's %v, %v and the record as detail", file, ev["region"], ev["time"], rec["awsRegion"], rec["eventTime"])
		}
		if _, err := json.Marshal(ev); err != nil {
			t.Errorf("%s: %v", file, err)
		}
	}
}

func TestPaths(t *testing.T) {
	for _, p := range Paths(t) {
		if filepath.Ext(p) != ".json" {
			t.Errorf("%s is not a JSON record", p)
		}
	}
}
