package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func record(seq, data string) events.KinesisEventRecord {
	var r events.KinesisEventRecord
	r.Kinesis.SequenceNumber = seq
	r.Kinesis.Data = []byte(data)
	return r
}

const keyChangeEvent = `{"id":"1","detail-type":"AWS API Call via CloudTrail","source":"aws.kms","detail":{"eventName":"DisableKey","requestParameters":{"keyId":"1234abcd-12ab-34cd-56ef-1234567890ab"}}}`

// A bad record is the batch's one failure, and the records after it are
// left for Lambda's retry from it: handling them now would handle them
// twice, and a key's changes out of order.
func TestStopsAtTheFirstBadRecordAndReportsIt(t *testing.T) {
	for _, tc := range []struct{ name, bad string }{
		{"not JSON", `{`},
		{"not a CloudTrail record", `{"id":"2","detail":{}}`},
		{"no key", `{"id":"2","detail":{"eventName":"DisableKey"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			batch := events.KinesisEvent{Records: []events.KinesisEventRecord{
				record("100", keyChangeEvent), record("200", tc.bad), record("300", keyChangeEvent),
			}}
			resp, err := handler(slog.New(slog.NewJSONHandler(&logs, nil)))(context.Background(), batch)
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.BatchItemFailures) != 1 || resp.BatchItemFailures[0].ItemIdentifier != "200" {
				t.Errorf("failures = %+v, want only sequence number 200", resp.BatchItemFailures)
			}
			if got := strings.Count(logs.String(), `"msg":"KMS key changed"`); got != 1 {
				t.Errorf("handled %d records, want 1 (the one before the bad record):\n%s", got, logs.String())
			}
			if !strings.Contains(logs.String(), `"msg":"bad record","sequenceNumber":"200"`) {
				t.Errorf("the bad record is not logged:\n%s", logs.String())
			}
		})
	}
}

func TestGoodBatchHasNoFailures(t *testing.T) {
	batch := events.KinesisEvent{Records: []events.KinesisEventRecord{record("100", keyChangeEvent), record("200", keyChangeEvent)}}
	resp, err := handler(slog.New(slog.DiscardHandler))(context.Background(), batch)
	if err != nil || len(resp.BatchItemFailures) != 0 {
		t.Errorf("resp = %+v, err = %v, want no failures", resp, err)
	}
}
