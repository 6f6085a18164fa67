//go:build unix

package jsiiquiet

import (
	"io"
	"os"
	"syscall"
)

// filterStderr points file descriptor 2 at a pipe read by a Filter that
// writes to the real stderr. The returned function points descriptor 2 back
// and returns once the filter has written everything, held-back bytes
// included. If any step fails, stderr is left as it is.
func filterStderr() (restore func()) {
	saved, err := syscall.Dup(2)
	if err != nil {
		return func() {}
	}
	syscall.CloseOnExec(saved)
	r, w, err := os.Pipe()
	if err != nil {
		_ = syscall.Close(saved) // nothing to do about a failed close
		return func() {}
	}
	if err := dup2(int(w.Fd()), 2); err != nil {
		_ = r.Close() // nothing to do about a failed close
		_ = w.Close()
		_ = syscall.Close(saved)
		return func() {}
	}
	_ = w.Close() // descriptor 2 is now the pipe's only write end
	orig := os.NewFile(uintptr(saved), "stderr")
	done := make(chan struct{})
	go func() {
		defer close(done)
		f := &Filter{W: orig}
		if _, err := io.Copy(f, r); err != nil {
			// stderr has nowhere to report its own failure; keep draining the
			// pipe so that writers to descriptor 2 never block.
			_, _ = io.Copy(io.Discard, r)
		}
		_ = f.Flush()
		_ = r.Close()
	}()
	return func() {
		// Descriptor 2 becomes the real stderr again, which closes the
		// pipe's last write end: the filter reads EOF and finishes.
		if err := dup2(saved, 2); err != nil {
			return // stderr stays filtered, which still writes through
		}
		<-done
		_ = orig.Close()
	}
}
