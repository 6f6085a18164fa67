package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/trailbridge/trailbridge/internal/contract"
)

// runtimeAPI is the smallest Lambda Runtime API (2018-06-01) a cold start
// needs: it notes when the function process first asks for work
// (GET /runtime/invocation/next) and then holds the request, as Lambda does
// between invocations. It is lambda/internal/runtimeapi's Server without
// events; that package is internal to lambda/ and cannot be imported here.
type runtimeAPI struct {
	srv   *http.Server
	addr  string
	once  sync.Once
	first chan time.Time
	stop  chan struct{}
}

func newRuntimeAPI() (*runtimeAPI, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	a := &runtimeAPI{addr: ln.Addr().String(), first: make(chan time.Time, 1), stop: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		a.once.Do(func() { a.first <- now })
		select {
		case <-a.stop:
		case <-r.Context().Done():
		}
		http.Error(w, "runtime API closed", http.StatusGone)
	})
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", func(w http.ResponseWriter, r *http.Request) {
		a.once.Do(func() { a.first <- time.Time{} })
		w.WriteHeader(http.StatusAccepted)
	})
	a.srv = &http.Server{Handler: mux}
	go func() { _ = a.srv.Serve(ln) }()
	return a, nil
}

func (a *runtimeAPI) close() {
	close(a.stop)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = a.srv.Shutdown(ctx)
}

// coldStartEnv is what Lambda gives a provided.al2023 function, plus what
// each responder requires (every responder ignores the others' variables).
var coldStartEnv = []string{
	"AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1",
	"AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_SESSION_TOKEN=token",
	"AWS_LAMBDA_FUNCTION_NAME=bench", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
	"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/bench", "AWS_LAMBDA_LOG_STREAM_NAME=bench", "_HANDLER=bootstrap",
	contract.EnvMode + "=remediate", contract.EnvMFAGroup + "=trailbridge-mfa-required",
	contract.EnvProtectedTrails + "=org-audit", contract.EnvAuditBucket + "=audit-reports-111111111111",
	contract.EnvSelfRoleARN + "=arn:aws:iam::111111111111:role/bench",
}

// cmdColdStart starts each binary -runs times against a fresh Runtime API
// and records process start (just before fork/exec) to its first /next
// request: everything Lambda's init phase spends in the function.
func cmdColdStart(args []string) error {
	fs, out := resultsFlags("coldstart")
	runs := fs.Int("runs", 20, "starts per binary")
	if err := fs.Parse(args); err != nil {
		return err
	}
	home, err := os.MkdirTemp("", "benchgo-home-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(home)
	var rows []Row
	var failed []string
	for _, arg := range fs.Args() {
		name, bin, ok := strings.Cut(arg, "=")
		if !ok {
			return fmt.Errorf("%q: want NAME=BINARY", arg)
		}
		var ms []float64
		var ferr error
		for r := 0; r < *runs+1 && ferr == nil; r++ {
			d, err := coldStart(bin, home)
			if err != nil {
				ferr = err
				break
			}
			if r > 0 { // the first start pages the binary in: not counted
				ms = append(ms, d.Seconds()*1000)
			}
		}
		note := ""
		if ferr != nil {
			note = "FAILED: " + ferr.Error()
			failed = append(failed, name)
		}
		rows = append(rows, rowOf("coldstart/"+name, "ms", ms, note))
	}
	if err := appendRows(*out, rows...); err != nil {
		return err
	}
	if len(failed) > 0 {
		return fmt.Errorf("failed: %s", strings.Join(failed, ", "))
	}
	return nil
}

func coldStart(bin, home string) (time.Duration, error) {
	api, err := newRuntimeAPI()
	if err != nil {
		return 0, err
	}
	defer api.close()
	cmd := exec.Command(bin)
	cmd.Env = append([]string{"PATH=/usr/bin:/bin", "HOME=" + home, "LAMBDA_TASK_ROOT=" + home,
		"AWS_CONFIG_FILE=" + home + "/none", "AWS_SHARED_CREDENTIALS_FILE=" + home + "/none",
		"AWS_LAMBDA_RUNTIME_API=" + api.addr}, coldStartEnv...)
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Kill()
		<-exited
	}()
	select {
	case t := <-api.first:
		if t.IsZero() {
			return 0, fmt.Errorf("init error: %s", tail(stderr.String(), 300))
		}
		return t.Sub(start), nil
	case err := <-exited:
		exited <- err
		return 0, fmt.Errorf("exited before asking for work (%v): %s", err, tail(stderr.String(), 300))
	case <-time.After(10 * time.Second):
		return 0, errors.New("no /next request within 10 s")
	}
}
