package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/internal/config"
)

// newStack is the stack every New*Stack builds on: sp as the caller gave
// it, described by description unless sp has a description of its own.
func newStack(scope constructs.Construct, id string, sp awscdk.StackProps, description string) awscdk.Stack {
	if sp.Description == nil {
		sp.Description = jsii.String(description)
	}
	return awscdk.NewStack(scope, &id, &sp)
}

// configOrDefault is cfg, or DefaultConfig of an empty environment when the
// caller gave none (the stacks' "Default: DefaultConfig").
func configOrDefault(cfg *config.Config) *config.Config {
	if cfg == nil {
		return DefaultConfig(config.Env{})
	}
	return cfg
}
