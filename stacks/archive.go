package stacks

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/constructs/forwarding"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/pattern"
)

// Names of the archive in the Response stack. The output names are what
// the README's replay procedure and `trailbridge replay` tell people to
// read with `aws cloudformation describe-stacks`.
const (
	// ArchiveID is the construct ID of the archive (a child of the
	// Response stack).
	ArchiveID = "Archive"
	// ArchiveARNOutput is the Response stack's output holding the
	// archive's ARN (the --event-source-arn of a replay).
	ArchiveARNOutput = "ArchiveArn"
	// HomeBusARNOutput is the Response stack's output holding the ARN of
	// the home bus (the destination of a replay).
	HomeBusARNOutput = "HomeBusArn"
	// ArchiveEncryptionContextKey is the KMS encryption context key
	// EventBridge sends with every operation on an archive's key; its value
	// is the ARN of the archive's source bus (EventBridge user guide,
	// "Encrypting EventBridge archives with AWS KMS keys").
	ArchiveEncryptionContextKey = "kms:EncryptionContext:aws:events:event-bus:arn"
)

// ArchiveCoverage says how closely an archive's pattern follows the home
// rules: ArchivePattern tries them in this order and keeps the first that
// fits EventBridge's pattern quotas (pattern.MaxLength,
// pattern.MaxCombinations).
type ArchiveCoverage string

// The coverages, narrowest first.
const (
	// ArchiveExact: a "$or" of every home rule's selection (ArchiveNeeds),
	// conditions included; wider than the rules only by their principals
	// (the responders' own roles they exempt, principal filters), source
	// IPs, accounts and regions.
	ArchiveExact ArchiveCoverage = "exact"
	// ArchiveForwarded: a "$or" of what forwarders carry (AppNeeds), which
	// drops the conditions of rules that name services and events.
	ArchiveForwarded ArchiveCoverage = "forwarded"
	// ArchiveServices: every event of the service-scoped home rules'
	// services and detail types, whatever its name, and exactly what each
	// rule of every service (root activity, unauthorized calls) selects.
	ArchiveServices ArchiveCoverage = "services"
	// ArchiveDetailTypes: every CloudTrail event of the home rules' detail
	// types.
	ArchiveDetailTypes ArchiveCoverage = "detail-types"
)

// ArchiveNeeds are the selections of the home rules (the Response stack's
// rules and every detection cfg turns on) as the archive keeps them: each
// with all of its conditions on services, event names, detail types,
// identity types, request parameters and Extra (unlike AppNeeds, which
// drops them where forwarding may be wider), merged where they differ only
// by event names. Principals, source IPs, accounts and regions are left
// out, so the archive may keep a little more than the rules match (the
// responders' own calls, which their rules exempt), never less.
func ArchiveNeeds(cfg *config.Config, rules []apicall.Rule) []forwarding.Need {
	var needs []forwarding.Need
	for _, r := range rules {
		if r.State() == apicall.StateDisabled {
			continue
		}
		needs = append(needs, archiveNeed(r.Spec(), r.State() == apicall.StateEnabledWithAllManagementEvents))
	}
	for _, d := range cfg.DetectionList() {
		spec, err := d.Spec()
		if err != nil {
			panic(err) // config.Load checked every detection
		}
		needs = append(needs, archiveNeed(spec, d.ReadOnly()))
	}
	return forwarding.MergeNeeds(needs...)
}

// archiveNeed is spec's selection with every condition a Need holds.
func archiveNeed(spec pattern.Spec, readOnly bool) forwarding.Need {
	return forwarding.Need{
		Services: spec.Services, EventNames: spec.EventNames, EventNamePrefixes: spec.EventNamePrefixes,
		DetailTypes: spec.DetailTypes, UserIdentityTypes: spec.UserIdentityTypes,
		RequestParameters: spec.RequestParameters, Extra: spec.Extra,
		ReadOnly: readOnly, IncludeFailed: spec.IncludeFailed,
	}
}

// ArchivePattern is the event pattern of the archive of exact (ArchiveNeeds)
// and forwarded (AppNeeds): the narrowest of the ArchiveCoverage patterns
// that EventBridge accepts, deterministically, with the problems that
// ruled out the narrower ones (nil for ArchiveExact). It fails only when
// there is nothing to archive.
func ArchivePattern(exact, forwarded []forwarding.Need) (map[string]any, ArchiveCoverage, error) {
	if len(exact) == 0 {
		return nil, "", errors.New("archive: the app has no enabled rule, so there is nothing to archive")
	}
	var why []error
	for _, c := range []struct {
		coverage ArchiveCoverage
		build    func() (map[string]any, error)
	}{
		{ArchiveExact, func() (map[string]any, error) { return unionOf(exact) }},
		{ArchiveForwarded, func() (map[string]any, error) { return unionOf(forwarded) }},
		{ArchiveServices, func() (map[string]any, error) { return servicesOf(exact) }},
		{ArchiveDetailTypes, func() (map[string]any, error) { return detailTypesOf(exact), nil }},
	} {
		p, err := c.build()
		if err == nil {
			err = pattern.Validate(p)
		}
		if err == nil {
			return p, c.coverage, errors.Join(why...)
		}
		why = append(why, fmt.Errorf("%s: %w", c.coverage, err))
	}
	// detail-types cannot fail (a short list of known detail types).
	return nil, "", errors.Join(why...)
}

// unionOf is the "$or" of the needs' patterns (the pattern itself for one),
// factored (see factor) so that more of them fit EventBridge's limits.
func unionOf(needs []forwarding.Need) (map[string]any, error) {
	if len(needs) == 0 {
		return nil, errors.New("no needs")
	}
	var branches []map[string]any
	for i, n := range needs {
		p, err := pattern.Build(n.Spec())
		if err != nil {
			return nil, fmt.Errorf("need %d: %w", i, err)
		}
		branches = append(branches, p)
	}
	return factor(branches), nil
}

// factor is the union of branches, written shorter: branches with the same
// detail types and errorCode condition share them, their other detail
// conditions becoming a "$or" inside detail; "source" is dropped where the
// branch names detail.eventSource (for CloudTrail's detail types, the
// event source decides the source). A branch with other top-level fields
// or a "$or" of its own is kept whole.
func factor(branches []map[string]any) map[string]any {
	type group struct {
		detailType, errorCode any
		rests                 []any
		all                   bool // a branch with no other condition: the group matches all of its detail types
	}
	var groups []*group
	byKey := map[string]*group{}
	var whole []any
	for _, b := range branches {
		detail, _ := b["detail"].(map[string]any)
		simple := detail != nil
		for k := range b {
			if k != "detail-type" && k != "source" && k != "detail" {
				simple = false
			}
		}
		if _, ok := b["$or"]; ok || !simple {
			whole = append(whole, b)
			continue
		}
		if _, ok := detail["$or"]; ok {
			whole = append(whole, b)
			continue
		}
		if _, ok := detail["eventSource"]; !ok && b["source"] != nil {
			whole = append(whole, b)
			continue
		}
		rest := map[string]any{}
		for k, v := range detail {
			if k != "errorCode" {
				rest[k] = v
			}
		}
		key, _ := json.Marshal([]any{b["detail-type"], detail["errorCode"]})
		g := byKey[string(key)]
		if g == nil {
			g = &group{detailType: b["detail-type"], errorCode: detail["errorCode"]}
			byKey[string(key)] = g
			groups = append(groups, g)
		}
		if len(rest) == 0 {
			g.all = true
		} else {
			g.rests = append(g.rests, rest)
		}
	}
	var out []any
	for _, g := range groups {
		p := map[string]any{"detail-type": g.detailType}
		detail := map[string]any{}
		switch {
		case g.all:
		case len(g.rests) == 1:
			for k, v := range g.rests[0].(map[string]any) {
				detail[k] = v
			}
		default:
			detail["$or"] = g.rests
		}
		if g.errorCode != nil {
			detail["errorCode"] = g.errorCode
		}
		if len(detail) > 0 {
			p["detail"] = detail
		}
		out = append(out, p)
	}
	out = append(out, whole...)
	if len(out) == 1 {
		return out[0].(map[string]any)
	}
	return map[string]any{"$or": out}
}

// servicesOf matches every event of the service-scoped needs' services and
// detail types, and exactly what each need of every service (root activity,
// unauthorized calls) selects.
func servicesOf(needs []forwarding.Need) (map[string]any, error) {
	var sources, eventSources []string
	var scoped []forwarding.Need
	var branches []any
	for _, n := range needs {
		if len(n.Services) == 0 {
			p, err := pattern.Build(n.Spec())
			if err != nil {
				return nil, err
			}
			branches = append(branches, p)
			continue
		}
		scoped = append(scoped, n)
		for _, s := range n.Services {
			sources = append(sources, s.Source)
			eventSources = append(eventSources, s.EventSource)
		}
	}
	if len(scoped) > 0 {
		p := detailTypesOf(scoped)
		p["source"] = sortedAny(sources)
		detail, _ := p["detail"].(map[string]any)
		if detail == nil {
			detail = map[string]any{}
			p["detail"] = detail
		}
		detail["eventSource"] = sortedAny(eventSources)
		branches = append([]any{p}, branches...)
	}
	if len(branches) == 1 {
		return branches[0].(map[string]any), nil
	}
	return map[string]any{"$or": branches}, nil
}

// detailTypesOf matches every CloudTrail event of the needs' detail types
// (failed calls only if a need includes them).
func detailTypesOf(needs []forwarding.Need) map[string]any {
	var dts []string
	failed := false
	for _, n := range needs {
		if len(n.DetailTypes) == 0 {
			dts = append(dts, catalog.DetailTypeAPICall)
		}
		dts = append(dts, n.DetailTypes...)
		failed = failed || n.IncludeFailed
	}
	p := map[string]any{"detail-type": sortedAny(dts)}
	if !failed {
		p["detail"] = map[string]any{"errorCode": []any{map[string]any{"exists": false}}}
	}
	return p
}

func sortedAny(ss []string) []any {
	set := map[string]bool{}
	for _, s := range ss {
		set[s] = true
	}
	var out []any
	for _, s := range slices.Sorted(maps.Keys(set)) {
		out = append(out, s)
	}
	return out
}

// Archive is the EventBridge archive on the home bus.
type Archive struct {
	// Resource is the archive ("Archive").
	Resource awsevents.CfnArchive
	// Pattern is its event pattern (ArchivePattern).
	Pattern map[string]any
	// Coverage says how closely Pattern follows the home rules.
	Coverage ArchiveCoverage
	// Key encrypts the archived events: the stack's delivery key.
	Key awskms.IKey
}

// AddArchive adds the archive of the home rules (the stack's rules and the
// detections of cfg) to the Response stack: an EventBridge archive of the
// home region's default bus keeping, for
// cfg.Health.Archive.RetentionDays days, the events ArchivePattern
// selects, encrypted with the stack's delivery key, whose policy gains a
// statement admitting EventBridge for this bus's archives only. Outputs
// ArchiveARNOutput and HomeBusARNOutput give the ARNs a replay needs. A
// pattern wider than ArchiveExact is reported as a synth warning
// ("trailbridge:archive-pattern"), and so are home rules that receive
// read-only calls ("trailbridge:archive-read-only"). It returns nil, and
// adds nothing, when RetentionDays is 0.
func (s *ResponseStack) AddArchive(cfg *config.Config) *Archive {
	days := cfg.Health.Archive.RetentionDays
	if days == 0 {
		return nil
	}
	stack := s.Stack
	exact := ArchiveNeeds(cfg, s.Rules)
	p, coverage, why := ArchivePattern(exact, AppNeeds(cfg, s.Rules))
	if p == nil {
		panic(why)
	}
	bus := ForwardingPlan(nil).HomeBusARN(cfg, *stack.Account())
	key := delivery.Key(stack)
	allowArchive(key, bus)
	archive := awsevents.NewCfnArchive(stack, jsii.String(ArchiveID), &awsevents.CfnArchiveProps{
		SourceArn:        jsii.String(bus),
		Description:      jsii.String(fmt.Sprintf("trailbridge: the CloudTrail events the app's rules match (%s), to replay after an outage", coverage)),
		EventPattern:     p,
		RetentionDays:    jsii.Number(float64(days)),
		KmsKeyIdentifier: key.KeyArn(),
	})
	// EventBridge checks the key policy when it creates the archive.
	archive.Node().AddDependency(key)
	awscdk.NewCfnOutput(stack, jsii.String(ArchiveARNOutput), &awscdk.CfnOutputProps{
		Value:       archive.AttrArn(),
		Description: jsii.String("The archive of the events the app's rules match: the --event-source-arn of `aws events start-replay` (see `trailbridge replay`)"),
	})
	awscdk.NewCfnOutput(stack, jsii.String(HomeBusARNOutput), &awscdk.CfnOutputProps{
		Value:       jsii.String(bus),
		Description: jsii.String("The home event bus, where every rule of the app is and where a replay sends the archived events"),
	})
	if why != nil {
		awscdk.Annotations_Of(archive).AddWarningV2(jsii.String("trailbridge:archive-pattern"), jsii.String(fmt.Sprintf(
			"the archive keeps %s, wider than the app's rules, because the exact union of their patterns exceeds EventBridge's pattern quotas (%d characters, %d \"$or\" combinations): %v; replays still reach only the rules they name",
			coverageText(coverage), pattern.MaxLength, pattern.MaxCombinations, why)))
	}
	for _, n := range exact {
		if n.ReadOnly {
			awscdk.Annotations_Of(archive).AddWarningV2(jsii.String("trailbridge:archive-read-only"), jsii.String(
				"some rules receive read-only calls (state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS); an archive's rule is managed by EventBridge, with no such state, so those read-only calls may not be archived"))
			break
		}
	}
	return &Archive{Resource: archive, Pattern: p, Coverage: coverage, Key: key}
}

// coverageText says in words what an archive of coverage c keeps.
func coverageText(c ArchiveCoverage) string {
	switch c {
	case ArchiveForwarded:
		return "what the forwarders carry (the rules' services and event names, without their other conditions)"
	case ArchiveServices:
		return "every event of the rules' services"
	case ArchiveDetailTypes:
		return "every CloudTrail event of the rules' detail types"
	}
	return "exactly the rules' events"
}

// allowArchive lets EventBridge use key for archives of bus, and nothing
// else: the encryption context names the archive's source bus, which a
// caller cannot choose for another bus's data (EventBridge user guide,
// "AWS KMS key policy for archives").
func allowArchive(key awskms.IKey, bus string) {
	events := []awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), nil)}
	key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("AllowEventBridgeArchivesOfTheHomeBus"),
		Principals: &events,
		Actions:    jsii.Strings("kms:GenerateDataKey", "kms:Decrypt", "kms:ReEncrypt*"),
		// In a key policy, "*" is this key.
		Resources:  jsii.Strings("*"),
		Conditions: &map[string]any{"StringEquals": map[string]any{ArchiveEncryptionContextKey: bus}},
	}), jsii.Bool(false))
	key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("AllowEventBridgeToDescribeTheKey"),
		Principals: &events,
		// EventBridge reads the key's ARN and checks it is symmetric when
		// an archive is created or updated; DescribeKey carries no
		// encryption context and reveals no data.
		Actions:   jsii.Strings("kms:DescribeKey"),
		Resources: jsii.Strings("*"),
	}), jsii.Bool(false))
}
