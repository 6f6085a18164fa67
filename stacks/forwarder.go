package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"

	"github.com/trailbridge/trailbridge/constructs/forwarding"
	"github.com/trailbridge/trailbridge/constructs/targets"
)

// ForwarderStackProps configures a ForwarderStack.
type ForwarderStackProps struct {
	awscdk.StackProps
	// Forwarder configures the forwarding rules (needs, home bus ARN, retry policy).
	Forwarder forwarding.ForwarderProps
	// OperationsEmails receive this region's alarms.
	// Default: none.
	OperationsEmails []string
	// Heartbeat adds this region's heartbeat sender ("Heartbeat"), its
	// alarms on the region's operations topic.
	// Default: nil (none).
	Heartbeat *HeartbeatSenderProps
}

// ForwarderStack holds the forwarding rules of one region.
type ForwarderStack struct {
	awscdk.Stack
	// Forwarder is the forwarding construct ("Forwarder").
	Forwarder forwarding.Forwarder
	// Heartbeat is the region's heartbeat sender; nil without one.
	Heartbeat *HeartbeatSender
}

// NewForwarderStack creates a stack with a forwarder.
func NewForwarderStack(scope constructs.Construct, id string, props *ForwarderStackProps) *ForwarderStack {
	if props == nil {
		props = &ForwarderStackProps{}
	}
	stack := newStack(scope, id, props.StackProps, "trailbridge: forwards the CloudTrail events the home rules need to the home event bus")
	fp := props.Forwarder
	// Alarm actions must be in the alarm's region: each forwarder region
	// has its own operations topic.
	var subs []targets.Subscription
	for _, e := range props.OperationsEmails {
		subs = append(subs, targets.Subscription{Protocol: "email", Endpoint: e})
	}
	fp.AlarmTopic = targets.NewAlertTopic(stack, "Operations", &targets.AlertTopicProps{DisplayName: "trailbridge operations", Subscriptions: subs}).Topic()
	out := &ForwarderStack{Stack: stack, Forwarder: forwarding.NewForwarder(stack, "Forwarder", &fp)}
	if props.Heartbeat != nil {
		hp := *props.Heartbeat
		hp.AlarmTopic = fp.AlarmTopic
		out.Heartbeat = NewHeartbeatSender(stack, "Heartbeat", &hp)
	}
	return out
}
