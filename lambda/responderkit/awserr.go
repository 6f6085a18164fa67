package responderkit

import (
	"errors"

	"github.com/aws/smithy-go"
)

// ErrorCode returns the AWS error code of err (such as "NoSuchBucket" or
// "InvalidPermission.NotFound") when it wraps a smithy.APIError, and "" for
// nil and other errors.
func ErrorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}
