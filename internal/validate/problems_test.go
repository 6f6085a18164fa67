package validate

import (
	"errors"
	"testing"
)

func TestProblems(t *testing.T) {
	p := NewProblems("pkg.Props")
	if err := p.Err(); err != nil {
		t.Fatalf("no problems: Err() = %v, want nil", err)
	}
	p.Add("Name", "x y", "letters")
	p.Add("Size", 0, "1 to 10")
	p.Add("Fn", nil, "a function")
	wrapped := errors.New("pkg.Props.Other: worded elsewhere")
	p.AddError(wrapped)
	err := p.Err()
	want := "pkg.Props.Name: got \"x y\"; allowed: letters\n" +
		"pkg.Props.Size: got 0; allowed: 1 to 10\n" +
		"pkg.Props.Fn: got <nil>; allowed: a function\n" +
		"pkg.Props.Other: worded elsewhere"
	if err == nil || err.Error() != want {
		t.Errorf("Err() = %v, want %q", err, want)
	}
	if !errors.Is(err, wrapped) {
		t.Errorf("Err() does not wrap the error AddError recorded")
	}
}
