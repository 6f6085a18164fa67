// Package testflags defines the -update flag once for every test package
// of the module, so that `go test ./... -update` rewrites the golden files
// of the packages that have them and is accepted by the packages that do
// not (the go command passes the flag to every test binary, and a binary
// that does not define it fails).
//
// A test package imports it (for the Update value, or blank).
package testflags

import "flag"

// Update is true when the tests run with -update: golden files are rewritten.
var Update = flag.Bool("update", false, "rewrite golden files (testdata/*.golden*)")
