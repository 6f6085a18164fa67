package operations

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/catalog"
)

// sampleDirs hold real CloudTrail records (from the AWS user guides) and the
// stack tests' fixtures.
var sampleDirs = []string{"../../lambda/cloudtrail/testdata", "../../tests/testdata"}

// TestEverySampleEventNameIsAccepted proves the table and the hand-written
// aliases against real records: every eventName the repository's samples
// record for a catalog service is accepted.
func TestEverySampleEventNameIsAccepted(t *testing.T) {
	checked := map[string]bool{}
	for _, dir := range sampleDirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			var v any
			if json.Unmarshal(b, &v) != nil {
				return nil // not JSON records (golden templates are JSON, and have none)
			}
			for _, r := range records(v) {
				s, err := catalog.Lookup(r[0])
				if err != nil || s.EventSource != r[0] {
					continue // not a catalog service
				}
				checked[s.Name+":"+r[1]] = true
				if !Has(s.Name, r[1]) {
					t.Errorf("%s: %s records %q, which is refused (suggest %q)", path, r[0], r[1], Suggest(s.Name, r[1]))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// The samples cover renamed S3 calls, versioned Lambda names, sign-in
	// events and service events; a walk that found few would prove little.
	if len(checked) <= 60 {
		t.Fatalf("only %d event names checked", len(checked))
	}
	for _, want := range []string{"s3:PutBucketPublicAccessBlock", "lambda:CreateFunction20150331", "signin:ConsoleLogin", "s3:JobCreated", "iam:CreateUser"} {
		if !checked[want] {
			t.Errorf("the samples no longer include %s", want)
		}
	}
}

// records returns the [eventSource, eventName] of every object in v that has
// both as strings.
func records(v any) [][2]string {
	var out [][2]string
	switch x := v.(type) {
	case map[string]any:
		src, ok1 := x["eventSource"].(string)
		name, ok2 := x["eventName"].(string)
		if ok1 && ok2 {
			out = append(out, [2]string{src, name})
		}
		for _, e := range x {
			out = append(out, records(e)...)
		}
	case []any:
		for _, e := range x {
			out = append(out, records(e)...)
		}
	}
	return out
}

func TestEveryCatalogServiceHasATable(t *testing.T) {
	if got, want := Services(), catalog.Names(); !slices.Equal(got, want) {
		t.Errorf("Services() = %q, want the catalog's %q", got, want)
	}
	for _, s := range catalog.Names() {
		if !Covers(s) || len(Names(s)) < 5 {
			t.Errorf("%s: covered %v, %d event names", s, Covers(s), len(Names(s)))
		}
		if s != "signin" && len(Models(s)) == 0 {
			t.Errorf("%s has no API model", s)
		}
	}
	if Covers("nosuchservice") || Has("nosuchservice", "CreateUser") || Suggest("nosuchservice", "CreateUser") != nil {
		t.Error("a service outside the catalog is covered")
	}
}

func TestHas(t *testing.T) {
	for _, c := range []struct {
		service, name string
		want          bool
	}{
		{"iam", "CreateUser", true},
		{"iam", "CreateUsr", false},
		{"iam", "createUser", false}, // EventBridge matches case-sensitively
		{"iam", "", false},
		{"aws.iam", "CreateUser", true},              // any name catalog.Lookup accepts
		{"elb", "CreateLoadBalancer", true},          // alias of elasticloadbalancing
		{"elasticloadbalancing", "CreateRule", true}, // ELBv2 model
		{"s3", "PutBucketPublicAccessBlock", true},
		{"s3", "PutAccountPublicAccessBlock", true},
		{"s3", "PutPublicAccessBlock", false}, // the API name, never an eventName
		{"s3", "PutBucketPolicy", true},
		{"s3", "CreateAccessPoint", true}, // S3 Control
		{"s3", "PutAccelerateConfiguration", true},
		{"s3", "PutBucketAccelerateConfiguration", true},
		{"lambda", "CreateFunction20150331", true},
		{"lambda", "UpdateFunctionConfiguration20150331v2", true},
		{"lambda", "PutFunctionConcurrency20171031", true},
		{"lambda", "GetFunction", true},
		{"lambda", "CreateFunctoin20150331", false},
		{"lambda", "CreateFunction2015", false},
		{"lambda", "CreateFunction2020_05_31", false},
		{"cloudfront", "UpdateDistribution2017_03_25", true},
		{"cloudfront", "UpdateDistribution", true},
		{"cloudfront", "UpdateDistribution20170325", false},
		{"iam", "CreateUser20150331", false}, // only versioned services take a version
		{"signin", "ConsoleLogin", true},
		{"signin", "SwitchRole", true},
		{"signin", "ConsoleLogn", false},
		{"ses", "SendEmail", true},           // SES v1
		{"ses", "CreateEmailIdentity", true}, // SES v2
		{"sso", "CreatePermissionSet", true}, // sso-admin
		{"sso", "GetRoleCredentials", true},  // portal
		{"sso", "GetSSOStatus", true},        // console action
		{"ecr", "PutImage", true},
		{"events", "PutRule", true},
		{"rds", "CreateDBInstance", true},
		{"kms", "ScheduleKeyDeletion", true},
		{"sts", "AssumeRole", true},
	} {
		if got := Has(c.service, c.name); got != c.want {
			t.Errorf("Has(%q, %q) = %v, want %v", c.service, c.name, got, c.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	for _, c := range []struct {
		service, name string
		want          []string // a prefix of the answer
	}{
		{"iam", "CreateUsr", []string{"CreateUser"}},
		{"iam", "createuser", []string{"CreateUser"}},
		{"s3", "PutPublicAccessBlock", []string{"PutBucketPublicAccessBlock", "PutAccountPublicAccessBlock"}},
		{"lambda", "CreateFunctoin20150331", []string{"CreateFunction20150331"}},
		{"signin", "ConsoleLogn", []string{"ConsoleLogin"}},
		{"cloudtrail", "StopLoging", []string{"StopLogging"}},
		{"iam", "Zzzzzzzzzzzzzzzzzzz", nil},
	} {
		got := Suggest(c.service, c.name)
		if len(got) < len(c.want) || !slices.Equal(got[:len(c.want)], c.want) || (c.want == nil && got != nil) {
			t.Errorf("Suggest(%q, %q) = %q, want it to start with %q", c.service, c.name, got, c.want)
		}
	}
	if got := Suggest("ec2", "Describe"); len(got) > 3 {
		t.Errorf("Suggest gave %d names, want at most 3", len(got))
	}
}

// TestHandTablesAreNotRedundant keeps cloudtrail.go honest: a renamed call
// is an API operation whose CloudTrail names are not, and the extra names
// are not API operations already.
func TestHandTablesAreNotRedundant(t *testing.T) {
	tabs := load()
	for svc, m := range renamed {
		for api, names := range m {
			if !tabs[svc].api[api] {
				t.Errorf("%s: renamed %q is not an API operation", svc, api)
			}
			for _, n := range names {
				if tabs[svc].api[n] {
					t.Errorf("%s: %q is an API operation, not a CloudTrail-only name", svc, n)
				}
			}
		}
	}
	for svc, names := range also {
		for _, n := range names {
			if tabs[svc].api[n] {
				t.Errorf("%s: %q is already an API operation", svc, n)
			}
		}
	}
	if !slices.IsSorted(signinEvents) {
		t.Error("signinEvents is not sorted")
	}
}

func TestParseRefusesHandTablesThatDoNotFit(t *testing.T) {
	for text, want := range map[string]string{
		"iam iam@2010-05-08 CreateUser\n": `no table for "s3"`,     // renamed names s3
		"s3 s3@2006-03-01 CreateBucket\n": `s3 has no operation "`, // nor its renamed calls
		"s3 s3@2006-03-01\n":              "want <service> <models> <operation>",
	} {
		if _, err := parse(text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parse(%q) = %v, want an error with %q", text, err, want)
		}
	}
}

// TestGeneratedTableIsSmallAndAttributed guards the embedded data: catalog
// services only, with its source and licence in the header.
func TestGeneratedTableIsSmallAndAttributed(t *testing.T) {
	if len(generated) >= 100_000 {
		t.Errorf("operations.txt is %d bytes: only catalog services belong in it", len(generated))
	}
	head, _, _ := strings.Cut(generated, "\nacm ")
	for _, want := range []string{"DO NOT EDIT", "aws-sdk@2.", "Apache License 2.0"} {
		if !strings.Contains(head, want) {
			t.Errorf("operations.txt's header lacks %q", want)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(generated), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		svc, _, _ := strings.Cut(line, " ")
		if _, err := catalog.Lookup(svc); err != nil {
			t.Errorf("operations.txt has a line for %q, not a catalog service", svc)
		}
	}
}
