// Command responder is this example's own responder: a Go Lambda function
// that EventBridge invokes with each successful CreateKeyPair or
// ImportKeyPair call CloudTrail records. It logs who created which key pair,
// as structured JSON, for the security team's log queries.
//
// Extend it to act (tag, delete or quarantine the key pair) through the AWS
// SDK: grant its role exactly those calls (Function.AddToRolePolicy). The
// rule exempts this function's role, so its own calls never trigger it again.
// Delivery is at least once: whatever it does must be idempotent.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// keyPairCall is the part of the CloudTrail record this responder reads.
type keyPairCall struct {
	EventID      string `json:"eventID"`
	EventName    string `json:"eventName"`
	AWSRegion    string `json:"awsRegion"`
	SourceIP     string `json:"sourceIPAddress"`
	UserIdentity struct {
		Type string `json:"type"`
		ARN  string `json:"arn"`
	} `json:"userIdentity"`
	RequestParameters struct {
		KeyName string `json:"keyName"`
		KeyType string `json:"keyType"`
	} `json:"requestParameters"`
}

// parse reads the CloudTrail record out of an EventBridge event.
func parse(event events.EventBridgeEvent) (keyPairCall, error) {
	var c keyPairCall
	if err := json.Unmarshal(event.Detail, &c); err != nil {
		return c, fmt.Errorf("event %s: detail: %w", event.ID, err)
	}
	if c.EventName == "" {
		return c, fmt.Errorf("event %s: not a CloudTrail record (no eventName)", event.ID)
	}
	return c, nil
}

func handler(log *slog.Logger) func(context.Context, events.EventBridgeEvent) error {
	return func(ctx context.Context, event events.EventBridgeEvent) error {
		c, err := parse(event)
		if err != nil {
			// Returning the error makes Lambda retry, then dead-letter the event.
			return err
		}
		log.InfoContext(ctx, "key pair created",
			"eventID", c.EventID, "eventName", c.EventName, "account", event.AccountID, "region", c.AWSRegion,
			"keyName", c.RequestParameters.KeyName, "keyType", c.RequestParameters.KeyType,
			"by", c.UserIdentity.ARN, "identityType", c.UserIdentity.Type, "sourceIP", c.SourceIP)
		return nil
	}
}

func main() {
	lambda.Start(handler(slog.New(slog.NewJSONHandler(os.Stdout, nil))))
}
