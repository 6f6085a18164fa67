package detection

import (
	"strconv"

	"github.com/trailbridge/trailbridge/catalog"
)

// CISVersion is the CIS AWS Foundations Benchmark version whose monitoring
// section (4.1-4.15) CIS follows. Security Hub checks 4.1-4.14 as controls
// CloudWatch.1-14 (CloudWatch.2 and .3 under their CIS 1.2.0 numbers 3.1
// and 3.2); their metric filters, as the Security Hub user guide prints
// them, are the source of truth for each Match.
const CISVersion = "1.4.0"

// CIS are the CIS AWS Foundations Benchmark monitoring controls as
// EventBridge detections: Security Hub's CloudWatch.1-14 (IDs
// "CloudWatch.1" ... "CloudWatch.14") and the Organizations-changes control
// that Security Hub does not number (ID "CIS.4.15", after its section in
// CIS 1.4.0 and 3.0.0).
//
// Each Match is the control's CloudWatch Logs metric filter translated to
// an event pattern, with these deliberate differences:
//   - Filters that list event names without an event source (4.4, 4.5,
//     4.10-4.14) are scoped to the service whose calls those are, so that
//     Auto Scaling's DeletePolicy or Organizations' CreatePolicy do not count
//     as IAM policy changes (the Security Hub guide notes that false positive).
//   - Failed calls (errorCode present) are dropped unless the control is
//     about failures: unauthorized calls (CloudWatch.2), console
//     authentication failures (CloudWatch.6) and root activity
//     (CloudWatch.1: CIS counts any use of the root user, failed or not).
//   - Metric filters see every record of the trail; a rule sees only the
//     detail types it names. Root activity names API calls, console sign-ins
//     and console actions, the records whose eventType is not
//     AwsServiceEvent; unauthorized calls name API calls.
//
// Severities follow one rule: critical for root user activity; high for
// what can blind auditing (CloudTrail, Config), destroy data (KMS keys),
// escalate privilege (IAM policies, Organizations) or let someone in
// without a second factor; medium for changes that are routine in normal
// operation but open network paths or data (security groups, NACLs,
// gateways, route tables, VPCs, bucket policies) and for failure signals
// (unauthorized calls, failed sign-ins), which are noisy one by one.
func CIS() []Detection {
	api, signIn, action := catalog.DetailTypeAPICall, catalog.DetailTypeConsoleSignIn, catalog.DetailTypeConsoleAction
	return []Detection{
		securityHub(1, "4.3", Detection{Title: "Root user activity", Severity: SeverityCritical,
			Description: "A call, console sign-in or console action by the account's root user, made by a person rather than by an AWS service on the root user's behalf (CIS filter: userIdentity.type Root, no userIdentity.invokedBy, eventType not AwsServiceEvent). Failed attempts count too.",
			Remediation: "Confirm with the account owner who used the root user and why; if unexpected, reset the root password and MFA device, delete any root access keys and review what the session did.",
			Match: Match{UserIdentityTypes: []string{"Root"}, DetailTypes: []string{api, signIn, action}, IncludeFailed: true, IncludeReadOnly: true,
				Extra: map[string]any{"detail": map[string]any{"userIdentity": map[string]any{"invokedBy": []any{map[string]any{"exists": false}}}}}}}),
		securityHub(2, "4.1", Detection{Title: "Unauthorized API calls", Severity: SeverityMedium,
			Description: "An API call refused for lack of permission: errorCode ending in UnauthorizedOperation (EC2's Client.UnauthorizedOperation) or starting with AccessDenied, in any service. The Security Hub filter is followed as printed; later CIS versions also drop calls from delivery.logs.amazonaws.com and HeadBucket calls, which this detection keeps.",
			Remediation: "Look for a pattern (one principal, many denials, unusual source address): a misconfigured application needs its permissions fixed, repeated probing calls for disabling the credentials.",
			Match: Match{IncludeFailed: true, IncludeReadOnly: true, Extra: map[string]any{"detail": map[string]any{"errorCode": []any{
				map[string]any{"suffix": "UnauthorizedOperation"}, map[string]any{"prefix": "AccessDenied"}}}}}}),
		securityHub(3, "4.2", Detection{Title: "Console sign-in without MFA", Severity: SeverityHigh,
			Description: "A successful console sign-in of an IAM user without MFA (Security Hub's filter: ConsoleLogin, additionalEventData.MFAUsed not Yes, userIdentity.type IAMUser, responseElements.ConsoleLogin Success). Root sign-ins are CloudWatch.1's.",
			Remediation: "Require MFA for the user (a policy denying actions without aws:MultiFactorAuthPresent) and confirm the sign-in was theirs.",
			Match: Match{Services: []string{"signin"}, EventNames: []string{"ConsoleLogin"}, DetailTypes: []string{signIn},
				UserIdentityTypes: []string{"IAMUser"}, Extra: map[string]any{"detail": map[string]any{
					"additionalEventData": map[string]any{"MFAUsed": []any{map[string]any{"anything-but": "Yes"}}},
					"responseElements":    map[string]any{"ConsoleLogin": []any{"Success"}},
				}}}}),
		securityHub(4, "4.4", Detection{Title: "IAM policy changes", Severity: SeverityHigh,
			Description: "An IAM policy was created, changed, deleted, attached or detached (inline user, group and role policies; managed policies and their versions).",
			Remediation: "Check that the change was planned and that the policy grants no more than needed (IAM Access Analyzer can validate it); revert it if not.",
			Match: Match{Services: []string{"iam"}, EventNames: []string{
				"DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy",
				"CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
				"AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
			}}}),
		securityHub(5, "4.5", Detection{Title: "CloudTrail configuration changes", Severity: SeverityHigh,
			Description: "A trail was created, updated or deleted, or its logging started or stopped: a stopped or narrowed trail hides what happens next.",
			Remediation: "Confirm the change; restart logging (the trailGuard responder does so for protected trails) and restore the trail's settings if it was not planned.",
			Match:       Match{Services: []string{"cloudtrail"}, EventNames: []string{"CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"}},
			Responder:   "trailGuard"}),
		securityHub(6, "4.6", Detection{Title: "Console authentication failures", Severity: SeverityMedium,
			Description: "A console sign-in failed with a wrong password (errorMessage \"Failed authentication\"; responseElements.ConsoleLogin is Failure). Many in a row suggest password guessing.",
			Remediation: "Check the source address and the user named in the event; if the attempts are not the user's, make sure MFA is on and consider blocking the address.",
			Match: Match{Services: []string{"signin"}, EventNames: []string{"ConsoleLogin"}, DetailTypes: []string{signIn}, IncludeFailed: true,
				Extra: map[string]any{"detail": map[string]any{"errorMessage": []any{"Failed authentication"}}}}}),
		securityHub(7, "4.7", Detection{Title: "Customer managed key disabled or scheduled for deletion", Severity: SeverityHigh,
			Description: "A KMS key was disabled or scheduled for deletion: data encrypted under it becomes unreadable, for good once the key is deleted.",
			Remediation: "If it was not planned, re-enable the key (EnableKey) or cancel the deletion (CancelKeyDeletion) within the waiting period.",
			Match:       Match{Services: []string{"kms"}, EventNames: []string{"DisableKey", "ScheduleKeyDeletion"}}}),
		securityHub(8, "4.8", Detection{Title: "S3 bucket policy changes", Severity: SeverityMedium,
			Description: "A bucket's ACL, policy, CORS, lifecycle or replication configuration was set or deleted: any of them can expose or remove data.",
			Remediation: "Check that the bucket is not public (Block Public Access; the publicBucket responder restores it) and that the new configuration was planned.",
			Match: Match{Services: []string{"s3"}, EventNames: []string{
				"PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication",
				"DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication",
			}},
			Responder: "publicBucket"}),
		securityHub(9, "4.9", Detection{Title: "AWS Config configuration changes", Severity: SeverityHigh,
			Description: "The Config recorder was stopped or changed, or a delivery channel was changed or deleted: resource changes may go unrecorded.",
			Remediation: "Restart the recorder (StartConfigurationRecorder) and restore the delivery channel if the change was not planned.",
			Match: Match{Services: []string{"config"}, EventNames: []string{
				"StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder",
			}}}),
		securityHub(10, "4.10", Detection{Title: "Security group changes", Severity: SeverityMedium,
			Description: "A security group was created or deleted, or one of its ingress or egress rules added or removed.",
			Remediation: "Check that no rule opens administration ports to the world (the openSecurityGroup responder revokes those) and that the change was planned.",
			Match: Match{Services: []string{"ec2"}, EventNames: []string{
				"AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress",
				"CreateSecurityGroup", "DeleteSecurityGroup",
			}},
			Responder: "openSecurityGroup"}),
		securityHub(11, "4.11", Detection{Title: "Network ACL changes", Severity: SeverityMedium,
			Description: "A network ACL or one of its entries was created, replaced or deleted, or a subnet's ACL association replaced.",
			Remediation: "Check that the subnet's traffic rules are still the intended ones; revert the change if not.",
			Match: Match{Services: []string{"ec2"}, EventNames: []string{
				"CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry", "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation",
			}}}),
		securityHub(12, "4.12", Detection{Title: "Network gateway changes", Severity: SeverityMedium,
			Description: "A customer gateway or internet gateway was created or deleted, or an internet gateway attached to or detached from a VPC: traffic may leave or enter the VPC by a new path.",
			Remediation: "Check that the VPC should reach (or be reachable from) the internet or the on-premises network; revert the change if not.",
			Match: Match{Services: []string{"ec2"}, EventNames: []string{
				"CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway",
			}}}),
		securityHub(13, "4.13", Detection{Title: "Route table changes", Severity: SeverityMedium,
			Description: "A route or route table was created, replaced or deleted, or a subnet's route table association changed.",
			Remediation: "Check that traffic still flows through the intended path (gateways, firewalls, peering); revert the change if not.",
			Match: Match{Services: []string{"ec2"}, EventNames: []string{
				"CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable",
			}}}),
		securityHub(14, "4.14", Detection{Title: "VPC changes", Severity: SeverityMedium,
			Description: "A VPC was created, deleted or modified, a peering connection requested, accepted, rejected or deleted, or ClassicLink changed.",
			Remediation: "Check that the change (especially a new peering connection) was planned; revert it if not.",
			Match: Match{Services: []string{"ec2"}, EventNames: []string{
				"CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection",
				"RejectVpcPeeringConnection", "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink",
			}}}),
		{ID: "CIS.4.15", Title: "AWS Organizations changes", Severity: SeverityHigh,
			Control:     "CIS " + CISVersion + " 4.15 (not a Security Hub control)",
			Description: "The organization changed: accounts created, invited, moved, removed or leaving, organizational units or policies (SCPs and others) created, changed, attached or detached, policy types enabled or disabled, handshakes answered, or the organization deleted. Recorded in the management account, in us-east-1.",
			Remediation: "Confirm the change with the organization's administrators; revert it if it was not planned (an unplanned SCP detach or LeaveOrganization removes guardrails).",
			Match: Match{Services: []string{"organizations"}, EventNames: []string{
				"AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy", "DeclineHandshake",
				"DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy", "DisablePolicyType", "EnablePolicyType",
				"InviteAccountToOrganization", "LeaveOrganization", "MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit",
			}},
			Source: SourceCIS},
	}
}

// securityHub returns d as the CIS control in section (of CISVersion) that
// Security Hub checks as CloudWatch.n, with its ID, Control and Source set.
func securityHub(n int, section string, d Detection) Detection {
	d.ID = "CloudWatch." + strconv.Itoa(n)
	d.Control = "CIS " + CISVersion + " " + section + " / Security Hub " + d.ID
	d.Source = SourceCIS
	return d
}
