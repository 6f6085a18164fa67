package stacks

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/forwarding"
	"github.com/trailbridge/trailbridge/internal/config"
)

// AppStacks are the stacks App created; a field is nil when the
// configuration turns that stack off.
type AppStacks struct {
	// AuditTrail is "<prefix>-AuditTrail" in the home region.
	AuditTrail *AuditTrailStack
	// Response is "<prefix>-Response" in the home region.
	Response *ResponseStack
	// Forwarders are "<prefix>-Forwarder-<region>", by region.
	Forwarders map[string]*ForwarderStack
	// Organization is "<prefix>-Organization" in the home region, in organization mode.
	Organization *OrganizationStack
	// Archive is the event archive in the Response stack (nil when
	// health.archive.retentionDays is 0).
	Archive *Archive
	// Detections are "<prefix>-Detections", "<prefix>-Detections-2", ...
	// in the home region (ShardDetections), in shard order; none when no
	// detection is on.
	Detections []*DetectionStack
	// Heartbeat is "<prefix>-Heartbeat" in the home region, unless
	// health.heartbeat is off.
	Heartbeat *HeartbeatStack
}

// AppNeeds is what the home rules need forwarded: the Response stack's
// rules and every detection cfg turns on.
func AppNeeds(cfg *config.Config, rules []apicall.Rule) []forwarding.Need {
	needs := forwarding.NeedsOf(rules...)
	for _, d := range cfg.DetectionList() {
		spec, err := d.Spec()
		if err != nil {
			panic(err) // config.Load checked every detection
		}
		needs = append(needs, forwarding.NeedOfSpec(spec, d.ReadOnly()))
	}
	return forwarding.MergeNeeds(needs...)
}

// HomeEnv is the environment of the home-region stacks.
func HomeEnv(cfg *config.Config) *awscdk.Environment {
	env := &awscdk.Environment{Region: jsii.String(cfg.HomeRegion)}
	if cfg.Account != "" {
		env.Account = jsii.String(cfg.Account)
	}
	return env
}

// App creates every stack that cfg asks for in app, and tags them. cfg must
// come from LoadConfig (config.Load with the registered sections and the
// Validate check), so that every problem was reported before any stack (or
// asset) is created.
func App(app awscdk.App, cfg *config.Config) *AppStacks {
	out := &AppStacks{}
	if cfg.Trail.Enabled {
		id := cfg.StackPrefix + "-AuditTrail"
		out.AuditTrail = NewAuditTrailStack(app, id, &AuditTrailStackProps{
			StackProps:         awscdk.StackProps{Env: HomeEnv(cfg), StackName: jsii.String(id)},
			Trail:              TrailProps(&cfg.Trail),
			ExistingBucketName: cfg.Trail.ExistingBucketName,
			ExistingKeyARN:     cfg.Trail.ExistingKeyARN,
		})
	}
	out.Response = NewResponseStack(app, cfg.StackPrefix+"-Response", &ResponseStackProps{
		StackProps: awscdk.StackProps{Env: HomeEnv(cfg), StackName: jsii.String(cfg.StackPrefix + "-Response")},
		Config:     cfg,
	})
	out.Archive = out.Response.AddArchive(cfg)
	detections := cfg.DetectionList()
	shards, err := ShardDetections(detections)
	if err != nil {
		panic(err) // Validate reported it already
	}
	for i, shard := range shards {
		if len(shard) == 0 {
			continue
		}
		name := DetectionStackName(cfg, i+1)
		ds := NewDetectionStack(app, name, &DetectionStackProps{
			StackProps: awscdk.StackProps{Env: HomeEnv(cfg), StackName: jsii.String(name)},
			Config:     cfg, Shard: i + 1, Detections: shard, Sinks: out.Response.DetectionSinks,
		})
		out.Detections = append(out.Detections, ds)
	}
	if n := len(detections) + len(out.Response.Rules); n > DefaultRulesPerBus && len(out.Detections) > 0 {
		awscdk.Annotations_Of(out.Detections[0].Stack).AddWarningV2(jsii.String("trailbridge:rules-per-bus"), jsii.String(fmt.Sprintf(
			"the app puts %d rules on the default event bus of %s; EventBridge's default quota is %d rules per bus: raise it (Service Quotas, Amazon EventBridge, \"Rules per event bus\") before deploying", n, cfg.HomeRegion, DefaultRulesPerBus)))
	}
	needs := AppNeeds(cfg, out.Response.Rules)
	plan, err := PlanForwarding(cfg, needs)
	if err != nil {
		panic(err)
	}
	AddHeartbeatNeeds(cfg, plan)
	if _, ok := plan[catalog.HomeRegionGlobal]; ok {
		// The us-east-1 forwarder brings the global services' events home.
		for _, r := range out.Response.Rules {
			awscdk.Annotations_Of(r).AcknowledgeWarning(jsii.String("trailbridge:global-service-region"),
				jsii.String("forwarded from us-east-1 by "+cfg.StackPrefix+"-Forwarder-us-east-1"))
		}
	}
	out.Forwarders = map[string]*ForwarderStack{}
	attempts := cfg.Delivery.RetryAttempts
	for _, region := range plan.Regions() {
		id := cfg.StackPrefix + "-Forwarder-" + region
		env := &awscdk.Environment{Region: jsii.String(region)}
		if cfg.Account != "" {
			env.Account = jsii.String(cfg.Account)
		}
		out.Forwarders[region] = NewForwarderStack(app, id, &ForwarderStackProps{
			StackProps:       awscdk.StackProps{Env: env, StackName: jsii.String(id)},
			OperationsEmails: cfg.Operations.Emails,
			Heartbeat:        HeartbeatSenderPropsOf(cfg, region),
			Forwarder: forwarding.ForwarderProps{
				Needs: plan[region], HomeBusARN: plan.HomeBusARN(cfg, *awscdk.Aws_ACCOUNT_ID()),
				MaxEventAgeSeconds: cfg.Delivery.MaxEventAgeSeconds, RetryAttempts: &attempts,
			},
		})
	}
	if cfg.Health.Heartbeat.Enabled {
		id := cfg.StackPrefix + "-Heartbeat"
		out.Heartbeat = NewHeartbeatStack(app, id, &HeartbeatStackProps{
			StackProps: awscdk.StackProps{Env: HomeEnv(cfg), StackName: jsii.String(id)},
			Config:     cfg, OperationsTopic: out.Response.Operations.Topic(),
		})
	}
	if cfg.Organization.Enabled {
		out.Organization = NewOrganizationStack(app, cfg.StackPrefix+"-Organization", &OrganizationStackProps{
			StackProps:      awscdk.StackProps{Env: HomeEnv(cfg), StackName: jsii.String(cfg.StackPrefix + "-Organization")},
			Config:          cfg,
			Needs:           needs,
			OperationsTopic: out.Response.Operations.Topic(),
		})
		// Member roles trust the responders' roles, which must exist first.
		out.Organization.AddStackDependency(out.Response.Stack, jsii.String("member roles trust the responder roles"))
	}
	for k, v := range cfg.Tags {
		awscdk.Tags_Of(app).Add(jsii.String(k), jsii.String(v), nil)
	}
	return out
}
