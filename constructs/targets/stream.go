package targets

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/internal/validate"
)

// The stream buffer's defaults, and the limits its props are checked
// against (Kinesis Data Streams, Lambda event source mapping and
// EventBridge quotas), for callers that check or document the same values.
const (
	// DefaultStreamPartitionKeyPath is CloudTrail's ID of the API call: it
	// spreads events evenly over the shards, and two deliveries of one event
	// (delivery is at least once) land on the same shard, in order.
	DefaultStreamPartitionKeyPath = contract.DefaultPartitionKeyPath
	// DefaultStreamRetentionHours is Kinesis's default (and minimum) retention.
	DefaultStreamRetentionHours = 24
	// DefaultStreamBatchSize is the default of StreamBufferProps.BatchSize.
	DefaultStreamBatchSize = 100
	// DefaultStreamBatchingWindowSeconds is the default of StreamBufferProps.MaxBatchingWindowSeconds.
	DefaultStreamBatchingWindowSeconds = 5
	// DefaultStreamRetryAttempts is the default of StreamBufferProps.RetryAttempts.
	DefaultStreamRetryAttempts = 3
	// DefaultStreamMaxRecordAgeSeconds is the default of StreamBufferProps.MaxRecordAgeSeconds (6 hours).
	DefaultStreamMaxRecordAgeSeconds = 21600
	// DefaultStreamIteratorAgeAlarmSeconds is the default of StreamBufferProps.IteratorAgeAlarmSeconds.
	DefaultStreamIteratorAgeAlarmSeconds = 600

	// MaxStreamRetentionHours is Kinesis's maximum retention (365 days).
	MaxStreamRetentionHours = 8760
	// MaxStreamBatchSize is the most records Lambda reads from a stream per invocation.
	MaxStreamBatchSize = 10000
	// MaxStreamBatchingWindowSeconds is Lambda's longest batching window.
	MaxStreamBatchingWindowSeconds = 300
	// MaxStreamRetryAttempts is Lambda's largest bounded retry count for streams.
	MaxStreamRetryAttempts = 10000
	// MinStreamRecordAgeSeconds is Lambda's shortest maximum record age for streams (1 minute).
	MinStreamRecordAgeSeconds = 60
	// MaxStreamRecordAgeSeconds is Lambda's longest maximum record age for streams (7 days).
	MaxStreamRecordAgeSeconds = 604800
	// MaxStreamParallelizationFactor is the most batches Lambda processes per shard at once.
	MaxStreamParallelizationFactor = 10
	// MaxStreamPartitionKeyPath is EventBridge's length limit on a Kinesis
	// target's partition key path.
	MaxStreamPartitionKeyPath = contract.MaxPartitionKeyPath
)

// StreamBufferProps configures a StreamBuffer.
type StreamBufferProps struct {
	// Function consumes the stream. It must report partial batch failures
	// (return events.KinesisEventResponse naming the sequence number of the
	// first record that failed) and be idempotent: a failed batch is retried
	// from that record.
	Function awslambda.IFunction
	// Key encrypts the stream and the failure queue. A key of another account
	// must itself admit the rule's role (kms:GenerateDataKey) and the
	// function (kms:Decrypt).
	// Default: the stack's delivery key (delivery.Key).
	Key awskms.IKey
	// ShardCount provisions this many shards (each takes 1 MB/s or 1,000
	// records/s of writes).
	// Default: 0 (on-demand capacity: Kinesis scales the shards itself).
	ShardCount int
	// RetentionHours keeps records this long, the window in which a failed
	// batch can be replayed from the stream (24-8760).
	// Default: 24.
	RetentionHours int
	// PartitionKeyPath is the JSON path in the event whose value picks the
	// shard; records with one key stay in order. For order per resource, use
	// a field that names it in every event the rule matches, e.g.
	// "$.detail.requestParameters.bucketName" for a rule on S3 bucket calls
	// (an event without the field is not delivered: it goes to the rule's
	// dead-letter queue).
	// Default: "$.detail.eventID" (DefaultStreamPartitionKeyPath).
	PartitionKeyPath string
	// BatchSize is the most records per invocation (1-10000).
	// Default: 100.
	BatchSize int
	// MaxBatchingWindowSeconds waits this long to fill a batch (0-300).
	// Default: 5.
	MaxBatchingWindowSeconds int
	// RetryAttempts retries a failed batch (split in two on each error) this
	// often before its records go to the failure queue (0-10000).
	// Default: 3.
	RetryAttempts *int
	// MaxRecordAgeSeconds sends records older than this to the failure queue
	// unprocessed (60-604800, and less than RetentionHours, so that the
	// records a failure names are still in the stream to replay).
	// Default: 21600 (6 hours).
	MaxRecordAgeSeconds int
	// ParallelizationFactor processes this many batches per shard at once,
	// still in order per partition key (1-10).
	// Default: 1.
	ParallelizationFactor int
	// IteratorAgeAlarmSeconds alarms when the oldest unread record is this
	// old: the function is falling behind.
	// Default: 600.
	IteratorAgeAlarmSeconds int
	// AlarmTopic receives the alarms (and their return to OK).
	// Default: nil (alarms without actions; add them through Alarms).
	AlarmTopic awssns.ITopic
}

// StreamBuffer is an encrypted Kinesis stream in front of a function, for
// responders that need order per partition key, replay within the
// retention, several consumers or a high volume: EventBridge writes each
// event as a record, the function reads batches per shard, failed batches
// are split and retried a bounded number of times, and what still fails is
// named in the failure queue.
type StreamBuffer interface {
	constructs.Construct
	// Stream is the Kinesis stream ("Stream").
	Stream() awskinesis.IStream
	// Key encrypts the stream and the failure queue.
	Key() awskms.IKey
	// FailureQueue is the event source mapping's on-failure destination
	// ("FailureQueue"): each message names a shard and the sequence numbers
	// of the records that were not processed (not the records themselves:
	// read them from the stream within RetentionHours).
	FailureQueue() awssqs.IQueue
	// Target sends a rule's events to the stream, through a role (one per
	// rule) that may only put records to it.
	Target() apicall.Target
	// Alarms are the iterator age ("IteratorAgeAlarm") and failure queue
	// depth ("FailureQueueDepthAlarm") alarms.
	Alarms() []awscloudwatch.Alarm
}

type streamBuffer struct {
	constructs.Construct
	stream       awskinesis.Stream
	key          awskms.IKey
	failures     awssqs.Queue
	partitionKey string
	alarms       []awscloudwatch.Alarm
}

func (b *streamBuffer) Stream() awskinesis.IStream    { return b.stream }
func (b *streamBuffer) Key() awskms.IKey              { return b.key }
func (b *streamBuffer) FailureQueue() awssqs.IQueue   { return b.failures }
func (b *streamBuffer) Alarms() []awscloudwatch.Alarm { return slices.Clone(b.alarms) }
func (b *streamBuffer) Target() apicall.Target {
	return &streamTarget{stream: b.stream, key: b.key, partitionKey: b.partitionKey}
}

// Validate reports every problem in props, each with the field, the bad
// value and what is allowed.
func (p *StreamBufferProps) Validate() error {
	probs := validate.NewProblems("targets.StreamBufferProps")
	bad := probs.Add
	if p == nil {
		p = &StreamBufferProps{}
	}
	if p.Function == nil {
		bad("Function", nil, "the function that consumes the stream")
	}
	if p.ShardCount < 0 {
		bad("ShardCount", p.ShardCount, "0 (on-demand capacity) or a number of shards")
	}
	retention := cmp.Or(p.RetentionHours, DefaultStreamRetentionHours)
	if p.RetentionHours != 0 && (p.RetentionHours < DefaultStreamRetentionHours || p.RetentionHours > MaxStreamRetentionHours) {
		bad("RetentionHours", p.RetentionHours, fmt.Sprintf("%d to %d hours (Kinesis retention)", DefaultStreamRetentionHours, MaxStreamRetentionHours))
	}
	if k := p.PartitionKeyPath; k != "" && contract.PartitionKeyPath(k) != "" {
		bad("PartitionKeyPath", k, contract.PartitionKeyPathRule)
	}
	if p.BatchSize < 0 || p.BatchSize > MaxStreamBatchSize {
		bad("BatchSize", p.BatchSize, fmt.Sprintf("1 to %d", MaxStreamBatchSize))
	}
	if p.MaxBatchingWindowSeconds < 0 || p.MaxBatchingWindowSeconds > MaxStreamBatchingWindowSeconds {
		bad("MaxBatchingWindowSeconds", p.MaxBatchingWindowSeconds, fmt.Sprintf("0 to %d", MaxStreamBatchingWindowSeconds))
	}
	if p.RetryAttempts != nil && (*p.RetryAttempts < 0 || *p.RetryAttempts > MaxStreamRetryAttempts) {
		bad("RetryAttempts", *p.RetryAttempts, fmt.Sprintf("0 to %d (bounded: a batch that keeps failing must not block its shard)", MaxStreamRetryAttempts))
	}
	if a := p.MaxRecordAgeSeconds; a != 0 && (a < MinStreamRecordAgeSeconds || a > MaxStreamRecordAgeSeconds || a >= retention*3600) {
		bad("MaxRecordAgeSeconds", a, fmt.Sprintf("%d to %d seconds, and less than the retention (%d hours = %d seconds)", MinStreamRecordAgeSeconds, MaxStreamRecordAgeSeconds, retention, retention*3600))
	}
	if p.ParallelizationFactor < 0 || p.ParallelizationFactor > MaxStreamParallelizationFactor {
		bad("ParallelizationFactor", p.ParallelizationFactor, fmt.Sprintf("1 to %d", MaxStreamParallelizationFactor))
	}
	if p.IteratorAgeAlarmSeconds < 0 {
		bad("IteratorAgeAlarmSeconds", p.IteratorAgeAlarmSeconds, "a number of seconds, or 0 for the default")
	}
	return probs.Err()
}

// NewStreamBuffer creates the stream, the failure queue, the event source
// mapping (BisectBatchOnError, ReportBatchItemFailures, bounded retries and
// record age) and the alarms. It panics with every problem in props (see
// Validate) before creating anything.
func NewStreamBuffer(scope constructs.Construct, id string, props *StreamBufferProps) StreamBuffer {
	p := validated(props)
	p.RetentionHours = cmp.Or(p.RetentionHours, DefaultStreamRetentionHours)
	p.PartitionKeyPath = cmp.Or(p.PartitionKeyPath, DefaultStreamPartitionKeyPath)
	p.BatchSize = cmp.Or(p.BatchSize, DefaultStreamBatchSize)
	p.MaxBatchingWindowSeconds = cmp.Or(p.MaxBatchingWindowSeconds, DefaultStreamBatchingWindowSeconds)
	retries := DefaultStreamRetryAttempts
	if p.RetryAttempts != nil {
		retries = *p.RetryAttempts
	}
	p.MaxRecordAgeSeconds = cmp.Or(p.MaxRecordAgeSeconds, DefaultStreamMaxRecordAgeSeconds)
	p.ParallelizationFactor = cmp.Or(p.ParallelizationFactor, 1)
	p.IteratorAgeAlarmSeconds = cmp.Or(p.IteratorAgeAlarmSeconds, DefaultStreamIteratorAgeAlarmSeconds)
	if p.Key == nil {
		p.Key = delivery.Key(scope)
	}
	b := &streamBuffer{key: p.Key, partitionKey: p.PartitionKeyPath}
	constructs.NewConstruct_Override(b, scope, &id)
	var this constructs.Construct = b
	sp := &awskinesis.StreamProps{
		Encryption:      awskinesis.StreamEncryption_KMS,
		EncryptionKey:   p.Key,
		RetentionPeriod: awscdk.Duration_Hours(jsii.Number(float64(p.RetentionHours))),
		StreamMode:      awskinesis.StreamMode_ON_DEMAND,
		// The stream buffers events in flight; its retention is a replay
		// window, not an archive, and a retained on-demand stream keeps
		// costing by the hour.
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	}
	if p.ShardCount > 0 {
		sp.StreamMode = awskinesis.StreamMode_PROVISIONED
		sp.ShardCount = jsii.Number(float64(p.ShardCount))
	}
	b.stream = awskinesis.NewStream(this, jsii.String("Stream"), sp)
	b.failures = delivery.NewDeadLetterQueue(this, "FailureQueue", &delivery.DeadLetterQueueProps{Key: p.Key})
	// What the CDK's awslambdaeventsources.KinesisEventSource makes, down
	// to the mapping's ID (so its logical ID stays), without importing that
	// package: it pulls most of the CDK's Go bindings into every build
	// (issue 16; tests/deps_test.go).
	p.Function.AddEventSourceMapping(jsii.String("KinesisEventSource:"+*awscdk.Names_NodeUniqueId(b.stream.Node())), &awslambda.EventSourceMappingOptions{
		EventSourceArn: b.stream.StreamArn(),
		// From the oldest record kept: a mapping created after records were
		// written (a replaced mapping, a first deploy behind a busy rule)
		// loses none; responders are idempotent.
		StartingPosition:        awslambda.StartingPosition_TRIM_HORIZON,
		BatchSize:               jsii.Number(float64(p.BatchSize)),
		MaxBatchingWindow:       awscdk.Duration_Seconds(jsii.Number(float64(p.MaxBatchingWindowSeconds))),
		BisectBatchOnError:      jsii.Bool(true),
		RetryAttempts:           jsii.Number(float64(retries)),
		MaxRecordAge:            awscdk.Duration_Seconds(jsii.Number(float64(p.MaxRecordAgeSeconds))),
		ParallelizationFactor:   jsii.Number(float64(p.ParallelizationFactor)),
		ReportBatchItemFailures: jsii.Bool(true),
		OnFailure:               &failureQueue{b.failures},
	})
	b.stream.GrantRead(p.Function)
	period := awscdk.Duration_Minutes(jsii.Number(5))
	age := b.stream.MetricGetRecordsIteratorAgeMilliseconds(&awscloudwatch.MetricOptions{Statistic: jsii.String("Maximum"), Period: period})
	depth := b.failures.MetricApproximateNumberOfMessagesVisible(&awscloudwatch.MetricOptions{Statistic: jsii.String("Maximum"), Period: period})
	for _, a := range []struct {
		id, description string
		metric          awscloudwatch.IMetric
		threshold       float64
	}{
		{"IteratorAgeAlarm", fmt.Sprintf("trailbridge: stream buffer %s: the oldest unread record is %d seconds old or older (the consumer is falling behind)", id, p.IteratorAgeAlarmSeconds), age, float64(p.IteratorAgeAlarmSeconds * 1000)},
		{"FailureQueueDepthAlarm", "trailbridge: stream buffer " + id + ": records failed after every retry (the failure queue names them)", depth, 1},
	} {
		alarm := awscloudwatch.NewAlarm(this, jsii.String(a.id), &awscloudwatch.AlarmProps{
			AlarmDescription:   jsii.String(a.description),
			Metric:             a.metric,
			Threshold:          jsii.Number(a.threshold),
			EvaluationPeriods:  jsii.Number(1),
			ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
			TreatMissingData:   awscloudwatch.TreatMissingData_NOT_BREACHING,
		})
		if p.AlarmTopic != nil {
			action := awscloudwatchactions.NewSnsAction(p.AlarmTopic)
			alarm.AddAlarmAction(action)
			alarm.AddOkAction(action)
		}
		b.alarms = append(b.alarms, alarm)
	}
	return b
}

// failureQueue is an event source mapping's on-failure destination: an
// SQS queue the function may send to (what the CDK's
// awslambdaeventsources.SqsDlq does).
type failureQueue struct{ queue awssqs.IQueue }

// Bind lets fn send to the queue and names the queue as the destination.
func (d *failureQueue) Bind(_ awslambda.IEventSourceMapping, fn awslambda.IFunction) *awslambda.DlqDestinationConfig {
	d.queue.GrantSendMessages(fn)
	return &awslambda.DlqDestinationConfig{Destination: d.queue.QueueArn()}
}

type streamTarget struct {
	stream       awskinesis.IStream
	key          awskms.IKey
	partitionKey string
}

func (t *streamTarget) Bind(scope constructs.Construct, _ apicall.Rule, _ string) *awsevents.CfnRule_TargetProperty {
	role := invokeRole(scope, awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("kinesis:PutRecord", "kinesis:PutRecords"),
		Resources: &[]*string{t.stream.StreamArn()},
	}))
	// Kinesis encrypts each record with a data key it generates with the
	// writer's permissions, through the Kinesis endpoint of this region.
	role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:    jsii.Strings("kms:GenerateDataKey"),
		Resources:  &[]*string{t.key.KeyArn()},
		Conditions: &map[string]any{"StringEquals": map[string]any{"kms:ViaService": "kinesis." + *awscdk.Stack_Of(scope).Region() + ".amazonaws.com"}},
	}))
	return &awsevents.CfnRule_TargetProperty{
		Arn:               t.stream.StreamArn(),
		RoleArn:           role.RoleArn(),
		KinesisParameters: &awsevents.CfnRule_KinesisParametersProperty{PartitionKeyPath: jsii.String(t.partitionKey)},
	}
}
