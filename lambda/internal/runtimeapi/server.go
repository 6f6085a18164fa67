package runtimeapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Timeout is the time each invocation is given: the deadline header is set
// to the moment the event is handed out plus Timeout.
const Timeout = 30 * time.Second

// ErrorPayload is the body a function posts to an error endpoint.
type ErrorPayload struct {
	// Message is errorMessage.
	Message string `json:"errorMessage"`
	// Type is errorType.
	Type string `json:"errorType"`
}

// Result is the outcome of one invocation.
type Result struct {
	// RequestID is the invocation's request ID ("req-1", "req-2", ...).
	RequestID string
	// Event is the payload handed out.
	Event []byte
	// Delivered is when /next returned the event.
	Delivered time.Time
	// Completed is when the response or error arrived.
	Completed time.Time
	// Response is the body posted to /response; nil after an error.
	Response []byte
	// Error is the body posted to /error; nil after a response.
	Error *ErrorPayload
	// ErrorType is the Lambda-Runtime-Function-Error-Type header of an
	// error post.
	ErrorType string
}

// Server is a Runtime API serving a fixed list of events in order. After
// the last one, /next blocks until Close, as Lambda does between
// invocations.
type Server struct {
	srv     *httptest.Server
	closing chan struct{}
	done    chan struct{}

	mu        sync.Mutex
	events    [][]byte
	nextIdx   int
	pending   map[string]int // request ID -> index in results
	results   []Result
	completed int
	firstNext time.Time
	nexts     int
	initErr   *ErrorPayload
	doneOnce  sync.Once
}

// NewServer starts a Runtime API on a loopback port that will hand out
// events in order.
func NewServer(events ...[]byte) *Server {
	s := &Server{
		closing: make(chan struct{}),
		done:    make(chan struct{}),
		events:  events,
		pending: map[string]int{},
	}
	if len(events) == 0 {
		s.finish()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", s.next)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", s.post)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", s.post)
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", s.initError)
	s.srv = httptest.NewServer(mux)
	return s
}

// Addr returns host:port, the value for AWS_LAMBDA_RUNTIME_API.
func (s *Server) Addr() string { return strings.TrimPrefix(s.srv.URL, "http://") }

// Close unblocks pending /next requests and shuts the server down.
func (s *Server) Close() {
	select {
	case <-s.closing:
	default:
		close(s.closing)
	}
	s.srv.Close()
}

// Done is closed when every event has a result, or the function reported
// an initialization error.
func (s *Server) Done() <-chan struct{} { return s.done }

// Wait blocks until Done or ctx ends, and returns the results so far with
// ctx's error in the latter case.
func (s *Server) Wait(ctx context.Context) ([]Result, error) {
	select {
	case <-s.done:
		return s.Results(), nil
	case <-ctx.Done():
		return s.Results(), ctx.Err()
	}
}

// Results returns the invocations handed out so far, in order.
func (s *Server) Results() []Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Result, len(s.results))
	copy(out, s.results)
	return out
}

// FirstNext returns when the first /next request arrived; zero before.
func (s *Server) FirstNext() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.firstNext
}

// Nexts returns how many /next requests arrived.
func (s *Server) Nexts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nexts
}

// InitError returns the body of an /init/error post, or nil.
func (s *Server) InitError() *ErrorPayload {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.initErr
}

func (s *Server) finish() { s.doneOnce.Do(func() { close(s.done) }) }

func (s *Server) next(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	s.mu.Lock()
	s.nexts++
	if s.firstNext.IsZero() {
		s.firstNext = now
	}
	if s.nextIdx >= len(s.events) {
		s.mu.Unlock()
		select {
		case <-s.closing:
		case <-r.Context().Done():
		}
		http.Error(w, "runtime API closed", http.StatusGone)
		return
	}
	i := s.nextIdx
	s.nextIdx++
	id := "req-" + strconv.Itoa(i+1)
	s.pending[id] = len(s.results)
	s.results = append(s.results, Result{RequestID: id, Event: s.events[i], Delivered: now})
	s.mu.Unlock()

	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Lambda-Runtime-Aws-Request-Id", id)
	h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(now.Add(Timeout).UnixMilli(), 10))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:111111111111:function:test")
	h.Set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0")
	_, _ = w.Write(s.events[i])
}

func (s *Server) post(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	id := r.PathValue("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.pending[id]
	if !ok {
		http.Error(w, fmt.Sprintf("unknown or completed request ID %q", id), http.StatusBadRequest)
		return
	}
	delete(s.pending, id)
	res := &s.results[i]
	res.Completed = time.Now()
	if strings.HasSuffix(r.URL.Path, "/error") {
		res.Error = &ErrorPayload{}
		if err := json.Unmarshal(body, res.Error); err != nil {
			res.Error.Message = string(body)
		}
		res.ErrorType = r.Header.Get("Lambda-Runtime-Function-Error-Type")
	} else {
		res.Response = body
	}
	s.completed++
	if s.completed == len(s.events) {
		s.finish()
	}
	w.WriteHeader(http.StatusAccepted)
	_, _ = w.Write([]byte(`{"status":"OK"}`))
}

func (s *Server) initError(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	p := &ErrorPayload{}
	if err := json.Unmarshal(body, p); err != nil {
		p.Message = string(body)
	}
	s.mu.Lock()
	s.initErr = p
	s.mu.Unlock()
	s.finish()
	w.WriteHeader(http.StatusAccepted)
	_, _ = w.Write([]byte(`{"status":"OK"}`))
}
