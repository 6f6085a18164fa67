package pattern

import (
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/catalog"
)

func mustServices(t testing.TB, names ...string) []catalog.Service {
	t.Helper()
	s, err := catalog.LookupAll(names...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const (
	responderRole   = "arn:aws:iam::111111111111:role/service-role/Responder"
	responderPrefix = "arn:aws:sts::111111111111:assumed-role/Responder/"
	// memberRole is a responder's role in every member account.
	memberRole = "arn:aws:iam::*:role/Trailbridge-PublicBucket-member"
)

func TestBuild(t *testing.T) {
	tests := []struct {
		name string
		spec func(t *testing.T) Spec
		want string
	}{
		{
			name: "one service, one event name",
			spec: func(t *testing.T) Spec {
				return Spec{Services: mustServices(t, "s3"), EventNames: []string{"PutBucketAcl"}}
			},
			want: `{"detail":{"errorCode":[{"exists":false}],"eventName":["PutBucketAcl"],"eventSource":["s3.amazonaws.com"]},` +
				`"detail-type":["AWS API Call via CloudTrail"],"source":["aws.s3"]}`,
		},
		{
			name: "several services, names and prefixes sorted and deduplicated, failed calls included",
			spec: func(t *testing.T) Spec {
				return Spec{
					Services:          mustServices(t, "lambda", "iam", "lambda"),
					EventNames:        []string{"DeleteRole", "CreateUser", "DeleteRole"},
					EventNamePrefixes: []string{"UpdateFunctionCode", "CreateFunction"},
					IncludeFailed:     true,
					DetailTypes:       []string{catalog.DetailTypeServiceEvent, catalog.DetailTypeAPICall},
				}
			},
			want: `{"detail":{"eventName":["CreateUser","DeleteRole",{"prefix":"CreateFunction"},{"prefix":"UpdateFunctionCode"}],` +
				`"eventSource":["iam.amazonaws.com","lambda.amazonaws.com"]},` +
				`"detail-type":["AWS API Call via CloudTrail","AWS Service Event via CloudTrail"],"source":["aws.iam","aws.lambda"]}`,
		},
		{
			name: "exclude the responder's role: both fields, each absent or different",
			spec: func(t *testing.T) Spec {
				return Spec{Services: mustServices(t, "s3"), EventNames: []string{"PutBucketPolicy"}, ExcludePrincipalARNs: []string{responderRole}}
			},
			want: `{"detail":{"errorCode":[{"exists":false}],"eventName":["PutBucketPolicy"],"eventSource":["s3.amazonaws.com"],` +
				`"userIdentity":{"arn":[{"anything-but":{"prefix":"arn:aws:sts::111111111111:assumed-role/Responder/"}},{"exists":false}],` +
				`"sessionContext":{"sessionIssuer":{"arn":[{"anything-but":["arn:aws:iam::111111111111:role/service-role/Responder"]},{"exists":false}]}}}},` +
				`"detail-type":["AWS API Call via CloudTrail"],"source":["aws.s3"]}`,
		},
		{
			name: "exclude a role given as a CDK token: sessionIssuer only",
			spec: func(t *testing.T) Spec {
				return Spec{Services: mustServices(t, "s3"), EventNames: []string{"PutBucketPolicy"}, ExcludePrincipalARNs: []string{"${Token[TOKEN.123]}"}}
			},
			want: `{"detail":{"errorCode":[{"exists":false}],"eventName":["PutBucketPolicy"],"eventSource":["s3.amazonaws.com"],` +
				`"userIdentity":{"sessionContext":{"sessionIssuer":{"arn":[{"anything-but":["${Token[TOKEN.123]}"]},{"exists":false}]}}}},` +
				`"detail-type":["AWS API Call via CloudTrail"],"source":["aws.s3"]}`,
		},
		{
			name: "exclude a role ARN whose account is a token: the session prefix keeps the token",
			spec: func(t *testing.T) Spec {
				return Spec{Services: mustServices(t, "s3"), EventNames: []string{"PutBucketPolicy"},
					ExcludePrincipalARNs: []string{"arn:${Token[AWS.Partition.1]}:iam::${Token[AWS.AccountId.2]}:role/Responder"}}
			},
			want: `{"detail":{"errorCode":[{"exists":false}],"eventName":["PutBucketPolicy"],"eventSource":["s3.amazonaws.com"],` +
				`"userIdentity":{"arn":[{"anything-but":{"prefix":"arn:${Token[AWS.Partition.1]}:sts::${Token[AWS.AccountId.2]}:assumed-role/Responder/"}},{"exists":false}],` +
				`"sessionContext":{"sessionIssuer":{"arn":[{"anything-but":["arn:${Token[AWS.Partition.1]}:iam::${Token[AWS.AccountId.2]}:role/Responder"]},{"exists":false}]}}}},` +
				`"detail-type":["AWS API Call via CloudTrail"],"source":["aws.s3"]}`,
		},
		{
			name: "exclude assumed-role prefixes: userIdentity.arn only, list form",
			spec: func(t *testing.T) Spec {
				return Spec{Services: mustServices(t, "s3"), EventNames: []string{"PutBucketPolicy"},
					ExcludePrincipalARNs: []string{"arn:aws:sts::111111111111:assumed-role/Responder", "arn:aws:sts::111111111111:assumed-role/Other/"}}
			},
			want: `{"detail":{"errorCode":[{"exists":false}],"eventName":["PutBucketPolicy"],"eventSource":["s3.amazonaws.com"],` +
				`"userIdentity":{"arn":[{"anything-but":{"prefix":["arn:aws:sts::111111111111:assumed-role/Other/","arn:aws:sts::111111111111:assumed-role/Responder/"]}},{"exists":false}]}},` +
				`"detail-type":["AWS API Call via CloudTrail"],"source":["aws.s3"]}`,
		},
		{
			name: "principals of both kinds with an exclusion: two-branch $or, each field once per branch",
			spec: func(t *testing.T) Spec {
				return Spec{Services: mustServices(t, "iam"),
					PrincipalARNs:        []string{"arn:aws:iam::111111111111:role/BreakGlass", "arn:aws:iam::111111111111:user/alice"},
					ExcludePrincipalARNs: []string{"arn:aws:iam::111111111111:role/Responder"}}
			},
			want: `{"detail":{"$or":[` +
				`{"userIdentity":{"arn":["arn:aws:iam::111111111111:user/alice"],"sessionContext":{"sessionIssuer":{"arn":[{"anything-but":["arn:aws:iam::111111111111:role/Responder"]},{"exists":false}]}}}},` +
				`{"userIdentity":{"arn":[{"anything-but":{"prefix":"arn:aws:sts::111111111111:assumed-role/Responder/"}},{"exists":false}],"sessionContext":{"sessionIssuer":{"arn":["arn:aws:iam::111111111111:role/BreakGlass"]}}}}` +
				`],"errorCode":[{"exists":false}],"eventSource":["iam.amazonaws.com"]},"detail-type":["AWS API Call via CloudTrail"],"source":["aws.iam"]}`,
		},
		{
			name: "role principal only: sessionIssuer include, userIdentity.arn exclusion",
			spec: func(t *testing.T) Spec {
				return Spec{Services: mustServices(t, "iam"),
					PrincipalARNs:        []string{"arn:aws:iam::111111111111:role/BreakGlass"},
					ExcludePrincipalARNs: []string{"arn:aws:iam::111111111111:role/Responder"}}
			},
			want: `{"detail":{"errorCode":[{"exists":false}],"eventSource":["iam.amazonaws.com"],` +
				`"userIdentity":{"arn":[{"anything-but":{"prefix":"arn:aws:sts::111111111111:assumed-role/Responder/"}},{"exists":false}],` +
				`"sessionContext":{"sessionIssuer":{"arn":["arn:aws:iam::111111111111:role/BreakGlass"]}}}},` +
				`"detail-type":["AWS API Call via CloudTrail"],"source":["aws.iam"]}`,
		},
		{
			name: "assumed-role prefix principal",
			spec: func(t *testing.T) Spec {
				return Spec{Services: mustServices(t, "s3"), PrincipalARNs: []string{"arn:aws:sts::111111111111:assumed-role/Deployer"}}
			},
			want: `{"detail":{"errorCode":[{"exists":false}],"eventSource":["s3.amazonaws.com"],` +
				`"userIdentity":{"arn":[{"prefix":"arn:aws:sts::111111111111:assumed-role/Deployer/"}]}},` +
				`"detail-type":["AWS API Call via CloudTrail"],"source":["aws.s3"]}`,
		},
		{
			name: "root activity alert: no service filter",
			spec: func(t *testing.T) Spec {
				return Spec{UserIdentityTypes: []string{"Root"}, DetailTypes: []string{catalog.DetailTypeAPICall, catalog.DetailTypeConsoleSignIn}}
			},
			want: `{"detail":{"errorCode":[{"exists":false}],"userIdentity":{"type":["Root"]}},` +
				`"detail-type":["AWS API Call via CloudTrail","AWS Console Sign In via CloudTrail"]}`,
		},
		{
			name: "source IPs, accounts, regions, request parameters and extra",
			spec: func(t *testing.T) Spec {
				return Spec{
					Services:   mustServices(t, "ec2"),
					EventNames: []string{"AuthorizeSecurityGroupIngress"},
					SourceIPs:  []string{"203.0.113.7", "2001:db8::/32", "10.0.0.0/8"},
					Accounts:   []string{"222222222222", "111111111111"},
					Regions:    []string{"eu-west-1", "us-east-1"},
					RequestParameters: map[string][]any{
						"ipPermissions.items.ipRanges.items.cidrIp": {"0.0.0.0/0"},
						"groupId": {map[string]any{"prefix": "sg-"}},
					},
					Extra: map[string]any{"detail": map[string]any{"readOnly": []any{false}}},
				}
			},
			want: `{"account":["111111111111","222222222222"],"detail":{"errorCode":[{"exists":false}],"eventName":["AuthorizeSecurityGroupIngress"],` +
				`"eventSource":["ec2.amazonaws.com"],"readOnly":[false],` +
				`"requestParameters":{"groupId":[{"prefix":"sg-"}],"ipPermissions":{"items":{"ipRanges":{"items":{"cidrIp":["0.0.0.0/0"]}}}}},` +
				`"sourceIPAddress":[{"cidr":"10.0.0.0/8"},{"cidr":"2001:db8::/32"},"203.0.113.7"]},` +
				`"detail-type":["AWS API Call via CloudTrail"],"region":["eu-west-1","us-east-1"],"source":["aws.ec2"]}`,
		},
		{
			name: "custom service",
			spec: func(t *testing.T) Spec {
				svc, err := catalog.Custom("aws.route53domains", "route53domains.amazonaws.com")
				if err != nil {
					t.Fatal(err)
				}
				return Spec{Services: []catalog.Service{svc}, EventNames: []string{"TransferDomainToAnotherAwsAccount"}}
			},
			want: `{"detail":{"errorCode":[{"exists":false}],"eventName":["TransferDomainToAnotherAwsAccount"],"eventSource":["route53domains.amazonaws.com"]},` +
				`"detail-type":["AWS API Call via CloudTrail"],"source":["aws.route53domains"]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Build(tt.spec(t))
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			got, err := JSON(p)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("pattern\n got: %s\nwant: %s", got, tt.want)
			}
			if err := Validate(p); err != nil {
				t.Errorf("Validate(Build(...)): %v", err)
			}
		})
	}
}

// One row per message Build itself produces (Validate's messages on the
// built pattern are covered by TestValidate and TestBuildReportsPatternProblems).
func TestBuildErrors(t *testing.T) {
	s3 := func(t *testing.T) []catalog.Service { return mustServices(t, "s3") }
	tests := []struct {
		name string
		spec func(t *testing.T) Spec
		want string
	}{
		{"nothing narrows the match", func(t *testing.T) Spec { return Spec{IncludeFailed: true} },
			"Spec: no condition besides detail-type, so the rule would match every CloudTrail event; allowed: set at least one of Services,"},
		{"zero service", func(t *testing.T) Spec { return Spec{Services: []catalog.Service{{Name: "x"}}} },
			`Services[0]: service "x" has Source "" and EventSource ""; allowed: a service from catalog.Lookup or catalog.Custom`},
		{"global service filtered to other regions", func(t *testing.T) Spec {
			return Spec{Services: mustServices(t, "iam"), Regions: []string{"eu-west-1"}}
		}, `Regions: ["eu-west-1"] does not include us-east-1, the only region where iam events are recorded, so the rule would never match them; allowed: add "us-east-1" or drop the region filter`},
		{"host bits", func(t *testing.T) Spec { return Spec{Services: s3(t), SourceIPs: []string{"10.1.2.3/8"}} },
			`SourceIPs: "10.1.2.3/8" has host bits set; allowed: a network address such as "10.0.0.0/8"`},
		{"request parameter empty segment", func(t *testing.T) Spec {
			return Spec{Services: s3(t), RequestParameters: map[string][]any{"a..b": {"x"}}}
		}, `RequestParameters: key "a..b" has an empty path segment; allowed: a '.'-separated path such as "bucketName"`},
		{"request parameter without values", func(t *testing.T) Spec {
			return Spec{Services: s3(t), RequestParameters: map[string][]any{"bucketName": {}}}
		}, `RequestParameters["bucketName"]: no values; allowed: one or more match values (EventBridge rejects empty arrays)`},
		{"request parameters overlap", func(t *testing.T) Spec {
			return Spec{Services: s3(t), RequestParameters: map[string][]any{"a": {"x"}, "a.b": {"y"}}}
		}, `RequestParameters["a.b"]: detail.requestParameters.a is already set by the builder`},
		{"extra conflicts", func(t *testing.T) Spec {
			return Spec{Services: s3(t), EventNames: []string{"PutBucketAcl"}, Extra: map[string]any{"detail": map[string]any{"eventName": []any{"X"}}}}
		}, "Extra: detail.eventName is already set by the builder; allowed: keys the builder does not set (use the Spec field instead)"},
		{"exclude a user", func(t *testing.T) Spec {
			return Spec{Services: s3(t), ExcludePrincipalARNs: []string{"arn:aws:iam::111111111111:user/bob"}}
		}, `ExcludePrincipalARNs: "arn:aws:iam::111111111111:user/bob" is not a role; allowed: an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), an assumed-role prefix`},
		{"exclude a non-ARN", func(t *testing.T) Spec {
			return Spec{Services: s3(t), ExcludePrincipalARNs: []string{"Responder"}}
		}, `ExcludePrincipalARNs: "Responder" is not an ARN; allowed: an IAM role ARN`},
		{"exclude a malformed ARN", func(t *testing.T) Spec {
			return Spec{Services: s3(t), ExcludePrincipalARNs: []string{"arn:aws:iam::role/x"}}
		}, `ExcludePrincipalARNs: "arn:aws:iam::role/x" is not an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)`},
		{"exclude a role without name", func(t *testing.T) Spec {
			return Spec{Services: s3(t), ExcludePrincipalARNs: []string{"arn:aws:iam::111111111111:role/path/"}}
		}, `ExcludePrincipalARNs: "arn:aws:iam::111111111111:role/path/" has no role name after "role/"`},
		{"exclude a bad assumed-role ARN", func(t *testing.T) Spec {
			return Spec{Services: s3(t), ExcludePrincipalARNs: []string{"arn:aws:sts::111111111111:assumed-role/a/b/c"}}
		}, `ExcludePrincipalARNs: "arn:aws:sts::111111111111:assumed-role/a/b/c" is not an assumed-role ARN (arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE_NAME[/SESSION])`},
		{"principal not an ARN", func(t *testing.T) Spec {
			return Spec{Services: s3(t), PrincipalARNs: []string{"alice"}}
		}, `PrincipalARNs: "alice" is not an ARN; allowed: an IAM role, user or root ARN, an assumed-role ARN or prefix (ending in '/'), or a CDK token`},
		{"principal also excluded", func(t *testing.T) Spec {
			return Spec{Services: s3(t), PrincipalARNs: []string{"arn:aws:iam::111111111111:role/Responder"}, ExcludePrincipalARNs: []string{responderRole}}
		}, `PrincipalARNs: "arn:aws:iam::111111111111:role/Responder" is also excluded by ExcludePrincipalARNs "arn:aws:iam::111111111111:role/service-role/Responder", so it can never match; allowed: principals that are not excluded`},
		{"principal session of an excluded role", func(t *testing.T) Spec {
			return Spec{Services: s3(t), PrincipalARNs: []string{"arn:aws:sts::111111111111:assumed-role/Responder/fn"}, ExcludePrincipalARNs: []string{responderRole}}
		}, `PrincipalARNs: "arn:aws:sts::111111111111:assumed-role/Responder/fn" is also excluded by ExcludePrincipalARNs "arn:aws:iam::111111111111:role/service-role/Responder", so it can never match`},
		{"principal in every account", func(t *testing.T) Spec {
			return Spec{Services: s3(t), PrincipalARNs: []string{memberRole}}
		}, `PrincipalARNs: "arn:aws:iam::*:role/Trailbridge-PublicBucket-member" names a role in every account; allowed: a principal of one account`},
		{"any account outside a role", func(t *testing.T) Spec {
			return Spec{Services: s3(t), ExcludePrincipalARNs: []string{"arn:aws:sts::*:assumed-role/x/"}}
		}, `ExcludePrincipalARNs: "arn:aws:sts::*:assumed-role/x/" has account '*', which only a role ARN may have`},
		{"star in a role name", func(t *testing.T) Spec {
			return Spec{Services: s3(t), ExcludePrincipalARNs: []string{"arn:aws:iam::111111111111:role/x*"}}
		}, `ExcludePrincipalARNs: "arn:aws:iam::111111111111:role/x*" has '*' or '\' outside the account field`},
		{"principal is a member role of an excluded any-account role", func(t *testing.T) Spec {
			return Spec{Services: s3(t), PrincipalARNs: []string{"arn:aws:sts::222233334444:assumed-role/Trailbridge-PublicBucket-member/s"}, ExcludePrincipalARNs: []string{memberRole}}
		}, `is also excluded by ExcludePrincipalARNs "arn:aws:iam::*:role/Trailbridge-PublicBucket-member", so it can never match`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Build(tt.spec(t))
			if err == nil {
				t.Fatalf("Build succeeded: %v", p)
			}
			if p != nil {
				t.Errorf("Build returned a pattern with its error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n got: %v\nwant it to contain: %s", err, tt.want)
			}
		})
	}
}

// Build passes its pattern to Validate and reports every problem at once.
func TestBuildReportsPatternProblems(t *testing.T) {
	_, err := Build(Spec{
		Services:    mustServices(t, "s3"),
		EventNames:  []string{"", "PutBucketAcl "},
		DetailTypes: []string{"AWS Console Signin via CloudTrail"},
		Accounts:    []string{"1234"},
		Regions:     []string{"us-east-7"},
		SourceIPs:   []string{"10.0.0.300/24"},
	})
	if err == nil {
		t.Fatal("Build succeeded")
	}
	for _, want := range []string{
		`detail.eventName: empty event name ""`,
		`detail.eventName: "PutBucketAcl " has leading or trailing white space`,
		`detail-type: "AWS Console Signin via CloudTrail" is not a CloudTrail detail type; did you mean "AWS Console Sign In via CloudTrail"?`,
		`account: "1234" is not an AWS account ID`,
		`region: "us-east-7" is not a commercial AWS region; did you mean "us-east-1", "us-east-2"?`,
		`detail.sourceIPAddress: got [{"cidr":"10.0.0.300/24"}]: Invalid IP address: 10.0.0.300; allowed: what EventBridge accepts`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not contain %q:\n%v", want, err)
		}
	}
}

func TestReadOnlyOnly(t *testing.T) {
	tests := []struct {
		name string
		spec Spec
		want bool
	}{
		{"write call", Spec{EventNames: []string{"PutBucketAcl"}}, false},
		{"one read call among writes", Spec{EventNames: []string{"PutBucketAcl", "GetBucketAcl"}}, true},
		{"kms Decrypt", Spec{EventNames: []string{"Decrypt"}}, true},
		{"sts AssumeRole", Spec{EventNames: []string{"AssumeRole"}}, true},
		{"sts GetSessionToken", Spec{EventNames: []string{"GetSessionToken"}}, false},
		{"console sign-in", Spec{EventNames: []string{"ConsoleLogin"}}, false},
		{"read prefix", Spec{EventNamePrefixes: []string{"Describe"}}, true},
		{"prefix of a read-only exception", Spec{EventNamePrefixes: []string{"GenerateDataKey"}}, true},
		{"write prefix", Spec{EventNamePrefixes: []string{"CreateFunction"}}, false},
		{"no names: writes only", Spec{Services: []catalog.Service{{Name: "s3", Source: "aws.s3", EventSource: "s3.amazonaws.com"}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReadOnlyOnly(tt.spec); got != tt.want {
				t.Errorf("ReadOnlyOnly = %v; want %v", got, tt.want)
			}
		})
	}
}

func TestParsePrincipal(t *testing.T) {
	tests := []struct {
		in            string
		kind          principalKind
		role, session string
	}{
		{"arn:aws:iam::111111111111:role/Responder", kindRole, "arn:aws:iam::111111111111:role/Responder", "arn:aws:sts::111111111111:assumed-role/Responder/"},
		{"arn:aws:iam::111111111111:role/a/b/Responder", kindRole, "arn:aws:iam::111111111111:role/a/b/Responder", "arn:aws:sts::111111111111:assumed-role/Responder/"},
		{"arn:aws-us-gov:iam::111111111111:role/R", kindRole, "arn:aws-us-gov:iam::111111111111:role/R", "arn:aws-us-gov:sts::111111111111:assumed-role/R/"},
		{"arn:aws:iam::111111111111:role/${Token[X.1]}", kindToken, "arn:aws:iam::111111111111:role/${Token[X.1]}", ""},
		{"${Token[TOKEN.9]}", kindToken, "${Token[TOKEN.9]}", ""},
		{"arn:aws:sts::111111111111:assumed-role/R", kindSessionPrefix, "", "arn:aws:sts::111111111111:assumed-role/R/"},
		{"arn:aws:sts::111111111111:assumed-role/R/", kindSessionPrefix, "", "arn:aws:sts::111111111111:assumed-role/R/"},
		{"arn:aws:sts::111111111111:assumed-role/R/fn", kindSession, "", "arn:aws:sts::111111111111:assumed-role/R/"},
		{"arn:aws:iam::111111111111:user/alice", kindOther, "", ""},
		{"arn:aws:iam::111111111111:root", kindOther, "", ""},
	}
	for _, tt := range tests {
		p, err := parsePrincipal(tt.in)
		if err != nil {
			t.Errorf("parsePrincipal(%q): %v", tt.in, err)
			continue
		}
		if p.kind != tt.kind || p.role != tt.role || p.sessionPrefix != tt.session {
			t.Errorf("parsePrincipal(%q) = %+v; want kind %d role %q prefix %q", tt.in, p, tt.kind, tt.role, tt.session)
		}
	}
}
