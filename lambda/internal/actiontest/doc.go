// Package actiontest checks that a responder's Actions list (the IAM actions
// the CDK side grants verbatim) is exactly what its SDK client interfaces
// call: IAMAction maps SDK operations to IAM actions, Methods lists an
// interface's operations, Recorder collects the operations a test's mocks
// saw, and Check compares the three.
package actiontest
