package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/runtimeapi"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responders/publicbucket/internal/s3fake"
)

var (
	buildOnce sync.Once
	buildDir  string
	buildBin  string
	buildErr  error
	buildOut  []byte
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// buildBootstrap builds this command once, as Lambda deploys it
// ("bootstrap", -tags lambda.norpc) for the host, into a temporary
// directory.
func buildBootstrap(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the function: not in -short mode")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "trailbridge-bootstrap-"); buildErr != nil {
			return
		}
		buildBin = filepath.Join(buildDir, "bootstrap")
		cmd := exec.Command(goBin, "build", "-tags", "lambda.norpc", "-o", buildBin, ".")
		cmd.Env = append(os.Environ(), "GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH, "CGO_ENABLED=0")
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("go build: %v\n%s", buildErr, buildOut)
	}
	return buildBin
}

// run starts bin as Lambda runs the function (the AWS variables of
// awstest.Env with endpoint, HOME, the Runtime API of api) with env added,
// waits until it has worked through api's events, and stops it: the
// invocations' results and its standard output (the log).
func run(t *testing.T, bin, endpoint string, api *runtimeapi.Server, env ...string) ([]runtimeapi.Result, *bytes.Buffer) {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(append(awstest.Env(endpoint, "eu-west-1", dir), "HOME="+dir, "AWS_LAMBDA_RUNTIME_API="+api.Addr()), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	results, waitErr := api.Wait(ctx)
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	if waitErr != nil {
		t.Fatalf("%v; results %+v\nstdout:\n%s\nstderr:\n%s", waitErr, results, stdout.String(), stderr.String())
	}
	t.Logf("cold start (process start to first /next): %v", api.FirstNext().Sub(start))
	return results, &stdout
}

// TestBootstrap runs the built function (aws-lambda-go's runtime client
// included) against a local Runtime API and a fake S3: an event goes in, the decision comes out as the invocation's
// response, as the S3 request made and as the JSON log line.
func TestBootstrap(t *testing.T) {
	bin := buildBootstrap(t)

	s3 := awstest.NewServer(t, s3fake.Serve)
	event := testevent.Load(t, "testdata/s3_PutBucketPolicy_object_envelope.json")
	api := runtimeapi.NewServer(event, []byte(`{"detail-type":"AWS API Call via CloudTrail","detail":{"eventName":"PutBucketPolicy"}}`))
	defer api.Close()

	results, stdout := run(t, bin, s3.URL(), api,
		contract.EnvMode+"=remediate",
		contract.EnvSelfRoleARN+"=arn:aws:iam::111111111111:role/trailbridge-publicbucket",
	)

	// 1. The response: the decision.
	var d responderkit.Decision
	if err := json.Unmarshal(results[0].Response, &d); err != nil {
		t.Fatalf("response %q: %v (error %+v)", results[0].Response, err, results[0].Error)
	}
	if d.Action != responderkit.ActionRemediated || d.Resource != "arn:aws:s3:::example-shared-bucket" ||
		d.EventID != "6a4f1c3e-2b5d-4e8f-a9c0-7d2e3f4a5b02" || d.Mode != responderkit.ModeRemediate {
		t.Errorf("decision %+v", d)
	}
	// The malformed event is an invocation error, so Lambda retries it
	// and then keeps it in the on-failure destination.
	if e := results[1].Error; e == nil || e.Type != "RejectedError" || !strings.Contains(e.Message, "rejected event: cloudtrail:") {
		t.Errorf("malformed event: %+v", results[1])
	}

	// 2. The S3 request.
	var put *awstest.Request
	for _, r := range s3.Requests() {
		if r.Method == http.MethodPut {
			put = &r
		}
	}
	if put == nil || put.Path != "/example-shared-bucket" || !put.Has("publicAccessBlock") {
		t.Fatalf("no PutPublicAccessBlock among %+v", s3.Requests())
	}
	var pab struct {
		BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets bool
	}
	if err := xml.Unmarshal(put.Body, &pab); err != nil || !pab.BlockPublicAcls || !pab.IgnorePublicAcls || !pab.BlockPublicPolicy || !pab.RestrictPublicBuckets {
		t.Errorf("PutPublicAccessBlock body %s (%v)", put.Body, err)
	}

	// 3. The log: one JSON line per event.
	var actions []string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Errorf("log line %q is not JSON", sc.Text())
			continue
		}
		if line["msg"] == "decision" {
			actions = append(actions, line["action"].(string))
		}
	}
	if strings.Join(actions, ",") != "remediated,rejected" {
		t.Errorf("logged actions %v\n%s", actions, stdout.String())
	}
}

// TestBootstrapInitError checks that a bad configuration is reported to the
// Runtime API as an initialization error, with every bad variable.
func TestBootstrapInitError(t *testing.T) {
	bin := buildBootstrap(t)
	dir := t.TempDir()
	api := runtimeapi.NewServer([]byte(`{}`))
	defer api.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(awstest.Env("http://127.0.0.1:1", "eu-west-1", dir), "HOME="+dir, "AWS_LAMBDA_RUNTIME_API="+api.Addr(),
		contract.EnvMode+"=on", contract.EnvExemptTag+"=x")
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v", err)
	}
	e := api.InitError()
	if e == nil || e.Type != "Runtime.InitError" || !strings.Contains(e.Message, `TRAILBRIDGE_MODE="on"`) || !strings.Contains(e.Message, `TRAILBRIDGE_EXEMPT_TAG="x"`) {
		t.Errorf("init error %+v", e)
	}
	var line struct{ Level, Msg, Error string }
	if err := json.Unmarshal(stdout.Bytes(), &line); err != nil || line.Level != "ERROR" || line.Msg != "init error" || !strings.Contains(line.Error, contract.EnvMode) {
		t.Errorf("log %q (%v)", stdout.String(), err)
	}
	if api.Nexts() != 0 {
		t.Errorf("asked for work despite the bad configuration")
	}
}

// TestBootstrapMemberAccount runs the built function in organization mode
// on events of its own account, of a member account and of the member
// role itself: the member event is acted on with the member role's
// credentials (one AssumeRole), the home event with the function's own.
func TestBootstrapMemberAccount(t *testing.T) {
	bin := buildBootstrap(t)

	srv := awstest.NewServer(t, s3fake.ServeMember)
	home := testevent.Load(t, "testdata/s3_PutBucketPolicy_object_envelope.json")
	memberEvent := testevent.Set(t, home, "recipientAccountId", "222222222222")
	ownCall := testevent.Set(t, memberEvent, "userIdentity", map[string]any{"type": "AssumedRole",
		"arn": "arn:aws:sts::222222222222:assumed-role/trailbridge-publicbucket-member/trailbridge-publicbucket", "accountId": "222222222222"})
	api := runtimeapi.NewServer(memberEvent, home, memberEvent, ownCall)
	defer api.Close()

	results, _ := run(t, bin, srv.URL(), api,
		contract.EnvMode+"=remediate",
		contract.EnvSelfRoleARN+"=arn:aws:iam::111111111111:role/tb-publicbucket-responder",
		contract.EnvHomeAccount+"=111111111111",
		contract.EnvMemberRoleName+"=trailbridge-publicbucket-member",
	)
	var actions []string
	for _, r := range results {
		var d responderkit.Decision
		if err := json.Unmarshal(r.Response, &d); err != nil {
			t.Fatalf("response %q: %v (error %+v)", r.Response, err, r.Error)
		}
		actions = append(actions, string(d.Action)+": "+d.Reason)
	}
	want := []string{"remediated", "remediated", "remediated", "skipped: own call (member role trailbridge-publicbucket-member)"}
	for i, w := range want {
		if i >= len(actions) || !strings.HasPrefix(actions[i], w) {
			t.Errorf("decisions %q\nwant prefixes %q", actions, want)
			break
		}
	}

	var seq []string
	for _, r := range srv.Requests() {
		switch {
		case r.Action() == "AssumeRole":
			seq = append(seq, "AssumeRole "+r.Form.Get("RoleArn")+" "+r.Form.Get("RoleSessionName"))
		case strings.Contains(r.Header.Get("Authorization"), "Credential=ASIAMEMBER/"):
			seq = append(seq, "member "+r.Method+" owner "+r.Header.Get("X-Amz-Expected-Bucket-Owner"))
		case strings.Contains(r.Header.Get("Authorization"), "Credential="+awstest.AccessKeyID+"/"):
			seq = append(seq, "own "+r.Method+" owner "+r.Header.Get("X-Amz-Expected-Bucket-Owner"))
		default:
			seq = append(seq, "unsigned? "+r.Method)
		}
	}
	wantSeq := strings.Join([]string{
		"AssumeRole arn:aws:iam::222222222222:role/trailbridge-publicbucket-member trailbridge-publicbucket",
		"member GET owner 222222222222", "member GET owner 222222222222", "member PUT owner 222222222222",
		"own GET owner 111111111111", "own GET owner 111111111111", "own PUT owner 111111111111",
		"member GET owner 222222222222", "member GET owner 222222222222", "member PUT owner 222222222222",
	}, "\n")
	if got := strings.Join(seq, "\n"); got != wantSeq {
		t.Errorf("requests:\n%s\nwant:\n%s", got, wantSeq)
	}
}
