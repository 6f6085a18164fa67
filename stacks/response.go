package stacks

import (
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/constructs/operations"
	"github.com/trailbridge/trailbridge/constructs/targets"
	"github.com/trailbridge/trailbridge/internal/cdkutil"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/nag"
	"github.com/trailbridge/trailbridge/pattern"
)

// ResponseStackProps configures a ResponseStack.
type ResponseStackProps struct {
	awscdk.StackProps
	// Config is the validated app configuration (responders, alerts,
	// exemptions, delivery, operations).
	// Default: config.Defaults.
	Config *config.Config
	// ModuleDir is the Go module that holds the responders' packages.
	// Default: found from the working directory.
	ModuleDir string
}

// ResponseStack holds the home-region rules, responders, alert and
// operations topics, alarms and dashboard.
type ResponseStack struct {
	awscdk.Stack
	// Rules are every API-call rule of the stack, by construct path order.
	Rules []apicall.Rule
	// Alerts is the topic people subscribe to.
	Alerts targets.AlertTopic
	// Operations receives alarms about trailbridge itself.
	Operations targets.AlertTopic
	// Functions are the responders' functions, by responder ID.
	Functions map[string]golambda.Function
}

// NewResponseStack creates the rules and responders that cfg turns on.
func NewResponseStack(scope constructs.Construct, id string, props *ResponseStackProps) *ResponseStack {
	if props == nil {
		props = &ResponseStackProps{}
	}
	cfg := props.Config
	if cfg == nil {
		cfg = config.Defaults(config.Env{})
	}
	sp := props.StackProps
	if sp.Description == nil {
		sp.Description = jsii.String("trailbridge: rules, responders and alerts for CloudTrail events")
	}
	stack := awscdk.NewStack(scope, &id, &sp)
	s := &ResponseStack{Stack: stack, Functions: map[string]golambda.Function{}}

	var subs []targets.Subscription
	for _, e := range cfg.Alerts.Emails {
		subs = append(subs, targets.Subscription{Protocol: "email", Endpoint: e})
	}
	for _, sub := range cfg.Alerts.Subscriptions {
		subs = append(subs, targets.Subscription{Protocol: sub.Protocol, Endpoint: sub.Endpoint})
	}
	s.Alerts = targets.NewAlertTopic(stack, "Alerts", &targets.AlertTopicProps{DisplayName: "trailbridge alerts", Subscriptions: subs})
	var opsSubs []targets.Subscription
	for _, e := range cfg.Operations.Emails {
		opsSubs = append(opsSubs, targets.Subscription{Protocol: "email", Endpoint: e})
	}
	s.Operations = targets.NewAlertTopic(stack, "Operations", &targets.AlertTopicProps{DisplayName: "trailbridge operations", Subscriptions: opsSubs})
	monitor := operations.NewMonitor(stack, "Monitor", &operations.MonitorProps{Topic: s.Operations.Topic()})

	attempts := cfg.Delivery.RetryAttempts
	ruleProps := func(rp apicall.RuleProps) *apicall.RuleProps {
		rp.MaxEventAgeSeconds = cfg.Delivery.MaxEventAgeSeconds
		rp.RetryAttempts = &attempts
		return &rp
	}
	// watchID names a rule's alarms in the monitor.
	addRule := func(scope constructs.Construct, id, watchID string, rp apicall.RuleProps) apicall.Rule {
		r := apicall.NewRule(scope, id, ruleProps(rp))
		monitor.WatchRule(watchID, r)
		s.Rules = append(s.Rules, r)
		return r
	}

	for _, d := range responderDefs(cfg) {
		if d.mode == "off" {
			continue
		}
		scope := constructs.NewConstruct(stack, jsii.String(d.id))
		rp := apicall.RuleProps{Services: []string{d.service}, EventNames: d.events, EventNamePrefixes: d.prefixes}
		addRules := func(rp apicall.RuleProps) {
			if d.rules == nil {
				addRule(scope, "Rule", d.id, rp)
				return
			}
			for _, sub := range d.rules(rp) {
				addRule(scope, sub.id, d.id+sub.id, sub.props)
			}
		}
		if d.mode == "alert" {
			rp.Targets = []apicall.RuleTarget{{ID: "Alert", Target: s.Alerts.Target()}}
			addRules(rp)
			continue
		}
		env := map[string]string{
			"TRAILBRIDGE_MODE":              d.mode,
			"TRAILBRIDGE_EXEMPT_PRINCIPALS": strings.Join(cfg.Exemptions.Principals, ","),
			"TRAILBRIDGE_EXEMPT_TAG":        cfg.Exemptions.Tag,
		}
		for k, v := range d.env {
			env[k] = v
		}
		timeout := 30
		if d.buffered {
			timeout = 60
		}
		fp := &golambda.FunctionProps{
			Package:        d.pkg,
			ModuleDir:      props.ModuleDir,
			Description:    "trailbridge responder: " + d.description,
			Environment:    env,
			TimeoutSeconds: timeout,
			Tracing:        cfg.Tracing,
		}
		if cfg.Organization.Enabled && d.member {
			// Member accounts' roles trust this role by name.
			fp.RoleName = ResponderRoleName(cfg, d.id)
			env["TRAILBRIDGE_MEMBER_ROLE_NAME"] = MemberRoleName(cfg, d.id)
		}
		fn := golambda.NewFunction(scope, "Function", fp)
		fn.Function().AddEnvironment(jsii.String("TRAILBRIDGE_HOME_ACCOUNT"), stack.Account(), nil)
		if cfg.Organization.Enabled && d.member {
			fn.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions:   jsii.Strings("sts:AssumeRole"),
				Resources: jsii.Strings("arn:" + *stack.Partition() + ":iam::*:role/" + MemberRoleName(cfg, d.id)),
				// Only roles in accounts of this organization.
				Conditions: &map[string]any{"StringEquals": map[string]any{"aws:ResourceOrgID": cfg.Organization.ID}},
			}))
			d.wildcards = append(d.wildcards, wildcard{`/^Resource::arn:[^:]+:iam::\*:role\/.*-member$/`, "The responder assumes its member role in whichever account of the organization the event came from (aws:ResourceOrgID limits it to the organization)."})
		}
		fn.Function().AddEnvironment(jsii.String("TRAILBRIDGE_SELF_ROLE_ARN"), fn.Role().RoleArn(), nil)
		for _, g := range d.grants(stack) {
			fn.AddToRolePolicy(g)
		}
		if len(d.wildcards) > 0 {
			var applies []any
			var reasons []string
			for _, w := range d.wildcards {
				applies = append(applies, map[string]any{"regex": w.finding})
				reasons = append(reasons, w.reason)
			}
			nag.Suppress(fn.Role().Node().FindChild(jsii.String("DefaultPolicy")), nag.Rule{
				ID: "AwsSolutions-IAM5", Reason: strings.Join(reasons, " "), AppliesTo: applies,
			})
		}
		if d.extra != nil {
			d.extra(scope, fn)
		}
		s.Functions[d.id] = fn
		monitor.WatchFunction(d.id, fn.Function())
		monitor.WatchQueue(d.id+"FunctionDeadLetterQueue", fn.DeadLetterQueue())
		// The responder's own calls never trigger it again.
		rp.ExemptPrincipalARNs = []string{*fn.Role().RoleArn()}
		if cfg.Organization.Enabled && d.member {
			// Nor its calls through its member role in any member account.
			rp.ExemptPrincipalARNs = append(rp.ExemptPrincipalARNs, "arn:"+catalog.Partition(cfg.HomeRegion)+":iam::"+pattern.AnyAccount+":role/"+MemberRoleName(cfg, d.id))
		}
		if d.buffered {
			buf := targets.NewBufferedFunction(scope, "Buffer", &targets.BufferedFunctionProps{Function: fn.Function(), FunctionTimeoutSeconds: timeout})
			monitor.WatchQueue(d.id+"BufferDeadLetterQueue", buf.DeadLetterQueue())
			rp.Targets = append(rp.Targets, apicall.RuleTarget{ID: "Buffer", Target: buf.Target()})
		} else {
			rp.Targets = append(rp.Targets, apicall.RuleTarget{ID: "Function", Target: targets.Lambda(fn.Function())})
		}
		if d.alwaysAlert || d.mode == "dry-run" {
			rp.Targets = append(rp.Targets, apicall.RuleTarget{ID: "Alert", Target: s.Alerts.Target()})
		}
		addRules(rp)
	}

	// Alerts that need no function: a person reads them.
	alert := []apicall.RuleTarget{{ID: "Alert", Target: s.Alerts.Target()}}
	signIn := []string{catalog.DetailTypeConsoleSignIn}
	if cfg.Alerts.RootSignIn {
		addRule(stack, "RootSignInAlert", "RootSignInAlert", apicall.RuleProps{Services: []string{"signin"}, EventNames: []string{"ConsoleLogin"},
			DetailTypes: signIn, UserIdentityTypes: []string{"Root"}, IncludeFailed: true, Targets: alert})
	}
	if cfg.Alerts.SignInWithoutMFA {
		// Successful sign-ins whose additionalEventData says no MFA was used.
		addRule(stack, "SignInWithoutMFAAlert", "SignInWithoutMFAAlert", apicall.RuleProps{Services: []string{"signin"}, EventNames: []string{"ConsoleLogin"},
			DetailTypes: signIn, Targets: alert, Extra: map[string]any{"detail": map[string]any{
				"additionalEventData": map[string]any{"MFAUsed": []any{"No"}},
				"responseElements":    map[string]any{"ConsoleLogin": []any{"Success"}},
			}}})
	}
	if cfg.Alerts.RootAccessKey {
		addRule(stack, "RootAccessKeyAlert", "RootAccessKeyAlert", apicall.RuleProps{Services: []string{"iam"}, EventNames: []string{"CreateAccessKey"},
			UserIdentityTypes: []string{"Root"}, Targets: alert})
	}
	if cfg.Alerts.DeleteDBInstance {
		addRule(stack, "DeleteDBInstanceAlert", "DeleteDBInstanceAlert", apicall.RuleProps{Services: []string{"rds"}, EventNames: []string{"DeleteDBInstance"}, Targets: alert})
	}
	return s
}

type wildcard struct{ finding, reason string }

type subRule struct {
	id    string
	props apicall.RuleProps
}

// responderDef describes one built-in responder: its function, what it
// watches, and exactly what it may do (the actions each logic package
// exports as Actions; tests/responders_test.go keeps the two equal).
type responderDef struct {
	id, description, pkg string
	mode                 string
	service              string
	events, prefixes     []string
	env                  map[string]string
	buffered             bool
	alwaysAlert          bool
	grants               func(stack awscdk.Stack) []awsiam.PolicyStatement
	// wildcards explain each wildcard resource of the grants to cdk-nag:
	// a regex of the finding and why nothing narrower is possible.
	wildcards []wildcard
	extra     func(scope constructs.Construct, fn golambda.Function)
	rules     func(base apicall.RuleProps) []subRule
	// member is true for responders that act in the account where the call
	// happened: in organization mode each member account gets a role for it.
	member bool
}

// ResponderRoleName is the execution role name of responder id in
// organization mode (member roles trust it by name).
func ResponderRoleName(cfg *config.Config, id string) string {
	return FitIAMName(cfg.StackPrefix, "-"+id+"-responder", MaxIAMRoleNameLength)
}

// MemberRoleName is the role responder id assumes in member accounts.
func MemberRoleName(cfg *config.Config, id string) string {
	return FitIAMName(cfg.StackPrefix, "-"+id+"-member", MaxIAMRoleNameLength)
}

func allow(resources []*string, actions ...string) awsiam.PolicyStatement {
	return awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings(actions...), Resources: &resources})
}

func arn(stack awscdk.Stack, service, region, resource string) *string {
	return jsii.String("arn:" + *stack.Partition() + ":" + service + ":" + region + ":" + *stack.Account() + ":" + resource)
}

func responderDefs(cfg *config.Config) []responderDef {
	r := cfg.Responders
	protected := append([]string{}, r.TrailGuard.ProtectedTrails...)
	if cfg.Trail.Enabled {
		protected = append([]string{cfg.Trail.Name}, protected...)
	}
	var ports []string
	for _, p := range r.OpenSecurityGroup.AdminPorts {
		ports = append(ports, strconv.Itoa(p))
	}
	auditByService := map[string][]string{}
	for _, e := range r.AuditReport.Events {
		svc, name, _ := strings.Cut(e, ":")
		auditByService[svc] = append(auditByService[svc], name)
	}
	return []responderDef{{
		member: true,
		id:     "PublicBucket", description: "restores S3 Block Public Access", pkg: "./lambda/responders/publicbucket/bootstrap", mode: r.PublicBucket.Mode,
		service: "s3", events: []string{"PutBucketPolicy", "PutBucketAcl", "DeleteBucketPublicAccessBlock", "PutBucketPublicAccessBlock"},
		alwaysAlert: true,
		wildcards:   []wildcard{{`/^Resource::arn:[^:]+:s3:::\*$/`, "Any bucket of the account can be made public, so the bucket-level Block Public Access actions name every bucket; no object or other action is granted."}},
		grants: func(stack awscdk.Stack) []awsiam.PolicyStatement {
			// Any bucket can be made public: the bucket-level actions name every bucket.
			buckets := []*string{jsii.String("arn:" + *stack.Partition() + ":s3:::*")}
			return []awsiam.PolicyStatement{allow(buckets, "s3:GetBucketTagging", "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock")}
		},
	}, {
		member: true,
		id:     "MFAGroup", description: "holds new IAM users in the MFA-required group", pkg: "./lambda/responders/mfagroup/bootstrap", mode: r.MFAGroup.Mode,
		service: "iam", events: []string{"CreateUser"}, alwaysAlert: true,
		env:       map[string]string{"TRAILBRIDGE_MFA_GROUP": r.MFAGroup.GroupName},
		wildcards: []wildcard{{`/^Resource::arn:[^:]+:iam::[^:]+:user\/\*$/`, "The responder reads the tags, MFA devices and groups of whichever user was just created; it may add users only to its own group."}},
		grants: func(stack awscdk.Stack) []awsiam.PolicyStatement {
			users := []*string{arn(stack, "iam", "", "user/*")}
			group := []*string{arn(stack, "iam", "", "group/"+r.MFAGroup.GroupName)}
			return []awsiam.PolicyStatement{
				allow(users, "iam:ListUserTags", "iam:ListMFADevices", "iam:ListGroupsForUser"),
				allow(group, "iam:AddUserToGroup"),
			}
		},
		extra: func(scope constructs.Construct, _ golambda.Function) { newMFAGroup(scope, r.MFAGroup.GroupName) },
	}, {
		member: true,
		id:     "OwnerTags", description: "tags new resources with their creator", pkg: "./lambda/responders/ownertags/bootstrap", mode: r.OwnerTags.Mode,
		buffered: true,
		env:      map[string]string{"TRAILBRIDGE_OWNER_TAG_KEY": r.OwnerTags.OwnerTagKey, "TRAILBRIDGE_CREATED_AT_TAG_KEY": r.OwnerTags.CreatedAtTagKey},
		wildcards: []wildcard{
			{`/^Resource::\*$/`, "ec2:DescribeTags supports no resource-level permissions."},
			{`/^Resource::arn:[^:]+:(s3:::\*|ec2:\*:[^:]+:instance\/\*|rds:\*:[^:]+:db:\*|lambda:\*:[^:]+:function:\*)$/`, "New resources can be created in any watched region with any name, so the tag actions name every instance, bucket, DB instance and function of the account; only tag read and write actions are granted."},
		},
		grants: func(stack awscdk.Stack) []awsiam.PolicyStatement {
			return []awsiam.PolicyStatement{
				// ec2:DescribeTags has no resource-level permissions.
				allow([]*string{jsii.String("*")}, "ec2:DescribeTags"),
				allow([]*string{arn(stack, "ec2", "*", "instance/*")}, "ec2:CreateTags"),
				allow([]*string{jsii.String("arn:" + *stack.Partition() + ":s3:::*")}, "s3:GetBucketTagging", "s3:PutBucketTagging"),
				allow([]*string{arn(stack, "rds", "*", "db:*")}, "rds:ListTagsForResource", "rds:AddTagsToResource"),
				allow([]*string{arn(stack, "lambda", "*", "function:*")}, "lambda:ListTags", "lambda:TagResource"),
			}
		},
		rules: func(base apicall.RuleProps) []subRule {
			// One rule per service keeps each pattern exact.
			mk := func(service string, events, prefixes []string) apicall.RuleProps {
				p := base
				p.Services, p.EventNames, p.EventNamePrefixes = []string{service}, events, prefixes
				return p
			}
			return []subRule{
				{"Ec2Rule", mk("ec2", []string{"RunInstances", "StartInstances"}, nil)},
				{"S3Rule", mk("s3", []string{"CreateBucket"}, nil)},
				{"RdsRule", mk("rds", []string{"CreateDBInstance"}, nil)},
				// CreateFunction20150331 and later versions, not CreateFunctionUrlConfig.
				{"LambdaRule", mk("lambda", nil, []string{"CreateFunction2"})},
			}
		},
	}, {
		member: true,
		id:     "TrailGuard", description: "restarts logging of protected trails", pkg: "./lambda/responders/trailguard/bootstrap", mode: r.TrailGuard.Mode,
		service: "cloudtrail", events: []string{"StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"}, alwaysAlert: true,
		env:       map[string]string{"TRAILBRIDGE_PROTECTED_TRAILS": strings.Join(protected, ",")},
		wildcards: []wildcard{{`/^Resource::arn:[^:]+:cloudtrail:\*:[^:]+:trail\/[^*]+$/`, "A trail given by name may live in any region of the account; the grant names each protected trail exactly."}},
		grants: func(stack awscdk.Stack) []awsiam.PolicyStatement {
			var trails []*string
			for _, t := range protected {
				if strings.HasPrefix(t, "arn:") {
					trails = append(trails, jsii.String(t))
				} else if cfg.Trail.Enabled && t == cfg.Trail.Name {
					// The app's own multi-region trail lives in the home region.
					trails = append(trails, arn(stack, "cloudtrail", cfg.HomeRegion, "trail/"+t))
				} else {
					trails = append(trails, arn(stack, "cloudtrail", "*", "trail/"+t))
				}
			}
			return []awsiam.PolicyStatement{allow(trails, "cloudtrail:GetTrailStatus", "cloudtrail:StartLogging")}
		},
	}, {
		member: true,
		id:     "OpenSecurityGroup", description: "revokes admin ports opened to the world", pkg: "./lambda/responders/opensg/bootstrap", mode: r.OpenSecurityGroup.Mode,
		service: "ec2", events: []string{"AuthorizeSecurityGroupIngress"}, alwaysAlert: true,
		env: map[string]string{"TRAILBRIDGE_ADMIN_PORTS": strings.Join(ports, ",")},
		wildcards: []wildcard{
			{`/^Resource::\*$/`, "ec2:DescribeSecurityGroups supports no resource-level permissions."},
			{`/^Resource::arn:[^:]+:ec2:\*:[^:]+:security-group\/\*$/`, "Any security group in any watched region can be opened; only RevokeSecurityGroupIngress is granted on them."},
		},
		grants: func(stack awscdk.Stack) []awsiam.PolicyStatement {
			return []awsiam.PolicyStatement{
				// ec2:DescribeSecurityGroups has no resource-level permissions.
				allow([]*string{jsii.String("*")}, "ec2:DescribeSecurityGroups"),
				allow([]*string{arn(stack, "ec2", "*", "security-group/*")}, "ec2:RevokeSecurityGroupIngress"),
			}
		},
	}, {
		id: "AuditReport", description: "writes reports of sensitive calls", pkg: "./lambda/responders/auditreport/bootstrap", mode: r.AuditReport.Mode,
		env:       map[string]string{"TRAILBRIDGE_AUDIT_PREFIX": "audit"},
		wildcards: []wildcard{{`/^Resource::<AuditReportReports[0-9A-F]+\.Arn>\/audit\/\*$/`, "Reports are named by the event ID they describe; the grant is PutObject under the audit/ prefix of the report bucket only."}},
		grants:    func(awscdk.Stack) []awsiam.PolicyStatement { return nil },
		extra: func(scope constructs.Construct, fn golambda.Function) {
			bucket := newAuditBucket(scope, r.AuditReport.RetentionDays)
			fn.Function().AddEnvironment(jsii.String("TRAILBRIDGE_AUDIT_BUCKET"), bucket.BucketName(), nil)
			fn.AddToRolePolicy(allow([]*string{bucket.ArnForObjects(jsii.String("audit/*"))}, "s3:PutObject"))
			fn.AddToRolePolicy(allow([]*string{delivery.Key(scope).KeyArn()}, "kms:GenerateDataKey"))
		},
		rules: func(base apicall.RuleProps) []subRule {
			services := make([]string, 0, len(auditByService))
			for svc := range auditByService {
				services = append(services, svc)
			}
			sort.Strings(services)
			var out []subRule
			for _, svc := range services {
				p := base
				p.Services, p.EventNames = []string{svc}, auditByService[svc]
				out = append(out, subRule{svc, p})
			}
			return out
		},
	}}
}

// newMFAGroup creates the group whose policy denies everything but MFA
// self-service while the caller has not signed in with MFA (the IAM User
// Guide's "manage own MFA device" policy).
func newMFAGroup(scope constructs.Construct, name string) {
	stack := awscdk.Stack_Of(scope)
	self := "arn:" + *stack.Partition() + ":iam::" + *stack.Account() + ":"
	doc := awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &[]awsiam.PolicyStatement{
		awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:       jsii.String("AllowOwnMFASetup"),
			Actions:   jsii.Strings("iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ResyncMFADevice", "iam:ListMFADevices", "iam:GetUser", "iam:ChangePassword"),
			Resources: jsii.Strings(self+"mfa/${aws:username}", self+"user/${aws:username}"),
		}),
		awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("DenyEverythingElseWithoutMFA"),
			Effect:     awsiam.Effect_DENY,
			NotActions: jsii.Strings("iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ResyncMFADevice", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:GetUser", "iam:ChangePassword", "iam:GetAccountPasswordPolicy", "sts:GetSessionToken"),
			Resources:  jsii.Strings("*"),
			Conditions: &map[string]any{"BoolIfExists": map[string]any{"aws:MultiFactorAuthPresent": "false"}},
		}),
	}})
	group := awsiam.NewGroup(scope, jsii.String("MFARequiredGroup"), &awsiam.GroupProps{GroupName: jsii.String(name)})
	awsiam.NewPolicy(scope, jsii.String("MFARequiredPolicy"), &awsiam.PolicyProps{Document: doc, Groups: &[]awsiam.IGroup{group}})
}

// newAuditBucket creates the report bucket: Object Lock in governance mode
// with a default retention, versioned, encrypted with the delivery key,
// TLS-only, access-logged, retained on stack deletion.
func newAuditBucket(scope constructs.Construct, retentionDays int) awss3.Bucket {
	logs := awss3.NewBucket(scope, jsii.String("ReportsAccessLogs"), &awss3.BucketProps{
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		EnforceSSL:        jsii.Bool(true),
		ObjectOwnership:   awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		Versioned:         jsii.Bool(true),
		RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
		LifecycleRules: &[]*awss3.LifecycleRule{{
			Expiration:                  awscdk.Duration_Days(jsii.Number(365)),
			NoncurrentVersionExpiration: awscdk.Duration_Days(jsii.Number(30)),
		}},
	})
	nag.Suppress(logs, nag.Rule{ID: "AwsSolutions-S1", Reason: "This bucket is the target of the report bucket's server access logs; logging it too would need a third bucket and so on without end."})
	cdkutil.EventBridgeNotifications(logs)
	bucket := awss3.NewBucket(scope, jsii.String("Reports"), &awss3.BucketProps{
		BlockPublicAccess:          awss3.BlockPublicAccess_BLOCK_ALL(),
		Encryption:                 awss3.BucketEncryption_KMS,
		EncryptionKey:              delivery.Key(scope),
		BucketKeyEnabled:           jsii.Bool(true),
		EnforceSSL:                 jsii.Bool(true),
		ObjectOwnership:            awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		Versioned:                  jsii.Bool(true),
		ObjectLockEnabled:          jsii.Bool(true),
		ObjectLockDefaultRetention: awss3.ObjectLockRetention_Governance(awscdk.Duration_Days(jsii.Number(float64(retentionDays)))),
		// Reports stay while locked; afterwards nothing deletes current
		// versions, and replaced versions go once their lock has passed.
		LifecycleRules: &[]*awss3.LifecycleRule{{
			AbortIncompleteMultipartUploadAfter: awscdk.Duration_Days(jsii.Number(7)),
			NoncurrentVersionExpiration:         awscdk.Duration_Days(jsii.Number(float64(retentionDays + 1))),
		}},
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	cdkutil.ServerAccessLogs(bucket, logs, "reports/")
	cdkutil.EventBridgeNotifications(bucket)
	return bucket
}
