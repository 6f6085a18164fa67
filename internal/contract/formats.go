package contract

import (
	"net"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The format checks below return "" for a valid value, else what is allowed,
// as a noun phrase: the app configuration reports it as `allowed: <phrase>`
// and a handler as `must be <phrase>`, so both sides say the same.

// Descriptions of the formats, returned by the checks.
const (
	// AccountRule describes Account.
	AccountRule = "a 12-digit AWS account ID"
	// RoleARNRule describes RoleARN.
	RoleARNRule = "an IAM role ARN, arn:aws:iam::ACCOUNT:role/NAME (not a session ARN)"
	// RoleNameRule describes RoleName.
	RoleNameRule = "an IAM role name (1 to 64 letters, digits and +=,.@_-), not an ARN or path"
	// GroupNameRule describes GroupName.
	GroupNameRule = "an IAM group name: 1 to 128 letters, digits and +=,.@_- (not an ARN or path)"
	// TrailNameRule describes TrailName.
	TrailNameRule = "3 to 128 letters, digits, '.', '_' and '-', starting and ending with a letter or digit, with no two of '.', '_', '-' adjacent, and not an IP address"
	// TrailRule describes Trail.
	TrailRule = "a trail name or trail ARN (arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME), the name " + TrailNameRule
	// TagKeyRule describes TagKey.
	TagKeyRule = `a tag key of 1 to 128 characters not starting with "aws:" (letters, digits, spaces and _ . : / = + - @)`
	// TagRule describes Tag.
	TagRule = "key=value, e.g. " + DefaultExemptTag + ", the key " + TagKeyRule + ", the value at most 256 characters"
	// PortRule describes Port.
	PortRule = "a TCP port from 1 to 65535"
	// PrincipalPatternRule describes PrincipalPattern.
	PrincipalPatternRule = `an ARN pattern starting with "arn:" (wildcards * and ?), without spaces or commas, e.g. arn:aws:iam::*:role/BreakGlass*`
)

var (
	reAccount   = regexp.MustCompile(`^[0-9]{12}$`)
	reRoleARN   = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]+$`)
	reRoleName  = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	reGroupName = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)
	reTrailName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$`)
	reTrailARN  = regexp.MustCompile(`^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:[0-9]{12}:trail/(.*)$`)
	reTagChars  = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$`)
)

// Account checks a 12-digit AWS account ID.
func Account(s string) string { return unless(reAccount.MatchString(s), AccountRule) }

// RoleARN checks an IAM role ARN (any path, any partition).
func RoleARN(s string) string { return unless(reRoleARN.MatchString(s), RoleARNRule) }

// RoleName checks an IAM role name (no path).
func RoleName(s string) string { return unless(reRoleName.MatchString(s), RoleNameRule) }

// GroupName checks an IAM group name (no path).
func GroupName(s string) string { return unless(reGroupName.MatchString(s), GroupNameRule) }

// TrailName checks a CloudTrail trail name (CreateTrail's rules).
func TrailName(s string) string {
	if !reTrailName.MatchString(s) || net.ParseIP(s) != nil {
		return TrailNameRule
	}
	for _, bad := range []string{"..", "._", "_.", ".-", "-.", "-_", "_-", "__", "--"} {
		if strings.Contains(s, bad) {
			return TrailNameRule
		}
	}
	return ""
}

// Trail checks a protected trail: a trail name, or a trail ARN whose name
// obeys the same rules as TrailName.
func Trail(s string) string {
	if m := reTrailARN.FindStringSubmatch(s); m != nil {
		return unless(TrailName(m[1]) == "", TrailRule)
	}
	if strings.HasPrefix(s, "arn:") {
		return TrailRule
	}
	return unless(TrailName(s) == "", TrailRule)
}

// TagKey checks a tag key that S3, RDS, Lambda and EC2 all accept and that is
// not reserved by AWS.
func TagKey(s string) string {
	ok := utf8.RuneCountInString(s) <= 128 && reTagChars.MatchString(s) && !strings.HasPrefix(strings.ToLower(s), "aws:")
	return unless(ok, TagKeyRule)
}

// Tag checks a key=value tag (split at the first "="; the value may be
// empty).
func Tag(s string) string {
	k, v, ok := strings.Cut(s, "=")
	return unless(ok && TagKey(k) == "" && utf8.RuneCountInString(v) <= 256, TagRule)
}

// Port checks a TCP port number given as text.
func Port(s string) string {
	p, err := strconv.Atoi(s)
	return unless(err == nil && p >= 1 && p <= 65535, PortRule)
}

// PortNumber checks a TCP port number.
func PortNumber(p int) string { return unless(p >= 1 && p <= 65535, PortRule) }

// PrincipalPattern checks an exempt principal pattern.
func PrincipalPattern(s string) string {
	return unless(strings.HasPrefix(s, "arn:") && !strings.ContainsAny(s, " ,"), PrincipalPatternRule)
}

func unless(ok bool, rule string) string {
	if ok {
		return ""
	}
	return rule
}
