package stacks

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudformation"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/constructs/forwarding"
	"github.com/trailbridge/trailbridge/constructs/operations"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/contract"
)

// MaxIAMRoleNameLength is IAM's limit on role names (and the one
// FitIAMName keeps the responder and member role names within).
const MaxIAMRoleNameLength = 64

// FitIAMName is prefix+suffix when that has at most limit characters, and
// otherwise the start of prefix, "-", the first 8 hex digits of the SHA-256
// of the whole prefix, then suffix: always at most limit characters when
// suffix leaves room for 10, the same for the same input, and different
// for prefixes that share their start. Names of short prefixes, such as
// the default "Trailbridge", stay as they are.
func FitIAMName(prefix, suffix string, limit int) string {
	if len(prefix)+len(suffix) <= limit {
		return prefix + suffix
	}
	sum := sha256.Sum256([]byte(prefix))
	keep := max(limit-len(suffix)-9, 0)
	return prefix[:min(keep, len(prefix))] + "-" + hex.EncodeToString(sum[:4]) + suffix
}

// MaxTemplateURLSize is CloudFormation's limit on a template it reads from
// S3 (a StackSet's TemplateURL): "max size: 1 MB" in the CreateStackSet and
// AWS::CloudFormation::StackSet references, taken as 1,000,000 bytes to be
// on the safe side of that megabyte.
const MaxTemplateURLSize = 1_000_000

// MaxTemplateResources is CloudFormation's limit on the resources of one
// template (and so of each member account's stack).
const MaxTemplateResources = 500

// OrganizationStackProps configures an OrganizationStack.
type OrganizationStackProps struct {
	awscdk.StackProps
	// Config is the validated app configuration (organization section, home
	// region, account, delivery).
	Config *config.Config
	// Needs are what the home rules need (forwarding.NeedsOf).
	Needs []forwarding.Need
	// OperationsTopic receives the member accounts' alarms, which their
	// forwarders send to the home bus; it must be in the home region and its
	// key must admit events.amazonaws.com (targets.NewAlertTopic's does).
	// Default: nil (member alarms reach the home bus and go no further).
	OperationsTopic awssns.ITopic
}

// OrganizationStack lets member accounts forward to the home bus: a bus
// policy restricted to the organization, and a service-managed StackSet
// that deploys the member forwarder to every account of the configured OUs,
// now and as accounts join.
type OrganizationStack struct {
	awscdk.Stack
	// StackSet deploys the member forwarders ("MemberForwarders").
	StackSet awscloudformation.CfnStackSet
	// BusPolicy admits the organization's accounts to the home bus ("OrganizationBusPolicy").
	BusPolicy awsevents.CfnEventBusPolicy
	// MemberTemplate is the member forwarder template the StackSet deploys.
	MemberTemplate map[string]any
	// MemberTemplateFile is the file of MemberTemplate in the cloud assembly
	// (relative to its directory), published as a file asset whose S3 URL
	// is the StackSet's TemplateURL.
	MemberTemplateFile string
	// AccountWideRegion is the one region of each member account where the
	// StackSet creates the account's IAM resources (IAM names are global
	// to an account): the home region when the StackSet deploys there, else
	// the first of its regions.
	AccountWideRegion string
	// MemberAlarms passes the member accounts' forwarded alarms to
	// OperationsTopic; nil without OperationsTopic. It lives in the stack of
	// OperationsTopic ("MemberAlarms/Rule"), so no reference crosses stacks.
	MemberAlarms awsevents.CfnRule
}

// NewOrganizationStack creates the bus policy and the StackSet. The member
// template is synthesized in-process by the same forwarding construct the
// regional forwarder stacks use, with the home bus of this account as
// target, and published as a file asset of this stack, the StackSet's
// TemplateURL (see publishMemberTemplate). It panics when the member
// template breaks CloudFormation's limits (MaxTemplateURLSize,
// MaxTemplateResources).
func NewOrganizationStack(scope constructs.Construct, id string, props *OrganizationStackProps) *OrganizationStack {
	cfg := props.Config
	o := cfg.Organization
	stack := newStack(scope, id, props.StackProps, "trailbridge: organization-wide forwarding to the home event bus")
	s := &OrganizationStack{Stack: stack}
	busArn := forwarding.BusARN(catalog.Partition(cfg.HomeRegion), cfg.HomeRegion, cfg.Account, "default")

	// Any principal of the organization may put events, and nobody else;
	// events from aws.* sources can only come from EventBridge rules.
	s.BusPolicy = awsevents.NewCfnEventBusPolicy(stack, jsii.String("OrganizationBusPolicy"), &awsevents.CfnEventBusPolicyProps{
		EventBusName: jsii.String("default"),
		StatementId:  jsii.String("TrailbridgeOrganizationForwarders"),
		Statement: map[string]any{
			"Sid":       "TrailbridgeOrganizationForwarders",
			"Effect":    "Allow",
			"Principal": "*",
			"Action":    "events:PutEvents",
			"Resource":  busArn,
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": o.ID}},
		},
	})

	regions := o.Regions
	if len(regions) == 0 {
		regions = cfg.WatchedRegions()
		if !slices.Contains(regions, catalog.HomeRegionGlobal) && !slices.Contains(cfg.ExcludedRegions, catalog.HomeRegionGlobal) {
			regions = append(regions, catalog.HomeRegionGlobal)
		}
	}
	s.AccountWideRegion = regions[0]
	if slices.Contains(regions, cfg.HomeRegion) {
		s.AccountWideRegion = cfg.HomeRegion
	}
	if props.OperationsTopic != nil {
		s.MemberAlarms = memberAlarms(constructs.NewConstruct(awscdk.Stack_Of(props.OperationsTopic), jsii.String("MemberAlarms")), cfg, props.OperationsTopic)
	}

	var err error
	s.MemberTemplate, err = memberTemplate(scope, props.Needs, busArn, s.AccountWideRegion, cfg)
	if err != nil {
		panic(err)
	}
	templateURL, err := s.publishMemberTemplate()
	if err != nil {
		panic(err)
	}
	callAs := "SELF"
	if o.DelegatedAdmin {
		callAs = "DELEGATED_ADMIN"
	}
	s.StackSet = awscloudformation.NewCfnStackSet(stack, jsii.String("MemberForwarders"), &awscloudformation.CfnStackSetProps{
		StackSetName:    jsii.String(cfg.StackPrefix + "-MemberForwarders"),
		Description:     jsii.String("trailbridge: forwards member accounts' CloudTrail events to the security account's bus"),
		PermissionModel: jsii.String("SERVICE_MANAGED"),
		CallAs:          jsii.String(callAs),
		AutoDeployment: &awscloudformation.CfnStackSet_AutoDeploymentProperty{
			Enabled: jsii.Bool(true), RetainStacksOnAccountRemoval: jsii.Bool(false),
		},
		// The member roles have names (their trust and the responders'
		// sts:AssumeRole name them).
		Capabilities:     jsii.Strings("CAPABILITY_NAMED_IAM"),
		ManagedExecution: map[string]any{"Active": true},
		OperationPreferences: &awscloudformation.CfnStackSet_OperationPreferencesProperty{
			FailureTolerancePercentage: jsii.Number(float64(o.FailureTolerancePercentage)),
			MaxConcurrentPercentage:    jsii.Number(float64(o.MaxConcurrentPercentage)),
			RegionConcurrencyType:      jsii.String("PARALLEL"),
		},
		StackInstancesGroup: []any{&awscloudformation.CfnStackSet_StackInstancesProperty{
			DeploymentTargets: &awscloudformation.CfnStackSet_DeploymentTargetsProperty{
				OrganizationalUnitIds: jsii.Strings(o.OrganizationalUnitIDs...),
			},
			Regions: jsii.Strings(regions...),
		}},
		TemplateUrl: templateURL,
	})
	return s
}

// publishMemberTemplate writes MemberTemplate into the cloud assembly and
// adds it to the stack's file assets: the CDK CLI uploads it to the
// bootstrap assets bucket of the stack's account and region, and the
// returned HTTPS URL of that object is the StackSet's TemplateURL (the way
// the CDK deploys nested stacks' templates). Whatever its size, the
// template takes this one path: an inline TemplateBody would stop at
// 51,200 bytes. CloudFormation reads the URL once, as whoever creates or
// updates the StackSet (the CloudFormation execution role of a CDK deploy,
// which may read the assets bucket), and stores the template: member
// accounts never read the bucket, so it needs no policy for them. The asset
// is named by the SHA-256 of the template, so the URL (and the StackSet)
// changes only when the template does.
func (s *OrganizationStack) publishMemberTemplate() (*string, error) {
	body, err := json.Marshal(s.MemberTemplate)
	if err != nil {
		return nil, err
	}
	if err := checkMemberTemplate(s.MemberTemplate, body); err != nil {
		return nil, err
	}
	s.MemberTemplateFile = *s.ArtifactId() + ".MemberForwarders.template.json"
	if err := os.WriteFile(filepath.Join(*awscdk.Stage_Of(s.Stack).Outdir(), s.MemberTemplateFile), body, 0o644); err != nil {
		return nil, fmt.Errorf("trailbridge: writing the member forwarder template into the cloud assembly: %w", err)
	}
	sum := sha256.Sum256(body)
	loc := s.Synthesizer().AddFileAsset(&awscdk.FileAssetSource{
		FileName:    jsii.String(s.MemberTemplateFile),
		Packaging:   awscdk.FileAssetPackaging_FILE,
		SourceHash:  jsii.String(hex.EncodeToString(sum[:])),
		DisplayName: jsii.String(*s.StackName() + " member forwarder template"),
	})
	return loc.HttpUrl, nil
}

// checkMemberTemplate reports every CloudFormation limit the member
// template (and body, its JSON) breaks: CloudFormation would refuse it when
// the StackSet is created or updated, long after synth.
func checkMemberTemplate(template map[string]any, body []byte) error {
	var errs []error
	if len(body) > MaxTemplateURLSize {
		errs = append(errs, fmt.Errorf("trailbridge: the member forwarder template (organization mode) is %d bytes; allowed: at most %d, CloudFormation's limit on a StackSet template read from S3: forward fewer events (fewer services, responders or detections, or detections that share services and conditions)", len(body), MaxTemplateURLSize))
	}
	if res, _ := template["Resources"].(map[string]any); len(res) > MaxTemplateResources {
		errs = append(errs, fmt.Errorf("trailbridge: the member forwarder template (organization mode) has %d resources; allowed: at most %d, CloudFormation's limit per stack: forward fewer events (fewer services, responders or detections, or detections that share services and conditions)", len(res), MaxTemplateResources))
	}
	return errors.Join(errs...)
}

// memberTemplate synthesizes the member template in a separate app with the
// same context and returns it: the forwarder (every need, sent to the home
// bus) and the member roles of the responders.
func memberTemplate(scope constructs.Construct, needs []forwarding.Need, busArn, accountWideRegion string, cfg *config.Config) (map[string]any, error) {
	dir, err := os.MkdirTemp("", "trailbridge-member")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	ctx, _ := scope.Node().GetAllContext(nil).(map[string]any)
	// A StackSet, not the CDK, deploys the template: no construct-path
	// metadata or version reporting in it (smaller, and the same bytes for
	// the same needs, so its asset hash is stable).
	ctx["aws:cdk:enable-path-metadata"] = false
	ctx["aws:cdk:version-reporting"] = false
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir), Context: &ctx})
	member := awscdk.NewStack(app, jsii.String("Member"), &awscdk.StackProps{
		// No bootstrap resources in member accounts: the template has no assets.
		Synthesizer: awscdk.NewBootstraplessSynthesizer(nil),
	})
	attempts := cfg.Delivery.RetryAttempts
	forwarding.NewForwarder(member, "Forwarder", &forwarding.ForwarderProps{
		Needs: needs, HomeBusARN: busArn,
		MaxEventAgeSeconds: cfg.Delivery.MaxEventAgeSeconds, RetryAttempts: &attempts,
		// No one reads a topic in a member account: the alarms go home.
		ForwardAlarms: true,
	})
	// IAM names are global to an account and the StackSet deploys this
	// template to every region: the named roles and the MFA group exist
	// only in the stack of one region.
	accountWide := awscdk.NewCfnCondition(member, jsii.String("AccountWideRegion"), &awscdk.CfnConditionProps{
		Expression: awscdk.Fn_ConditionEquals(awscdk.Aws_REGION(), jsii.String(accountWideRegion)),
	})
	// A role per responder that acts where the call happened, trusted only by
	// that responder's role in the security account, allowed exactly what
	// the responder does.
	for _, e := range Responders {
		d := e.Define(cfg)
		if !d.Member || d.Mode == string(contract.ModeOff) || d.Mode == string(contract.ModeAlert) {
			continue
		}
		scope := constructs.NewConstruct(member, jsii.String(d.ID))
		role := awsiam.NewRole(scope, jsii.String("MemberRole"), &awsiam.RoleProps{
			RoleName:    jsii.String(MemberRoleName(cfg, d.ID)),
			Description: jsii.String("trailbridge: lets the " + d.ID + " responder of the security account act in this account"),
			AssumedBy: awsiam.NewArnPrincipal(jsii.String(
				"arn:" + catalog.Partition(cfg.HomeRegion) + ":iam::" + cfg.Account + ":role/" + ResponderRoleName(cfg, d.ID))),
		})
		for _, g := range d.Grants {
			role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions: jsii.Strings(g.Actions...), Resources: jsii.Strings(g.Resolve(*member.Partition(), *member.Account())...)}))
		}
		if d.MemberExtra != nil {
			d.MemberExtra(scope)
		}
		for _, c := range *scope.Node().FindAll(constructs.ConstructOrder_PREORDER) {
			if r, ok := c.(awscdk.CfnResource); ok && *awscdk.CfnResource_IsCfnResource(c) {
				r.CfnOptions().SetCondition(accountWide)
			}
		}
	}
	for k, v := range cfg.Tags {
		awscdk.Tags_Of(app).Add(jsii.String(k), jsii.String(v), nil)
	}
	app.Synth(nil)
	b, err := os.ReadFile(filepath.Join(dir, "Member.template.json"))
	if err != nil {
		return nil, err
	}
	var t map[string]any
	return t, json.Unmarshal(b, &t)
}

// memberAlarms creates, in scope, the home rule that passes the alarm state
// changes member forwarders send to the home bus to topic, with a readable
// message. Children: Rule, DeadLetterQueue, Monitor.
func memberAlarms(scope constructs.Construct, cfg *config.Config, topic awssns.ITopic) awsevents.CfnRule {
	dlq := delivery.NewDeadLetterQueue(scope, "DeadLetterQueue", nil)
	monitor := operations.NewMonitor(scope, "Monitor", &operations.MonitorProps{Topic: topic, WithoutDashboard: true})
	monitor.WatchQueue("DeadLetterQueue", dlq)
	attempts := cfg.Delivery.RetryAttempts
	rule := awsevents.NewCfnRule(scope, jsii.String("Rule"), &awsevents.CfnRuleProps{
		Description:  jsii.String("trailbridge: passes the alarms of member accounts' forwarders to the operations topic"),
		EventPattern: forwarding.ForwardedAlarmPattern(cfg.Account),
		State:        jsii.String("ENABLED"),
		Targets: []any{&awsevents.CfnRule_TargetProperty{
			Id: jsii.String("Operations"), Arn: topic.TopicArn(),
			InputTransformer: &awsevents.CfnRule_InputTransformerProperty{
				InputPathsMap: map[string]*string{
					"account": jsii.String("$.account"), "region": jsii.String("$.region"),
					"alarm": jsii.String("$.detail.alarmName"), "state": jsii.String("$.detail.state.value"),
					"reason": jsii.String("$.detail.state.reason"),
				},
				InputTemplate: jsii.String(`"trailbridge member account <account>, <region>: alarm <alarm> is <state>: <reason>"`),
			},
			DeadLetterConfig: &awsevents.CfnRule_DeadLetterConfigProperty{Arn: dlq.QueueArn()},
			RetryPolicy: &awsevents.CfnRule_RetryPolicyProperty{
				MaximumEventAgeInSeconds: jsii.Number(float64(cfg.Delivery.MaxEventAgeSeconds)), MaximumRetryAttempts: jsii.Number(float64(attempts)),
			},
		}},
	})
	delivery.AllowRule(dlq, rule.AttrArn())
	topic.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), nil)},
		Actions:    jsii.Strings("sns:Publish"),
		Resources:  &[]*string{topic.TopicArn()},
		Conditions: &map[string]any{"ArnEquals": map[string]any{"aws:SourceArn": rule.AttrArn()}},
	}))
	return rule
}
