package validate

import (
	"errors"
	"fmt"
)

// Problems collects every problem of one props value, so that its Validate
// reports them all at once (errors.Join), each naming the field, the bad
// value and what is allowed.
type Problems struct {
	typ  string
	errs []error
}

// NewProblems starts the problems of the props type typ, written as
// "package.Type" (e.g. "golambda.FunctionProps"), which starts each message.
func NewProblems(typ string) *Problems { return &Problems{typ: typ} }

// Add records that field holds value, and what it allows instead:
// "<typ>.<field>: got <value as Go syntax>; allowed: <allowed>".
func (p *Problems) Add(field string, value any, allowed string) {
	p.errs = append(p.errs, fmt.Errorf("%s.%s: got %#v; allowed: %s", p.typ, field, value, allowed))
}

// AddError records a problem worded elsewhere (err names its field).
func (p *Problems) AddError(err error) { p.errs = append(p.errs, err) }

// Err is every problem joined, one per line; nil when there are none.
func (p *Problems) Err() error { return errors.Join(p.errs...) }
