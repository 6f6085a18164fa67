//go:build unix

package trailbridgetest

import (
	"os"
	"syscall"
)

// reexec replaces the process with the test binary run again with env.
// It returns only on failure.
func reexec(env []string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	return syscall.Exec(exe, os.Args, env)
}
