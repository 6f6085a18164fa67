package gates

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/internal/testjson"
)

func TestGoodTemplatePasses(t *testing.T) {
	for _, f := range Check(testjson.Object(t, "testdata/good.json")) {
		t.Errorf("unexpected finding: %s", f)
	}
}

// brokenCases: each fixture in testdata/broken, the one gate it must trip
// (none for a fixture that must pass), the resources at fault and words each
// message must contain.
var brokenCases = map[string]struct {
	gate      string
	resources []string
	contains  []string
}{
	"action-star.json":                    {GateActionWildcard, []string{"Policy"}, []string{`Action "*"`, "PolicyDocument Statement[0]", "Fix:"}},
	"service-star.json":                   {GateActionWildcard, []string{"Role"}, []string{`"s3:*"`, `Policies[0] ("S3") PolicyDocument Statement[0] (Sid "AllOfS3")`, "Fix:"}},
	"resource-star.json":                  {GateResourceWildcard, []string{"Policy"}, []string{`"s3:GetObject"`, `Resource "*"`, "Fix:"}},
	"resource-star-allowlisted.json":      {"", nil, nil},
	"sns-policy-no-condition.json":        {GateSourceCondition, []string{"TopicPolicy"}, []string{`Service "events.amazonaws.com"`, `Sid "Rule"`, "aws:SourceArn", "Fix:"}},
	"sqs-policy-no-condition.json":        {GateSourceCondition, []string{"QueuePolicy"}, []string{`Service "sns.amazonaws.com"`, "Statement[1]", "only Null on aws:SourceArn"}},
	"lambda-permission-no-sourcearn.json": {GateSourceCondition, []string{"Invoke"}, []string{"events.amazonaws.com", "set SourceArn"}},
	"bus-policy-no-condition.json":        {GateSourceCondition, []string{"Bus", "BusPolicy"}, []string{`allows "*"`}},
	"kms-star-non-root.json":              {GateKeyAdmin, []string{"Key"}, []string{`KeyPolicy Statement[1] (Sid "Admin")`, `AWS "arn:aws:iam::111111111111:role/ops"`, "Fix:"}},
	"rule-target-no-dlq.json":             {GateTargetDLQ, []string{"Forward"}, []string{`Targets[0] (Id "HomeBus"`, "DeadLetterConfig.Arn", "Fix:"}},
	"rule-target-no-retry.json":           {GateTargetRetry, []string{"Rule"}, []string{`Targets[0] (Id "HomeBus"`, "RetryPolicy", "Fix:"}},
	"dlq-no-alarm.json":                   {GateDLQAlarm, []string{"DLQ"}, []string{"dead-letter queue of Buffer", "WrongAlarm uses Ref DLQ", "Fix:"}},
	"queue-aws-managed-key.json":          {GateEncryption, []string{"Queue"}, []string{"alias/aws/sqs", "AWS-managed", "Fix:"}},
	"topic-unencrypted.json":              {GateEncryption, []string{"Topic"}, []string{"has no KmsMasterKeyId", "Fix:"}},
	"key-policy-missing-events.json":      {GateKeyPolicyService, []string{"Key"}, []string{"events.amazonaws.com to kms:GenerateDataKey", "DLQ (written by Rule", "Queue (written by Rule", "Fix:"}},
	"lambda-no-log-group.json":            {GateLogRetention, []string{"Other", "Responder"}, []string{"Fix:"}},
}

func TestBrokenTemplates(t *testing.T) {
	files, _ := filepath.Glob("testdata/broken/*.json")
	if len(files) == 0 {
		t.Fatal("no fixtures in testdata/broken")
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			want, ok := brokenCases[name]
			if !ok {
				t.Fatalf("fixture %s has no entry in brokenCases", name)
			}
			findings := Check(testjson.Object(t, file))
			var resources []string
			for _, f := range findings {
				t.Log(f)
				if f.Gate != want.gate {
					t.Errorf("gate %q fired, want only %q: %s", f.Gate, want.gate, f)
				}
				if !strings.HasPrefix(f.Message, f.Resource+" (") {
					t.Errorf("message does not start with the resource: %s", f.Message)
				}
				resources = append(resources, f.Resource)
			}
			if !slices.Equal(resources, want.resources) {
				t.Errorf("findings on %v, want %v", resources, want.resources)
			}
			for _, word := range want.contains {
				if !slices.ContainsFunc(findings, func(f Finding) bool { return strings.Contains(f.Message, word) }) {
					t.Errorf("no message contains %q", word)
				}
			}
		})
	}
	for name := range brokenCases {
		if _, err := os.Stat(filepath.Join("testdata/broken", name)); err != nil {
			t.Errorf("brokenCases names %s, which does not exist", name)
		}
	}
}

// Every gate has a fixture that trips it, and each gate's own func finds
// exactly what Check reports for it.
func TestEachGateHasAFixture(t *testing.T) {
	tripped := map[string]bool{}
	for name, c := range brokenCases {
		tripped[c.gate] = true
		tpl := testjson.Object(t, filepath.Join("testdata/broken", name))
		for _, g := range All() {
			n := len(g.Run(tpl))
			want := 0
			if g.Name == c.gate {
				want = len(c.resources)
			}
			if n != want {
				t.Errorf("%s: %s alone found %d, want %d", name, g.Name, n, want)
			}
		}
	}
	for _, g := range All() {
		if !tripped[g.Name] {
			t.Errorf("gate %s has no broken fixture", g.Name)
		}
	}
}

func TestPathFromMetadata(t *testing.T) {
	tpl := map[string]any{"Resources": map[string]any{
		"Q": map[string]any{"Type": "AWS::SQS::Queue", "Metadata": map[string]any{"aws:cdk:path": "Stack/Q/Resource"}},
	}}
	fs := Check(tpl)
	if len(fs) != 1 || fs[0].Path != "Stack/Q/Resource" || fs[0].Resource != "Q" {
		t.Fatalf("got %v", fs)
	}
	if s := fs[0].String(); !strings.HasPrefix(s, "[cmk-encryption] Q (Stack/Q/Resource): Q (AWS::SQS::Queue) ") {
		t.Errorf("String() = %s", s)
	}
}

// policyTemplate wraps statements in one resource of the given type and
// document property.
func policyTemplate(typ, prop string, statements ...map[string]any) map[string]any {
	return map[string]any{"Resources": map[string]any{
		"R": map[string]any{"Type": typ, "Properties": map[string]any{prop: map[string]any{"Statement": toAny(statements)}}},
	}}
}

func toAny(ms []map[string]any) []any {
	out := make([]any, len(ms))
	for i, m := range ms {
		out[i] = m
	}
	return out
}

func TestPolicyEdgeCases(t *testing.T) {
	rootJoin := map[string]any{"Fn::Join": []any{"", []any{"arn:", map[string]any{"Ref": "AWS::Partition"}, ":iam::", map[string]any{"Ref": "AWS::AccountId"}, ":root"}}}
	cases := []struct {
		name string
		gate func(map[string]any) []Finding
		tpl  map[string]any
		want int
	}{
		{"deny star ok", ActionWildcards, policyTemplate("AWS::IAM::Policy", "PolicyDocument",
			map[string]any{"Effect": "Deny", "Action": "*", "Resource": "*"}), 0},
		{"trust policy ignored", ActionWildcards, policyTemplate("AWS::IAM::Role", "AssumeRolePolicyDocument",
			map[string]any{"Effect": "Allow", "Action": "*", "Principal": map[string]any{"Service": "lambda.amazonaws.com"}}), 0},
		{"not action", ActionWildcards, policyTemplate("AWS::IAM::Policy", "PolicyDocument",
			map[string]any{"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::b"}), 1},
		{"prefix wildcard ok", ActionWildcards, policyTemplate("AWS::IAM::Policy", "PolicyDocument",
			map[string]any{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}), 0},
		{"queue policy sqs:*", ActionWildcards, policyTemplate("AWS::SQS::QueuePolicy", "PolicyDocument",
			map[string]any{"Effect": "Allow", "Action": "sqs:*", "Principal": map[string]any{"AWS": "arn:aws:iam::111111111111:root"}, "Resource": "*"}), 1},
		{"key policy root kms:* ok", ActionWildcards, policyTemplate("AWS::KMS::Key", "KeyPolicy",
			map[string]any{"Effect": "Allow", "Action": "kms:*", "Principal": map[string]any{"AWS": rootJoin}, "Resource": "*"}), 0},
		{"key root join ok", KeyAdmins, policyTemplate("AWS::KMS::Key", "KeyPolicy",
			map[string]any{"Effect": "Allow", "Action": "kms:*", "Principal": map[string]any{"AWS": rootJoin}, "Resource": "*"}), 0},
		{"key root sub ok", KeyAdmins, policyTemplate("AWS::KMS::Key", "KeyPolicy",
			map[string]any{"Effect": "Allow", "Action": "kms:*", "Principal": map[string]any{"AWS": map[string]any{"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}, "Resource": "*"}), 0},
		{"key account id ok", KeyAdmins, policyTemplate("AWS::KMS::Key", "KeyPolicy",
			map[string]any{"Effect": "Allow", "Action": "kms:*", "Principal": map[string]any{"AWS": "111111111111"}, "Resource": "*"}), 0},
		{"key star principal", KeyAdmins, policyTemplate("AWS::KMS::Key", "KeyPolicy",
			map[string]any{"Effect": "Allow", "Action": "*", "Principal": "*", "Resource": "*"}), 1},
		{"key service kms:*", KeyAdmins, policyTemplate("AWS::KMS::Key", "KeyPolicy",
			map[string]any{"Effect": "Allow", "Action": []any{"kms:*"}, "Principal": map[string]any{"Service": "events.amazonaws.com"}, "Resource": "*"}), 1},
		{"key scoped ok", KeyAdmins, policyTemplate("AWS::KMS::Key", "KeyPolicy",
			map[string]any{"Effect": "Allow", "Action": "kms:Decrypt", "Principal": "*", "Resource": "*"}), 0},
		{"resource star in key policy ok", ResourceWildcards, policyTemplate("AWS::KMS::Key", "KeyPolicy",
			map[string]any{"Effect": "Allow", "Action": "kms:Decrypt", "Principal": map[string]any{"Service": "events.amazonaws.com"}, "Resource": "*"}), 0},
		{"resource star intrinsic ok", ResourceWildcards, policyTemplate("AWS::IAM::Policy", "PolicyDocument",
			map[string]any{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": map[string]any{"Fn::GetAtt": []any{"Q", "Arn"}}}), 0},
		{"not resource", ResourceWildcards, policyTemplate("AWS::IAM::Policy", "PolicyDocument",
			map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}), 1},
		{"wildcard action on star", ResourceWildcards, policyTemplate("AWS::IAM::Policy", "PolicyDocument",
			map[string]any{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}), 1},
		{"policy as JSON text", ResourceWildcards, map[string]any{"Resources": map[string]any{"R": map[string]any{"Type": "AWS::IAM::Policy", "Properties": map[string]any{
			"PolicyDocument": `{"Statement": {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}}`}}}}, 1},
		{"source account ok", SourceConditions, policyTemplate("AWS::SNS::TopicPolicy", "PolicyDocument",
			map[string]any{"Effect": "Allow", "Action": "sns:Publish", "Principal": map[string]any{"Service": "cloudwatch.amazonaws.com"}, "Resource": "*",
				"Condition": map[string]any{"StringEquals": map[string]any{"AWS:SourceAccount": "111111111111"}}}), 0},
		{"arn like ok", SourceConditions, policyTemplate("AWS::SQS::QueuePolicy", "PolicyDocument",
			map[string]any{"Effect": "Allow", "Action": "sqs:SendMessage", "Principal": map[string]any{"Service": "events.amazonaws.com"}, "Resource": "*",
				"Condition": map[string]any{"ArnLike": map[string]any{"aws:SourceArn": "arn:aws:events:us-east-1:111111111111:rule/x"}}}), 0},
		{"if exists weak", SourceConditions, policyTemplate("AWS::SQS::QueuePolicy", "PolicyDocument",
			map[string]any{"Effect": "Allow", "Action": "sqs:SendMessage", "Principal": map[string]any{"Service": "events.amazonaws.com"}, "Resource": "*",
				"Condition": map[string]any{"ArnLikeIfExists": map[string]any{"aws:SourceArn": "arn:aws:events:us-east-1:111111111111:rule/x"}}}), 1},
		{"star value weak", SourceConditions, policyTemplate("AWS::SQS::QueuePolicy", "PolicyDocument",
			map[string]any{"Effect": "Allow", "Action": "sqs:SendMessage", "Principal": map[string]any{"Service": "events.amazonaws.com"}, "Resource": "*",
				"Condition": map[string]any{"ArnLike": map[string]any{"aws:SourceArn": "*"}}}), 1},
		{"account principal needs no condition", SourceConditions, policyTemplate("AWS::SQS::QueuePolicy", "PolicyDocument",
			map[string]any{"Effect": "Allow", "Action": "sqs:SendMessage", "Principal": map[string]any{"AWS": "arn:aws:iam::111111111111:role/r"}, "Resource": "*"}), 0},
		{"legacy bus policy org ok", SourceConditions, map[string]any{"Resources": map[string]any{"R": map[string]any{"Type": "AWS::Events::EventBusPolicy", "Properties": map[string]any{
			"StatementId": "Org", "Action": "events:PutEvents", "Principal": "*",
			"Condition": map[string]any{"Type": "StringEquals", "Key": "aws:PrincipalOrgID", "Value": "o-abc"}}}}}, 0},
		{"legacy bus policy open", SourceConditions, map[string]any{"Resources": map[string]any{"R": map[string]any{"Type": "AWS::Events::EventBusPolicy", "Properties": map[string]any{
			"StatementId": "Open", "Action": "events:PutEvents", "Principal": "*"}}}}, 1},
		{"lambda permission org ok", SourceConditions, map[string]any{"Resources": map[string]any{"R": map[string]any{"Type": "AWS::Lambda::Permission", "Properties": map[string]any{
			"Action": "lambda:InvokeFunction", "FunctionName": "f", "Principal": "*", "PrincipalOrgID": "o-abc"}}}}, 0},
		{"managed full access", ActionWildcards, map[string]any{"Resources": map[string]any{"R": map[string]any{"Type": "AWS::IAM::Role", "Properties": map[string]any{
			"ManagedPolicyArns": []any{"arn:aws:iam::aws:policy/AmazonS3FullAccess", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}}}}}, 1},
	}
	for _, c := range cases {
		got := c.gate(c.tpl)
		if len(got) != c.want {
			t.Errorf("%s: %d findings, want %d: %v", c.name, len(got), c.want, got)
		}
	}
}

func TestResourceStarActionsHaveReasons(t *testing.T) {
	for action, reason := range ResourceStarActions {
		if len(strings.TrimSpace(reason)) < 10 {
			t.Errorf("%s: reason %q too short", action, reason)
		}
		if svc, name, ok := strings.Cut(action, ":"); !ok || svc == "" || name == "" || strings.Contains(action, "*") {
			t.Errorf("%s: want one exact service:Action", action)
		}
	}
	for _, a := range []string{"logs:CreateLogGroup", "iam:ListMFADevices", "s3:GetObject", "sqs:SendMessage", "events:PutEvents"} {
		if resourceStarReason(a) != "" {
			t.Errorf("%s supports resource-level permissions and must not be allow-listed", a)
		}
	}
}

// render is package cfn's resolver (tested there) with ${X} placeholders;
// what the gates add is the literal flag.
func TestRender(t *testing.T) {
	if got, lit := render("x"); got != "x" || !lit {
		t.Errorf(`render("x") = %q, %v`, got, lit)
	}
	if got, lit := render(map[string]any{"Fn::GetAtt": []any{"Q", "Arn"}}); got != "${Q.Arn}" || lit {
		t.Errorf("render(GetAtt Q.Arn) = %q, %v", got, lit)
	}
}

func TestDeliveryEdgeCases(t *testing.T) {
	key := map[string]any{"Type": "AWS::KMS::Key", "Properties": map[string]any{"KeyPolicy": map[string]any{"Statement": []any{
		map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::111111111111:root"}, "Action": "kms:*", "Resource": "*"},
	}}}}
	tpl := func(extra map[string]any) map[string]any {
		res := map[string]any{"Key": key}
		for k, v := range extra {
			res[k] = v
		}
		return map[string]any{"Resources": res}
	}
	cases := []struct {
		name string
		gate func(map[string]any) []Finding
		tpl  map[string]any
		want int
	}{
		{"sqs managed sse", Encryption, tpl(map[string]any{"Q": map[string]any{"Type": "AWS::SQS::Queue", "Properties": map[string]any{"SqsManagedSseEnabled": true}}}), 1},
		{"literal key arn ok", Encryption, tpl(map[string]any{"Q": map[string]any{"Type": "AWS::SQS::Queue", "Properties": map[string]any{
			"KmsMasterKeyId": "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}}), 0},
		{"aws sns key", Encryption, tpl(map[string]any{"T": map[string]any{"Type": "AWS::SNS::Topic", "Properties": map[string]any{"KmsMasterKeyId": map[string]any{
			"Fn::Join": []any{"", []any{"arn:", map[string]any{"Ref": "AWS::Partition"}, ":kms:us-east-1:111111111111:alias/aws/sns"}}}}}}), 1},
		{"alias of key ok", Encryption, tpl(map[string]any{
			"A": map[string]any{"Type": "AWS::KMS::Alias", "Properties": map[string]any{"AliasName": "alias/tb", "TargetKeyId": map[string]any{"Ref": "Key"}}},
			"T": map[string]any{"Type": "AWS::SNS::Topic", "Properties": map[string]any{"KmsMasterKeyId": map[string]any{"Ref": "A"}}}}), 0},
		{"alarm topic needs cloudwatch", KeyPolicyServices, tpl(map[string]any{
			"T": map[string]any{"Type": "AWS::SNS::Topic", "Properties": map[string]any{"KmsMasterKeyId": map[string]any{"Ref": "Key"}}},
			"A": map[string]any{"Type": "AWS::CloudWatch::Alarm", "Properties": map[string]any{"AlarmActions": []any{map[string]any{"Ref": "T"}}}}}), 1},
		{"subscribed queue needs sns", KeyPolicyServices, tpl(map[string]any{
			"Q": map[string]any{"Type": "AWS::SQS::Queue", "Properties": map[string]any{"KmsMasterKeyId": map[string]any{"Ref": "Key"}}},
			"S": map[string]any{"Type": "AWS::SNS::Subscription", "Properties": map[string]any{"Protocol": "sqs", "TopicArn": "arn:aws:sns:us-east-1:111111111111:t",
				"Endpoint": map[string]any{"Fn::GetAtt": []any{"Q", "Arn"}}}}}), 1},
		{"lambda dlq needs no service", KeyPolicyServices, tpl(map[string]any{
			"Q": map[string]any{"Type": "AWS::SQS::Queue", "Properties": map[string]any{"KmsMasterKeyId": map[string]any{"Ref": "Key"}}},
			"F": map[string]any{"Type": "AWS::Lambda::Function", "Properties": map[string]any{"DeadLetterConfig": map[string]any{"TargetArn": map[string]any{"Fn::GetAtt": []any{"Q", "Arn"}}}}}}), 0},
		{"lambda dlq needs alarm", DLQAlarms, tpl(map[string]any{
			"Q": map[string]any{"Type": "AWS::SQS::Queue", "Properties": map[string]any{"KmsMasterKeyId": map[string]any{"Ref": "Key"}}},
			"F": map[string]any{"Type": "AWS::Lambda::Function", "Properties": map[string]any{"DeadLetterConfig": map[string]any{"TargetArn": map[string]any{"Fn::GetAtt": []any{"Q", "Arn"}}}}}}), 1},
		{"alarm by literal name ok", DLQAlarms, tpl(map[string]any{
			"Q":  map[string]any{"Type": "AWS::SQS::Queue", "Properties": map[string]any{"QueueName": "dlq"}},
			"Q2": map[string]any{"Type": "AWS::SQS::Queue", "Properties": map[string]any{"RedrivePolicy": `{"deadLetterTargetArn": {"Fn::GetAtt": ["Q", "Arn"]}}`}},
			"A": map[string]any{"Type": "AWS::CloudWatch::Alarm", "Properties": map[string]any{"Dimensions": []any{
				map[string]any{"Name": "QueueName", "Value": "dlq"}}}}}), 0},
		{"log group by literal name ok", LogRetention, tpl(map[string]any{
			"F": map[string]any{"Type": "AWS::Lambda::Function", "Properties": map[string]any{"LoggingConfig": map[string]any{"LogGroup": "/tb/responder"}}},
			"L": map[string]any{"Type": "AWS::Logs::LogGroup", "Properties": map[string]any{"LogGroupName": "/tb/responder", "RetentionInDays": 30}}}), 0},
		{"log group outside template", LogRetention, tpl(map[string]any{
			"F": map[string]any{"Type": "AWS::Lambda::Function", "Properties": map[string]any{"LoggingConfig": map[string]any{"LogGroup": "/elsewhere"}}}}), 1},
		{"log retention custom resource ok", LogRetention, tpl(map[string]any{
			"F": map[string]any{"Type": "AWS::Lambda::Function", "Properties": map[string]any{}},
			"R": map[string]any{"Type": "Custom::LogRetention", "Properties": map[string]any{"RetentionInDays": 7, "LogGroupName": map[string]any{
				"Fn::Join": []any{"", []any{"/aws/lambda/", map[string]any{"Ref": "F"}}}}}}}), 0},
	}
	for _, c := range cases {
		got := c.gate(c.tpl)
		if len(got) != c.want {
			t.Errorf("%s: %d findings, want %d: %v", c.name, len(got), c.want, got)
		}
	}
}

// A StackSet's inline template is checked too: a finding in it is reported
// under the StackSet's logical ID.
func TestCheckRunsOnStackSetTemplates(t *testing.T) {
	member := map[string]any{"Resources": map[string]any{
		"Queue": map[string]any{"Type": "AWS::SQS::Queue", "Properties": map[string]any{}},
	}}
	body, _ := json.Marshal(member)
	tpl := map[string]any{"Resources": map[string]any{
		"MemberForwarders": map[string]any{"Type": "AWS::CloudFormation::StackSet", "Properties": map[string]any{"TemplateBody": string(body)}},
	}}
	found := false
	for _, f := range Check(tpl) {
		if f.Gate == GateEncryption && f.Resource == "MemberForwarders/Queue" {
			found = true
		}
	}
	if !found {
		t.Errorf("Check(%s) does not report the unencrypted queue of the StackSet's template: %v", body, Check(tpl))
	}
	if n := NestedTemplates(tpl); len(n) != 1 || n["MemberForwarders"] == nil {
		t.Errorf("NestedTemplates = %v", n)
	}
}
