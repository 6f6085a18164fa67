// Command consumer reads security group changes from the buffer queue in
// batches. Each SQS message body is one EventBridge event (a CloudTrail
// record in its detail). A record it cannot handle is reported as a batch
// item failure: SQS retries only that message and, after MaxReceiveCount
// tries, moves it to the buffer's dead-letter queue; the rest of the batch is
// done.
package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// change is the part of the CloudTrail record this consumer reads.
type change struct {
	EventName         string `json:"eventName"`
	AWSRegion         string `json:"awsRegion"`
	RecipientAccount  string `json:"recipientAccountId"`
	RequestParameters struct {
		GroupID string `json:"groupId"`
	} `json:"requestParameters"`
	UserIdentity struct {
		ARN string `json:"arn"`
	} `json:"userIdentity"`
}

func handler(log *slog.Logger) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	return func(ctx context.Context, batch events.SQSEvent) (events.SQSEventResponse, error) {
		var resp events.SQSEventResponse
		for _, msg := range batch.Records {
			var event events.EventBridgeEvent
			var c change
			if err := json.Unmarshal([]byte(msg.Body), &event); err != nil {
				log.ErrorContext(ctx, "not an EventBridge event", "messageId", msg.MessageId, "error", err)
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
				continue
			}
			if err := json.Unmarshal(event.Detail, &c); err != nil || c.EventName == "" {
				log.ErrorContext(ctx, "not a CloudTrail record", "messageId", msg.MessageId, "eventId", event.ID, "error", err)
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
				continue
			}
			log.InfoContext(ctx, "security group changed", "eventName", c.EventName, "groupId", c.RequestParameters.GroupID,
				"account", c.RecipientAccount, "region", c.AWSRegion, "by", c.UserIdentity.ARN)
		}
		return resp, nil
	}
}

func main() {
	lambda.Start(handler(slog.New(slog.NewJSONHandler(os.Stdout, nil))))
}
