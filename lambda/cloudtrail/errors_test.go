package cloudtrail

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// asParseError fails the test unless err is a *ParseError.
func asParseError(t testing.TB, err error) *ParseError {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	return pe
}

// checkParseError fails t unless err, what's error, is a *ParseError of
// field for reason.
func checkParseError(t testing.TB, err error, what, field string, reason Reason) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s succeeded", what)
	}
	pe := asParseError(t, err)
	if pe.Field != field || pe.Reason != reason {
		t.Errorf("got field %q reason %q (%v); want field %q reason %q", pe.Field, pe.Reason, err, field, reason)
	}
}

// minimal is a valid bare record; tests replace parts of it.
const minimal = `{"eventVersion":"1.08","eventTime":"2024-01-02T03:04:05Z","eventSource":"s3.amazonaws.com",` +
	`"eventName":"PutBucketPolicy","awsRegion":"eu-west-1","userIdentity":{"type":"IAMUser"}}`

// with returns minimal with member key set to the raw JSON value (or removed
// when value is "").
func with(key, value string) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(minimal), &m); err != nil {
		panic(err)
	}
	if value == "" {
		delete(m, key)
	} else {
		m[key] = json.RawMessage(value)
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func envelopeWith(detail string, extra ...string) string {
	parts := []string{`"version":"0"`, `"id":"x"`, `"detail-type":"AWS API Call via CloudTrail"`, `"source":"aws.s3"`,
		`"account":"111111111111"`, `"time":"2024-01-02T03:04:05Z"`, `"region":"eu-west-1"`, `"resources":[]`}
	parts = append(parts, extra...)
	return "{" + strings.Join(parts, ",") + `,"detail":` + detail + "}"
}

// TestParseErrors has one row for each reason Parse reports, and more for
// the fields it checks.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		field  string
		reason Reason
		detail string // substring of the message, if any
	}{
		{"empty", "", "", ReasonEmptyInput, ""},
		{"white space", " \n\t ", "", ReasonEmptyInput, ""},
		{"syntax", `{"eventVersion":`, "", ReasonSyntax, "unexpected end"},
		{"garbage", `hello`, "", ReasonSyntax, "invalid character"},
		{"trailing data", minimal + ` x`, "", ReasonSyntax, "after top-level value"},
		{"array", `[1,2]`, "", ReasonNotObject, "got array"},
		{"null", `null`, "", ReasonNotObject, "got null"},
		{"string", `"eventVersion"`, "", ReasonNotObject, "got string"},
		{"neither", `{"Records":[]}`, "", ReasonUnknownShape, `no "detail" or "eventVersion"`},
		{"missing eventName", with("eventName", ""), "eventName", ReasonMissing, ""},
		{"missing eventTime", with("eventTime", ""), "eventTime", ReasonMissing, ""},
		{"missing eventSource", with("eventSource", ""), "eventSource", ReasonMissing, ""},
		{"missing awsRegion", with("awsRegion", ""), "awsRegion", ReasonMissing, ""},
		{"null eventName", with("eventName", "null"), "eventName", ReasonNull, ""},
		{"empty eventName", with("eventName", `""`), "eventName", ReasonEmpty, ""},
		{"object eventName", with("eventName", `{}`), "eventName", ReasonType, "want a string, got object"},
		{"array userIdentity", with("userIdentity", `[]`), "userIdentity", ReasonType, "want an object, got array"},
		{"string userIdentity type", with("userIdentity", `{"type":["Root"]}`), "userIdentity.type", ReasonType, ""},
		{"mfaAuthenticated yes", with("userIdentity", `{"sessionContext":{"attributes":{"mfaAuthenticated":"yes"}}}`),
			"userIdentity.sessionContext.attributes.mfaAuthenticated", ReasonType, `"yes"`},
		{"readOnly number", with("readOnly", `1`), "readOnly", ReasonType, "want a boolean"},
		{"managementEvent string", with("managementEvent", `"maybe"`), "managementEvent", ReasonType, ""},
		{"resources object", with("resources", `{}`), "resources", ReasonType, "want an array"},
		{"resources element", with("resources", `[{"ARN":"a"},"b"]`), "resources[1]", ReasonType, "got string"},
		{"tlsDetails string", with("tlsDetails", `"TLSv1.2"`), "tlsDetails", ReasonType, ""},
		{"bad eventTime", with("eventTime", `"2024-01-02 03:04:05"`), "eventTime", ReasonFormat, "RFC 3339"},
		{"version 2.0", with("eventVersion", `"2.0"`), "eventVersion", ReasonVersion, "1.N or 1.NN"},
		{"version 1.100", with("eventVersion", `"1.100"`), "eventVersion", ReasonVersion, ""},
		{"version v1.08", with("eventVersion", `"v1.08"`), "eventVersion", ReasonVersion, ""},
		{"missing version in detail", envelopeWith(with("eventVersion", "")), "detail.eventVersion", ReasonMissing, ""},
		{"detail null", envelopeWith("null"), "detail", ReasonNull, ""},
		{"detail string", envelopeWith(`"x"`), "detail", ReasonType, "got string"},
		{"detail field", envelopeWith(with("eventTime", `"yesterday"`)), "detail.eventTime", ReasonFormat, ""},
		{"detail nested", envelopeWith(with("userIdentity", `{"sessionContext":{"sessionIssuer":"r"}}`)),
			"detail.userIdentity.sessionContext.sessionIssuer", ReasonType, ""},
		{"envelope without detail-type", strings.Replace(envelopeWith(minimal), `"detail-type":"AWS API Call via CloudTrail",`, "", 1),
			"detail-type", ReasonMissing, ""},
		{"envelope empty source", strings.Replace(envelopeWith(minimal), `"source":"aws.s3"`, `"source":""`, 1),
			"source", ReasonEmpty, ""},
		{"envelope bad time", strings.Replace(envelopeWith(minimal), `"time":"2024-01-02T03:04:05Z"`, `"time":"now"`, 1),
			"time", ReasonFormat, ""},
		{"envelope resources", strings.Replace(envelopeWith(minimal), `"resources":[]`, `"resources":[1]`, 1),
			"resources[0]", ReasonType, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Parse([]byte(tt.input))
			if err == nil {
				t.Fatalf("Parse succeeded: %+v", e)
			}
			if e != nil {
				t.Errorf("Parse returned an envelope with an error")
			}
			checkParseError(t, err, "Parse", tt.field, tt.reason)
			if !strings.Contains(err.Error(), tt.detail) {
				t.Errorf("message %q does not mention %q", err.Error(), tt.detail)
			}
			if tt.field != "" && !strings.Contains(err.Error(), tt.field+": ") {
				t.Errorf("message %q does not name the field", err.Error())
			}
			if tt.reason == ReasonSyntax {
				var se *json.SyntaxError
				if !errors.As(err, &se) {
					t.Errorf("syntax error %v does not wrap a *json.SyntaxError", err)
				}
			}
			// json.Unmarshal into an Envelope or a Record reports the same.
			var env Envelope
			if err := json.Unmarshal([]byte(tt.input), &env); err == nil && tt.input != "null" {
				t.Errorf("json.Unmarshal into Envelope succeeded")
			}
		})
	}
}

// TestDecoderErrors has one row for each reason the request decoders report.
func TestDecoderErrors(t *testing.T) {
	rec := func(s string) *Record {
		t.Helper()
		e, err := Parse([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return &e.Detail
	}
	ec2 := func(name, req, resp string) *Record {
		s := with("eventSource", `"ec2.amazonaws.com"`)
		m := map[string]json.RawMessage{}
		_ = json.Unmarshal([]byte(s), &m)
		m["eventName"] = json.RawMessage(`"` + name + `"`)
		if req != "" {
			m["requestParameters"] = json.RawMessage(req)
		}
		if resp != "" {
			m["responseElements"] = json.RawMessage(resp)
		}
		b, _ := json.Marshal(m)
		return rec(string(b))
	}
	s3 := func(req string) *Record { return rec(with("requestParameters", req)) }
	tests := []struct {
		name   string
		decode func() error
		field  string
		reason Reason
	}{
		{"nil record", func() error { _, err := DecodeS3BucketRequest(nil); return err }, "", ReasonMissing},
		{"requestParameters absent", func() error { _, err := DecodeS3BucketRequest(s3("")); return err },
			"requestParameters", ReasonMissing},
		{"requestParameters null", func() error { _, err := DecodeS3BucketRequest(s3("null")); return err },
			"requestParameters", ReasonNull},
		{"requestParameters string", func() error { _, err := DecodeS3BucketRequest(s3(`"x"`)); return err },
			"requestParameters", ReasonType},
		{"bucketName missing", func() error { _, err := DecodeS3BucketRequest(s3(`{"bucketPolicy":{}}`)); return err },
			"requestParameters.bucketName", ReasonMissing},
		{"bucketName empty", func() error { _, err := DecodeS3BucketRequest(s3(`{"bucketName":""}`)); return err },
			"requestParameters.bucketName", ReasonEmpty},
		{"bucketPolicy missing", func() error { _, err := DecodeS3BucketRequest(s3(`{"bucketName":"b"}`)); return err },
			"requestParameters.bucketPolicy", ReasonMissing},
		{"bucketPolicy empty string", func() error {
			_, err := DecodeS3BucketRequest(s3(`{"bucketName":"b","bucketPolicy":""}`))
			return err
		}, "requestParameters.bucketPolicy", ReasonEmpty},
		{"bucketPolicy not JSON", func() error {
			_, err := DecodeS3BucketRequest(s3(`{"bucketName":"b","bucketPolicy":"{not json"}`))
			return err
		}, "requestParameters.bucketPolicy", ReasonType},
		{"bucketPolicy number", func() error {
			_, err := DecodeS3BucketRequest(s3(`{"bucketName":"b","bucketPolicy":5}`))
			return err
		}, "requestParameters.bucketPolicy", ReasonType},
		{"public access block boolean", func() error {
			r := s3(`{"bucketName":"b","PublicAccessBlockConfiguration":{"BlockPublicAcls":"yes"}}`)
			r.EventName = "PutBucketPublicAccessBlock"
			_, err := DecodeS3BucketRequest(r)
			return err
		}, "requestParameters.PublicAccessBlockConfiguration.BlockPublicAcls", ReasonType},
		{"public access block missing", func() error {
			r := s3(`{"bucketName":"b"}`)
			r.EventName = "PutBucketPublicAccessBlock"
			_, err := DecodeS3BucketRequest(r)
			return err
		}, "requestParameters.PublicAccessBlockConfiguration", ReasonMissing},
		{"wrong service", func() error { _, err := DecodeIAMCreateUser(s3(`{}`)); return err }, "eventSource", ReasonUnexpected},
		{"wrong event", func() error { _, err := DecodeEC2RunInstances(ec2("StopInstances", "", "")); return err },
			"eventName", ReasonUnexpected},
		{"responseElements absent", func() error { _, err := DecodeEC2RunInstances(ec2("RunInstances", `{}`, "")); return err },
			"responseElements", ReasonMissing},
		{"responseElements null", func() error {
			_, err := DecodeEC2RunInstances(ec2("RunInstances", `{}`, "null"))
			return err
		}, "responseElements", ReasonNull},
		{"instancesSet missing", func() error {
			_, err := DecodeEC2RunInstances(ec2("RunInstances", `{}`, `{"reservationId":"r"}`))
			return err
		}, "responseElements.instancesSet", ReasonMissing},
		{"instancesSet empty", func() error {
			_, err := DecodeEC2RunInstances(ec2("RunInstances", `{}`, `{"instancesSet":{}}`))
			return err
		}, "responseElements.instancesSet.items", ReasonEmpty},
		{"instanceId missing", func() error {
			_, err := DecodeEC2StartInstances(ec2("StartInstances", `{"instancesSet":{"items":[{"instanceId":"i-1"},{}]}}`, ""))
			return err
		}, "requestParameters.instancesSet.items[1].instanceId", ReasonMissing},
		{"instanceId empty", func() error {
			_, err := DecodeEC2StartInstances(ec2("StartInstances", `{"instancesSet":{"items":[{"instanceId":""}]}}`, ""))
			return err
		}, "requestParameters.instancesSet.items[0].instanceId", ReasonEmpty},
		{"instancesSet items wrong type", func() error {
			_, err := DecodeEC2StartInstances(ec2("StartInstances", `{"instancesSet":{"items":"i-1"}}`, ""))
			return err
		}, "requestParameters.instancesSet.items", ReasonType},
		{"fromPort fractional", func() error {
			_, err := DecodeAuthorizeSecurityGroupIngress(ec2("AuthorizeSecurityGroupIngress",
				`{"groupId":"sg-1","ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":22.5,"toPort":22}]}}`, ""))
			return err
		}, "requestParameters.ipPermissions.items.fromPort", ReasonType},
		{"toPort out of range", func() error {
			_, err := DecodeAuthorizeSecurityGroupIngress(ec2("AuthorizeSecurityGroupIngress",
				`{"groupId":"sg-1","ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":1,"toPort":"70000"}]}}`, ""))
			return err
		}, "requestParameters.ipPermissions.items[0].toPort", ReasonFormat},
		{"no group", func() error {
			_, err := DecodeAuthorizeSecurityGroupIngress(ec2("AuthorizeSecurityGroupIngress", `{"ipPermissions":{}}`, ""))
			return err
		}, "requestParameters.groupId", ReasonMissing},
		{"no permissions", func() error {
			_, err := DecodeAuthorizeSecurityGroupIngress(ec2("AuthorizeSecurityGroupIngress", `{"groupId":"sg-1","ipPermissions":{}}`, ""))
			return err
		}, "requestParameters.ipPermissions.items", ReasonEmpty},
		{"DecodeRequest type", func() error {
			var v struct {
				Count FlexInt `json:"count"`
			}
			return DecodeRequest(s3(`{"count":"three"}`), &v)
		}, "requestParameters.count", ReasonType},
		{"DecodeResponse absent", func() error { var v any; return DecodeResponse(s3(`{}`), &v) }, "responseElements", ReasonMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.decode()
			checkParseError(t, err, "decoder", tt.field, tt.reason)
		})
	}
}

// TestLogFileErrors has one row for each reason ParseLogFile reports.
func TestLogFileErrors(t *testing.T) {
	gz := func(s string) string { return string(gzipped(t, []byte(s))) }
	big := gz(`{"Records":[` + strings.Repeat(" ", 4096) + `]}`)
	tests := []struct {
		name   string
		input  string
		field  string
		reason Reason
	}{
		{"empty", "", "", ReasonEmptyInput},
		{"empty gzip", gz(""), "", ReasonEmptyInput},
		{"syntax", `{"Records":[`, "", ReasonSyntax},
		{"array", `[]`, "", ReasonNotObject},
		{"digest file", `{"awsAccountId":"111111111111","digestStartTime":"2024-01-01T00:00:00Z"}`, "Records", ReasonMissing},
		{"null records", `{"Records":null}`, "Records", ReasonNull},
		{"records object", `{"Records":{}}`, "Records", ReasonType},
		{"bad record", `{"Records":[` + minimal + `,` + with("eventTime", "") + `]}`, "Records[1].eventTime", ReasonMissing},
		{"record version", `{"Records":[` + with("eventVersion", `"0.9"`) + `]}`, "Records[0].eventVersion", ReasonVersion},
		{"truncated gzip", gz(`{"Records":[]}`)[:12], "", ReasonGzip},
		{"bad gzip header", "\x1f\x8bnot gzip at all", "", ReasonGzip},
		{"too large", big, "", ReasonTooLarge},
	}
	defer func(n int64) { maxLogFileSize = n }(maxLogFileSize)
	maxLogFileSize = 1024
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLogFile([]byte(tt.input))
			checkParseError(t, err, "ParseLogFile", tt.field, tt.reason)
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	inner := errors.New("boom")
	tests := []struct {
		err  *ParseError
		want string
	}{
		{&ParseError{Reason: ReasonEmptyInput}, "cloudtrail: empty input"},
		{&ParseError{Field: "detail.eventName", Reason: ReasonMissing}, "cloudtrail: detail.eventName: missing"},
		{&ParseError{Field: "eventVersion", Reason: ReasonVersion, Detail: `"2.0" is not of the form 1.N or 1.NN`},
			`cloudtrail: eventVersion: unsupported event version: "2.0" is not of the form 1.N or 1.NN`},
		{&ParseError{Reason: ReasonSyntax, Err: inner}, "cloudtrail: malformed JSON: boom"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	if !errors.Is(&ParseError{Err: inner}, inner) {
		t.Error("Unwrap does not expose Err")
	}
}
