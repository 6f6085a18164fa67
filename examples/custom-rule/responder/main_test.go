package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// A CreateKeyPair call as CloudTrail delivers it to EventBridge.
const createKeyPair = `{
  "version": "0", "id": "7e5a3d1c-0000-4000-8000-000000000001",
  "detail-type": "AWS API Call via CloudTrail", "source": "aws.ec2",
  "account": "111111111111", "time": "2026-01-05T10:00:00Z", "region": "eu-west-1", "resources": [],
  "detail": {
    "eventVersion": "1.09", "eventSource": "ec2.amazonaws.com", "eventName": "CreateKeyPair",
    "awsRegion": "eu-west-1", "sourceIPAddress": "203.0.113.10", "eventID": "c1b2a3d4-0000-4000-8000-000000000001",
    "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111111111111:user/alice"},
    "requestParameters": {"keyName": "bastion", "keyType": "ed25519"}
  }
}`

func TestHandlerLogsTheCreator(t *testing.T) {
	var event events.EventBridgeEvent
	if err := json.Unmarshal([]byte(createKeyPair), &event); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := handler(slog.New(slog.NewJSONHandler(&out, nil)))(context.Background(), event); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"keyName":"bastion"`, `"by":"arn:aws:iam::111111111111:user/alice"`, `"region":"eu-west-1"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("log %s lacks %s", out.String(), want)
		}
	}
}

func TestHandlerRejectsAnEventWithoutARecord(t *testing.T) {
	event := events.EventBridgeEvent{ID: "x", Detail: json.RawMessage(`{}`)}
	if err := handler(slog.New(slog.DiscardHandler))(context.Background(), event); err == nil {
		t.Error("want an error for an event without a CloudTrail record")
	}
}
