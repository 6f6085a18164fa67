package responderkit

import (
	"context"
	"fmt"
)

// ClientSource gives a responder the SDK clients (T: one client, or a
// struct of several) to use on the resources of an account. The
// *accounts.Accounts of package responder/accounts (assuming the member
// role in other accounts) is the one Lambda functions use; Fixed serves
// single-account use and tests.
type ClientSource[T any] interface {
	// For returns the clients for the resources of account; region is
	// the event's region (it gives the partition). A *SkippedError means
	// the responder must not act on the account.
	For(ctx context.Context, account, region string) (T, error)
}

// ClientSourceFunc is a function used as a ClientSource (in tests, for
// instance).
type ClientSourceFunc[T any] func(ctx context.Context, account, region string) (T, error)

// For calls f.
func (f ClientSourceFunc[T]) For(ctx context.Context, account, region string) (T, error) {
	return f(ctx, account, region)
}

// Fixed returns a ClientSource that gives clients for every account.
func Fixed[T any](clients T) ClientSource[T] { return fixed[T]{clients} }

type fixed[T any] struct{ clients T }

func (f fixed[T]) For(context.Context, string, string) (T, error) { return f.clients, nil }

// SessionName returns the role session name a responder uses in member
// accounts: "trailbridge-" followed by its name, such as
// "trailbridge-publicbucket". Its calls there are made by
// arn:PARTITION:sts::MEMBER:assumed-role/ROLE/trailbridge-NAME.
func SessionName(responderName string) string {
	s := "trailbridge-" + responderName
	if len(s) > 64 { // RoleSessionName allows 2 to 64 characters.
		s = s[:64]
	}
	return s
}

// MemberRoleARN returns the ARN of role roleName in account, in the
// partition of region: arn:PARTITION:iam::ACCOUNT:role/NAME.
func MemberRoleARN(region, account, roleName string) string {
	return "arn:" + Partition(region) + ":iam::" + account + ":role/" + roleName
}

// SkipOtherAccount returns the *SkippedError about an event of account,
// which is not the home account, when no member role is configured: reason
// "event from account ACCOUNT, not this account (HOME), and no member role
// is configured".
func SkipOtherAccount(account, home string) error {
	return Skip(otherAccountReason(account, home))
}

func otherAccountReason(account, home string) string {
	return fmt.Sprintf("event from account %s, not this account (%s), and no member role is configured", account, home)
}
