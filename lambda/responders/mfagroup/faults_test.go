package mfagroup

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/faulttest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestFaults injects a timeout, a reset, a 500, throttling and a slow
// success into each call (see package faulttest).
func TestFaults(t *testing.T) {
	event := testevent.Load(t, "testdata/CreateUser__awsdocs-cloudtrail__1.json")
	const ns = `xmlns="https://iam.amazonaws.com/doc/2010-05-08/"`
	faulttest.Run(t, "testdata/faults.golden.md", faulttest.Case{
		Name:     Name,
		Protocol: faulttest.Query,
		Calls:    []string{"ListUserTags", "ListMFADevices", "ListGroupsForUser", "AddUserToGroup"},
		Writes:   []string{"AddUserToGroup"},
		Serve: func(op string, _ awstest.Request) awstest.Response {
			switch op {
			case "ListUserTags":
				return awstest.XML(`<ListUserTagsResponse ` + ns + `><ListUserTagsResult><IsTruncated>false</IsTruncated><Tags/></ListUserTagsResult></ListUserTagsResponse>`)
			case "ListMFADevices":
				return awstest.XML(`<ListMFADevicesResponse ` + ns + `><ListMFADevicesResult><IsTruncated>false</IsTruncated><MFADevices/></ListMFADevicesResult></ListMFADevicesResponse>`)
			case "ListGroupsForUser":
				return awstest.XML(`<ListGroupsForUserResponse ` + ns + `><ListGroupsForUserResult><IsTruncated>false</IsTruncated><Groups/></ListGroupsForUserResult></ListGroupsForUserResponse>`)
			case "AddUserToGroup":
				return awstest.XML(`<AddUserToGroupResponse ` + ns + `><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></AddUserToGroupResponse>`)
			}
			return awstest.QueryError(http.StatusBadRequest, "InvalidAction")
		},
		Decide: func(ctx context.Context, awsCfg aws.Config) (responderkit.Decision, error) {
			return Kind.Handler(cfg(responderkit.ModeRemediate), iam.NewFromConfig(awsCfg), nil).Decide(ctx, event)
		},
	})
}
