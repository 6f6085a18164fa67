package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/internal/config"
)

// AppStacks are the stacks App created; a field is nil when the
// configuration turns that stack off.
type AppStacks struct {
	// AuditTrail is "<prefix>-AuditTrail" in the home region.
	AuditTrail *AuditTrailStack
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
// come from config.Load (validated).
func App(app awscdk.App, cfg *config.Config) *AppStacks {
	out := &AppStacks{}
	if cfg.Trail.Enabled {
		id := cfg.StackPrefix + "-AuditTrail"
		out.AuditTrail = NewAuditTrailStack(app, id, &AuditTrailStackProps{
			StackProps:         awscdk.StackProps{Env: HomeEnv(cfg), StackName: jsii.String(id)},
			Trail:              cfg.Trail.Props(),
			ExistingBucketName: cfg.Trail.ExistingBucketName,
			ExistingKeyArn:     cfg.Trail.ExistingKeyArn,
		})
	}
	for k, v := range cfg.Tags {
		awscdk.Tags_Of(app).Add(jsii.String(k), jsii.String(v), nil)
	}
	return out
}
