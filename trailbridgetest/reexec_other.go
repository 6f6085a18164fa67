//go:build !unix

package trailbridgetest

import (
	"errors"
	"os"
	"os/exec"
)

// reexec runs the test binary again with env and exits with its status
// (there is no exec(2) here). It returns only when it cannot start it.
func reexec(env []string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env, cmd.Stdin, cmd.Stdout, cmd.Stderr = env, os.Stdin, os.Stdout, os.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if err == nil || errors.As(err, &exit) {
		os.Exit(cmd.ProcessState.ExitCode())
	}
	return err
}
