package pattern_test

import (
	"encoding/json"
	"fmt"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/pattern"
)

func Example() {
	s3, err := catalog.Lookup("s3")
	if err != nil {
		panic(err)
	}
	spec := pattern.Spec{
		Services:   []catalog.Service{s3},
		EventNames: []string{"PutBucketAcl", "DeleteBucketPublicAccessBlock"},
		// The responder's own role, so that its fixes do not trigger it again.
		ExcludePrincipalARNs: []string{"arn:aws:iam::111111111111:role/service-role/Responder"},
	}
	p, err := pattern.Build(spec)
	if err != nil {
		panic(err)
	}
	out, _ := json.MarshalIndent(p, "", "  ")
	fmt.Println(string(out))
	fmt.Println("combinations:", pattern.Combinations(p), "read-only:", pattern.ReadOnlyOnly(spec))
	// Output:
	// {
	//   "detail": {
	//     "errorCode": [
	//       {
	//         "exists": false
	//       }
	//     ],
	//     "eventName": [
	//       "DeleteBucketPublicAccessBlock",
	//       "PutBucketAcl"
	//     ],
	//     "eventSource": [
	//       "s3.amazonaws.com"
	//     ],
	//     "userIdentity": {
	//       "arn": [
	//         {
	//           "anything-but": {
	//             "prefix": "arn:aws:sts::111111111111:assumed-role/Responder/"
	//           }
	//         },
	//         {
	//           "exists": false
	//         }
	//       ],
	//       "sessionContext": {
	//         "sessionIssuer": {
	//           "arn": [
	//             {
	//               "anything-but": [
	//                 "arn:aws:iam::111111111111:role/service-role/Responder"
	//               ]
	//             },
	//             {
	//               "exists": false
	//             }
	//           ]
	//         }
	//       }
	//     }
	//   },
	//   "detail-type": [
	//     "AWS API Call via CloudTrail"
	//   ],
	//   "source": [
	//     "aws.s3"
	//   ]
	// }
	// combinations: 1 read-only: false
}

func ExampleValidate() {
	err := pattern.Validate(map[string]any{
		"detail-type": []any{"AWS Console Signin via CloudTrail"},
		"account":     []any{"12345"},
	})
	fmt.Println(err)
	// Output:
	// account: "12345" is not an AWS account ID; allowed: a string of exactly 12 digits such as "111111111111"
	// detail-type: "AWS Console Signin via CloudTrail" is not a CloudTrail detail type; did you mean "AWS Console Sign In via CloudTrail"? allowed: "AWS API Call via CloudTrail", "AWS Console Action via CloudTrail", "AWS Console Sign In via CloudTrail", "AWS Insight via CloudTrail", "AWS Service Event via CloudTrail"
}
