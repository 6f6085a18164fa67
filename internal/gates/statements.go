package gates

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/trailbridge/trailbridge/internal/glob"
)

// policyKind says what a statement's policy is attached to.
type policyKind int

const (
	identityPolicy policyKind = iota // IAM policy of a role, user or group
	trustPolicy                      // a role's AssumeRolePolicyDocument
	resourcePolicy                   // a queue, topic, bucket, bus or function policy
	keyPolicy                        // a KMS key policy
)

// stmt is one policy statement of a template, with where it came from.
type stmt struct {
	res  string // logical ID of the resource holding it
	kind policyKind
	// where locates the statement inside the resource, e.g.
	// `PolicyDocument Statement[1] (Sid "X")`.
	where string
	raw   map[string]any
	// lambdaPermission is set for the pseudo-statement built from an
	// AWS::Lambda::Permission's properties.
	lambdaPermission bool
}

var identityDocTypes = map[string]bool{
	"AWS::IAM::Policy":        true,
	"AWS::IAM::ManagedPolicy": true,
	"AWS::IAM::RolePolicy":    true,
	"AWS::IAM::UserPolicy":    true,
	"AWS::IAM::GroupPolicy":   true,
}

var resourceDocTypes = map[string]bool{
	"AWS::SQS::QueuePolicy":       true,
	"AWS::SQS::QueueInlinePolicy": true,
	"AWS::SNS::TopicPolicy":       true,
	"AWS::SNS::TopicInlinePolicy": true,
	"AWS::S3::BucketPolicy":       true,
}

// statements lists every policy statement in the template, resources in
// logical-ID order, statements in document order.
func (t *tmpl) statements() []stmt {
	var out []stmt
	for _, id := range t.ids {
		p := t.props(id)
		switch typ := t.typ(id); {
		case identityDocTypes[typ]:
			out = append(out, docStatements(id, identityPolicy, "PolicyDocument", p["PolicyDocument"])...)
		case typ == "AWS::IAM::Role" || typ == "AWS::IAM::User" || typ == "AWS::IAM::Group":
			if typ == "AWS::IAM::Role" {
				out = append(out, docStatements(id, trustPolicy, "AssumeRolePolicyDocument", p["AssumeRolePolicyDocument"])...)
			}
			for i, pol := range list(p["Policies"]) {
				pm, _ := pol.(map[string]any)
				name, _ := render(pm["PolicyName"])
				out = append(out, docStatements(id, identityPolicy, fmt.Sprintf("Policies[%d] (%q) PolicyDocument", i, name), pm["PolicyDocument"])...)
			}
		case resourceDocTypes[typ]:
			out = append(out, docStatements(id, resourcePolicy, "PolicyDocument", p["PolicyDocument"])...)
		case typ == "AWS::KMS::Key":
			out = append(out, docStatements(id, keyPolicy, "KeyPolicy", p["KeyPolicy"])...)
		case typ == "AWS::Events::EventBus":
			if p["Policy"] != nil {
				out = append(out, docStatements(id, resourcePolicy, "Policy", p["Policy"])...)
			}
		case typ == "AWS::Events::EventBusPolicy":
			if s := object(p["Statement"]); s != nil {
				out = append(out, stmt{res: id, kind: resourcePolicy, where: "Statement" + sidLabel(s), raw: s})
			} else if p["Principal"] != nil {
				// Legacy form: Action, Principal and a single {Type, Key, Value} condition.
				s := map[string]any{"Effect": "Allow", "Action": p["Action"], "Principal": p["Principal"]}
				if c := object(p["Condition"]); c != nil {
					if key, ok := c["Key"].(string); ok {
						s["Condition"] = map[string]any{"StringEquals": map[string]any{key: c["Value"]}}
					}
				}
				out = append(out, stmt{res: id, kind: resourcePolicy, where: "Principal/Condition properties", raw: s})
			}
		case typ == "AWS::Lambda::Permission":
			out = append(out, stmt{res: id, kind: resourcePolicy, where: "permission", raw: lambdaPermissionStatement(p), lambdaPermission: true})
		}
	}
	return out
}

// docStatements lists the statements of a policy document (a map or its
// JSON text; Statement may be one statement or a list).
func docStatements(id string, kind policyKind, where string, doc any) []stmt {
	d := object(doc)
	if d == nil {
		return nil
	}
	var out []stmt
	for i, s := range list(d["Statement"]) {
		sm := object(s)
		if sm == nil {
			continue
		}
		out = append(out, stmt{res: id, kind: kind, where: fmt.Sprintf("%s Statement[%d]%s", where, i, sidLabel(sm)), raw: sm})
	}
	return out
}

func sidLabel(s map[string]any) string {
	if sid, ok := s["Sid"].(string); ok && sid != "" {
		return fmt.Sprintf(" (Sid %q)", sid)
	}
	return ""
}

// lambdaPermissionStatement turns an AWS::Lambda::Permission into the policy
// statement Lambda adds to the function's resource policy.
func lambdaPermissionStatement(p map[string]any) map[string]any {
	s := map[string]any{"Effect": "Allow", "Action": p["Action"]}
	principal, _ := render(p["Principal"])
	switch {
	case principal == "*":
		s["Principal"] = "*"
	case strings.HasSuffix(principal, ".amazonaws.com") || strings.HasSuffix(principal, ".amazonaws.com.cn"):
		s["Principal"] = map[string]any{"Service": p["Principal"]}
	default:
		s["Principal"] = map[string]any{"AWS": p["Principal"]}
	}
	cond := map[string]any{}
	if v := p["SourceArn"]; v != nil {
		cond["ArnLike"] = map[string]any{"aws:SourceArn": v}
	}
	eq := map[string]any{}
	if v := p["SourceAccount"]; v != nil {
		eq["aws:SourceAccount"] = v
	}
	if v := p["PrincipalOrgID"]; v != nil {
		eq["aws:PrincipalOrgID"] = v
	}
	if len(eq) > 0 {
		cond["StringEquals"] = eq
	}
	if len(cond) > 0 {
		s["Condition"] = cond
	}
	return s
}

func (s stmt) allow() bool {
	e, _ := s.raw["Effect"].(string)
	return strings.EqualFold(e, "Allow")
}

// actions returns the statement's Action values (rendered).
func (s stmt) actions() []string { return strs(s.raw["Action"]) }

// resources returns the statement's Resource values (rendered; "*" only
// when literally "*").
func (s stmt) resources() []string {
	var out []string
	for _, r := range list(s.raw["Resource"]) {
		if str, ok := r.(string); ok {
			out = append(out, str)
		} else {
			rendered, _ := render(r)
			if rendered == "*" { // never let an intrinsic count as "*"
				rendered = "${*}"
			}
			out = append(out, rendered)
		}
	}
	return out
}

// principal is one entry of a statement's Principal.
type principal struct {
	kind  string // "*", "AWS", "Service", "Federated", "CanonicalUser"
	value string
}

func (p principal) String() string {
	if p.kind == "*" {
		return `"*"`
	}
	return fmt.Sprintf("%s %q", p.kind, p.value)
}

func (s stmt) principals() []principal {
	switch x := s.raw["Principal"].(type) {
	case string:
		if x == "*" {
			return []principal{{kind: "*", value: "*"}}
		}
		return []principal{{kind: "AWS", value: x}}
	case map[string]any:
		var out []principal
		for _, kind := range []string{"AWS", "Service", "Federated", "CanonicalUser"} {
			for _, v := range strs(x[kind]) {
				if kind == "AWS" && v == "*" {
					out = append(out, principal{kind: "*", value: "*"})
				} else {
					out = append(out, principal{kind: kind, value: v})
				}
			}
		}
		return out
	}
	return nil
}

var rootArn = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*|\$\{AWS::Partition\}):iam::(\d{12}|\$\{AWS::AccountId\}):root$`)

var accountID = regexp.MustCompile(`^(\d{12}|\$\{AWS::AccountId\})$`)

// isAccountRoot reports whether p is an account's root principal: its ARN
// (possibly built from Ref AWS::Partition and Ref AWS::AccountId) or its bare
// account ID.
func (p principal) isAccountRoot() bool {
	if p.kind != "AWS" {
		return false
	}
	return rootArn.MatchString(p.value) || accountID.MatchString(p.value)
}

// grants reports whether the statement's actions cover action (IAM wildcard
// matching), e.g. "kms:GenerateDataKey*" covers "kms:GenerateDataKey".
func (s stmt) grants(action string) bool {
	for _, a := range s.actions() {
		if glob.MatchFold(a, action) {
			return true
		}
	}
	return false
}
