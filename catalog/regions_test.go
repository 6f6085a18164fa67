package catalog

import (
	"slices"
	"testing"
)

func TestRegions(t *testing.T) {
	r := Regions()
	if !slices.IsSorted(r) {
		t.Error("Regions() is not sorted")
	}
	if len(r) != len(defaultRegions)+len(optInRegions) || len(r) != 34 {
		t.Errorf("len(Regions()) = %d; want 34", len(r))
	}
	if len(slices.Compact(slices.Clone(r))) != len(r) {
		t.Error("Regions() has duplicates")
	}
	r[0] = "mutated"
	if Regions()[0] == "mutated" {
		t.Error("Regions() returns the package's slice")
	}
}

func TestValidRegion(t *testing.T) {
	tests := []struct {
		region string
		valid  bool
		optIn  bool
		part   string
	}{
		{"us-east-1", true, false, "aws"},
		{"us-west-2", true, false, "aws"},
		{"eu-west-1", true, false, "aws"},
		{"ap-northeast-3", true, false, "aws"},
		{"sa-east-1", true, false, "aws"},
		{"af-south-1", true, true, "aws"},
		{"ap-east-1", true, true, "aws"},
		{"ap-east-2", true, true, "aws"},
		{"ap-south-2", true, true, "aws"},
		{"ap-southeast-3", true, true, "aws"},
		{"ap-southeast-4", true, true, "aws"},
		{"ap-southeast-5", true, true, "aws"},
		{"ap-southeast-6", true, true, "aws"},
		{"ap-southeast-7", true, true, "aws"},
		{"ca-west-1", true, true, "aws"},
		{"eu-central-2", true, true, "aws"},
		{"eu-south-1", true, true, "aws"},
		{"eu-south-2", true, true, "aws"},
		{"il-central-1", true, true, "aws"},
		{"me-central-1", true, true, "aws"},
		{"me-south-1", true, true, "aws"},
		{"mx-central-1", true, true, "aws"},
		// Other partitions: excluded on purpose.
		{"us-gov-west-1", false, false, "aws-us-gov"},
		{"us-gov-east-1", false, false, "aws-us-gov"},
		{"cn-north-1", false, false, "aws-cn"},
		{"cn-northwest-1", false, false, "aws-cn"},
		// Not regions.
		{"US-EAST-1", false, false, ""},
		{"us-east-7", false, false, ""},
		{"us-east-1a", false, false, ""},
		{"global", false, false, ""},
		{"", false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			if got := ValidRegion(tt.region); got != tt.valid {
				t.Errorf("ValidRegion = %v; want %v", got, tt.valid)
			}
			if got := OptInRegion(tt.region); got != tt.optIn {
				t.Errorf("OptInRegion = %v; want %v", got, tt.optIn)
			}
			if got := Partition(tt.region); got != tt.part {
				t.Errorf("Partition = %q; want %q", got, tt.part)
			}
		})
	}
}

func TestSuggestRegion(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"us-east-7", []string{"us-east-1", "us-east-2"}},
		{"useast1", []string{"us-east-1"}},
		{"US-EAST-1", []string{"us-east-1"}},
		{"us-east-1a", []string{"us-east-1", "us-east-2"}},
		{"eu-west", []string{"eu-west-1", "eu-west-2", "eu-west-3"}},
		{"eu-centrl-1", []string{"eu-central-1", "eu-central-2"}},
		{"mars-north-1", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := SuggestRegion(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("SuggestRegion(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}
