package operations

import "testing"

func TestUnknown(t *testing.T) {
	tests := []struct {
		services []string
		name     string
		want     string
	}{
		{[]string{"iam"}, "CreateUser", ""},
		{[]string{"iam"}, "CreateUsr", `an operation of iam (CloudTrail event name); did you mean "CreateUser"?`},
		// Known by one of the services: fine.
		{[]string{"s3", "iam"}, "CreateUser", ""},
		{[]string{"no-such-service", "iam"}, "CreateUsr", ""},
		{nil, "CreateUsr", ""},
	}
	for _, tt := range tests {
		got := Unknown(tt.services, tt.name)
		if got != tt.want {
			t.Errorf("Unknown(%q, %q) = %q, want %q", tt.services, tt.name, got, tt.want)
		}
	}
}
