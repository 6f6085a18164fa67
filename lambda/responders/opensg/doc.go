// Package opensg is the logic of the opensg responder: it revokes security
// group ingress rules that open an administration port (SSH, RDP, ... from
// TRAILBRIDGE_ADMIN_PORTS, default "22,3389") to the whole internet
// (0.0.0.0/0 or ::/0).
//
// # Events
//
// ec2.amazonaws.com AuthorizeSecurityGroupIngress.
//
// # What is revoked
//
// A rule covers an admin port p when its protocol is -1 (all traffic), or
// tcp (or 6) with fromPort <= p <= toPort (or no port range). Only the
// world-open sources of such rules are revoked; other sources the same call
// added (a VPC range, a security group, a prefix list) are kept. When the
// record's responseElements list the rules created (securityGroupRuleSet),
// they are revoked by SecurityGroupRuleIds; otherwise (older records) by
// IpPermissions that repeat the rule's protocol and ports exactly, with only
// the world-open CIDRs.
//
// # Steps
//
//  1. DescribeSecurityGroups (by group ID, or by name for the legacy
//     default-VPC form): InvalidGroup.NotFound means "gone"; a group
//     carrying the exempt tag is "skipped"; rules no longer in the group
//     are left out, and when none is left the group is "compliant".
//  2. RevokeSecurityGroupIngress of the rules still present, in remediate
//     mode ("remediated"); "alerted" or "would-remediate" otherwise.
//     InvalidPermission.NotFound or InvalidSecurityGroupRuleId.NotFound
//     (revoked meanwhile) means "compliant".
//
// A call that opened no admin port to the world is "compliant" without any
// AWS call. Calls go to the record's awsRegion. Other AWS errors are
// returned for a retry.
//
// # Accounts
//
// Calls are made in the group's account with the clients that Kind.For's
// responder.ClientSource gives for it: in Lambda an *accounts.Accounts
// (package responder/accounts), so that in organization mode an event of a
// member account is acted on through the member role there
// (TRAILBRIDGE_MEMBER_ROLE_NAME, role session name "trailbridge-opensg"),
// and is skipped when no member role is configured.
package opensg
