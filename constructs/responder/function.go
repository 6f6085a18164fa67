package responder

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/internal/cdkutil"
	"github.com/trailbridge/trailbridge/internal/validate"
)

// FunctionProps configures a Function.
type FunctionProps struct {
	// Package is the main package to build, relative to ModuleDir, e.g.
	// "./lambda/publicbucket".
	Package string
	// ModuleDir is the root of the Go module that holds Package.
	// Default: the nearest directory above the working directory with a go.mod.
	ModuleDir string
	// Description describes the function.
	// Default: "trailbridge responder <Package>".
	Description string
	// Environment is the function's environment.
	// Default: none.
	Environment map[string]string
	// TimeoutSeconds is the function timeout (1-900).
	// Default: 30.
	TimeoutSeconds int
	// MemoryMB is the function memory (128-10240).
	// Default: 256.
	MemoryMB int
	// ReservedConcurrency caps concurrent executions.
	// Default: nil (unreserved).
	ReservedConcurrency *int
	// LogRetentionDays is the log group's retention (a CloudWatch Logs value).
	// Default: 365.
	LogRetentionDays int
	// RetryAttempts for asynchronous invocations (EventBridge invokes
	// asynchronously) before the event goes to the dead-letter queue (0-2).
	// Default: 2.
	RetryAttempts *int
}

// Function is a Go Lambda function (provided.al2023, arm64) built from a
// package with `go build` on the machine that synthesizes (no Docker), with
// its own log group (JSON logs, retention), a dead-letter queue for failed
// asynchronous invocations, and a role that holds only what is granted to it
// (plus writing to its own log group).
type Function interface {
	constructs.Construct
	// Function is the Lambda function ("Resource").
	Function() awslambda.Function
	// Role is the execution role ("Role").
	Role() awsiam.Role
	// LogGroup is the function's log group ("LogGroup").
	LogGroup() awslogs.ILogGroup
	// DeadLetterQueue receives events whose asynchronous invocation failed ("DeadLetterQueue").
	DeadLetterQueue() awssqs.IQueue
	// AddToRolePolicy grants the function a statement.
	AddToRolePolicy(statement awsiam.PolicyStatement)
}

type function struct {
	constructs.Construct
	fn   awslambda.Function
	role awsiam.Role
	logs awslogs.LogGroup
	dlq  awssqs.Queue
}

func (f *function) Function() awslambda.Function             { return f.fn }
func (f *function) Role() awsiam.Role                        { return f.role }
func (f *function) LogGroup() awslogs.ILogGroup              { return f.logs }
func (f *function) DeadLetterQueue() awssqs.IQueue           { return f.dlq }
func (f *function) AddToRolePolicy(s awsiam.PolicyStatement) { f.role.AddToPrincipalPolicy(s) }

// Validate reports every problem in props at once.
func (p *FunctionProps) Validate() error {
	var errs []error
	bad := func(field string, v any, allowed string) {
		errs = append(errs, fmt.Errorf("responder.FunctionProps.%s: got %#v; allowed: %s", field, v, allowed))
	}
	if p == nil {
		p = &FunctionProps{}
	}
	if !strings.HasPrefix(p.Package, "./") {
		bad("Package", p.Package, `a main package path relative to the module root, starting with "./"`)
	}
	if p.TimeoutSeconds < 0 || p.TimeoutSeconds > 900 {
		bad("TimeoutSeconds", p.TimeoutSeconds, "1 to 900")
	}
	if p.MemoryMB != 0 && (p.MemoryMB < 128 || p.MemoryMB > 10240) {
		bad("MemoryMB", p.MemoryMB, "128 to 10240")
	}
	if p.ReservedConcurrency != nil && *p.ReservedConcurrency < 0 {
		bad("ReservedConcurrency", *p.ReservedConcurrency, "0 or more")
	}
	if p.LogRetentionDays != 0 && !containsInt(validate.RetentionDays, p.LogRetentionDays) {
		bad("LogRetentionDays", p.LogRetentionDays, fmt.Sprintf("one of %v", validate.RetentionDays))
	}
	if p.RetryAttempts != nil && (*p.RetryAttempts < 0 || *p.RetryAttempts > 2) {
		bad("RetryAttempts", *p.RetryAttempts, "0 to 2")
	}
	return errors.Join(errs...)
}

// NewFunction creates the function. It panics with every problem in props.
func NewFunction(scope constructs.Construct, id string, props *FunctionProps) Function {
	if err := props.Validate(); err != nil {
		panic(err)
	}
	p := *props
	if p.ModuleDir == "" {
		dir, err := moduleRoot()
		if err != nil {
			panic(fmt.Errorf("responder.FunctionProps.ModuleDir: %w", err))
		}
		p.ModuleDir = dir
	}
	if p.TimeoutSeconds == 0 {
		p.TimeoutSeconds = 30
	}
	if p.MemoryMB == 0 {
		p.MemoryMB = 256
	}
	if p.LogRetentionDays == 0 {
		p.LogRetentionDays = 365
	}
	if p.Description == "" {
		p.Description = "trailbridge responder " + p.Package
	}
	retries := 2
	if p.RetryAttempts != nil {
		retries = *p.RetryAttempts
	}
	hash, err := SourceHash(p.ModuleDir, p.Package)
	if err != nil {
		panic(fmt.Errorf("responder.FunctionProps.Package: %w", err))
	}

	f := &function{}
	constructs.NewConstruct_Override(f, scope, &id)
	var this constructs.Construct = f
	f.logs = awslogs.NewLogGroup(this, jsii.String("LogGroup"), &awslogs.LogGroupProps{
		Retention:     cdkutil.Retention(p.LogRetentionDays),
		EncryptionKey: delivery.Key(this),
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	f.role = awsiam.NewRole(this, jsii.String("Role"), &awsiam.RoleProps{
		Description: jsii.String(p.Description),
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
	})
	f.role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("logs:CreateLogStream", "logs:PutLogEvents"),
		// The log group's ARN attribute ends in ":*": its streams, nothing else.
		Resources: &[]*string{f.logs.LogGroupArn()},
	}))
	f.dlq = delivery.NewDeadLetterQueue(this, "DeadLetterQueue", nil)
	env := map[string]*string{}
	for k, v := range p.Environment {
		env[k] = jsii.String(v)
	}
	pkgDir := filepath.Join(p.ModuleDir, filepath.FromSlash(p.Package))
	fp := &awslambda.FunctionProps{
		Description:  jsii.String(p.Description),
		Runtime:      awslambda.Runtime_PROVIDED_AL2023(),
		Architecture: awslambda.Architecture_ARM_64(),
		Handler:      jsii.String("bootstrap"),
		Code: awslambda.Code_FromAsset(jsii.String(pkgDir), &awss3assets.AssetOptions{
			AssetHash:     jsii.String(hash),
			AssetHashType: awscdk.AssetHashType_CUSTOM,
			Bundling: &awscdk.BundlingOptions{
				// Used only if local bundling fails, which reports its own error first.
				Image: awscdk.DockerImage_FromRegistry(jsii.String("public.ecr.aws/docker/library/golang:1.26")),
				Local: &goBuild{moduleDir: p.ModuleDir, pkg: p.Package},
			},
		}),
		Role:            f.role,
		LogGroup:        f.logs,
		LoggingFormat:   awslambda.LoggingFormat_JSON,
		Timeout:         awscdk.Duration_Seconds(jsii.Number(float64(p.TimeoutSeconds))),
		MemorySize:      jsii.Number(float64(p.MemoryMB)),
		Environment:     &env,
		DeadLetterQueue: f.dlq,
		RetryAttempts:   jsii.Number(float64(retries)),
		MaxEventAge:     awscdk.Duration_Hours(jsii.Number(6)),
	}
	if p.ReservedConcurrency != nil {
		fp.ReservedConcurrentExecutions = jsii.Number(float64(*p.ReservedConcurrency))
	}
	f.fn = awslambda.NewFunction(this, jsii.String("Resource"), fp)
	return f
}

// goBuild bundles a Go main package locally: jsii calls TryBundle from the
// CDK's Node process.
type goBuild struct{ moduleDir, pkg string }

// TryBundle builds bootstrap for linux/arm64 into outputDir.
func (g *goBuild) TryBundle(outputDir *string, _ *awscdk.BundlingOptions) *bool {
	cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags", "-s -w",
		"-o", filepath.Join(*outputDir, "bootstrap"), g.pkg)
	cmd.Dir = g.moduleDir
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		panic(fmt.Sprintf("responder: go build %s failed: %v\n%s", g.pkg, err, out))
	}
	return jsii.Bool(true)
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory; set ModuleDir")
		}
		dir = parent
	}
}

var (
	hashMu    sync.Mutex
	hashCache = map[string]string{}
)

// SourceHash is the asset hash of a main package: SHA-256 over go.mod,
// go.sum and the non-test Go files of the package and of every package of
// the same module it imports, transitively. It changes exactly when the
// binary's sources do, so unchanged responders are not redeployed.
func SourceHash(moduleDir, pkg string) (string, error) {
	key := moduleDir + "\x00" + pkg
	hashMu.Lock()
	defer hashMu.Unlock()
	if h, ok := hashCache[key]; ok {
		return h, nil
	}
	gomod, err := os.ReadFile(filepath.Join(moduleDir, "go.mod"))
	if err != nil {
		return "", err
	}
	modPath := ""
	for _, line := range strings.Split(string(gomod), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			modPath = strings.Trim(f[1], `"`)
		}
	}
	if modPath == "" {
		return "", fmt.Errorf("%s/go.mod has no module line", moduleDir)
	}
	files := []string{"go.mod", "go.sum"}
	seen := map[string]bool{}
	var visit func(rel string) error
	visit = func(rel string) error {
		rel = filepath.Clean(rel)
		if seen[rel] {
			return nil
		}
		seen[rel] = true
		entries, err := os.ReadDir(filepath.Join(moduleDir, rel))
		if err != nil {
			return fmt.Errorf("package %s: %w", rel, err)
		}
		found := false
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			found = true
			path := filepath.Join(rel, name)
			files = append(files, path)
			f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(moduleDir, path), nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			for _, imp := range f.Imports {
				ip, _ := strconv.Unquote(imp.Path.Value)
				if ip == modPath || strings.HasPrefix(ip, modPath+"/") {
					if err := visit(strings.TrimPrefix(strings.TrimPrefix(ip, modPath), "/")); err != nil {
						return err
					}
				}
			}
		}
		if !found {
			return fmt.Errorf("package %s has no Go files", rel)
		}
		return nil
	}
	if err := visit(pkg); err != nil {
		return "", err
	}
	sort.Strings(files[2:])
	h := sha256.New()
	for _, f := range files {
		r, err := os.Open(filepath.Join(moduleDir, f))
		if err != nil {
			if f == "go.sum" && errors.Is(err, os.ErrNotExist) {
				continue
			}
			return "", err
		}
		fmt.Fprintf(h, "%s\x00", filepath.ToSlash(f))
		_, err = io.Copy(h, r)
		r.Close()
		if err != nil {
			return "", err
		}
	}
	sum := hex.EncodeToString(h.Sum(nil))
	hashCache[key] = sum
	return sum, nil
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
