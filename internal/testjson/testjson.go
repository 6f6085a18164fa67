// Package testjson reads the JSON fixtures of tests (CloudFormation
// templates, app configurations, CloudTrail records): one JSON object per
// file, and a failed test when the file cannot be read or is not one.
//
// It is test support and needs no CDK, so the tests of CDK-free packages use
// it without starting the jsii runtime.
package testjson

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// Object returns the JSON object in the file at path, with numbers as
// float64 (as json.Unmarshal decodes them). It fails tb when the file cannot
// be read or does not hold a JSON object.
func Object(tb testing.TB, path string) map[string]any {
	tb.Helper()
	return read(tb, path, false)
}

// ObjectNumbers is Object with numbers as json.Number, so that they encode
// again exactly as the file writes them.
func ObjectNumbers(tb testing.TB, path string) map[string]any {
	tb.Helper()
	return read(tb, path, true)
}

func read(tb testing.TB, path string, numbers bool) map[string]any {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if numbers {
		dec.UseNumber()
	}
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return m
}
