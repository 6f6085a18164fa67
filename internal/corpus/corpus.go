// Package corpus is test support for the shared CloudTrail corpus: the
// records of the AWS user guides (and a few synthesized ones), each with its
// attribution in the manifest beside it, kept once in
// lambda/cloudtrail/testdata/samples/events/SERVICE; and the EventBridge
// envelope CloudTrail delivery gives them.
//
// It needs no CDK, so the tests of pattern, detection and the tools share it
// without starting the jsii runtime.
package corpus

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/internal/testjson"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
)

// Dir returns the corpus directory: one folder per service, one record per
// JSON file, named EVENTNAME__ORIGIN__N.json.
func Dir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("corpus: no source path to find the corpus from")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "lambda", "cloudtrail", "testdata", "samples", "events")
}

// Paths returns the path of every record of the corpus, sorted. It fails tb
// when the corpus holds fewer than 100 records (it holds about 180).
func Paths(tb testing.TB) []string {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(Dir(), "*", "*.json"))
	if err != nil || len(paths) < 100 {
		tb.Fatalf("corpus: %d records in %s, %v; want the 180 or so of lambda/cloudtrail/testdata/samples/events", len(paths), Dir(), err)
	}
	return paths
}

// Path returns the path of the record whose file is named file, in whichever
// service's folder it is. It fails tb unless exactly one record has that name.
func Path(tb testing.TB, file string) string {
	tb.Helper()
	paths, _ := filepath.Glob(filepath.Join(Dir(), "*", file))
	if len(paths) != 1 {
		tb.Fatalf("%s: %d samples of that name, want 1", file, len(paths))
	}
	return paths[0]
}

// Record reads the record at path, with numbers as json.Number so that it
// encodes again as written.
func Record(tb testing.TB, path string) map[string]any {
	tb.Helper()
	return testjson.ObjectNumbers(tb, path)
}

// Event wraps rec in the EventBridge envelope CloudTrail delivery gives it:
//
//	detail-type  from eventType, ignoring case (cloudtrail.DetailTypeOf);
//	             API call when it has none (records older than eventType);
//	             sign-in for every record of signin.amazonaws.com, whatever
//	             its eventType says (two IAM guide samples have none or spell
//	             it AwsConsoleSignin)
//	source       "aws." + eventSource without ".amazonaws.com"
//	account      recipientAccountId, else userIdentity.accountId
//	time, region eventTime, awsRegion
//	resources    [] (CloudTrail-delivered events have an empty list)
//	detail       rec itself (not a copy)
//
// The id is all zeros: unlike simulate.WrapRecord, which derives it from the
// record, this envelope is for tests that match patterns on it.
func Event(rec map[string]any) map[string]any {
	eventSource, _ := rec["eventSource"].(string)
	eventType, _ := rec["eventType"].(string)
	detailType := cloudtrail.DetailTypeOf(eventType)
	if detailType == "" {
		detailType = catalog.DetailTypeAPICall
	}
	if eventSource == "signin.amazonaws.com" {
		detailType = catalog.DetailTypeConsoleSignIn
	}
	account, _ := rec["recipientAccountId"].(string)
	if account == "" {
		if ui, ok := rec["userIdentity"].(map[string]any); ok {
			account, _ = ui["accountId"].(string)
		}
	}
	return map[string]any{
		"version":     "0",
		"id":          "00000000-0000-0000-0000-000000000000",
		"detail-type": detailType,
		"source":      catalog.SourceOf(eventSource),
		"account":     account,
		"time":        rec["eventTime"],
		"region":      rec["awsRegion"],
		"resources":   []any{},
		"detail":      rec,
	}
}
