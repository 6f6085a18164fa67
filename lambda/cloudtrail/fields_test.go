package cloudtrail

import (
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func ev(service, name string) string {
	return filepath.Join(samplesDir, "events", service, name+".json")
}
func fx(name string) string { return filepath.Join("testdata", "fixtures", name+".json") }

// tri renders an optional boolean as "absent", "true" or "false".
func tri(b *bool) string {
	if b == nil {
		return "absent"
	}
	if *b {
		return "true"
	}
	return "false"
}

// TestFields checks specific fields of samples and fixtures: identity types,
// readOnly absent versus false, booleans written as strings, event versions.
func TestFields(t *testing.T) {
	tests := []struct {
		file         string
		bare         bool
		version      string
		typ          IdentityType // as written
		kind         IdentityType
		arn          string
		principalARN string
		issuerARN    string
		root         bool
		mfaAuth      bool
		readOnly     string
		mgmt         string
		failed       bool
		mfaUsed      bool
		warnings     int
		extra        func(t *testing.T, e *Envelope)
	}{
		{
			file: ev("iam", "CreateUser__awsdocs-cloudtrail__1"), bare: true, version: "1.0",
			typ: IdentityIAMUser, kind: IdentityIAMUser,
			arn: "arn:aws:iam::123456789012:user/Alice", principalARN: "arn:aws:iam::123456789012:user/Alice",
			readOnly: "absent", mgmt: "absent",
			extra: func(t *testing.T, e *Envelope) {
				if e.Detail.EventID != "" || e.Detail.EventType != "" || e.DetailType != "" {
					t.Errorf("eventID %q, eventType %q, derived detail type %q; want all empty (version 1.0 record)",
						e.Detail.EventID, e.Detail.EventType, e.DetailType)
				}
				if e.Detail.UserIdentity.UserName != "Alice" || e.Detail.UserIdentity.AccessKeyID != "EXAMPLE_KEY_ID" {
					t.Errorf("identity %+v", e.Detail.UserIdentity)
				}
			},
		},
		{
			file: ev("s3", "DeleteBucket__awsdocs-iam__1"), bare: true, version: "1.04",
			typ: IdentityAssumedRole, kind: IdentityAssumedRole,
			arn:          "arn:aws:sts::777788889999:assumed-role/AssumeNothing/devdsk",
			principalARN: "arn:aws:iam::777788889999:role/AssumeNothing",
			issuerARN:    "arn:aws:iam::777788889999:role/AssumeNothing",
			readOnly:     "absent", mgmt: "absent",
			extra: func(t *testing.T, e *Envelope) {
				u := e.Detail.UserIdentity
				if u.SessionName() != "devdsk" {
					t.Errorf("SessionName() = %q", u.SessionName())
				}
				want := time.Date(2016, 11, 14, 17, 25, 26, 0, time.UTC)
				if !u.SessionContext.Attributes.CreationDate.Equal(want) {
					t.Errorf("creationDate = %v", u.SessionContext.Attributes.CreationDate)
				}
				if si := u.SessionContext.SessionIssuer; si.Type != "Role" || si.UserName != "AssumeNothing" || si.AccountID != "777788889999" {
					t.Errorf("sessionIssuer = %+v", si)
				}
			},
		},
		{
			file: ev("kms", "Decrypt__awsdocs-kms__7"), bare: true, version: "1.05",
			typ: IdentityAWSService, kind: IdentityAWSService, readOnly: "true", mgmt: "absent",
			extra: func(t *testing.T, e *Envelope) {
				if e.Detail.UserIdentity.InvokedBy != "workmail.eu-west-1.amazonaws.com" {
					t.Errorf("InvokedBy = %q", e.Detail.UserIdentity.InvokedBy)
				}
			},
		},
		{
			file: ev("sts", "AssumeRole__awsdocs-iam__2"), bare: true, version: "1.05",
			typ: IdentityAWSAccount, kind: IdentityAWSAccount, readOnly: "absent", mgmt: "absent",
			extra: func(t *testing.T, e *Envelope) {
				if e.Detail.SharedEventID == "" || e.Detail.UserIdentity.AccountID != "777788889999" {
					t.Errorf("sharedEventID %q, accountId %q", e.Detail.SharedEventID, e.Detail.UserIdentity.AccountID)
				}
			},
		},
		{
			file: ev("sts", "AssumeRole__awsdocs-iam__3"), bare: true, version: "1.05",
			typ: IdentityAssumedRole, kind: IdentityAssumedRole,
			arn:          "arn:aws:sts::111111111111:assumed-role/JohnDoe/JohnRole1",
			principalARN: "arn:aws:iam::111111111111:role/JohnRole1",
			issuerARN:    "arn:aws:iam::111111111111:role/JohnRole1",
			readOnly:     "absent", mgmt: "absent",
			extra: func(t *testing.T, e *Envelope) {
				if got := e.Detail.UserIdentity.SessionContext.SourceIdentity; got != "JohnDoe" {
					t.Errorf("sourceIdentity = %q", got)
				}
			},
		},
		{
			// AWS-internal activity: no userIdentity.type at all.
			file: ev("kms", "DeleteKey__awsdocs-kms__1"), bare: true, version: "1.08",
			typ: "", kind: IdentityUnknown, readOnly: "false", mgmt: "true",
			extra: func(t *testing.T, e *Envelope) {
				if e.Detail.UserIdentity.InvokedBy != "AWS Internal" {
					t.Errorf("InvokedBy = %q", e.Detail.UserIdentity.InvokedBy)
				}
			},
		},
		{
			file: ev("events", "PutRule__awsdocs-eventbridge__1"), bare: true, version: "1.03",
			typ: IdentityRoot, kind: IdentityRoot, root: true,
			arn: "arn:aws:iam::123456789012:root", principalARN: "arn:aws:iam::123456789012:root",
			readOnly: "absent", mgmt: "absent",
		},
		{
			// Root with an empty sessionIssuer and webIdFederationData.
			file: ev("iam", "EnableMFADevice__awsdocs-cloudtrail__1"), bare: true, version: "1.05",
			typ: IdentityRoot, kind: IdentityRoot, root: true,
			arn: "arn:aws:iam::111122223333:root", principalARN: "arn:aws:iam::111122223333:root",
			readOnly: "false", mgmt: "absent",
			extra: func(t *testing.T, e *Envelope) {
				sc := e.Detail.UserIdentity.SessionContext
				if sc.SessionIssuer == nil || *sc.SessionIssuer != (SessionIssuer{}) || sc.WebIDFederationData == nil {
					t.Errorf("sessionContext = %+v", sc)
				}
			},
		},
		{
			file: ev("signin", "ConsoleLogin__awsdocs-cloudtrail__1"), bare: true, version: "1.05",
			typ: IdentityIAMUser, kind: IdentityIAMUser,
			arn: "arn:aws:iam::111122223333:user/anaya", principalARN: "arn:aws:iam::111122223333:user/anaya",
			readOnly: "absent", mgmt: "absent",
			extra: func(t *testing.T, e *Envelope) {
				if e.DetailType != DetailTypeConsoleSignIn || e.Source != "aws.signin" {
					t.Errorf("derived %q %q", e.DetailType, e.Source)
				}
			},
		},
		{
			// A failed sign-in: errorMessage, but no errorCode.
			file: ev("signin", "ConsoleLogin__awsdocs-iam__1"), bare: true, version: "1.05",
			typ: IdentityIAMUser, kind: IdentityIAMUser,
			arn: "arn:aws:iam::111122223333:user/JaneDoe", principalARN: "arn:aws:iam::111122223333:user/JaneDoe",
			readOnly: "absent", mgmt: "absent",
			extra: func(t *testing.T, e *Envelope) {
				if e.Detail.ErrorMessage != "Failed authentication" {
					t.Errorf("ErrorMessage = %q", e.Detail.ErrorMessage)
				}
			},
		},
		{
			// The sample spells eventType "AwsConsoleSignin"; a sign-in with an
			// unknown user name has no ARN and a placeholder userName.
			file: ev("signin", "ConsoleLogin__awsdocs-iam__2"), bare: true, version: "1.05",
			typ: IdentityIAMUser, kind: IdentityIAMUser,
			readOnly: "absent", mgmt: "absent",
			extra: func(t *testing.T, e *Envelope) {
				if e.Detail.UserIdentity.UserName != "HIDDEN_DUE_TO_SECURITY_REASONS" {
					t.Errorf("userName = %q", e.Detail.UserIdentity.UserName)
				}
				if e.Detail.EventType != "AwsConsoleSignin" || e.DetailType != DetailTypeConsoleSignIn {
					t.Errorf("eventType %q, derived detail type %q", e.Detail.EventType, e.DetailType)
				}
			},
		},
		{
			file: ev("cloudtrail", "UpdateTrail__awsdocs-cloudtrail__1"), bare: true, version: "1.04",
			typ: IdentityIAMUser, kind: IdentityIAMUser,
			arn: "arn:aws:iam::123456789012:user/Alice", principalARN: "arn:aws:iam::123456789012:user/Alice",
			readOnly: "absent", mgmt: "absent", failed: true,
			extra: func(t *testing.T, e *Envelope) {
				if e.Detail.ErrorCode != "TrailNotFoundException" || string(e.Detail.ResponseElements) != "null" {
					t.Errorf("errorCode %q, responseElements %s", e.Detail.ErrorCode, e.Detail.ResponseElements)
				}
			},
		},
		{
			file: ev("cloudtrail", "CreateServiceLinkedChannel__awsdocs-cloudtrail__1"), bare: true, version: "1.08",
			typ: "", kind: IdentityUnknown, readOnly: "false", mgmt: "true",
			extra: func(t *testing.T, e *Envelope) {
				want := []Resource{{ARN: "arn:aws:cloudtrail:us-east-1:111122223333:channel/7944f0ec-EXAMPLE",
					AccountID: "184434908391", Type: "AWS::CloudTrail::Channel"}}
				if !slices.Equal(e.Detail.Resources, want) || e.Detail.EventCategory != "Management" {
					t.Errorf("resources %+v, category %q", e.Detail.Resources, e.Detail.EventCategory)
				}
				if e.DetailType != DetailTypeServiceEvent {
					t.Errorf("derived detail type %q", e.DetailType)
				}
			},
		},
		{
			file: filepath.Join(samplesDir, "envelopes", "s3", "JobCreated__awsdocs-s3__1.json"), version: "1.05",
			typ: "", kind: IdentityUnknown, readOnly: "false", mgmt: "absent",
			extra: func(t *testing.T, e *Envelope) {
				if e.ID != "51dc8145-541c-5518-2349-56d7dffdf2d8" || e.Account != "123456789012" ||
					!e.Time.Equal(time.Date(2020, 2, 27, 15, 25, 49, 0, time.UTC)) || len(e.Detail.ServiceEventDetails) == 0 {
					t.Errorf("envelope %+v", e)
				}
			},
		},
		{
			file: fx("s3_PutBucketPolicy_string"), bare: true, version: "1.09",
			typ: IdentityAssumedRole, kind: IdentityAssumedRole, mfaAuth: true,
			arn:          "arn:aws:sts::111111111111:assumed-role/Developer/alice",
			principalARN: "arn:aws:iam::111111111111:role/Developer",
			issuerARN:    "arn:aws:iam::111111111111:role/Developer",
			readOnly:     "false", mgmt: "true",
			extra: func(t *testing.T, e *Envelope) {
				if tls := e.Detail.TLSDetails; tls == nil || tls.TLSVersion != "TLSv1.3" ||
					tls.ClientProvidedHostHeader != "example-public-bucket.s3.eu-west-1.amazonaws.com" {
					t.Errorf("tlsDetails = %+v", tls)
				}
			},
		},
		{
			// mfaAuthenticated as a JSON boolean; sessionCredentialFromConsole as "true".
			file: fx("s3_PutBucketPublicAccessBlock_envelope"), version: "1.09",
			typ: IdentityRoot, kind: IdentityRoot, root: true, mfaAuth: true,
			arn: "arn:aws:iam::111111111111:root", principalARN: "arn:aws:iam::111111111111:root",
			readOnly: "false", mgmt: "true",
			extra: func(t *testing.T, e *Envelope) {
				if tri(e.Detail.SessionCredentialFromConsole) != "true" {
					t.Errorf("sessionCredentialFromConsole = %s", tri(e.Detail.SessionCredentialFromConsole))
				}
			},
		},
		{
			file: fx("ec2_RunInstances_envelope"), version: "1.10",
			typ: IdentityAssumedRole, kind: IdentityAssumedRole, mfaAuth: true,
			arn:          "arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Developer_0123abcd/dave@example.com",
			principalARN: "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Developer_0123abcd",
			issuerARN:    "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Developer_0123abcd",
			readOnly:     "false", mgmt: "true",
			extra: func(t *testing.T, e *Envelope) {
				if got := e.Detail.UserIdentity.SessionName(); got != "dave@example.com" {
					t.Errorf("SessionName() = %q", got)
				}
			},
		},
		{
			file: fx("identitycenter_user"), bare: true, version: "1.11",
			typ: IdentityIdentityCenterUser, kind: IdentityIdentityCenterUser, readOnly: "true", mgmt: "true",
			extra: func(t *testing.T, e *Envelope) {
				u := e.Detail.UserIdentity
				want := OnBehalfOf{UserID: "544894e8-80c1-707f-60e3-3ba6510dfac1",
					IdentityStoreARN: "arn:aws:identitystore::111111111111:identitystore/d-9067642ac7"}
				if u.OnBehalfOf == nil || *u.OnBehalfOf != want || u.CredentialID == "" || u.AccountID != "111111111111" {
					t.Errorf("identity %+v", u)
				}
			},
		},
		{
			file: fx("iam_CreateUser_federated"), bare: true, version: "1.08",
			typ: IdentityFederatedUser, kind: IdentityFederatedUser,
			arn:          "arn:aws:sts::111111111111:federated-user/erin",
			principalARN: "arn:aws:sts::111111111111:federated-user/erin",
			issuerARN:    "arn:aws:iam::111111111111:user/identity-broker",
			readOnly:     "false", mgmt: "true",
		},
		{
			file: fx("signin_ConsoleLogin_mfa_envelope"), version: "1.09",
			typ: IdentityRoot, kind: IdentityRoot, root: true,
			arn: "arn:aws:iam::111111111111:root", principalARN: "arn:aws:iam::111111111111:root",
			readOnly: "false", mgmt: "true", mfaUsed: true,
		},
		{
			// Event version 1.12, an unknown identity type, an unreadable
			// creationDate (three warnings); readOnly "true" and
			// managementEvent "false" as strings; a numeric account ID.
			file: fx("future_version"), bare: true, version: "1.12",
			typ: "SomethingNew", kind: IdentityUnknown, mfaAuth: true,
			readOnly: "true", mgmt: "false", warnings: 3,
			extra: func(t *testing.T, e *Envelope) {
				r := e.Detail
				if r.RecipientAccountID != "111111111111" || e.Account != "111111111111" {
					t.Errorf("recipientAccountId = %q", r.RecipientAccountID)
				}
				if !r.EventTime.Equal(time.Date(2030, 1, 1, 0, 0, 0, 123e6, time.UTC)) {
					t.Errorf("eventTime = %v", r.EventTime)
				}
				if !r.UserIdentity.SessionContext.Attributes.CreationDate.IsZero() {
					t.Errorf("creationDate = %v, want zero", r.UserIdentity.SessionContext.Attributes.CreationDate)
				}
			},
		},
		{
			// Insights events name the API in insightDetails and have no userIdentity.
			file: fx("insight_envelope"), version: "1.08",
			typ: "", kind: IdentityUnknown, readOnly: "absent", mgmt: "absent",
			extra: func(t *testing.T, e *Envelope) {
				r := e.Detail
				if r.EventSource != "ec2.amazonaws.com" || r.EventName != "RunInstances" || r.EventCategory != "Insight" ||
					len(r.InsightDetails) == 0 || e.DetailType != DetailTypeInsight {
					t.Errorf("insight record %+v", r)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			e := mustParse(t, tt.file)
			r := &e.Detail
			u := r.UserIdentity
			if e.Bare != tt.bare {
				t.Errorf("Bare = %v, want %v", e.Bare, tt.bare)
			}
			if r.EventVersion != tt.version {
				t.Errorf("EventVersion = %q, want %q", r.EventVersion, tt.version)
			}
			if u.Type != tt.typ || u.Kind() != tt.kind {
				t.Errorf("Type = %q, Kind() = %q; want %q, %q", u.Type, u.Kind(), tt.typ, tt.kind)
			}
			if u.ARN != tt.arn || u.PrincipalARN() != tt.principalARN || u.IssuerARN() != tt.issuerARN {
				t.Errorf("ARN %q, PrincipalARN() %q, IssuerARN() %q;\nwant %q, %q, %q",
					u.ARN, u.PrincipalARN(), u.IssuerARN(), tt.arn, tt.principalARN, tt.issuerARN)
			}
			if u.IsRoot() != tt.root || u.MFAAuthenticated() != tt.mfaAuth {
				t.Errorf("IsRoot() = %v, MFAAuthenticated() = %v; want %v, %v", u.IsRoot(), u.MFAAuthenticated(), tt.root, tt.mfaAuth)
			}
			if tri(r.ReadOnly) != tt.readOnly || tri(r.ManagementEvent) != tt.mgmt {
				t.Errorf("readOnly %s, managementEvent %s; want %s, %s", tri(r.ReadOnly), tri(r.ManagementEvent), tt.readOnly, tt.mgmt)
			}
			if r.Failed() != tt.failed || r.MFAUsed() != tt.mfaUsed {
				t.Errorf("Failed() = %v, MFAUsed() = %v; want %v, %v", r.Failed(), r.MFAUsed(), tt.failed, tt.mfaUsed)
			}
			if len(r.Warnings) != tt.warnings {
				t.Errorf("Warnings = %q, want %d", r.Warnings, tt.warnings)
			}
			if tt.extra != nil {
				tt.extra(t, e)
			}
		})
	}
}

func TestServiceAndBaseEventName(t *testing.T) {
	tests := []struct{ source, name, service, base string }{
		{"lambda.amazonaws.com", "CreateFunction20150331", "lambda", "CreateFunction"},
		{"lambda.amazonaws.com", "UpdateFunctionCode20150331v2", "lambda", "UpdateFunctionCode"},
		{"lambda.amazonaws.com", "CreateFunctionUrlConfig", "lambda", "CreateFunctionUrlConfig"},
		{"s3.amazonaws.com", "PutBucketPublicAccessBlock", "s3", "PutBucketPublicAccessBlock"},
		{"ec2-instance-connect.amazonaws.com", "SendSSHPublicKey", "ec2-instance-connect", "SendSSHPublicKey"},
		{"custom.example.com", "20150331", "custom.example.com", "20150331"},
	}
	for _, tt := range tests {
		r := &Record{EventSource: tt.source, EventName: tt.name}
		if r.Service() != tt.service || r.BaseEventName() != tt.base {
			t.Errorf("%s %s: Service() = %q, BaseEventName() = %q; want %q, %q",
				tt.source, tt.name, r.Service(), r.BaseEventName(), tt.service, tt.base)
		}
	}
}

func TestRequire(t *testing.T) {
	rec := mustParse(t, fx("s3_PutBucketPolicy_string")).Detail
	ok := []string{"eventID", "userIdentity.arn", "userIdentity.sessionContext.sessionIssuer.arn",
		"requestParameters.bucketName", "resources.0.ARN", "resources[0].ARN", "readOnly", "tlsDetails.tlsVersion"}
	if err := rec.Require(ok...); err != nil {
		t.Errorf("Require(%q) = %v", ok, err)
	}
	if err := rec.Require(); err != nil {
		t.Errorf("Require() = %v", err)
	}
	tests := []struct {
		field  string
		reason Reason
	}{
		{"errorCode", ReasonMissing},
		{"userIdentity.userName", ReasonMissing},
		{"userIdentity.onBehalfOf.userId", ReasonMissing},
		{"responseElements", ReasonNull},
		{"responseElements.x", ReasonNull},
		{"requestParameters.policy", ReasonEmpty},
		{"requestParameters.bucketName.x", ReasonType},
		{"resources.1.ARN", ReasonMissing},
		{"resources.x", ReasonType},
		{"", ReasonMissing},
	}
	for _, tt := range tests {
		err := rec.Require("eventName", tt.field)
		pe := asParseError(t, err)
		if pe.Field != tt.field || pe.Reason != tt.reason {
			t.Errorf("Require(%q) = %v; want field %q, reason %q", tt.field, err, tt.field, tt.reason)
		}
	}
	// Require sees the record as it is now.
	rec.UserIdentity.ARN = ""
	if pe := asParseError(t, rec.Require("userIdentity.arn")); pe.Reason != ReasonMissing {
		t.Errorf("after clearing ARN: %v", pe)
	}
	// A hand-built record works too.
	ro := false
	hand := &Record{EventName: "X", ReadOnly: &ro, RequestParameters: []byte(`{"a":""}`)}
	if err := hand.Require("eventName", "readOnly"); err != nil {
		t.Errorf("hand-built: %v", err)
	}
	if pe := asParseError(t, hand.Require("requestParameters.a")); pe.Reason != ReasonEmpty {
		t.Errorf("hand-built requestParameters.a: %v", pe)
	}
}

func TestDetailTypeOf(t *testing.T) {
	for eventType, want := range map[string]string{
		EventTypeAPICall:      DetailTypeAPICall,
		"AwsConsoleSignin":    DetailTypeConsoleSignIn, // an AWS sample's spelling
		"awsconsoleaction":    DetailTypeConsoleAction,
		EventTypeServiceEvent: DetailTypeServiceEvent,
		EventTypeInsight:      DetailTypeInsight,
		EventTypeVPCEEvent:    "",
		"":                    "",
		"AwsApiCallVia":       "",
	} {
		if got := DetailTypeOf(eventType); got != want {
			t.Errorf("DetailTypeOf(%q) = %q; want %q", eventType, got, want)
		}
	}
}
