package detection

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
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

// Longest texts of a detection that InputTemplate and Render are built for.
// At these lengths the template stays under EventBridge's
// MaxInputTemplateLength even when every character is one json.Marshal
// escapes to six (TestInputTemplateLength), and an alert e-mail stays short
// enough to read. Configuration that accepts a detection's texts (custom
// detections) enforces them; Description is not in the template, only in
// the docs.
const (
	// MaxTitleLength is the longest Title.
	MaxTitleLength = 100
	// MaxControlLength is the longest Control.
	MaxControlLength = 100
	// MaxDescriptionLength is the longest Description.
	MaxDescriptionLength = 1000
	// MaxRemediationLength is the longest Remediation.
	MaxRemediationLength = 1000
)

// MaxInputTemplateLength is EventBridge's limit on an input transformer's
// InputTemplate (characters).
const MaxInputTemplateLength = 8192

// MaxSubjectLength is the longest SNS subject Render returns (SNS allows
// fewer than 100 characters).
const MaxSubjectLength = 99

// maxRequestLength is how many bytes of the request parameters the body
// shows.
const maxRequestLength = 600

// Render turns e into the subject and body of an e-mail (or any text
// message): the subject names severity, detection, call, caller and
// account; the body adds the control, whether the call failed, the request
// parameters (compact, cut to a few hundred bytes), where, when, the
// console link and what to do. The subject is printable ASCII without line
// breaks and at most MaxSubjectLength characters, as SNS requires: a long
// caller is shortened (and cut) so that the account still shows.
func Render(e Envelope) (subject, body string) {
	a := e.Alert
	details := eventDetails(e.Event)
	if a.Principal == "" && a.PrincipalType == "" {
		// A service's own calls name only the service (invokedBy).
		a.PrincipalType = details.InvokedBy
	}
	call := strings.TrimSuffix(a.Service, ".amazonaws.com") + ":" + a.EventName
	subject = renderSubject(a, call)

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
	if a.ErrorCode != "" {
		line("Error", cut(details.ErrorMessage, maxRequestLength))
	}
	line("Request", details.Request)
	who := a.Principal
	switch {
	case who == "":
		who = a.PrincipalType
	case a.PrincipalType != "":
		who += " (" + a.PrincipalType + ")"
	}
	line("Who", who)
	line("Account", a.Account)
	where := a.Region
	if a.SourceIP != "" {
		where = strings.TrimPrefix(where+", from "+a.SourceIP, ", ")
	}
	line("Where", where)
	line("When", a.Time)
	if a.EventID != "" { // else the link leads nowhere
		line("Event", a.ConsoleURL)
		line("Event ID", a.EventID)
	}
	if a.Remediation != "" {
		b.WriteString("\nWhat to do: " + a.Remediation + "\n")
	}
	return subject, b.String()
}

// renderSubject is "[SEVERITY] detection: service:EventName by caller in
// account" as one line of printable ASCII of at most MaxSubjectLength
// characters. The caller is shortened to the part of its ARN after the
// account when that is the event's account, and cut before anything else.
func renderSubject(a Alert, call string) string {
	head := asciiLine(fmt.Sprintf("[%s] %s: %s", strings.ToUpper(string(a.Severity)), a.Detection, call))
	tail := asciiLine(" in " + a.Account)
	if a.Account == "" {
		tail = ""
	}
	who := asciiLine(shortPrincipal(a))
	if who == "" {
		return cutASCII(head+tail, MaxSubjectLength)
	}
	room := MaxSubjectLength - len(head) - len(tail) - len(" by ")
	if len(who) > room && room >= len("x...") {
		who = who[:room-3] + "..."
	}
	return cutASCII(head+" by "+who+tail, MaxSubjectLength)
}

// shortPrincipal is the caller for a subject: the resource part of its ARN
// (user/NAME, assumed-role/ROLE/SESSION, root) when the ARN is of the
// event's account, else the whole ARN, else the identity type.
func shortPrincipal(a Alert) string {
	if a.Principal == "" {
		return a.PrincipalType
	}
	// arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE
	parts := strings.SplitN(a.Principal, ":", 6)
	if len(parts) == 6 && parts[0] == "arn" && parts[4] == a.Account && parts[5] != "" {
		return parts[5]
	}
	return a.Principal
}

// details are the parts of the event the body shows beyond the Alert.
type details struct {
	// Request is detail.requestParameters as compact JSON cut to
	// maxRequestLength bytes ("" when there are none).
	Request string
	// ErrorMessage is detail.errorMessage.
	ErrorMessage string
	// InvokedBy is detail.userIdentity.invokedBy, the AWS service that
	// made the call.
	InvokedBy string
}

// eventDetails reads the details of event (an EventBridge event of a
// CloudTrail record); what it cannot read is left empty.
func eventDetails(event json.RawMessage) details {
	var ev struct {
		Detail struct {
			RequestParameters json.RawMessage `json:"requestParameters"`
			ErrorMessage      any             `json:"errorMessage"`
			UserIdentity      struct {
				InvokedBy any `json:"invokedBy"`
			} `json:"userIdentity"`
		} `json:"detail"`
	}
	if json.Unmarshal(event, &ev) != nil {
		return details{}
	}
	var d details
	if msg, ok := ev.Detail.ErrorMessage.(string); ok {
		d.ErrorMessage = msg
	}
	if by, ok := ev.Detail.UserIdentity.InvokedBy.(string); ok {
		d.InvokedBy = by
	}
	raw := bytes.TrimSpace(ev.Detail.RequestParameters)
	if len(raw) == 0 || string(raw) == "null" || string(raw) == "{}" {
		return d
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return d
	}
	d.Request = cut(buf.String(), maxRequestLength)
	return d
}

// cut returns s cut to at most limit bytes at a character boundary, with
// "..." appended when anything was cut.
func cut(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	i := limit
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}

// asciiLine makes s one line of printable ASCII: line breaks and tabs
// become spaces, other control characters are dropped and every non-ASCII
// character becomes '?'.
func asciiLine(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
		case r > unicode.MaxASCII:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cutASCII cuts s (ASCII) to at most max bytes, ending in "..." when cut.
func cutASCII(s string, max int) string {
	if len(s) <= max {
		return s
	}
	return s[:max-3] + "..."
}
