package jsiiquiet

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

const echild = "Runtime process exited abnormally: waitid: no child processes"

func TestFilter(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string
		want   string
	}{
		{"message alone", []string{echild}, ""},
		{"glued to the next line", []string{echild + "Trailbridge-AuditTrail\n"}, "Trailbridge-AuditTrail\n"},
		{"between lines", []string{"a\n" + echild + "b\n"}, "a\nb\n"},
		{"twice", []string{echild + echild + "x"}, "x"},
		{"in pieces", []string{"a\nRuntime pro", "cess exited abnormally: wai", "tid: no child processes", "b\n"}, "a\nb\n"},
		{"one byte at a time", strings.Split("a"+echild+"b", ""), "ab"},
		{"wait variant", []string{"Runtime process exited abnormally: wait: no child processes\n"}, "\n"},
		{"a real abnormal exit passes", []string{"Runtime process exited abnormally: exit status 1\n"}, "Runtime process exited abnormally: exit status 1\n"},
		{"a signal passes", []string{"Runtime process exited abnormally: signal: killed"}, "Runtime process exited abnormally: signal: killed"},
		{"another reason after waitid passes", []string{"Runtime process exited abnormally: waitid: interrupted system call"}, "Runtime process exited abnormally: waitid: interrupted system call"},
		{"a cut message is flushed", []string{"x Runtime process exited abnormally: waitid: no child process"}, "x Runtime process exited abnormally: waitid: no child process"},
		{"R and Ru are not held forever", []string{"R", "u", "n\n"}, "Run\n"},
		{"other bytes unchanged", []string{"\x00\xff✓ RRuntime\n"}, "\x00\xff✓ RRuntime\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			f := &Filter{W: &out}
			for _, c := range tt.chunks {
				if n, err := f.Write([]byte(c)); n != len(c) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", c, n, err)
				}
			}
			if err := f.Flush(); err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.want {
				t.Errorf("got %q, want %q", out.String(), tt.want)
			}
		})
	}
}

// TestFilterWritesAsSoonAsItCan: only bytes that could start the message
// wait; a whole line is written at once, not at Flush.
func TestFilterWritesAsSoonAsItCan(t *testing.T) {
	var out bytes.Buffer
	f := &Filter{W: &out}
	if _, err := f.Write([]byte("line\nRuntime process")); err != nil {
		t.Fatal(err)
	}
	if out.String() != "line\n" {
		t.Errorf("before Flush: %q, want %q", out.String(), "line\n")
	}
}

// lateWaiter stands for jsii-runtime-go's waiter goroutine at its worst:
// it prints its message only after the close function has returned. Like
// jsii's, it is running (started is closed) well before the close.
func lateWaiter(started chan<- struct{}, closed <-chan struct{}, message string) {
	close(started)
	<-closed
	time.Sleep(100 * time.Millisecond)
	fmt.Fprint(os.Stderr, message)
}

// TestHelperProcess is the child process of TestQuietly (it writes to its own
// descriptor 2).
func TestHelperProcess(t *testing.T) {
	message, ok := os.LookupEnv("JSIIQUIET_HELPER")
	if !ok {
		t.Skip("run by TestQuietly")
	}
	fmt.Fprint(os.Stderr, "before\n")
	started, closed := make(chan struct{}), make(chan struct{})
	go lateWaiter(started, closed, message)
	<-started // until then its stack shows only a wrapper of the go statement
	quietly(func() {
		fmt.Fprint(os.Stderr, "closing\n")
		close(closed)
	}, "github.com/trailbridge/trailbridge/internal/jsiiquiet.lateWaiter", 5*time.Second)
	fmt.Fprint(os.Stderr, "after\n")
}

// TestQuietly runs a process whose waiter prints after the close returned:
// the ECHILD message must not reach its stderr, everything else must, in
// order (a real abnormal exit included).
func TestQuietly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no descriptor redirection on Windows")
	}
	tests := []struct{ message, want string }{
		{echild, "before\nclosing\nafter\n"},
		{echild + "glued\n", "before\nclosing\nglued\nafter\n"},
		{"Runtime process exited abnormally: exit status 1", "before\nclosing\nRuntime process exited abnormally: exit status 1after\n"},
	}
	for _, tt := range tests {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
		cmd.Env = append(os.Environ(), "JSIIQUIET_HELPER="+tt.message)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("helper: %v\n%s", err, stderr.String())
		}
		if stderr.String() != tt.want {
			t.Errorf("message %q: stderr = %q, want %q", tt.message, stderr.String(), tt.want)
		}
	}
}

// TestWaiterName: the pinned jsii-runtime-go runs its waiter goroutine under
// the name Close waits for, and Close ends it. After an upgrade that renames
// it, Close would stop waiting and a late message could get through again.
func TestWaiterName(t *testing.T) {
	if os.Getenv("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION") == "" {
		t.Setenv("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20") // read when Node starts
	}
	if running(waiter) {
		t.Fatal("a waiter runs before jsii started")
	}
	constructs.Construct_IsConstruct(jsii.String("starts the jsii runtime"))
	if !running(waiter) {
		t.Fatalf("no goroutine runs %s* once jsii has started: update waiter for this jsii-runtime-go", waiter)
	}
	Close()
	if running(waiter) {
		t.Error("the waiter still runs after Close")
	}
}
