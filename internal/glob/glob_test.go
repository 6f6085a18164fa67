package glob

import (
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		want, fold bool // fold: the result of MatchFold, when it differs
	}{
		{"*", "", true, true},
		{"", "", true, true},
		{"", "x", false, false},
		{"*", "arn:aws:iam::1:role/a/b", true, true},
		{"arn:aws:iam::*:role/Admin", "arn:aws:iam::111111111111:role/Admin", true, true},
		{"arn:aws:iam::*:role/Admin", "arn:aws:iam::111111111111:role/Admins", false, false},
		{"arn:aws:iam::*:role/Admin*", "arn:aws:iam::111111111111:role/Admins", true, true},
		{"arn:aws:iam::*:role/*/Admin", "arn:aws:iam::111111111111:role/a/b/Admin", true, true},
		{"arn:aws:iam::11111111111?:user/x", "arn:aws:iam::111111111112:user/x", true, true},
		{"arn:aws:iam::11111111111?:user/x", "arn:aws:iam::11111111111:user/x", false, false},
		{"a*b*c", "aXbYc", true, true},
		{"a*b*c", "aXbY", false, false},
		{"ARN:*", "arn:x", false, true}, // ARNs are case-sensitive, IAM action names are not
		{"**", "x", true, true},
		{"a*a*a*a*a*a*a*a*b", strings.Repeat("a", 200), false, false},
		{"kms:GenerateDataKey*", "kms:GenerateDataKey", true, true},
		{"KMS:decrypt", "kms:Decrypt", false, true},
		{"kms:Generate?ataKey", "kms:GenerateDataKey", true, true},
		{"kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateDataKey", false, false},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, tt.s); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
		if got := MatchFold(tt.pattern, tt.s); got != tt.fold {
			t.Errorf("MatchFold(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.fold)
		}
	}
}
