package stacks

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/constructs/forwarding"
	"github.com/trailbridge/trailbridge/internal/config"
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
