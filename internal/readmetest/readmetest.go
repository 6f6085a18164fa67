// Package readmetest reads the README's sections for the tests that check
// the README quotes what the code does (the Reliability table, the alert
// examples).
package readmetest

import (
	"os"
	"strings"
	"testing"
)

// Section returns the body of the section "## "+title of the Markdown file
// at path, up to the next "## " heading, failing tb when the file cannot be
// read or has no such section.
func Section(tb testing.TB, path, title string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## "+title+"\n")
	if !ok {
		tb.Fatalf("%s has no section %q", path, title)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	return section
}
