package actiontest

import (
	"maps"
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"
)

// renamed lists the SDK operations whose IAM action has another name.
var renamed = map[string]string{
	"s3:GetPublicAccessBlock":    "s3:GetBucketPublicAccessBlock",
	"s3:PutPublicAccessBlock":    "s3:PutBucketPublicAccessBlock",
	"s3:DeletePublicAccessBlock": "s3:DeleteBucketPublicAccessBlock",
	"s3:HeadBucket":              "s3:ListBucket",
	"s3:HeadObject":              "s3:GetObject",
}

// IAMAction returns the IAM action that SDK operation op of service (the
// IAM service prefix: "s3", "ec2", "iam", ...) requires.
func IAMAction(service, op string) string {
	a := service + ":" + op
	if r, ok := renamed[a]; ok {
		return r
	}
	return a
}

// Methods returns the method names of the interface type I, sorted.
func Methods[I any]() []string {
	t := reflect.TypeFor[I]()
	out := make([]string, 0, t.NumMethod())
	for i := range t.NumMethod() {
		out = append(out, t.Method(i).Name)
	}
	sort.Strings(out)
	return out
}

// Actions maps each operation of ops to its IAM action for service.
func Actions(service string, ops []string) []string {
	out := make([]string, 0, len(ops))
	for _, op := range ops {
		out = append(out, IAMAction(service, op))
	}
	return out
}

// Recorder collects "service:Operation" calls made through mocks; it is
// safe for concurrent use.
type Recorder struct {
	mu   sync.Mutex
	seen map[string]int
}

// Record notes one call of op on service.
func (r *Recorder) Record(service, op string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = map[string]int{}
	}
	r.seen[IAMAction(service, op)]++
}

// Actions returns the IAM actions of the calls recorded, sorted.
func (r *Recorder) Actions() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Sorted(maps.Keys(r.seen))
}

// Check fails tb unless declared (a package's Actions), fromInterfaces (the
// actions of its client interfaces' methods) and recorded (what its mocks
// saw) are the same set.
func Check(tb testing.TB, declared, fromInterfaces, recorded []string) {
	tb.Helper()
	norm := func(s []string) []string {
		s = slices.Clone(s)
		sort.Strings(s)
		return slices.Compact(s)
	}
	d, f, r := norm(declared), norm(fromInterfaces), norm(recorded)
	if len(d) != len(declared) {
		tb.Errorf("Actions has duplicates: %v", declared)
	}
	if !slices.Equal(d, f) {
		tb.Errorf("Actions = %v\nclient interfaces need %v", d, f)
	}
	if !slices.Equal(d, r) {
		tb.Errorf("Actions = %v\nmocks saw %v", d, r)
	}
}

// Options applies an SDK call's option functions to a zero O (such as
// ec2.Options), so that a mock can see what they set: the region of a
// call made for another account or region.
func Options[O any](opts []func(*O)) O {
	var o O
	for _, f := range opts {
		f(&o)
	}
	return o
}

// Answer is a mock operation's result: f's answer to in, or def with no
// error when the test left f nil.
func Answer[In, Out any](f func(*In) (*Out, error), in *In, def *Out) (*Out, error) {
	if f == nil {
		return def, nil
	}
	return f(in)
}
