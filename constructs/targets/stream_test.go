package targets_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/constructs/targets"
	"github.com/trailbridge/trailbridge/internal/cdktest"
)

// buildStreamBuffers adds, to targetsApp, a stream buffer with the defaults
// (Buffer) and one with every prop set (Custom), each behind a rule.
func buildStreamBuffers(stack awscdk.Stack) {
	consumer := func(id string) golambda.Function {
		return golambda.NewFunction(stack, id, &golambda.FunctionProps{
			Package: "./constructs/golambda/testdata/echo", ModuleDir: cdktest.RepoRoot(),
		})
	}
	rule := func(id string, target apicall.Target) {
		apicall.NewRule(stack, id, &apicall.RuleProps{
			Services: []string{"ec2"}, EventNames: []string{"AuthorizeSecurityGroupIngress"},
			Targets: []apicall.RuleTarget{{ID: "Buffer", Target: target}},
		})
	}
	buffer := targets.NewStreamBuffer(stack, "Buffer", &targets.StreamBufferProps{Function: consumer("Consumer").Function()})
	rule("ToBuffer", buffer.Target())
	noRetries := 0
	custom := targets.NewStreamBuffer(stack, "Custom", &targets.StreamBufferProps{
		Function:                 consumer("CustomConsumer").Function(),
		Key:                      awskms.NewKey(stack, jsii.String("CustomKey"), &awskms.KeyProps{EnableKeyRotation: jsii.Bool(true)}),
		ShardCount:               2,
		RetentionHours:           168,
		PartitionKeyPath:         "$.detail.requestParameters.groupId",
		BatchSize:                500,
		MaxBatchingWindowSeconds: 30,
		RetryAttempts:            &noRetries,
		MaxRecordAgeSeconds:      3600,
		ParallelizationFactor:    4,
		IteratorAgeAlarmSeconds:  120,
		AlarmTopic:               awssns.NewTopic(stack, jsii.String("Operations"), nil),
	})
	rule("ToCustom", custom.Target())
}

func TestStreamBufferDefaults(t *testing.T) {
	s := targetsApp(t).Stack(t, "StreamBuffers")
	key := getAtt(logicalID(t, s, delivery.KeyID), "Arn")
	stream := props(t, s, "BufferStream")
	if !equalJSON(stream["StreamModeDetails"], map[string]any{"StreamMode": "ON_DEMAND"}) || stream["ShardCount"] != nil {
		t.Errorf("stream capacity = %s / %v, want on-demand without shards", jsonOf(stream["StreamModeDetails"]), stream["ShardCount"])
	}
	if stream["RetentionPeriodHours"] != float64(24) {
		t.Errorf("RetentionPeriodHours = %v, want 24", stream["RetentionPeriodHours"])
	}
	if want := map[string]any{"EncryptionType": "KMS", "KeyId": key}; !equalJSON(stream["StreamEncryption"], want) {
		t.Errorf("StreamEncryption = %s, want %s", jsonOf(stream["StreamEncryption"]), jsonOf(want))
	}
	if q := props(t, s, "BufferFailureQueue"); !equalJSON(q["KmsMasterKeyId"], key) {
		t.Errorf("failure queue key = %s, want the delivery key %s", jsonOf(q["KmsMasterKeyId"]), jsonOf(key))
	}
	esm := mapping(t, s, "BufferStream")
	want := map[string]any{
		"BatchSize":                      float64(100),
		"MaximumBatchingWindowInSeconds": float64(5),
		"BisectBatchOnFunctionError":     true,
		"MaximumRetryAttempts":           float64(3),
		"MaximumRecordAgeInSeconds":      float64(21600),
		"ParallelizationFactor":          float64(1),
		"StartingPosition":               "TRIM_HORIZON",
		"FunctionResponseTypes":          []any{"ReportBatchItemFailures"},
		"DestinationConfig":              map[string]any{"OnFailure": map[string]any{"Destination": getAtt(logicalID(t, s, "BufferFailureQueue"), "Arn")}},
		"FunctionName":                   ref(logicalID(t, s, "Consumer")),
	}
	for k, v := range want {
		if !equalJSON(esm[k], v) {
			t.Errorf("event source mapping %s = %s, want %s", k, jsonOf(esm[k]), jsonOf(v))
		}
	}
}

// mapping returns the event source mapping that reads the stream named stream.
func mapping(t *testing.T, s *cdktest.Stack, stream string) map[string]any {
	t.Helper()
	arn := getAtt(logicalID(t, s, stream), "Arn")
	for _, r := range s.Resources("AWS::Lambda::EventSourceMapping") {
		if p := r["Properties"].(map[string]any); equalJSON(p["EventSourceArn"], arn) {
			return p
		}
	}
	t.Fatalf("no event source mapping reads %s", stream)
	return nil
}

// TestStreamBufferConsumerGrants: the consumer may read its stream, decrypt
// its records and name failed batches in its failure queue (what the CDK's
// KinesisEventSource and SqsDlq granted, now granted by StreamBuffer
// itself), and the event source mappings keep the logical IDs the CDK's
// KinesisEventSource gave them: a new ID would replace a deployed mapping,
// which then starts over from the oldest record kept.
func TestStreamBufferConsumerGrants(t *testing.T) {
	s := targetsApp(t).Stack(t, "StreamBuffers")
	for _, c := range []struct{ consumer, stream, queue, key, mappingID string }{
		{"Consumer", "BufferStream", "BufferFailureQueue", delivery.KeyID, "ConsumerKinesisEventSourceStreamBuffersBufferStreamAE2C474205F0CBF4"},
		{"CustomConsumer", "CustomStream", "CustomFailureQueue", "CustomKey", "CustomConsumerKinesisEventSourceStreamBuffersCustomStreamC62D9F7A62099CD3"},
	} {
		if _, ok := s.Resources("AWS::Lambda::EventSourceMapping")[c.mappingID]; !ok {
			t.Errorf("no event source mapping %s (the ID the CDK's KinesisEventSource gave it)", c.mappingID)
		}
		got := props(t, s, c.consumer+"RoleDefaultPolicy")["PolicyDocument"].(map[string]any)["Statement"]
		for _, want := range []map[string]any{
			{"Action": []any{"sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"}, "Effect": "Allow", "Resource": getAtt(logicalID(t, s, c.queue), "Arn")},
			{"Action": []any{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}, "Effect": "Allow", "Resource": getAtt(logicalID(t, s, c.key), "Arn")},
			{"Action": []any{"kinesis:DescribeStream", "kinesis:DescribeStreamConsumer", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
				"kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:ListStreams", "kinesis:SubscribeToShard"}, "Effect": "Allow", "Resource": getAtt(logicalID(t, s, c.stream), "Arn")},
		} {
			found := false
			for _, st := range got.([]any) {
				found = found || equalJSON(st, want)
			}
			if !found {
				t.Errorf("%s's role policy %s\nlacks %s", c.consumer, jsonOf(got), jsonOf(want))
			}
		}
	}
}

func TestStreamBufferCustomProps(t *testing.T) {
	s := targetsApp(t).Stack(t, "StreamBuffers")
	stream := props(t, s, "CustomStream")
	if !equalJSON(stream["StreamModeDetails"], map[string]any{"StreamMode": "PROVISIONED"}) || stream["ShardCount"] != float64(2) {
		t.Errorf("stream capacity = %s / %v, want 2 provisioned shards", jsonOf(stream["StreamModeDetails"]), stream["ShardCount"])
	}
	if stream["RetentionPeriodHours"] != float64(168) {
		t.Errorf("RetentionPeriodHours = %v, want 168", stream["RetentionPeriodHours"])
	}
	key := getAtt(logicalID(t, s, "CustomKey"), "Arn")
	if !equalJSON(stream["StreamEncryption"].(map[string]any)["KeyId"], key) {
		t.Errorf("stream key = %s, want the given key", jsonOf(stream["StreamEncryption"]))
	}
	esm := mapping(t, s, "CustomStream")
	for k, v := range map[string]float64{"BatchSize": 500, "MaximumBatchingWindowInSeconds": 30, "MaximumRetryAttempts": 0, "MaximumRecordAgeInSeconds": 3600, "ParallelizationFactor": 4} {
		if esm[k] != v {
			t.Errorf("event source mapping %s = %v, want %v", k, esm[k], v)
		}
	}
	if tp := onlyTarget(t, s, "ToCustom"); !equalJSON(tp["KinesisParameters"], map[string]any{"PartitionKeyPath": "$.detail.requestParameters.groupId"}) {
		t.Errorf("KinesisParameters = %s, want the given partition key path", jsonOf(tp["KinesisParameters"]))
	}
}

func TestStreamBufferTargetRoleMayOnlyPutToItsStream(t *testing.T) {
	s := targetsApp(t).Stack(t, "StreamBuffers")
	tp := onlyTarget(t, s, "ToBuffer")
	roleID := logicalID(t, s, "ToBufferRole")
	want := map[string]any{
		"Arn":               getAtt(logicalID(t, s, "BufferStream"), "Arn"),
		"Id":                "Buffer",
		"RoleArn":           getAtt(roleID, "Arn"),
		"KinesisParameters": map[string]any{"PartitionKeyPath": "$.detail.eventID"},
		"DeadLetterConfig":  map[string]any{"Arn": getAtt(logicalID(t, s, "ToBufferDeadLetterQueue"), "Arn")},
		"RetryPolicy":       map[string]any{"MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 185},
	}
	if !equalJSON(tp, want) {
		t.Errorf("target = %s\nwant %s", jsonOf(tp), jsonOf(want))
	}
	trust := props(t, s, "ToBufferRole")["AssumeRolePolicyDocument"].(map[string]any)["Statement"]
	wantTrust := []any{map[string]any{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": map[string]any{"Service": "events.amazonaws.com"},
		"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": "111111111111"}}}}
	if !equalJSON(trust, wantTrust) {
		t.Errorf("trust = %s\nwant %s", jsonOf(trust), jsonOf(wantTrust))
	}
	policy := props(t, s, "ToBufferRoleDefaultPolicy")
	if !equalJSON(policy["Roles"], []any{ref(roleID)}) {
		t.Fatalf("policy is attached to %s, want the target's role", jsonOf(policy["Roles"]))
	}
	wantStatements := []any{
		map[string]any{"Action": []any{"kinesis:PutRecord", "kinesis:PutRecords"}, "Effect": "Allow", "Resource": getAtt(logicalID(t, s, "BufferStream"), "Arn")},
		map[string]any{"Action": "kms:GenerateDataKey", "Effect": "Allow", "Resource": getAtt(logicalID(t, s, delivery.KeyID), "Arn"),
			"Condition": map[string]any{"StringEquals": map[string]any{"kms:ViaService": "kinesis.eu-west-1.amazonaws.com"}}},
	}
	if got := policy["PolicyDocument"].(map[string]any)["Statement"]; !equalJSON(got, wantStatements) {
		t.Errorf("role policy = %s\nwant %s", jsonOf(got), jsonOf(wantStatements))
	}
	// The role's kms:GenerateDataKey counts only because the key policy
	// delegates to IAM policies of its account.
	found := false
	for _, st := range props(t, s, delivery.KeyID)["KeyPolicy"].(map[string]any)["Statement"].([]any) {
		m := st.(map[string]any)
		if p, ok := m["Principal"].(map[string]any); ok && m["Effect"] == "Allow" && m["Action"] == "kms:*" && p["AWS"] == "arn:aws:iam::111111111111:root" {
			found = true
		}
	}
	if !found {
		t.Errorf("the delivery key's policy does not let IAM policies of the account grant its use")
	}
}

func TestStreamBufferAlarms(t *testing.T) {
	s := targetsApp(t).Stack(t, "StreamBuffers")
	for _, c := range []struct {
		alarm, metric string
		threshold     float64
		actions       bool
	}{
		{"BufferIteratorAgeAlarm", "GetRecords.IteratorAgeMilliseconds", 600000, false},
		{"BufferFailureQueueDepthAlarm", "ApproximateNumberOfMessagesVisible", 1, false},
		{"CustomIteratorAgeAlarm", "GetRecords.IteratorAgeMilliseconds", 120000, true},
		{"CustomFailureQueueDepthAlarm", "ApproximateNumberOfMessagesVisible", 1, true},
	} {
		a := props(t, s, c.alarm)
		if a["MetricName"] != c.metric || a["Threshold"] != c.threshold || a["ComparisonOperator"] != "GreaterThanOrEqualToThreshold" || a["Statistic"] != "Maximum" {
			t.Errorf("%s = %s, want %s >= %v (Maximum)", c.alarm, jsonOf(a), c.metric, c.threshold)
		}
		topic := []any{ref(logicalID(t, s, "Operations"))}
		if got := a["AlarmActions"]; c.actions != equalJSON(got, topic) {
			t.Errorf("%s AlarmActions = %s, want the topic: %v", c.alarm, jsonOf(got), c.actions)
		}
	}
}

func TestStreamBufferValidation(t *testing.T) {
	fn := func() targets.StreamBufferProps {
		return targets.StreamBufferProps{Function: noFunction{}}
	}
	neg := -1
	huge := targets.MaxStreamRetryAttempts + 1
	for _, c := range []struct {
		name string
		edit func(p *targets.StreamBufferProps)
		want string
	}{
		{"no function", func(p *targets.StreamBufferProps) { p.Function = nil }, "targets.StreamBufferProps.Function: got <nil>; allowed: the function that consumes the stream"},
		{"negative shards", func(p *targets.StreamBufferProps) { p.ShardCount = -2 }, "targets.StreamBufferProps.ShardCount: got -2; allowed: 0 (on-demand capacity) or a number of shards"},
		{"retention too short", func(p *targets.StreamBufferProps) { p.RetentionHours = 12 }, "targets.StreamBufferProps.RetentionHours: got 12; allowed: 24 to 8760 hours (Kinesis retention)"},
		{"retention too long", func(p *targets.StreamBufferProps) { p.RetentionHours = 8761 }, "targets.StreamBufferProps.RetentionHours: got 8761; allowed: 24 to 8760 hours (Kinesis retention)"},
		{"partition key not a path", func(p *targets.StreamBufferProps) { p.PartitionKeyPath = "detail.eventID" }, `targets.StreamBufferProps.PartitionKeyPath: got "detail.eventID"; allowed: a JSON path into the event starting with "$.", at most 256 characters`},
		{"batch too large", func(p *targets.StreamBufferProps) { p.BatchSize = 10001 }, "targets.StreamBufferProps.BatchSize: got 10001; allowed: 1 to 10000"},
		{"window too long", func(p *targets.StreamBufferProps) { p.MaxBatchingWindowSeconds = 301 }, "targets.StreamBufferProps.MaxBatchingWindowSeconds: got 301; allowed: 0 to 300"},
		{"negative retries", func(p *targets.StreamBufferProps) { p.RetryAttempts = &neg }, "targets.StreamBufferProps.RetryAttempts: got -1; allowed: 0 to 10000 (bounded: a batch that keeps failing must not block its shard)"},
		{"too many retries", func(p *targets.StreamBufferProps) { p.RetryAttempts = &huge }, "targets.StreamBufferProps.RetryAttempts: got 10001; allowed: 0 to 10000 (bounded: a batch that keeps failing must not block its shard)"},
		{"record age too short", func(p *targets.StreamBufferProps) { p.MaxRecordAgeSeconds = 59 }, "targets.StreamBufferProps.MaxRecordAgeSeconds: got 59; allowed: 60 to 604800 seconds, and less than the retention (24 hours = 86400 seconds)"},
		{"record age not under retention", func(p *targets.StreamBufferProps) { p.RetentionHours = 48; p.MaxRecordAgeSeconds = 172800 }, "targets.StreamBufferProps.MaxRecordAgeSeconds: got 172800; allowed: 60 to 604800 seconds, and less than the retention (48 hours = 172800 seconds)"},
		{"parallelization too high", func(p *targets.StreamBufferProps) { p.ParallelizationFactor = 11 }, "targets.StreamBufferProps.ParallelizationFactor: got 11; allowed: 1 to 10"},
		{"negative alarm age", func(p *targets.StreamBufferProps) { p.IteratorAgeAlarmSeconds = -5 }, "targets.StreamBufferProps.IteratorAgeAlarmSeconds: got -5; allowed: a number of seconds, or 0 for the default"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := fn()
			c.edit(&p)
			err := p.Validate()
			if err == nil || err.Error() != c.want {
				t.Errorf("Validate() = %v\nwant %s", err, c.want)
			}
		})
	}
	t.Run("every problem at once", func(t *testing.T) {
		p := targets.StreamBufferProps{BatchSize: -1, ParallelizationFactor: 99}
		err := p.Validate()
		if err == nil || strings.Count(err.Error(), "\n") != 2 {
			t.Errorf("Validate() = %v, want three problems (Function, BatchSize, ParallelizationFactor)", err)
		}
	})
	t.Run("nil props", func(t *testing.T) {
		var p *targets.StreamBufferProps
		if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "StreamBufferProps.Function") {
			t.Errorf("Validate() = %v, want the missing Function", err)
		}
	})
	t.Run("defaults are valid", func(t *testing.T) {
		p := fn()
		if err := p.Validate(); err != nil {
			t.Errorf("Validate() = %v", err)
		}
	})
}

// noFunction stands for a function in Validate tests, which never call it.
type noFunction struct{ awslambda.IFunction }
