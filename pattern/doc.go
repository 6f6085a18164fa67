// Package pattern builds and checks the EventBridge event pattern of a
// trailbridge API-call rule: the JSON that selects the CloudTrail events
// ("AWS API Call via CloudTrail" and friends) a responder acts on.
//
// It is pure Go, with no CDK dependency: the apicall construct calls [Build]
// and puts the resulting map in its rule, and tests can check patterns
// offline. [Validate] enforces EventBridge's limits (4,096 characters, 1,000
// "$or" combinations) and catches values that would make a rule silently
// match nothing (misspelled detail types, bad account IDs, regions or CIDR
// blocks). [Combinations] counts "$or" combinations the way EventBridge's
// matching engine (event-ruler) expands them.
//
// # Excluding the responder's own role
//
// A responder that changes a resource can trigger its own rule. Spec's
// ExcludePrincipalARNs drops events made by given roles. EventBridge's
// "anything-but" matches only when the field is present, and CloudTrail
// omits userIdentity.arn for AWS service principals and
// userIdentity.sessionContext.sessionIssuer for IAM users and root, so each
// exclusion is written as a field that is either absent or different:
//
//	"userIdentity": {
//	  "arn": [{"anything-but": {"prefix": "arn:aws:sts::111111111111:assumed-role/Responder/"}}, {"exists": false}],
//	  "sessionContext": {"sessionIssuer": {
//	    "arn": [{"anything-but": ["arn:aws:iam::111111111111:role/service-role/Responder"]}, {"exists": false}]}}
//	}
//
// The values of one field are OR-ed, so each field carries exactly one
// anything-but (a second one would match nearly everything); the two fields
// are AND-ed. A role's sessions are excluded by either field alone; both are
// written when the role ARN is known at synth time, only the sessionIssuer
// equality when the ARN is an unresolved CDK token.
//
// A role in every account (arn:aws:iam::*:role/NAME, the roles a StackSet
// creates in member accounts) needs a pattern, and an anything-but holds
// either exact values or patterns: as soon as one exclusion of a field has a
// '*', the field's whole exclusion is written with anything-but wildcard
// (which EventBridge accepts as a string or a list), each exact ARN as
// itself (an ARN has no '*' or '\', so it matches only itself) and each
// session prefix P as "P*":
//
//	"arn": [{"anything-but": {"wildcard": ["arn:aws:iam::*:role/T-PublicBucket-member", "arn:aws:iam::111111111111:role/T-PublicBucket-responder"]}}, {"exists": false}]
package pattern
