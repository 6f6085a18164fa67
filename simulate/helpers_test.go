package simulate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	fixtureDir = "testdata/cdk.out"
	loopDir    = "testdata/loop.out"
	samplesDir = "../lambda/cloudtrail/testdata/samples" // the AWS user guides' records, with their attribution
)

func fixture(t testing.TB) *Assembly {
	t.Helper()
	a, err := LoadAssembly(fixtureDir)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// readFile reads the file name of samplesDir.
func readFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(samplesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// sample reads a CloudTrail record of samplesDir/events, moves it to
// region (when not empty) and wraps it as an EventBridge event.
func sample(t testing.TB, name, region string) []byte {
	t.Helper()
	data := readFile(t, filepath.Join("events", name))
	if region != "" {
		var rec map[string]any
		if err := json.Unmarshal(data, &rec); err != nil {
			t.Fatal(err)
		}
		rec["awsRegion"] = region
		var err error
		if data, err = json.Marshal(rec); err != nil {
			t.Fatal(err)
		}
	}
	ev, err := WrapRecord(data)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func route(t testing.TB, a *Assembly, event []byte) *Result {
	t.Helper()
	res, err := a.Route(event)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func firedPaths(res *Result) []string {
	out := []string{}
	for _, m := range res.Matches {
		out = append(out, m.Rule.DisplayPath())
	}
	return out
}

func reason(t testing.TB, res *Result, pathSuffix string) string {
	t.Helper()
	for _, m := range res.NotMatched {
		if m.Rule.Is(pathSuffix) {
			return m.Reason
		}
	}
	t.Fatalf("no reason for %s: it fired (%v) or does not exist", pathSuffix, firedPaths(res))
	return ""
}

func match(t testing.TB, res *Result, pathSuffix string) Match {
	t.Helper()
	ms := res.Fired(pathSuffix)
	if len(ms) != 1 {
		t.Fatalf("%s fired %d times; fired: %v", pathSuffix, len(ms), firedPaths(res))
	}
	return ms[0]
}

func rule(t testing.TB, a *Assembly, pathSuffix string) *Rule {
	t.Helper()
	rs := a.Rule(pathSuffix)
	if len(rs) != 1 {
		t.Fatalf("%d rules match %q", len(rs), pathSuffix)
	}
	return rs[0]
}

func containsAll(t testing.TB, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s = %q\nwant it to contain %q", what, s, sub)
		}
	}
}

func equalStrings(t testing.TB, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %q\nwant %q", what, got, want)
	}
}
