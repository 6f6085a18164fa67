package responderkit

import (
	"strings"

	"github.com/trailbridge/trailbridge/internal/glob"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
)

// Principal returns the principal to name in a Decision: the role ARN for
// an assumed role, else the identity's ARN, else the service that made the
// call, else "account:ID", else "unknown".
func Principal(id cloudtrail.UserIdentity) string {
	switch {
	case id.PrincipalARN() != "":
		return id.PrincipalARN()
	case id.InvokedBy != "":
		return id.InvokedBy
	case id.AccountID != "":
		return "account:" + id.AccountID
	}
	return "unknown"
}

// IsSelf reports whether the call was made by the role roleARN: its
// principal is that role, or its session ARN
// (arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION) names a role of that
// account and name (session ARNs omit the role's path).
func IsSelf(id cloudtrail.UserIdentity, roleARN string) bool {
	if roleARN == "" {
		return false
	}
	if id.PrincipalARN() == roleARN {
		return true
	}
	acct, name := roleAccountAndName(roleARN)
	if acct == "" {
		return false
	}
	prefix, rest, ok := strings.Cut(id.ARN, ":assumed-role/")
	if !ok || !strings.HasSuffix(prefix, ":sts::"+acct) {
		return false
	}
	role, _, _ := strings.Cut(rest, "/")
	return role == name
}

// isRole reports whether the call was made by a role named name (in any
// account, with any path): its issuer is arn:...:iam::ACCOUNT:role/PATH/NAME
// or its session ARN arn:...:sts::ACCOUNT:assumed-role/NAME/SESSION.
func isRole(id cloudtrail.UserIdentity, name string) bool {
	if name == "" {
		return false
	}
	if _, n := roleAccountAndName(id.PrincipalARN()); n == name {
		return true
	}
	_, rest, ok := strings.Cut(id.ARN, ":assumed-role/")
	if !ok || !strings.Contains(id.ARN, ":sts::") {
		return false
	}
	role, _, _ := strings.Cut(rest, "/")
	return role == name
}

// roleAccountAndName splits arn:aws:iam::ACCOUNT:role/PATH/NAME.
func roleAccountAndName(arn string) (account, name string) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[2] != "iam" || !strings.HasPrefix(parts[5], "role/") {
		return "", ""
	}
	res := parts[5]
	return parts[4], res[strings.LastIndex(res, "/")+1:]
}

// Account returns the account a record's resources belong to:
// recipientAccountId, else the caller's account.
func Account(r *cloudtrail.Record) string {
	if r.RecipientAccountID != "" {
		return r.RecipientAccountID
	}
	return r.UserIdentity.AccountID
}

// Partition returns the ARN partition of region: "aws-cn" for cn-*,
// "aws-us-gov" for us-gov-*, "aws-iso" for us-iso-*, "aws-iso-b" for
// us-isob-*, else "aws".
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	}
	return "aws"
}

// exemptPattern returns the first of patterns that the call's principal
// matches: the role ARN (for an assumed role) or the identity's ARN.
func exemptPattern(id cloudtrail.UserIdentity, patterns []string) (string, bool) {
	for _, p := range patterns {
		for _, arn := range []string{id.PrincipalARN(), id.ARN} {
			if arn != "" && glob.Match(p, arn) {
				return p, true
			}
		}
	}
	return "", false
}
