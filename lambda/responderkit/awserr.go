package responderkit

import (
	"errors"
	"slices"

	"github.com/aws/smithy-go"
)

// ErrorCode returns the AWS error code of err (such as "NoSuchBucket" or
// "InvalidPermission.NotFound") when it wraps a smithy.APIError, and "" for
// nil and for every other error: a timeout, a cancelled context, a reset
// connection or a DNS failure has no code. "" therefore never means
// success; test err == nil for that, or use IsCode.
func ErrorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// IsCode reports whether err wraps an AWS API error (smithy.APIError) whose
// code is one of codes. It is false for nil and for errors without a code
// (timeouts, cancelled contexts, connection errors), so a responder that
// treats only IsCode(err, ...) as expected treats every other non-nil
// error as a failure.
func IsCode(err error, codes ...string) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && slices.Contains(codes, ae.ErrorCode())
}
