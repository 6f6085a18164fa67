package detection

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
)

// Alert is what a person (or a ticketing system) needs from a detection's
// event: severity and control, who, what, where and when, and a link to the
// event in the CloudTrail console. Every rule target of a detection receives
// an Envelope holding it, built by EventBridge with InputTemplate.
type Alert struct {
	// Detection is the detection's ID.
	Detection string `json:"detection"`
	// Title is the detection's title.
	Title string `json:"title"`
	// Severity is the detection's severity.
	Severity Severity `json:"severity"`
	// Control is the control the detection implements ("" for none).
	Control string `json:"control"`
	// Remediation says what to do.
	Remediation string `json:"remediation"`
	// Principal is the caller's ARN (detail.userIdentity.arn).
	Principal string `json:"principal"`
	// PrincipalType is detail.userIdentity.type (Root, IAMUser, ...).
	PrincipalType string `json:"principalType"`
	// Account is the account the call was recorded in.
	Account string `json:"account"`
	// Service is the CloudTrail eventSource (iam.amazonaws.com).
	Service string `json:"service"`
	// EventName is the CloudTrail eventName.
	EventName string `json:"eventName"`
	// ErrorCode is the call's error code ("" when it succeeded).
	ErrorCode string `json:"errorCode"`
	// Region is the region the call was recorded in.
	Region string `json:"region"`
	// SourceIP is the caller's address (or an AWS service name).
	SourceIP string `json:"sourceIP"`
	// Time is the call's time (detail.eventTime).
	Time string `json:"time"`
	// EventID is the CloudTrail event ID.
	EventID string `json:"eventID"`
	// ConsoleURL opens the event in the CloudTrail console (signed in to
	// Account).
	ConsoleURL string `json:"consoleURL"`
}

// Envelope is the JSON every target of a detection's rule receives: the
// Alert and the whole EventBridge event (request parameters and all).
type Envelope struct {
	// Alert is the readable summary.
	Alert Alert `json:"alert"`
	// Event is the EventBridge event as delivered.
	Event json.RawMessage `json:"event"`
}

// inputPaths are the event fields the Alert reads, by placeholder name.
var inputPaths = map[string]string{
	"principal":     "$.detail.userIdentity.arn",
	"principalType": "$.detail.userIdentity.type",
	"account":       "$.account",
	"service":       "$.detail.eventSource",
	"eventName":     "$.detail.eventName",
	"errorCode":     "$.detail.errorCode",
	"region":        "$.detail.awsRegion",
	"sourceIP":      "$.detail.sourceIPAddress",
	"time":          "$.detail.eventTime",
	"eventID":       "$.detail.eventID",
}

// ConsoleURLTemplate is the CloudTrail console's address of an event, with
// the <region> and <eventID> placeholders the input template fills.
const ConsoleURLTemplate = "https://console.aws.amazon.com/cloudtrail/home?region=<region>#/events/<eventID>"

// InputPaths are the input transformer's InputPathsMap for every
// detection's targets: placeholder name to the event field's JSON path.
// Only fields that never hold a double quote are read (ARNs, names, codes,
// addresses, times), since EventBridge inserts them unescaped.
func InputPaths() map[string]string { return maps.Clone(inputPaths) }

// InputTemplate is the input transformer's template that turns an event
// of d's rule into an Envelope: d's constants, the placeholders of
// InputPaths and the whole event (the predefined aws.events.event.json).
func (d Detection) InputTemplate() string {
	constant := func(s string) string {
		// json.Marshal escapes <, > and &, so constants never look like
		// placeholders to EventBridge.
		b, _ := json.Marshal(s)
		return string(b)
	}
	var b strings.Builder
	b.WriteString(`{"alert": {`)
	b.WriteString(`"detection": ` + constant(d.ID))
	b.WriteString(`, "title": ` + constant(d.Title))
	b.WriteString(`, "severity": ` + constant(string(d.Severity)))
	b.WriteString(`, "control": ` + constant(d.Control))
	b.WriteString(`, "remediation": ` + constant(d.Remediation))
	for _, k := range slices.Sorted(maps.Keys(inputPaths)) {
		b.WriteString(fmt.Sprintf(`, %q: "<%s>"`, k, k))
	}
	b.WriteString(`, "consoleURL": "` + ConsoleURLTemplate + `"`)
	b.WriteString(`}, "event": <aws.events.event.json>}`)
	return b.String()
}

// MaxSubjectLength is the longest SNS subject Render returns (SNS allows
// fewer than 100 characters).
const MaxSubjectLength = 99

// Render turns e into the subject and body of an e-mail (or any text
// message): the subject names severity, detection, call and caller; the
// body adds where, when, the key request parameters, the console link and
// what to do. The subject is ASCII without line breaks, as SNS requires.
func Render(e Envelope) (subject, body string) {
	a := e.Alert
	call := strings.TrimSuffix(a.Service, ".amazonaws.com") + ":" + a.EventName
	who := a.Principal
	if who == "" {
		who = a.PrincipalType
	}
	subject = fmt.Sprintf("[%s] %s: %s by %s in %s", strings.ToUpper(string(a.Severity)), a.Detection, call, who, a.Account)
	subject = asciiLine(subject, MaxSubjectLength)

	var b strings.Builder
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%-13s %s\n", label+":", value)
		}
	}
	fmt.Fprintf(&b, "trailbridge detection %s (%s severity): %s\n\n", a.Detection, a.Severity, a.Title)
	line("Control", a.Control)
	result := "succeeded"
	if a.ErrorCode != "" {
		result = "failed with " + a.ErrorCode
	}
	line("What", call+" ("+result+")")
	line("Request", keyParameters(e.Event, 600))
	line("Who", strings.TrimSpace(a.Principal+" ("+a.PrincipalType+")"))
	line("Account", a.Account)
	line("Where", strings.TrimSpace(a.Region+", from "+a.SourceIP))
	line("When", a.Time)
	line("Event", a.ConsoleURL)
	line("Event ID", a.EventID)
	if a.Remediation != "" {
		b.WriteString("\nWhat to do: " + a.Remediation + "\n")
	}
	return subject, b.String()
}

// keyParameters is the event's detail.requestParameters as compact JSON,
// cut to at most limit bytes ("" when there are none).
func keyParameters(event json.RawMessage, limit int) string {
	var ev struct {
		Detail struct {
			RequestParameters json.RawMessage `json:"requestParameters"`
		} `json:"detail"`
	}
	if json.Unmarshal(event, &ev) != nil {
		return ""
	}
	raw := bytes.TrimSpace(ev.Detail.RequestParameters)
	if len(raw) == 0 || string(raw) == "null" || string(raw) == "{}" {
		return ""
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return ""
	}
	s := buf.String()
	if len(s) > limit {
		s = s[:limit] + "..."
	}
	return s
}

// asciiLine makes s one line of printable ASCII of at most max bytes.
func asciiLine(s string, max int) string {
	out := []rune{}
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			out = append(out, ' ')
		case r < 0x20 || r == 0x7f:
		case r > unicode.MaxASCII:
			out = append(out, '?')
		default:
			out = append(out, r)
		}
	}
	if len(out) > max {
		out = append(out[:max-3], '.', '.', '.')
	}
	return string(out)
}
