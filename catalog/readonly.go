package catalog

import (
	"slices"
	"strings"
)

// readOnlyPrefixes are the verbs whose calls CloudTrail marks readOnly=true.
// A prefix matches only at a word boundary: the next character must be an
// upper-case letter or a digit, or the name must end ("Scan" and "ScanFoo"
// match, "Scanner" does not).
//
// Sources: the EventBridge user guide ("Receiving read-only management
// events": Describe, Get, List; "Management events that don't start with
// Describe, Get, or List": Search*, BatchGet*, Check*, Validate*), the
// CloudTrail samples in testdata/manifest.jsonl, and the data-event reads of
// S3 (HeadObject, SelectObjectContent) and DynamoDB (Query, Scan).
var readOnlyPrefixes = []string{
	"BatchGet",
	"Check",
	"Describe",
	"Download", // rds DownloadDBLogFilePortion
	"Filter",   // logs FilterLogEvents
	"Get",
	"Head",
	"List",
	"Lookup", // cloudtrail LookupEvents
	"Query",
	"Scan",
	"Search",
	"Select",
	"Simulate", // iam SimulatePrincipalPolicy, SimulateCustomPolicy
	"Validate",
}

// ReadOnlyException is an event name whose CloudTrail readOnly flag is not
// what its verb suggests.
type ReadOnlyException struct {
	// EventName is the CloudTrail eventName.
	EventName string
	// ReadOnly is the value IsReadOnly returns for it.
	ReadOnly bool
	// Reason gives the source or the reasoning for the entry.
	Reason string
}

// readOnlyExceptions is checked before the prefixes. When the flag is
// uncertain the entry leans to read-only: a rule marked read-only only gets
// the broader ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS state (its pattern
// still filters), whereas a read-only event under a plain ENABLED rule is
// never delivered.
var readOnlyExceptions = map[string]ReadOnlyException{}

func init() {
	add := func(readOnly bool, reason string, names ...string) {
		for _, n := range names {
			readOnlyExceptions[n] = ReadOnlyException{EventName: n, ReadOnly: readOnly, Reason: reason}
		}
	}

	// Look read-only, are not.
	add(false, "EventBridge user guide (eb-service-event-cloudtrail-management): STS token calls that "+
		"begin with Get are mutating events, delivered to ENABLED rules",
		"GetFederationToken", "GetSessionToken")
	add(false, "console sign-in event (eventType AwsConsoleSignIn, detail-type \"AWS Console Sign In via "+
		"CloudTrail\"), not a read-only API call; CloudTrail user guide samples carry no readOnly flag",
		"CheckMfa")
	add(false, "console sign-in event (eventType AwsConsoleSignIn), not an API call; delivered to ENABLED "+
		"rules; CloudTrail user guide samples carry no readOnly flag",
		"ConsoleLogin")

	// Read-only without a read verb.
	add(true, "KMS cryptographic operation: readOnly=true in the KMS developer guide samples (testdata/manifest.jsonl)",
		"Decrypt", "Encrypt", "ReEncrypt",
		"GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
		"GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
		"GenerateMac", "VerifyMac", "GenerateRandom", "Sign", "Verify")
	add(true, "KMS cryptographic operation like Decrypt (no sample): assumed readOnly=true",
		"DeriveSharedSecret")
	add(true, "STS credential issue: the EventBridge user guide uses AssumeRole as its example of a read-only "+
		"management event that needs ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
		"AssumeRole")
	add(true, "STS role assumption like AssumeRole: assumed readOnly=true",
		"AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "AssumeRoot")
	add(true, "STS DecodeAuthorizationMessage only decodes a message: assumed readOnly=true",
		"DecodeAuthorizationMessage")
	add(true, "EventBridge user guide, \"Management events that don't start with Describe, Get, or List\"",
		"ExportApi", "ExportNotebook", "RetrieveConnectorData")
}

// ReadOnlyExceptions returns the exceptions table IsReadOnly applies before
// its verb prefixes, sorted by event name.
func ReadOnlyExceptions() []ReadOnlyException {
	out := make([]ReadOnlyException, 0, len(readOnlyExceptions))
	for _, e := range readOnlyExceptions {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b ReadOnlyException) int { return strings.Compare(a.EventName, b.EventName) })
	return out
}

// ReadOnlyPrefixes returns the verbs IsReadOnly treats as read-only, sorted.
func ReadOnlyPrefixes() []string { return slices.Clone(readOnlyPrefixes) }

// IsReadOnly predicts CloudTrail's readOnly flag for eventName, the flag
// EventBridge uses to hold back read-only management events from rules that
// are not in the ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS state.
//
// The exceptions table (ReadOnlyExceptions) decides first; otherwise a name
// is read-only when it starts with one of ReadOnlyPrefixes at a word
// boundary (List*, Get*, Describe*, Head*, Lookup*, Search*, Select*, Scan,
// Query, BatchGet*, Check*, ...). Event names are case-sensitive; a Lambda
// version suffix (ListFunctions20150331) does not change the result.
func IsReadOnly(eventName string) bool {
	if e, ok := readOnlyExceptions[eventName]; ok {
		return e.ReadOnly
	}
	for _, p := range readOnlyPrefixes {
		if hasWordPrefix(eventName, p) {
			return true
		}
	}
	return false
}

// hasWordPrefix reports whether s starts with prefix followed by the end of
// s, an upper-case ASCII letter or a digit.
func hasWordPrefix(s, prefix string) bool {
	if !strings.HasPrefix(s, prefix) {
		return false
	}
	if len(s) == len(prefix) {
		return true
	}
	c := s[len(prefix)]
	return ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// PrefixMayBeReadOnly reports whether an EventBridge {"prefix": prefix}
// match on detail.eventName can select read-only events: prefix is itself
// read-only ("Get", "GetBucket"), is the start of a read-only verb ("Desc")
// or of a read-only exception ("Generate" for GenerateDataKey, "Assume" for
// AssumeRole). The empty prefix matches everything, so it is true. The
// answer errs towards true, the safe side for choosing a rule state.
func PrefixMayBeReadOnly(prefix string) bool {
	if prefix == "" || IsReadOnly(prefix) {
		return true
	}
	for _, p := range readOnlyPrefixes {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	for n, e := range readOnlyExceptions {
		if e.ReadOnly && strings.HasPrefix(n, prefix) {
			return true
		}
	}
	return false
}
