// Package stacks composes trailbridge's constructs into the stacks that the
// app in this repository deploys (app.go decides their environments):
//
//   - AuditTrailStack: the multi-region trail, its key, bucket and log group.
//
// Stacks take plain props, never read environment variables, and accept nil
// props where every field is optional.
package stacks
