package simulate

import (
	"strings"

	"github.com/trailbridge/trailbridge/internal/cfn"
)

// AssumedAccount is the account ID that Ref AWS::AccountId resolves to in a
// stack whose environment names no account ("aws://unknown-account/..."). The
// assumption is recorded in Rule.Unresolved when a pattern depends on it.
const AssumedAccount = "111111111111"

// unknownRegion is the region of an environment-agnostic stack.
const unknownRegion = cfn.UnknownRegion

// Placeholder returns the string a value that cannot be resolved offline
// becomes: "${Token:" + what + "}", where what names the resource and
// attribute ("ResponderRole1234ABCD.Arn"), the resource or parameter
// ("Topic1234ABCD"), a pseudo parameter ("AWS::Region") or an import
// ("ImportValue:SharedBusArn").
func Placeholder(what string) string { return cfn.TokenPlaceholder(what) }

func hasPlaceholder(s string) bool { return strings.Contains(s, "${Token:") }
