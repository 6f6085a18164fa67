package gates

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// targets lists an AWS::Events::Rule's targets with their labels.
func (t *tmpl) targets(rule string) (labels []string, targets []map[string]any) {
	for i, v := range list(t.props(rule)["Targets"]) {
		tg := object(v)
		if tg == nil {
			continue
		}
		label := fmt.Sprintf("Targets[%d]", i)
		if id, ok := tg["Id"].(string); ok {
			label += fmt.Sprintf(" (Id %q", id)
			if arn, _ := render(tg["Arn"]); arn != "" {
				label += ", Arn " + arn
			}
			label += ")"
		}
		labels = append(labels, label)
		targets = append(targets, tg)
	}
	return labels, targets
}

// TargetDLQs finds EventBridge rule targets without DeadLetterConfig.Arn.
// Events the rule cannot deliver (permission and missing-target errors at
// once, others after the retries) are otherwise dropped without a trace.
// Forwarding rules are no exception.
func TargetDLQs(template map[string]any) []Finding {
	return ruleTargetFindings(template, GateTargetDLQ,
		"%s has no DeadLetterConfig.Arn: events EventBridge fails to deliver (permission errors, a deleted target, retries exhausted) are dropped silently. Fix: set DeadLetterConfig.Arn to an SQS queue in the same region, encrypted with a customer-managed key, with an alarm on it.",
		func(tg map[string]any) bool {
			dl := object(tg["DeadLetterConfig"])
			return dl != nil && dl["Arn"] != nil
		})
}

// TargetRetries finds EventBridge rule targets without an explicit
// RetryPolicy (an empty one counts as missing).
func TargetRetries(template map[string]any) []Finding {
	return ruleTargetFindings(template, GateTargetRetry,
		"%s has no RetryPolicy, so failed deliveries fall back to the defaults (24 hours, 185 attempts) nobody chose. Fix: set RetryPolicy.MaximumRetryAttempts and MaximumEventAgeInSeconds.",
		func(tg map[string]any) bool { return len(object(tg["RetryPolicy"])) > 0 })
}

// ruleTargetFindings reports, under gate, every EventBridge rule target
// that ok rejects, with format given the target's label.
func ruleTargetFindings(template map[string]any, gate, format string, ok func(target map[string]any) bool) []Finding {
	t := parse(template)
	var out []Finding
	for _, rule := range t.ofType("AWS::Events::Rule") {
		labels, targets := t.targets(rule)
		for i, tg := range targets {
			if !ok(tg) {
				out = append(out, t.finding(gate, rule, format, labels[i]))
			}
		}
	}
	return out
}

// use is one resource that sends to a queue or topic, and what through.
type use struct {
	by      string // logical ID of the user
	how     string // e.g. "dead-letter queue of Targets[0]"
	service string // the service principal that writes ("" when a role does)
}

func (u use) String() string { return u.by + " " + u.how }

// walk calls fn for every key of every map below v.
func walk(v any, path string, fn func(key string, val any, path string)) {
	switch x := v.(type) {
	case map[string]any:
		keys := slices.Sorted(maps.Keys(x))
		for _, k := range keys {
			fn(k, x[k], path+"."+k)
			walk(x[k], path+"."+k, fn)
		}
	case []any:
		for i, item := range x {
			walk(item, fmt.Sprintf("%s[%d]", path, i), fn)
		}
	}
}

// deadLetterQueues maps each SQS queue of the template used as a dead-letter
// queue (by any DeadLetterConfig, or a RedrivePolicy's deadLetterTargetArn)
// to its users.
func (t *tmpl) deadLetterQueues() map[string][]use {
	out := map[string][]use{}
	for _, id := range t.ids {
		service := ""
		switch t.typ(id) {
		case "AWS::Events::Rule":
			service = "events.amazonaws.com"
		case "AWS::SNS::Subscription":
			service = "sns.amazonaws.com"
		}
		walk(t.props(id), "", func(key string, val any, path string) {
			var arn any
			switch key {
			case "DeadLetterConfig":
				dl := object(val)
				arn = cmpOr(dl["Arn"], dl["TargetArn"])
			case "RedrivePolicy":
				arn = object(val)["deadLetterTargetArn"]
			default:
				return
			}
			if q, _, ok := ref(arn); ok && t.typ(q) == "AWS::SQS::Queue" {
				out[q] = append(out[q], use{by: id, how: "(" + strings.TrimPrefix(path, ".") + ")", service: service})
			}
		})
	}
	return out
}

func cmpOr(vals ...any) any {
	for _, v := range vals {
		if v != nil {
			return v
		}
	}
	return nil
}

// DLQAlarms finds SQS queues used as dead-letter queues that no
// AWS::CloudWatch::Alarm watches: a message in a DLQ is a lost event that
// nobody hears about. An alarm watches a queue when a QueueName dimension (of
// the alarm, or of a MetricStat in its Metrics) is Fn::GetAtt [queue,
// QueueName] or the queue's literal QueueName.
func DLQAlarms(template map[string]any) []Finding {
	t := parse(template)
	alarmed := map[string]bool{}
	refMistake := map[string]string{} // queue -> alarm using Ref (the URL) as its name
	for _, alarm := range t.ofType("AWS::CloudWatch::Alarm") {
		p := t.props(alarm)
		dims := list(p["Dimensions"])
		for _, m := range list(p["Metrics"]) {
			ms := object(object(object(m)["MetricStat"])["Metric"])
			dims = append(dims, list(ms["Dimensions"])...)
		}
		for _, d := range dims {
			dm := object(d)
			if name, _ := dm["Name"].(string); name != "QueueName" {
				continue
			}
			if q, attr, ok := ref(dm["Value"]); ok {
				switch {
				case attr == "QueueName":
					alarmed[q] = true
				case attr == "":
					refMistake[q] = alarm
				}
				continue
			}
			if lit, ok := dm["Value"].(string); ok {
				for _, q := range t.ofType("AWS::SQS::Queue") {
					if name, isLit := render(t.props(q)["QueueName"]); isLit && name == lit {
						alarmed[q] = true
					}
				}
			}
		}
	}
	var out []Finding
	dlqs := t.deadLetterQueues()
	for _, q := range t.ofType("AWS::SQS::Queue") {
		uses, isDLQ := dlqs[q]
		if !isDLQ || alarmed[q] {
			continue
		}
		note := ""
		if a := refMistake[q]; a != "" {
			note = fmt.Sprintf(" (alarm %s uses Ref %s as QueueName, but Ref gives the queue URL, so it never fires)", a, q)
		}
		out = append(out, t.finding(GateDLQAlarm, q,
			"is the dead-letter queue of %s but no CloudWatch alarm watches it%s, so undelivered events pile up unseen. Fix: add an alarm on ApproximateNumberOfMessagesVisible > 0 with dimension QueueName = Fn::GetAtt [%s, QueueName], notifying the operations topic.",
			joinUses(uses), note, q))
	}
	return out
}

func joinUses(uses []use) string {
	s := make([]string, len(uses))
	for i, u := range uses {
		s[i] = u.String()
	}
	return strings.Join(s, ", ")
}

var keyArn = regexp.MustCompile(`^arn:[^:]+:kms:[^:]*:[^:]*:key/.+$`)

// cmk resolves a KmsMasterKeyId value. key is the logical ID of the
// AWS::KMS::Key of the template it refers to ("" for a literal key ARN);
// problem is set when the value is not a customer-managed key.
func (t *tmpl) cmk(v any) (key, problem string) {
	if v == nil {
		return "", "has no KmsMasterKeyId, so it is not encrypted with a customer-managed key (SQS falls back to SQS-owned keys, SNS to none)"
	}
	if id, _, ok := ref(v); ok {
		switch t.typ(id) {
		case "AWS::KMS::Key":
			return id, ""
		case "AWS::KMS::Alias":
			if k, _, ok := ref(t.props(id)["TargetKeyId"]); ok && t.typ(k) == "AWS::KMS::Key" {
				return k, ""
			}
		}
		return "", fmt.Sprintf("has KmsMasterKeyId %s, which is not an AWS::KMS::Key of this template, so it cannot be verified as customer-managed", mustRender(v))
	}
	s := mustRender(v)
	switch {
	case strings.Contains(s, "alias/aws/"):
		return "", fmt.Sprintf("has KmsMasterKeyId %q, an AWS-managed key: its key policy cannot admit events.amazonaws.com, so encrypted deliveries fail silently", s)
	case keyArn.MatchString(s):
		return "", ""
	case strings.Contains(s, "alias/"):
		return "", fmt.Sprintf("has KmsMasterKeyId %q, an alias, which cannot be verified as a customer-managed key", s)
	}
	return "", fmt.Sprintf("has KmsMasterKeyId %q, which is neither a key of this template nor a key ARN", s)
}

func mustRender(v any) string { s, _ := render(v); return s }

// Encryption finds SQS queues and SNS topics not encrypted with a
// customer-managed KMS key: KmsMasterKeyId must be a Ref or Fn::GetAtt of an
// AWS::KMS::Key (or of an alias of one) in the template, or a literal key
// ARN. AWS-managed keys (alias/aws/sqs, alias/aws/sns), SQS-managed SSE and
// no encryption are findings: EventBridge, SNS and CloudWatch cannot use an
// AWS-managed key, and deliveries to such targets fail silently.
func Encryption(template map[string]any) []Finding {
	t := parse(template)
	var out []Finding
	for _, id := range t.ofType("AWS::SQS::Queue", "AWS::SNS::Topic") {
		p := t.props(id)
		if sse, _ := p["SqsManagedSseEnabled"].(bool); sse {
			out = append(out, t.finding(GateEncryption, id,
				"has SqsManagedSseEnabled: SQS-owned keys cannot be granted to events.amazonaws.com or sns.amazonaws.com. Fix: remove it and set KmsMasterKeyId to a customer-managed AWS::KMS::Key."))
			continue
		}
		if _, problem := t.cmk(p["KmsMasterKeyId"]); problem != "" {
			out = append(out, t.finding(GateEncryption, id,
				"%s. Fix: set KmsMasterKeyId to a customer-managed AWS::KMS::Key whose policy admits the services that write to it.", problem))
		}
	}
	return out
}

// writers maps each queue and topic of the template to the service
// principals that write to it: events.amazonaws.com for rule targets and
// rule dead-letter queues, cloudwatch.amazonaws.com for alarm-action topics,
// sns.amazonaws.com for subscribed queues and subscription dead-letter
// queues, s3.amazonaws.com for bucket-notification destinations.
func (t *tmpl) writers() map[string][]use {
	out := map[string][]use{}
	add := func(dest any, u use) {
		id, attr, ok := ref(dest)
		if !ok || (attr != "" && attr != "Arn" && attr != "TopicArn") {
			return
		}
		if typ := t.typ(id); typ == "AWS::SQS::Queue" || typ == "AWS::SNS::Topic" {
			out[id] = append(out[id], u)
		}
	}
	for _, id := range t.ids {
		p := t.props(id)
		switch t.typ(id) {
		case "AWS::Events::Rule":
			labels, targets := t.targets(id)
			for i, tg := range targets {
				add(tg["Arn"], use{id, "as " + labels[i], "events.amazonaws.com"})
			}
		case "AWS::CloudWatch::Alarm":
			for _, k := range []string{"AlarmActions", "OKActions", "InsufficientDataActions"} {
				for _, a := range list(p[k]) {
					add(a, use{id, "through " + k, "cloudwatch.amazonaws.com"})
				}
			}
		case "AWS::SNS::Subscription":
			if proto, _ := p["Protocol"].(string); proto == "sqs" {
				add(p["Endpoint"], use{id, "as subscriber of " + mustRender(p["TopicArn"]), "sns.amazonaws.com"})
			}
		case "AWS::SNS::Topic":
			for _, s := range list(p["Subscription"]) {
				sm := object(s)
				if proto, _ := sm["Protocol"].(string); proto == "sqs" {
					add(sm["Endpoint"], use{id, "as subscriber", "sns.amazonaws.com"})
				}
			}
		case "AWS::S3::Bucket":
			nc := object(p["NotificationConfiguration"])
			for _, q := range list(nc["QueueConfigurations"]) {
				add(object(q)["Queue"], use{id, "through NotificationConfiguration", "s3.amazonaws.com"})
			}
			for _, q := range list(nc["TopicConfigurations"]) {
				add(object(q)["Topic"], use{id, "through NotificationConfiguration", "s3.amazonaws.com"})
			}
		}
	}
	for q, uses := range t.deadLetterQueues() {
		for _, u := range uses {
			if u.service != "" {
				out[q] = append(out[q], use{u.by, "as dead-letter queue " + u.how, u.service})
			}
		}
	}
	return out
}

// requiredKeyActions are what a service needs on the key of the queue or
// topic it writes to.
var requiredKeyActions = []string{"kms:GenerateDataKey", "kms:Decrypt"}

// KeyPolicyServices finds customer-managed keys whose policy does not let the
// services that write to the queues and topics they encrypt use them:
// events.amazonaws.com for a queue or topic that is a rule target or a rule's
// dead-letter queue, cloudwatch.amazonaws.com for a topic that is an alarm
// action, sns.amazonaws.com for a queue subscribed to a topic (or a
// subscription's dead-letter queue), s3.amazonaws.com for a bucket
// notification destination. Each needs an Allow statement for its service
// principal with kms:GenerateDataKey (or GenerateDataKey*) and kms:Decrypt;
// without it deliveries fail silently. Keys outside the template are not
// checked.
func KeyPolicyServices(template map[string]any) []Finding {
	t := parse(template)
	stmts := t.statements()
	writers := t.writers()
	// key -> service -> the queues/topics that need it.
	need := map[string]map[string][]string{}
	for _, id := range t.ofType("AWS::SQS::Queue", "AWS::SNS::Topic") {
		key, _ := t.cmk(t.props(id)["KmsMasterKeyId"])
		if key == "" {
			continue
		}
		for _, u := range writers[id] {
			if need[key] == nil {
				need[key] = map[string][]string{}
			}
			need[key][u.service] = append(need[key][u.service], fmt.Sprintf("%s (written by %s %s)", id, u.by, u.how))
		}
	}
	var out []Finding
	for _, key := range t.ofType("AWS::KMS::Key") {
		services := make([]string, 0, len(need[key]))
		for svc := range need[key] {
			services = append(services, svc)
		}
		slices.Sort(services)
		for _, svc := range services {
			var missing []string
			for _, action := range requiredKeyActions {
				if !slices.ContainsFunc(stmts, func(s stmt) bool {
					return s.res == key && s.kind == keyPolicy && s.allow() && s.hasService(svc) && s.grants(action)
				}) {
					missing = append(missing, action)
				}
			}
			if len(missing) == 0 {
				continue
			}
			out = append(out, t.finding(GateKeyPolicyService, key,
				"KeyPolicy does not allow %s to %s, but %s writes to %s, encrypted with this key; deliveries fail silently. Fix: add an Allow statement for Principal Service %q with kms:GenerateDataKey and kms:Decrypt on \"*\" (conditioned on aws:SourceArn = the writer's ARN).",
				svc, strings.Join(missing, " and "), svc, strings.Join(dedupe(need[key][svc]), ", "), svc))
		}
	}
	return out
}

func (s stmt) hasService(svc string) bool {
	for _, p := range s.principals() {
		if p.kind == "Service" && strings.EqualFold(p.value, svc) {
			return true
		}
	}
	return false
}

func dedupe(items []string) []string {
	slices.Sort(items)
	return slices.Compact(items)
}

// LogRetention finds Lambda functions without a log group that expires:
// otherwise Lambda creates /aws/lambda/<name> on first use and keeps its logs
// forever. A function passes with LoggingConfig.LogGroup naming (Ref, or the
// literal name of) an AWS::Logs::LogGroup with RetentionInDays, or with an
// AWS::Logs::LogGroup (or a Custom::LogRetention) named /aws/lambda/<its
// FunctionName or Ref>, with RetentionInDays.
func LogRetention(template map[string]any) []Finding {
	t := parse(template)
	// rendered log group name -> resources defining it.
	groups := map[string][]string{}
	for _, id := range t.ids {
		typ := t.typ(id)
		if typ == "AWS::Logs::LogGroup" || typ == "Custom::LogRetention" {
			name := mustRender(t.props(id)["LogGroupName"])
			groups[name] = append(groups[name], id)
		}
	}
	retained := func(ids []string) (string, bool) {
		for _, id := range ids {
			if t.props(id)["RetentionInDays"] != nil {
				return id, true
			}
		}
		if len(ids) > 0 {
			return ids[0], false
		}
		return "", false
	}
	fix := "Fix: give the function a log group with RetentionInDays (LoggingConfig.LogGroup = an AWS::Logs::LogGroup), or add an AWS::Logs::LogGroup named /aws/lambda/<function name> with RetentionInDays."
	var out []Finding
	for _, fn := range t.ofType("AWS::Lambda::Function") {
		p := t.props(fn)
		if lg := object(p["LoggingConfig"])["LogGroup"]; lg != nil {
			var ids []string
			if id, _, ok := ref(lg); ok && t.typ(id) == "AWS::Logs::LogGroup" {
				ids = []string{id}
			} else {
				ids = groups[mustRender(lg)]
			}
			switch id, ok := retained(ids); {
			case ok:
			case id != "":
				out = append(out, t.finding(GateLogRetention, fn, "logs to %s, which has no RetentionInDays, so its logs are kept forever. %s", id, fix))
			default:
				out = append(out, t.finding(GateLogRetention, fn, "has LoggingConfig.LogGroup %s, which is not a log group of this template, so its retention cannot be verified. %s", mustRender(lg), fix))
			}
			continue
		}
		names := []string{"/aws/lambda/${" + fn + "}"}
		shown := "/aws/lambda/<function name>"
		if name, ok := render(p["FunctionName"]); ok {
			names = append(names, "/aws/lambda/"+name)
			shown = names[1]
		}
		var ids []string
		for _, n := range names {
			ids = append(ids, groups[n]...)
		}
		switch id, ok := retained(ids); {
		case ok:
		case id != "":
			out = append(out, t.finding(GateLogRetention, fn, "logs to %s, which has no RetentionInDays, so its logs are kept forever. %s", id, fix))
		default:
			out = append(out, t.finding(GateLogRetention, fn, "has no log group with a retention period: Lambda creates %s on first invocation and keeps its logs forever. %s", shown, fix))
		}
	}
	return out
}
