package targets

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
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

// Subscription is one subscriber of an alert topic.
type Subscription struct {
	// Protocol is email, email-json, https, sms, sqs or lambda.
	Protocol string
	// Endpoint is the address, URL, phone number or ARN.
	Endpoint string
}

// AlertTopicProps configures an AlertTopic.
type AlertTopicProps struct {
	// DisplayName shows in e-mail alerts.
	// Default: "trailbridge".
	DisplayName string
	// Subscriptions receive every alert.
	// Default: none.
	Subscriptions []Subscription
	// Key encrypts the topic.
	// Default: the stack's delivery key.
	Key awskms.IKey
}

// AlertTopic is an encrypted SNS topic for people-readable alerts.
type AlertTopic interface {
	constructs.Construct
	// Topic is the SNS topic ("Resource").
	Topic() awssns.ITopic
	// Target publishes a rule's events as readable messages.
	Target() apicall.Target
}

type alertTopic struct {
	constructs.Construct
	topic awssns.Topic
}

func (a *alertTopic) Topic() awssns.ITopic   { return a.topic }
func (a *alertTopic) Target() apicall.Target { return Topic(a.topic, nil) }

var protocols = map[string]awssns.SubscriptionProtocol{
	"email": awssns.SubscriptionProtocol_EMAIL, "email-json": awssns.SubscriptionProtocol_EMAIL_JSON,
	"https": awssns.SubscriptionProtocol_HTTPS, "sms": awssns.SubscriptionProtocol_SMS,
	"sqs": awssns.SubscriptionProtocol_SQS, "lambda": awssns.SubscriptionProtocol_LAMBDA,
}

// Validate reports every problem in props.
func (p *AlertTopicProps) Validate() error {
	if p == nil {
		return nil
	}
	probs := validate.NewProblems("targets.AlertTopicProps")
	seen := map[string]bool{}
	for i, s := range p.Subscriptions {
		if seen[s.Endpoint] {
			probs.AddError(fmt.Errorf("targets.AlertTopicProps.Subscriptions[%d].Endpoint: got %q again; allowed: each endpoint once (it names the subscription)", i, s.Endpoint))
		}
		seen[s.Endpoint] = true
		if _, ok := protocols[s.Protocol]; !ok {
			probs.Add(fmt.Sprintf("Subscriptions[%d].Protocol", i), s.Protocol, "email, email-json, https, sms, sqs, lambda")
			continue
		}
		switch {
		case strings.HasPrefix(s.Protocol, "email") && !validate.Email(s.Endpoint):
			probs.Add(fmt.Sprintf("Subscriptions[%d].Endpoint", i), s.Endpoint, "an e-mail address")
		case s.Protocol == "https" && !isHTTPS(s.Endpoint):
			probs.Add(fmt.Sprintf("Subscriptions[%d].Endpoint", i), s.Endpoint, "an https:// URL")
		}
	}
	return probs.Err()
}

// validated is *props once props.Validate has passed; it panics with
// Validate's error (every problem at once) otherwise, which fails the synth
// before anything is written.
func validated[P any, PP interface {
	*P
	Validate() error
}](props PP) P {
	if err := props.Validate(); err != nil {
		panic(err)
	}
	return *props
}

func isHTTPS(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

// NewAlertTopic creates a topic encrypted with a customer-managed key (so
// EventBridge and CloudWatch can publish), TLS-only, with the subscriptions.
// Children: Resource, and one subscription per endpoint (ID = the endpoint).
func NewAlertTopic(scope constructs.Construct, id string, props *AlertTopicProps) AlertTopic {
	if err := props.Validate(); err != nil {
		panic(err)
	}
	var p AlertTopicProps
	if props != nil {
		p = *props
	}
	if p.DisplayName == "" {
		p.DisplayName = "trailbridge"
	}
	if p.Key == nil {
		p.Key = delivery.Key(scope)
	}
	a := &alertTopic{}
	constructs.NewConstruct_Override(a, scope, &id)
	var this constructs.Construct = a
	topic := awssns.NewTopic(this, jsii.String("Resource"), &awssns.TopicProps{
		DisplayName: jsii.String(p.DisplayName),
		MasterKey:   p.Key,
		EnforceSSL:  jsii.Bool(true),
	})
	for _, s := range p.Subscriptions {
		awssns.NewSubscription(this, jsii.String(s.Endpoint), &awssns.SubscriptionProps{
			Topic:    topic,
			Protocol: protocols[s.Protocol],
			Endpoint: jsii.String(s.Endpoint),
		})
	}
	a.topic = topic
	return a
}

// BufferedFunctionProps configures a BufferedFunction.
type BufferedFunctionProps struct {
	// Function consumes the queue; it must report partial batch failures
	// (events.SQSEventResponse).
	Function awslambda.IFunction
	// FunctionTimeoutSeconds is the function's timeout; the queue's
	// visibility timeout is six times it (the AWS recommendation).
	// Default: read from Function when it is an awslambda.Function, else 30.
	FunctionTimeoutSeconds int
	// BatchSize is the most records per invocation (1-10000).
	// Default: 10.
	BatchSize int
	// MaxBatchingWindowSeconds waits this long to fill a batch (0-300).
	// Default: 5.
	MaxBatchingWindowSeconds int
	// MaxReceiveCount moves a message to the dead-letter queue after this many failed receives.
	// Default: 5.
	MaxReceiveCount int
	// Key encrypts both queues.
	// Default: the stack's delivery key.
	Key awskms.IKey
}

// BufferedFunction is an encrypted SQS queue in front of a function, for
// responders that see many events: EventBridge writes to the queue, the
// function reads batches and reports failed records, which are retried and
// then moved to the queue's own dead-letter queue.
type BufferedFunction interface {
	constructs.Construct
	// Queue buffers events ("Queue").
	Queue() awssqs.IQueue
	// DeadLetterQueue receives messages that failed MaxReceiveCount times ("DeadLetterQueue").
	DeadLetterQueue() awssqs.IQueue
	// Target sends a rule's events to the queue.
	Target() apicall.Target
}

type bufferedFunction struct {
	constructs.Construct
	queue, dlq awssqs.Queue
}

func (b *bufferedFunction) Queue() awssqs.IQueue           { return b.queue }
func (b *bufferedFunction) DeadLetterQueue() awssqs.IQueue { return b.dlq }
func (b *bufferedFunction) Target() apicall.Target         { return Queue(b.queue) }

// Validate reports every problem in props.
func (p *BufferedFunctionProps) Validate() error {
	if p == nil || p.Function == nil {
		return errors.New("targets.BufferedFunctionProps.Function: got nil; allowed: the function that consumes the queue")
	}
	probs := validate.NewProblems("targets.BufferedFunctionProps")
	if p.BatchSize < 0 || p.BatchSize > 10000 {
		probs.Add("BatchSize", p.BatchSize, "1 to 10000")
	}
	if p.MaxBatchingWindowSeconds < 0 || p.MaxBatchingWindowSeconds > 300 {
		probs.Add("MaxBatchingWindowSeconds", p.MaxBatchingWindowSeconds, "0 to 300")
	}
	if p.BatchSize > 10 && p.MaxBatchingWindowSeconds == 0 {
		probs.AddError(fmt.Errorf("targets.BufferedFunctionProps.MaxBatchingWindowSeconds: got 0 with BatchSize %d; allowed: at least 1 when BatchSize is over 10 (SQS rule)", p.BatchSize))
	}
	if p.MaxReceiveCount < 0 || p.MaxReceiveCount > 1000 {
		probs.Add("MaxReceiveCount", p.MaxReceiveCount, "1 to 1000")
	}
	if p.FunctionTimeoutSeconds < 0 || p.FunctionTimeoutSeconds*6 > 43200 {
		probs.Add("FunctionTimeoutSeconds", p.FunctionTimeoutSeconds, "1 to 7200 (six times it must fit SQS's 12-hour visibility timeout)")
	}
	return probs.Err()
}

// NewBufferedFunction creates the queue, its dead-letter queue and the
// event source mapping (with ReportBatchItemFailures).
func NewBufferedFunction(scope constructs.Construct, id string, props *BufferedFunctionProps) BufferedFunction {
	p := validated(props)
	p.BatchSize = cmp.Or(p.BatchSize, 10)
	p.MaxBatchingWindowSeconds = cmp.Or(p.MaxBatchingWindowSeconds, 5)
	p.MaxReceiveCount = cmp.Or(p.MaxReceiveCount, 5)
	if p.FunctionTimeoutSeconds == 0 {
		p.FunctionTimeoutSeconds = 30
		if fn, ok := p.Function.(awslambda.Function); ok && fn.Timeout() != nil {
			p.FunctionTimeoutSeconds = int(*fn.Timeout().ToSeconds(nil))
		}
	}
	if p.Key == nil {
		p.Key = delivery.Key(scope)
	}
	b := &bufferedFunction{}
	constructs.NewConstruct_Override(b, scope, &id)
	var this constructs.Construct = b
	dlq := delivery.NewDeadLetterQueue(this, "DeadLetterQueue", &delivery.DeadLetterQueueProps{Key: p.Key})
	queue := awssqs.NewQueue(this, jsii.String("Queue"), &awssqs.QueueProps{
		Encryption:          awssqs.QueueEncryption_KMS,
		EncryptionMasterKey: p.Key,
		DataKeyReuse:        awscdk.Duration_Hours(jsii.Number(1)),
		EnforceSSL:          jsii.Bool(true),
		VisibilityTimeout:   awscdk.Duration_Seconds(jsii.Number(float64(6 * p.FunctionTimeoutSeconds))),
		RetentionPeriod:     awscdk.Duration_Days(jsii.Number(4)),
		DeadLetterQueue:     &awssqs.DeadLetterQueue{Queue: dlq, MaxReceiveCount: jsii.Number(float64(p.MaxReceiveCount))},
	})
	// What the CDK's awslambdaeventsources.SqsEventSource makes, down to
	// the mapping's ID (so its logical ID stays), without importing that
	// package: it pulls most of the CDK's Go bindings into every build
	// (issue 16; tests/deps_test.go).
	p.Function.AddEventSourceMapping(jsii.String("SqsEventSource:"+*awscdk.Names_NodeUniqueId(queue.Node())), &awslambda.EventSourceMappingOptions{
		EventSourceArn:          queue.QueueArn(),
		BatchSize:               jsii.Number(float64(p.BatchSize)),
		MaxBatchingWindow:       awscdk.Duration_Seconds(jsii.Number(float64(p.MaxBatchingWindowSeconds))),
		ReportBatchItemFailures: jsii.Bool(true),
	})
	if p.Function.Role() != nil {
		queue.GrantConsumeMessages(p.Function)
	} else {
		awscdk.Annotations_Of(p.Function).AddWarningV2(jsii.String("trailbridge:targets:functionWithoutRole"),
			jsii.String("targets.BufferedFunctionProps.Function: the function was imported without an IAM role, so it was not granted the use of "+*queue.Node().Path()+
				" (sqs:ReceiveMessage, sqs:ChangeMessageVisibility, sqs:GetQueueUrl, sqs:DeleteMessage, sqs:GetQueueAttributes, and kms:Decrypt on its key): import it with its role, or grant Queue().GrantConsumeMessages to that role"))
	}
	b.queue, b.dlq = queue, dlq
	return b
}

// WebhookProps configures a Webhook.
type WebhookProps struct {
	// Endpoint is the HTTPS URL that receives the events.
	Endpoint string
	// SecretARN is a Secrets Manager secret holding the credential; the
	// connection reads it at deploy time, so it never appears in a template.
	SecretARN string
	// SecretField is the JSON field of the secret that holds the credential.
	// Default: "" (the whole secret string).
	SecretField string
	// HeaderName sends the credential as an API key header.
	// Default: "Authorization".
	HeaderName string
	// RateLimitPerSecond caps invocations (1-300).
	// Default: 10.
	RateLimitPerSecond int
}

// Webhook is an EventBridge connection and API destination for an external
// system (ticketing, chat).
type Webhook interface {
	constructs.Construct
	// Destination is the API destination ("Destination").
	Destination() awsevents.IApiDestination
	// Target sends a rule's events as {"text": <readable message>}.
	Target() apicall.Target
}

type webhook struct {
	constructs.Construct
	dest awsevents.ApiDestination
}

func (w *webhook) Destination() awsevents.IApiDestination { return w.dest }
func (w *webhook) Target() apicall.Target                 { return APIDestination(w.dest, nil) }

// Validate reports every problem in props.
func (p *WebhookProps) Validate() error {
	probs := validate.NewProblems("targets.WebhookProps")
	if p == nil {
		p = &WebhookProps{}
	}
	if problem := contract.WebhookEndpoint(p.Endpoint); problem != "" {
		probs.Add("Endpoint", p.Endpoint, problem)
	}
	if problem := contract.SecretARN(p.SecretARN); problem != "" {
		probs.Add("SecretARN", p.SecretARN, problem)
	}
	if problem := contract.WebhookRate(p.RateLimitPerSecond); problem != "" {
		probs.Add("RateLimitPerSecond", p.RateLimitPerSecond, problem)
	}
	return probs.Err()
}

// NewWebhook creates the connection (API key auth from the secret) and the
// HTTPS API destination with a rate limit.
func NewWebhook(scope constructs.Construct, id string, props *WebhookProps) Webhook {
	p := validated(props)
	if p.HeaderName == "" {
		p.HeaderName = "Authorization"
	}
	if p.RateLimitPerSecond == 0 {
		p.RateLimitPerSecond = 10
	}
	w := &webhook{}
	constructs.NewConstruct_Override(w, scope, &id)
	var this constructs.Construct = w
	opts := &awscdk.SecretsManagerSecretOptions{}
	if p.SecretField != "" {
		opts.JsonField = jsii.String(p.SecretField)
	}
	conn := awsevents.NewConnection(this, jsii.String("Connection"), &awsevents.ConnectionProps{
		Authorization: awsevents.Authorization_ApiKey(jsii.String(p.HeaderName), awscdk.SecretValue_SecretsManager(jsii.String(p.SecretARN), opts)),
		Description:   jsii.String("trailbridge webhook credentials"),
	})
	dest := awsevents.NewApiDestination(this, jsii.String("Destination"), &awsevents.ApiDestinationProps{
		Connection:         conn,
		Endpoint:           jsii.String(p.Endpoint),
		HttpMethod:         awsevents.HttpMethod_POST,
		RateLimitPerSecond: jsii.Number(float64(p.RateLimitPerSecond)),
	})
	w.dest = dest
	return w
}
