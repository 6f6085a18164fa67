// Command gen writes catalog/operations/operations.txt: the API operation
// names of every trailbridge catalog service, read from the API models that
// the npm package aws-sdk (AWS SDK for JavaScript v2, Apache-2.0) ships as
// apis/<model>-<version>.min.json.
//
// Usage (run by `go generate ./catalog/operations/`):
//
//	go run ./gen [-tgz aws-sdk-2.1693.0.tgz] [-o operations.txt]
//
// Without -tgz it runs `npm pack aws-sdk@<sdkVersion>` in a temporary
// directory and reads the tarball from there; the tarball and the models are
// never written into the repository. A model belongs to a catalog service
// when its metadata.endpointPrefix or metadata.signingName is the service's
// name (or endpointPrefix is "api.<name>", as for ECR), or when extraModels
// lists it; of the versions of one model the newest is used.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/trailbridge/trailbridge/catalog"
)

// sdkVersion is the aws-sdk release the committed table was generated from.
const sdkVersion = "2.1693.0"

// extraModels are models whose metadata does not name the catalog service
// but whose calls CloudTrail records under the service's eventSource: the IAM
// Identity Center portal (endpointPrefix portal.sso, signing name
// awsssoportal) and OIDC (oidc, sso-oauth) APIs are logged as
// sso.amazonaws.com (IAM Identity Center user guide, "Logging IAM Identity
// Center API calls with AWS CloudTrail").
var extraModels = map[string][]string{
	"sso": {"sso", "sso-oidc"},
}

// noModel are catalog services without an API model: their CloudTrail event
// names are listed by hand in package operations.
var noModel = map[string]bool{"signin": true}

var reModelFile = regexp.MustCompile(`^package/apis/(.+)-(\d{4}-\d{2}-\d{2})\.min\.json$`)

type model struct {
	id, version string
	metadata    struct {
		EndpointPrefix string `json:"endpointPrefix"`
		SigningName    string `json:"signingName"`
	}
	operations []string
}

func main() {
	tgz := flag.String("tgz", "", "aws-sdk npm tarball (default: npm pack aws-sdk@"+sdkVersion+" into a temporary directory)")
	out := flag.String("o", "operations.txt", "output file")
	flag.Parse()
	if err := run(*tgz, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(tgz, out string) error {
	if tgz == "" {
		dir, err := os.MkdirTemp("", "trailbridge-aws-sdk-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cmd := exec.Command("npm", "pack", "--silent", "aws-sdk@"+sdkVersion)
		cmd.Dir, cmd.Stderr = dir, os.Stderr
		name, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("npm pack aws-sdk@%s: %w", sdkVersion, err)
		}
		tgz = filepath.Join(dir, strings.TrimSpace(string(name)))
	}
	models, version, err := readTarball(tgz)
	if err != nil {
		return err
	}
	if version != sdkVersion {
		return fmt.Errorf("%s is aws-sdk %s; the table is pinned to %s (change sdkVersion to move)", tgz, version, sdkVersion)
	}
	table, err := render(models)
	if err != nil {
		return err
	}
	return os.WriteFile(out, table, 0o644)
}

// readTarball returns the newest version of every model in the tarball and
// the package version.
func readTarball(file string) (map[string]*model, string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", file, err)
	}
	tr := tar.NewReader(gz)
	models := map[string]*model{}
	version := ""
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", file, err)
		}
		if h.Name == "package/package.json" {
			var pkg struct{ Version string }
			if err := json.NewDecoder(tr).Decode(&pkg); err != nil {
				return nil, "", fmt.Errorf("%s: %w", h.Name, err)
			}
			version = pkg.Version
			continue
		}
		m := reModelFile.FindStringSubmatch(h.Name)
		if m == nil {
			continue
		}
		if old, ok := models[m[1]]; ok && old.version > m[2] {
			continue
		}
		var raw struct {
			Metadata   json.RawMessage            `json:"metadata"`
			Operations map[string]json.RawMessage `json:"operations"`
		}
		if err := json.NewDecoder(tr).Decode(&raw); err != nil {
			return nil, "", fmt.Errorf("%s: %w", h.Name, err)
		}
		md := &model{id: m[1], version: m[2]}
		if err := json.Unmarshal(raw.Metadata, &md.metadata); err != nil {
			return nil, "", fmt.Errorf("%s: metadata: %w", h.Name, err)
		}
		for op := range raw.Operations {
			md.operations = append(md.operations, op)
		}
		models[m[1]] = md
	}
	if version == "" {
		return nil, "", errors.New(file + ": no package/package.json: not an aws-sdk tarball")
	}
	return models, version, nil
}

// render writes the table: a header, then one line per catalog service,
// "<service> <model>@<version>,... <Operation> <Operation> ...", sorted.
func render(models map[string]*model) ([]byte, error) {
	ids := slices.Sorted(maps.Keys(models))
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Code generated by catalog/operations/gen (go generate ./catalog/operations/); DO NOT EDIT.\n")
	fmt.Fprintf(&b, "# Source: npm package aws-sdk@%s (AWS SDK for JavaScript v2), the \"operations\" keys of apis/<model>-<version>.min.json.\n", sdkVersion)
	fmt.Fprintf(&b, "# aws-sdk-js is Copyright Amazon.com, Inc. or its affiliates, licensed under the Apache License 2.0.\n")
	fmt.Fprintf(&b, "# Format: <catalog service> <model>@<version>,... <operation> <operation> ...\n")
	var errs []error
	for _, svc := range catalog.Names() {
		if noModel[svc] {
			continue
		}
		var picked []string
		ops := map[string]bool{}
		for _, id := range ids {
			m := models[id]
			if m.metadata.EndpointPrefix != svc && m.metadata.SigningName != svc && m.metadata.EndpointPrefix != "api."+svc && !slices.Contains(extraModels[svc], id) {
				continue
			}
			picked = append(picked, m.id+"@"+m.version)
			for _, op := range m.operations {
				ops[op] = true
			}
		}
		if len(picked) == 0 {
			errs = append(errs, fmt.Errorf("catalog service %q: no API model with that endpointPrefix or signingName (add it to extraModels or noModel)", svc))
			continue
		}
		names := slices.Sorted(maps.Keys(ops))
		fmt.Fprintf(&b, "%s %s %s\n", svc, strings.Join(picked, ","), strings.Join(names, " "))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return b.Bytes(), nil
}
