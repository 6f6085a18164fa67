package cloudtrail

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"reflect"
	"testing"
)

// logFileOfSamples builds a CloudTrail log file from every AWS sample record.
func logFileOfSamples(t *testing.T) ([]byte, []Record) {
	t.Helper()
	var raws [][]byte
	var want []Record
	for _, f := range allJSONFiles(t) {
		e := mustParse(t, f)
		if !e.Bare {
			continue
		}
		raws = append(raws, readFile(t, f))
		want = append(want, e.Detail)
	}
	data := append([]byte(`{"Records": [`), bytes.Join(raws, []byte(","))...)
	data = append(data, "]}"...)
	if !json.Valid(data) {
		t.Fatal("log file is not valid JSON")
	}
	return data, want
}

// gzipped returns data gzip-compressed, as CloudTrail delivers log files.
func gzipped(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseLogFile(t *testing.T) {
	plain, want := logFileOfSamples(t)
	for name, data := range map[string][]byte{"plain": plain, "gzip": gzipped(t, plain)} {
		t.Run(name, func(t *testing.T) {
			got, err := ParseLogFile(data)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) || len(got) < 123 {
				t.Fatalf("got %d records, want %d", len(got), len(want))
			}
			for i := range got {
				if !reflect.DeepEqual(semantic(t, got[i]), semantic(t, want[i])) {
					t.Errorf("record %d differs from parsing its file", i)
				}
			}
		})
	}
	got, err := ParseLogFile([]byte(`{"Records":[]}`))
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("empty log file: %v, %v", got, err)
	}
	// A bad record stops parsing; the records before it are returned.
	got, err = ParseLogFile([]byte(`{"Records":[` + minimal + `,` + minimal + `,{}]}`))
	if pe := asParseError(t, err); pe.Field != "Records[2].eventVersion" || len(got) != 2 {
		t.Errorf("bad third record: %d records, %v", len(got), err)
	}
}
