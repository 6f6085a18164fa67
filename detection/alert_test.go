package detection

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	tbcorpus "github.com/trailbridge/trailbridge/internal/corpus"
	"github.com/trailbridge/trailbridge/internal/readmetest"
)

// corpusEvent is a CloudTrail record of the shared corpus (internal/corpus)
// in the EventBridge envelope CloudTrail delivery gives it.
type corpusEvent struct {
	name  string
	event map[string]any // decoded with UseNumber
	raw   []byte         // the event as JSON
}

func corpus(t *testing.T) []corpusEvent {
	t.Helper()
	var out []corpusEvent
	for _, p := range tbcorpus.Paths(t) {
		out = append(out, wrap(t, filepath.Base(p), tbcorpus.Record(t, p)))
	}
	return out
}

// wrap puts rec in the EventBridge envelope.
func wrap(t *testing.T, name string, rec map[string]any) corpusEvent {
	t.Helper()
	ev := tbcorpus.Event(rec)
	raw, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return corpusEvent{name: name, event: ev, raw: raw}
}

func decodeNumbers(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}

// lookup returns the value at a JSON path of InputPaths ("$.a.b") in ev.
func lookup(ev map[string]any, path string) (any, bool) {
	var v any = ev
	for _, k := range strings.Split(strings.TrimPrefix(path, "$."), ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[k]; !ok {
			return nil, false
		}
	}
	return v, true
}

var placeholder = regexp.MustCompile(`<([A-Za-z0-9_.-]+)>`)

// transform does what EventBridge's input transformer does with paths and
// template on ev, as its documentation describes it for a JSON template:
// each <name> of paths becomes the value at that path, inserted as it is
// (a string's characters unescaped, since every placeholder of the
// template is inside quotes; a missing field as nothing), and
// <aws.events.event.json> becomes the whole event. A placeholder it does
// not know fails the test: EventBridge would leave it or reject the
// template.
func transform(t *testing.T, template string, paths map[string]string, ev corpusEvent) []byte {
	t.Helper()
	out := placeholder.ReplaceAllStringFunc(template, func(m string) string {
		name := m[1 : len(m)-1]
		if name == "aws.events.event.json" {
			return string(ev.raw)
		}
		path, ok := paths[name]
		if !ok {
			t.Errorf("template placeholder %s is not in InputPaths", m)
			return m
		}
		v, ok := lookup(ev.event, path)
		if !ok {
			return ""
		}
		if s, ok := v.(string); ok {
			return s
		}
		b, _ := json.Marshal(v)
		return string(b)
	})
	return []byte(out)
}

// decodeEnvelope decodes data strictly: a field the Envelope does not have
// (a typo in the template) is an error.
func decodeEnvelope(data []byte) (Envelope, error) {
	var e Envelope
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(&e)
	return e, err
}

func str(ev map[string]any, path string) string {
	v, _ := lookup(ev, path)
	s, _ := v.(string)
	return s
}

// tricky is a detection whose constants hold what would break a template
// written by hand: quotes, backslashes, line breaks, tabs, '<', '>', '&',
// non-ASCII, and text that looks like the template's own placeholders.
var tricky = Detection{
	ID:          "custom.quote-test-1",
	Title:       `Someone said "hi" <b>loudly</b> & left`,
	Severity:    SeverityMedium,
	Control:     `Policy "4.3" <principal> & C:\audit`,
	Remediation: "Check the caller:\n\t1. <aws.events.event.json> is not a placeholder here\n\t2. nor is <eventName> & \"quoted\" \\ text – ünïcode\u2028done",
	Match:       Match{Services: []string{"iam"}},
	Source:      SourceCustom,
}

// TestInputTemplateOverCorpus runs the input transformer over every record
// of the corpus for a detection whose constants are full of JSON and
// placeholder syntax, and checks that the target receives valid JSON that
// decodes into an Envelope holding the detection's constants verbatim, the
// record's fields and the whole event.
func TestInputTemplateOverCorpus(t *testing.T) {
	if err := tricky.Validate(); err != nil {
		t.Fatal(err)
	}
	tmpl := tricky.InputTemplate()
	for _, ev := range corpus(t) {
		out := transform(t, tmpl, InputPaths(), ev)
		if !json.Valid(out) {
			t.Errorf("%s: the transformed input is not JSON:\n%s", ev.name, out)
			continue
		}
		e, err := decodeEnvelope(out)
		if err != nil {
			t.Errorf("%s: %v", ev.name, err)
			continue
		}
		region, id := str(ev.event, "$.detail.awsRegion"), str(ev.event, "$.detail.eventID")
		want := Alert{
			Detection: tricky.ID, Title: tricky.Title, Severity: tricky.Severity,
			Control: tricky.Control, Remediation: tricky.Remediation,
			Principal:     str(ev.event, "$.detail.userIdentity.arn"),
			PrincipalType: str(ev.event, "$.detail.userIdentity.type"),
			Account:       str(ev.event, "$.account"),
			Service:       str(ev.event, "$.detail.eventSource"),
			EventName:     str(ev.event, "$.detail.eventName"),
			ErrorCode:     str(ev.event, "$.detail.errorCode"),
			Region:        region,
			SourceIP:      str(ev.event, "$.detail.sourceIPAddress"),
			Time:          str(ev.event, "$.detail.eventTime"),
			EventID:       id,
			ConsoleURL:    "https://console.aws.amazon.com/cloudtrail/home?region=" + region + "#/events/" + id,
		}
		if e.Alert != want {
			t.Errorf("%s: alert\n%+v\nwant\n%+v", ev.name, e.Alert, want)
		}
		if want.EventName == "" || want.Account == "" || want.Service == "" {
			t.Errorf("%s: the record lacks eventName, account or eventSource: %+v", ev.name, want)
		}
		var got, orig any
		if err := decodeNumbers(e.Event, &got); err != nil {
			t.Errorf("%s: event: %v", ev.name, err)
		}
		_ = decodeNumbers(ev.raw, &orig)
		if fmt.Sprint(got) != fmt.Sprint(orig) {
			t.Errorf("%s: the envelope's event differs from the event delivered", ev.name)
		}
	}
}

// TestInputTemplateBuiltin checks every built-in detection's template on
// one record.
func TestInputTemplateBuiltin(t *testing.T) {
	ev := corpus(t)[0]
	for _, d := range Builtin() {
		e, err := decodeEnvelope(transform(t, d.InputTemplate(), InputPaths(), ev))
		if err != nil {
			t.Errorf("%s: %v", d.ID, err)
			continue
		}
		if e.Alert.Detection != d.ID || e.Alert.Title != d.Title || e.Alert.Severity != d.Severity || e.Alert.Remediation != d.Remediation {
			t.Errorf("%s: alert %+v", d.ID, e.Alert)
		}
	}
}

// TestInputPathsSafeInCorpus checks the reason only the fields of
// InputPaths are read unescaped into the template's strings: in no record
// of the corpus does one hold anything but a string free of double quotes,
// backslashes and control characters (any of which would break the JSON
// the target receives). And each path is found in some record, so that a
// misspelt path fails here.
func TestInputPathsSafeInCorpus(t *testing.T) {
	events := corpus(t)
	for name, path := range InputPaths() {
		found := 0
		for _, ev := range events {
			v, ok := lookup(ev.event, path)
			if !ok {
				continue
			}
			found++
			s, isString := v.(string)
			if !isString {
				t.Errorf("%s: %s (%s) is %T %v, want a string", ev.name, name, path, v, v)
				continue
			}
			if i := strings.IndexFunc(s, func(r rune) bool { return r == '"' || r == '\\' || r < 0x20 }); i >= 0 {
				t.Errorf("%s: %s (%s) = %q holds %q, which EventBridge would insert unescaped", ev.name, name, path, s, s[i])
			}
		}
		if found == 0 {
			t.Errorf("%s (%s): in no record of the corpus", name, path)
		}
	}
	for name := range InputPaths() {
		if !strings.Contains(tricky.InputTemplate(), `"<`+name+`>"`) {
			t.Errorf("the template does not read <%s> inside quotes", name)
		}
	}
}

// TestInputTemplateLength checks that a detection with every text at its
// longest, each character one that json.Marshal escapes to six, still has
// a template within EventBridge's limit.
func TestInputTemplateLength(t *testing.T) {
	worst := func(n int) string { return strings.Repeat("<", n) }
	d := Detection{
		ID:          strings.Repeat("a", MaxIDLength),
		Title:       worst(MaxTitleLength),
		Severity:    SeverityCritical,
		Control:     worst(MaxControlLength),
		Description: worst(MaxDescriptionLength),
		Remediation: worst(MaxRemediationLength),
	}
	for _, s := range Severities() {
		if len(s) > len(d.Severity) {
			d.Severity = s
		}
	}
	tmpl := d.InputTemplate()
	if n := len(tmpl); n > MaxInputTemplateLength {
		t.Errorf("the longest detection's template has %d characters; EventBridge allows %d", n, MaxInputTemplateLength)
	}
	// No character escapes to more than six: '<' as \u003c, a control
	// character as \u00XX, U+2028 as \u2028.
	for _, r := range []rune{'<', '\x01', '\u2028', '"', '\\', '\U0001F600'} {
		if n := len(mustJSON(t, string(r))) - 2; n > 6 {
			t.Errorf("json.Marshal makes %q %d characters; the worst case above assumes six", r, n)
		}
	}
	t.Logf("longest template: %d of %d characters", len(tmpl), MaxInputTemplateLength)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// envelopeOf is the Envelope the input transformer gives d's targets for
// ev.
func envelopeOf(t *testing.T, d Detection, ev corpusEvent) Envelope {
	t.Helper()
	e, err := decodeEnvelope(transform(t, d.InputTemplate(), InputPaths(), ev))
	if err != nil {
		t.Fatalf("%s: %v", ev.name, err)
	}
	return e
}

func find(t *testing.T, events []corpusEvent, name string) corpusEvent {
	t.Helper()
	for _, ev := range events {
		if ev.name == name {
			return ev
		}
	}
	t.Fatalf("no record %s in the corpus", name)
	return corpusEvent{}
}

// checkSubject fails t unless subject is what SNS accepts: printable
// ASCII, no line break, fewer than 100 characters.
func checkSubject(t *testing.T, what, subject string) {
	t.Helper()
	if len(subject) >= 100 || len(subject) > MaxSubjectLength || subject == "" {
		t.Errorf("%s: subject has %d characters: %q", what, len(subject), subject)
	}
	for _, r := range subject {
		if r < 0x20 || r > 0x7e {
			t.Errorf("%s: subject holds %q: %q", what, r, subject)
		}
	}
}

// TestRenderCorpus renders every record of the corpus and checks that the
// subject is one SNS accepts and names severity, detection, call, caller
// and account, and that the body holds what a person needs.
func TestRenderCorpus(t *testing.T) {
	d := Builtin()[2] // root-access-key: critical, with a control and remediation
	for _, ev := range corpus(t) {
		e := envelopeOf(t, d, ev)
		a := e.Alert
		subject, body := Render(e)
		checkSubject(t, ev.name, subject)
		call := strings.TrimSuffix(a.Service, ".amazonaws.com") + ":" + a.EventName
		for _, want := range []string{"[CRITICAL] ", d.ID + ": ", call, " in " + a.Account} {
			if !strings.Contains(subject, want) {
				t.Errorf("%s: subject %q lacks %q", ev.name, subject, want)
			}
		}
		who := shortPrincipal(a)
		if who == "" {
			who = str(ev.event, "$.detail.userIdentity.invokedBy")
		}
		_, shown, _ := strings.Cut(subject, " by ")
		shown = strings.TrimSuffix(shown, " in "+a.Account)
		if cut, ok := strings.CutSuffix(shown, "..."); who == "" || shown != who && (!ok || len(cut) < 10 || !strings.HasPrefix(who, cut)) {
			t.Errorf("%s: subject %q names the caller %q, want %q (or its start)", ev.name, subject, shown, who)
		}
		wants := []string{d.Control, a.Region, a.SourceIP, a.Time, "What to do: " + d.Remediation, a.Principal}
		if a.EventID != "" {
			wants = append(wants, "Event:        "+a.ConsoleURL+"\n", "Event ID:     "+a.EventID+"\n")
		} else if strings.Contains(body, "Event:") {
			t.Errorf("%s: no event ID, yet a console link:\n%s", ev.name, body)
		}
		for _, want := range wants {
			if !strings.Contains(body, want) {
				t.Errorf("%s: body lacks %q:\n%s", ev.name, want, body)
			}
		}
		if params, ok := lookup(ev.event, "$.detail.requestParameters"); ok && params != nil && fmt.Sprint(params) != "map[]" {
			compact := string(mustJSON(t, params))
			if !strings.Contains(body, "Request:      "+compact[:min(len(compact), 40)]) {
				t.Errorf("%s: body lacks the request parameters %s:\n%s", ev.name, compact, body)
			}
		}
		if a.ErrorCode != "" && !strings.Contains(body, "failed with "+a.ErrorCode) {
			t.Errorf("%s: failed call: body lacks %q:\n%s", ev.name, "failed with "+a.ErrorCode, body)
		}
		if a.ErrorCode == "" && !strings.Contains(body, "(succeeded)") {
			t.Errorf("%s: body does not say the call succeeded:\n%s", ev.name, body)
		}
		if !utf8.ValidString(body) {
			t.Errorf("%s: body is not UTF-8", ev.name)
		}
	}
}

// TestRenderCreateUser pins the whole message of one record.
func TestRenderCreateUser(t *testing.T) {
	d := Detection{ID: "iam-user-created", Title: "IAM user created", Severity: SeverityLow,
		Control: "CIS 1.4.0 4.4", Remediation: "Check that the user is expected.", Source: SourceCustom}
	e := envelopeOf(t, d, find(t, corpus(t), "CreateUser__awsdocs-cloudtrail__1.json"))
	subject, body := Render(e)
	if want := "[LOW] iam-user-created: iam:CreateUser by user/Alice in 123456789012"; subject != want {
		t.Errorf("subject %q\nwant    %q", subject, want)
	}
	want := `trailbridge detection iam-user-created (low severity): IAM user created

Control:      CIS 1.4.0 4.4
What:         iam:CreateUser (succeeded)
Request:      {"userName":"Bob"}
Who:          arn:aws:iam::123456789012:user/Alice (IAMUser)
Account:      123456789012
Where:        us-east-2, from 127.0.0.1
When:         2014-03-24T21:11:59Z

What to do: Check that the user is expected.
`
	if body != want {
		t.Errorf("body\n%s\nwant\n%s", body, want)
	}
}

// TestRenderFailedCall checks that a failed call says so, with its code
// and message.
func TestRenderFailedCall(t *testing.T) {
	ev := find(t, corpus(t), "UpdateTrail__awsdocs-cloudtrail__1.json")
	e := envelopeOf(t, tricky, ev)
	_, body := Render(e)
	msg := str(ev.event, "$.detail.errorMessage")
	for _, want := range []string{"cloudtrail:UpdateTrail (failed with TrailNotFoundException)", "Error:        " + msg} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
}

// TestRenderLongCaller checks a caller whose ARN alone is longer than a
// subject and holds non-ASCII characters: the subject is still one SNS
// accepts, and it still names severity, detection, call and account.
func TestRenderLongCaller(t *testing.T) {
	ev := find(t, corpus(t), "CreateUser__awsdocs-cloudtrail__1.json")
	rec := ev.event["detail"].(map[string]any)
	rec["recipientAccountId"] = "123456789012"
	role, session := strings.Repeat("R", 64), "jürgen.müller@example.com\u2028"+strings.Repeat("s", 40)
	rec["userIdentity"] = map[string]any{"type": "AssumedRole", "accountId": "123456789012",
		"arn": "arn:aws:sts::123456789012:assumed-role/" + role + "/" + session}
	e := envelopeOf(t, highDetection(), wrap(t, ev.name, rec))
	subject, body := Render(e)
	checkSubject(t, "long caller", subject)
	for _, want := range []string{"[HIGH] ", "long-caller-check: iam:CreateUser by assumed-role/RRRR", "...", " in 123456789012"} {
		if !strings.Contains(subject, want) {
			t.Errorf("subject %q lacks %q", subject, want)
		}
	}
	if !strings.HasSuffix(subject, " in 123456789012") {
		t.Errorf("subject %q does not end with the account", subject)
	}
	if !strings.Contains(body, session) {
		t.Errorf("the body lacks the caller's whole ARN:\n%s", body)
	}

	// A caller of another account keeps its ARN (cut to fit).
	rec["userIdentity"] = map[string]any{"type": "AssumedRole", "arn": "arn:aws:sts::999999999999:assumed-role/Auditor/s"}
	subject, _ = Render(envelopeOf(t, highDetection(), wrap(t, ev.name, rec)))
	if !strings.Contains(subject, "by arn:aws:sts::999999999999:") || !strings.HasSuffix(subject, " in 123456789012") {
		t.Errorf("subject %q: want the other account's caller as an ARN, then the account", subject)
	}

	// An AWS service has no ARN: its identity type stands in.
	rec["userIdentity"] = map[string]any{"type": "AWSService", "invokedBy": "cloudtrail.amazonaws.com"}
	subject, body = Render(envelopeOf(t, highDetection(), wrap(t, ev.name, rec)))
	if !strings.Contains(subject, "by AWSService in 123456789012") || !strings.Contains(body, "Who:          AWSService\n") {
		t.Errorf("AWS service caller: subject %q, body\n%s", subject, body)
	}

	// A call made inside AWS may name only the service that made it.
	rec["userIdentity"] = map[string]any{"accountId": "123456789012", "invokedBy": "AWS Internal"}
	subject, body = Render(envelopeOf(t, highDetection(), wrap(t, ev.name, rec)))
	if !strings.Contains(subject, "by AWS Internal in 123456789012") || !strings.Contains(body, "Who:          AWS Internal\n") {
		t.Errorf("AWS service caller: subject %q, body\n%s", subject, body)
	}
}

// highDetection is a plain high-severity detection for the tests.
func highDetection() Detection {
	return Detection{ID: "long-caller-check", Title: "t", Severity: SeverityHigh, Source: SourceCustom}
}

// TestRenderCutRequest checks that large request parameters are cut to a
// few hundred bytes at a character boundary, so that the body stays UTF-8.
func TestRenderCutRequest(t *testing.T) {
	ev := find(t, corpus(t), "CreateUser__awsdocs-cloudtrail__1.json")
	rec := ev.event["detail"].(map[string]any)
	// {"ka":" is 7 bytes: every 2-byte é starts at an odd offset, so a
	// cut at an even byte count falls inside one.
	rec["requestParameters"] = map[string]any{"ka": strings.Repeat("é", 2000)}
	_, body := Render(envelopeOf(t, tricky, wrap(t, ev.name, rec)))
	if !utf8.ValidString(body) {
		t.Fatalf("body is not UTF-8: the request parameters were cut inside a character")
	}
	_, line, _ := strings.Cut(body, "Request:      ")
	line, _, _ = strings.Cut(line, "\n")
	if !strings.HasPrefix(line, `{"ka":"éé`) || !strings.HasSuffix(line, "...") || len(line) > maxRequestLength+3 {
		t.Errorf("request line has %d bytes: %q", len(line), line)
	}
}

// TestRenderMalformedEvent checks that an Envelope whose event is not
// JSON still renders from the alert.
func TestRenderMalformedEvent(t *testing.T) {
	subject, body := Render(Envelope{Alert: Alert{Detection: "x", Severity: SeverityLow, Service: "s3.amazonaws.com", EventName: "PutBucketPolicy"}, Event: json.RawMessage(`not json`)})
	if subject != "[LOW] x: s3:PutBucketPolicy" || !strings.Contains(body, "s3:PutBucketPolicy (succeeded)") || strings.Contains(body, "Request:") {
		t.Errorf("subject %q, body\n%s", subject, body)
	}
}

// TestREADMEAlerts checks the README's "Alerts people read" section: its
// example subject is what Render makes for that call, and its filter
// policy is JSON naming only real severities and detections.
func TestREADMEAlerts(t *testing.T) {
	section := readmetest.Section(t, filepath.Join("..", "README.md"), "Alerts people read")
	subject, _ := Render(Envelope{Alert: Alert{Detection: "root-access-key", Severity: SeverityCritical, Service: "iam.amazonaws.com",
		EventName: "CreateAccessKey", Principal: "arn:aws:iam::111111111111:root", PrincipalType: "Root", Account: "111111111111"}})
	if !strings.Contains(section, "`"+subject+"`") {
		t.Errorf("the README's example subject is not Render's: %q", subject)
	}
	_, policy, _ := strings.Cut(section, "```json\n")
	policy, _, _ = strings.Cut(policy, "```")
	var p struct {
		Severity  []Severity `json:"severity"`
		Detection []struct {
			AnythingBut []string `json:"anything-but"`
		} `json:"detection"`
	}
	if err := json.Unmarshal([]byte(policy), &p); err != nil || len(p.Severity) == 0 || len(p.Detection) == 0 {
		t.Fatalf("filter policy %q: %v", policy, err)
	}
	for _, s := range p.Severity {
		if !s.Valid() {
			t.Errorf("filter policy: severity %q is not one of %q", s, Severities())
		}
	}
	ids := map[string]bool{}
	for _, d := range Builtin() {
		ids[d.ID] = true
	}
	for _, id := range p.Detection[0].AnythingBut {
		if !ids[id] {
			t.Errorf("filter policy: no built-in detection %q", id)
		}
	}
}
