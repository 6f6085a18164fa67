package cdktest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
)

// A package's shared apps (Shared) are synthesized once each, split between
// the test process and a helper process: the test binary re-executed by
// Main with helperEnv naming a directory. Both take the apps in turn by
// creating "<name>.claim" there (O_EXCL: whoever creates it synthesizes the
// app): the test process when a test first asks for an app, the helper from
// the last declared to the first, so the two meet in the middle and the
// syntheses of the package run on two cores. The helper synthesizes into
// "<name>/" and then writes "<name>.ok", or "<name>.err" with what went
// wrong; it stops claiming once "stop" exists.
const helperEnv = "TRAILBRIDGE_CDKTEST_HELPER"

// sharedApp is one app declared with Shared.
type sharedApp struct {
	name  string
	opts  AppOptions
	build func(app awscdk.App)

	once sync.Once
	asm  *Assembly
	err  error
}

var (
	sharedMu   sync.Mutex
	sharedApps []*sharedApp
)

// Shared returns a function that returns the assembly of the app that
// NewApp(opts) builds once build has added its stacks, synthesized once for
// the package, as Once does: later calls return the same Assembly, or fail
// with the same error. name (unique in the package) names the app.
//
// Unlike Once's, a Shared app may be synthesized by a helper process that
// Main starts when the package runs all its tests (no -run), on the second
// core: build must therefore do nothing but build the app (no test state, no
// assertions on the constructs; a test that checks construction-time
// behaviour synthesizes in process), and report a problem by panicking,
// which fails every test that asks for the app, with the helper's output.
// Declare the apps at package level, in the order the tests first need
// them: the helper takes them from the last.
func Shared(name string, opts *AppOptions, build func(app awscdk.App)) func(t testing.TB) *Assembly {
	s := &sharedApp{name: name, build: build}
	if opts != nil {
		s.opts = *opts
	}
	sharedMu.Lock()
	for _, o := range sharedApps {
		if o.name == name {
			panic(fmt.Sprintf("cdktest: two shared apps named %q", name))
		}
	}
	sharedApps = append(sharedApps, s)
	sharedMu.Unlock()
	return func(t testing.TB) *Assembly {
		t.Helper()
		s.once.Do(func() {
			if helper.dir == "" {
				s.asm, s.err = s.synthesize(t, SharedDir())
			} else if claim(helper.dir, s.name) {
				s.asm, s.err = s.synthesize(t, filepath.Join(helper.dir, s.name))
			} else {
				s.asm, s.err = helper.await(s.name)
			}
		})
		if s.err != nil {
			t.Fatalf("shared app %s: %v", s.name, s.err)
		}
		if s.asm == nil { // the test that synthesized it stopped (t.Fatal) while building
			t.Fatalf("shared app %s: synthesis failed in an earlier test", s.name)
		}
		return s.asm
	}
}

// synthesize builds and synthesizes the app into outdir. A panic (a
// construct's validation error, a failed jsii call) is returned as an error.
func (s *sharedApp) synthesize(tb testing.TB, outdir string) (asm *Assembly, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s", cleanPanic(r))
		}
	}()
	app := newApp(tb, &s.opts, outdir)
	s.build(app)
	return ReadAssembly(*app.Synth(nil).Directory())
}

// claim reports whether this process created dir/<name>.claim, and so
// synthesizes the app.
func claim(dir, name string) bool {
	f, err := os.OpenFile(filepath.Join(dir, name+".claim"), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return false
	}
	return f.Close() == nil
}

// helperProcess is the helper process, seen from the test process.
type helperProcess struct {
	dir    string // where the apps are claimed and synthesized; "" when no helper runs
	cmd    *exec.Cmd
	out    lockedBuffer // what the helper printed
	exited chan struct{}
	err    error // how the helper exited, once exited is closed
}

// helper is the test process's helper process.
var helper helperProcess

// HelperRuns reports whether Main started a helper process that synthesizes
// some of the package's Shared apps.
func HelperRuns() bool { return helper.dir != "" }

// startHelper starts the helper process when the package runs all its tests
// and declares shared apps. The test binary's flags must be parsed.
func startHelper() {
	if len(sharedApps) < 2 || flagValue("test.run") != "" || flagValue("test.list") != "" {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return // every app is synthesized in process
	}
	dir := SharedDir()
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+dir)
	cmd.Stdout, cmd.Stderr = &helper.out, &helper.out
	if err := cmd.Start(); err != nil {
		return
	}
	helper.dir, helper.cmd, helper.exited = dir, cmd, make(chan struct{})
	go func() {
		helper.err = cmd.Wait()
		close(helper.exited)
	}()
}

// stopHelper asks the helper to stop claiming apps and waits for it to end
// its current synthesis and exit (closing its jsii runtime).
func stopHelper() {
	if helper.cmd == nil {
		return
	}
	if f, err := os.Create(filepath.Join(helper.dir, "stop")); err == nil {
		f.Close()
	}
	<-helper.exited
}

// await waits for the helper's result for the app name it claimed.
func (h *helperProcess) await(name string) (*Assembly, error) {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		exited := false
		select {
		case <-h.exited:
			exited = true
		case <-tick.C:
		}
		if _, err := os.Stat(filepath.Join(h.dir, name+".ok")); err == nil {
			return ReadAssembly(filepath.Join(h.dir, name))
		}
		if msg, err := os.ReadFile(filepath.Join(h.dir, name+".err")); err == nil {
			return nil, fmt.Errorf("the helper process failed to synthesize it: %s\nhelper output:\n%s", msg, h.out.String())
		}
		if exited {
			return nil, fmt.Errorf("the helper process exited (%v) without synthesizing it\nhelper output:\n%s", h.err, h.out.String())
		}
	}
}

// runHelper is the helper process: it synthesizes the shared apps it
// claims, from the last declared to the first, into dir, and returns the
// exit code (0: each app's failure is reported in its result file).
func runHelper(dir string) int {
	tb := helperTB{}
	for i := len(sharedApps) - 1; i >= 0; i-- {
		s := sharedApps[i]
		if _, err := os.Stat(filepath.Join(dir, "stop")); err == nil {
			return 0
		}
		if !claim(dir, s.name) {
			continue
		}
		result, body := ".ok", []byte{}
		if _, err := s.synthesize(tb, filepath.Join(dir, s.name)); err != nil {
			result, body = ".err", []byte(err.Error())
			fmt.Fprintf(os.Stderr, "cdktest helper: %s: %v\n", s.name, err)
		}
		// Written whole, then renamed: the test process never reads half.
		tmp := filepath.Join(dir, s.name+".tmp")
		if err := os.WriteFile(tmp, body, 0o644); err != nil {
			fmt.Fprintf(os.Stderr, "cdktest helper: %v\n", err)
			return 1
		}
		if err := os.Rename(tmp, filepath.Join(dir, s.name+result)); err != nil {
			fmt.Fprintf(os.Stderr, "cdktest helper: %v\n", err)
			return 1
		}
	}
	return 0
}

// helperTB is the testing.TB the helper process builds apps with: it runs no
// test, so a failure panics, and synthesize returns the panic as the app's
// error. Methods it does not override are not called by NewApp.
type helperTB struct{ testing.TB }

func (helperTB) Helper()                   {}
func (helperTB) Fatal(args ...any)         { panic(fmt.Sprint(args...)) }
func (helperTB) Fatalf(f string, a ...any) { panic(fmt.Sprintf(f, a...)) }

// lockedBuffer is a bytes.Buffer safe for the writes of a process's stdout
// and stderr and a reader.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// flagValue returns the value of the test binary's flag name, or "".
func flagValue(name string) string {
	if f := flag.Lookup(name); f != nil {
		return f.Value.String()
	}
	return ""
}
