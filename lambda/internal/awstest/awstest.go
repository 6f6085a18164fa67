package awstest

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Static credentials the fake endpoint is called with.
const (
	AccessKeyID     = "AKIDTRAILBRIDGETEST"
	SecretAccessKey = "trailbridge-test-secret"
)

// Request is one recorded request.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is the unescaped URL path, such as "/bucket".
	Path string
	// Query is the parsed query string; S3 subresources such as
	// "publicAccessBlock" appear as keys with empty values.
	Query url.Values
	// Header holds the request headers.
	Header http.Header
	// Body is the request body as sent.
	Body []byte
	// Form is the body parsed as application/x-www-form-urlencoded, for
	// query-protocol services (EC2, IAM); nil otherwise.
	Form url.Values
}

// Action returns the Action form parameter of a query-protocol request
// ("RevokeSecurityGroupIngress"), or "" for other protocols.
func (r Request) Action() string { return r.Form.Get("Action") }

// QueryKeys returns the query's keys, sorted and joined with "&" (values
// omitted): "publicAccessBlock", "tagging", "x-id=PutObject" becomes
// "x-id".
func (r Request) QueryKeys() string {
	keys := slices.Sorted(maps.Keys(r.Query))
	return strings.Join(keys, "&")
}

// Has reports whether the query string has key (an S3 subresource).
func (r Request) Has(key string) bool {
	_, ok := r.Query[key]
	return ok
}

// Response is what the fake endpoint answers.
type Response struct {
	// Status is the HTTP status; 0 means 200.
	Status int
	// Header is added to the response.
	Header http.Header
	// Body is the response body.
	Body string
}

// OK is an empty 200 response.
func OK() Response { return Response{} }

// XML is a 200 response with an XML body.
func XML(body string) Response {
	return Response{Header: http.Header{"Content-Type": {"application/xml"}}, Body: body}
}

// S3Error is an S3 REST-XML error document.
func S3Error(status int, code string) Response {
	return Response{Status: status, Header: http.Header{"Content-Type": {"application/xml"}},
		Body: fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s (fake)</Message><RequestId>FAKE</RequestId></Error>`, code, code)}
}

// EC2Error is an EC2 query-protocol error document (status 400).
func EC2Error(code string) Response {
	return Response{Status: http.StatusBadRequest, Header: http.Header{"Content-Type": {"text/xml"}},
		Body: fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>%s</Code><Message>%s (fake)</Message></Error></Errors><RequestID>FAKE</RequestID></Response>`, code, code)}
}

// QueryError is an IAM-style query-protocol error document.
func QueryError(status int, code string) Response {
	return Response{Status: status, Header: http.Header{"Content-Type": {"text/xml"}},
		Body: fmt.Sprintf(`<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s (fake)</Message></Error><RequestId>FAKE</RequestId></ErrorResponse>`, code, code)}
}

// Server is a fake AWS endpoint.
type Server struct {
	srv     *httptest.Server
	handler func(Request) Response

	mu   sync.Mutex
	reqs []Request
}

// NewServer starts a fake endpoint on a loopback port, answering with
// handler, and closes it when the test ends.
func NewServer(tb testing.TB, handler func(Request) Response) *Server {
	s := &Server{handler: handler}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	if tb != nil {
		tb.Cleanup(s.srv.Close)
	}
	return s
}

// URL returns the endpoint's base URL, such as http://127.0.0.1:34567.
func (s *Server) URL() string { return s.srv.URL }

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// Requests returns the requests received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// ReadRequest reads r (its whole body) into a Request.
func ReadRequest(r *http.Request) Request {
	body, _ := io.ReadAll(r.Body)
	req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if form, err := url.ParseQuery(string(body)); err == nil {
			req.Form = form
		}
	}
	return req
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	req := ReadRequest(r)
	s.mu.Lock()
	s.reqs = append(s.reqs, req)
	s.mu.Unlock()
	s.handler(req).Write(w)
}

// Write sends resp on w.
func (resp Response) Write(w http.ResponseWriter) {
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if resp.Status == 0 {
		resp.Status = http.StatusOK
	}
	w.WriteHeader(resp.Status)
	_, _ = io.Copy(w, bytes.NewBufferString(resp.Body))
}

// Config returns an aws.Config that sends every service's requests to url
// with static credentials, in region, without retries.
func Config(url, region string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, ""),
		BaseEndpoint: aws.String(url),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
		HTTPClient:   &http.Client{},
	}
}

// Env returns environment variables ("KEY=value") that make a process using
// config.LoadDefaultConfig send its requests to url with static
// credentials in region, reading no shared configuration files (they point
// into dir) and no instance metadata.
func Env(url, region, dir string) []string {
	return []string{
		"AWS_ENDPOINT_URL=" + url,
		"AWS_REGION=" + region,
		"AWS_ACCESS_KEY_ID=" + AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + SecretAccessKey,
		"AWS_CONFIG_FILE=" + dir + "/aws-config-absent",
		"AWS_SHARED_CREDENTIALS_FILE=" + dir + "/aws-credentials-absent",
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_MAX_ATTEMPTS=1",
	}
}

// AssumeRole is an STS AssumeRole response (query protocol) with temporary
// credentials: access key ID keyID, secret and session token derived from
// it, expiring in an hour.
func AssumeRole(keyID string) Response {
	exp := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	return Response{Header: http.Header{"Content-Type": {"text/xml"}}, Body: fmt.Sprintf(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>`+
		`<Credentials><AccessKeyId>%[1]s</AccessKeyId><SecretAccessKey>secret-%[1]s</SecretAccessKey><SessionToken>token-%[1]s</SessionToken><Expiration>%[2]s</Expiration></Credentials>`+
		`<AssumedRoleUser><AssumedRoleId>AROAFAKE:session</AssumedRoleId><Arn>arn:aws:sts::000000000000:assumed-role/fake/session</Arn></AssumedRoleUser>`+
		`</AssumeRoleResult><ResponseMetadata><RequestId>FAKE</RequestId></ResponseMetadata></AssumeRoleResponse>`, keyID, exp)}
}
