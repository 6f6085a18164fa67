// Command echo is the smallest responder: it logs the event it receives.
// The responder construct's tests build and bundle it.
package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	lambda.Start(func(_ context.Context, event json.RawMessage) error {
		log.Info("event", "bytes", len(event))
		return nil
	})
}
