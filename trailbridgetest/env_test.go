package trailbridgetest

import (
	"slices"
	"testing"
)

// TestValidationOff: the re-executed binary must see CDK_VALIDATION=false.
// With an empty CDK_VALIDATION= already in the environment, appending a
// second entry is not enough (os.Getenv reads the first), and the binary
// re-executed itself forever.
func TestValidationOff(t *testing.T) {
	for _, tt := range []struct {
		name     string
		env, out []string
	}{
		{"unset", []string{"HOME=/h"},
			[]string{"HOME=/h", "CDK_VALIDATION=false", "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=18,20"}},
		{"set but empty", []string{"CDK_VALIDATION=", "HOME=/h", "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="},
			[]string{"HOME=/h", "CDK_VALIDATION=false", "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=18,20"}},
		{"banner setting kept", []string{"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=22"},
			[]string{"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=22", "CDK_VALIDATION=false"}},
	} {
		if got := validationOff(tt.env); !slices.Equal(got, tt.out) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.out)
		}
	}
}
