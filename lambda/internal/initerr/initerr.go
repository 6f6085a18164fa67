// Package initerr reports a Lambda function's initialization failure, such
// as an invalid configuration, before the handler starts: as a JSON log
// line, as an initialization error to the Lambda Runtime API (so the
// invocation fails with errorType "Runtime.InitError" and the message, which
// github.com/aws/aws-lambda-go has no call for), and by exiting with status
// 1. Lambda then retries asynchronous invocations and finally hands them to
// the function's on-failure destination: no event is lost.
package initerr

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"time"
)

// ErrorType is the errorType reported.
const ErrorType = "Runtime.InitError"

// Exit logs err with logger (msg "init error"), posts it to
// http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/init/error when that
// variable is set, and exits the process with status 1.
func Exit(logger *slog.Logger, err error) {
	logger.Error("init error", slog.String("error", err.Error()))
	if api := os.Getenv("AWS_LAMBDA_RUNTIME_API"); api != "" {
		_ = Post(api, err)
	}
	os.Exit(1)
}

// Post sends err to the Runtime API at api (host:port) as an
// initialization error.
func Post(api string, err error) error {
	body, _ := json.Marshal(map[string]string{"errorMessage": err.Error(), "errorType": ErrorType})
	req, rerr := http.NewRequest(http.MethodPost, "http://"+api+"/2018-06-01/runtime/init/error", bytes.NewReader(body))
	if rerr != nil {
		return rerr
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Lambda-Runtime-Function-Error-Type", ErrorType)
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{Proxy: nil}}
	resp, rerr := client.Do(req)
	if rerr != nil {
		return rerr
	}
	return resp.Body.Close()
}
