package cfn

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Artifact types of manifest.json that trailbridge reads.
const (
	// ArtifactStack is a CloudFormation stack.
	ArtifactStack = "aws:cloudformation:stack"
	// ArtifactNestedAssembly is a nested cloud assembly (a CDK stage).
	ArtifactNestedAssembly = "cdk:cloud-assembly"
)

// Unknown environment parts, as the CDK writes them in manifest.json.
const (
	UnknownAccount = "unknown-account"
	UnknownRegion  = "unknown-region"
)

// Manifest is a cloud assembly's manifest.json, as far as trailbridge reads it.
type Manifest struct {
	// Dir is the assembly directory.
	Dir string `json:"-"`
	// Artifacts maps artifact ID to artifact.
	Artifacts map[string]Artifact `json:"artifacts"`
}

// Artifact is one artifact of the manifest.
type Artifact struct {
	// Type is ArtifactStack, ArtifactNestedAssembly or another artifact type.
	Type string `json:"type"`
	// Environment is "aws://ACCOUNT/REGION" for a stack.
	Environment string `json:"environment"`
	// DisplayName is the stack's construct path, such as "Prod/Home".
	DisplayName string `json:"displayName"`
	// Properties are the artifact's properties.
	Properties ArtifactProperties `json:"properties"`
	// Metadata maps construct paths to their metadata entries, including
	// those of AdditionalMetadataFile (ReadManifest merges them in).
	Metadata map[string][]MetadataEntry `json:"metadata"`
	// AdditionalMetadataFile holds more metadata, relative to the assembly
	// directory (CDK 2.2xx writes <stack>.metadata.json).
	AdditionalMetadataFile string `json:"additionalMetadataFile"`
}

// ArtifactProperties are the properties of a stack or nested-assembly artifact.
type ArtifactProperties struct {
	// TemplateFile is the stack's template, relative to the assembly directory.
	TemplateFile string `json:"templateFile"`
	// StackName is the CloudFormation stack name (empty: the artifact ID).
	StackName string `json:"stackName"`
	// DirectoryName is a nested assembly's directory, relative to this one.
	DirectoryName string `json:"directoryName"`
	// DisplayName is a nested assembly's display name.
	DisplayName string `json:"displayName"`
}

// MetadataEntry is one metadata entry: "aws:cdk:logicalId",
// "aws:cdk:warning", "aws:cdk:error", "aws:cdk:info", ...
type MetadataEntry struct {
	// Type is the entry's type.
	Type string `json:"type"`
	// Data is the entry's value, as written.
	Data json.RawMessage `json:"data"`
}

// ErrNoManifest is returned (wrapped) by ReadManifest for a directory
// without a manifest.json.
var ErrNoManifest = errors.New("no manifest.json")

// ReadManifest reads dir/manifest.json and merges each artifact's
// additional metadata file into its Metadata. A missing manifest gives an
// error that satisfies errors.Is(err, ErrNoManifest).
func ReadManifest(dir string) (*Manifest, error) {
	name := filepath.Join(dir, "manifest.json")
	data, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w (%w)", dir, ErrNoManifest, err)
	}
	if err != nil {
		return nil, err
	}
	m := &Manifest{Dir: dir}
	if err := json.Unmarshal(data, m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for id, a := range m.Artifacts {
		if a.AdditionalMetadataFile == "" {
			continue
		}
		file := filepath.Join(dir, a.AdditionalMetadataFile)
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("artifact %s: %w", id, err)
		}
		var more map[string][]MetadataEntry
		if err := json.Unmarshal(b, &more); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if a.Metadata == nil {
			a.Metadata = map[string][]MetadataEntry{}
		}
		for k, v := range more {
			a.Metadata[k] = append(a.Metadata[k], v...)
		}
		m.Artifacts[id] = a
	}
	return m, nil
}

// IDs returns the artifact IDs of type typ, sorted.
func (m *Manifest) IDs(typ string) []string {
	var ids []string
	for id, a := range m.Artifacts {
		if a.Type == typ {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// StackName is the artifact's CloudFormation stack name: properties.stackName,
// else id.
func (a Artifact) StackName(id string) string {
	if a.Properties.StackName != "" {
		return a.Properties.StackName
	}
	return id
}

// LogicalIDPaths maps the logical IDs of the stack's resources to their
// construct paths (without the leading "/"), from the aws:cdk:logicalId
// metadata: the fallback when templates carry no aws:cdk:path metadata.
func (a Artifact) LogicalIDPaths() map[string]string {
	paths := map[string]string{}
	for p, entries := range a.Metadata {
		for _, e := range entries {
			var lid string
			if e.Type == "aws:cdk:logicalId" && json.Unmarshal(e.Data, &lid) == nil && lid != "" {
				paths[lid] = strings.TrimPrefix(p, "/")
			}
		}
	}
	return paths
}

// ParseEnvironment reads "aws://ACCOUNT/REGION"; a missing part is
// UnknownAccount or UnknownRegion.
func ParseEnvironment(env string) (account, region string) {
	rest, ok := strings.CutPrefix(env, "aws://")
	if !ok {
		return UnknownAccount, UnknownRegion
	}
	account, region, _ = strings.Cut(rest, "/")
	if account == "" {
		account = UnknownAccount
	}
	if region == "" {
		region = UnknownRegion
	}
	return account, region
}
