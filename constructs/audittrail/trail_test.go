package audittrail_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/audittrail"
	"github.com/trailbridge/trailbridge/internal/cdktest"
)

// scenarios are synthesized together, once, into one assembly; each test
// reads the stack it needs.
var scenarios = map[string]func(s awscdk.Stack){
	"Default": func(s awscdk.Stack) { audittrail.NewTrail(s, "Trail", nil) },
	"Everything": func(s awscdk.Stack) {
		audittrail.NewTrail(s, "Trail", &audittrail.TrailProps{
			TrailName:           "audit",
			ManagementEvents:    audittrail.ReadWriteWriteOnly,
			CloudWatchLogs:      true,
			LogRetentionDays:    400,
			InsightAPICallRate:  true,
			InsightAPIErrorRate: true,
			S3Objects:           []audittrail.S3Objects{{Bucket: "payroll-data"}, {Bucket: "shared-data", Prefix: "finance/"}},
			S3ReadWrite:         audittrail.ReadWriteWriteOnly,
			LambdaDataEvents:    audittrail.LambdaListed,
			LambdaFunctions:     []string{"arn:aws:lambda:eu-west-1:111111111111:function:pay"},
			Lifecycle:           &audittrail.Lifecycle{TransitionDays: 30, TransitionStorageClass: "STANDARD_IA", ExpirationDays: 400, NoncurrentVersionExpirationDays: 10, AccessLogsExpirationDays: 30},
		})
	},
	"AllData": func(s awscdk.Stack) {
		audittrail.NewTrail(s, "Trail", &audittrail.TrailProps{S3AllBuckets: true, LambdaDataEvents: audittrail.LambdaAll, ManagementEvents: audittrail.ReadWriteReadOnly})
	},
	"Organization": func(s awscdk.Stack) {
		audittrail.NewTrail(s, "Trail", &audittrail.TrailProps{OrganizationTrail: true})
	},
	"Existing": func(s awscdk.Stack) {
		audittrail.NewTrail(s, "Trail", &audittrail.TrailProps{
			ExistingBucket: awss3.Bucket_FromBucketName(s, jsii.String("Logs"), jsii.String("central-trail-logs")),
			ExistingKey:    awskms.Key_FromKeyArn(s, jsii.String("Key"), jsii.String("arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
			CloudWatchLogs: true,
		})
	},
	"ExistingBucketOnly": func(s awscdk.Stack) {
		audittrail.NewTrail(s, "Trail", &audittrail.TrailProps{
			ExistingBucket: awss3.Bucket_FromBucketName(s, jsii.String("Logs"), jsii.String("central-trail-logs")),
		})
	},
	"ExistingKeyOnly": func(s awscdk.Stack) {
		audittrail.NewTrail(s, "Trail", &audittrail.TrailProps{
			ExistingKey: awskms.Key_FromKeyArn(s, jsii.String("Key"), jsii.String("arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
		})
	},
}

// assembly is every scenario, one stack each, synthesized once for the package.
var assembly = cdktest.Once(&cdktest.AppOptions{Nag: true}, func(app awscdk.App) {
	for name, build := range scenarios {
		build(awscdk.NewStack(app, jsii.String(name), &awscdk.StackProps{Env: cdktest.Env("eu-west-1")}))
	}
})

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestTrailIsMultiRegionWithGlobalEventsValidationAndKMS(t *testing.T) {
	s := assembly(t).Stack(t, "Default")
	p := s.Props(t, "AWS::CloudTrail::Trail")
	for k, want := range map[string]any{
		"IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true, "EnableLogFileValidation": true,
		"IsLogging": true, "IsOrganizationTrail": false, "TrailName": "trailbridge",
	} {
		if p[k] != want {
			t.Errorf("%s = %v, want %v", k, p[k], want)
		}
	}
	keys := s.Resources("AWS::KMS::Key")
	if len(keys) != 1 {
		t.Fatalf("want one KMS key, got %d", len(keys))
	}
	for id, k := range keys {
		if got := js(p["KMSKeyId"]); got != `{"Fn::GetAtt":["`+id+`","Arn"]}` {
			t.Errorf("KMSKeyId = %s, want the created key", got)
		}
		kp := k["Properties"].(map[string]any)
		if kp["EnableKeyRotation"] != true {
			t.Error("key rotation is off")
		}
		if k["DeletionPolicy"] != "Retain" {
			t.Error("key is not retained")
		}
	}
	// Without data events, every management event is selected.
	if got, want := js(p["AdvancedEventSelectors"]), `[{"FieldSelectors":[{"Equals":["Management"],"Field":"eventCategory"}],"Name":"Management events"}]`; got != want {
		t.Errorf("AdvancedEventSelectors = %s, want %s", got, want)
	}
	if _, ok := p["EventSelectors"]; ok {
		t.Error("basic EventSelectors must not be combined with advanced ones")
	}
	if _, ok := p["CloudWatchLogsLogGroupArn"]; ok {
		t.Error("CloudWatch Logs delivery is off by default")
	}
}

func statements(t *testing.T, policy any) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, s := range policy.(map[string]any)["Statement"].([]any) {
		out = append(out, s.(map[string]any))
	}
	return out
}

func bySid(t *testing.T, stmts []map[string]any, sid string) map[string]any {
	t.Helper()
	for _, s := range stmts {
		if s["Sid"] == sid {
			return s
		}
	}
	t.Fatalf("no statement %q in %s", sid, js(stmts))
	return nil
}

func TestKeyPolicyLetsCloudTrailEncryptOnlyForThisTrail(t *testing.T) {
	s := assembly(t).Stack(t, "Default")
	kp := s.Props(t, "AWS::KMS::Key")
	stmts := statements(t, kp["KeyPolicy"])
	enc := bySid(t, stmts, "AllowCloudTrailToEncryptForThisTrail")
	if got := js(enc["Principal"]); got != `{"Service":"cloudtrail.amazonaws.com"}` {
		t.Errorf("principal = %s", got)
	}
	if enc["Action"] != "kms:GenerateDataKey*" {
		t.Errorf("action = %v, want only kms:GenerateDataKey*", enc["Action"])
	}
	cond := enc["Condition"].(map[string]any)
	if got, want := js(cond["StringEquals"]), `{"aws:SourceArn":"arn:aws:cloudtrail:eu-west-1:111111111111:trail/trailbridge"}`; got != want {
		t.Errorf("SourceArn condition = %s, want %s", got, want)
	}
	if got, want := js(cond["StringLike"]), `{"kms:EncryptionContext:aws:cloudtrail:arn":"arn:aws:cloudtrail:*:111111111111:trail/*"}`; got != want {
		t.Errorf("encryption context condition = %s, want %s", got, want)
	}
	desc := bySid(t, stmts, "AllowCloudTrailToDescribeKeyForThisTrail")
	if got := js(desc["Condition"]); got != `{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:eu-west-1:111111111111:trail/trailbridge"}}` {
		t.Errorf("DescribeKey condition = %s", got)
	}
	// Only the account root holds kms:*; no other statement grants it.
	for _, st := range stmts {
		if st["Action"] == "kms:*" && js(st["Principal"]) != `{"AWS":"arn:aws:iam::111111111111:root"}` {
			t.Errorf("kms:* granted to %s", js(st["Principal"]))
		}
	}
}

func TestBucketIsHardened(t *testing.T) {
	s := assembly(t).Stack(t, "Default")
	buckets := s.Resources("AWS::S3::Bucket")
	if len(buckets) != 2 {
		t.Fatalf("want the log bucket and its access-log bucket, got %d buckets", len(buckets))
	}
	var logBucket, accessBucket string
	for id, b := range buckets {
		p := b["Properties"].(map[string]any)
		if b["DeletionPolicy"] != "Retain" {
			t.Errorf("%s is not retained on stack deletion", id)
		}
		if got := js(p["PublicAccessBlockConfiguration"]); got != `{"BlockPublicAcls":true,"BlockPublicPolicy":true,"IgnorePublicAcls":true,"RestrictPublicBuckets":true}` {
			t.Errorf("%s public access block = %s", id, got)
		}
		if js(p["VersioningConfiguration"]) != `{"Status":"Enabled"}` {
			t.Errorf("%s is not versioned", id)
		}
		if lc, ok := p["LoggingConfiguration"].(map[string]any); ok {
			logBucket = id
			accessBucket = lc["DestinationBucketName"].(map[string]any)["Ref"].(string)
		}
	}
	if logBucket == "" || accessBucket == logBucket {
		t.Fatalf("the log bucket must send server access logs to a separate bucket (log=%q access=%q)", logBucket, accessBucket)
	}
	rules := js(buckets[logBucket]["Properties"].(map[string]any)["LifecycleConfiguration"])
	for _, want := range []string{`"ExpirationInDays":2557`, `"StorageClass":"GLACIER_IR","TransitionInDays":90`, `"NoncurrentVersionExpiration":{"NoncurrentDays":90}`} {
		if !strings.Contains(rules, want) {
			t.Errorf("lifecycle %s lacks %s", rules, want)
		}
	}
	if p := js(s.Props(t, "AWS::CloudTrail::Trail")["S3BucketName"]); p != `{"Ref":"`+logBucket+`"}` {
		t.Errorf("trail writes to %s, want %s", p, logBucket)
	}
}

// logAndAccessLogBuckets returns the log bucket's and the access-log
// bucket's properties (the log bucket is the one with LoggingConfiguration).
func logAndAccessLogBuckets(t *testing.T, s *cdktest.Stack) (logBucket, accessLogs map[string]any) {
	t.Helper()
	for _, b := range s.Resources("AWS::S3::Bucket") {
		p := b["Properties"].(map[string]any)
		if _, ok := p["LoggingConfiguration"]; ok {
			logBucket = p
		} else {
			accessLogs = p
		}
	}
	if logBucket == nil || accessLogs == nil {
		t.Fatalf("want a log bucket and an access-log bucket in %s", js(s.Resources("AWS::S3::Bucket")))
	}
	return logBucket, accessLogs
}

func TestLogBucketDefaultsToSSEKMSWithTheTrailKeyAndABucketKey(t *testing.T) {
	s := assembly(t).Stack(t, "Default")
	var keyID string
	for id := range s.Resources("AWS::KMS::Key") {
		keyID = id
	}
	logBucket, accessLogs := logAndAccessLogBuckets(t, s)
	want := `{"ServerSideEncryptionConfiguration":[{"BucketKeyEnabled":true,"ServerSideEncryptionByDefault":{"KMSMasterKeyID":{"Fn::GetAtt":["` + keyID + `","Arn"]},"SSEAlgorithm":"aws:kms"}}]}`
	if got := js(logBucket["BucketEncryption"]); got != want {
		t.Errorf("log bucket encryption:\n got %s\nwant %s", got, want)
	}
	// S3 server access logging delivers only to SSE-S3 target buckets.
	if got := js(accessLogs["BucketEncryption"]); got != `{"ServerSideEncryptionConfiguration":[{"ServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}` {
		t.Errorf("access-log bucket encryption = %s, want SSE-S3", got)
	}

	// With an imported key, the created bucket uses that key.
	logBucket, _ = logAndAccessLogBuckets(t, assembly(t).Stack(t, "ExistingKeyOnly"))
	want = `{"ServerSideEncryptionConfiguration":[{"BucketKeyEnabled":true,"ServerSideEncryptionByDefault":{"KMSMasterKeyID":"arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab","SSEAlgorithm":"aws:kms"}}]}`
	if got := js(logBucket["BucketEncryption"]); got != want {
		t.Errorf("log bucket encryption with an imported key:\n got %s\nwant %s", got, want)
	}
}

func TestKeyPolicyLetsCloudTrailUseTheBucketKeyOnlyForThisTrailThroughS3(t *testing.T) {
	cases := []struct {
		stack string
		want  string
	}{
		// A created bucket's ARN cannot be named (the bucket's encryption names
		// the key): only a bucket ARN, never an object ARN, is admitted.
		{"Default", `{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:eu-west-1:111111111111:trail/trailbridge","kms:ViaService":"s3.eu-west-1.amazonaws.com"},` +
			`"StringLike":{"kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::*"},"StringNotLike":{"kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::*/*"}}`},
		// An imported bucket's ARN is named exactly.
		{"ExistingBucketOnly", `{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:eu-west-1:111111111111:trail/trailbridge",` +
			`"kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::central-trail-logs","kms:ViaService":"s3.eu-west-1.amazonaws.com"}}`},
	}
	for _, c := range cases {
		stmts := statements(t, assembly(t).Stack(t, c.stack).Props(t, "AWS::KMS::Key")["KeyPolicy"])
		st := bySid(t, stmts, "AllowCloudTrailBucketKeyForThisTrail")
		if st["Effect"] != "Allow" || js(st["Principal"]) != `{"Service":"cloudtrail.amazonaws.com"}` || st["Action"] != "kms:GenerateDataKey" || st["Resource"] != "*" {
			t.Errorf("%s: bucket key statement = %s, want cloudtrail.amazonaws.com allowed kms:GenerateDataKey on this key", c.stack, js(st))
		}
		if got := js(st["Condition"]); got != c.want {
			t.Errorf("%s: bucket key conditions:\n got %s\nwant %s", c.stack, got, c.want)
		}
	}
}

func TestBucketPolicyDeniesNonTLSAndAdmitsOnlyThisTrail(t *testing.T) {
	s := assembly(t).Stack(t, "Default")
	var policy map[string]any
	for _, r := range s.Resources("AWS::S3::BucketPolicy") {
		p := r["Properties"].(map[string]any)
		if strings.Contains(js(p), "AllowCloudTrailWriteForThisTrail") {
			policy = p
		}
	}
	if policy == nil {
		t.Fatal("no bucket policy admits CloudTrail")
	}
	stmts := statements(t, policy["PolicyDocument"])
	tls := false
	for _, st := range stmts {
		if st["Effect"] == "Deny" && strings.Contains(js(st["Condition"]), `"aws:SecureTransport":"false"`) && st["Action"] == "s3:*" {
			tls = true
		}
	}
	if !tls {
		t.Error("no statement denies requests without TLS")
	}
	acl := bySid(t, stmts, "AllowCloudTrailAclCheckForThisTrail")
	if got := js(acl["Condition"]); got != `{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:eu-west-1:111111111111:trail/trailbridge"}}` {
		t.Errorf("ACL check condition = %s", got)
	}
	write := bySid(t, stmts, "AllowCloudTrailWriteForThisTrail")
	if write["Action"] != "s3:PutObject" {
		t.Errorf("write action = %v", write["Action"])
	}
	if got := js(write["Condition"]); got != `{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:eu-west-1:111111111111:trail/trailbridge","s3:x-amz-acl":"bucket-owner-full-control"}}` {
		t.Errorf("write condition = %s", got)
	}
	if got := js(write["Resource"]); !strings.Contains(got, `/AWSLogs/111111111111/*`) {
		t.Errorf("write resource = %s, want the account's AWSLogs prefix", got)
	}
}

func TestDataEventSelectors(t *testing.T) {
	cases := []struct {
		stack string
		want  string
	}{
		{"Everything", `[` +
			`{"FieldSelectors":[{"Equals":["Management"],"Field":"eventCategory"},{"Equals":["false"],"Field":"readOnly"}],"Name":"Management events"},` +
			`{"FieldSelectors":[{"Equals":["Data"],"Field":"eventCategory"},{"Equals":["AWS::S3::Object"],"Field":"resources.type"},{"Field":"resources.ARN","StartsWith":["arn:aws:s3:::payroll-data/","arn:aws:s3:::shared-data/finance/"]},{"Equals":["false"],"Field":"readOnly"}],"Name":"S3 object events of selected buckets"},` +
			`{"FieldSelectors":[{"Equals":["Data"],"Field":"eventCategory"},{"Equals":["AWS::Lambda::Function"],"Field":"resources.type"},{"Equals":["arn:aws:lambda:eu-west-1:111111111111:function:pay"],"Field":"resources.ARN"}],"Name":"Lambda Invoke events of selected functions"}]`},
		{"AllData", `[` +
			`{"FieldSelectors":[{"Equals":["Management"],"Field":"eventCategory"},{"Equals":["true"],"Field":"readOnly"}],"Name":"Management events"},` +
			`{"FieldSelectors":[{"Equals":["Data"],"Field":"eventCategory"},{"Equals":["AWS::S3::Object"],"Field":"resources.type"}],"Name":"S3 object events of all buckets"},` +
			`{"FieldSelectors":[{"Equals":["Data"],"Field":"eventCategory"},{"Equals":["AWS::Lambda::Function"],"Field":"resources.type"}],"Name":"Lambda Invoke events of all functions"}]`},
	}
	for _, c := range cases {
		p := assembly(t).Stack(t, c.stack).Props(t, "AWS::CloudTrail::Trail")
		if got := js(p["AdvancedEventSelectors"]); got != c.want {
			t.Errorf("%s selectors:\n got %s\nwant %s", c.stack, got, c.want)
		}
	}
}

func TestLogsInsightsAndLifecycleOptions(t *testing.T) {
	s := assembly(t).Stack(t, "Everything")
	p := s.Props(t, "AWS::CloudTrail::Trail")
	if got := js(p["InsightSelectors"]); got != `[{"InsightType":"ApiCallRateInsight"},{"InsightType":"ApiErrorRateInsight"}]` {
		t.Errorf("InsightSelectors = %s", got)
	}
	lg := s.Props(t, "AWS::Logs::LogGroup")
	if lg["RetentionInDays"] != 400.0 || lg["LogGroupName"] != "/aws/cloudtrail/audit" {
		t.Errorf("log group = %s", js(lg))
	}
	if !strings.Contains(js(lg["KmsKeyId"]), "Fn::GetAtt") {
		t.Errorf("log group is not encrypted with the trail key: %s", js(lg["KmsKeyId"]))
	}
	if !strings.Contains(js(p["CloudWatchLogsLogGroupArn"]), "Fn::GetAtt") || !strings.Contains(js(p["CloudWatchLogsRoleArn"]), "Fn::GetAtt") {
		t.Errorf("trail does not deliver to the log group: %s", js(p))
	}
	role := s.Props(t, "AWS::IAM::Role")
	if got := js(role["AssumeRolePolicyDocument"]); !strings.Contains(got, `"Condition":{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:eu-west-1:111111111111:trail/audit"}}`) {
		t.Errorf("logs role trust policy lacks the trail condition: %s", got)
	}
	pol := js(s.Props(t, "AWS::IAM::Policy")["PolicyDocument"])
	if !strings.Contains(pol, `"Action":["logs:CreateLogStream","logs:PutLogEvents"]`) || !strings.Contains(pol, `log-group:/aws/cloudtrail/audit:log-stream:*`) {
		t.Errorf("logs role policy = %s", pol)
	}
	var rules string
	for _, b := range s.Resources("AWS::S3::Bucket") {
		if _, ok := b["Properties"].(map[string]any)["LoggingConfiguration"]; ok {
			rules = js(b["Properties"].(map[string]any)["LifecycleConfiguration"])
		}
	}
	for _, want := range []string{`"ExpirationInDays":400`, `"StorageClass":"STANDARD_IA","TransitionInDays":30`, `"NoncurrentDays":10`} {
		if !strings.Contains(rules, want) {
			t.Errorf("lifecycle %s lacks %s", rules, want)
		}
	}
}

func TestOrganizationTrail(t *testing.T) {
	s := assembly(t).Stack(t, "Organization")
	if s.Props(t, "AWS::CloudTrail::Trail")["IsOrganizationTrail"] != true {
		t.Error("IsOrganizationTrail is not set")
	}
	for _, r := range s.Resources("AWS::S3::BucketPolicy") {
		if pol := js(r); strings.Contains(pol, "AllowCloudTrailWriteForThisTrail") && !strings.Contains(pol, `/AWSLogs/*`) {
			t.Errorf("an organization trail must write under AWSLogs/<org id>/ too: %s", pol)
		}
	}
}

func TestExistingBucketAndKey(t *testing.T) {
	s := assembly(t).Stack(t, "Existing")
	if n := len(s.Resources("AWS::S3::Bucket")) + len(s.Resources("AWS::KMS::Key")) + len(s.Resources("AWS::S3::BucketPolicy")); n != 0 {
		t.Errorf("existing bucket and key must not be created or changed; found %d such resources", n)
	}
	p := s.Props(t, "AWS::CloudTrail::Trail")
	if p["S3BucketName"] != "central-trail-logs" {
		t.Errorf("S3BucketName = %v", p["S3BucketName"])
	}
	if p["KMSKeyId"] != "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" {
		t.Errorf("KMSKeyId = %v", p["KMSKeyId"])
	}
	if _, ok := s.Props(t, "AWS::Logs::LogGroup")["KmsKeyId"]; ok {
		t.Error("a log group must not be encrypted with an imported key whose policy we cannot extend")
	}
}

func TestCdkNagHasNoUnsuppressedErrors(t *testing.T) {
	a := assembly(t)
	for name := range scenarios {
		a.Stack(t, name).RequireNoNagErrors(t)
	}
}
