package validate

import "testing"

func TestRules(t *testing.T) {
	cases := []struct {
		name string
		fn   func(string) bool
		in   string
		want bool
	}{
		{"bucket ok", BucketName, "my-logs.example", true},
		{"bucket upper", BucketName, "My-Logs", false},
		{"bucket ip", BucketName, "192.168.5.4", false},
		{"bucket dots", BucketName, "a..b", false},
		{"key ok", KeyARN, "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", true},
		{"key alias", KeyARN, "arn:aws:kms:us-east-1:111111111111:alias/trail", true},
		{"key bad", KeyARN, "arn:aws:s3:::bucket", false},
		{"lambda ok", LambdaARN, "arn:aws:lambda:eu-west-1:111111111111:function:fn", true},
		{"lambda alias", LambdaARN, "arn:aws:lambda:eu-west-1:111111111111:function:fn:live", true},
		{"lambda bad", LambdaARN, "fn", false},
		{"email ok", Email, "ops@example.com", true},
		{"email bad", Email, "ops@", false},
	}
	for _, c := range cases {
		if got := c.fn(c.in); got != c.want {
			t.Errorf("%s: %q -> %v, want %v", c.name, c.in, got, c.want)
		}
	}
}
