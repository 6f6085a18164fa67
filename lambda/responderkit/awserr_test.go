package responderkit_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

func TestIsCode(t *testing.T) {
	api := fmt.Errorf("wrapped: %w", &smithy.GenericAPIError{Code: "NoSuchBucket"})
	for _, tt := range []struct {
		name  string
		err   error
		codes []string
		want  bool
	}{
		{"nil", nil, []string{""}, false},
		{"timeout has no code", context.DeadlineExceeded, []string{""}, false},
		{"listed code", api, []string{"NoSuchTagSet", "NoSuchBucket"}, true},
		{"other code", api, []string{"NoSuchTagSet"}, false},
	} {
		if got := responderkit.IsCode(tt.err, tt.codes...); got != tt.want {
			t.Errorf("%s: IsCode(%v, %q) = %v", tt.name, tt.err, tt.codes, got)
		}
	}
	if c := responderkit.ErrorCode(context.DeadlineExceeded); c != "" {
		t.Errorf("ErrorCode(timeout) = %q", c)
	}
}
