package stacks

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/forwarding"
	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/contract"
)

// ForwardingPlan is what each region other than home forwards to the home
// bus: region -> needs. Regions with nothing to forward are absent.
type ForwardingPlan map[string][]forwarding.Need

// Regions are the plan's regions, sorted.
func (p ForwardingPlan) Regions() []string {
	out := make([]string, 0, len(p))
	for r := range p {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
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
// elsewhere, watched or not. It is an error for a home rule to watch a
// global-only service when neither home is us-east-1 nor us-east-1 may
// forward (it is excluded): that rule could never fire.
func PlanForwarding(cfg *config.Config, needs []forwarding.Need) (ForwardingPlan, error) {
	const globalRegion = catalog.HomeRegionGlobal
	var regional, global []forwarding.Need
	for _, n := range needs {
		if n.GlobalOnly() {
			global = append(global, n)
		} else {
			regional = append(regional, n)
		}
	}
	plan := ForwardingPlan{}
	for _, r := range cfg.WatchedRegions()[1:] {
		if len(regional) > 0 {
			plan[r] = slices.Clone(regional)
		}
	}
	if cfg.HomeRegion != globalRegion && len(global) > 0 {
		if slices.Contains(cfg.ExcludedRegions, globalRegion) {
			var what []string
			for _, n := range global {
				for _, s := range n.Services {
					what = append(what, s.Name+" "+strings.Join(append(slices.Clone(n.EventNames), n.EventNamePrefixes...), "/"))
				}
			}
			return nil, fmt.Errorf("trailbridge: rules in %s watch global-service events (%s) that CloudTrail delivers only in %s, and trailbridge.excludedRegions excludes %s, so no forwarder can bring them: these rules could never fire. Remove %s from excludedRegions, set homeRegion to %s, or turn those responders and alerts off",
				cfg.HomeRegion, strings.Join(what, ", "), globalRegion, globalRegion, globalRegion, globalRegion)
		}
		plan[globalRegion] = append(plan[globalRegion], global...)
	}
	return plan, nil
}

// alertWatch is a home rule that alerts without a function.
type alertWatch struct {
	field   string // the config switch, e.g. "trailbridge.alerts.rootAccessKey"
	on      func(*config.Config) bool
	service string
	events  []string
}

// alertWatches are the function-less alert rules of the Response stack and
// what they watch (tests/forwarding_test.go checks them against the rules
// the stack builds).
var alertWatches = []alertWatch{
	{"trailbridge.alerts.rootSignIn", func(c *config.Config) bool { return c.Alerts.RootSignIn }, "signin", []string{"ConsoleLogin"}},
	{"trailbridge.alerts.signInWithoutMFA", func(c *config.Config) bool { return c.Alerts.SignInWithoutMFA }, "signin", []string{"ConsoleLogin"}},
	{"trailbridge.alerts.rootAccessKey", func(c *config.Config) bool { return c.Alerts.RootAccessKey }, "iam", []string{"CreateAccessKey"}},
	{"trailbridge.alerts.deleteDBInstance", func(c *config.Config) bool { return c.Alerts.DeleteDBInstance }, "rds", []string{"DeleteDBInstance"}},
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
	for _, define := range Responders {
		d := define(cfg)
		if d.Mode == string(contract.ModeOff) {
			continue
		}
		field := "trailbridge.responders." + d.ConfigField
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
	for _, a := range alertWatches {
		if a.on(cfg) {
			out = append(out, homeWatch{a.field, apicall.RuleProps{Services: []string{a.service}, EventNames: a.events}})
		}
	}
	return out
}

// Validate finds the configuration problems that only the stacks' makeup
// reveals, each named by its config field: a home rule that could never
// fire because its global-service events cannot be forwarded, a rule whose
// pattern breaks an EventBridge quota. (IAM role names always fit: see FitIAMName.)
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
	if i := slices.Index(cfg.ExcludedRegions, catalog.HomeRegionGlobal); i >= 0 && cfg.HomeRegion != catalog.HomeRegionGlobal && len(global) > 0 {
		add(fmt.Sprintf("trailbridge.excludedRegions[%d]", i), catalog.HomeRegionGlobal,
			fmt.Sprintf("regions other than %s while home rules watch global-service events, which CloudTrail delivers only in %s: %s could never fire; set homeRegion to %s or turn them off",
				catalog.HomeRegionGlobal, catalog.HomeRegionGlobal, strings.Join(global, ", "), catalog.HomeRegionGlobal))
	}
	return errs
}
