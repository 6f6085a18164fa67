// Command gatecheck runs the trailbridge gates (internal/gates) over
// synthesized CloudFormation templates and prints every finding. Arguments
// are template files or cloud assembly directories (their *.template.json).
// A StackSet's inline template is checked with its stack; its findings name
// "<StackSet ID>/<resource>". Organization mode's member template is a file
// asset, <stack>.MemberForwarders.template.json, checked as a template of the
// assembly directory.
// It exits 1 when a gate finds something, 2 when a template can't be read.
//
//	go run ./cmd/gatecheck cdk.out/default cdk.out/everything
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/trailbridge/trailbridge/internal/gates"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: gatecheck <template.json | cdk.out dir>...")
		os.Exit(2)
	}
	var files []string
	for _, arg := range os.Args[1:] {
		if st, err := os.Stat(arg); err == nil && st.IsDir() {
			matches, _ := filepath.Glob(filepath.Join(arg, "*.template.json"))
			if len(matches) == 0 {
				fail("%s: no *.template.json", arg)
			}
			files = append(files, matches...)
		} else {
			files = append(files, arg)
		}
	}
	total := 0
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			fail("%v", err)
		}
		var tpl map[string]any
		if err := json.Unmarshal(b, &tpl); err != nil {
			fail("%s: %v", file, err)
		}
		findings := gates.Check(tpl)
		fmt.Printf("%s: %d finding(s)\n", file, len(findings))
		for _, f := range findings {
			fmt.Printf("  %s\n", f)
		}
		total += len(findings)
	}
	if total > 0 {
		os.Exit(1)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "gatecheck: "+format+"\n", args...)
	os.Exit(2)
}
