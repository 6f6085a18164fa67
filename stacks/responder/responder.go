// Package responder declares what a built-in responder gives the app: an
// Entry of the registry in stacks/registry.go, made of its configuration
// section and a Definition built from the configuration, both from the
// responder's own folder (lambda/responders/<name>/deploy), which
// config.Load and stacks.NewResponseStack compose.
//
// A Definition is data where it can be (events, grants, environment); only
// resources of the responder's own (an IAM group, a report bucket) need the
// Extra hook.
package responder

import (
	"strings"

	"github.com/aws/constructs-go/constructs/v10"

	"github.com/trailbridge/trailbridge/constructs/golambda"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Entry is one line of the registry (stacks/registry.go): a responder's
// configuration section and its definition, both declared in its folder
// (lambda/responders/<name>/deploy).
type Entry struct {
	// Section is the responder's object under trailbridge.responders: its
	// settings type, defaults and checks (config.NewSection). Errors about
	// the responder name its field.
	// Default: none, required.
	Section config.Section
	// Define returns the responder's definition for a configuration loaded
	// with Section.
	// Default: none, required.
	Define func(cfg *config.Config) Definition
}

// NewEntry returns a responder's Entry: its configuration section, and
// the Definition define builds from its settings (define may read the whole
// configuration too, for app settings such as the trail), completed with
// what the settings and the responder's Facts (its settings package's, the
// same its handler's Kind embeds) already say: Mode (the settings' mode),
// Buffered (facts.Buffered) and ReadEnv (facts.ConfigFromEnv), which define
// leaves unset.
func NewEntry[S config.Moded, C any](section *config.SectionOf[S], facts responderkit.Facts[C], define func(cfg *config.Config, s S) Definition) Entry {
	return Entry{Section: section, Define: func(cfg *config.Config) Definition {
		s := section.Of(cfg)
		d := define(cfg, s)
		d.Mode = s.ResponderMode()
		d.Buffered = facts.Buffered
		d.ReadEnv = Loader(facts.ConfigFromEnv)
		return d
	}}
}

// Placeholders in Grant resources, replaced by the stack's values.
const (
	// Partition is replaced by the stack's partition (aws, aws-cn, ...).
	Partition = "{partition}"
	// Account is replaced by the stack's account.
	Account = "{account}"
)

// Definition describes one built-in responder: what it watches, its
// function, and exactly what it may do.
type Definition struct {
	// ID is the construct ID of the responder's scope, and the name of its
	// alarms and roles (an ID change replaces resources).
	// Default: none, required.
	ID string
	// Description completes "trailbridge responder: " in the function's
	// description.
	// Default: none, required.
	Description string
	// Package is the Lambda main package, relative to the module.
	// Default: none, required.
	Package string
	// Mode is the configured mode (contract.Modes); "off" deploys nothing,
	// "alert" only the rules, which alert.
	// Default: the settings' mode (NewEntry).
	Mode string
	// Rules are the responder's EventBridge rules.
	// Default: none, required.
	Rules []Rule
	// Buffered puts an SQS queue between the rules and the function (the
	// handler reads SQS batches).
	// Default: the Facts' Buffered (NewEntry); false, the rules invoke the
	// function.
	Buffered bool
	// AlwaysAlert adds the alert topic to the rules' targets in every mode;
	// dry-run always alerts.
	// Default: false.
	AlwaysAlert bool
	// Member is true for responders that act in the account where the call
	// happened: in organization mode each member account gets a role for it,
	// and the function gets contract.EnvMemberRoleName.
	// Default: false, home account only.
	Member bool
	// Env are the responder's own environment variables (names from package
	// contract), besides the common ones the stack sets.
	// Default: none.
	Env map[string]string
	// Grants are the IAM statements of the function's role.
	// Default: none.
	Grants []Grant
	// Wildcards explain each wildcard resource of the grants to cdk-nag.
	// Default: none.
	Wildcards []Wildcard
	// Extra creates resources of the responder's own once its function
	// exists (and may add environment variables and grants for them).
	// Default: nil, nothing more.
	Extra func(scope constructs.Construct, fn golambda.Function)
	// MemberExtra creates resources of the responder's own in each member
	// account, next to its member role (organization mode).
	// Default: nil, only the role.
	MemberExtra func(scope constructs.Construct)
	// ReadEnv is the handler's environment loader (its ConfigFromEnv): the
	// contract test runs it on the variables the stack sets to prove the two
	// agree.
	// Default: the Facts' ConfigFromEnv (NewEntry).
	ReadEnv func(getenv func(string) string) error
}

// Rule is one EventBridge rule of a responder.
type Rule struct {
	// ID is the rule's construct ID, and its suffix in alarm names.
	// Default: "" for the responder's only rule, named "Rule" (alarms named
	// by the responder's ID).
	ID string
	// Service is the catalog service name (s3, iam, ec2, ...).
	// Default: none, required.
	Service string
	// Events are the CloudTrail event names matched.
	// Default: none (Prefixes then).
	Events []string
	// Prefixes are event name prefixes matched.
	// Default: none.
	Prefixes []string
}

// Grant is one IAM statement.
type Grant struct {
	// Actions are the IAM actions allowed.
	// Default: none, required.
	Actions []string
	// Resources are ARNs, with Partition and Account placeholders, or
	// "*" where the API has no resource-level permissions.
	// Default: none, required.
	Resources []string
}

// Resolve returns the resources with the placeholders replaced.
func (g Grant) Resolve(partition, account string) []string {
	out := make([]string, len(g.Resources))
	r := strings.NewReplacer(Partition, partition, Account, account)
	for i, res := range g.Resources {
		out[i] = r.Replace(res)
	}
	return out
}

// Wildcard explains a wildcard resource to cdk-nag.
type Wildcard struct {
	// Finding is a regex of the AwsSolutions-IAM5 finding.
	// Default: none, required.
	Finding string
	// Reason says why nothing narrower is possible.
	// Default: none, required.
	Reason string
}

// ARN returns "arn:{partition}:service:region:{account}:resource", a Grant
// resource of the stack's account.
func ARN(service, region, resource string) string {
	return "arn:" + Partition + ":" + service + ":" + region + ":" + Account + ":" + resource
}

// Loader adapts a handler's ConfigFromEnv to Definition.ReadEnv.
func Loader[C any](load func(getenv func(string) string) (C, error)) func(getenv func(string) string) error {
	return func(getenv func(string) string) error {
		_, err := load(getenv)
		return err
	}
}
