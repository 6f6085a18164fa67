package config

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/internal/suggest"
)

var (
	reOrgID = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	reOU    = regexp.MustCompile(`^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$`)
)

func (c *Config) validateRegions(errs *Errors) {
	checkList := func(field string, regions []string) {
		seen := map[string]bool{}
		for i, r := range regions {
			f := fmt.Sprintf("%s[%d]", field, i)
			switch {
			case !catalog.ValidRegion(r):
				errs.add(f, r, "an AWS region such as eu-west-1"+suggest.Hint(r, catalog.Regions()))
			case seen[r]:
				errs.add(f, r, "each region once")
			}
			seen[r] = true
		}
	}
	checkList("trailbridge.regions", c.Regions)
	checkList("trailbridge.excludedRegions", c.ExcludedRegions)
	checkList("trailbridge.organization.regions", c.Organization.Regions)
	if slices.Contains(c.ExcludedRegions, c.HomeRegion) {
		errs.add("trailbridge.excludedRegions", c.ExcludedRegions, fmt.Sprintf("regions other than the home region %s (it hosts the rules and cannot be opted out)", c.HomeRegion))
	}
	for i, r := range c.Regions {
		if slices.Contains(c.ExcludedRegions, r) {
			errs.add(fmt.Sprintf("trailbridge.regions[%d]", i), r, "a region that excludedRegions does not also list")
		}
	}
	o := c.Organization
	if !o.Enabled {
		return
	}
	if !reOrgID.MatchString(o.ID) {
		errs.add("trailbridge.organization.id", o.ID, "an organization ID such as o-a1b2c3d4e5 (required in organization mode)")
	}
	if len(o.OrganizationalUnitIDs) == 0 {
		errs.add("trailbridge.organization.organizationalUnitIds", o.OrganizationalUnitIDs, "at least one OU ID (ou-...) or the root ID (r-...) whose accounts get forwarders")
	}
	for i, ou := range o.OrganizationalUnitIDs {
		if !reOU.MatchString(ou) {
			errs.add(fmt.Sprintf("trailbridge.organization.organizationalUnitIds[%d]", i), ou, "an OU ID (ou-xxxx-xxxxxxxx) or a root ID (r-xxxx)")
		}
	}
	if p := o.FailureTolerancePercentage; p < 0 || p > 100 {
		errs.add("trailbridge.organization.failureTolerancePercentage", p, "0 to 100")
	}
	if p := o.MaxConcurrentPercentage; p < 1 || p > 100 {
		errs.add("trailbridge.organization.maxConcurrentPercentage", p, "1 to 100")
	}
	if c.Account == "" {
		errs.add("trailbridge.account", c.Account, "the security account's 12-digit ID in organization mode (member forwarders name its bus; set it or CDK_DEFAULT_ACCOUNT)")
	}
}

// WatchedRegions are the home region and the configured regions, minus the
// excluded ones, home first then sorted.
func (c *Config) WatchedRegions() []string {
	out := []string{c.HomeRegion}
	var rest []string
	for _, r := range c.Regions {
		if r != c.HomeRegion && !slices.Contains(c.ExcludedRegions, r) {
			rest = append(rest, r)
		}
	}
	slices.Sort(rest)
	return append(out, slices.Compact(rest)...)
}
