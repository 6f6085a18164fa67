package detection

import (
	"fmt"
	"slices"
	"strings"

	"github.com/trailbridge/trailbridge/catalog"
)

// tableNames is how many event names a Table row lists before it says how
// many more there are.
const tableNames = 4

// Table returns ds as a Markdown table, one row per detection in the given
// order: ID, title, severity, control, what it matches (service:event
// names, shortened), the responder acting on the same events, and source.
// The README's detection table is Table(append(CIS(), Builtin()...)).
func Table(ds []Detection) string {
	var b strings.Builder
	b.WriteString("| ID | Title | Severity | Control | Matches | Responder | Source |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for _, d := range ds {
		responder := "-"
		if d.Responder != "" {
			responder = "`" + d.Responder + "`"
		}
		control := d.Control
		if control == "" {
			control = "-"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s |\n",
			cell(d.ID), cell(d.Title), d.Severity, cell(control), cell(matchSummary(d.Match)), responder, d.Source)
	}
	return b.String()
}

// matchSummary is m in a line: the services and event names
// ("iam:PutUserPolicy, iam:PutRolePolicy +14 more"), then the other
// conditions in words.
func matchSummary(m Match) string {
	var calls []string
	names := append([]string(nil), m.EventNames...)
	for _, p := range m.EventNamePrefixes {
		names = append(names, p+"*")
	}
	services := m.Services
	switch {
	case len(services) == 0 && len(names) == 0:
		calls = append(calls, "any call of any service")
	case len(names) == 0:
		for _, s := range services {
			calls = append(calls, s+":*")
		}
	case len(services) == 0:
		calls = append(calls, "any service:"+strings.Join(names, ", "))
	default:
		for _, s := range services {
			for _, n := range names {
				calls = append(calls, s+":"+n)
			}
		}
	}
	if len(calls) > tableNames {
		calls = append(calls[:tableNames:tableNames], fmt.Sprintf("+%d more", len(calls)-tableNames))
	}
	parts := []string{strings.Join(calls, ", ")}
	if len(m.DetailTypes) > 0 {
		var kinds []string
		for _, dt := range m.DetailTypes {
			w := detailTypeWords[dt]
			if w == "" {
				w = dt
			}
			kinds = append(kinds, w)
		}
		parts = append(parts, strings.Join(kinds, ", "))
	}
	if len(m.UserIdentityTypes) > 0 {
		parts = append(parts, "by "+strings.Join(m.UserIdentityTypes, " or "))
	}
	var fields []string
	for k := range m.RequestParameters {
		fields = append(fields, "requestParameters."+k)
	}
	fields = append(fields, leafPaths(m.Extra, "")...)
	if len(fields) > 0 {
		slices.Sort(fields)
		parts = append(parts, "conditions on "+strings.Join(fields, ", "))
	}
	if m.IncludeFailed {
		parts = append(parts, "failed calls included")
	}
	if m.IncludeReadOnly {
		parts = append(parts, "read-only calls included")
	}
	return strings.Join(parts, "; ")
}

// leafPaths are the dotted paths of m's values that are not objects, with
// the event's "detail." left out.
func leafPaths(m map[string]any, prefix string) []string {
	var out []string
	for k, v := range m {
		path := prefix + k
		if sub, ok := v.(map[string]any); ok {
			out = append(out, leafPaths(sub, path+".")...)
			continue
		}
		out = append(out, strings.TrimPrefix(path, "detail."))
	}
	return out
}

// detailTypeWords name the detail types in the table.
var detailTypeWords = map[string]string{
	catalog.DetailTypeAPICall:       "API calls",
	catalog.DetailTypeConsoleSignIn: "console sign-ins",
	catalog.DetailTypeConsoleAction: "console actions",
	catalog.DetailTypeServiceEvent:  "service events",
	catalog.DetailTypeInsight:       "Insights events",
}

// cell makes s safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}
