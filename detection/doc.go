// Package detection declares trailbridge's detections as data: what a
// detection matches (a Match, turned into an EventBridge event pattern by
// package pattern), how serious it is (a Severity), which control it
// implements, what to do about it, and where its alerts go.
//
// One Detection is the one place for everything about a detection: the app
// builds its rule from it, the README's detection table is generated from
// it (Table), and the alert a person reads is shaped by it (Envelope,
// InputTemplate, Render). The built-in sets are CIS (the CIS AWS Foundations
// Benchmark v1.4.0 monitoring controls 4.1-4.15, as Security Hub's
// CloudWatch.1-14 checks them, plus 4.15 as CIS.4.15; see CISVersion) and
// Builtin (trailbridge's own alerts); platform teams add their own
// in cdk.json (trailbridge.detections.custom), which the configuration turns
// into Detections with Source SourceCustom.
//
// The package needs no CDK, so the Lambda that renders alerts, the
// command-line tools and the tests use the same definitions as the stacks.
package detection
