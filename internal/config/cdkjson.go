package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
)

// ReadCDKJSON returns the "context" object of a cdk.json file, or nil if the
// file does not exist. The app uses it when run with `go run .` outside the
// CDK CLI, so both ways synthesize with the same feature flags and settings.
//
// A number that does not fit a 64-bit float (1e400) is reported as an
// *Errors naming its context path: the CDK (JavaScript) would turn it into
// Infinity and then null, far from what was written.
func ReadCDKJSON(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var doc struct {
		Context map[string]any `json:"context"`
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var errs Errors
	for _, k := range sortedKeys(doc.Context) {
		doc.Context[k] = toFloats(doc.Context[k], k, &errs)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return doc.Context, nil
}

// toFloats turns the json.Numbers in v into float64 (what the jsii runtime
// passes on), reporting each number out of float64's range.
func toFloats(v any, path string, errs *Errors) any {
	switch x := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			errs.add(path, x, "a number within the range of a 64-bit float (about ±1.8e308); integer fields take whole numbers")
			return nil
		}
		return f
	case map[string]any:
		for _, k := range sortedKeys(x) {
			x[k] = toFloats(x[k], path+"."+k, errs)
		}
	case []any:
		for i, e := range x {
			x[i] = toFloats(e, fmt.Sprintf("%s[%d]", path, i), errs)
		}
	}
	return v
}
