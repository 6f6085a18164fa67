package stacks

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/forwarding"
	"github.com/trailbridge/trailbridge/detection"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/stacks/responder"
)

// ForwardingPlan is what each region other than home forwards to the home
// bus: region -> needs. Regions with nothing to forward are absent.
type ForwardingPlan map[string][]forwarding.Need

// Regions are the plan's regions, sorted.
func (p ForwardingPlan) Regions() []string {
	return slices.Sorted(maps.Keys(p))
}

// HomeBusARN is the ARN of the home region's default bus in account (a
// literal account, or a token that resolves in the forwarder's own stack to
// the same account when none is configured).
func (p ForwardingPlan) HomeBusARN(cfg *config.Config, accountToken string) string {
	account := cfg.Account
	if account == "" {
		account = accountToken
	}
	return forwarding.BusARN(catalog.Partition(cfg.HomeRegion), cfg.HomeRegion, account, "default")
}

// PlanForwarding decides where forwarders go: every watched region other
// than home forwards what the home rules need from there (events of
// global-only services never happen there, so those are left out), and
// us-east-1 forwards the global-only services' events whenever home is
// elsewhere, watched or not. A need of several services is split into its
// global-only and its regional services. A need of every service (a
// detection of the root user's activity, say) is forwarded from every
// watched region, and from an unwatched us-east-1 for the global-only
// services only. It is an error for a home rule to watch a global-only
// service when neither home is us-east-1 nor us-east-1 may forward (it is
// excluded): that rule could never fire.
func PlanForwarding(cfg *config.Config, needs []forwarding.Need) (ForwardingPlan, error) {
	const globalRegion = catalog.HomeRegionGlobal
	var regional, global, anyService []forwarding.Need
	for _, n := range needs {
		if len(n.Services) == 0 {
			anyService = append(anyService, n)
			regional = append(regional, n)
			continue
		}
		g, r := splitGlobal(n)
		if len(g.Services) > 0 {
			global = append(global, g)
		}
		if len(r.Services) > 0 {
			regional = append(regional, r)
		}
	}
	regional = forwarding.MergeNeeds(regional...)
	plan := ForwardingPlan{}
	watched := cfg.WatchedRegions()
	for _, r := range watched[1:] {
		if len(regional) > 0 {
			plan[r] = slices.Clone(regional)
		}
	}
	if cfg.HomeRegion == globalRegion {
		return plan, nil
	}
	if len(global) > 0 && slices.Contains(cfg.ExcludedRegions, globalRegion) {
		var what []string
		for _, n := range global {
			for _, s := range n.Services {
				what = append(what, s.Name+" "+strings.Join(append(slices.Clone(n.EventNames), n.EventNamePrefixes...), "/"))
			}
		}
		return nil, fmt.Errorf("trailbridge: rules in %s watch global-service events (%s) that CloudTrail delivers only in %s, and trailbridge.excludedRegions excludes %s, so no forwarder can bring them: these rules could never fire. Remove %s from excludedRegions, set homeRegion to %s, or turn those responders and alerts off",
			cfg.HomeRegion, strings.Join(what, ", "), globalRegion, globalRegion, globalRegion, globalRegion)
	}
	if !slices.Contains(watched, globalRegion) && !slices.Contains(cfg.ExcludedRegions, globalRegion) {
		// Unwatched us-east-1: only the global-only services' events of the
		// needs of every service (the others happen where they are watched).
		for _, n := range anyService {
			n.Services = globalServices()
			global = append(global, n)
		}
	}
	if len(global) > 0 {
		// After the regional needs (when us-east-1 is watched): no key of
		// one is a key of the other, as their services differ.
		plan[globalRegion] = append(plan[globalRegion], forwarding.MergeNeeds(global...)...)
	}
	return plan, nil
}

// splitGlobal splits n into a need of its global-only services and one of
// the others, each with n's names, detail types, conditions and flags.
func splitGlobal(n forwarding.Need) (global, regional forwarding.Need) {
	global, regional = n, n
	global.Services, regional.Services = nil, nil
	for _, s := range n.Services {
		if s.GlobalOnly {
			global.Services = append(global.Services, s)
		} else {
			regional.Services = append(regional.Services, s)
		}
	}
	return global, regional
}

// globalServices are the catalog's global-only services.
func globalServices() []catalog.Service {
	var out []catalog.Service
	for _, s := range catalog.All() {
		if s.GlobalOnly {
			out = append(out, s)
		}
	}
	return out
}

// homeWatch is what one home rule watches, with the config field that
// turns it on.
type homeWatch struct {
	field string
	props apicall.RuleProps
}

// homeWatches are the home rules cfg turns on, without creating them.
func homeWatches(cfg *config.Config) []homeWatch {
	// The longest role ARN the stack puts in the patterns at deploy time.
	selfRole := "arn:aws-us-gov:iam::111111111111:role/" + strings.Repeat("x", MaxIAMRoleNameLength)
	var out []homeWatch
	for _, e := range Responders {
		d := e.Define(cfg)
		if d.Mode == string(contract.ModeOff) {
			continue
		}
		field := config.ContextKey + ".responders." + e.Section.Field()
		for _, r := range d.Rules {
			rp := apicall.RuleProps{Services: []string{r.Service}, EventNames: r.Events, EventNamePrefixes: r.Prefixes}
			if d.Mode != string(contract.ModeAlert) {
				rp.ExemptPrincipalARNs = []string{selfRole}
				if cfg.Organization.Enabled && d.Member {
					rp.ExemptPrincipalARNs = append(rp.ExemptPrincipalARNs, memberRoleExemption(cfg, d.ID))
				}
			}
			out = append(out, homeWatch{field, rp})
		}
	}
	return out
}

// Validate finds the configuration problems that only the stacks' makeup
// reveals, each named by its config field: a home rule that could never
// fire because its global-service events cannot be forwarded, a rule whose
// pattern breaks an EventBridge quota, a responder function whose
// environment would exceed Lambda's 4 KB limit. (IAM role names always fit:
// see FitIAMName.)
// It is a config.Check: pass it to config.Load so that these problems are
// reported with all others, before any stack is created.
func Validate(cfg *config.Config) config.Errors {
	var errs config.Errors
	add := func(field string, value any, allowed string) {
		errs = append(errs, &config.FieldError{Field: field, Value: value, Allowed: allowed})
	}
	watches := homeWatches(cfg)
	reported := map[string]bool{}
	var global []string
	for _, w := range watches {
		if err := w.props.Validate(); err != nil && !reported[w.field] {
			reported[w.field] = true
			field := w.field
			if field == "trailbridge.responders.auditReport" {
				field += ".events"
			}
			add(field, strings.Join(w.props.Services, ",")+": "+strings.Join(w.props.EventNames, ","),
				"what one EventBridge rule can match: "+strings.ReplaceAll(err.Error(), "\n", "; "))
		}
		services, _ := catalog.LookupAll(w.props.Services...)
		for _, s := range services {
			if s.GlobalOnly {
				global = append(global, w.field+" ("+s.Name+" "+strings.Join(append(slices.Clone(w.props.EventNames), w.props.EventNamePrefixes...), "/")+")")
			}
		}
	}
	for _, d := range cfg.DetectionList() {
		services, _ := catalog.LookupAll(d.Match.Services...)
		for _, s := range services {
			if s.GlobalOnly {
				global = append(global, detectionField(cfg, d)+" ("+d.ID+": "+s.Name+")")
			}
		}
	}
	if _, err := ShardDetections(cfg.DetectionList()); err != nil {
		add("trailbridge.detections.custom", len(cfg.Detections.Custom), err.Error())
	}
	if i := slices.Index(cfg.ExcludedRegions, catalog.HomeRegionGlobal); i >= 0 && cfg.HomeRegion != catalog.HomeRegionGlobal && len(global) > 0 {
		add(fmt.Sprintf("trailbridge.excludedRegions[%d]", i), catalog.HomeRegionGlobal,
			fmt.Sprintf("regions other than %s while home rules watch global-service events, which CloudTrail delivers only in %s: %s could never fire; set homeRegion to %s or turn them off",
				catalog.HomeRegionGlobal, catalog.HomeRegionGlobal, strings.Join(global, ", "), catalog.HomeRegionGlobal))
	}
	validateEnvironmentSizes(cfg, add)
	return errs
}

// detectionField is the configuration field that turns d on.
func detectionField(cfg *config.Config, d detection.Detection) string {
	switch d.Source {
	case detection.SourceCIS:
		return "trailbridge.detections.cis"
	case detection.SourceCustom:
		for i, c := range cfg.Detections.Custom {
			if c.ID == d.ID {
				return fmt.Sprintf("trailbridge.detections.custom[%d]", i)
			}
		}
	}
	return d.Control
}

// LambdaEnvironmentLimit is Lambda's limit on a function's environment:
// the keys and values of all its variables together, in bytes.
const LambdaEnvironmentLimit = 4096

// EnvironmentReserve is the part of LambdaEnvironmentLimit kept for the
// variables whose values are known only at deploy time (the home account,
// the function's role ARN, the member role name, the report bucket): at
// most 371 bytes with the longest partition name and IAM role names.
const EnvironmentReserve = 512

// ReservedEnvironment are the variables of a responder function whose
// values are known only at deploy time or come from the stack rather than
// the configuration: counted in EnvironmentReserve, not in
// FunctionEnvironment.
var ReservedEnvironment = []string{contract.EnvHomeAccount, contract.EnvSelfRoleARN, contract.EnvMemberRoleName, contract.EnvAuditBucket}

// FunctionEnvironment is the environment with literal values that the
// Response stack gives the function of responder d: the variables every
// responder gets in its mode (cfg.SharedEnvironment) and its own (d.Env).
// The stack adds only ReservedEnvironment variables to it; Validate checks
// its size, and tests/environment_test.go the synthesized functions.
func FunctionEnvironment(cfg *config.Config, d responder.Definition) map[string]string {
	env := cfg.SharedEnvironment(d.Mode)
	for k, v := range d.Env {
		env[k] = v
	}
	return env
}

// EnvironmentSize is what vars count against LambdaEnvironmentLimit.
func EnvironmentSize(vars map[string]string) int {
	n := 0
	for k, v := range vars {
		n += len(k) + len(v)
	}
	return n
}

// hasFunction reports whether the Response stack creates a function for
// responder d: in modes dry-run and remediate, not in off or alert.
func hasFunction(d responder.Definition) bool {
	return d.Mode != string(contract.ModeOff) && d.Mode != string(contract.ModeAlert)
}

// validateEnvironmentSizes refuses a configuration whose lists would not
// fit a responder function's environment: CloudFormation would fail the
// deployment, long after synth.
func validateEnvironmentSizes(cfg *config.Config, add func(field string, value any, allowed string)) {
	const budget = LambdaEnvironmentLimit - EnvironmentReserve
	var defs []responder.Definition
	for _, e := range Responders {
		if d := e.Define(cfg); hasFunction(d) {
			defs = append(defs, d)
		}
	}
	slices.SortFunc(defs, func(a, b responder.Definition) int { return strings.Compare(a.ID, b.ID) })
	// Blame the list that takes the most room: the one to shorten.
	lists := []struct{ field, key string }{
		{"trailbridge.exemptions.principals", contract.EnvExemptPrincipals},
		{"trailbridge.responders.trailGuard.protectedTrails", contract.EnvProtectedTrails},
		{"trailbridge.responders.openSecurityGroup.adminPorts", contract.EnvAdminPorts},
	}
	reported := map[string]bool{}
	for _, d := range defs {
		env := FunctionEnvironment(cfg, d)
		size := EnvironmentSize(env)
		if size <= budget {
			continue
		}
		field, longest := "trailbridge.exemptions.principals", -1
		for _, l := range lists {
			if v, ok := env[l.key]; ok && len(v) > longest {
				field, longest = l.field, len(v)
			}
		}
		if reported[field] {
			continue
		}
		reported[field] = true
		add(field, fmt.Sprintf("%d characters in the %s function's environment (%d in all)", longest, d.ID, size),
			fmt.Sprintf("at most %d characters in total (Lambda's 4 KB environment limit, less %d bytes for values known at deploy time); exempt with fewer, wider patterns", budget, EnvironmentReserve))
	}
}
