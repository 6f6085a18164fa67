// Package gates checks synthesized CloudFormation templates for the security
// and reliability properties trailbridge promises: least-privilege policies,
// resource policies pinned to their caller, KMS keys only the account
// administers, and a delivery path where every failure lands somewhere
// encrypted that someone is alarmed about.
//
// It is plain Go over the template JSON as encoding/json decodes it
// (map[string]any), with no CDK dependency, so it runs on any template:
// a test's synthesized stack, a file in cdk.out, or a hand-written fixture.
//
//	findings := gates.Check(template)
//
// Every gate is also exported on its own (ActionWildcards, SourceConditions,
// ...) so a test can target one.
package gates

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
)

// Gate names, the Finding.Gate values.
const (
	GateActionWildcard   = "action-wildcard"
	GateResourceWildcard = "resource-wildcard"
	GateSourceCondition  = "source-condition"
	GateKeyAdmin         = "kms-key-admin"
	GateTargetDLQ        = "target-dlq"
	GateTargetRetry      = "target-retry"
	GateDLQAlarm         = "dlq-alarm"
	GateEncryption       = "cmk-encryption"
	GateKeyPolicyService = "key-policy-service"
	GateLogRetention     = "log-retention"
)

// Finding is one problem a gate found.
type Finding struct {
	// Gate is the gate that found it, one of the Gate* constants.
	Gate string `json:"gate"`
	// Resource is the logical ID of the resource at fault.
	Resource string `json:"resource"`
	// Path is the resource's aws:cdk:path metadata ("" when absent): the
	// construct to change.
	Path string `json:"path,omitempty"`
	// Message names the resource, the statement or property, what is wrong
	// and what would fix it.
	Message string `json:"message"`
}

func (f Finding) String() string {
	where := f.Resource
	if f.Path != "" {
		where += " (" + f.Path + ")"
	}
	return fmt.Sprintf("[%s] %s: %s", f.Gate, where, f.Message)
}

// Gate is one check over a template.
type Gate struct {
	// Name is the Finding.Gate value the gate reports under.
	Name string
	// Doc says in one line what the gate checks.
	Doc string
	// Run returns the gate's findings, ordered by resource.
	Run func(template map[string]any) []Finding
}

// All returns every gate, in the order Check runs them.
func All() []Gate {
	return []Gate{
		{GateActionWildcard, "Allow statements grant no Action \"*\", no service-wide \"svc:*\", no NotAction, no *FullAccess/Administrator managed policy", ActionWildcards},
		{GateResourceWildcard, "identity-policy Allow statements use Resource \"*\" only for actions in ResourceStarActions", ResourceWildcards},
		{GateSourceCondition, "resource policies that admit a service principal or \"*\" pin the caller with aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID", SourceConditions},
		{GateKeyAdmin, "KMS key policies grant kms:* only to the account root", KeyAdmins},
		{GateTargetDLQ, "every EventBridge rule target has a dead-letter queue", TargetDLQs},
		{GateTargetRetry, "every EventBridge rule target has a retry policy", TargetRetries},
		{GateDLQAlarm, "every SQS queue used as a dead-letter queue has a CloudWatch alarm", DLQAlarms},
		{GateEncryption, "every SQS queue and SNS topic is encrypted with a customer-managed KMS key", Encryption},
		{GateKeyPolicyService, "the key of an encrypted queue or topic admits the services that write to it", KeyPolicyServices},
		{GateLogRetention, "every Lambda function has a log group with a retention period", LogRetention},
	}
}

// Check runs every gate over a CloudFormation template (as decoded by
// encoding/json) and returns all findings, ordered by resource, then gate.
// No findings means the template passes.
func Check(template map[string]any) []Finding {
	var out []Finding
	for _, g := range All() {
		out = append(out, g.Run(template)...)
	}
	// A StackSet's template deploys too: every gate runs on it, its
	// findings named "<StackSet ID>/<resource>".
	for id, nested := range NestedTemplates(template) {
		for _, f := range Check(nested) {
			f.Resource = id + "/" + f.Resource
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Resource, b.Resource), cmp.Compare(a.Gate, b.Gate))
	})
	return out
}

// tmpl indexes a template's resources.
type tmpl struct {
	res map[string]map[string]any
	ids []string // sorted logical IDs
}

func parse(template map[string]any) *tmpl {
	t := &tmpl{res: map[string]map[string]any{}}
	resources, _ := template["Resources"].(map[string]any)
	for id, r := range resources {
		if m, ok := r.(map[string]any); ok {
			t.res[id] = m
			t.ids = append(t.ids, id)
		}
	}
	slices.Sort(t.ids)
	return t
}

// typ is the resource's Type ("" when id is not a resource of the template).
func (t *tmpl) typ(id string) string {
	s, _ := t.res[id]["Type"].(string)
	return s
}

func (t *tmpl) props(id string) map[string]any {
	p, _ := t.res[id]["Properties"].(map[string]any)
	if p == nil {
		p = map[string]any{}
	}
	return p
}

func (t *tmpl) path(id string) string {
	md, _ := t.res[id]["Metadata"].(map[string]any)
	s, _ := md["aws:cdk:path"].(string)
	return s
}

// ofType lists the logical IDs of resources of the given types, sorted.
func (t *tmpl) ofType(types ...string) []string {
	var out []string
	for _, id := range t.ids {
		if slices.Contains(types, t.typ(id)) {
			out = append(out, id)
		}
	}
	return out
}

// finding builds a Finding whose message starts with the resource's logical
// ID and type.
func (t *tmpl) finding(gate, id, format string, args ...any) Finding {
	return Finding{
		Gate:     gate,
		Resource: id,
		Path:     t.path(id),
		Message:  fmt.Sprintf("%s (%s) ", id, t.typ(id)) + fmt.Sprintf(format, args...),
	}
}

// NestedTemplates returns the templates a template deploys inline: the
// TemplateBody of each AWS::CloudFormation::StackSet, by logical ID. A body
// that is not a JSON object (a token, YAML) is left out.
func NestedTemplates(template map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	t := parse(template)
	for _, id := range t.ofType("AWS::CloudFormation::StackSet") {
		body, _ := t.props(id)["TemplateBody"].(string)
		var nested map[string]any
		if json.Unmarshal([]byte(body), &nested) == nil && nested != nil {
			out[id] = nested
		}
	}
	return out
}
