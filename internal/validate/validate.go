// Package validate holds the format rules of AWS names and ARNs that both the
// app configuration and the constructs check, so the two never disagree.
package validate

import (
	"net"
	"regexp"
	"strings"
)

var (
	reBucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	reKeyArn     = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key/(mrk-)?[0-9a-f-]{32,36}|alias/[A-Za-z0-9/_-]+)$`)
	reLambdaArn  = regexp.MustCompile(`^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$`)
	reEmail      = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// BucketNameRule describes what BucketName accepts, for error messages.
const BucketNameRule = "an S3 bucket name: 3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit"

// BucketName reports whether s is a valid general-purpose S3 bucket name.
func BucketName(s string) bool {
	return reBucketName.MatchString(s) && !strings.Contains(s, "..") && net.ParseIP(s) == nil &&
		!strings.HasPrefix(s, "xn--") && !strings.HasSuffix(s, "-s3alias")
}

// KeyARN reports whether s is a KMS key or alias ARN.
func KeyARN(s string) bool { return reKeyArn.MatchString(s) }

// LambdaARN reports whether s is a Lambda function ARN (optionally qualified).
func LambdaARN(s string) bool { return reLambdaArn.MatchString(s) }

// Email reports whether s looks like an e-mail address (one '@', a dot in the domain).
func Email(s string) bool { return reEmail.MatchString(s) }

// RetentionDays are the values CloudWatch Logs accepts for a log group's
// retention (PutRetentionPolicy), in increasing order.
var RetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// IsToken reports whether s holds an unresolved CDK token, whose value is
// only known at deploy time and so cannot be checked at synth. It looks for
// the string encoding of a token without a call into the jsii runtime.
func IsToken(s string) bool { return strings.Contains(s, "${Token[") }
