package eventpattern_test

import (
	"fmt"

	"github.com/trailbridge/trailbridge/eventpattern"
)

func Example() {
	p, err := eventpattern.Compile([]byte(`{
	  "source": ["aws.s3"],
	  "detail": {
	    "eventName": ["PutBucketPolicy", "DeleteBucketPolicy"],
	    "errorCode": [{"exists": false}]
	  }
	}`))
	if err != nil {
		panic(err)
	}
	e, err := eventpattern.ParseEvent([]byte(`{
	  "source": "aws.s3",
	  "detail-type": "AWS API Call via CloudTrail",
	  "detail": {"eventSource": "s3.amazonaws.com", "eventName": "ListBuckets"}
	}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(p.MatchEvent(e))
	fmt.Println(p.Explain(e))
	fmt.Println(p.Fields())

	_, err = eventpattern.Compile([]byte(`{"detail": {"eventName": "PutBucketPolicy"}}`))
	fmt.Println(err)
	// Output:
	// false
	// false detail.eventName: value "ListBuckets" not in ["PutBucketPolicy","DeleteBucketPolicy"]
	// [detail.errorCode detail.eventName source]
	// invalid event pattern: detail.eventName: "eventName" must be an object or an array
}
