//go:build !unix

package jsiiquiet

// filterStderr does nothing where file descriptors cannot be redirected.
func filterStderr() (restore func()) { return func() {} }
