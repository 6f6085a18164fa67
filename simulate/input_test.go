package simulate

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func decodeWrapped(t testing.TB, ev []byte) rawEvent {
	t.Helper()
	var w rawEvent
	if err := json.Unmarshal(ev, &w); err != nil {
		t.Fatal(err)
	}
	return w
}

func sameJSON(t testing.TB, what string, got, want []byte) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s differs:\n%s\nwant\n%s", what, got, want)
	}
}

func TestWrapRecord(t *testing.T) {
	record := readFile(t, "events/kms/ScheduleKeyDeletion__awsdocs-kms__1.json")
	ev, err := WrapRecord(record)
	if err != nil {
		t.Fatal(err)
	}
	w := decodeWrapped(t, ev)
	if w.Version != "0" || w.DetailType != "AWS API Call via CloudTrail" || w.Source != "aws.kms" ||
		w.Account != "111122223333" || w.Time != "2021-03-23T18:58:30Z" || w.Region != "us-east-1" {
		t.Errorf("wrapped: %+v", w)
	}
	if w.Resources == nil || len(w.Resources) != 0 || !bytes.Contains(ev, []byte(`"resources":[]`)) {
		t.Errorf("resources = %v, want []", w.Resources)
	}
	sameJSON(t, "detail", w.Detail, record)
	// The id is derived from the eventID: stable, UUID-shaped, distinct.
	ev2, _ := WrapRecord(record)
	if decodeWrapped(t, ev2).ID != w.ID || len(w.ID) != 36 || strings.Count(w.ID, "-") != 4 {
		t.Errorf("id %q is not stable or not UUID-shaped", w.ID)
	}
	other, _ := WrapRecord(readFile(t, "events/kms/GetKeyPolicy__awsdocs-kms__1.json"))
	if decodeWrapped(t, other).ID == w.ID {
		t.Error("two records got the same id")
	}
	// The same eventID gives the same id whatever the formatting.
	compact := new(bytes.Buffer)
	_ = json.Compact(compact, record)
	ev3, _ := WrapRecord(compact.Bytes())
	if decodeWrapped(t, ev3).ID != w.ID {
		t.Error("id depends on formatting although the record has an eventID")
	}

	// Event version 1.0: no eventType (an API call), no eventID, no
	// recipientAccountId (userIdentity.accountId instead).
	old := readFile(t, "events/iam/CreateUser__awsdocs-cloudtrail__1.json")
	ow := decodeWrapped(t, must(WrapRecord(old)))
	if ow.DetailType != "AWS API Call via CloudTrail" || ow.Source != "aws.iam" || ow.Account != "123456789012" || ow.Region != "us-east-2" || ow.ID == "" {
		t.Errorf("old record: %+v", ow)
	}
	if decodeWrapped(t, must(WrapRecord(old))).ID != ow.ID {
		t.Error("id of a record without eventID is not stable")
	}

	signin := decodeWrapped(t, must(WrapRecord(readFile(t, "events/signin/ConsoleLogin__awsdocs-cloudtrail__1.json"))))
	if signin.Source != "aws.signin" || signin.DetailType != "AWS Console Sign In via CloudTrail" || signin.Account != "111122223333" {
		t.Errorf("sign-in: %+v", signin)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestWrapRecordDetailTypes(t *testing.T) {
	tests := []struct{ eventType, want string }{
		{"", "AWS API Call via CloudTrail"},
		{"AwsApiCall", "AWS API Call via CloudTrail"},
		{"awsapicall", "AWS API Call via CloudTrail"},
		{"AwsConsoleSignIn", "AWS Console Sign In via CloudTrail"},
		{"AWSConsoleSignin", "AWS Console Sign In via CloudTrail"},
		{"AwsConsoleAction", "AWS Console Action via CloudTrail"},
		{"AwsServiceEvent", "AWS Service Event via CloudTrail"},
		{"AwsCloudTrailInsight", "AWS Insight via CloudTrail"},
	}
	for _, tt := range tests {
		rec := `{"eventVersion":"1.08","eventSource":"ec2.amazonaws.com","awsRegion":"eu-west-1","eventType":"` + tt.eventType + `"}`
		ev, err := WrapRecord([]byte(rec))
		if err != nil {
			t.Errorf("%q: %v", tt.eventType, err)
			continue
		}
		if got := decodeWrapped(t, ev).DetailType; got != tt.want {
			t.Errorf("%q: detail-type %q, want %q", tt.eventType, got, tt.want)
		}
	}
	// Insights: the source comes from insightDetails when absent.
	ev, err := WrapRecord([]byte(`{"eventVersion":"1.07","eventType":"AwsCloudTrailInsight","awsRegion":"us-east-1","insightDetails":{"eventSource":"ec2.amazonaws.com"}}`))
	if err != nil || decodeWrapped(t, ev).Source != "aws.ec2" {
		t.Errorf("insight: %s, %v", ev, err)
	}

	errs := []struct{ rec, want string }{
		{`{"eventVersion":"1.08","awsRegion":"eu-west-1"}`, "CloudTrail record: eventSource missing"},
		{`{"eventVersion":"1.08","eventSource":"s3.amazonaws.com"}`, "CloudTrail record: awsRegion missing"},
		{`{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","awsRegion":"eu-west-1","eventType":"AwsVpceEvent"}`, `CloudTrail record: eventType "AwsVpceEvent" has no EventBridge detail type`},
		{`{"eventSource":1}`, "CloudTrail record: eventSource: not a string"},
		{`{`, "CloudTrail record: "},
	}
	for _, tt := range errs {
		if _, err := WrapRecord([]byte(tt.rec)); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("WrapRecord(%s): %v, want %q", tt.rec, err, tt.want)
		}
	}
}

func TestInputs(t *testing.T) {
	r1 := readFile(t, "events/kms/ScheduleKeyDeletion__awsdocs-kms__1.json")
	r2 := readFile(t, "events/kms/GetKeyPolicy__awsdocs-kms__1.json")
	envelope := readFile(t, "envelopes/s3/JobCreated__awsdocs-s3__1.json")
	logFile := []byte(fmt.Sprintf(`{"Records":[%s,%s]}`, r1, r2))
	quote := func(b []byte) string { q, _ := json.Marshal(string(b)); return string(q) }
	lookup := []byte(fmt.Sprintf(`{"Events":[{"EventId":"x","CloudTrailEvent":%s},{"CloudTrailEvent":%s}],"NextToken":"t"}`, quote(r1), quote(r2)))
	compact := func(b []byte) []byte { var c bytes.Buffer; _ = json.Compact(&c, b); return c.Bytes() }

	tests := []struct {
		name  string
		data  []byte
		names []string
		kinds []string
		ids   []string // detail.eventID of each event
	}{
		{"event", envelope, []string{"in"}, []string{KindEvent}, []string{"7c38220f-f80b-4239-8b78-2ed867b7d3fa"}},
		{"record", r1, []string{"in"}, []string{KindRecord}, []string{"3c4226b0-1e81-48a8-a333-7fa5f3cbd118"}},
		{"gzipped record", gz(t, r1), []string{"in"}, []string{KindRecord}, []string{"3c4226b0-1e81-48a8-a333-7fa5f3cbd118"}},
		{"log file", logFile, []string{"in:Records[0]", "in:Records[1]"}, []string{KindLogFile, KindLogFile},
			[]string{"3c4226b0-1e81-48a8-a333-7fa5f3cbd118", "4aa7e4d5-d047-452a-a5a6-2cce282a7e82"}},
		{"gzipped log file", gz(t, logFile), []string{"in:Records[0]", "in:Records[1]"}, []string{KindLogFile, KindLogFile},
			[]string{"3c4226b0-1e81-48a8-a333-7fa5f3cbd118", "4aa7e4d5-d047-452a-a5a6-2cce282a7e82"}},
		{"empty log file", []byte(`{"Records":[]}`), nil, nil, nil},
		{"lookup-events", lookup, []string{"in:Events[0]", "in:Events[1]"}, []string{KindLookupEvents, KindLookupEvents},
			[]string{"3c4226b0-1e81-48a8-a333-7fa5f3cbd118", "4aa7e4d5-d047-452a-a5a6-2cce282a7e82"}},
		{"array", []byte(fmt.Sprintf(`[%s,%s]`, envelope, r2)), []string{"in[0]", "in[1]"}, []string{KindEvent, KindRecord},
			[]string{"7c38220f-f80b-4239-8b78-2ed867b7d3fa", "4aa7e4d5-d047-452a-a5a6-2cce282a7e82"}},
		{"JSON lines", []byte(fmt.Sprintf("%s\n%s\n", compact(r1), compact(logFile))), []string{"in[0]", "in[1]:Records[0]", "in[1]:Records[1]"},
			[]string{KindRecord, KindLogFile, KindLogFile},
			[]string{"3c4226b0-1e81-48a8-a333-7fa5f3cbd118", "3c4226b0-1e81-48a8-a333-7fa5f3cbd118", "4aa7e4d5-d047-452a-a5a6-2cce282a7e82"}},
		{"event without detail", []byte(`{"source":"my.app","region":"eu-west-1"}`), []string{"in"}, []string{KindEvent}, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ins, err := Inputs(tt.data, "in")
			if err != nil {
				t.Fatal(err)
			}
			var names, kinds, ids []string
			for _, in := range ins {
				names, kinds = append(names, in.Name), append(kinds, in.Kind)
				var ev struct {
					Detail struct {
						EventID string `json:"eventID"`
					} `json:"detail"`
				}
				if err := json.Unmarshal(in.Event, &ev); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, ev.Detail.EventID)
			}
			equalStrings(t, "names", names, tt.names)
			equalStrings(t, "kinds", kinds, tt.kinds)
			equalStrings(t, "eventIDs", ids, tt.ids)
		})
	}
	// An event is passed through unchanged.
	ins, _ := Inputs(envelope, "in")
	if !bytes.Equal(ins[0].Event, bytes.TrimSpace(envelope)) {
		t.Error("event was changed")
	}
	// Records in a log file are wrapped as WrapRecord does.
	ins, _ = Inputs(logFile, "in")
	sameJSON(t, "log-file record", ins[1].Event, must(WrapRecord(r2)))
}

func TestInputsErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", []byte("  \n"), "simulate: f: empty input"},
		{"malformed", []byte(`{"a":`), "simulate: f: malformed JSON: "},
		{"not an object", []byte(`"x"`), "simulate: f: not a JSON object"},
		{"null", []byte(`null`), "simulate: f: not a JSON object"},
		{"unknown shape", []byte(`{"hello":"world"}`), "simulate: f: neither an EventBridge event (detail-type, source, detail), a CloudTrail record (eventSource ending in .amazonaws.com) nor a CloudTrail log file (Records)"},
		{"bad gzip", []byte{0x1f, 0x8b, 0, 1, 2}, "simulate: f: bad gzip data: "},
		{"truncated gzip", gz(t, []byte(`{"Records":[]}`))[:20], "simulate: f: bad gzip data: "},
		{"bad record", []byte(`{"eventVersion":"1.08","eventSource":"s3.amazonaws.com"}`), "simulate: f: CloudTrail record: awsRegion missing"},
		{"bad log record", []byte(`{"Records":[{"eventVersion":"1.08","eventSource":"s3.amazonaws.com"}]}`), "simulate: f:Records[0]: CloudTrail record: awsRegion missing"},
		{"Records not a list", []byte(`{"Records":{}}`), "simulate: f: Records: not a list of records"},
		{"digest file", []byte(`{"digestStartTime":"x","logFiles":[]}`), "simulate: f: neither"},
		{"bad lookup", []byte(`{"Events":[{"CloudTrailEvent":"{}"}]}`), "simulate: f:Events[0]: CloudTrail record: eventSource missing"},
		{"Events not lookup output", []byte(`{"Events":3}`), "simulate: f: Events: not lookup-events output"},
		{"bad array element", []byte(`[{"x":1}]`), "simulate: f[0]: neither"},
		{"bad array", []byte(`[1,`), "simulate: f: malformed JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Inputs(tt.data, "f")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %v, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestIsRecord(t *testing.T) {
	tests := []struct {
		name string
		obj  string
		want bool
	}{
		{"CloudTrail record", `{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","awsRegion":"eu-west-1"}`, true},
		{"record without eventVersion", `{"eventSource":"kms.amazonaws.com"}`, true},
		{"Insights record", `{"eventVersion":"1.07","eventType":"AwsCloudTrailInsight","insightDetails":{"eventSource":"ec2.amazonaws.com"}}`, true},
		// Records AWS services deliver to Lambda and Pipes: same member
		// names, not CloudTrail.
		{"DynamoDB stream record", `{"eventID":"1","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"us-east-1","dynamodb":{}}`, false},
		{"SQS record", `{"messageId":"m","body":"{}","eventSource":"aws:sqs","awsRegion":"us-east-1"}`, false},
		{"S3 notification record", `{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventName":"ObjectCreated:Put","s3":{}}`, false},
		{"eventSource not a string", `{"eventSource":1}`, false},
		{"EventBridge event", `{"source":"aws.s3","detail-type":"x","detail":{"eventSource":"s3.amazonaws.com"}}`, false},
		{"not an object", `["s3.amazonaws.com"]`, false},
	}
	for _, tt := range tests {
		if got := IsRecord([]byte(tt.obj)); got != tt.want {
			t.Errorf("%s: IsRecord = %v, want %v", tt.name, got, tt.want)
		}
	}
	// Inputs applies the same test: a stream record is not wrapped.
	if _, err := Inputs([]byte(tests[3].obj), "f"); err == nil || !strings.Contains(err.Error(), "simulate: f: neither") {
		t.Errorf("Inputs(DynamoDB stream record) = %v, want the not-an-input error", err)
	}
}

// TestJSONValues: values one after another, with or without newlines
// between them, come back one by one and verbatim; white space alone holds
// none; a value cut short is an error.
func TestJSONValues(t *testing.T) {
	got, err := JSONValues([]byte(" {\"a\":1}\n[2, 3]{\"b\":\"x\"}\n\n\"s\" "))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{`{"a":1}`, `[2, 3]`, `{"b":"x"}`, `"s"`}; fmt.Sprintf("%s", got) != fmt.Sprintf("%s", want) {
		t.Errorf("values %s, want %s", got, want)
	}
	if got, err := JSONValues([]byte(" \n\t")); len(got) != 0 || err != nil {
		t.Errorf("white space: %s, %v; want no value, no error", got, err)
	}
	if _, err := JSONValues([]byte(`{"a":1} {"b":`)); err == nil {
		t.Error("a value cut short: no error")
	}
}
