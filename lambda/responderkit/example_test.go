package responderkit_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// A responder is a Spec (the events it handles and its logic) run by a
// Handler with the Config read from the environment. The Handler applies
// the common checks (mode, failed calls, own calls, exempt principals),
// calls Respond and logs the Decision as one JSON line.
func Example() {
	env := map[string]string{
		contract.EnvMode:             "dry-run",
		contract.EnvExemptPrincipals: "arn:aws:iam::*:role/BreakGlass",
	}
	cfg, err := responderkit.ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		fmt.Println(err)
		return
	}
	spec := responderkit.Spec{
		Name:   "example",
		Events: map[string][]string{cloudtrail.SourceS3: {"PutBucketPolicy"}},
		Respond: func(ctx context.Context, ev *responderkit.Event) (responderkit.Decision, error) {
			// Look at the resource here; act only when ev.Mode.Acts().
			return ev.Decide(ev.Mode.Outcome(), "arn:aws:s3:::example-bucket", "bucket policy is public", nil), nil
		},
	}
	// Drop the time from the log so that the output is stable.
	logger := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	h := responderkit.NewHandler(cfg, spec, logger)

	event := `{"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "detail": {
	  "eventVersion": "1.09", "eventTime": "2024-05-02T10:01:12Z", "eventSource": "s3.amazonaws.com",
	  "eventName": "PutBucketPolicy", "awsRegion": "eu-west-1", "eventID": "0b6b0b4e",
	  "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111111111111:user/bob", "accountId": "111111111111"}}}`
	d, err := h.Handle(context.Background(), []byte(event))
	fmt.Println(d.Action, err)
	// Output:
	// {"level":"INFO","msg":"decision","responder":"example","eventID":"0b6b0b4e","eventName":"PutBucketPolicy","principal":"arn:aws:iam::111111111111:user/bob","resource":"arn:aws:s3:::example-bucket","mode":"dry-run","action":"would-remediate","reason":"bucket policy is public"}
	// would-remediate <nil>
}
