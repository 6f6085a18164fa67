// Package simulate answers "which of my rules fire for this CloudTrail event,
// and why didn't that one?" offline, from the cloud assembly `cdk synth`
// writes (cdk.out), without deploying anything or calling AWS.
//
// LoadAssembly reads every stack of the assembly (stages and CDK nested stacks
// included) and every AWS::Events::Rule in their templates: its stack, region,
// construct path, event bus, state, schedule, event pattern and targets.
// CloudFormation intrinsics are evaluated where they can be offline (Ref to
// pseudo parameters and to event buses of the same template, Fn::Join,
// Fn::Sub, Fn::Select, Fn::Split, Fn::FindInMap), and cross-stack references
// (Fn::GetStackOutput, Fn::ImportValue of an export in the same region) are
// followed into the stack of the assembly that declares the output, so a
// target in another stack is named by its type and construct path like one
// in the same stack. What cannot be (a Ref or Fn::GetAtt to another
// resource, an output of a stack outside the assembly, Fn::If) becomes a
// placeholder such as "${Token:ResponderRole1234ABCD.Arn}" (see Placeholder),
// and the rule stays usable: the placeholder simply matches nothing that is
// not itself, and explanations mention it.
//
// Assembly.Route sends one event through the rules as EventBridge would:
//
//   - the event starts on the default bus of its region: a rule sees it only
//     when the rule's stack is in that region;
//   - DISABLED rules and scheduled rules never fire;
//   - a read-only CloudTrail API call (detail.readOnly true) reaches only
//     rules in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS. The
//     conservative reading is applied at every hop: a forwarding rule needs
//     that state too;
//   - a rule that fires and targets an event bus (a literal or resolvable
//     arn:aws:events:REGION:ACCOUNT:event-bus/NAME, or a bus of the same
//     template) delivers the event to that bus, where it is routed again;
//     each bus is reached once per event, so forwarding loops end.
//
// The Result lists the rules that fire, how the event reached each one
// ("forwarded from us-west-2 by Forwarder/Forward/Resource"), and for every
// other rule the reason: the first pattern field that rules the event out
// (from eventpattern's Explain), the region or bus the rule is on, its state,
// or its schedule.
//
// Inputs turns what people have at hand into EventBridge events: an event, a
// bare CloudTrail record (as the AWS documentation shows them), a CloudTrail
// log file (gzip-compressed or not) or `aws cloudtrail lookup-events` output.
// Records are wrapped as CloudTrail delivers them (see WrapRecord).
//
// AssertFires and AssertNotFires let the tests of a CDK app prove routing
// end to end against its synthesized assembly:
//
//	func TestRootLoginAlert(t *testing.T) {
//		a, err := simulate.LoadAssembly("../cdk.out")
//		if err != nil {
//			t.Fatal(err)
//		}
//		event, _ := os.ReadFile("testdata/ConsoleLogin-root.json")
//		simulate.AssertFires(t, a, event, "Home/RootLogin")
//		simulate.AssertNotFires(t, a, event, "Home/IamAlert")
//	}
//
// The trailbridge command (cmd/trailbridge) puts the same on the command
// line: `trailbridge simulate --explain event.json`.
//
// What is not modelled: accounts (every stack is taken to be in the event's
// account, and bus policies are not checked), CloudTrail trail selectors
// (whether the event is logged at all), rule quotas, and input transformation
// (targets receive the event as matched).
package simulate
