// Package awstest runs a fake AWS endpoint on a loopback httptest server for
// wire-level tests of responders: the real aws-sdk-go-v2 clients are pointed
// at it (BaseEndpoint, static credentials, no retries), it records every
// request (method, path, query, headers, body, form) and answers with what
// the test's handler returns. Helpers write the error documents of the S3
// (REST-XML), EC2 and IAM (query) protocols.
package awstest
