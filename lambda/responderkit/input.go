package responderkit

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/trailbridge/trailbridge/internal/contract"
)

// Event input that reaches an SDK call (a region, a bucket name, an ARN) is
// checked before the call, so that a malformed record is rejected with an
// error naming the field, never sent to AWS or to a client that cannot
// build a request from it.

// maxShown bounds how much of a bad value an error message quotes.
const maxShown = 80

// quote returns s quoted, cut to maxShown bytes (with its length) when
// longer: a 1 MB field must not make a 1 MB log line.
func quote(s string) string {
	if len(s) <= maxShown {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q... (%d bytes)", s[:maxShown], len(s))
}

// regionRE matches region names: us-east-1, us-gov-west-1, cn-north-1,
// us-isob-east-1, eusc-de-east-1.
var regionRE = regexp.MustCompile(`^[a-z]{2,4}(-[a-z]+){1,3}-[0-9]{1,2}$`)

// CheckRegion returns an error unless region is a region name such as
// eu-west-1 (at most 32 characters).
func CheckRegion(field, region string) error {
	if len(region) > 32 || !regionRE.MatchString(region) {
		return fmt.Errorf("%s %s: not a region name; allowed: such as eu-west-1", field, quote(region))
	}
	return nil
}

var (
	bucketRE       = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	legacyBucketRE = regexp.MustCompile(`^[A-Za-z0-9._-]{3,255}$`)
	ipRE           = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$`)
)

// CheckBucketName returns an error unless name is an S3 bucket name: 3 to
// 63 lower-case letters, digits, "." and "-", starting and ending with a
// letter or digit, without ".." and not an IP address; or a legacy name
// of us-east-1 buckets created before March 2018 (up to 255 letters,
// digits, ".", "_" and "-").
func CheckBucketName(field, name string) error {
	ok := bucketRE.MatchString(name) && !strings.Contains(name, "..") && !ipRE.MatchString(name) || legacyBucketRE.MatchString(name)
	if !ok {
		return fmt.Errorf("%s %s: not an S3 bucket name; allowed: 3 to 63 lower-case letters, digits, . and - (legacy: up to 255 letters, digits, . _ -)", field, quote(name))
	}
	return nil
}

// CheckAccount returns an error unless account is a 12-digit account ID.
func CheckAccount(field, account string) error {
	if contract.Account(account) != "" {
		return fmt.Errorf("%s %s: not an account ID; allowed: 12 digits", field, quote(account))
	}
	return nil
}

// CheckARN returns an error unless arn is an ARN of service
// (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE) with a region name, a
// 12-digit account ID and a resource, at most 2048 characters.
func CheckARN(field, arn, service string) error {
	parts := strings.SplitN(arn, ":", 6)
	switch {
	case len(arn) > 2048 || len(parts) != 6 || parts[0] != "arn" || !strings.HasPrefix(parts[1], "aws") || parts[5] == "":
		return fmt.Errorf("%s %s: not an ARN; allowed: arn:PARTITION:%s:REGION:ACCOUNT:RESOURCE", field, quote(arn), service)
	case parts[2] != service:
		return fmt.Errorf("%s %s: not an ARN of %s", field, quote(arn), service)
	}
	if err := CheckRegion(field+" region", parts[3]); err != nil {
		return err
	}
	return CheckAccount(field+" account", parts[4])
}
