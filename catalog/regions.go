package catalog

import (
	"slices"
	"strings"
)

// Partition names returned by Partition.
const (
	PartitionAWS      = "aws"        // commercial regions: the only partition trailbridge supports
	PartitionChina    = "aws-cn"     // China (Beijing, Ningxia)
	PartitionGovCloud = "aws-us-gov" // AWS GovCloud (US)
)

// Commercial regions enabled by default in every account.
var defaultRegions = []string{
	"ap-northeast-1", // Asia Pacific (Tokyo)
	"ap-northeast-2", // Asia Pacific (Seoul)
	"ap-northeast-3", // Asia Pacific (Osaka)
	"ap-south-1",     // Asia Pacific (Mumbai)
	"ap-southeast-1", // Asia Pacific (Singapore)
	"ap-southeast-2", // Asia Pacific (Sydney)
	"ca-central-1",   // Canada (Central)
	"eu-central-1",   // Europe (Frankfurt)
	"eu-north-1",     // Europe (Stockholm)
	"eu-west-1",      // Europe (Ireland)
	"eu-west-2",      // Europe (London)
	"eu-west-3",      // Europe (Paris)
	"sa-east-1",      // South America (São Paulo)
	"us-east-1",      // US East (N. Virginia)
	"us-east-2",      // US East (Ohio)
	"us-west-1",      // US West (N. California)
	"us-west-2",      // US West (Oregon)
}

// Commercial regions an account must opt in to (every region launched after
// March 2019). A rule or forwarder there does nothing until the region is
// enabled for the account.
var optInRegions = []string{
	"af-south-1",     // Africa (Cape Town)
	"ap-east-1",      // Asia Pacific (Hong Kong)
	"ap-east-2",      // Asia Pacific (Taipei)
	"ap-south-2",     // Asia Pacific (Hyderabad)
	"ap-southeast-3", // Asia Pacific (Jakarta)
	"ap-southeast-4", // Asia Pacific (Melbourne)
	"ap-southeast-5", // Asia Pacific (Malaysia)
	"ap-southeast-6", // Asia Pacific (New Zealand)
	"ap-southeast-7", // Asia Pacific (Thailand)
	"ca-west-1",      // Canada West (Calgary)
	"eu-central-2",   // Europe (Zurich)
	"eu-south-1",     // Europe (Milan)
	"eu-south-2",     // Europe (Spain)
	"il-central-1",   // Israel (Tel Aviv)
	"me-central-1",   // Middle East (UAE)
	"me-south-1",     // Middle East (Bahrain)
	"mx-central-1",   // Mexico (Central)
}

// Regions of other partitions. They are excluded from Regions and
// ValidRegion on purpose: trailbridge's rules, forwarders and ARNs assume the
// commercial "aws" partition. They are listed only so that error messages can
// say why such a region is refused.
var (
	chinaRegions    = []string{"cn-north-1", "cn-northwest-1"}
	govCloudRegions = []string{"us-gov-east-1", "us-gov-west-1"}
)

var allRegions = func() []string {
	all := slices.Concat(defaultRegions, optInRegions)
	slices.Sort(all)
	return all
}()

// Regions returns the sorted codes of the commercial AWS regions (partition
// "aws"), both those enabled by default and the opt-in ones. GovCloud
// (aws-us-gov) and China (aws-cn) regions are not included: trailbridge
// supports the commercial partition only.
func Regions() []string { return slices.Clone(allRegions) }

// ValidRegion reports whether r is the code of a commercial AWS region, e.g.
// "eu-west-1". It is case-sensitive, as region codes are.
func ValidRegion(r string) bool {
	_, ok := slices.BinarySearch(allRegions, r)
	return ok
}

// OptInRegion reports whether r is a commercial region that accounts must
// enable before use (such as af-south-1 or me-central-1). It is false for
// regions enabled by default and for unknown regions.
func OptInRegion(r string) bool { return slices.Contains(optInRegions, r) }

// Partition returns the partition of a known region: PartitionAWS for the
// commercial regions, PartitionChina or PartitionGovCloud for the regions
// trailbridge does not support, and "" for anything else.
func Partition(r string) string {
	switch {
	case ValidRegion(r):
		return PartitionAWS
	case slices.Contains(chinaRegions, r):
		return PartitionChina
	case slices.Contains(govCloudRegions, r):
		return PartitionGovCloud
	}
	return ""
}

// SuggestRegion returns up to three commercial regions close to r (a typo
// such as "us-east-7" or "euwest1", a prefix such as "eu-west", or an
// Availability Zone such as "us-east-1a"), closest first. It returns nil
// when nothing is close.
func SuggestRegion(r string) []string {
	return suggest(strings.ToLower(r), allRegions, 3)
}
