package catalog

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestIsReadOnly(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		// Read verbs.
		{"ListBuckets", true},
		{"GetBucketVersioning", true},
		{"DescribeInstances", true},
		{"HeadBucket", true},
		{"HeadObject", true},
		{"LookupEvents", true},
		{"SearchResources", true},
		{"SelectObjectContent", true},
		{"Scan", true},
		{"Query", true},
		{"BatchGetItem", true},
		{"CheckQueryCompatibility", true},
		{"ValidateTemplate", true},
		{"SimulatePrincipalPolicy", true},
		{"FilterLogEvents", true},
		{"DownloadDBLogFilePortion", true},
		{"GetSecretValue", true},    // CloudTrail marks it readOnly=true
		{"GetCallerIdentity", true}, // sts, readOnly=true
		{"GetFunction20150331v2", true},
		{"ListFunctions20150331", true},
		{"Get", true},
		// Write verbs.
		{"PutBucketAcl", false},
		{"PutBucketPublicAccessBlock", false},
		{"DeleteBucket", false},
		{"CreateFunction20150331", false},
		{"RunInstances", false},
		{"StopLogging", false},
		{"CreateGrant", false},
		{"TagResource", false},
		{"PasswordUpdated", false},
		{"", false},
		// Prefix only at a word boundary.
		{"Scanner", false},
		{"Getaway", false},
		{"Listen", false},
		{"Headquarters", false},
		// Case matters: event names are CamelCase.
		{"listBuckets", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsReadOnly(tt.name); got != tt.want {
				t.Errorf("IsReadOnly(%q) = %v; want %v", tt.name, got, tt.want)
			}
		})
	}
}

// Every exception is applied as written, and differs from what the prefixes
// alone would say or documents a notable name.
func TestIsReadOnlyExceptions(t *testing.T) {
	want := map[string]bool{
		"GetSessionToken":                     false,
		"GetFederationToken":                  false,
		"CheckMfa":                            false,
		"ConsoleLogin":                        false,
		"Decrypt":                             true,
		"Encrypt":                             true,
		"ReEncrypt":                           true,
		"GenerateDataKey":                     true,
		"GenerateDataKeyWithoutPlaintext":     true,
		"GenerateDataKeyPair":                 true,
		"GenerateDataKeyPairWithoutPlaintext": true,
		"GenerateMac":                         true,
		"VerifyMac":                           true,
		"GenerateRandom":                      true,
		"Sign":                                true,
		"Verify":                              true,
		"DeriveSharedSecret":                  true,
		"AssumeRole":                          true,
		"AssumeRoleWithSAML":                  true,
		"AssumeRoleWithWebIdentity":           true,
		"AssumeRoot":                          true,
		"DecodeAuthorizationMessage":          true,
		"ExportApi":                           true,
		"ExportNotebook":                      true,
		"RetrieveConnectorData":               true,
	}
	ex := ReadOnlyExceptions()
	if len(ex) != len(want) {
		t.Errorf("%d exceptions; want %d", len(ex), len(want))
	}
	for i, e := range ex {
		if i > 0 && ex[i-1].EventName >= e.EventName {
			t.Errorf("ReadOnlyExceptions not sorted at %q", e.EventName)
		}
		w, ok := want[e.EventName]
		if !ok {
			t.Errorf("unexpected exception %q", e.EventName)
			continue
		}
		if e.ReadOnly != w || IsReadOnly(e.EventName) != w {
			t.Errorf("%s: ReadOnly %v, IsReadOnly %v; want %v", e.EventName, e.ReadOnly, IsReadOnly(e.EventName), w)
		}
		if e.Reason == "" {
			t.Errorf("%s: no reason", e.EventName)
		}
	}
}

func TestPrefixMayBeReadOnly(t *testing.T) {
	tests := []struct {
		prefix string
		want   bool
	}{
		{"", true},
		{"Get", true},
		{"GetBucket", true},
		{"Desc", true},
		{"Generate", true}, // GenerateDataKey
		{"Assume", true},   // AssumeRole
		{"Put", false},
		{"Delete", false},
		{"CreateFunction", false},
		{"Stop", false},
	}
	for _, tt := range tests {
		if got := PrefixMayBeReadOnly(tt.prefix); got != tt.want {
			t.Errorf("PrefixMayBeReadOnly(%q) = %v; want %v", tt.prefix, got, tt.want)
		}
	}
}

// TestIsReadOnlyAgreesWithManifest checks IsReadOnly against the readOnly
// flag of every AWS documentation sample that has one.
func TestIsReadOnlyAgreesWithManifest(t *testing.T) {
	f, err := os.Open("testdata/manifest.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	checked := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for line := 1; sc.Scan(); line++ {
		var rec struct {
			File      string `json:"file"`
			EventName string `json:"eventName"`
			ReadOnly  any    `json:"readOnly"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		want, ok := rec.ReadOnly.(bool)
		if !ok { // "<absent>": older event versions carry no flag
			continue
		}
		checked++
		if got := IsReadOnly(strings.TrimSpace(rec.EventName)); got != want {
			t.Errorf("%s: IsReadOnly(%q) = %v; sample readOnly = %v", rec.File, rec.EventName, got, want)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if checked < 80 {
		t.Errorf("only %d samples with a readOnly flag; expected 88", checked)
	}
}
