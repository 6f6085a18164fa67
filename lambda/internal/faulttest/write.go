package faulttest

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"

	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
)

// Write is a function that makes one write call per invocation, such as
// the heartbeat's SSM PutParameter or the notifier's SNS Publish. Its rule:
// Handle returns nil only when the service answered the call with success,
// and otherwise an error (Lambda retries, then dead-letters; the Errors
// alarm fires).
type Write struct {
	// Operation is the call, as Operation names it; any other call is
	// answered with the Protocol's error.
	Operation string
	// Protocol is the service's.
	Protocol Protocol
	// OK is the service's answer to the call when nothing fails.
	OK awstest.Response
	// Errors are the service's error answers injected besides a timeout
	// (never retried within the invocation), a reset connection (retried)
	// and an error code the SDK does not know (400 SomethingNew, not
	// retried).
	Errors []ErrorAnswer
	// Handle runs one invocation through the SDK configured with cfg.
	Handle func(ctx context.Context, cfg aws.Config) error
}

// ErrorAnswer is an error the service answers a call with.
type ErrorAnswer struct {
	// Name names the fault in the subtests.
	Name string
	// Status and Code are the HTTP status and the AWS error code.
	Status int
	Code   string
	// Retried is whether the SDK retries it within the invocation.
	Retried bool
}

// RunWrite runs w.Handle through the SDK configured as in Lambda (Config)
// against an endpoint that injects each fault into every attempt
// ("always") or the first one only ("once"), one parallel subtest each,
// and checks w's rule: a success exactly when the service accepted the
// call, an error whenever every attempt failed, and a retry that succeeds
// when a retried fault passes.
func RunWrite(t *testing.T, w Write) {
	t.Helper()
	type fault struct {
		name    string
		retried bool
		serve   func(w http.ResponseWriter, r *http.Request, released <-chan struct{})
	}
	faults := []fault{
		{"timeout", false, func(_ http.ResponseWriter, r *http.Request, released <-chan struct{}) { hang(r, released) }},
		{"reset", true, func(w http.ResponseWriter, _ *http.Request, _ <-chan struct{}) { reset(w) }},
	}
	for _, e := range append(w.Errors, ErrorAnswer{Name: "unexpected", Status: http.StatusBadRequest, Code: "SomethingNew"}) {
		resp := w.Protocol.Error(e.Status, e.Code)
		faults = append(faults, fault{e.Name, e.Retried, func(w http.ResponseWriter, _ *http.Request, _ <-chan struct{}) { resp.Write(w) }})
	}
	for _, f := range faults {
		for _, always := range []bool{true, false} {
			name := f.name + map[bool]string{true: " always", false: " once"}[always]
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				var mu sync.Mutex
				attempts, accepted := 0, false
				released := make(chan struct{})
				srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
					req := awstest.ReadRequest(r)
					mu.Lock()
					attempts++
					faulty := always || attempts == 1
					mu.Unlock()
					if Operation(req) != w.Operation {
						w.Protocol.Error(http.StatusBadRequest, "UnexpectedRequest").Write(rw)
						return
					}
					if faulty {
						f.serve(rw, r, released)
						return
					}
					mu.Lock()
					accepted = true
					mu.Unlock()
					w.OK.Write(rw)
				}))
				defer srv.Close()
				defer close(released)
				ctx, cancel := context.WithTimeout(context.Background(), Deadline)
				defer cancel()
				err := w.Handle(ctx, Config(t, srv.URL))
				mu.Lock()
				defer mu.Unlock()
				if accepted != (err == nil) {
					t.Errorf("%s accepted %v, err %v (after %d attempts): a success only when the service accepted the call", w.Operation, accepted, err, attempts)
				}
				if always && err == nil {
					t.Errorf("every attempt failed, yet no error")
				}
				// Passing faults are retried within the invocation.
				if !always && f.retried && (err != nil || attempts != 2) {
					t.Errorf("failed once: err %v after %d attempts; want a retry that succeeds", err, attempts)
				}
				t.Logf("attempts %d, err %v", attempts, err)
			})
		}
	}
}

// CheckErrors runs call once for each error a client may return: each
// NoCode error, and an AWS API error of each of codes. It fails tb unless
// call returns an error that wraps the cause (errors.Is, so that its AWS
// error code survives) and the JSON log call wrote through logger names
// that code (errorCode). check, when not nil, checks the rest of the error
// and of the log.
func CheckErrors(tb testing.TB, codes []string, call func(cause error, logger *slog.Logger) error, check func(cause, err error, log string)) {
	tb.Helper()
	causes := append([]error{}, NoCode...)
	for _, code := range codes {
		causes = append(causes, &smithy.GenericAPIError{Code: code})
	}
	for _, cause := range causes {
		var logs bytes.Buffer
		err := call(cause, slog.New(slog.NewJSONHandler(&logs, nil)))
		if !errors.Is(err, cause) {
			tb.Errorf("%v: err %v; want it wrapped", cause, err)
			continue
		}
		if ae, ok := cause.(*smithy.GenericAPIError); ok && !strings.Contains(logs.String(), `"errorCode":"`+ae.Code+`"`) {
			tb.Errorf("%v: log lacks the error code: %s", cause, logs.String())
		}
		if check != nil {
			check(cause, err, logs.String())
		}
	}
}
