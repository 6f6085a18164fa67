package cloudtrail

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
)

func detail(t *testing.T, path string) *Record {
	t.Helper()
	return &mustParse(t, path).Detail
}

func intp(n int) *int { return &n }

func TestDecodeS3BucketRequest(t *testing.T) {
	policy := `{"Version":"2012-10-17","Statement":[{"Sid":"Public","Effect":"Allow","Principal":"*",` +
		`"Action":"s3:GetObject","Resource":"arn:aws:s3:::example-public-bucket/*"}]}`
	tests := []struct {
		file       string
		bucket     string
		host       string
		policy     string // compact JSON, "" for none
		pab        *PublicAccessBlockConfiguration
		acl        string
		publicACL  bool
		location   string
		grants     int
		publicGrnt bool
	}{
		{file: fx("s3_PutBucketPolicy_string"), bucket: "example-public-bucket",
			host: "example-public-bucket.s3.eu-west-1.amazonaws.com", policy: policy},
		{file: fx("s3_PutBucketPolicy_object_envelope"), bucket: "example-shared-bucket",
			host: "example-shared-bucket.s3.eu-west-1.amazonaws.com",
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},` +
				`"Action":"s3:GetObject","Resource":"arn:aws:s3:::example-shared-bucket/*"}]}`},
		{file: fx("s3_PutBucketPublicAccessBlock_strings"), bucket: "example-public-bucket",
			host: "example-public-bucket.s3.eu-west-1.amazonaws.com",
			pab:  &PublicAccessBlockConfiguration{BlockPublicACLs: true, IgnorePublicACLs: true}},
		{file: fx("s3_PutBucketPublicAccessBlock_envelope"), bucket: "example-locked-bucket",
			host: "example-locked-bucket.s3.eu-west-1.amazonaws.com",
			pab:  &PublicAccessBlockConfiguration{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}},
		{file: fx("s3_DeleteBucketPublicAccessBlock"), bucket: "example-public-bucket",
			host: "example-public-bucket.s3.eu-west-1.amazonaws.com"},
		{file: fx("s3_CreateBucket_public_acl"), bucket: "example-new-bucket",
			host: "example-new-bucket.s3.eu-west-1.amazonaws.com", acl: "public-read", publicACL: true, location: "eu-west-1"},
		{file: fx("s3_PutBucketAcl_public"), bucket: "example-new-bucket",
			host: "example-new-bucket.s3.eu-west-1.amazonaws.com", grants: 2, publicGrnt: true},
		{file: ev("s3", "GetBucketVersioning__awsdocs-s3__1"), bucket: "DOC-EXAMPLE-BUCKET1",
			host: "s3.us-west-2.amazonaws.com"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			q, err := DecodeS3BucketRequest(detail(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if q.BucketName != tt.bucket || q.Host != tt.host || q.CannedACL != tt.acl ||
				q.PublicCannedACL() != tt.publicACL || q.LocationConstraint != tt.location {
				t.Errorf("got %+v", q)
			}
			if string(q.BucketPolicy) != tt.policy {
				t.Errorf("BucketPolicy = %s\nwant %s", q.BucketPolicy, tt.policy)
			}
			if tt.policy != "" {
				var doc struct{ Version string }
				if err := q.BucketPolicy.Decode(&doc); err != nil || doc.Version != "2012-10-17" {
					t.Errorf("Decode: %v, %+v", err, doc)
				}
			}
			if !reflect.DeepEqual(q.PublicAccessBlock, tt.pab) {
				t.Errorf("PublicAccessBlock = %+v, want %+v", q.PublicAccessBlock, tt.pab)
			}
			grants, err := q.Grants()
			if err != nil {
				t.Fatal(err)
			}
			if len(grants) != tt.grants || slices.ContainsFunc(grants, S3Grant.Public) != tt.publicGrnt {
				t.Errorf("Grants() = %+v", grants)
			}
		})
	}
}

func TestDecodeS3BucketRequestSamples(t *testing.T) {
	// The AWS sample of PutBucketAcl has an empty bucket name: a responder
	// cannot act on it, and the decoder says so.
	r := detail(t, ev("s3", "PutBucketAcl__awsdocs-s3__1"))
	_, err := DecodeS3BucketRequest(r)
	if pe := asParseError(t, err); pe.Field != "requestParameters.bucketName" || pe.Reason != ReasonEmpty {
		t.Errorf("got %v", err)
	}
	// Its one grant (an object, not a list) is still readable.
	var rp struct {
		AccessControlPolicy FlexJSON
	}
	if err := DecodeRequest(r, &rp); err != nil {
		t.Fatal(err)
	}
	q := &S3BucketRequest{AccessControlPolicy: rp.AccessControlPolicy}
	grants, err := q.Grants()
	want := []S3Grant{{GranteeType: "CanonicalUser", ID: "d25639fbe9c19cd30a4c0f43fbf00e2d3f96400a9aa8dabfbbebe1906Example",
		Permission: "FULL_CONTROL"}}
	if err != nil || !reflect.DeepEqual(grants, want) {
		t.Errorf("Grants() = %+v, %v", grants, err)
	}
	// ListBuckets names no bucket.
	_, err = DecodeS3BucketRequest(detail(t, ev("s3", "ListBuckets__awsdocs-s3__1")))
	if pe := asParseError(t, err); pe.Field != "requestParameters.bucketName" || pe.Reason != ReasonMissing {
		t.Errorf("ListBuckets: %v", err)
	}
}

func TestDecodeIAMCreateUser(t *testing.T) {
	tests := []struct {
		file string
		want IAMCreateUser
	}{
		{ev("iam", "CreateUser__awsdocs-cloudtrail__1"),
			IAMCreateUser{UserName: "Bob", ARN: "arn:aws:iam::123456789012:user/Bob", UserID: "EXAMPLEUSERID"}},
		{fx("iam_CreateUser_federated"),
			IAMCreateUser{UserName: "frank", Path: "/staff/", ARN: "arn:aws:iam::111111111111:user/staff/frank", UserID: "AIDAEXAMPLEFRANK"}},
	}
	for _, tt := range tests {
		got, err := DecodeIAMCreateUser(detail(t, tt.file))
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		if *got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.file, *got, tt.want)
		}
	}
	// A failed call has no response: the user name is still there.
	r := detail(t, ev("iam", "CreateUser__awsdocs-cloudtrail__1"))
	r.ResponseElements, r.ErrorCode = json.RawMessage("null"), "EntityAlreadyExists"
	got, err := DecodeIAMCreateUser(r)
	if err != nil || *got != (IAMCreateUser{UserName: "Bob"}) {
		t.Errorf("failed call: %+v, %v", got, err)
	}
}

func TestDecodeEC2Instances(t *testing.T) {
	run, err := DecodeEC2RunInstances(detail(t, ev("ec2", "RunInstances__awsdocs-kms__1")))
	if err != nil {
		t.Fatal(err)
	}
	if want := (EC2RunInstances{InstanceIDs: []string{"i-81e2f56c"}, ReservationID: "r-5ebc9f74", OwnerID: "111122223333"}); !reflect.DeepEqual(*run, want) {
		t.Errorf("RunInstances sample: %+v", run)
	}
	run, err = DecodeEC2RunInstances(detail(t, fx("ec2_RunInstances_envelope")))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(run.InstanceIDs, []string{"i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2"}) {
		t.Errorf("RunInstances fixture: %+v", run)
	}
	start, err := DecodeEC2StartInstances(detail(t, ev("ec2", "StartInstances__awsdocs-cloudtrail__1")))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(start.InstanceIDs, []string{"i-ebeaf9e2"}) {
		t.Errorf("StartInstances sample: %+v", start)
	}
	// RunInstances' request numbers may be written 2.0 or "2".
	var req struct {
		InstancesSet struct {
			Items []struct{ MinCount, MaxCount FlexInt }
		}
	}
	if err := DecodeRequest(detail(t, fx("ec2_RunInstances_envelope")), &req); err != nil {
		t.Fatal(err)
	}
	if it := req.InstancesSet.Items[0]; it.MinCount != 2 || it.MaxCount != 2 {
		t.Errorf("counts %+v", it)
	}
}

func TestDecodeAuthorizeSecurityGroupIngress(t *testing.T) {
	got, err := DecodeAuthorizeSecurityGroupIngress(detail(t, fx("ec2_AuthorizeSecurityGroupIngress_envelope")))
	if err != nil {
		t.Fatal(err)
	}
	want := &SecurityGroupIngress{
		GroupID: "sg-0123456789abcdef0",
		Permissions: []IPPermission{
			{Protocol: "tcp", FromPort: intp(22), ToPort: intp(22),
				IPv4Ranges: []IPRange{{CIDR: "0.0.0.0/0", Description: "ssh from anywhere"}},
				IPv6Ranges: []IPRange{{CIDR: "::/0"}}},
			{Protocol: "tcp", FromPort: intp(3389), ToPort: intp(3389),
				IPv4Ranges:    []IPRange{{CIDR: "10.0.0.0/8"}},
				PrefixListIDs: []string{"pl-0123abcd"},
				Groups:        []GroupPair{{GroupID: "sg-0fedcba9876543210", UserID: "111111111111"}}},
		},
		Rules: []SecurityGroupRule{
			{RuleID: "sgr-0aaaaaaaaaaaaaaa1", GroupID: "sg-0123456789abcdef0", GroupOwnerID: "111111111111",
				Protocol: "tcp", FromPort: intp(22), ToPort: intp(22), CIDRIPv4: "0.0.0.0/0", Description: "ssh from anywhere"},
			{RuleID: "sgr-0aaaaaaaaaaaaaaa2", GroupID: "sg-0123456789abcdef0", GroupOwnerID: "111111111111",
				Protocol: "tcp", FromPort: intp(22), ToPort: intp(22), CIDRIPv6: "::/0"},
		},
	}
	if !reflect.DeepEqual(got, want) {
		gj, _ := json.MarshalIndent(got, "", " ")
		t.Errorf("got %s", gj)
	}
	p := got.Permissions[0]
	if !p.AllowsPort("tcp", 22) || p.AllowsPort("tcp", 23) || p.AllowsPort("udp", 22) || !p.AllowsPort("6", 22) {
		t.Error("AllowsPort on 22/tcp")
	}
	if !slices.Equal(p.WorldOpenCIDRs(), []string{"0.0.0.0/0", "::/0"}) || got.Permissions[1].WorldOpenCIDRs() != nil {
		t.Errorf("WorldOpenCIDRs() = %q, %q", p.WorldOpenCIDRs(), got.Permissions[1].WorldOpenCIDRs())
	}
	if !got.Rules[0].WorldOpen() || !got.Rules[1].WorldOpen() || !got.Rules[1].AllowsPort("tcp", 22) {
		t.Error("rule helpers")
	}

	legacy, err := DecodeAuthorizeSecurityGroupIngress(detail(t, fx("ec2_AuthorizeSecurityGroupIngress_legacy")))
	if err != nil {
		t.Fatal(err)
	}
	lp := legacy.Permissions[0]
	if legacy.GroupName != "default" || len(legacy.Permissions) != 1 || !lp.AllProtocols() ||
		!lp.AllowsPort("udp", 53) || !slices.Equal(lp.WorldOpenCIDRs(), []string{"0.0.0.0/0"}) || legacy.Rules != nil {
		t.Errorf("legacy: %+v", legacy)
	}
}

func TestAllowsPort(t *testing.T) {
	tests := []struct {
		proto    string
		from, to *int
		ask      string
		port     int
		want     bool
	}{
		{"tcp", intp(0), intp(65535), "tcp", 3389, true},
		{"tcp", intp(80), intp(443), "tcp", 22, false},
		{"tcp", nil, nil, "tcp", 22, true},
		{"-1", nil, nil, "udp", 1, true},
		{"17", intp(53), intp(53), "udp", 53, true},
		{"udp", intp(53), intp(53), "tcp", 53, false},
		{"icmp", intp(-1), intp(-1), "tcp", 22, false},
		{"TCP", intp(22), intp(22), "tcp", 22, true},
	}
	for _, tt := range tests {
		p := IPPermission{Protocol: tt.proto, FromPort: tt.from, ToPort: tt.to}
		if got := p.AllowsPort(tt.ask, tt.port); got != tt.want {
			t.Errorf("%+v AllowsPort(%s, %d) = %v", p, tt.ask, tt.port, got)
		}
	}
}

func TestDecodeTrailRequest(t *testing.T) {
	b := func(v bool) *bool { return &v }
	tests := []struct {
		file      string
		name      string
		trailName string
		trailARN  string
		matches   []string
		nomatch   []string
		selectors bool
	}{
		{file: ev("cloudtrail", "UpdateTrail__awsdocs-cloudtrail__1"), name: "myTrail2", trailName: "myTrail2",
			matches: []string{"myTrail2", "arn:aws:cloudtrail:us-east-2:123456789012:trail/myTrail2"}, nomatch: []string{"myTrail"}},
		{file: fx("cloudtrail_StopLogging_arn"), name: "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-audit", trailName: "org-audit",
			matches: []string{"org-audit", "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-audit"},
			nomatch: []string{"arn:aws:cloudtrail:us-east-1:222222222222:trail/org-audit", "other"}},
		{file: fx("cloudtrail_PutEventSelectors"), name: "org-audit", trailName: "org-audit",
			trailARN: "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-audit", selectors: true,
			matches: []string{"arn:aws:cloudtrail:us-east-1:111111111111:trail/org-audit"},
			nomatch: []string{"arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-audit"}},
		{file: fx("cloudtrail_DeleteTrail_envelope"), name: "org-audit", trailName: "org-audit",
			matches: []string{"org-audit"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := DecodeTrailRequest(detail(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != tt.name || got.TrailName() != tt.trailName || got.TrailARN != tt.trailARN ||
				(len(got.EventSelectors) > 0) != tt.selectors {
				t.Errorf("got %+v", got)
			}
			for _, m := range tt.matches {
				if !got.Matches(m) {
					t.Errorf("Matches(%q) = false", m)
				}
			}
			for _, m := range tt.nomatch {
				if got.Matches(m) {
					t.Errorf("Matches(%q) = true", m)
				}
			}
		})
	}
	// UpdateTrail settings.
	r := detail(t, ev("cloudtrail", "UpdateTrail__awsdocs-cloudtrail__1"))
	r.RequestParameters = json.RawMessage(`{"name":"t","isMultiRegionTrail":"false","enableLogFileValidation":true,"s3BucketName":"logs"}`)
	got, err := DecodeTrailRequest(r)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.IsMultiRegionTrail, b(false)) || !reflect.DeepEqual(got.EnableLogFileValidation, b(true)) ||
		got.IncludeGlobalServiceEvents != nil || got.S3BucketName != "logs" {
		t.Errorf("settings %+v", got)
	}
	// CreateServiceLinkedChannel is not a trail call.
	_, err = DecodeTrailRequest(detail(t, ev("cloudtrail", "CreateServiceLinkedChannel__awsdocs-cloudtrail__1")))
	if pe := asParseError(t, err); pe.Field != "eventName" || pe.Reason != ReasonUnexpected {
		t.Errorf("CreateServiceLinkedChannel: %v", err)
	}
}

func TestDecodeRDSAndLambda(t *testing.T) {
	db, err := DecodeRDSCreateDBInstance(detail(t, fx("rds_CreateDBInstance")))
	if err != nil {
		t.Fatal(err)
	}
	if *db != (RDSCreateDBInstance{DBInstanceARN: "arn:aws:rds:eu-west-1:111111111111:db:orders-db",
		DBInstanceIdentifier: "orders-db", Engine: "postgres"}) {
		t.Errorf("rds: %+v", db)
	}
	fn, err := DecodeLambdaCreateFunction(detail(t, fx("lambda_CreateFunction20150331")))
	if err != nil {
		t.Fatal(err)
	}
	if *fn != (LambdaCreateFunction{FunctionARN: "arn:aws:lambda:eu-west-1:111111111111:function:thumbnailer",
		FunctionName: "thumbnailer", Runtime: "provided.al2023", Role: "arn:aws:iam::111111111111:role/thumbnailer"}) {
		t.Errorf("lambda: %+v", fn)
	}
	// GetFunction is a lambda call, but not CreateFunction.
	_, err = DecodeLambdaCreateFunction(detail(t, ev("lambda", "GetFunction__awsdocs-lambda__1")))
	if pe := asParseError(t, err); pe.Field != "eventName" || pe.Reason != ReasonUnexpected {
		t.Errorf("GetFunction: %v", err)
	}
	// A failed CreateDBInstance has no response.
	r := detail(t, fx("rds_CreateDBInstance"))
	r.ResponseElements = json.RawMessage("null")
	r.ErrorCode = "DBInstanceAlreadyExists"
	_, err = DecodeRDSCreateDBInstance(r)
	if pe := asParseError(t, err); pe.Field != "responseElements" || pe.Reason != ReasonNull || pe.Detail == "" {
		t.Errorf("failed CreateDBInstance: %v", err)
	}
}

func TestDecodeRequestGeneric(t *testing.T) {
	r := detail(t, ev("kms", "Decrypt__awsdocs-kms__1"))
	var req struct {
		KeyID             string            `json:"keyId"`
		EncryptionContext map[string]string `json:"encryptionContext"`
	}
	if err := DecodeRequest(r, &req); err != nil {
		t.Fatal(err)
	}
	if req.EncryptionContext["Project"] != "Alpha" {
		t.Errorf("got %+v", req)
	}
	var notPointer struct{}
	if pe := asParseError(t, DecodeRequest(r, notPointer)); pe.Reason != ReasonType {
		t.Errorf("non-pointer: %v", pe)
	}
}
