package audittrail

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
)

// bucketStub stands in for an imported bucket: Validate never calls it.
type bucketStub struct{ awss3.IBucket }

func TestPartialLifecycleMergesOverDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   *Lifecycle
		want Lifecycle
	}{
		{"nil", nil, DefaultLifecycle},
		{"transition only", &Lifecycle{TransitionDays: 30},
			Lifecycle{TransitionDays: 30, TransitionStorageClass: "GLACIER_IR", ExpirationDays: 2557, NoncurrentVersionExpirationDays: 90, AccessLogsExpirationDays: 365}},
		{"storage class only", &Lifecycle{TransitionStorageClass: "DEEP_ARCHIVE"},
			Lifecycle{TransitionDays: 90, TransitionStorageClass: "DEEP_ARCHIVE", ExpirationDays: 2557, NoncurrentVersionExpirationDays: 90, AccessLogsExpirationDays: 365}},
		{"never expire", &Lifecycle{ExpirationDays: Never},
			Lifecycle{TransitionDays: 90, TransitionStorageClass: "GLACIER_IR", ExpirationDays: Never, NoncurrentVersionExpirationDays: 90, AccessLogsExpirationDays: 365}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := (&TrailProps{Lifecycle: tt.in}).withDefaults().Lifecycle
			if *got != tt.want {
				t.Errorf("Lifecycle = %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

func TestNeverMeansNoExpiration(t *testing.T) {
	r := expiry("Rule", Never, Never)
	if r.Expiration != nil || r.NoncurrentVersionExpiration != nil {
		t.Errorf("expiry(Never, Never) expires: %+v", r)
	}
}

func TestLifecycleValidation(t *testing.T) {
	tests := []struct {
		name  string
		props *TrailProps
		want  string // "" for valid
	}{
		{"partial lifecycle is valid", &TrailProps{Lifecycle: &Lifecycle{TransitionDays: 30}}, ""},
		{"never is valid", &TrailProps{Lifecycle: &Lifecycle{TransitionDays: Never, ExpirationDays: Never, NoncurrentVersionExpirationDays: Never, AccessLogsExpirationDays: Never}}, ""},
		{"other negative", &TrailProps{Lifecycle: &Lifecycle{AccessLogsExpirationDays: -2}},
			"audittrail.TrailProps.Lifecycle.AccessLogsExpirationDays: got -2; allowed: a positive number of days, 0 for the default or Never (-1)"},
		{"transition past the default expiration", &TrailProps{Lifecycle: &Lifecycle{TransitionDays: 3000}},
			"audittrail.TrailProps.Lifecycle.ExpirationDays: got 2557; allowed: more than TransitionDays (3000), or Never"},
		{"existing bucket without lifecycle", &TrailProps{ExistingBucket: bucketStub{}}, ""},
		{"existing bucket with lifecycle", &TrailProps{ExistingBucket: bucketStub{}, Lifecycle: &Lifecycle{ExpirationDays: 30}},
			"audittrail.TrailProps.Lifecycle: got audittrail.Lifecycle{TransitionDays:0, TransitionStorageClass:\"\", ExpirationDays:30, NoncurrentVersionExpirationDays:0, AccessLogsExpirationDays:0}; allowed: nil with ExistingBucket"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.props.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate() = %v\nwant it to contain %s", err, tt.want)
			}
		})
	}
}
