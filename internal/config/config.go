// Package config reads, defaults and validates the trailbridge app's
// configuration: one JSON object under the context key "trailbridge" (in
// cdk.json, or given whole with -c trailbridge='{...}'), with any field
// overridable on its own with -c trailbridge.<path>=<value>.
//
// Loading happens before any construct is created: every problem is collected
// and reported at once, each naming the field, the bad value and what is
// allowed. The defaults live in defaults.json, embedded in the binary, so
// that an app with no configuration at all synthesizes a deployable setup.
//
// To add a field: add it to the struct with a json tag, give it a default in
// defaults.json, validate it in validate.go, and document it in the README's
// configuration reference. A responder's settings are not declared here:
// each responder declares its own Section (type, defaults, checks) in its
// folder, and Load decodes trailbridge.responders against the sections it is
// given.
package config

// ContextKey is the CDK context key that holds the configuration object.
const ContextKey = "trailbridge"

// Config is the whole app configuration.
type Config struct {
	// HomeRegion is where the audit trail, the home event bus and the responders live.
	// Default: CDK_DEFAULT_REGION, else us-east-1.
	HomeRegion string `json:"homeRegion"`
	// Account is the AWS account the stacks deploy to (12 digits).
	// Default: CDK_DEFAULT_ACCOUNT, else resolved at deploy time.
	Account string `json:"account"`
	// StackPrefix starts every stack name.
	// Default: "Trailbridge".
	StackPrefix string `json:"stackPrefix"`
	// Tags are applied to every resource that supports tags.
	// Default: {"app": "trailbridge"}.
	Tags map[string]string `json:"tags"`
	// Trail configures the audit trail.
	Trail Trail `json:"trail"`
	// Responders configures the built-in responders: one object per
	// responder, whose type, defaults and checks its section declares
	// (lambda/responders/<name>/deploy/settings.go, listed in
	// stacks/registry.go).
	Responders Responders `json:"responders"`
	// Exemptions are principals and resources no responder acts on.
	Exemptions Exemptions `json:"exemptions"`
	// Alerts configures the alert topic people subscribe to.
	Alerts Alerts `json:"alerts"`
	// Operations configures the alarms on trailbridge itself.
	Operations Operations `json:"operations"`
	// Delivery configures every rule target's retry policy.
	Delivery Delivery `json:"delivery"`
	// Regions are the regions watched besides the home region, whose events
	// forwarders carry to the home bus.
	// Default: [] (home only; us-east-1 is added whenever a rule watches a
	// global service and home is elsewhere).
	Regions []string `json:"regions"`
	// ExcludedRegions are never watched, not even for global services.
	// Default: [].
	ExcludedRegions []string `json:"excludedRegions"`
	// Organization deploys forwarders to every member account.
	Organization Organization `json:"organization"`
	// Detections are the detection programme: the CIS monitoring controls
	// and the platform team's own detections, each one rule on the home bus
	// whose alerts people read.
	Detections Detections `json:"detections"`
	// Health configures the checks that the pipeline is alive: an
	// end-to-end heartbeat per watched region and an archive of the events
	// the app's rules match, to replay from.
	Health Health `json:"health"`
	// Tracing is the responders' X-Ray tracing mode: "Active",
	// "PassThrough" or "Disabled" (contract.TracingModes).
	// Default: "Active".
	Tracing string `json:"tracing"`
}

// Organization configures organization mode: this (security) account hosts
// the home bus; member accounts get forwarders through a service-managed
// CloudFormation StackSet.
type Organization struct {
	// Enabled turns organization mode on.
	// Default: false.
	Enabled bool `json:"enabled"`
	// ID is the organization ID (o-...), used in the home bus policy.
	// Default: "" (required when enabled).
	ID string `json:"id"`
	// OrganizationalUnitIDs are the OUs (or the root, r-...) whose accounts get forwarders.
	// Default: [] (required when enabled).
	OrganizationalUnitIDs []string `json:"organizationalUnitIds"`
	// Regions are where member forwarders are deployed.
	// Default: [] (the home region, the watched regions, and us-east-1).
	Regions []string `json:"regions"`
	// FailureTolerancePercentage of accounts may fail per region before the StackSet operation stops.
	// Default: 10.
	FailureTolerancePercentage int `json:"failureTolerancePercentage"`
	// MaxConcurrentPercentage of accounts are deployed at once.
	// Default: 25.
	MaxConcurrentPercentage int `json:"maxConcurrentPercentage"`
	// DelegatedAdmin deploys the StackSet as a delegated administrator (CallAs DELEGATED_ADMIN)
	// rather than from the management account.
	// Default: true.
	DelegatedAdmin bool `json:"delegatedAdmin"`
}

// Detections configures the detection programme (see package detection).
type Detections struct {
	// CIS turns on the CIS AWS Foundations Benchmark monitoring controls
	// (detection.CIS).
	CIS CISDetections `json:"cis"`
	// Custom are the platform team's own detections.
	// Default: [].
	Custom []CustomDetection `json:"custom"`
	// Destinations are where detections' alerts may go besides the alert
	// topic, by name (letters, digits, '-'): webhooks, queues and streams.
	// Default: {}.
	Destinations map[string]Destination `json:"destinations"`
}

// Health configures the heartbeat and the event archive.
type Health struct {
	// Heartbeat proves, end to end, that CloudTrail events still reach the
	// home bus from every watched region.
	Heartbeat Heartbeat `json:"heartbeat"`
	// Archive keeps the events the app's rules match, to replay after an
	// outage.
	Archive Archive `json:"archive"`
}

// Heartbeat configures the end-to-end heartbeat.
type Heartbeat struct {
	// Enabled deploys the heartbeat in every watched region.
	// Default: true.
	Enabled bool `json:"enabled"`
	// IntervalMinutes is how often each region's heartbeat makes its call
	// (1-1440).
	// Default: 15.
	IntervalMinutes int `json:"intervalMinutes"`
	// AlarmAfterMinutes raises the alarm when no heartbeat arrived from a
	// region for this long (at least twice IntervalMinutes, at most 1440).
	// Default: 45.
	AlarmAfterMinutes int `json:"alarmAfterMinutes"`
}

// Archive configures the EventBridge archive on the home bus.
type Archive struct {
	// RetentionDays keeps archived events this many days; 0 turns the
	// archive off.
	// Default: 30.
	RetentionDays int `json:"retentionDays"`
}

// CISDetections configures the CIS monitoring controls.
type CISDetections struct {
	// Enabled deploys every CIS control not turned off in Controls.
	// Default: false.
	Enabled bool `json:"enabled"`
	// Controls maps a control ID (CloudWatch.1, ...) to "off" or a severity
	// (low, medium, high, critical) that overrides the control's own.
	// Default: {} (every control, at its own severity).
	Controls map[string]string `json:"controls"`
}

// CustomDetection is one of the platform team's detections: what it
// matches (as in apicall.RuleProps) and what a person reads.
type CustomDetection struct {
	// ID names it: letters, digits, '-' and '.', unique, at most 40
	// characters. Its rule's name and logical ID derive from it.
	ID string `json:"id"`
	// Title is the short name alert subjects show.
	// Default: the ID.
	Title string `json:"title"`
	// Description says what it catches.
	// Default: "".
	Description string `json:"description"`
	// Severity is low, medium, high or critical.
	// Default: "medium".
	Severity string `json:"severity"`
	// Remediation says what to do when it fires.
	// Default: "".
	Remediation string `json:"remediation"`
	// Services are catalog service names ("s3", "iam", ...).
	// Default: [] (then userIdentityTypes must narrow it).
	Services []string `json:"services"`
	// EventNames are CloudTrail event names of those services.
	// Default: [] (every event name of the services).
	EventNames []string `json:"eventNames"`
	// EventNamePrefixes match event names by prefix.
	// Default: [].
	EventNamePrefixes []string `json:"eventNamePrefixes"`
	// DetailTypes are CloudTrail detail types.
	// Default: [] (API calls).
	DetailTypes []string `json:"detailTypes"`
	// UserIdentityTypes keep only calls by these identity types.
	// Default: [] (every caller).
	UserIdentityTypes []string `json:"userIdentityTypes"`
	// RequestParameters keep only calls whose requestParameters match:
	// '.'-separated path -> EventBridge match values.
	// Default: {}.
	RequestParameters map[string][]any `json:"requestParameters"`
	// IncludeFailed keeps failed calls too.
	// Default: false.
	IncludeFailed bool `json:"includeFailed"`
	// IncludeReadOnly also sees read-only calls (List*, Get*, Describe*)
	// when no event name says so (a detection of any call by a principal).
	// Default: false (automatic for read-only event names).
	IncludeReadOnly bool `json:"includeReadOnly"`
	// Destinations are where alerts go: "alerts" (the alert topic) or names
	// from trailbridge.detections.destinations (at most 5).
	// Default: ["alerts"].
	Destinations []string `json:"destinations"`
}

// Destination is a place detections' alerts go besides the alert topic.
type Destination struct {
	// Type is "webhook" (an HTTPS endpoint through an EventBridge API
	// destination), "queue" (an encrypted SQS queue the app creates) or
	// "stream" (an encrypted, on-demand Kinesis data stream the app creates,
	// for consumers outside the app to read).
	// Default: "" (required).
	Type string `json:"type"`
	// Endpoint is the webhook's https:// URL.
	// Default: "" (required for webhooks).
	Endpoint string `json:"endpoint"`
	// SecretARN is the Secrets Manager secret holding the webhook's
	// credential (sent as an API key header).
	// Default: "" (required for webhooks).
	SecretARN string `json:"secretArn"`
	// SecretField is the JSON field of the secret holding the credential.
	// Default: "" (the whole secret string).
	SecretField string `json:"secretField"`
	// HeaderName is the header that carries the credential.
	// Default: "Authorization".
	HeaderName string `json:"headerName"`
	// RateLimitPerSecond caps webhook calls (1-300).
	// Default: 10.
	RateLimitPerSecond int `json:"rateLimitPerSecond"`
	// PartitionKeyPath is, for a stream, the JSON path in the matched event
	// whose value picks the shard (records with one key stay in order),
	// e.g. "$.detail.userIdentity.arn" for order per principal.
	// Default: "" ("$.detail.eventID", contract.DefaultPartitionKeyPath).
	PartitionKeyPath string `json:"partitionKeyPath"`
}

// Mode is what a responder does: off (nothing is deployed), alert (its rule
// only alerts), dry-run (its function logs what it would do, and alerts) or
// remediate (its function acts).
type Mode = string

// Responder is the setting every responder shares: each responder's
// settings type embeds it, and its fields decode as the settings' own.
type Responder struct {
	// Mode is off, alert, dry-run or remediate.
	// Default: each responder's own (see its section).
	Mode Mode `json:"mode"`
}

// Exemptions are principals and resources no responder acts on.
type Exemptions struct {
	// Principals are ARN patterns (* and ? wildcards), e.g. break-glass roles.
	// Default: [].
	Principals []string `json:"principals"`
	// Tag exempts a resource carrying it, as key=value.
	// Default: "trailbridge:exempt=true".
	Tag string `json:"tag"`
}

// Alerts configures the alert topic.
type Alerts struct {
	// Emails subscribe to every alert.
	// Default: [].
	Emails []string `json:"emails"`
	// Subscriptions are other subscribers: {"protocol": "https"|"sms"|"sqs"|"lambda"|"email-json", "endpoint": ...}.
	// Default: [].
	Subscriptions []Subscription `json:"subscriptions"`
	// RootSignIn alerts on console sign-in as the root user.
	// Default: true.
	RootSignIn bool `json:"rootSignIn"`
	// SignInWithoutMFA alerts on console sign-in without MFA.
	// Default: true.
	SignInWithoutMFA bool `json:"signInWithoutMFA"`
	// RootAccessKey alerts when the root user creates an access key.
	// Default: true.
	RootAccessKey bool `json:"rootAccessKey"`
	// DeleteDBInstance alerts when an RDS instance is deleted.
	// Default: true.
	DeleteDBInstance bool `json:"deleteDBInstance"`
}

// Subscription is one alert subscriber.
type Subscription struct {
	// Protocol is email, email-json, https, sms, sqs or lambda.
	Protocol string `json:"protocol"`
	// Endpoint is the address, URL, number or ARN.
	Endpoint string `json:"endpoint"`
}

// Operations configures the alarms on trailbridge itself.
type Operations struct {
	// Emails receive alarm notifications.
	// Default: [].
	Emails []string `json:"emails"`
}

// Delivery configures the retry policy of every rule target.
type Delivery struct {
	// MaxEventAgeSeconds stops retrying an event this old (60-86400).
	// Default: 86400.
	MaxEventAgeSeconds int `json:"maxEventAgeSeconds"`
	// RetryAttempts is how often a delivery is retried (0-185).
	// Default: 185.
	RetryAttempts int `json:"retryAttempts"`
}

// Trail configures the CloudTrail trail that feeds EventBridge.
type Trail struct {
	// Enabled creates the audit trail stack. Turn it off when another trail
	// (an organization trail, say) already records management events.
	// Default: true.
	Enabled bool `json:"enabled"`
	// Name is the trail's name (3-128 letters, digits, '.', '_', '-').
	// Default: "trailbridge".
	Name string `json:"name"`
	// Organization makes it an organization trail (deploy in the management
	// account or a delegated administrator account).
	// Default: false.
	Organization bool `json:"organization"`
	// ManagementEvents selects management events: all, readOnly, writeOnly or none.
	// Default: "all".
	ManagementEvents string `json:"managementEvents"`
	// ExistingBucketName uses an existing bucket instead of creating one. Its
	// policy must already admit CloudTrail for this trail.
	// Default: "" (a bucket is created).
	ExistingBucketName string `json:"existingBucketName"`
	// ExistingKeyARN uses an existing KMS key instead of creating one. Its
	// policy must already admit CloudTrail for this trail.
	// Default: "" (a key is created).
	ExistingKeyARN string `json:"existingKeyArn"`
	// Bucket sets the lifecycle of the log bucket.
	Bucket Bucket `json:"bucket"`
	// CloudWatchLogs sends the trail to a CloudWatch Logs group too.
	CloudWatchLogs CloudWatchLogs `json:"cloudWatchLogs"`
	// Insights turns on CloudTrail Insights (billed per event analysed).
	Insights Insights `json:"insights"`
	// DataEvents selects data events through advanced event selectors.
	DataEvents DataEvents `json:"dataEvents"`
}

// Bucket sets the log bucket's lifecycle.
type Bucket struct {
	// TransitionDays moves log files to TransitionStorageClass after this many days (0: never).
	// Default: 90.
	TransitionDays int `json:"transitionDays"`
	// TransitionStorageClass is one of STANDARD_IA, INTELLIGENT_TIERING,
	// GLACIER_IR, GLACIER, DEEP_ARCHIVE.
	// Default: "GLACIER_IR".
	TransitionStorageClass string `json:"transitionStorageClass"`
	// ExpirationDays deletes log files after this many days (0: never).
	// Default: 2557 (seven years).
	ExpirationDays int `json:"expirationDays"`
	// NoncurrentVersionExpirationDays deletes overwritten versions after this many days.
	// Default: 90.
	NoncurrentVersionExpirationDays int `json:"noncurrentVersionExpirationDays"`
	// AccessLogsExpirationDays deletes server access logs after this many days.
	// Default: 365.
	AccessLogsExpirationDays int `json:"accessLogsExpirationDays"`
}

// CloudWatchLogs configures delivery of the trail to CloudWatch Logs.
type CloudWatchLogs struct {
	// Enabled sends the trail to a log group.
	// Default: true.
	Enabled bool `json:"enabled"`
	// RetentionDays is one of CloudWatch Logs' allowed retention values.
	// Default: 365.
	RetentionDays int `json:"retentionDays"`
}

// Insights configures CloudTrail Insights.
type Insights struct {
	// APICallRate detects unusual write API call volume.
	// Default: false.
	APICallRate bool `json:"apiCallRate"`
	// APIErrorRate detects unusual API error rates.
	// Default: false.
	APIErrorRate bool `json:"apiErrorRate"`
}

// DataEvents selects data events, which EventBridge only sees when a trail logs them.
type DataEvents struct {
	// S3 selects S3 object-level events.
	S3 S3DataEvents `json:"s3"`
	// Lambda selects Lambda Invoke events.
	Lambda LambdaDataEvents `json:"lambda"`
}

// S3DataEvents selects S3 object-level events.
type S3DataEvents struct {
	// All logs object events of every bucket (costly).
	// Default: false.
	All bool `json:"all"`
	// Buckets lists "bucket" or "bucket/prefix" entries.
	// Default: [].
	Buckets []string `json:"buckets"`
	// ReadWrite selects all, readOnly or writeOnly object events.
	// Default: "all".
	ReadWrite string `json:"readWrite"`
}

// LambdaDataEvents selects Lambda Invoke events.
type LambdaDataEvents struct {
	// Mode is none, all, or listed (the functions in FunctionARNs).
	// Default: "none".
	Mode string `json:"mode"`
	// FunctionARNs lists the functions to log when Mode is "listed".
	// Default: [].
	FunctionARNs []string `json:"functionArns"`
}
