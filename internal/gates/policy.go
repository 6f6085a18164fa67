package gates

import (
	"fmt"
	"slices"
	"strings"
)

// ResourceStarActions lists the actions an identity policy may allow on
// Resource "*", each with the reason the API allows nothing narrower (no
// resource type in the Service Authorization Reference). Any other action on
// Resource "*" is a ResourceWildcards finding. Keys are compared
// case-insensitively; an entry without a reason does not count.
var ResourceStarActions = map[string]string{
	"cloudwatch:PutMetricData":           "PutMetricData has no resource type; narrow it with the cloudwatch:namespace condition key instead",
	"xray:PutTraceSegments":              "X-Ray trace upload has no resource type (added by Lambda active tracing)",
	"xray:PutTelemetryRecords":           "X-Ray telemetry upload has no resource type (added by Lambda active tracing)",
	"xray:GetSamplingRules":              "the X-Ray SDK's sampling-rule lookup has no resource type",
	"xray:GetSamplingTargets":            "the X-Ray SDK's sampling-target lookup has no resource type",
	"xray:GetSamplingStatisticSummaries": "the X-Ray SDK's sampling statistics have no resource type",
	"ec2:DescribeSecurityGroups":         "Describe* EC2 actions do not support resource-level permissions",
	"ec2:DescribeInstances":              "Describe* EC2 actions do not support resource-level permissions",
	"ec2:DescribeTags":                   "Describe* EC2 actions do not support resource-level permissions",
	"ec2:DescribeNetworkInterfaces":      "Describe* EC2 actions do not support resource-level permissions",
	"ec2:DescribeVpcs":                   "Describe* EC2 actions do not support resource-level permissions",
	"ec2:DescribeSubnets":                "Describe* EC2 actions do not support resource-level permissions",
	"ec2:DescribeVolumes":                "Describe* EC2 actions do not support resource-level permissions",
	"ec2:DescribeSnapshots":              "Describe* EC2 actions do not support resource-level permissions",
	"ec2:DescribeImages":                 "Describe* EC2 actions do not support resource-level permissions",
	"s3:ListAllMyBuckets":                "lists the account's buckets; it has no resource type",
	"s3:GetAccountPublicAccessBlock":     "account-level Block Public Access has no resource type",
	"s3:PutAccountPublicAccessBlock":     "account-level Block Public Access has no resource type",
	"cloudtrail:LookupEvents":            "event history lookup has no resource type",
	"tag:GetResources":                   "Resource Groups Tagging API actions have no resource type",
	"kms:CreateKey":                      "the key does not exist yet, so there is no ARN to name",
	"kms:ListKeys":                       "lists the account's keys; it has no resource type",
	"kms:ListAliases":                    "lists the account's aliases; it has no resource type",
	"organizations:DescribeOrganization": "describes the caller's organization; it has no resource type",
	"iam:GetAccountPasswordPolicy":       "the account password policy has no resource type",
	"iam:UpdateAccountPasswordPolicy":    "the account password policy has no resource type",
	"iam:GetAccountSummary":              "account-wide IAM usage has no resource type",
	"sts:GetCallerIdentity":              "needs no permission and has no resource type",
	"ssm:DescribeParameters":             "lists parameter metadata; it has no resource type",
	"cloudwatch:DescribeAlarmsForMetric": "looks alarms up by metric; it has no resource type",
	"cloudwatch:GetMetricData":           "metric reads have no resource type",
	"cloudwatch:GetMetricStatistics":     "metric reads have no resource type",
	"cloudwatch:ListMetrics":             "metric listing has no resource type",
}

// resourceStarReason returns the allow-list reason for action ("" when the
// action may not use Resource "*").
func resourceStarReason(action string) string {
	for k, v := range ResourceStarActions {
		if strings.EqualFold(k, action) && strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// ActionWildcards finds Allow statements granting every action ("*"), every
// action of a service ("s3:*") or every action but some (NotAction), in
// identity and resource policies, and AWS managed policies that grant a whole
// service (AdministratorAccess, PowerUserAccess, *FullAccess). Trust policies
// are not checked, nor KMS key policies (KeyAdmins covers them: the root's
// kms:* is how a key policy delegates to IAM). Deny statements are fine.
func ActionWildcards(template map[string]any) []Finding {
	t := parse(template)
	var out []Finding
	for _, s := range t.statements() {
		if s.kind == trustPolicy || s.kind == keyPolicy || !s.allow() {
			continue
		}
		if s.raw["NotAction"] != nil {
			out = append(out, t.finding(GateActionWildcard, s.res,
				"%s allows NotAction %s, which grants every other action, including ones added to AWS later. Fix: list the actions the principal calls in Action.",
				s.where, quoteList(strs(s.raw["NotAction"]))))
		}
		for _, a := range s.actions() {
			switch {
			case a == "*" || a == "*:*":
				out = append(out, t.finding(GateActionWildcard, s.res,
					`%s allows Action "*", every action of every service. Fix: list the exact actions the principal calls (e.g. "sqs:SendMessage").`, s.where))
			case strings.HasSuffix(a, ":*") || strings.HasPrefix(a, "*:"):
				svc, _, _ := strings.Cut(a, ":")
				out = append(out, t.finding(GateActionWildcard, s.res,
					`%s allows %q, every %s action. Fix: list the exact %s actions the principal calls.`, s.where, a, svc, svc))
			}
		}
	}
	for _, id := range t.ofType("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group") {
		for _, arn := range strs(t.props(id)["ManagedPolicyArns"]) {
			_, name, ok := strings.Cut(arn, ":iam::aws:policy/")
			if !ok {
				continue
			}
			name = name[strings.LastIndex(name, "/")+1:]
			if name == "AdministratorAccess" || name == "PowerUserAccess" || strings.HasSuffix(name, "FullAccess") {
				out = append(out, t.finding(GateActionWildcard, id,
					"ManagedPolicyArns attaches the AWS managed policy %s, which grants whole services. Fix: replace it with an inline policy of the actions used, on the resources used (Grant* methods).", name))
			}
		}
	}
	return out
}

// ResourceWildcards finds Allow statements of identity policies (IAM
// policies, managed policies, inline policies of roles, users and groups)
// that apply an action to Resource "*" (or NotResource) although the action
// supports resource-level permissions: every action not in
// ResourceStarActions. Resources given as intrinsics (Ref, Fn::GetAtt,
// Fn::Join) are never "*". Resource policies are not checked: there "*" means
// the resource the policy is attached to.
func ResourceWildcards(template map[string]any) []Finding {
	t := parse(template)
	var out []Finding
	for _, s := range t.statements() {
		if s.kind != identityPolicy || !s.allow() {
			continue
		}
		star := slices.Contains(s.resources(), "*")
		notResource := s.raw["NotResource"] != nil
		if !star && !notResource {
			continue
		}
		var bad []string
		for _, a := range s.actions() {
			if resourceStarReason(a) == "" {
				bad = append(bad, a)
			}
		}
		if s.raw["Action"] == nil && s.raw["NotAction"] != nil {
			bad = append(bad, "NotAction "+quoteList(strs(s.raw["NotAction"])))
		}
		if len(bad) == 0 {
			continue
		}
		what := `Resource "*"`
		if notResource {
			what = "NotResource " + quoteList(strs(s.raw["NotResource"])) + ` (every other resource)`
		}
		out = append(out, t.finding(GateResourceWildcard, s.res,
			`%s allows %s on %s, but these actions support resource-level permissions. Fix: name the ARNs they act on; if an API truly takes no resource, add it to gates.ResourceStarActions with the reason.`,
			s.where, quoteList(bad), what))
	}
	return out
}

// sourceConditionKeys are the condition keys that pin a service principal to
// one caller (confused-deputy protection) or "*" to one organization.
var sourceConditionKeys = []string{"aws:SourceArn", "aws:SourceAccount", "aws:PrincipalOrgID", "aws:SourceOrgID"}

// SourceConditions finds Allow statements of target resource policies (SNS
// topic, SQS queue, S3 bucket and EventBridge bus policies, and
// AWS::Lambda::Permission) that admit a service principal
// (events.amazonaws.com, sns.amazonaws.com, ...) or "*" without a condition
// on aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID (any operator but
// Null and ...IfExists, which do not require the key). Without one, any
// resource of that service in any account can use the grant. Deny statements
// are fine.
func SourceConditions(template map[string]any) []Finding {
	t := parse(template)
	var out []Finding
	for _, s := range t.statements() {
		if s.kind != resourcePolicy || !s.allow() {
			continue
		}
		var open []string
		who := "any resource of that service in any account (confused deputy)"
		for _, p := range s.principals() {
			if p.kind == "*" || p.kind == "Service" {
				open = append(open, p.String())
			}
			if p.kind == "*" {
				who = "any principal in any account"
			}
		}
		if len(open) == 0 {
			continue
		}
		problem := conditionProblem(s.raw["Condition"])
		if problem == "" {
			continue
		}
		fix := "Fix: add a condition ArnEquals aws:SourceArn = the ARN of the resource that calls (the rule, topic, bucket or alarm), or StringEquals aws:SourceAccount = the account (aws:PrincipalOrgID for an organization)."
		if s.lambdaPermission {
			fix = "Fix: set SourceArn (the rule or topic ARN that invokes it) or SourceAccount on the permission."
		}
		out = append(out, t.finding(GateSourceCondition, s.res, "%s allows %s %s, so %s can use this grant. %s",
			s.where, strings.Join(open, ", "), problem, who, fix))
	}
	return out
}

// conditionProblem says what is missing from a condition block to pin the
// caller ("" when it does).
func conditionProblem(cond any) string {
	c := object(cond)
	weak := ""
	for op, block := range c {
		keys := object(block)
		for key, val := range keys {
			if !slices.ContainsFunc(sourceConditionKeys, func(k string) bool { return strings.EqualFold(k, key) }) {
				continue
			}
			switch {
			case strings.EqualFold(op, "Null"):
				weak = fmt.Sprintf("with only Null on %s, which checks that the key is present, not whose it is", key)
			case strings.HasSuffix(strings.ToLower(op), "ifexists"):
				weak = fmt.Sprintf("with only %s on %s, which is also true when the key is absent", op, key)
			case slices.Equal(strs(val), []string{"*"}):
				weak = fmt.Sprintf("with %s %s = \"*\" (matches every caller)", op, key)
			default:
				return ""
			}
		}
	}
	if weak != "" {
		return weak
	}
	return "with no aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID condition"
}

// KeyAdmins finds KMS key policy statements that allow every KMS action
// ("kms:*", "*" or NotAction) to any principal other than the account root.
// The root's kms:* is the key policy's default: it lets the account's IAM
// policies grant use of the key, and "*" as Resource in a key policy means
// the key itself. Any other principal with kms:* can schedule deletion or
// rewrite the policy. The root of any account is accepted: a template does
// not say which account is its own.
func KeyAdmins(template map[string]any) []Finding {
	t := parse(template)
	var out []Finding
	for _, s := range t.statements() {
		if s.kind != keyPolicy || !s.allow() {
			continue
		}
		var what string
		for _, a := range s.actions() {
			if a == "*" || strings.EqualFold(a, "kms:*") {
				what = fmt.Sprintf("%q", a)
			}
		}
		if s.raw["NotAction"] != nil {
			what = "NotAction " + quoteList(strs(s.raw["NotAction"]))
		}
		if what == "" {
			continue
		}
		var others []string
		for _, p := range s.principals() {
			if !p.isAccountRoot() {
				others = append(others, p.String())
			}
		}
		if len(s.principals()) == 0 {
			others = append(others, "(no Principal)")
		}
		if len(others) == 0 {
			continue
		}
		out = append(out, t.finding(GateKeyAdmin, s.res,
			`%s allows %s (every KMS action, including PutKeyPolicy and ScheduleKeyDeletion) to %s; only the account root ("arn:<partition>:iam::<account>:root") may hold kms:*. Fix: grant this principal only the KMS actions it uses (e.g. kms:Decrypt, kms:GenerateDataKey), or grant it through an IAM policy.`,
			s.where, what, strings.Join(others, ", ")))
	}
	return out
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
