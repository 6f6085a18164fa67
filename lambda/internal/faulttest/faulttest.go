// Package faulttest runs a responder over the wire, with real SDK clients
// configured as the Lambda function configures them (package awsenv: the
// SDK's standard retryer, AWS_ENDPOINT_URL pointing at a loopback fake),
// while the fake injects one fault into one call: the call hangs past the
// deadline, the connection is reset, the service answers 500 or its
// throttling error, or it succeeds slowly within the deadline. Each fault
// is injected on every attempt ("always") and on the first attempt only
// ("once", so the SDK's retry can succeed).
//
// Run checks, for every cell, the rule the responders promise: a fix is
// reported only when every write call was answered with success, and
// otherwise the handler returns an error (the event is retried, then
// dead-lettered). It renders the outcomes as a Markdown table compared
// with a golden file (rewritten with -update), which the README's
// Reliability section quotes.
package faulttest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"github.com/trailbridge/trailbridge/internal/testflags"
	"github.com/trailbridge/trailbridge/lambda/internal/awsenv"
	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Fault is what the fake does to a call.
type Fault string

// The faults, in table order.
const (
	Timeout  Fault = "timeout"
	Reset    Fault = "reset"
	Status5  Fault = "500"
	Throttle Fault = "throttle"
	Slow     Fault = "slow success"
)

// Faults lists every Fault in table order.
var Faults = []Fault{Timeout, Reset, Status5, Throttle, Slow}

// Bounds of every run.
const (
	// Deadline is the context deadline of one Decide, as Lambda gives
	// the handler its remaining time.
	Deadline = 400 * time.Millisecond
	// parallelRuns is how many runs share the machine at once.
	parallelRuns = 8
	// SlowDelay is how long a slow success takes (within Deadline).
	SlowDelay = 60 * time.Millisecond
)

// Protocol is how a service reports errors.
type Protocol struct {
	// Error returns the service's error response.
	Error func(status int, code string) awstest.Response
	// ThrottleStatus and ThrottleCode are its throttling error.
	ThrottleStatus int
	ThrottleCode   string
}

// Protocols of the services the responders call.
var (
	S3 = Protocol{Error: awstest.S3Error, ThrottleStatus: http.StatusServiceUnavailable, ThrottleCode: "SlowDown"}
	// Query is IAM's and RDS's.
	Query = Protocol{Error: awstest.QueryError, ThrottleStatus: http.StatusBadRequest, ThrottleCode: "Throttling"}
	EC2   = Protocol{Error: func(status int, code string) awstest.Response {
		r := awstest.EC2Error(code)
		r.Status = status
		return r
	}, ThrottleStatus: http.StatusServiceUnavailable, ThrottleCode: "RequestLimitExceeded"}
	// JSON is the awsJson1_1 protocol of CloudTrail.
	JSON = Protocol{Error: func(status int, code string) awstest.Response {
		return awstest.Response{Status: status, Header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}},
			Body: fmt.Sprintf(`{"__type":%q,"message":"%s (fake)"}`, code, code)}
	}, ThrottleStatus: http.StatusBadRequest, ThrottleCode: "ThrottlingException"}
	// RestJSON is Lambda's.
	RestJSON = Protocol{Error: func(status int, code string) awstest.Response {
		return awstest.Response{Status: status, Header: http.Header{"Content-Type": {"application/json"}, "X-Amzn-Errortype": {code}},
			Body: fmt.Sprintf(`{"Type":"Service","message":"%s (fake)"}`, code)}
	}, ThrottleStatus: http.StatusTooManyRequests, ThrottleCode: "TooManyRequestsException"}
)

// Case is one responder path.
type Case struct {
	// Name names the row group, such as "publicbucket" or "ownertags (s3)".
	Name string
	// Protocol is the service's.
	Protocol Protocol
	// Calls are the operations of the path, in order, as Operation names
	// them; Writes are those that change something.
	Calls, Writes []string
	// Answers holds each call's answer when nothing fails, by Operation
	// name; another call is answered with the Protocol's error.
	Answers map[string]awstest.Response
	// Serve answers each call as the service would when nothing fails.
	// Default: from Answers.
	Serve func(op string, r awstest.Request) awstest.Response
	// Decide runs the responder's handler with cfg (from awsenv, as in
	// Lambda) on its event (see Decide).
	Decide func(ctx context.Context, cfg aws.Config) (responderkit.Decision, error)
	// Fixed is the action that reports a fix. Default: "remediated".
	Fixed responderkit.Action
	// Operation names the operation of a request, to tell apart calls
	// of one operation. Default: Operation.
	Operation func(awstest.Request) string
}

// Decide returns the Case.Decide of responder k configured with cfg on
// event: its Kind.Handler over the clients k.Clients builds.
func Decide[C, T any](k responderkit.Kind[C, T], cfg C, event []byte) func(context.Context, aws.Config) (responderkit.Decision, error) {
	return func(ctx context.Context, awsCfg aws.Config) (responderkit.Decision, error) {
		return k.Handler(cfg, k.Clients(awsCfg), nil).Decide(ctx, event)
	}
}

// serve answers op with c.Serve, else from c.Answers.
func (c Case) serve(op string, r awstest.Request) awstest.Response {
	if c.Serve != nil {
		return c.Serve(op, r)
	}
	if a, ok := c.Answers[op]; ok {
		return a
	}
	return c.Protocol.Error(http.StatusBadRequest, "UnexpectedRequest")
}

// NoCode are errors without an AWS error code, as the SDK returns them
// for a timeout, a reset connection and a failed DNS lookup.
var NoCode = []error{
	fmt.Errorf("operation error: %w", context.DeadlineExceeded),
	fmt.Errorf("operation error: read: %w", syscall.ECONNRESET),
	errors.New("dial tcp: lookup s3.eu-west-1.amazonaws.com: no such host"),
}

// CheckNoCode runs decide once for each call of calls failing with each
// NoCode error, and fails tb unless every run fails with that error
// (ActionFailed, so that the event is retried): an error without an AWS
// error code is a failure, never a success or a nil-pointer panic.
func CheckNoCode(tb testing.TB, calls []string, decide func(call string, cause error) (responderkit.Decision, error)) {
	tb.Helper()
	for _, cause := range NoCode {
		for _, call := range calls {
			d, err := decide(call, cause)
			if !errors.Is(err, cause) || d.Action != responderkit.ActionFailed {
				tb.Errorf("%s fails with %v: decision %s (%s), err %v; want failed with that error", call, cause, d.Action, d.Reason, err)
			}
		}
	}
}

// Operation names the operation of a request: the Action of a query
// request, the X-Amz-Target of a JSON one, the x-id of an S3 one, or a
// name from the S3 subresource or the Lambda path.
func Operation(r awstest.Request) string {
	switch {
	case r.Action() != "":
		return r.Action()
	case r.Header.Get("X-Amz-Target") != "":
		t := r.Header.Get("X-Amz-Target")
		return t[strings.LastIndex(t, ".")+1:]
	case r.Query.Get("x-id") != "":
		return r.Query.Get("x-id")
	case strings.Contains(r.Path, "/tags/"):
		if r.Method == http.MethodGet {
			return "ListTags"
		}
		return "TagResource"
	}
	for sub, names := range map[string][2]string{"tagging": {"GetBucketTagging", "PutBucketTagging"}, "publicAccessBlock": {"GetPublicAccessBlock", "PutPublicAccessBlock"}} {
		if r.Has(sub) {
			if r.Method == http.MethodGet {
				return names[0]
			}
			return names[1]
		}
	}
	return r.Method + " " + r.Path
}

// Config returns the SDK configuration of a responder in Lambda (from
// awsenv.Config) with its endpoint at url. The retryer is the SDK's
// standard one (same attempts and retryable errors) with backoff cut to
// a few milliseconds, so that a test takes milliseconds, not seconds.
func Config(tb testing.TB, url string) aws.Config {
	tb.Helper()
	env := map[string]string{"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": awstest.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY": awstest.SecretAccessKey, "AWS_ENDPOINT_URL": url}
	cfg, err := awsenv.Config(func(k string) string { return env[k] })
	if err != nil {
		tb.Fatal(err)
	}
	if cfg.Retryer != nil || cfg.RetryMaxAttempts != 0 {
		tb.Fatal("awsenv sets a retryer: use it here")
	}
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxBackoff = 5 * time.Millisecond
			o.Backoff = retry.NewExponentialJitterBackoff(o.MaxBackoff)
		})
	}
	return cfg
}

// fake is the faulty endpoint of one run.
type fake struct {
	c      Case
	op     string // the call faulted
	fault  Fault
	always bool

	mu       sync.Mutex
	seen     []string
	attempts int             // of op
	ok       map[string]bool // operations answered with success
	released chan struct{}
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := awstest.ReadRequest(r)
	op := Operation(req)
	if f.c.Operation != nil {
		op = f.c.Operation(req)
	}
	f.mu.Lock()
	f.seen = append(f.seen, op)
	faulty := op == f.op && (f.always || f.attempts == 0)
	if op == f.op {
		f.attempts++
	}
	f.mu.Unlock()
	var resp awstest.Response
	switch {
	case !faulty:
		resp = f.c.serve(op, req)
	case f.fault == Timeout:
		hang(r, f.released)
		return
	case f.fault == Reset:
		reset(w)
		return
	case f.fault == Status5:
		resp = f.c.Protocol.Error(http.StatusInternalServerError, "InternalError")
	case f.fault == Throttle:
		resp = f.c.Protocol.Error(f.c.Protocol.ThrottleStatus, f.c.Protocol.ThrottleCode)
	case f.fault == Slow:
		time.Sleep(SlowDelay)
		resp = f.c.serve(op, req)
	}
	if resp.Status == 0 || resp.Status/100 == 2 {
		f.mu.Lock()
		f.ok[op] = true
		f.mu.Unlock()
	}
	resp.Write(w)
}

// hang answers nothing until the client gives up on r or the test ends
// (released is closed).
func hang(r *http.Request, released <-chan struct{}) {
	select {
	case <-r.Context().Done():
	case <-released:
	}
}

// reset closes the connection of w with a TCP reset.
func reset(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		if tcp, ok := conn.(*net.TCPConn); ok {
			_ = tcp.SetLinger(0) // close with RST
		}
		_ = conn.Close()
	}
}

// Outcome is what one run measured.
type Outcome struct {
	// Action is the Decision's action.
	Action responderkit.Action
	// Err is whether the handler returned an error.
	Err bool
	// Attempts is how many requests of the faulted call the fake got.
	Attempts int
}

func (o Outcome) String() string {
	what := string(o.Action)
	if o.Err {
		what = "error"
	}
	return fmt.Sprintf("%s ×%d", what, o.Attempts)
}

func (c Case) run(t *testing.T, op string, fault Fault, always bool) Outcome {
	t.Helper()
	f := &fake{c: c, op: op, fault: fault, always: always, ok: map[string]bool{}, released: make(chan struct{})}
	srv := httptest.NewServer(f)
	defer srv.Close()
	defer close(f.released)
	ctx, cancel := context.WithTimeout(context.Background(), Deadline)
	defer cancel()
	d, err := c.Decide(ctx, Config(t, srv.URL))
	f.mu.Lock()
	defer f.mu.Unlock()
	var pe *responderkit.PanicError
	if errors.As(err, &pe) {
		t.Errorf("%s %s %s: panic %v\n%s", c.Name, op, fault, pe.Value, pe.Stack)
	}
	fixed := c.Fixed
	if fixed == "" {
		fixed = responderkit.ActionRemediated
	}
	allWritten := true
	for _, w := range c.Writes {
		allWritten = allWritten && f.ok[w]
	}
	// The rule: a fix only when every write succeeded, else an error.
	if d.Action == fixed && !allWritten {
		t.Errorf("%s, %s on %s: %s although a write failed (%v)", c.Name, fault, op, fixed, f.ok)
	}
	if !allWritten && (err == nil || d.Action != responderkit.ActionFailed) {
		t.Errorf("%s, %s on %s: a write failed, decision %s, err %v; want failed with an error", c.Name, fault, op, d.Action, err)
	}
	if allWritten && (err != nil || d.Action != fixed) {
		t.Errorf("%s, %s on %s: every write succeeded, decision %s (%s), err %v; want %s", c.Name, fault, op, d.Action, d.Reason, err, fixed)
	}
	return Outcome{Action: d.Action, Err: err != nil, Attempts: f.attempts}
}

// Run runs c without faults (its calls must be c.Calls), then every call
// with every fault, always and once; checks each outcome (see the package
// documentation); and compares the table of the write calls with golden
// (a Markdown file of table rows), rewritten with -update.
func Run(t *testing.T, golden string, cases ...Case) {
	t.Helper()
	var rows []string
	for _, c := range cases {
		base := &fake{c: c, ok: map[string]bool{}, released: make(chan struct{})}
		srv := httptest.NewServer(base)
		ctx, cancel := context.WithTimeout(context.Background(), Deadline)
		d, err := c.Decide(ctx, Config(t, srv.URL))
		cancel()
		close(base.released)
		srv.Close()
		if got := strings.Join(base.seen, " "); got != strings.Join(c.Calls, " ") || err != nil {
			t.Fatalf("%s without faults: calls %q, want %q; decision %s (%s), err %v", c.Name, got, strings.Join(c.Calls, " "), d.Action, d.Reason, err)
		}
		// The runs wait on deadlines, not the CPU: run them side by side,
		// a few at a time so that a slow success stays within its deadline.
		type key struct {
			op     string
			fault  Fault
			always bool
		}
		outcomes := map[key]Outcome{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		slots := make(chan struct{}, parallelRuns)
		for _, op := range c.Calls {
			for _, fault := range Faults {
				for _, always := range []bool{true, false} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						slots <- struct{}{}
						defer func() { <-slots }()
						o := c.run(t, op, fault, always)
						mu.Lock()
						outcomes[key{op, fault, always}] = o
						mu.Unlock()
					}()
				}
			}
		}
		wg.Wait()
		for _, op := range c.Calls {
			if !contains(c.Writes, op) {
				continue
			}
			cells := []string{c.Name, op}
			for _, fault := range Faults {
				cells = append(cells, outcomes[key{op, fault, true}].String()+"; once: "+outcomes[key{op, fault, false}].String())
			}
			rows = append(rows, "| "+strings.Join(cells, " | ")+" |")
		}
	}
	got := strings.Join(rows, "\n") + "\n"
	if *testflags.Update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run with -update and review the diff):\n%s", golden, got)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
