package contract

import (
	"fmt"
	"strings"
)

// Kinesis targets of EventBridge rules: the partition key path, shared by the
// stream buffer (constructs/targets) and the app's stream destinations
// (internal/config validates it, stacks/detectionsinks.go applies it).
const (
	// DefaultPartitionKeyPath is CloudTrail's ID of the API call: it spreads
	// events evenly over the shards, and two deliveries of one event
	// (delivery is at least once) land on the same shard, in order.
	DefaultPartitionKeyPath = "$.detail.eventID"
	// MaxPartitionKeyPath is EventBridge's length limit on a Kinesis
	// target's partition key path.
	MaxPartitionKeyPath = 256
)

// PartitionKeyPathRule describes PartitionKeyPath.
var PartitionKeyPathRule = fmt.Sprintf(`a JSON path into the event starting with "$.", at most %d characters`, MaxPartitionKeyPath)

// PartitionKeyPath checks the partition key path of a Kinesis target.
func PartitionKeyPath(s string) string {
	return unless(strings.HasPrefix(s, "$.") && len(s) > len("$.") && len(s) <= MaxPartitionKeyPath, PartitionKeyPathRule)
}
