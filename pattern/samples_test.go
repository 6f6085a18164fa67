package pattern

import (
	"encoding/json"
	"testing"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/eventpattern"
	"github.com/trailbridge/trailbridge/internal/corpus"
)

// sampleEvent wraps a CloudTrail record of the shared corpus (internal/corpus)
// in the EventBridge envelope CloudTrail delivery gives it.
func sampleEvent(t *testing.T, file string) map[string]any {
	t.Helper()
	return corpus.Event(corpus.Record(t, corpus.Path(t, file)))
}

// TestPatternsAgainstSamples proves, on CloudTrail records from the AWS
// documentation, that built patterns select what they should and nothing
// else; in particular that the exclusion encoding drops the excluded role's
// sessions and keeps events without the excluded fields.
func TestPatternsAgainstSamples(t *testing.T) {
	type want struct {
		file  string
		match bool
	}
	tests := []struct {
		name string
		spec Spec
		want []want
	}{
		{
			name: "exclude a role: its sessions are dropped, IAM users still match",
			spec: Spec{Services: mustServices(t, "s3"), EventNames: []string{"PutBucketAcl", "DeleteBucket"},
				ExcludePrincipalARNs: []string{"arn:aws:iam::777788889999:role/AssumeNothing"}},
			want: []want{{"PutBucketAcl__awsdocs-s3__1.json", true}, {"DeleteBucket__awsdocs-iam__1.json", false}},
		},
		{
			name: "exclude another role: the session matches",
			spec: Spec{Services: mustServices(t, "s3"), EventNames: []string{"PutBucketAcl", "DeleteBucket"},
				ExcludePrincipalARNs: []string{"arn:aws:iam::777788889999:role/Responder"}},
			want: []want{{"PutBucketAcl__awsdocs-s3__1.json", true}, {"DeleteBucket__awsdocs-iam__1.json", true}},
		},
		{
			name: "exclude by assumed-role prefix only",
			spec: Spec{Services: mustServices(t, "s3"), EventNames: []string{"DeleteBucket"},
				ExcludePrincipalARNs: []string{"arn:aws:sts::777788889999:assumed-role/AssumeNothing/"}},
			want: []want{{"DeleteBucket__awsdocs-iam__1.json", false}},
		},
		{
			name: "KMS Decrypt without Admins: failed calls dropped, service principals and other roles kept",
			spec: Spec{Services: mustServices(t, "kms"), EventNames: []string{"Decrypt"},
				ExcludePrincipalARNs: []string{"arn:aws:iam::111122223333:role/Admins"}},
			want: []want{
				{"Decrypt__awsdocs-kms__4.json", false}, // errorCode KMSInvalidStateException
				{"Decrypt__awsdocs-kms__5.json", true},  // AssumedRole aws:ec2-infrastructure
				{"Decrypt__awsdocs-kms__6.json", false}, // AssumedRole Admins: excluded
				{"Decrypt__awsdocs-kms__7.json", true},  // AWSService: no userIdentity.arn, no sessionIssuer
			},
		},
		{
			name: "failed calls included on request",
			spec: Spec{Services: mustServices(t, "kms"), EventNames: []string{"Decrypt"}, IncludeFailed: true},
			want: []want{{"Decrypt__awsdocs-kms__4.json", true}},
		},
		{
			// This documentation sample's session ARN names a different role
			// than its sessionIssuer: the sessionIssuer equality still
			// excludes it, the prefix alone would not.
			name: "sessionIssuer catches what the session prefix misses",
			spec: Spec{Services: mustServices(t, "sts"), EventNames: []string{"AssumeRole"},
				ExcludePrincipalARNs: []string{"arn:aws:iam::111111111111:role/JohnRole1"}},
			want: []want{{"AssumeRole__awsdocs-iam__3.json", false}},
		},
		{
			name: "session prefix alone does not see that sample's issuer",
			spec: Spec{Services: mustServices(t, "sts"), EventNames: []string{"AssumeRole"},
				ExcludePrincipalARNs: []string{"arn:aws:sts::111111111111:assumed-role/JohnRole1/"}},
			want: []want{{"AssumeRole__awsdocs-iam__3.json", true}},
		},
		{
			name: "root activity, API calls and console sign-in",
			spec: Spec{UserIdentityTypes: []string{"Root"}, DetailTypes: []string{catalog.DetailTypeAPICall, catalog.DetailTypeConsoleSignIn}},
			want: []want{
				{"TerminateInstances__awsdocs-ec2__1.json", true},
				{"ConsoleLogin__awsdocs-cloudtrail__2.json", true},
				{"CreateUser__awsdocs-cloudtrail__1.json", false},
			},
		},
		{
			name: "principals of both kinds, one role excluded",
			spec: Spec{
				PrincipalARNs:        []string{"arn:aws:iam::123456789012:user/Alice", "arn:aws:iam::111111111111:role/JohnRole1"},
				ExcludePrincipalARNs: []string{"arn:aws:iam::111122223333:role/Admins"},
			},
			want: []want{
				{"CreateUser__awsdocs-cloudtrail__1.json", true}, // IAM user Alice
				{"AssumeRole__awsdocs-iam__3.json", true},        // issuer JohnRole1
				{"Decrypt__awsdocs-kms__6.json", false},          // Admins
				{"Decrypt__awsdocs-kms__7.json", false},          // AWS service
			},
		},
		{
			name: "service events need their detail type; the exclusion lets them through",
			spec: Spec{Services: mustServices(t, "kms"), EventNames: []string{"RotateKey"},
				DetailTypes: []string{catalog.DetailTypeServiceEvent}, ExcludePrincipalARNs: []string{"arn:aws:iam::111122223333:role/Admins"}},
			want: []want{{"RotateKey__awsdocs-kms__1.json", true}, {"Decrypt__awsdocs-kms__5.json", false}},
		},
		{
			name: "API-call rule does not see service events",
			spec: Spec{Services: mustServices(t, "kms"), EventNames: []string{"RotateKey"}},
			want: []want{{"RotateKey__awsdocs-kms__1.json", false}},
		},
		{
			name: "Lambda prefix, AccessDenied dropped",
			spec: Spec{Services: mustServices(t, "lambda"), EventNamePrefixes: []string{"GetFunction"}},
			want: []want{{"GetFunction__awsdocs-lambda__1.json", false}},
		},
		{
			name: "regions and accounts",
			spec: Spec{Services: mustServices(t, "kms"), EventNames: []string{"Decrypt"}, Regions: []string{"us-west-2"}, Accounts: []string{"111122223333"}},
			want: []want{{"Decrypt__awsdocs-kms__6.json", true}, {"Decrypt__awsdocs-kms__5.json", false}},
		},
		{
			name: "source IP block",
			spec: Spec{Services: mustServices(t, "kms"), EventNames: []string{"Decrypt"}, SourceIPs: []string{"192.0.2.0/24"}},
			want: []want{{"Decrypt__awsdocs-kms__5.json", true}, {"Decrypt__awsdocs-kms__6.json", false}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Build(tt.spec)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			for _, w := range tt.want {
				got, err := matches(p, sampleEvent(t, w.file))
				if err != nil {
					t.Fatal(err)
				}
				if got != w.match {
					js, _ := JSON(p)
					t.Errorf("%s: matches = %v; want %v\npattern: %s", w.file, got, w.match, js)
				}
			}
		})
	}
}

// matches reports whether event fires pattern, as EventBridge decides: it
// uses the project's pattern engine (package eventpattern, held to all 157
// conformance vectors).
func matches(pattern, event map[string]any) (bool, error) {
	js, err := JSON(pattern)
	if err != nil {
		return false, err
	}
	compiled, err := eventpattern.Compile([]byte(js))
	if err != nil {
		return false, err
	}
	ev, err := json.Marshal(event)
	if err != nil {
		return false, err
	}
	return compiled.Match(ev)
}

// asRole rewrites a sample's caller into a session of role name in account.
func asRole(ev map[string]any, account, name string) map[string]any {
	d := ev["detail"].(map[string]any)
	d["userIdentity"] = map[string]any{
		"type": "AssumedRole", "accountId": account, "principalId": "AROAEXAMPLE:session",
		"arn": "arn:aws:sts::" + account + ":assumed-role/" + name + "/session",
		"sessionContext": map[string]any{"sessionIssuer": map[string]any{
			"type": "Role", "arn": "arn:aws:iam::" + account + ":role/" + name, "accountId": account, "userName": name,
		}},
	}
	ev["account"] = account
	return ev
}

// TestMemberRolesExempt proves that a home rule exempting the responder's
// home role and its member role in every account (arn:aws:iam::*:role/NAME)
// drops the remediation calls the responder makes in member accounts, and
// still fires on anyone else's calls there, in the home account, and on
// calls without a session (IAM users, AWS services).
func TestMemberRolesExempt(t *testing.T) {
	const home, member = "111111111111", "222233334444"
	spec := Spec{Services: mustServices(t, "s3"), EventNames: []string{"PutBucketAcl", "DeleteBucket"},
		ExcludePrincipalARNs: []string{"arn:aws:iam::" + home + ":role/Trailbridge-PublicBucket-responder", memberRole}}
	p, err := Build(spec)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := JSON(p)
	for _, tt := range []struct {
		name  string
		event map[string]any
		want  bool
	}{
		{"member role in a member account", asRole(sampleEvent(t, "DeleteBucket__awsdocs-iam__1.json"), member, "Trailbridge-PublicBucket-member"), false},
		{"member role in another member account", asRole(sampleEvent(t, "DeleteBucket__awsdocs-iam__1.json"), "333344445555", "Trailbridge-PublicBucket-member"), false},
		{"home responder role", asRole(sampleEvent(t, "DeleteBucket__awsdocs-iam__1.json"), home, "Trailbridge-PublicBucket-responder"), false},
		{"another role in a member account", asRole(sampleEvent(t, "DeleteBucket__awsdocs-iam__1.json"), member, "Admin"), true},
		{"another responder's member role", asRole(sampleEvent(t, "DeleteBucket__awsdocs-iam__1.json"), member, "Trailbridge-OwnerTags-member"), true},
		{"a role whose name ends like the member role", asRole(sampleEvent(t, "DeleteBucket__awsdocs-iam__1.json"), member, "xTrailbridge-PublicBucket-member"), true},
		{"an IAM user", sampleEvent(t, "PutBucketAcl__awsdocs-s3__1.json"), true},
	} {
		got, err := matches(p, tt.event)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%s: matches = %v; want %v\npattern: %s", tt.name, got, tt.want, js)
		}
	}
	if err := Validate(p); err != nil {
		t.Errorf("Validate: %v", err)
	}
}
