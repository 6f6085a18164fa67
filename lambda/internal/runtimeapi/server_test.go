package runtimeapi_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/trailbridge/trailbridge/lambda/internal/runtimeapi"
)

func TestProtocol(t *testing.T) {
	s := runtimeapi.NewServer([]byte(`{"n":1}`), []byte(`{"n":2}`))
	defer s.Close()
	base := "http://" + s.Addr() + "/2018-06-01/runtime/"
	next := func() (string, string, string) {
		resp, err := http.Get(base + "invocation/next")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.Header.Get("Lambda-Runtime-Aws-Request-Id"), resp.Header.Get("Lambda-Runtime-Deadline-Ms"), string(body)
	}
	post := func(path, body string) int {
		resp, err := http.Post(base+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	id, deadline, body := next()
	if id != "req-1" || deadline == "" || body != `{"n":1}` {
		t.Fatalf("first next: %q %q %q", id, deadline, body)
	}
	if code := post("invocation/req-1/response", `"ok"`); code != http.StatusAccepted {
		t.Errorf("response: %d", code)
	}
	if code := post("invocation/req-1/response", `"again"`); code != http.StatusBadRequest {
		t.Errorf("second response to req-1: %d", code)
	}
	id, _, _ = next()
	select {
	case <-s.Done():
		t.Fatal("done before the second result")
	default:
	}
	req, _ := http.NewRequest(http.MethodPost, base+"invocation/"+id+"/error", strings.NewReader(`{"errorMessage":"bad","errorType":"E"}`))
	req.Header.Set("Lambda-Runtime-Function-Error-Type", "E")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	results, err := s.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if string(results[0].Response) != `"ok"` || results[1].Error == nil || results[1].Error.Message != "bad" || results[1].ErrorType != "E" {
		t.Errorf("results %+v", results)
	}

	// After the last event, /next blocks until Close.
	got := make(chan int, 1)
	go func() {
		resp, err := http.Get(base + "invocation/next")
		if err != nil {
			got <- 0
			return
		}
		resp.Body.Close()
		got <- resp.StatusCode
	}()
	select {
	case code := <-got:
		t.Fatalf("next after the last event returned %d", code)
	case <-time.After(50 * time.Millisecond):
	}
	s.Close()
	if code := <-got; code != http.StatusGone && code != 0 {
		t.Errorf("blocked next ended with %d", code)
	}
}

func TestInitError(t *testing.T) {
	s := runtimeapi.NewServer([]byte(`{}`))
	defer s.Close()
	resp, err := http.Post("http://"+s.Addr()+"/2018-06-01/runtime/init/error", "application/json", strings.NewReader(`{"errorMessage":"bad env","errorType":"Runtime.InitError"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	<-s.Done()
	if e := s.InitError(); e == nil || e.Message != "bad env" {
		t.Errorf("init error %+v", e)
	}
}
