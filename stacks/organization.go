package stacks

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudformation"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/constructs/forwarding"
	"github.com/trailbridge/trailbridge/internal/config"
)

// MaxTemplateBody is CloudFormation's limit on an inline StackSet template.
const MaxTemplateBody = 51200

// OrganizationStackProps configures an OrganizationStack.
type OrganizationStackProps struct {
	awscdk.StackProps
	// Config is the validated app configuration (organization section, home
	// region, account, delivery).
	Config *config.Config
	// Needs are what the home rules need (forwarding.NeedsOf).
	Needs []forwarding.Need
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
}

// NewOrganizationStack creates the bus policy and the StackSet. The member
// template is synthesized in-process by the same forwarding construct the
// regional forwarder stacks use, with the home bus of this account as target.
func NewOrganizationStack(scope constructs.Construct, id string, props *OrganizationStackProps) *OrganizationStack {
	cfg := props.Config
	o := cfg.Organization
	sp := props.StackProps
	if sp.Description == nil {
		sp.Description = jsii.String("trailbridge: organization-wide forwarding to the home event bus")
	}
	stack := awscdk.NewStack(scope, &id, &sp)
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

	var err error
	s.MemberTemplate, err = memberTemplate(scope, props.Needs, busArn, cfg)
	if err != nil {
		panic(err)
	}
	body, _ := json.Marshal(s.MemberTemplate)
	if len(body) > MaxTemplateBody {
		panic(fmt.Sprintf("trailbridge: the member forwarder template is %d bytes; CloudFormation takes at most %d inline: watch fewer services", len(body), MaxTemplateBody))
	}
	regions := o.Regions
	if len(regions) == 0 {
		regions = cfg.WatchedRegions()
		if !slices.Contains(regions, catalog.HomeRegionGlobal) && !slices.Contains(cfg.ExcludedRegions, catalog.HomeRegionGlobal) {
			regions = append(regions, catalog.HomeRegionGlobal)
		}
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
		Capabilities:     jsii.Strings("CAPABILITY_IAM"),
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
		TemplateBody: jsii.String(string(body)),
	})
	return s
}

// memberTemplate synthesizes the member template in a separate app with the
// same context and returns it: the forwarder (every need, sent to the home
// bus) and the member roles of the responders.
func memberTemplate(scope constructs.Construct, needs []forwarding.Need, busArn string, cfg *config.Config) (map[string]any, error) {
	dir, err := os.MkdirTemp("", "trailbridge-member")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	ctx, _ := scope.Node().GetAllContext(nil).(map[string]any)
	// The template travels inline (51,200 bytes at most): no construct-path
	// metadata or version reporting in it.
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
	})
	// A role per responder that acts where the call happened, trusted only by
	// that responder's role in the security account, allowed exactly what
	// the responder does.
	for _, d := range responderDefs(cfg) {
		if !d.member || d.mode == "off" || d.mode == "alert" {
			continue
		}
		scope := constructs.NewConstruct(member, jsii.String(d.id))
		role := awsiam.NewRole(scope, jsii.String("MemberRole"), &awsiam.RoleProps{
			RoleName:    jsii.String(MemberRoleName(cfg, d.id)),
			Description: jsii.String("trailbridge: lets the " + d.id + " responder of the security account act in this account"),
			AssumedBy: awsiam.NewArnPrincipal(jsii.String(
				"arn:" + catalog.Partition(cfg.HomeRegion) + ":iam::" + cfg.Account + ":role/" + ResponderRoleName(cfg, d.id))),
		})
		for _, g := range d.grants(member) {
			role.AddToPrincipalPolicy(g)
		}
		if d.id == "MFAGroup" {
			newMFAGroup(scope, cfg.Responders.MFAGroup.GroupName)
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
