// Package respondertest holds what the responders' unit tests share: the
// AWS API error their mock clients answer with, the common responder
// configuration they run with, the record of their mocks' calls (Calls),
// the decision table every TestRespond runs (Table, Row: the checks every
// responder's rows share, such as no write call outside remediate mode and
// an error exactly for a failed or rejected event) and the ConfigFromEnv
// table (Env).
package respondertest

import (
	"github.com/aws/smithy-go"

	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// ExemptTag is the exempt tag of Config: a resource tagged
// trailbridge:exempt=true is left alone.
var ExemptTag = responderkit.Tag{Key: "trailbridge:exempt", Value: "true"}

// APIError returns the error a mock client answers with for the AWS error
// code, as the SDK returns a service's error (smithy.APIError).
func APIError(code string) error {
	return &smithy.GenericAPIError{Code: code, Message: code + " (mock)"}
}

// Config returns the common configuration of a responder in mode, with
// ExemptTag as its exempt tag.
func Config(mode responderkit.Mode) responderkit.Config {
	return responderkit.Config{Mode: mode, ExemptTag: ExemptTag}
}

// AnswerOr is a mock operation's result: f's answer to in, or the AWS
// error code (APIError) when the test left f nil, for an operation that
// answers an error by default (S3's GetBucketTagging: NoSuchTagSet).
func AnswerOr[In, Out any](f func(*In) (*Out, error), in *In, code string) (*Out, error) {
	if f == nil {
		return nil, APIError(code)
	}
	return f(in)
}
