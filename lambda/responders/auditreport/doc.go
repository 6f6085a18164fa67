// Package auditreport is the logic of the auditreport responder: for every
// sensitive call its rule sends, it writes the CloudTrail record and a
// readable Markdown report to an audit bucket.
//
// # Events
//
// Any: the rule decides which calls are sensitive (Events is nil). Failed
// calls and calls of other accounts are reported too.
//
// # Objects
//
// In bucket TRAILBRIDGE_AUDIT_BUCKET (required), under prefix
// TRAILBRIDGE_AUDIT_PREFIX (default "audit"), keyed by the record's
// eventTime (UTC) and eventID:
//
//	<prefix>/<yyyy>/<mm>/<dd>/<eventID>.json  the record as received
//	<prefix>/<yyyy>/<mm>/<dd>/<eventID>.md    who, what, where, when, source
//	                                          IP, request, result or error
//
// Each is written with PutObject and If-None-Match: "*", so a redelivered
// event never overwrites a report: PreconditionFailed means it is there
// already, and when both objects are, the event is "compliant". Retention
// comes from the bucket's default Object Lock configuration; nothing is set
// per object. In remediate mode the objects are written ("remediated");
// otherwise the keys are only logged ("alerted" or "would-remediate").
// AWS errors (including 409 ConditionalRequestConflict, a concurrent write
// of the same key) are returned for a retry.
package auditreport
