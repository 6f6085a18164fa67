// Package testevent loads and edits CloudTrail records and EventBridge
// events for responder tests: Load reads a file of testdata, Set changes one
// field of the record (inside "detail" for an event), Delete removes one,
// and Wrap puts a bare record in an EventBridge envelope.
package testevent
