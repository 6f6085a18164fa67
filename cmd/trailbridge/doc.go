// Command trailbridge answers "why didn't my rule fire?" offline: it tests
// EventBridge event patterns against events and routes CloudTrail events
// through the rules of a synthesized CDK app (the cloud assembly `cdk synth`
// writes to cdk.out), across regions and event buses, without calling AWS.
//
// Install it with `go install github.com/trailbridge/trailbridge/cmd/trailbridge@latest`
// or run it from the repository with `go run ./cmd/trailbridge`.
//
// Usage:
//
//	trailbridge match [--explain] PATTERN_FILE EVENT_FILE
//	trailbridge simulate [--assembly DIR] [--json] [--explain] INPUT...
//	trailbridge graph [--assembly DIR]
//	trailbridge replay --archive ARN --start TIME --end TIME --rule RULE... [--name NAME]
//	trailbridge help
//
// match compiles the event pattern in PATTERN_FILE and tests it against the
// event in EVENT_FILE, which holds one JSON object (gzip-compressed or not).
// The rule: a bare CloudTrail record (its "eventSource" ends in
// ".amazonaws.com"; see simulate.IsRecord) is wrapped as CloudTrail delivers
// it to EventBridge; every other object is matched as it is, as EventBridge
// Pipes and Lambda event filters match theirs: an EventBridge event, an SQS
// message body, a DynamoDB stream record ("eventSource": "aws:dynamodb"). A
// CloudTrail log file is one object too (stderr says so: pass one of its
// records, or use simulate). It prints "match" and exits 0, or
// prints "no match" and exits 1; with --explain it also says on stderr which
// field of the pattern rules the event out. An invalid pattern or an
// unreadable event exits 2 with the reason on stderr.
//
// simulate reads the cloud assembly (--assembly, default "cdk.out") and
// routes every event of every INPUT through its rules. An INPUT is an
// EventBridge event, a bare CloudTrail record, a CloudTrail log file
// ({"Records": [...]}, gzip-compressed or not), `aws cloudtrail lookup-events`
// output, or a JSON array or stream of these; "-" reads standard input. For
// each event it prints the rules that fire (stack, construct path, region,
// state, how the event got there, targets); --explain adds, for every other
// rule, why it does not fire:
//
//	pattern: detail.eventName: value "ListBuckets" not in ["PutBucketPolicy"]
//	region: rule is in eu-west-1, event is from us-west-2 (no forwarder delivers it)
//	state: event is read-only (readOnly=true) and the rule's state is ENABLED; set ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS to receive it
//	state: DISABLED
//	scheduled rule (rate(1 day)): it runs on its schedule and never matches events
//
// When standard error is a terminal, simulate shows its progress there on one
// line it rewrites at most four times a second (files done/total, records,
// matches: rules fired, summed over events, and records per second) and ends
// with a one-line summary. Otherwise standard error carries only errors and
// warnings, and standard output, in every case, only results.
//
// --json prints one JSON object per event per line instead, with input,
// eventID, matches and, with --explain, notMatched. simulate exits 0 when it
// ran, whether or not rules fire, and 2 when the assembly or an input cannot
// be read (after routing the inputs it could read).
//
// graph prints a Mermaid flowchart (flowchart LR) of the assembly: regions as
// subgraphs holding their event buses, rules and targets, and the forwarding
// edges between regions. The output is deterministic, so it can be committed
// and diffed.
//
// replay prints, without calling AWS, the two aws CLI commands of a replay
// from trailbridge's event archive: `aws events start-replay` of the events
// archived from --start to --end (RFC 3339, start before end) to the rules
// named by --rule (rule names, or ARNs in the archive's region and account;
// at least one), with the destination bus (the default bus of the
// archive's region and account, derived from --archive) and FilterArns
// set; then `aws events describe-replay` to follow it. --archive is the
// Response stack's output ArchiveArn; --name defaults to
// trailbridge-START-END. Bad arguments exit 2, each problem on stderr.
//
// Each input is read whole, within limits: a PATTERN_FILE of at most 1 MiB,
// an INPUT or EVENT_FILE of at most 64 MiB as read and 256 MiB once
// decompressed (gzip). A larger input (or /dev/zero, or a gzip bomb) exits 2
// with a message naming the input and the limit, having read at most one
// byte past the limit.
//
// Routing follows package simulate: an event starts on the default bus of its
// region; disabled and scheduled rules never fire; read-only CloudTrail API
// calls reach only rules in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS,
// at every hop; rules that target an event bus forward the event there.
package main
