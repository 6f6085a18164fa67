package catalog

import (
	"slices"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		in          string
		name        string
		source      string
		eventSource string
		global      bool
	}{
		{"s3", "s3", "aws.s3", "s3.amazonaws.com", false},
		{"S3", "s3", "aws.s3", "s3.amazonaws.com", false},
		{" aws.s3 ", "s3", "aws.s3", "s3.amazonaws.com", false},
		{"s3.amazonaws.com", "s3", "aws.s3", "s3.amazonaws.com", false},
		{"IAM", "iam", "aws.iam", "iam.amazonaws.com", true},
		{"route53", "route53", "aws.route53", "route53.amazonaws.com", true},
		{"cloudfront", "cloudfront", "aws.cloudfront", "cloudfront.amazonaws.com", true},
		{"organizations", "organizations", "aws.organizations", "organizations.amazonaws.com", true},
		{"signin", "signin", "aws.signin", "signin.amazonaws.com", false},
		{"sts", "sts", "aws.sts", "sts.amazonaws.com", false},
		{"rds.amazonaws.com", "rds", "aws.rds", "rds.amazonaws.com", false},
		{"aws.config", "config", "aws.config", "config.amazonaws.com", false},
		{"elasticloadbalancing", "elasticloadbalancing", "aws.elasticloadbalancing", "elasticloadbalancing.amazonaws.com", false},
		{"elb", "elasticloadbalancing", "aws.elasticloadbalancing", "elasticloadbalancing.amazonaws.com", false},
		{"cognito-idp.amazonaws.com", "cognito-idp", "aws.cognito-idp", "cognito-idp.amazonaws.com", false},
		{"cognito", "cognito-idp", "aws.cognito-idp", "cognito-idp.amazonaws.com", false},
		{"sso", "sso", "aws.sso", "sso.amazonaws.com", false},
		{"identity-center", "sso", "aws.sso", "sso.amazonaws.com", false},
		{"eventbridge", "events", "aws.events", "events.amazonaws.com", false},
		{"kms", "kms", "aws.kms", "kms.amazonaws.com", false},
		{"lambda", "lambda", "aws.lambda", "lambda.amazonaws.com", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			s, err := Lookup(tt.in)
			if err != nil {
				t.Fatalf("Lookup(%q): %v", tt.in, err)
			}
			if s.Name != tt.name || s.Source != tt.source || s.EventSource != tt.eventSource || s.GlobalOnly != tt.global {
				t.Errorf("Lookup(%q) = %+v; want name %q source %q eventSource %q global %v",
					tt.in, s, tt.name, tt.source, tt.eventSource, tt.global)
			}
			wantHome := ""
			if tt.global {
				wantHome = "us-east-1"
			}
			if s.HomeRegion != wantHome {
				t.Errorf("HomeRegion = %q; want %q", s.HomeRegion, wantHome)
			}
		})
	}
}

func TestRequiredServicesPresent(t *testing.T) {
	required := []string{
		"s3", "iam", "ec2", "rds", "cloudtrail", "sts", "kms", "lambda", "signin", "organizations",
		"cloudfront", "route53", "dynamodb", "sns", "sqs", "secretsmanager", "ssm", "config", "guardduty",
		"securityhub", "eks", "ecr", "cloudformation", "ecs", "elasticloadbalancing", "logs", "events",
		"backup", "ses", "acm", "wafv2", "apigateway", "cognito-idp", "sso", "account",
	}
	for _, n := range required {
		if _, err := Lookup(n); err != nil {
			t.Errorf("missing %q: %v", n, err)
		}
	}
}

func TestCatalogConsistency(t *testing.T) {
	all := All()
	if !slices.IsSortedFunc(all, func(a, b Service) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("All() is not sorted by Name")
	}
	seenSource := map[string]string{}
	seenEventSource := map[string]string{}
	for _, s := range all {
		if s.Source != "aws."+s.Name {
			t.Errorf("%s: Source %q; want %q", s.Name, s.Source, "aws."+s.Name)
		}
		if s.EventSource != s.Name+".amazonaws.com" {
			t.Errorf("%s: EventSource %q; want %q", s.Name, s.EventSource, s.Name+".amazonaws.com")
		}
		if got := SourceOf(s.EventSource); got != s.Source {
			t.Errorf("%s: SourceOf(%q) = %q; want %q", s.Name, s.EventSource, got, s.Source)
		}
		if s.GlobalOnly != (s.HomeRegion == HomeRegionGlobal) {
			t.Errorf("%s: GlobalOnly %v with HomeRegion %q", s.Name, s.GlobalOnly, s.HomeRegion)
		}
		if s.Notes == "" {
			t.Errorf("%s: empty Notes", s.Name)
		}
		if other, ok := seenSource[s.Source]; ok {
			t.Errorf("%s and %s share source %q", s.Name, other, s.Source)
		}
		if other, ok := seenEventSource[s.EventSource]; ok {
			t.Errorf("%s and %s share eventSource %q", s.Name, other, s.EventSource)
		}
		seenSource[s.Source], seenEventSource[s.EventSource] = s.Name, s.Name
		if _, err := Custom(s.Source, s.EventSource); err != nil {
			t.Errorf("%s: catalog entry fails Custom's validation: %v", s.Name, err)
		}
	}
	for alias, target := range aliases {
		if _, ok := services[target]; !ok {
			t.Errorf("alias %q points to unknown service %q", alias, target)
		}
	}
}

// DESIGN.md: IAM, Route 53, CloudFront and Organizations events appear in
// us-east-1; STS and sign-in events do not.
func TestGlobalOnly(t *testing.T) {
	var global []string
	for _, s := range All() {
		if s.GlobalOnly {
			global = append(global, s.Name)
		}
	}
	want := []string{"account", "cloudfront", "iam", "organizations", "route53"}
	if !slices.Equal(global, want) {
		t.Errorf("global-only services = %v; want %v", global, want)
	}
}

func TestLookupUnknown(t *testing.T) {
	tests := []struct {
		in   string
		want string // prefix of the error message
	}{
		{"s4", `unknown service "s4": did you mean "s3", "ses", "sns"? (known: account, acm, apigateway,`},
		{"aws.s4", `unknown service "aws.s4": did you mean "s3", "ses", "sns"?`},
		{"cloud", `unknown service "cloud": did you mean "cloudformation", "cloudfront", "cloudtrail"?`},
		{"dynamo", `unknown service "dynamo": did you mean "dynamodb"?`},
		{"guarduty", `unknown service "guarduty": did you mean "guardduty"?`},
		{"zzzzzzzz", `unknown service "zzzzzzzz" (known: account, acm,`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := Lookup(tt.in)
			if err == nil {
				t.Fatalf("Lookup(%q) succeeded", tt.in)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error\n got: %s\nwant prefix: %s", err, tt.want)
			}
			if !strings.Contains(err.Error(), "wafv2; use Custom(source, eventSource) for other services)") {
				t.Errorf("error does not end with the known list and the Custom hint: %s", err)
			}
		})
	}
}

func TestLookupAll(t *testing.T) {
	got, err := LookupAll("s3", "IAM", "aws.kms")
	if err != nil {
		t.Fatal(err)
	}
	if names := []string{got[0].Name, got[1].Name, got[2].Name}; !slices.Equal(names, []string{"s3", "iam", "kms"}) {
		t.Errorf("LookupAll names = %v", names)
	}
	_, err = LookupAll("s3", "s4", "ec3")
	if err == nil {
		t.Fatal("LookupAll with unknown names succeeded")
	}
	for _, want := range []string{`unknown service "s4"`, `unknown service "ec3"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

func TestCustom(t *testing.T) {
	tests := []struct {
		name        string
		source      string
		eventSource string
		wantErr     string // "" for success
		wantName    string
	}{
		{"aws service", "aws.route53domains", "route53domains.amazonaws.com", "", "route53domains"},
		{"dotted", "aws.s3-outposts", "s3-outposts.amazonaws.com", "", "s3-outposts"},
		{"source differs", "aws.cloudwatch", "monitoring.amazonaws.com", "", "monitoring"},
		{"custom source", "com.example.orders", "orders.amazonaws.com", "", "orders"},
		{"empty source", "", "x.amazonaws.com", `source: empty; allowed: "aws.<service>"`, ""},
		{"upper-case aws source", "aws.S3", "s3.amazonaws.com", `source: "aws.S3" is not a valid AWS source`, ""},
		{"bare aws.", "aws.", "s3.amazonaws.com", `source: "aws." is not a valid AWS source`, ""},
		{"space in custom source", "my source", "s3.amazonaws.com", `source: "my source" is not a valid custom source`, ""},
		{"long custom source", strings.Repeat("x", 257), "s3.amazonaws.com", "is not a valid custom source; allowed: 1 to 256 characters", ""},
		{"eventSource without domain", "aws.s3", "s3", `eventSource: "s3" is not a CloudTrail event source; allowed: "<service>.amazonaws.com"`, ""},
		{"eventSource wrong domain", "aws.s3", "s3.amazon.com", `eventSource: "s3.amazon.com" is not a CloudTrail event source`, ""},
		{"eventSource upper case", "aws.s3", "S3.amazonaws.com", `eventSource: "S3.amazonaws.com" is not a CloudTrail event source`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Custom(tt.source, tt.eventSource)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Custom: %v", err)
				}
				if s.Name != tt.wantName || s.Source != tt.source || s.EventSource != tt.eventSource || s.GlobalOnly {
					t.Errorf("Custom = %+v", s)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Custom error = %v; want it to contain %q", err, tt.wantErr)
			}
		})
	}
	// Both problems are reported at once.
	_, err := Custom("", "nope")
	if err == nil || !strings.Contains(err.Error(), "source: empty") || !strings.Contains(err.Error(), `eventSource: "nope"`) {
		t.Errorf("Custom(\"\", \"nope\") = %v; want both errors", err)
	}
}

func TestDetailTypes(t *testing.T) {
	for _, dt := range []string{
		"AWS API Call via CloudTrail",
		"AWS Console Sign In via CloudTrail",
		"AWS Console Action via CloudTrail",
		"AWS Service Event via CloudTrail",
		"AWS Insight via CloudTrail",
	} {
		if !ValidDetailType(dt) {
			t.Errorf("ValidDetailType(%q) = false", dt)
		}
	}
	for _, dt := range []string{
		"AWS Console Signin via CloudTrail", // documentation spelling, never in real events
		"AWS API Call via Cloudtrail",
		"aws api call via cloudtrail",
		"EC2 Instance State-change Notification",
		"",
	} {
		if ValidDetailType(dt) {
			t.Errorf("ValidDetailType(%q) = true", dt)
		}
	}
	if n := len(DetailTypes()); n != 5 {
		t.Errorf("len(DetailTypes()) = %d; want 5", n)
	}
}

func TestLevenshtein(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"s3", "s3", 0}, {"s4", "s3", 1}, {"s4", "sts", 2}, {"", "abc", 3},
		{"kitten", "sitting", 3}, {"us-east-1", "useast1", 2},
	}
	for _, tt := range tests {
		if got := levenshtein(tt.a, tt.b); got != tt.want {
			t.Errorf("levenshtein(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
