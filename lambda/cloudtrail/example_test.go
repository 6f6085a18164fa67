package cloudtrail_test

import (
	"errors"
	"fmt"

	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
)

func ExampleParse() {
	event := []byte(`{
	  "version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
	  "detail-type": "AWS API Call via CloudTrail", "source": "aws.s3",
	  "account": "111111111111", "time": "2024-05-02T10:01:12Z", "region": "eu-west-1", "resources": [],
	  "detail": {
	    "eventVersion": "1.09",
	    "userIdentity": {
	      "type": "AssumedRole",
	      "arn": "arn:aws:sts::111111111111:assumed-role/Developer/alice",
	      "sessionContext": {
	        "sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::111111111111:role/Developer"},
	        "attributes": {"creationDate": "2024-05-02T09:58:01Z", "mfaAuthenticated": "true"}
	      }
	    },
	    "eventTime": "2024-05-02T10:01:12Z",
	    "eventSource": "s3.amazonaws.com",
	    "eventName": "PutBucketPolicy",
	    "awsRegion": "eu-west-1",
	    "requestParameters": {
	      "bucketName": "example-bucket",
	      "bucketPolicy": "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
	    },
	    "responseElements": null,
	    "eventID": "0b6b0b4e-1c1f-4c55-9d3e-6d1c0e5d1a01",
	    "readOnly": false,
	    "eventType": "AwsApiCall"
	  }
	}`)

	e, err := cloudtrail.Parse(event)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := &e.Detail
	fmt.Println(e.DetailType)
	fmt.Println(r.Service(), r.EventName, "failed:", r.Failed())
	fmt.Println("caller:", r.UserIdentity.PrincipalARN(), "MFA:", r.UserIdentity.MFAAuthenticated())

	req, err := cloudtrail.DecodeS3BucketRequest(r)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("bucket %s, policy %s\n", req.BucketName, req.BucketPolicy)

	// Strict where a responder decides: a record without an event name is
	// rejected with the field and the reason.
	_, err = cloudtrail.Parse([]byte(`{"eventVersion": "1.09", "eventTime": "2024-05-02T10:01:12Z",
		"eventSource": "s3.amazonaws.com", "awsRegion": "eu-west-1"}`))
	var pe *cloudtrail.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Field, "->", pe.Reason)
	}
	// Output:
	// AWS API Call via CloudTrail
	// s3 PutBucketPolicy failed: false
	// caller: arn:aws:iam::111111111111:role/Developer MFA: true
	// bucket example-bucket, policy {"Version":"2012-10-17","Statement":[]}
	// eventName -> missing
}

func ExampleParseLogFile() {
	records, err := cloudtrail.ParseLogFile([]byte(`{"Records": [{
	  "eventVersion": "1.11", "eventTime": "2024-05-09T10:02:00Z",
	  "eventSource": "cloudtrail.amazonaws.com", "eventName": "StopLogging", "awsRegion": "us-east-1",
	  "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111111111111:user/bob"},
	  "requestParameters": {"name": "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-audit"}
	}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range records {
		t, err := cloudtrail.DecodeTrailRequest(&r)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(r.EventName, t.TrailName(), t.Matches("org-audit"))
	}
	// Output:
	// StopLogging org-audit true
}
