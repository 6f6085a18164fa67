package eventpattern

import (
	"os"
	"testing"
)

// benchPattern is a typical trailbridge rule: one CloudTrail API family, a
// list of event names, successful calls only. bench/cmd/benchgo measures
// the same pattern, from the same file.
var benchPattern = func() string {
	b, err := os.ReadFile("testdata/bench_pattern.json")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// benchEvent is a ~3.5KB CloudTrail RunInstances record in its EventBridge
// envelope (provenance in testdata/cloudtrail_RunInstances_envelope.SOURCE.md).
func benchEvent(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile("testdata/cloudtrail_RunInstances_envelope.json")
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func BenchmarkMatchPreparsed(b *testing.B) {
	p, err := Compile([]byte(benchPattern))
	if err != nil {
		b.Fatal(err)
	}
	e, err := ParseEvent(benchEvent(b))
	if err != nil {
		b.Fatal(err)
	}
	if !p.MatchEvent(e) {
		b.Fatal("benchmark event does not match")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !p.MatchEvent(e) {
			b.Fatal("no match")
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "matches/s")
}

func BenchmarkMatchRaw(b *testing.B) {
	p, err := Compile([]byte(benchPattern))
	if err != nil {
		b.Fatal(err)
	}
	event := benchEvent(b)
	b.SetBytes(int64(len(event)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ok, err := p.Match(event)
		if err != nil || !ok {
			b.Fatal("no match", err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "matches/s")
}

func BenchmarkParseEvent(b *testing.B) {
	event := benchEvent(b)
	b.SetBytes(int64(len(event)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ParseEvent(event); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	src := []byte(benchPattern)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Compile(src); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMatchEventDoesNotAllocate guards the zero-allocation promise of
// MatchEvent for matching and non-matching events, including array
// backtracking and every operator kind.
func TestMatchEventDoesNotAllocate(t *testing.T) {
	event := benchEvent(t)
	e, err := ParseEvent(event)
	if err != nil {
		t.Fatal(err)
	}
	patterns := []string{
		benchPattern,
		`{"detail":{"eventName":["ListBuckets"]}}`,
		`{"detail":{"errorCode":[{"exists":true}]}}`,
		`{"detail":{"requestParameters":{"blockDeviceMapping":{"items":{"deviceName":["/dev/sdb"],"ebs":{"encrypted":[true]}}}}}}`,
		`{"detail":{"requestParameters":{"blockDeviceMapping":{"items":{"deviceName":["/dev/xvda"],"ebs":{"encrypted":[true]}}}}}}`,
		`{"detail":{"sourceIPAddress":[{"cidr":"192.0.2.0/24"}],"awsRegion":[{"prefix":"us-"},{"suffix":"-2"}]}}`,
		`{"detail":{"userIdentity":{"arn":[{"wildcard":"arn:aws:iam::*:user/*"}],"userName":[{"equals-ignore-case":"ALICE"}]}}}`,
		`{"detail":{"eventName":[{"anything-but":{"prefix":"Describe"}}],"eventVersion":[{"anything-but":["1.01","1.03"]}]}}`,
		`{"detail":{"requestParameters":{"instancesSet":{"items":{"minCount":[{"numeric":[">=",1,"<",10]}]}}}}}`,
		`{"$or":[{"source":["aws.s3"]},{"detail":{"eventName":[{"prefix":{"equals-ignore-case":"run"}}]}}]}`,
	}
	for _, src := range patterns {
		p, err := Compile([]byte(src))
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		allocs := testing.AllocsPerRun(100, func() { p.MatchEvent(e) })
		if allocs != 0 {
			t.Errorf("MatchEvent allocates %.1f times per run for %s", allocs, src)
		}
	}
}
