// Package mfagroup is the logic of the mfagroup responder: a new IAM user
// without an MFA device is put in a group (TRAILBRIDGE_MFA_GROUP) whose
// policies are meant to deny everything but setting up MFA until the user
// has a device.
//
// # Events
//
// iam.amazonaws.com CreateUser (delivered in us-east-1, where IAM events
// appear).
//
// # Steps
//
//  1. ListUserTags: a user carrying the exempt tag is "skipped".
//  2. ListMFADevices: a user with an MFA device is "compliant".
//  3. ListGroupsForUser: a user already in the group is "compliant".
//  4. AddUserToGroup in remediate mode ("remediated"); "alerted" or
//     "would-remediate" otherwise.
//
// NoSuchEntity for the user means "gone" (no error). When AddUserToGroup
// reports NoSuchEntity and the user still exists, the group is missing: the
// error is returned, as it is a misconfiguration to fix. Other AWS errors are
// returned for a retry.
//
// # Accounts
//
// Calls are made in the user's account with the clients that Kind.For's
// responder.ClientSource gives for it: in Lambda an *accounts.Accounts
// (package responder/accounts), so that in organization mode an event of a
// member account is acted on through the member role there
// (TRAILBRIDGE_MEMBER_ROLE_NAME, role session name "trailbridge-mfagroup"),
// and is skipped when no member role is configured.
package mfagroup
