package testevent

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// Load returns the contents of path, failing tb if it cannot be read.
func Load(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// Set returns event with the record's field at path (dot-separated, such as
// "userIdentity.arn") set to value, creating objects on the way. For an
// EventBridge event the path is inside "detail".
func Set(tb testing.TB, event []byte, path string, value any) []byte {
	tb.Helper()
	return edit(tb, event, path, func(m map[string]any, key string) { m[key] = value })
}

// Delete returns event without the record's field at path.
func Delete(tb testing.TB, event []byte, path string) []byte {
	tb.Helper()
	return edit(tb, event, path, func(m map[string]any, key string) { delete(m, key) })
}

func edit(tb testing.TB, event []byte, path string, f func(map[string]any, string)) []byte {
	tb.Helper()
	var doc map[string]any
	if err := json.Unmarshal(event, &doc); err != nil {
		tb.Fatalf("testevent: %v", err)
	}
	m := doc
	if d, ok := doc["detail"].(map[string]any); ok {
		m = d
	}
	keys := strings.Split(path, ".")
	for _, k := range keys[:len(keys)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	f(m, keys[len(keys)-1])
	out, err := json.Marshal(doc)
	if err != nil {
		tb.Fatalf("testevent: %v", err)
	}
	return out
}

// Wrap returns record (a bare CloudTrail record) inside an EventBridge event
// of detail type "AWS API Call via CloudTrail", as a rule delivers it. An
// event that already has "detail" is returned unchanged.
func Wrap(tb testing.TB, record []byte) []byte {
	tb.Helper()
	var rec map[string]any
	if err := json.Unmarshal(record, &rec); err != nil {
		tb.Fatalf("testevent: %v", err)
	}
	if _, ok := rec["detail"]; ok {
		return record
	}
	src, _ := rec["eventSource"].(string)
	region, _ := rec["awsRegion"].(string)
	acct, _ := rec["recipientAccountId"].(string)
	env := map[string]any{
		"version":     "0",
		"id":          "00000000-0000-0000-0000-000000000001",
		"detail-type": "AWS API Call via CloudTrail",
		"source":      "aws." + strings.TrimSuffix(src, ".amazonaws.com"),
		"account":     acct,
		"time":        rec["eventTime"],
		"region":      region,
		"resources":   []string{},
		"detail":      rec,
	}
	out, err := json.Marshal(env)
	if err != nil {
		tb.Fatalf("testevent: %v", err)
	}
	return out
}
