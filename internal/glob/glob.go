// Package glob is trailbridge's one glob matcher, for ARN and IAM action
// patterns: "*" matches any run of characters (including none, and
// including "/" and ":"), "?" exactly one character, and every other
// character itself. It is used by the responders' principal exemptions
// (case-sensitive, as ARNs are) and by the IAM policy gates (IAM action
// names are case-insensitive).
package glob

import "strings"

// Match reports whether s matches pattern, case-sensitively.
func Match(pattern, s string) bool {
	// Iterative matching with one backtrack point (the last "*"): linear in
	// practice and never exponential.
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// MatchFold is Match ignoring case, as IAM compares action names
// ("KMS:decrypt" covers "kms:Decrypt").
func MatchFold(pattern, s string) bool {
	return Match(strings.ToLower(pattern), strings.ToLower(s))
}
