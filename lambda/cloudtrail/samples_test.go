package cloudtrail

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// manifestEntry is one line of testdata/samples/manifest.jsonl.
type manifestEntry struct {
	File        string  `json:"file"`
	EventSource string  `json:"eventSource"`
	EventName   string  `json:"eventName"`
	AWSRegion   string  `json:"awsRegion"`
	EventType   *string `json:"eventType"`
	ReadOnly    any     `json:"readOnly"` // bool, or "<absent>"
	ErrorCode   *string `json:"errorCode"`
}

// envelopeManifestEntry is one line of testdata/samples/envelopes_manifest.jsonl.
type envelopeManifestEntry struct {
	File       string `json:"file"`
	DetailType string `json:"detail-type"`
	Source     string `json:"envelope_source"`
	Region     string `json:"region"`
	DetailFile string `json:"detail_file"`
}

func readJSONL[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustParse(t testing.TB, path string) *Envelope {
	t.Helper()
	e, err := Parse(readFile(t, path))
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	return e
}

const samplesDir = "testdata/samples"

// TestSamplesParse parses every AWS documentation record and checks it
// against the summary fields of the manifest.
func TestSamplesParse(t *testing.T) {
	entries := readJSONL[manifestEntry](t, filepath.Join(samplesDir, "manifest.jsonl"))
	files, err := filepath.Glob(filepath.Join(samplesDir, "events", "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(files) || len(files) != 145 {
		t.Fatalf("manifest lists %d records, events/ holds %d files; want 145 of each", len(entries), len(files))
	}
	for _, m := range entries {
		t.Run(m.File, func(t *testing.T) {
			e := mustParse(t, filepath.Join(samplesDir, m.File))
			r := &e.Detail
			if !e.Bare {
				t.Error("Bare = false for a bare record")
			}
			if len(r.Warnings) != 0 {
				t.Errorf("Warnings = %q", r.Warnings)
			}
			if r.EventSource != m.EventSource || r.EventName != m.EventName || r.AWSRegion != m.AWSRegion {
				t.Errorf("got %s %s %s, manifest says %s %s %s",
					r.EventSource, r.EventName, r.AWSRegion, m.EventSource, m.EventName, m.AWSRegion)
			}
			if m.EventType != nil && r.EventType != *m.EventType || m.EventType == nil && r.EventType != "" {
				t.Errorf("EventType = %q, manifest says %v", r.EventType, m.EventType)
			}
			switch ro := m.ReadOnly.(type) {
			case bool:
				if r.ReadOnly == nil || *r.ReadOnly != ro {
					t.Errorf("ReadOnly = %v, manifest says %v", r.ReadOnly, ro)
				}
			default:
				if r.ReadOnly != nil {
					t.Errorf("ReadOnly = %v, manifest says absent", *r.ReadOnly)
				}
			}
			wantCode := ""
			if m.ErrorCode != nil {
				wantCode = *m.ErrorCode
			}
			if r.ErrorCode != wantCode || r.Failed() != (wantCode != "") {
				t.Errorf("ErrorCode = %q, Failed = %v; manifest says %q", r.ErrorCode, r.Failed(), wantCode)
			}
			if got := "events/" + r.Service() + "/"; !strings.HasPrefix(m.File, got) {
				t.Errorf("Service() = %q, file is %s", r.Service(), m.File)
			}
			if r.EventTime.IsZero() {
				t.Error("EventTime is zero")
			}
			if e.Region != r.AWSRegion || !e.Time.Equal(r.EventTime) || e.Source != "aws."+r.Service() {
				t.Errorf("derived envelope %q %v %q does not match the record", e.Region, e.Time, e.Source)
			}
		})
	}
}

// TestSampleEnvelopesParse parses every EventBridge envelope sample and
// checks that its detail equals the bare record it carries.
func TestSampleEnvelopesParse(t *testing.T) {
	entries := readJSONL[envelopeManifestEntry](t, filepath.Join(samplesDir, "envelopes_manifest.jsonl"))
	files, _ := filepath.Glob(filepath.Join(samplesDir, "envelopes", "*", "*.json"))
	if len(entries) != len(files) || len(files) != 4 {
		t.Fatalf("manifest lists %d envelopes, envelopes/ holds %d files; want 4 of each", len(entries), len(files))
	}
	for _, m := range entries {
		t.Run(m.File, func(t *testing.T) {
			e := mustParse(t, filepath.Join(samplesDir, m.File))
			if e.Bare {
				t.Error("Bare = true for an envelope")
			}
			if e.DetailType != m.DetailType || e.Source != m.Source || e.Region != m.Region {
				t.Errorf("got %q %q %q, manifest says %q %q %q", e.DetailType, e.Source, e.Region, m.DetailType, m.Source, m.Region)
			}
			if e.Version != "0" || e.ID == "" || e.Account == "" || e.Time.IsZero() || e.Resources == nil || len(e.Resources) != 0 {
				t.Errorf("envelope fields: %+v", e)
			}
			bare := mustParse(t, filepath.Join(samplesDir, m.DetailFile))
			if !reflect.DeepEqual(e.Detail, bare.Detail) {
				t.Errorf("detail differs from %s:\n got %+v\nwant %+v", m.DetailFile, e.Detail, bare.Detail)
			}
			if bare.DetailType != e.DetailType {
				t.Errorf("derived DetailType %q, envelope has %q", bare.DetailType, e.DetailType)
			}
		})
	}
}

// allJSONFiles lists every sample and fixture.
func allJSONFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{
		filepath.Join(samplesDir, "*", "*", "*.json"),
		filepath.Join("testdata", "fixtures", "*.json"),
	} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	return files
}

// TestRoundTrip checks that a parsed record marshals to JSON that parses to
// the same record, and that an envelope survives json.Unmarshal.
func TestRoundTrip(t *testing.T) {
	for _, f := range allJSONFiles(t) {
		t.Run(f, func(t *testing.T) {
			e := mustParse(t, f)
			b, err := json.Marshal(&e.Detail)
			if err != nil {
				t.Fatal(err)
			}
			again, err := Parse(b)
			if err != nil {
				t.Fatalf("reparse: %v\n%s", err, b)
			}
			if !reflect.DeepEqual(semantic(t, again.Detail), semantic(t, e.Detail)) {
				t.Errorf("round trip differs:\n got %+v\nwant %+v", again.Detail, e.Detail)
			}
			var viaJSON Envelope
			if err := json.Unmarshal(readFile(t, f), &viaJSON); err != nil {
				t.Fatalf("json.Unmarshal: %v", err)
			}
			if !reflect.DeepEqual(&viaJSON, e) {
				t.Errorf("json.Unmarshal differs from Parse")
			}
		})
	}
}

// semantic returns r with its verbatim sections re-encoded, so that records
// that differ only in JSON spelling (json.Marshal escapes <, > and &) compare
// equal.
func semantic(t *testing.T, r Record) Record {
	t.Helper()
	r.Warnings = nil // an unreadable creationDate is dropped, and its warning with it
	for _, raw := range []*json.RawMessage{&r.RequestParameters, &r.ResponseElements,
		&r.AdditionalEventData, &r.ServiceEventDetails, &r.InsightDetails} {
		if *raw == nil {
			continue
		}
		var v any
		if err := json.Unmarshal(*raw, &v); err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		*raw = b
	}
	return r
}
