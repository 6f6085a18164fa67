// Package accounts gives Lambda responders the SDK clients of each
// account they act in: the function's own for its home account, and those
// of the member role, assumed with sts:AssumeRole, for the other accounts
// of the organization (see "Accounts" in package responder). It is apart
// from package responder so that the responders' logic, and whatever
// tests or benchmarks it, do not depend on STS.
package accounts

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Accounts gives the SDK clients for each account's resources, built by
// one function from an aws.Config: the function's own (base) for its home
// account, and for any other account one whose credentials come from
// assuming the member role there (sts:AssumeRole of
// arn:PARTITION:iam::ACCOUNT:role/ROLENAME with session name
// responderkit.SessionName(responderName), refreshed before they expire).
// Clients are built when first asked for and kept for the life of the
// process, one set per account. It is a responderkit.ClientSource, safe for
// concurrent use.
//
// For gives the base clients when account is the home account or when
// the home account is unknown (""), and a *responderkit.RejectedError
// wrapping responderkit.ErrNoAccount when the event names no account. For
// another account it returns a *responderkit.SkippedError when no role name is
// configured (single-account mode), and an error naming the role when the
// role cannot be assumed (so that the event is retried, then kept in the
// dead-letter queue or on-failure destination).
type Accounts[T any] struct {
	base     aws.Config
	home     string
	roleName string
	session  string
	build    func(aws.Config) T
	sts      stscreds.AssumeRoleAPIClient

	mu      sync.Mutex
	own     *T
	members map[string]*member[T] // by role ARN
}

type member[T any] struct {
	creds   *aws.CredentialsCache
	clients T
}

// New returns Accounts building clients with build from base (the
// function's configuration, as from config.LoadDefaultConfig) for the
// home account, and from base with the member role's credentials for
// other accounts. home is responderkit.Config.HomeAccount, roleName
// responderkit.Config.MemberRoleName and responderName the responder's
// Spec.Name. STS
// is called through a client made from base (its region and endpoint).
func New[T any](base aws.Config, home, roleName, responderName string, build func(aws.Config) T) *Accounts[T] {
	a := &Accounts[T]{
		base:     base,
		home:     home,
		roleName: roleName,
		session:  responderkit.SessionName(responderName),
		build:    build,
		members:  map[string]*member[T]{},
	}
	if roleName != "" {
		a.sts = sts.NewFromConfig(base)
	}
	return a
}

// For returns the clients for the resources of account; region (the
// event's) gives the partition of the member role's ARN.
func (a *Accounts[T]) For(ctx context.Context, account, region string) (T, error) {
	if account == "" {
		// Never the home account's clients for a resource whose account
		// is unknown.
		var zero T
		return zero, responderkit.Reject(responderkit.ErrNoAccount)
	}
	if a.home == "" || account == a.home {
		a.mu.Lock()
		defer a.mu.Unlock()
		if a.own == nil {
			c := a.build(a.base)
			a.own = &c
		}
		return *a.own, nil
	}
	var zero T
	if a.roleName == "" {
		return zero, responderkit.SkipOtherAccount(account, a.home)
	}
	if contract.Account(account) != "" {
		return zero, responderkit.Reject(fmt.Errorf("account %q: not a 12-digit account ID", account))
	}
	arn := responderkit.MemberRoleARN(region, account, a.roleName)
	m := a.member(arn)
	if _, err := m.creds.Retrieve(ctx); err != nil {
		return zero, fmt.Errorf("assume role %s (session %s) for account %s: %w", arn, a.session, account, err)
	}
	return m.clients, nil
}

// member returns the clients of the role arn, building them on first use.
// Credentials are fetched when first needed (For retrieves them at once).
func (a *Accounts[T]) member(arn string) *member[T] {
	a.mu.Lock()
	defer a.mu.Unlock()
	if m, ok := a.members[arn]; ok {
		return m
	}
	creds := aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(a.sts, arn, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = a.session
	}))
	cfg := a.base.Copy()
	cfg.Credentials = creds
	m := &member[T]{creds: creds, clients: a.build(cfg)}
	a.members[arn] = m
	return m
}
