// Package s3fake is S3 as the publicbucket responder's tests meet it over
// the wire (package awstest): a bucket with no tags and no Block Public
// Access configuration, which accepts a PutPublicAccessBlock.
package s3fake

import (
	"net/http"

	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
)

// Answers are S3's answers to the responder's calls on that bucket, by
// operation (faulttest.Operation).
var Answers = map[string]awstest.Response{
	"GetBucketTagging":     awstest.S3Error(http.StatusNotFound, "NoSuchTagSet"),
	"GetPublicAccessBlock": awstest.S3Error(http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration"),
	"PutPublicAccessBlock": awstest.OK(),
}

// Serve answers r from Answers, and any other request with S3's 400
// UnexpectedRequest error.
func Serve(r awstest.Request) awstest.Response {
	if a, ok := Answers[faulttest.Operation(r)]; ok {
		return a
	}
	return awstest.S3Error(http.StatusBadRequest, "UnexpectedRequest")
}

// ServeMember is Serve that also answers STS's AssumeRole, with the
// credentials of the member role ASIAMEMBER (awstest.AssumeRole).
func ServeMember(r awstest.Request) awstest.Response {
	if r.Action() == "AssumeRole" {
		return awstest.AssumeRole("ASIAMEMBER")
	}
	return Serve(r)
}
