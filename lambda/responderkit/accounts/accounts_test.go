package accounts_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responderkit/accounts"
)

const (
	home     = "111111111111"
	member   = "222222222222"
	roleName = "trailbridge-test-member"
)

// clients stands for a responder's SDK clients: the configuration they
// were built from, and which build call made them.
type clients struct {
	cfg aws.Config
	n   int64
}

// accessKey returns the access key ID the clients sign with.
func (c clients) accessKey(t *testing.T) string {
	t.Helper()
	creds, err := c.cfg.Credentials.Retrieve(context.Background())
	if err != nil {
		t.Errorf("credentials: %v", err)
	}
	return creds.AccessKeyID
}

// fakeSTS answers AssumeRole with an access key ID naming the role's
// account ("ASIA" + account), or with AccessDenied for roles in deny.
func fakeSTS(t *testing.T, deny ...string) *awstest.Server {
	return awstest.NewServer(t, func(r awstest.Request) awstest.Response {
		if r.Action() != "AssumeRole" {
			return awstest.QueryError(http.StatusBadRequest, "UnexpectedRequest")
		}
		arn := r.Form.Get("RoleArn")
		for _, d := range deny {
			if arn == d {
				return awstest.QueryError(http.StatusForbidden, "AccessDenied")
			}
		}
		parts := strings.Split(arn, ":")
		return awstest.AssumeRole("ASIA" + parts[4])
	})
}

func newAccounts(base aws.Config, home, role string, builds *atomic.Int64) *accounts.Accounts[clients] {
	return accounts.New(base, home, role, "test", func(cfg aws.Config) clients {
		return clients{cfg: cfg, n: builds.Add(1)}
	})
}

func TestHomeUsesBaseClients(t *testing.T) {
	srv := fakeSTS(t)
	base := awstest.Config(srv.URL(), "eu-west-1")
	for _, tt := range []struct{ name, home, role, account string }{
		{"home account", home, roleName, home},
		{"home account, no role", home, "", home},
		{"home unknown", "", "", member},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var builds atomic.Int64
			a := newAccounts(base, tt.home, tt.role, &builds)
			for range 3 {
				c, err := a.For(context.Background(), tt.account, "eu-west-1")
				if err != nil {
					t.Fatal(err)
				}
				if got := c.accessKey(t); got != awstest.AccessKeyID {
					t.Errorf("access key %q, want the function's own %q", got, awstest.AccessKeyID)
				}
			}
			if builds.Load() != 1 {
				t.Errorf("built %d times, want once", builds.Load())
			}
		})
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d STS requests, want none", n)
	}
}

// TestNoAccountIsRefused checks that an event naming no account gets no
// clients (it got the home account's before), with or without a member
// role: the error is a rejection, so the event is retried and then
// dead-lettered rather than acted on in the wrong account.
func TestNoAccountIsRefused(t *testing.T) {
	for _, role := range []string{roleName, ""} {
		var builds atomic.Int64
		a := newAccounts(aws.Config{}, home, role, &builds)
		_, err := a.For(context.Background(), "", "eu-west-1")
		if !errors.Is(err, responderkit.ErrNoAccount) || !errors.As(err, new(*responderkit.RejectedError)) {
			t.Errorf("role %q: err = %v, want a rejection wrapping ErrNoAccount", role, err)
		}
		if builds.Load() != 0 {
			t.Errorf("role %q: built clients for an unknown account", role)
		}
	}
}

func TestOtherAccountWithoutRoleIsSkipped(t *testing.T) {
	var builds atomic.Int64
	a := newAccounts(aws.Config{}, home, "", &builds)
	_, err := a.For(context.Background(), member, "eu-west-1")
	var se *responderkit.SkippedError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v (%T), want *SkippedError", err, err)
	}
	const want = "event from account 222222222222, not this account (111111111111), and no member role is configured"
	if se.Reason != want {
		t.Errorf("reason %q\nwant   %q", se.Reason, want)
	}
	if builds.Load() != 0 {
		t.Errorf("built clients for an account it must not act on")
	}

	// The Handler skips such events before Respond (when it knows the
	// home account); a Respond that asks Accounts anyway gets the same
	// "skipped" decision.
	for _, cfg := range []responderkit.Config{
		{Mode: responderkit.ModeRemediate, HomeAccount: home},
		{Mode: responderkit.ModeRemediate},
	} {
		called := false
		s := spec(responderkit.ClientSourceFunc[clients](func(ctx context.Context, account, region string) (clients, error) {
			called = true
			return a.For(ctx, account, region)
		}))
		d, err := responderkit.NewHandler(cfg, s, nil).Decide(context.Background(), event(t, member))
		if err != nil || d.Action != responderkit.ActionSkipped || d.Reason != want {
			t.Errorf("home %q: decision %s %q, err %v; want skipped %q", cfg.HomeAccount, d.Action, d.Reason, err, want)
		}
		if cfg.HomeAccount != "" && called {
			t.Errorf("home %q: Respond called for another account without a member role", cfg.HomeAccount)
		}
	}
}

func TestAssumesMemberRole(t *testing.T) {
	srv := fakeSTS(t)
	var builds atomic.Int64
	a := newAccounts(awstest.Config(srv.URL(), "eu-west-1"), home, roleName, &builds)
	ctx := context.Background()

	c, err := a.For(ctx, member, "eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.accessKey(t); got != "ASIA"+member {
		t.Errorf("access key %q, want the member role's", got)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d STS requests, want 1", len(reqs))
	}
	f := reqs[0].Form
	if got, want := f.Get("RoleArn"), "arn:aws:iam::222222222222:role/trailbridge-test-member"; got != want {
		t.Errorf("RoleArn = %q, want %q", got, want)
	}
	if got := f.Get("RoleSessionName"); got != "trailbridge-test" || got != responderkit.SessionName("test") {
		t.Errorf("RoleSessionName = %q, want trailbridge-test", got)
	}
	// The call to STS is signed with the function's own credentials.
	if auth := reqs[0].Header.Get("Authorization"); !strings.Contains(auth, "Credential="+awstest.AccessKeyID+"/") {
		t.Errorf("AssumeRole signed with %s", auth)
	}

	// Cached: the same clients, no new AssumeRole, no new build.
	again, err := a.For(ctx, member, "eu-west-1")
	if err != nil || again.n != c.n || len(srv.Requests()) != 1 || builds.Load() != 1 {
		t.Errorf("second For: build %d (first %d), %d STS requests, %d builds, err %v", again.n, c.n, len(srv.Requests()), builds.Load(), err)
	}
	// The home account still uses the function's own credentials.
	own, err := a.For(ctx, home, "eu-west-1")
	if err != nil || own.accessKey(t) != awstest.AccessKeyID {
		t.Errorf("home account: %v, %v", own.accessKey(t), err)
	}

	// Another account: its own role and clients; the partition comes
	// from the event's region.
	for _, tt := range []struct{ account, region, arn string }{
		{"333333333333", "us-east-1", "arn:aws:iam::333333333333:role/trailbridge-test-member"},
		{"444444444444", "cn-north-1", "arn:aws-cn:iam::444444444444:role/trailbridge-test-member"},
	} {
		n := len(srv.Requests())
		c, err := a.For(ctx, tt.account, tt.region)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.accessKey(t); got != "ASIA"+tt.account {
			t.Errorf("%s: access key %q", tt.account, got)
		}
		reqs := srv.Requests()
		if len(reqs) != n+1 || reqs[n].Form.Get("RoleArn") != tt.arn {
			t.Errorf("%s: STS requests %d, RoleArn %q; want %q", tt.account, len(reqs)-n, reqs[len(reqs)-1].Form.Get("RoleArn"), tt.arn)
		}
	}
	if builds.Load() != 4 {
		t.Errorf("%d builds, want 4 (one per account)", builds.Load())
	}
}

func TestConcurrent(t *testing.T) {
	srv := fakeSTS(t)
	var builds atomic.Int64
	a := newAccounts(awstest.Config(srv.URL(), "eu-west-1"), home, roleName, &builds)
	accounts := []string{home, member, "333333333333"}
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			acct := accounts[i%len(accounts)]
			c, err := a.For(context.Background(), acct, "eu-west-1")
			if err != nil {
				t.Error(err)
				return
			}
			want := "ASIA" + acct
			if acct == home {
				want = awstest.AccessKeyID
			}
			if got := c.accessKey(t); got != want {
				t.Errorf("%s: access key %q, want %q", acct, got, want)
			}
		})
	}
	wg.Wait()
	if builds.Load() != 3 {
		t.Errorf("%d builds, want 3 (one per account)", builds.Load())
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("%d AssumeRole calls, want 2 (one per member account)", n)
	}
}

func TestAssumeRoleFailure(t *testing.T) {
	const arn = "arn:aws:iam::222222222222:role/trailbridge-test-member"
	srv := fakeSTS(t, arn)
	var builds atomic.Int64
	a := newAccounts(awstest.Config(srv.URL(), "eu-west-1"), home, roleName, &builds)

	_, err := a.For(context.Background(), member, "eu-west-1")
	if err == nil || !strings.Contains(err.Error(), arn) || !strings.Contains(err.Error(), "AccessDenied") {
		t.Fatalf("err = %v; want an error naming %s and the cause", err, arn)
	}
	if errors.As(err, new(*responderkit.SkippedError)) || errors.As(err, new(*responderkit.RejectedError)) {
		t.Errorf("err is %T: want a plain error, so that the event is retried", err)
	}

	// Through a Handler: "failed" and the error returned.
	cfg := responderkit.Config{Mode: responderkit.ModeRemediate, HomeAccount: home, MemberRoleName: roleName}
	d, err := responderkit.NewHandler(cfg, spec(a), nil).Decide(context.Background(), event(t, member))
	if err == nil || d.Action != responderkit.ActionFailed || !strings.Contains(d.Reason, "assume role "+arn) {
		t.Errorf("decision %s %q, err %v; want failed naming the role", d.Action, d.Reason, err)
	}

	// Another try asks STS again.
	n := len(srv.Requests())
	if _, err := a.For(context.Background(), member, "eu-west-1"); err == nil || len(srv.Requests()) != n+1 {
		t.Errorf("retry: err %v, %d new STS requests", err, len(srv.Requests())-n)
	}
}

func TestRejectsBadAccount(t *testing.T) {
	var builds atomic.Int64
	a := newAccounts(aws.Config{}, home, roleName, &builds)
	if _, err := a.For(context.Background(), "22222222222x", "eu-west-1"); !errors.As(err, new(*responderkit.RejectedError)) {
		t.Errorf("err = %v, want *RejectedError", err)
	}
}

// event is a PutBucketPolicy event of account, as the central bus gets it.
func event(t *testing.T, account string) []byte {
	t.Helper()
	rec := `{"eventVersion": "1.09", "eventTime": "2024-05-02T10:01:12Z", "eventSource": "s3.amazonaws.com",
	  "eventName": "PutBucketPolicy", "awsRegion": "eu-west-1", "eventID": "0b6b0b4e",
	  "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111111111111:user/bob", "accountId": "111111111111"},
	  "requestParameters": {"bucketName": "example-bucket"}}`
	return testevent.Set(t, testevent.Wrap(t, []byte(rec)), "recipientAccountId", account)
}

// spec is a responder that asks a for the event's clients, then remediates.
func spec(a responderkit.ClientSource[clients]) responderkit.Spec {
	return responderkit.Spec{Name: "test", Events: map[string][]string{cloudtrail.SourceS3: {"PutBucketPolicy"}},
		Respond: func(ctx context.Context, ev *responderkit.Event) (responderkit.Decision, error) {
			if _, err := a.For(ctx, ev.Account(), ev.Region()); err != nil {
				return responderkit.Decision{}, err
			}
			return ev.Decide(responderkit.ActionRemediated, "arn:aws:s3:::example-bucket", "fixed", nil), nil
		}}
}
