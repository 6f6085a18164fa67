// Command consumer reads KMS key changes from the stream buffer in batches,
// in order per key (the buffer's partition key is the key's ID). Each
// Kinesis record is one EventBridge event with a CloudTrail record in its
// detail.
//
// A record it cannot handle is reported as a batch item failure
// (events.KinesisEventResponse): Lambda retries the batch from that record,
// split in two on each error, a bounded number of times, then names the
// records in the buffer's failure queue. The consumer stops at the first
// failure: Lambda delivers every record after it again, so handling them now
// would handle them twice and out of order.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// keyChange is the part of the CloudTrail record this consumer reads.
type keyChange struct {
	EventName         string `json:"eventName"`
	AWSRegion         string `json:"awsRegion"`
	RecipientAccount  string `json:"recipientAccountId"`
	RequestParameters struct {
		KeyID string `json:"keyId"`
	} `json:"requestParameters"`
	UserIdentity struct {
		ARN string `json:"arn"`
	} `json:"userIdentity"`
}

// parse reads one Kinesis record: an EventBridge event carrying a CloudTrail
// record of a call on a KMS key.
func parse(data []byte) (events.EventBridgeEvent, keyChange, error) {
	var event events.EventBridgeEvent
	var c keyChange
	if err := json.Unmarshal(data, &event); err != nil {
		return event, c, err
	}
	if err := json.Unmarshal(event.Detail, &c); err != nil {
		return event, c, err
	}
	if c.EventName == "" || c.RequestParameters.KeyID == "" {
		return event, c, errors.New("not a CloudTrail record of a call on a KMS key (no eventName or requestParameters.keyId)")
	}
	return event, c, nil
}

func handler(log *slog.Logger) func(context.Context, events.KinesisEvent) (events.KinesisEventResponse, error) {
	return func(ctx context.Context, batch events.KinesisEvent) (events.KinesisEventResponse, error) {
		for _, r := range batch.Records {
			seq := r.Kinesis.SequenceNumber
			event, c, err := parse(r.Kinesis.Data)
			if err != nil {
				log.ErrorContext(ctx, "bad record", "sequenceNumber", seq, "eventId", event.ID, "error", err)
				return events.KinesisEventResponse{BatchItemFailures: []events.KinesisBatchItemFailure{{ItemIdentifier: seq}}}, nil
			}
			log.InfoContext(ctx, "KMS key changed", "sequenceNumber", seq, "eventName", c.EventName, "keyId", c.RequestParameters.KeyID,
				"account", c.RecipientAccount, "region", c.AWSRegion, "by", c.UserIdentity.ARN)
		}
		return events.KinesisEventResponse{}, nil
	}
}

func main() {
	lambda.Start(handler(slog.New(slog.NewJSONHandler(os.Stdout, nil))))
}
