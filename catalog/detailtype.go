package catalog

import "slices"

// Detail types of the events CloudTrail delivers to EventBridge (EventBridge
// user guide, eb-service-event-cloudtrail). Real events spell the sign-in
// detail type "Sign In" with a space; the documentation also shows
// "Signin", which matches nothing.
const (
	// DetailTypeAPICall is the detail type of API calls (eventType AwsApiCall).
	DetailTypeAPICall = "AWS API Call via CloudTrail"
	// DetailTypeConsoleSignIn is the detail type of console sign-in events
	// (eventType AwsConsoleSignIn, eventSource signin.amazonaws.com).
	DetailTypeConsoleSignIn = "AWS Console Sign In via CloudTrail"
	// DetailTypeConsoleAction is the detail type of console actions that are
	// not API calls (eventType AwsConsoleAction).
	DetailTypeConsoleAction = "AWS Console Action via CloudTrail"
	// DetailTypeServiceEvent is the detail type of events AWS services
	// record on their own (eventType AwsServiceEvent), e.g. KMS key rotation.
	DetailTypeServiceEvent = "AWS Service Event via CloudTrail"
	// DetailTypeInsight is the detail type of CloudTrail Insights events.
	DetailTypeInsight = "AWS Insight via CloudTrail"
)

var detailTypes = []string{
	DetailTypeAPICall,
	DetailTypeConsoleAction,
	DetailTypeConsoleSignIn,
	DetailTypeInsight,
	DetailTypeServiceEvent,
}

// DetailTypes returns the CloudTrail detail types, sorted.
func DetailTypes() []string { return slices.Clone(detailTypes) }

// ValidDetailType reports whether dt is exactly one of the CloudTrail detail
// types. The documentation's "AWS Console Signin via CloudTrail" spelling is
// not valid: real events never carry it.
func ValidDetailType(dt string) bool { return slices.Contains(detailTypes, dt) }
