package auditreport

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestErrorWithoutCode checks that a PutObject error without an AWS error
// code (timeout, reset) fails the event; it was "wrote audit report".
func TestErrorWithoutCode(t *testing.T) {
	ev := testevent.Load(t, "testdata/cloudtrail_DeleteTrail_envelope.json")
	for _, cause := range []error{
		fmt.Errorf("operation error S3: PutObject: %w", context.DeadlineExceeded),
		fmt.Errorf("operation error S3: PutObject: %w", syscall.ECONNRESET),
	} {
		for _, suffix := range []string{".json", ".md"} {
			m := &mockS3{put: func(in *s3.PutObjectInput, _ []byte) (*s3.PutObjectOutput, error) {
				if strings.HasSuffix(aws.ToString(in.Key), suffix) {
					return nil, cause
				}
				return &s3.PutObjectOutput{}, nil
			}}
			d, err := Kind.Handler(cfg(responderkit.ModeRemediate), m, nil).Decide(context.Background(), ev)
			if !errors.Is(err, cause) || d.Action != responderkit.ActionFailed {
				t.Errorf("put %s fails with %v: decision %s (%s), err %v; want failed", suffix, cause, d.Action, d.Reason, err)
			}
		}
	}
}
