package stacks

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// The member template's CloudFormation limits are checked at synth, both
// reported at once, each with the value and the limit.
func TestCheckMemberTemplate(t *testing.T) {
	res := map[string]any{}
	for i := range MaxTemplateResources + 1 {
		res[fmt.Sprintf("Rule%03d", i)] = map[string]any{"Type": "AWS::Events::Rule", "Properties": map[string]any{"Description": strings.Repeat("x", 2000)}}
	}
	tmpl := map[string]any{"Resources": res}
	body, _ := json.Marshal(tmpl)
	err := checkMemberTemplate(tmpl, body)
	if err == nil {
		t.Fatal("no error for 501 resources in over 1 MB")
	}
	for _, want := range []string{
		fmt.Sprintf("is %d bytes; allowed: at most 1000000", len(body)),
		"has 501 resources; allowed: at most 500",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	small := map[string]any{"Resources": map[string]any{"Rule": res["Rule000"]}}
	body, _ = json.Marshal(small)
	if err := checkMemberTemplate(small, body); err != nil {
		t.Errorf("a small template: %v", err)
	}
	// At the limits exactly: accepted.
	if err := checkMemberTemplate(map[string]any{}, make([]byte, MaxTemplateURLSize)); err != nil {
		t.Errorf("%d bytes: %v", MaxTemplateURLSize, err)
	}
}
