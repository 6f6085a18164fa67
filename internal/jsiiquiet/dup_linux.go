//go:build linux

package jsiiquiet

import "syscall"

// dup2 makes newfd a copy of oldfd (linux/arm64 has no dup2 system call).
func dup2(oldfd, newfd int) error { return syscall.Dup3(oldfd, newfd, 0) }
