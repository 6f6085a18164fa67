package simulate_test

import (
	"fmt"
	"log"
	"os"

	"github.com/trailbridge/trailbridge/simulate"
)

// Route a CloudTrail record, as the AWS documentation shows it, through a
// synthesized CDK app: the call was made in us-east-1, a forwarder delivers it
// to the home region, eu-west-1, where the responder's rule fires.
func ExampleAssembly_Route() {
	a, err := simulate.LoadAssembly("testdata/cdk.out")
	if err != nil {
		log.Fatal(err)
	}
	record, err := os.ReadFile("../lambda/cloudtrail/testdata/samples/events/kms/ScheduleKeyDeletion__awsdocs-kms__1.json")
	if err != nil {
		log.Fatal(err)
	}
	res, err := a.Route(record)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.EventName, "in", res.Region)
	for _, m := range res.Matches {
		fmt.Printf("fires: %s (%s)\n", m.Path, m.Region)
		if m.Hop != "" {
			fmt.Println("  " + m.Hop)
		}
		for _, t := range m.Targets {
			fmt.Println("  ->", t.ARN)
		}
	}
	for _, m := range res.NotMatched {
		if m.Rule.Is("LegacyUserAlert") || m.Rule.Is("KeyPolicyRead") || m.Rule.Is("TrailbridgeForwarderUsWest2/Forward") {
			fmt.Printf("not: %s: %s\n", m.Path, m.Reason)
		}
	}
	// Output:
	// ScheduleKeyDeletion in us-east-1
	// fires: TrailbridgeForwarderUsEast1/Forward/Resource (us-east-1)
	//   -> arn:aws:events:eu-west-1:111111111111:event-bus/default
	// fires: TrailbridgeHome/KeyDeletion/Resource (eu-west-1)
	//   forwarded from us-east-1 by TrailbridgeForwarderUsEast1/Forward/Resource
	//   -> AWS::Lambda::Function:Responder5E6F7A8B
	// not: TrailbridgeForwarderUsWest2/Forward/Resource: region: rule is in us-west-2, event is from us-east-1 (no forwarder delivers it)
	// not: TrailbridgeHome/KeyPolicyRead/Resource: pattern: detail.eventName: value "ScheduleKeyDeletion" not in ["GetKeyPolicy","DescribeKey"]
	// not: TrailbridgeHome/LegacyUserAlert/Resource: state: DISABLED
}

// Inputs reads CloudTrail log files (gzip-compressed or not), bare records
// and EventBridge events alike.
func ExampleInputs() {
	logFile := []byte(`{"Records":[{"eventVersion":"1.08","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
		"eventType":"AwsConsoleSignIn","awsRegion":"us-east-1","eventTime":"2024-05-01T10:00:00Z",
		"eventID":"0e5ac3c1-0000-4000-8000-000000000001","recipientAccountId":"111111111111"}]}`)
	inputs, err := simulate.Inputs(logFile, "trail.json")
	if err != nil {
		log.Fatal(err)
	}
	for _, in := range inputs {
		fmt.Println(in.Name, in.Kind)
		fmt.Println(string(in.Event))
	}
	// Output:
	// trail.json:Records[0] log file
	// {"version":"0","id":"28e76e28-8d86-48d5-b797-84a5cbe64005","detail-type":"AWS Console Sign In via CloudTrail","source":"aws.signin","account":"111111111111","time":"2024-05-01T10:00:00Z","region":"us-east-1","resources":[],"detail":{"eventVersion":"1.08","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","eventType":"AwsConsoleSignIn","awsRegion":"us-east-1","eventTime":"2024-05-01T10:00:00Z","eventID":"0e5ac3c1-0000-4000-8000-000000000001","recipientAccountId":"111111111111"}}
}
