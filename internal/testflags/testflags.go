// Package testflags defines the -update flag of the test packages that keep
// golden files (testdata/*.golden*, tests/testdata/logical-ids), and the one
// command that rewrites them all (UpdateCommand).
//
// Only those packages import it (directly or through internal/cdktest), so
// only their test binaries accept -update: run UpdateCommand, not
// `go test ./... -update`, which the other packages reject ("flag provided
// but not defined"). TestUpdateCommandCoversEveryGoldenPackage fails when a
// package gains golden files without being listed here, or when the README
// stops showing the command.
package testflags

import "flag"

// Update is true when the tests run with -update: golden files are rewritten.
var Update = flag.Bool("update", false, "rewrite golden files (testdata/*.golden*)")

// GoldenPackages are the packages (directories relative to the module root)
// whose tests keep golden files and accept -update.
var GoldenPackages = []string{
	"cmd/trailbridge",
	"lambda/responders/auditreport", "lambda/responders/mfagroup", "lambda/responders/opensg",
	"lambda/responders/ownertags", "lambda/responders/publicbucket", "lambda/responders/trailguard",
	"simulate", "tests",
}

// UpdateCommand rewrites every golden file of the module; review the diff
// after it.
const UpdateCommand = "go test ./cmd/trailbridge/ ./lambda/responders/auditreport/ ./lambda/responders/mfagroup/ ./lambda/responders/opensg/ ./lambda/responders/ownertags/ ./lambda/responders/publicbucket/ ./lambda/responders/trailguard/ ./simulate/ ./tests/ -update"
