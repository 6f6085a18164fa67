// Package heartbeat is the facts of the heartbeat function that its
// stacks, its tests and its logic (package heartbeat/beat) share: the one
// call it makes, on the one resource, the configuration it reads, and the
// pattern that catches that call's CloudTrail event. It imports no AWS SDK
// service client, so that the CDK app, which needs only these facts, links
// none; the SSM client is package beat's.
//
// # Why
//
// The commonest failure of a CloudTrail-to-EventBridge pipeline is
// silence: the trail stops logging, a forwarder rule is disabled, a bus
// policy or key policy drops deliveries, and nothing fires. Alarms on
// failed deliveries cannot see events that never arrive. The heartbeat
// makes an event arrive on purpose, on a schedule, from every watched
// region, so that its absence can raise an alarm.
//
// # The call
//
// On every invocation (an EventBridge schedule in its region) the
// function writes the current time to its own SSM parameter,
// ParameterName(prefix, region), with ssm:PutParameter (Overwrite). That
// is a management write event CloudTrail records in the region, with
// requestParameters.name holding the parameter's name (the value is not
// recorded). Its role may make exactly that call on exactly that
// parameter (Actions). Parameter Store keeps the last 100 versions of a
// parameter and drops the oldest on each write, so the parameter never
// fills up; a standard parameter costs nothing.
//
// A failed PutParameter (throttling, a timeout, a missing permission) is
// logged and returned after the SDK's retries, so that Lambda retries the
// invocation and the function's Errors alarm fires; a success is logged
// only when SSM answered with the new version (package beat).
//
// # The event
//
// Spec is the pattern of that event: PutParameter by ssm.amazonaws.com
// with requestParameters.name the parameter's, successful calls only.
// Regional forwarders carry it to the home bus (a forwarding.Need of
// exactly that), where one rule per region (HomeSpec: the same, and
// detail.awsRegion the region) counts it in AWS/Events MatchedEvents.
package heartbeat
