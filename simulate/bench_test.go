package simulate

import (
	"os"
	"path/filepath"
	"testing"
)

// corpus returns every CloudTrail record of lambda/cloudtrail's samples (the
// 123 records from the AWS user guides), wrapped as EventBridge events.
func corpus(b *testing.B) [][]byte {
	b.Helper()
	files, err := filepath.Glob("../lambda/cloudtrail/testdata/samples/events/*/*.json")
	if err != nil || len(files) == 0 {
		b.Skipf("no CloudTrail samples (%v)", err)
	}
	events := make([][]byte, 0, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		ins, err := Inputs(data, f)
		if err != nil {
			b.Fatal(err)
		}
		for _, in := range ins {
			events = append(events, in.Event)
		}
	}
	return events
}

// BenchmarkRouteCorpus routes every sample through the fixture assembly
// (14 rules in 4 regions, with forwarding), with the reasons for the rules
// that do not fire (Route) and without (RulesFiring). One op is the whole
// corpus; events/s is the throughput.
func BenchmarkRouteCorpus(b *testing.B) {
	a := fixture(b)
	events := corpus(b)
	for _, bm := range []struct {
		name string
		fn   func([]byte) error
	}{
		{"Route", func(e []byte) error { _, err := a.Route(e); return err }},
		{"RulesFiring", func(e []byte) error { _, err := a.RulesFiring(e); return err }},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				for _, e := range events {
					if err := bm.fn(e); err != nil {
						b.Fatal(err)
					}
				}
				n += len(events)
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(len(events)), "events/op")
		})
	}
}
