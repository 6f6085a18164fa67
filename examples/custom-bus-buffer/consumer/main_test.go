package main

import (
	"context"
	"log/slog"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestBadRecordsAreReportedOneByOne(t *testing.T) {
	batch := events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "good", Body: `{"id":"1","detail-type":"AWS API Call via CloudTrail","source":"aws.ec2","detail":{"eventName":"AuthorizeSecurityGroupIngress","requestParameters":{"groupId":"sg-0123"}}}`},
		{MessageId: "not-json", Body: `{`},
		{MessageId: "no-record", Body: `{"id":"3","detail":{}}`},
	}}
	resp, err := handler(slog.New(slog.DiscardHandler))(context.Background(), batch)
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, f := range resp.BatchItemFailures {
		failed = append(failed, f.ItemIdentifier)
	}
	if len(failed) != 2 || failed[0] != "not-json" || failed[1] != "no-record" {
		t.Errorf("failures = %v, want [not-json no-record]", failed)
	}
}
