package responderkit_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

const (
	home     = "111111111111"
	member   = "222222222222"
	roleName = "trailbridge-test-member"
)

func TestFixed(t *testing.T) {
	f := responderkit.Fixed("c")
	for _, acct := range []string{"", home, member} {
		if c, err := f.For(context.Background(), acct, "eu-west-1"); c != "c" || err != nil {
			t.Errorf("%q: %q, %v", acct, c, err)
		}
	}
}

func TestHandlerMemberAccounts(t *testing.T) {
	memberCall := map[string]any{"recipientAccountId": member, "userIdentity": map[string]any{
		"type": "AssumedRole", "arn": "arn:aws:sts::222222222222:assumed-role/trailbridge-test-member/trailbridge-test", "accountId": member,
		"sessionContext": map[string]any{"sessionIssuer": map[string]any{"type": "Role", "arn": "arn:aws:iam::222222222222:role/trailbridge-test-member"}}}}
	tests := []struct {
		name   string
		cfg    responderkit.Config
		edits  map[string]any
		want   responderkit.Action
		reason string
	}{
		{"home account", responderkit.Config{HomeAccount: home}, nil, responderkit.ActionRemediated, "fixed"},
		{"member account, no role", responderkit.Config{HomeAccount: home}, map[string]any{"recipientAccountId": member},
			responderkit.ActionSkipped, "event from account 222222222222, not this account (111111111111), and no member role is configured"},
		{"member account, home from the self role", responderkit.Config{HomeAccount: home, SelfRoleARN: "arn:aws:iam::111111111111:role/fn"}, map[string]any{"recipientAccountId": member},
			responderkit.ActionSkipped, "not this account (111111111111)"},
		{"member account with role", responderkit.Config{HomeAccount: home, MemberRoleName: roleName}, map[string]any{"recipientAccountId": member}, responderkit.ActionRemediated, "fixed"},
		{"home unknown", responderkit.Config{}, map[string]any{"recipientAccountId": member}, responderkit.ActionRemediated, "fixed"},
		{"member role's own call", responderkit.Config{HomeAccount: home, MemberRoleName: roleName}, memberCall, responderkit.ActionSkipped, "own call (member role trailbridge-test-member)"},
		{"member role's own call, session ARN only", responderkit.Config{HomeAccount: home, MemberRoleName: roleName},
			map[string]any{"recipientAccountId": member, "userIdentity": map[string]any{"type": "AssumedRole", "arn": "arn:aws:sts::222222222222:assumed-role/trailbridge-test-member/x"}},
			responderkit.ActionSkipped, "own call (member role"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Mode = responderkit.ModeRemediate
			d, err := responderkit.NewHandler(tt.cfg, spec(remediate), nil).Decide(context.Background(), event(t, tt.edits))
			if err != nil || d.Action != tt.want || !strings.Contains(d.Reason, tt.reason) {
				t.Errorf("decision %s %q, err %v; want %s %q", d.Action, d.Reason, err, tt.want, tt.reason)
			}
		})
	}

	// AnyAccount responders get every account's events.
	s := spec(remediate)
	s.AnyAccount = true
	d, err := responderkit.NewHandler(responderkit.Config{Mode: responderkit.ModeRemediate, HomeAccount: home}, s, nil).Decide(context.Background(), event(t, map[string]any{"recipientAccountId": member}))
	if err != nil || d.Action != responderkit.ActionRemediated {
		t.Errorf("AnyAccount: %s %q, %v", d.Action, d.Reason, err)
	}
}

func TestConfigAccounts(t *testing.T) {
	get := func(vars map[string]string) func(string) string {
		vars[contract.EnvMode] = "remediate"
		return func(k string) string { return vars[k] }
	}
	c, err := responderkit.ConfigFromEnv(get(map[string]string{contract.EnvHomeAccount: home, contract.EnvMemberRoleName: "trailbridge-publicbucket-member",
		contract.EnvSelfRoleARN: "arn:aws:iam::111111111111:role/tb-publicbucket-responder"}))
	if err != nil || c.HomeAccount != home || c.MemberRoleName != "trailbridge-publicbucket-member" {
		t.Errorf("config %+v, %v", c, err)
	}
	c, err = responderkit.ConfigFromEnv(get(map[string]string{contract.EnvSelfRoleARN: "arn:aws:iam::111111111111:role/path/fn"}))
	if err != nil || c.HomeAccount != home || c.MemberRoleName != "" {
		t.Errorf("home from the self role: %+v, %v", c, err)
	}
	c, err = responderkit.ConfigFromEnv(get(map[string]string{}))
	if err != nil || c.HomeAccount != "" || c.MemberRoleName != "" {
		t.Errorf("defaults: %+v, %v", c, err)
	}

	for _, tt := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{contract.EnvHomeAccount: "1111"}, `TRAILBRIDGE_HOME_ACCOUNT="1111": must be the 12-digit ID`},
		{map[string]string{contract.EnvHomeAccount: home, contract.EnvSelfRoleARN: "arn:aws:iam::999999999999:role/fn"}, `TRAILBRIDGE_HOME_ACCOUNT="111111111111": must be the account of TRAILBRIDGE_SELF_ROLE_ARN (999999999999)`},
		{map[string]string{contract.EnvHomeAccount: home, contract.EnvMemberRoleName: "arn:aws:iam::222222222222:role/x"}, `TRAILBRIDGE_MEMBER_ROLE_NAME="arn:aws:iam::222222222222:role/x": must be an IAM role name`},
		{map[string]string{contract.EnvHomeAccount: home, contract.EnvMemberRoleName: "path/x"}, `must be an IAM role name`},
		{map[string]string{contract.EnvMemberRoleName: "x"}, `TRAILBRIDGE_MEMBER_ROLE_NAME="x": needs TRAILBRIDGE_HOME_ACCOUNT`},
	} {
		_, err := responderkit.ConfigFromEnv(get(tt.vars))
		var ee *responderkit.EnvError
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.As(err, &ee) {
			t.Errorf("%v: err %v, want %q", tt.vars, err, tt.want)
		}
	}
}

func TestSkipFromRespond(t *testing.T) {
	s := spec(func(context.Context, *responderkit.Event) (responderkit.Decision, error) {
		return responderkit.Decision{}, responderkit.SkipOtherAccount(member, home)
	})
	d, err := responderkit.NewHandler(responderkit.Config{Mode: responderkit.ModeRemediate}, s, nil).Decide(context.Background(), event(t, nil))
	want := "event from account 222222222222, not this account (111111111111), and no member role is configured"
	if err != nil || d.Action != responderkit.ActionSkipped || d.Reason != want || d.EventID == "" {
		t.Errorf("decision %+v, err %v; want skipped %q", d, err, want)
	}
}

func TestSessionName(t *testing.T) {
	if got := responderkit.SessionName("publicbucket"); got != "trailbridge-publicbucket" {
		t.Errorf("SessionName = %q", got)
	}
	if got := responderkit.SessionName(strings.Repeat("x", 80)); len(got) != 64 {
		t.Errorf("long name: %d characters, want 64", len(got))
	}
}

func TestMemberRoleARN(t *testing.T) {
	for region, want := range map[string]string{
		"eu-west-1":     "arn:aws:iam::222222222222:role/r",
		"cn-north-1":    "arn:aws-cn:iam::222222222222:role/r",
		"us-gov-west-1": "arn:aws-us-gov:iam::222222222222:role/r",
	} {
		if got := responderkit.MemberRoleARN(region, member, "r"); got != want {
			t.Errorf("%s: %s, want %s", region, got, want)
		}
	}
}
