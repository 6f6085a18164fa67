// Package trailguard is the logic of the trailguard responder: it keeps the
// protected CloudTrail trails (TRAILBRIDGE_PROTECTED_TRAILS) logging.
//
// # Events
//
// cloudtrail.amazonaws.com StopLogging, DeleteTrail, UpdateTrail and
// PutEventSelectors. Calls on trails that are not protected are "skipped".
//
// # Which trail
//
// The trail a call targets is the ARN it names (requestParameters.name or
// trailName), else the ARN in its response, else the ARN built from the
// name, the record's awsRegion and its account: these calls succeed only in
// the trail's home region, so that is the trail's ARN. A protected entry
// given as an ARN matches that ARN exactly; an entry given as a name
// matches a trail of that name in any region and account the responder
// receives events from (use ARNs to pin one).
//
// # Steps
//
//   - StopLogging, UpdateTrail, PutEventSelectors: GetTrailStatus; a trail
//     that is logging is "compliant" (StopLogging was already undone, or the
//     update left logging on); otherwise StartLogging in remediate mode
//     ("remediated"), "alerted" or "would-remediate" otherwise. The settings
//     an UpdateTrail or PutEventSelectors call changed are reported in the
//     details ("change"); they are not reverted.
//   - DeleteTrail: a deleted trail cannot be brought back by the responder
//     (recreate it by deploying the audit trail stack): "alerted" in every
//     mode but off, with no AWS call.
//
// TrailNotFoundException means "gone" (no error). Calls go to the trail's
// home region (from its ARN). Other AWS errors are returned for a retry. An
// exempt tag is not honoured: protection is explicit, and a tag anyone
// allowed to tag the trail could add must not switch it off.
//
// # Accounts
//
// Calls are made in the trail's account (from its ARN, else the record's)
// with the clients that Kind.For's responder.ClientSource gives for it: in
// Lambda an *accounts.Accounts (package responder/accounts), so that in
// organization mode an event of a member account is acted on through the
// member role there (TRAILBRIDGE_MEMBER_ROLE_NAME, role session name
// "trailbridge-trailguard"), and is skipped when no member role is
// configured.
package trailguard
