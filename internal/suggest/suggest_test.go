package suggest

import (
	"reflect"
	"testing"
)

func TestClosest(t *testing.T) {
	regions := []string{"us-east-1", "us-east-2", "us-west-2", "eu-west-1"}
	cases := []struct {
		word string
		want []string
	}{
		{"us-east-3", []string{"us-east-1", "us-east-2"}},
		{"US-WEST-2", []string{"us-west-2", "us-east-2"}},
		{"ap-south-9", nil},
	}
	for _, c := range cases {
		got := Closest(c.word, regions, 2)
		if len(got) == 0 && len(c.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Closest(%q) = %v, want %v", c.word, got, c.want)
		}
	}
}

func TestHint(t *testing.T) {
	if got, want := Hint("homeRegoin", []string{"homeRegion", "account"}), `; did you mean "homeRegion"?`; got != want {
		t.Errorf("Hint = %q, want %q", got, want)
	}
	if got := Hint("zzzzzzzz", []string{"homeRegion"}); got != "" {
		t.Errorf("Hint for nothing close = %q, want empty", got)
	}
}
