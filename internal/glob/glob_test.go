package glob

import (
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"", "", true},
		{"", "x", false},
		{"*", "arn:aws:iam::1:role/a/b", true},
		{"arn:aws:iam::*:role/Admin", "arn:aws:iam::111111111111:role/Admin", true},
		{"arn:aws:iam::*:role/Admin", "arn:aws:iam::111111111111:role/Admins", false},
		{"arn:aws:iam::*:role/Admin*", "arn:aws:iam::111111111111:role/Admins", true},
		{"arn:aws:iam::*:role/*/Admin", "arn:aws:iam::111111111111:role/a/b/Admin", true},
		{"arn:aws:iam::11111111111?:user/x", "arn:aws:iam::111111111112:user/x", true},
		{"arn:aws:iam::11111111111?:user/x", "arn:aws:iam::11111111111:user/x", false},
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "aXbY", false},
		{"ARN:*", "arn:x", false}, // ARNs are case-sensitive
		{"**", "x", true},
		{"a*a*a*a*a*a*a*a*b", strings.Repeat("a", 200), false},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, tt.s); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}

func TestMatchFold(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"kms:GenerateDataKey*", "kms:GenerateDataKey", true},
		{"kms:*", "kms:Decrypt", true},
		{"*", "kms:Decrypt", true},
		{"KMS:decrypt", "kms:Decrypt", true},
		{"kms:Generate?ataKey", "kms:GenerateDataKey", true},
		{"kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateDataKey", false},
		{"kms:Encrypt", "kms:Decrypt", false},
	}
	for _, tt := range tests {
		if got := MatchFold(tt.pattern, tt.s); got != tt.want {
			t.Errorf("MatchFold(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}
