// Package runtimeapi is a local, in-process implementation of the AWS Lambda
// Runtime API (2018-06-01) for tests and benchmarks: it hands a fixed list of
// events to a function process that polls GET /runtime/invocation/next, and
// records what the process posts back to /response, /error and
// /runtime/init/error.
//
// Point a bootstrap binary at it with AWS_LAMBDA_RUNTIME_API set to
// Server.Addr. Server.FirstNext tells when the process first asked for
// work, so process start to FirstNext measures a cold start.
package runtimeapi
