package operations

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/internal/suggest"
)

//go:generate go run ./gen -o operations.txt

//go:embed operations.txt
var generated string

// table is what one service records.
type table struct {
	api      map[string]bool // API operation names, renamed ones included
	accepted map[string]bool // event names accepted as they are
	sorted   []string        // accepted, sorted: the candidates of Suggest
	models   []string        // "<model>@<version>" of the generated table
}

var (
	loadOnce sync.Once
	tables   map[string]*table
)

func load() map[string]*table {
	loadOnce.Do(func() {
		var err error
		tables, err = parse(generated)
		if err != nil {
			panic("catalog/operations: operations.txt: " + err.Error())
		}
	})
	return tables
}

// parse reads the generated table and applies the hand-written ones.
func parse(text string) (map[string]*table, error) {
	out := map[string]*table{}
	for n, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 {
			return nil, fmt.Errorf("line %d: want <service> <models> <operation> [operation ...]", n+1)
		}
		t := &table{api: map[string]bool{}, accepted: map[string]bool{}, models: strings.Split(f[1], ",")}
		for _, op := range f[2:] {
			t.api[op] = true
			t.accepted[op] = true
		}
		out[f[0]] = t
	}
	out["signin"] = &table{api: map[string]bool{}, accepted: map[string]bool{}}
	for _, n := range signinEvents {
		out["signin"].accepted[n] = true
	}
	for svc, m := range renamed {
		t, ok := out[svc]
		if !ok {
			return nil, fmt.Errorf("renamed: no table for %q", svc)
		}
		for api, names := range m {
			if !t.api[api] {
				return nil, fmt.Errorf("renamed: %s has no operation %q", svc, api)
			}
			delete(t.accepted, api)
			for _, n := range names {
				t.accepted[n] = true
			}
		}
	}
	for svc, names := range also {
		t, ok := out[svc]
		if !ok {
			return nil, fmt.Errorf("also: no table for %q", svc)
		}
		for _, n := range names {
			t.accepted[n] = true
		}
	}
	for _, t := range out {
		for n := range t.accepted {
			t.sorted = append(t.sorted, n)
		}
		slices.Sort(t.sorted)
	}
	return out, nil
}

// lookup returns the table of service, given as catalog.Lookup accepts it
// ("s3", "aws.s3", "s3.amazonaws.com", "elb", ...), and its catalog name.
func lookup(service string) (*table, string) {
	s, err := catalog.Lookup(service)
	if err != nil {
		return nil, ""
	}
	return load()[s.Name], s.Name
}

// Services returns the sorted catalog names of the services that have a
// table of event names (every catalog service has one today).
func Services() []string {
	t := load()
	return slices.Sorted(maps.Keys(t))
}

// Covers reports whether service (any name catalog.Lookup accepts) has a
// table. Callers accept any event name of a service it does not cover.
func Covers(service string) bool {
	t, _ := lookup(service)
	return t != nil
}

// Has reports whether eventName is a CloudTrail event name of service (any
// name catalog.Lookup accepts): an API operation of the service's models
// that CloudTrail does not rename, a name of the hand-written tables, or, for
// Lambda and CloudFront, an API operation followed by an API version
// ("CreateFunction20150331", "UpdateDistribution2017_03_25"). The match is
// case-sensitive, as EventBridge's is. Has is false for a service that
// Covers does not cover.
func Has(service, eventName string) bool {
	t, name := lookup(service)
	if t == nil {
		return false
	}
	if t.accepted[eventName] {
		return true
	}
	if re := versioned[name]; re != nil {
		if m := re.FindStringSubmatch(eventName); m != nil && t.accepted[m[1]] {
			return true
		}
	}
	return false
}

// Suggest returns up to three event names of service close to name, nearest
// first: for an API operation that CloudTrail records under other names
// (S3's PutPublicAccessBlock), those names; for a versioned name with a
// misspelt operation ("CreateFuncton20150331"), the nearest operations with
// the same version; otherwise the nearest accepted names (internal/suggest's
// rule). It returns nil for a service that Covers does not cover, or when
// nothing is close.
func Suggest(service, name string) []string {
	t, svc := lookup(service)
	if t == nil {
		return nil
	}
	if names, ok := renamed[svc][name]; ok {
		return slices.Clone(names)
	}
	if re := versioned[svc]; re != nil {
		if m := re.FindStringSubmatch(name); m != nil {
			var out []string
			for _, c := range suggest.Closest(m[1], t.sorted, 3) {
				out = append(out, c+m[2])
			}
			if len(out) > 0 {
				return out
			}
		}
	}
	if out := suggest.Closest(name, t.sorted, 3); len(out) > 0 {
		return out
	}
	return nil
}

// Names returns the sorted event names of service that Has accepts as they
// are (for Lambda and CloudFront, the versioned forms are not listed), or nil
// for a service that Covers does not cover.
func Names(service string) []string {
	t, _ := lookup(service)
	if t == nil {
		return nil
	}
	return slices.Clone(t.sorted)
}

// Models returns the "<model>@<version>" API models service's table was
// generated from (nil for a service without a model, such as signin).
func Models(service string) []string {
	t, _ := lookup(service)
	if t == nil {
		return nil
	}
	return slices.Clone(t.models)
}
