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
	tests := []struct {
		file       string
		detailType string
		source     string
		account    string
	}{
		{"CreateUser__awsdocs-cloudtrail__1.json", catalog.DetailTypeAPICall, "aws.iam", "123456789012"},     // no eventType, no recipientAccountId
		{"ConsoleLogin__awsdocs-iam__1.json", catalog.DetailTypeConsoleSignIn, "aws.signin", "111122223333"}, // sign-in without eventType
		{"ConsoleLogin__awsdocs-iam__2.json", catalog.DetailTypeConsoleSignIn, "aws.signin", "123456789012"}, // eventType "AwsConsoleSignin"
		{"PutBucketAcl__awsdocs-s3__1.json", catalog.DetailTypeAPICall, "aws.s3", "111122223333"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rec := Record(t, Path(t, tt.file))
			ev := Event(rec)
			if ev["detail-type"] != tt.detailType || ev["source"] != tt.source || ev["account"] != tt.account {
				t.Errorf("detail-type %q, source %q, account %q; want %q, %q, %q",
					ev["detail-type"], ev["source"], ev["account"], tt.detailType, tt.source, tt.account)
			}
			if ev["region"] != rec["awsRegion"] || ev["time"] != rec["eventTime"] {
				t.Errorf("region %v, time %v; want the record's %v, %v", ev["region"], ev["time"], rec["awsRegion"], rec["eventTime"])
			}
			if _, err := json.Marshal(ev); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestPaths(t *testing.T) {
	for _, p := range Paths(t) {
		if filepath.Ext(p) != ".json" {
			t.Errorf("%s is not a JSON record", p)
		}
	}
}
