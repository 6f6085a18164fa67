package responderkit_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

func TestInputChecks(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	for _, tt := range []struct {
		name string
		err  error
		ok   bool
	}{
		{"region", responderkit.CheckRegion("f", "eu-west-1"), true},
		{"gov region", responderkit.CheckRegion("f", "us-gov-west-1"), true},
		{"1 MB region", responderkit.CheckRegion("f", long), false},
		{"region with a NUL", responderkit.CheckRegion("f", "eu-west-1\x00"), false},
		{"bucket", responderkit.CheckBucketName("f", "example-bucket.logs"), true},
		{"legacy bucket", responderkit.CheckBucketName("f", "Legacy_Bucket"), true},
		{"bucket with a NUL", responderkit.CheckBucketName("f", "a\x00b"), false},
		{"bucket with a slash", responderkit.CheckBucketName("f", "a/b"), false},
		{"bucket too short", responderkit.CheckBucketName("f", "ab"), false},
		{"rds ARN", responderkit.CheckARN("f", "arn:aws:rds:eu-west-1:111111111111:db:orders", "rds"), true},
		{"ARN of another service", responderkit.CheckARN("f", "arn:aws:s3:eu-west-1:111111111111:db:orders", "rds"), false},
		{"ARN with a 1 MB region", responderkit.CheckARN("f", "arn:aws:rds:"+long+":111111111111:db:x", "rds"), false},
		{"ARN without account", responderkit.CheckARN("f", "arn:aws:rds:eu-west-1::db:x", "rds"), false},
		{"not an ARN", responderkit.CheckARN("f", "orders", "rds"), false},
	} {
		if (tt.err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok %v", tt.name, tt.err, tt.ok)
		}
		if tt.err != nil && (len(tt.err.Error()) > 300 || !strings.HasPrefix(tt.err.Error(), "f ")) {
			t.Errorf("%s: message %.400q: must name the field and stay short", tt.name, tt.err)
		}
	}
}

// TestBucketOwner checks that S3 calls expect the record's account as the
// bucket owner, and expect none when the record names no account ID.
func TestBucketOwner(t *testing.T) {
	for _, tt := range []struct {
		account string
		want    *string
	}{
		{"111111111111", aws.String("111111111111")},
		{"", nil},
		{"not-an-account", nil},
	} {
		ev := &responderkit.Event{Record: &cloudtrail.Record{RecipientAccountID: tt.account}}
		if got := ev.BucketOwner(); aws.ToString(got) != aws.ToString(tt.want) || (got == nil) != (tt.want == nil) {
			t.Errorf("account %q: BucketOwner() = %v, want %v", tt.account, aws.ToString(got), aws.ToString(tt.want))
		}
	}
}
