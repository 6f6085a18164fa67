package publicbucket

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/sourcetest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responderkit/accounts"
	"github.com/trailbridge/trailbridge/lambda/responders/publicbucket/internal/s3fake"
	"github.com/trailbridge/trailbridge/lambda/responders/publicbucket/settings"
)

const member = "222222222222"

// memberCfg is cfg in organization mode: home account 111111111111,
// member role trailbridge-publicbucket-member.
func memberCfg(mode responderkit.Mode) settings.Config {
	c := cfg(mode)
	c.Responder.HomeAccount = "111111111111"
	c.Responder.MemberRoleName = "trailbridge-publicbucket-member"
	return c
}

// TestWireMemberAccount runs the responder as main does (Accounts, real
// S3 and STS clients) on an event of a member account: it assumes the
// member role there and calls S3 with those credentials.
func TestWireMemberAccount(t *testing.T) {
	srv := awstest.NewServer(t, s3fake.ServeMember)
	c := memberCfg(responderkit.ModeRemediate)
	accounts := accounts.New(awstest.Config(srv.URL(), "us-east-1"), c.Responder.HomeAccount, c.Responder.MemberRoleName, settings.Name,
		func(cfg aws.Config) S3API { return s3.NewFromConfig(cfg) })
	h := Kind.HandlerFor(c, accounts, nil)
	event := testevent.Set(t, testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json"), "recipientAccountId", member)

	for range 2 {
		d, err := h.Decide(context.Background(), event)
		if err != nil || d.Action != responderkit.ActionRemediated {
			t.Fatalf("decision %s %q, err %v", d.Action, d.Reason, err)
		}
	}
	var ops []string
	for _, r := range srv.Requests() {
		if r.Action() == "AssumeRole" {
			ops = append(ops, "AssumeRole "+r.Form.Get("RoleArn")+" "+r.Form.Get("RoleSessionName"))
			continue
		}
		ops = append(ops, r.Method+" "+r.QueryKeys())
		if got := r.Header.Get("X-Amz-Expected-Bucket-Owner"); got != member {
			t.Errorf("%s: x-amz-expected-bucket-owner = %q, want the member account", r.Path, got)
		}
		if auth := r.Header.Get("Authorization"); !strings.Contains(auth, "Credential=ASIAMEMBER/") {
			t.Errorf("%s: not signed with the member role's credentials: %s", r.Path, auth)
		}
		if tok := r.Header.Get("X-Amz-Security-Token"); tok != "token-ASIAMEMBER" {
			t.Errorf("%s: session token %q", r.Path, tok)
		}
	}
	// One AssumeRole for both events: the clients are kept.
	want := "AssumeRole arn:aws:iam::222222222222:role/trailbridge-publicbucket-member trailbridge-publicbucket" +
		"|GET tagging|GET publicAccessBlock|PUT publicAccessBlock|GET tagging|GET publicAccessBlock|PUT publicAccessBlock"
	if got := strings.Join(ops, "|"); got != want {
		t.Errorf("requests\n%s\nwant\n%s", got, want)
	}
}

// TestMemberAccountWithoutRole checks that an event of another account is
// skipped, without any AWS call, when no member role is configured.
func TestMemberAccountWithoutRole(t *testing.T) {
	c := memberCfg(responderkit.ModeRemediate)
	c.Responder.MemberRoleName = ""
	called := false
	source := responderkit.ClientSourceFunc[S3API](func(context.Context, string, string) (S3API, error) {
		called = true
		return &mockS3{t: t}, nil
	})
	event := testevent.Set(t, testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json"), "recipientAccountId", member)
	d, err := Kind.HandlerFor(c, source, nil).Decide(context.Background(), event)
	want := "event from account 222222222222, not this account (111111111111), and no member role is configured"
	if err != nil || d.Action != responderkit.ActionSkipped || d.Reason != want {
		t.Errorf("decision %s %q, err %v; want skipped %q", d.Action, d.Reason, err, want)
	}
	if called {
		t.Errorf("asked for clients")
	}
}

// TestClientSource checks that the responder asks for the clients of the
// event's account and region, and returns the source's error
// (TestMemberAccountWithoutRole covers another account's event).
func TestClientSource(t *testing.T) {
	m := &mockS3{t: t}
	event := testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json")
	sourcetest.Check(t, sourcetest.Case[S3API]{
		Event: event, Home: "111111111111", Account: "111111111111", Region: "eu-west-1",
		Clients: func() S3API { return m },
		Acted:   func() bool { return len(m.puts) == 1 },
		Decide:  sourcetest.Decide(Kind, cfg(responderkit.ModeRemediate), "111111111111", event),
	})
}
