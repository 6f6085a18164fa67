package catalog

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// HomeRegionGlobal is the region where CloudTrail records the events of
// global-only services (IAM, CloudFront, Route 53, Organizations, ...).
const HomeRegionGlobal = "us-east-1"

// Service is one AWS service as seen through CloudTrail and EventBridge.
type Service struct {
	// Name is the catalog key, lower case, e.g. "s3" or "cognito-idp".
	Name string
	// Source is the EventBridge "source" of the events, e.g. "aws.s3".
	Source string
	// EventSource is the CloudTrail "eventSource" (EventBridge
	// "detail.eventSource"), e.g. "s3.amazonaws.com".
	EventSource string
	// GlobalOnly reports that the service's events appear only in HomeRegion
	// (us-east-1), whatever region the caller used.
	GlobalOnly bool
	// HomeRegion is "us-east-1" for global-only services and "" otherwise.
	HomeRegion string
	// Notes says what a rule author should know about the service's events.
	Notes string
}

// String returns the service name.
func (s Service) String() string { return s.Name }

// services is the catalog, keyed by Name. Sources: the EventBridge user guide
// (eb-service-event-cloudtrail), the CloudTrail user guide ("CloudTrail
// concepts: global service events") and trailbridge's DESIGN.md.
var services = byName(
	globalService("account",
		"AWS Account Management (alternate contacts, regions opt-in, primary contact). "+
			"The API has one endpoint (account.us-east-1.amazonaws.com), so its events are recorded in us-east-1."),
	regionalService("acm",
		"Regional. Certificates used by CloudFront live in us-east-1, so their events are there."),
	regionalService("apigateway",
		"Regional. REST, HTTP and WebSocket API management calls; requests to the APIs themselves are not CloudTrail events."),
	regionalService("backup",
		"Regional. Vault lock and vault access-policy changes are the usual guard-rail targets."),
	regionalService("cloudformation",
		"Regional. Resources a stack creates are logged by their own services, with invokedBy cloudformation.amazonaws.com."),
	globalService("cloudfront",
		"Global service: all events are recorded in us-east-1."),
	regionalService("cloudtrail",
		"Regional (a multi-region trail's calls are logged in the region called). StopLogging, DeleteTrail, "+
			"UpdateTrail and PutEventSelectors are the tamper signals; LookupEvents is read-only."),
	regionalService("cognito-idp",
		"Regional. Amazon Cognito user pools; identity pools are cognito-identity.amazonaws.com (use Custom)."),
	regionalService("config",
		"Regional. StopConfigurationRecorder and DeleteDeliveryChannel are the tamper signals. "+
			"Compliance changes arrive as \"Config Rules Compliance Change\", not via CloudTrail."),
	regionalService("dynamodb",
		"Regional. Table calls are management events; item calls (PutItem, GetItem, Query, Scan) are data "+
			"events that reach EventBridge only where a trail selects them."),
	regionalService("ec2",
		"Regional. Very high volume of Describe* calls: match event names precisely."),
	regionalService("ecr",
		"Regional. Image pushes are PutImage; scan results arrive as \"ECR Image Scan\" events, not via CloudTrail."),
	regionalService("ecs",
		"Regional. Task state changes arrive as \"ECS Task State Change\" events, not via CloudTrail."),
	regionalService("eks",
		"Regional. Cluster-management calls only; Kubernetes API calls are in the EKS audit log, not CloudTrail."),
	regionalService("elasticloadbalancing",
		"Regional. Classic, Application, Network and Gateway Load Balancers share this event source."),
	regionalService("events",
		"Regional. Amazon EventBridge itself (PutRule, DisableRule, RemoveTargets, ...)."),
	regionalService("guardduty",
		"Regional. API calls only; findings arrive as \"GuardDuty Finding\" events, not via CloudTrail."),
	globalService("iam",
		"Global service: all events are recorded in us-east-1. GetRole and GetPolicy are high-volume read-only calls."),
	regionalService("kms",
		"Regional. Cryptographic calls (Encrypt, Decrypt, GenerateDataKey, Sign, ...) are read-only and very "+
			"frequent. Key rotation and deletion also arrive as \"AWS Service Event via CloudTrail\"."),
	regionalService("lambda",
		"Regional. Event names carry API version suffixes (CreateFunction20150331, UpdateFunctionCode20150331v2): "+
			"prefer event-name prefixes. Invoke is a data event."),
	regionalService("logs",
		"Regional. Amazon CloudWatch Logs (DeleteLogGroup, PutRetentionPolicy, ...)."),
	globalService("organizations",
		"Global service: events are recorded in us-east-1, in the management account."),
	regionalService("rds",
		"Regional. Aurora and Neptune/DocumentDB management calls also use rds.amazonaws.com."),
	globalService("route53",
		"Global service (hosted zones, record sets, health checks): events are recorded in us-east-1. "+
			"Domain registration is route53domains.amazonaws.com (use Custom)."),
	regionalService("s3",
		"Bucket calls are management events recorded in the bucket's region. Object calls (GetObject, PutObject) "+
			"are data events that reach EventBridge only where a trail selects them. CloudTrail names some calls "+
			"differently from the API: PutBucketPublicAccessBlock, DeleteBucketPublicAccessBlock."),
	regionalService("secretsmanager",
		"Regional. GetSecretValue is a read-only management event."),
	regionalService("securityhub",
		"Regional. API calls only; findings arrive as \"Security Hub Findings - Imported\" events, not via CloudTrail."),
	regionalService("ses",
		"Regional. SES v1 and v2 APIs share this event source; sending mail is not a management event."),
	regionalService("signin",
		"Console sign-in events (ConsoleLogin, CheckMfa, ...) have detail-type \"AWS Console Sign In via CloudTrail\" "+
			"and eventType AwsConsoleSignIn. Not global-only: events are recorded in the region of the sign-in endpoint "+
			"used (us-east-1 for the global endpoint)."),
	regionalService("sns",
		"Regional. Publish is a data event."),
	regionalService("sqs",
		"Regional. SendMessage, ReceiveMessage and DeleteMessage are data events."),
	regionalService("ssm",
		"Regional. AWS Systems Manager, including Parameter Store (GetParameter is read-only)."),
	regionalService("sso",
		"AWS IAM Identity Center administration; events are recorded in the Identity Center instance's region."),
	regionalService("sts",
		"Not global-only: calls to the global endpoint are logged in the caller's region for regions enabled by "+
			"default (in us-east-1 for opt-in regions), regional endpoint calls in their region. AssumeRole* are read-only "+
			"events; GetSessionToken and GetFederationToken are not."),
	regionalService("wafv2",
		"Regional. Web ACLs with scope CLOUDFRONT are managed in us-east-1, so their events are there."),
)

// regionalService is the catalog entry of service name, whose events are
// recorded in the region called: its source is "aws." + name and its
// eventSource name + ".amazonaws.com", as for every catalog service.
func regionalService(name, notes string) Service {
	eventSource := name + ".amazonaws.com"
	return Service{Name: name, Source: SourceOf(eventSource), EventSource: eventSource, Notes: notes}
}

// globalService is regionalService for a global-only service, whose events
// are recorded in HomeRegionGlobal.
func globalService(name, notes string) Service {
	s := regionalService(name, notes)
	s.GlobalOnly, s.HomeRegion = true, HomeRegionGlobal
	return s
}

// byName keys list by Name.
func byName(list ...Service) map[string]Service {
	m := make(map[string]Service, len(list))
	for _, s := range list {
		m[s.Name] = s
	}
	return m
}

// SourceOf returns the EventBridge source of the events CloudTrail records
// with eventSource: "aws." followed by eventSource without ".amazonaws.com"
// (s3.amazonaws.com -> aws.s3, signin.amazonaws.com -> aws.signin). That is
// the source of every catalog service; for a service outside the catalog it
// is a best effort, wrong for a few (use Custom where it is known).
func SourceOf(eventSource string) string {
	return "aws." + strings.TrimSuffix(eventSource, ".amazonaws.com")
}

// aliases are other names people use for catalog services.
var aliases = map[string]string{
	"alb":                 "elasticloadbalancing",
	"cloudwatch-logs":     "logs",
	"cloudwatchlogs":      "logs",
	"cognito":             "cognito-idp",
	"elb":                 "elasticloadbalancing",
	"elbv2":               "elasticloadbalancing",
	"eventbridge":         "events",
	"iam-identity-center": "sso",
	"identity-center":     "sso",
	"identitycenter":      "sso",
	"nlb":                 "elasticloadbalancing",
	"systems-manager":     "ssm",
	"systemsmanager":      "ssm",
}

// Names returns the sorted names of the catalog services.
func Names() []string {
	return slices.Sorted(maps.Keys(services))
}

// All returns every catalog service, sorted by Name.
func All() []Service {
	all := make([]Service, 0, len(services))
	for _, n := range Names() {
		all = append(all, services[n])
	}
	return all
}

// normalize reduces a service name, source ("aws.s3") or eventSource
// ("s3.amazonaws.com") to the bare lower-case service name.
func normalize(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimPrefix(n, "aws.")
	n = strings.TrimSuffix(n, ".amazonaws.com")
	return n
}

// Lookup returns the catalog entry for name. name is matched case-insensitively
// and may be the service name ("s3"), its EventBridge source ("aws.s3"), its
// CloudTrail eventSource ("s3.amazonaws.com") or a common alias ("elb",
// "cognito", "eventbridge"). An unknown name returns an error that suggests
// near matches and lists the known services.
func Lookup(name string) (Service, error) {
	n := normalize(name)
	if s, ok := services[n]; ok {
		return s, nil
	}
	if a, ok := aliases[n]; ok {
		return services[a], nil
	}
	// Match on the full source or eventSource too, for entries whose source
	// and eventSource prefixes differ.
	for _, s := range services {
		if strings.EqualFold(name, s.Source) || strings.EqualFold(name, s.EventSource) {
			return s, nil
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "unknown service %q", name)
	if sug := suggest(n, Names(), 3); len(sug) > 0 {
		b.WriteString(": did you mean ")
		b.WriteString(quoteJoin(sug))
		b.WriteString("?")
	}
	fmt.Fprintf(&b, " (known: %s; use Custom(source, eventSource) for other services)", strings.Join(Names(), ", "))
	return Service{}, errors.New(b.String())
}

// LookupAll looks up every name and returns the services in the order given,
// or an error joining one message per unknown name.
func LookupAll(names ...string) ([]Service, error) {
	out := make([]Service, 0, len(names))
	var errs []error
	for _, n := range names {
		s, err := Lookup(n)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, s)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

var (
	awsSourceRE   = regexp.MustCompile(`^aws\.[a-z0-9][a-z0-9.-]*[a-z0-9]$`)
	eventSourceRE = regexp.MustCompile(`^([a-z0-9][a-z0-9.-]*[a-z0-9])\.amazonaws\.com$`)
)

// Custom returns a Service for a service that is not in the catalog, after
// checking the formats: source must be "aws.<service>" (lower case letters,
// digits, '.' and '-') for AWS events, or a custom source (1 to 256
// characters, no white space, not starting with "aws."); eventSource must be
// "<service>.amazonaws.com". The returned service is regional (GlobalOnly
// false) and its Name is eventSource without ".amazonaws.com".
func Custom(source, eventSource string) (Service, error) {
	var errs []error
	switch {
	case source == "":
		errs = append(errs, errors.New(`source: empty; allowed: "aws.<service>" such as "aws.s3", or a custom source`))
	case strings.HasPrefix(strings.ToLower(source), "aws."):
		if !awsSourceRE.MatchString(source) {
			errs = append(errs, fmt.Errorf(`source: %q is not a valid AWS source; allowed: "aws." followed by lower case letters, digits, '.' or '-', such as "aws.s3"`, source))
		}
	case len(source) > 256 || strings.ContainsAny(source, " \t\r\n"):
		errs = append(errs, fmt.Errorf("source: %q is not a valid custom source; allowed: 1 to 256 characters without white space", source))
	}
	m := eventSourceRE.FindStringSubmatch(eventSource)
	if m == nil {
		errs = append(errs, fmt.Errorf(`eventSource: %q is not a CloudTrail event source; allowed: "<service>.amazonaws.com" in lower case, such as "s3.amazonaws.com"`, eventSource))
	}
	if len(errs) > 0 {
		return Service{}, errors.Join(errs...)
	}
	return Service{
		Name:        m[1],
		Source:      source,
		EventSource: eventSource,
		Notes:       "Custom entry, not in the trailbridge catalog: assumed regional.",
	}, nil
}

func quoteJoin(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
