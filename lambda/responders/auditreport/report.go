package auditreport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Report renders the Markdown report of an event whose record is raw. Every
// value taken from the record is put in a code span or block long enough
// that nothing in it (backticks, pipes, new lines) can change the
// document's structure.
func Report(ev *responderkit.Event, raw []byte) []byte {
	rec := ev.Record
	id := rec.UserIdentity
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s %s\n\n", code(rec.EventSource), code(rec.EventName))

	row := func(name, value string) {
		if value != "" {
			fmt.Fprintf(&b, "| %s | %s |\n", name, value)
		}
	}
	b.WriteString("| | |\n|---|---|\n")
	who := code(responderkit.Principal(id))
	if id.ARN != "" && id.ARN != id.PrincipalARN() {
		who += " as " + code(id.ARN)
	}
	row("Who", who)
	details := []string{}
	if id.Type != "" {
		details = append(details, "type "+code(string(id.Type)))
	}
	if id.AccountID != "" {
		details = append(details, "account "+code(id.AccountID))
	}
	if id.AccessKeyID != "" {
		details = append(details, "access key "+code(id.AccessKeyID))
	}
	if id.InvokedBy != "" {
		details = append(details, "invoked by "+code(id.InvokedBy))
	}
	if id.SessionContext != nil {
		mfa := "no"
		if id.MFAAuthenticated() {
			mfa = "yes"
		}
		details = append(details, "MFA "+mfa)
	}
	row("Identity", strings.Join(details, ", "))
	what := code(rec.EventSource) + " " + code(rec.EventName)
	if rec.EventType != "" {
		what += " (" + code(rec.EventType) + ")"
	}
	if rec.ReadOnly != nil {
		what += fmt.Sprintf(", read-only: %v", *rec.ReadOnly)
	}
	row("What", what)
	where := "region " + code(rec.AWSRegion)
	if acct := responderkit.Account(rec); acct != "" {
		where += ", account " + code(acct)
	}
	row("Where", where)
	row("When", code(rec.EventTime.UTC().Format(time.RFC3339)))
	row("Source IP", codeIf(rec.SourceIPAddress))
	row("User agent", codeIf(rec.UserAgent))
	if rec.Failed() || rec.ErrorMessage != "" {
		row("Result", "**failed**: "+code(rec.ErrorCode)+" "+codeIf(rec.ErrorMessage))
	} else {
		row("Result", "succeeded")
	}
	row("Event ID", code(rec.EventID))
	row("Request ID", codeIf(rec.RequestID))
	if rec.VPCEndpointID != "" {
		row("VPC endpoint", code(rec.VPCEndpointID))
	}

	section := func(title string, data json.RawMessage) {
		if len(data) == 0 || string(data) == "null" {
			return
		}
		fmt.Fprintf(&b, "\n## %s\n\n", title)
		block(&b, "json", indent(data))
	}
	section("Request", rec.RequestParameters)
	section("Response", rec.ResponseElements)
	section("Additional event data", rec.AdditionalEventData)
	if len(rec.Resources) > 0 {
		b.WriteString("\n## Resources\n\n")
		for _, r := range rec.Resources {
			fmt.Fprintf(&b, "- %s %s\n", code(r.ARN), codeIf(r.Type))
		}
	}
	b.WriteString("\n## Record\n\n")
	block(&b, "json", indent(raw))
	return b.Bytes()
}

func indent(data []byte) string {
	var out bytes.Buffer
	if err := json.Indent(&out, data, "", "  "); err != nil {
		return string(data)
	}
	return out.String()
}

// code returns s as a Markdown code span safe inside a table cell: new
// lines become spaces, pipes are escaped, and the fence is one backtick
// longer than the longest run of backticks in s.
func code(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", `\|`).Replace(s)
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || s == "" {
		s = " " + s + " "
	}
	return fence + s + fence
}

func codeIf(s string) string {
	if s == "" {
		return ""
	}
	return code(s)
}

// block writes a fenced code block whose fence is longer than any run of
// backticks in s.
func block(b *bytes.Buffer, lang, s string) {
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	fmt.Fprintf(b, "%s%s\n%s\n%s\n", fence, lang, strings.TrimRight(s, "\n"), fence)
}

func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}
