package cfn

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestReadManifest(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("manifest.json", `{"artifacts":{
	 "B":{"type":"aws:cloudformation:stack","environment":"aws://111111111111/eu-west-1","properties":{"templateFile":"B.template.json","stackName":"Bee"},
	      "metadata":{"/B/Topic/Resource":[{"type":"aws:cdk:logicalId","data":"Topic1"}]},"additionalMetadataFile":"B.metadata.json"},
	 "A":{"type":"aws:cloudformation:stack","properties":{"templateFile":"A.template.json"}},
	 "Tree":{"type":"cdk:tree"}}}`)
	write("B.metadata.json", `{"/B/Rule/Resource":[{"type":"aws:cdk:logicalId","data":"Rule1"},{"type":"aws:cdk:warning","data":"careful"}]}`)

	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ids := m.IDs(ArtifactStack); len(ids) != 2 || ids[0] != "A" || ids[1] != "B" {
		t.Errorf("IDs = %v", ids)
	}
	b := m.Artifacts["B"]
	if b.StackName("B") != "Bee" || m.Artifacts["A"].StackName("A") != "A" {
		t.Errorf("stack names: %q, %q", b.StackName("B"), m.Artifacts["A"].StackName("A"))
	}
	paths := b.LogicalIDPaths()
	if paths["Topic1"] != "B/Topic/Resource" || paths["Rule1"] != "B/Rule/Resource" {
		t.Errorf("LogicalIDPaths = %v (the additional metadata file must be merged)", paths)
	}
	if n := len(b.Metadata["/B/Rule/Resource"]); n != 2 {
		t.Errorf("merged metadata entries = %d, want 2", n)
	}

	if _, err := ReadManifest(t.TempDir()); !errors.Is(err, ErrNoManifest) {
		t.Errorf("no manifest: err = %v, want ErrNoManifest", err)
	}
	write("manifest.json", `{"artifacts":{"C":{"type":"aws:cloudformation:stack","additionalMetadataFile":"missing.json"}}}`)
	if _, err := ReadManifest(dir); err == nil || errors.Is(err, ErrNoManifest) {
		t.Errorf("missing metadata file: err = %v", err)
	}
}
