// Package catalog is trailbridge's catalog of AWS services, regions, CloudTrail
// detail types and read-only event names: the facts a rule needs to turn
// CloudTrail API activity into an EventBridge event pattern.
//
// Everything here is plain Go data with no CDK dependency, so callers can use
// it at synth time, in tests and in command-line tools alike.
//
//   - [Service] and [Lookup] map a service name ("s3"), its EventBridge
//     source ("aws.s3") or its CloudTrail eventSource ("s3.amazonaws.com") to
//     one catalog entry. [Custom] builds an entry for a service that is not
//     in the catalog.
//   - [Regions], [ValidRegion], [OptInRegion] and [SuggestRegion] cover the
//     commercial AWS partition ("aws"). GovCloud and China regions are
//     deliberately excluded (see [Partition]).
//   - [IsReadOnly] predicts CloudTrail's readOnly flag for an event name. A
//     rule that must see read-only events needs the rule state
//     ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
//   - The DetailType constants name the detail-type values CloudTrail-delivered
//     events carry.
package catalog
