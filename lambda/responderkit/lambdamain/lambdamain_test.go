package lambdamain

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responderkit/accounts"
)

// clients stands for a responder's SDK clients: the configuration they
// were built from.
type clients struct{ region string }

// event is a successful call in account 222222222222, eu-west-1.
const event = `{"version":"0","id":"1","detail-type":"AWS API Call via CloudTrail","source":"aws.s3","account":"222222222222","region":"eu-west-1","detail":{"eventVersion":"1.08","eventID":"e1","eventTime":"2024-01-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"PutBucketAcl","awsRegion":"eu-west-1","recipientAccountId":"222222222222","userIdentity":{"type":"IAMUser","accountId":"222222222222","arn":"arn:aws:iam::222222222222:user/alice"}}}`

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func goodEnv() map[string]string {
	return map[string]string{
		responderkit.EnvMode: "remediate", responderkit.EnvHomeAccount: "111111111111",
		"AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret",
	}
}

// kind returns a Kind over responderkit.Config whose Respond records the
// clients it acts through; home selects Kind.Home instead of Kind.For, and
// source receives the ClientSource Start made.
func kind(home bool, built *int, used *[]clients, source *responderkit.ClientSource[clients]) responderkit.Kind[responderkit.Config, clients] {
	k := responderkit.Kind[responderkit.Config, clients]{
		Facts:   responderkit.Facts[responderkit.Config]{Name: "test", ConfigFromEnv: responderkit.ConfigFromEnv},
		Common:  func(c *responderkit.Config) *responderkit.Config { return c },
		Clients: func(c aws.Config) clients { *built++; return clients{region: c.Region} },
	}
	if home {
		k.Home = func(_ responderkit.Config, c clients) responderkit.Spec {
			return responderkit.Spec{Name: "test", AnyAccount: true, Respond: func(_ context.Context, ev *responderkit.Event) (responderkit.Decision, error) {
				*used = append(*used, c)
				return ev.Decide(responderkit.ActionCompliant, "r", "ok", nil), nil
			}}
		}
	} else {
		k.For = func(_ responderkit.Config, s responderkit.ClientSource[clients]) responderkit.Spec {
			*source = s
			return responderkit.Spec{Name: "test", Respond: func(ctx context.Context, ev *responderkit.Event) (responderkit.Decision, error) {
				c, err := s.For(ctx, ev.Account(), ev.Region())
				if err != nil {
					return responderkit.Decision{}, err
				}
				*used = append(*used, c)
				return ev.Decide(responderkit.ActionCompliant, "r", "ok", nil), nil
			}}
		}
	}
	return k
}

// TestConfigErrors checks that the responder's configuration is read
// first, then the AWS one, and that each bad variable is named.
func TestConfigErrors(t *testing.T) {
	var built int
	k := kind(false, &built, nil, new(responderkit.ClientSource[clients]))

	bad := goodEnv()
	bad[responderkit.EnvMode] = "on"
	delete(bad, "AWS_REGION")
	_, err := handler(k, env(bad), nil)
	if ee := (*responderkit.EnvError)(nil); !errors.As(err, &ee) || ee.Var != responderkit.EnvMode || strings.Contains(err.Error(), "AWS_REGION") {
		t.Errorf("bad mode and region: got %v, want the %s error first", err, responderkit.EnvMode)
	}

	bad[responderkit.EnvMode] = "remediate"
	if _, err := handler(k, env(bad), nil); err == nil || !strings.Contains(err.Error(), "AWS_REGION") {
		t.Errorf("no region: got %v, want an AWS_REGION error", err)
	}
	if built != 0 {
		t.Errorf("clients built %d times despite the errors", built)
	}
}

// TestHome checks that a responder without Kind.For acts with clients
// built once from the function's own configuration, for events of any
// account.
func TestHome(t *testing.T) {
	var built int
	var used []clients
	k := kind(true, &built, &used, nil)
	h, err := handler(k, env(goodEnv()), nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if d, err := h.Decide(context.Background(), []byte(event)); err != nil || d.Action != responderkit.ActionCompliant {
			t.Fatalf("decision %s %q, err %v", d.Action, d.Reason, err)
		}
	}
	if built != 1 || len(used) != 2 || used[0].region != "eu-west-1" {
		t.Errorf("built %d, used %v; want built once from the environment's configuration", built, used)
	}
}

// TestAccounts checks that a responder with Kind.For gets an
// *accounts.Accounts configured from the environment: the function's own
// clients in the home account, other accounts' events skipped without a
// member role and served through it with one.
func TestAccounts(t *testing.T) {
	var built int
	var used []clients
	var source responderkit.ClientSource[clients]
	k := kind(false, &built, &used, &source)

	h, err := handler(k, env(goodEnv()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := source.(*accounts.Accounts[clients]); !ok {
		t.Fatalf("source is %T, want *accounts.Accounts", source)
	}
	if c, err := source.For(context.Background(), "111111111111", "eu-west-1"); err != nil || c.region != "eu-west-1" || built != 1 {
		t.Errorf("home account: clients %v, err %v, built %d", c, err, built)
	}
	d, err := h.Decide(context.Background(), []byte(event))
	if err != nil || d.Action != responderkit.ActionSkipped || !strings.Contains(d.Reason, "no member role") || len(used) != 0 {
		t.Errorf("other account without member role: decision %s %q, err %v, used %v", d.Action, d.Reason, err, used)
	}

	withRole := goodEnv()
	withRole[responderkit.EnvMemberRoleName] = "trailbridge-test-member"
	withRole["AWS_ENDPOINT_URL"], withRole["AWS_MAX_ATTEMPTS"] = "http://127.0.0.1:1", "1"
	if _, err := handler(k, env(withRole), nil); err != nil {
		t.Fatal(err)
	}
	// The member role is assumed through STS at the configured endpoint:
	// an unreachable one makes the error name the role and session.
	if _, err := source.For(context.Background(), "222222222222", "eu-west-1"); err == nil ||
		!strings.Contains(err.Error(), "arn:aws:iam::222222222222:role/trailbridge-test-member") || !strings.Contains(err.Error(), "trailbridge-test") {
		t.Errorf("member account: err %v, want the member role's assume-role error", err)
	}
}
