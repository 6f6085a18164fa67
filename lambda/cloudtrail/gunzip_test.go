package cloudtrail

import (
	"bytes"
	"compress/gzip"
	"errors"
	"runtime"
	"testing"
)

func TestGunzip(t *testing.T) {
	plain := []byte(`{"Records": []}`)
	zipped := gzipped(t, plain)
	limit := int64(len(plain))

	if got, err := Gunzip(plain, 1); err != nil || !bytes.Equal(got, plain) {
		t.Errorf("uncompressed data: got %q, %v; want it unchanged whatever the limit", got, err)
	}
	if got, err := Gunzip(zipped, limit); err != nil || !bytes.Equal(got, plain) {
		t.Errorf("data that decompresses to exactly the limit: got %q, %v; want %q", got, err, plain)
	}
	_, err := Gunzip(zipped, limit-1)
	var large *TooLargeError
	if !errors.As(err, &large) || large.Limit != limit-1 {
		t.Errorf("one byte over the limit: got %v; want a *TooLargeError with Limit %d", err, limit-1)
	}
	if _, err := Gunzip(zipped[:len(zipped)-6], limit); err == nil || errors.As(err, &large) {
		t.Errorf("truncated gzip data: got %v; want gzip's error", err)
	}
	if _, err := Gunzip([]byte{0x1f, 0x8b, 7, 0, 0, 0, 0, 0, 0, 0xff}, limit); !errors.Is(err, gzip.ErrHeader) {
		t.Errorf("a gzip header with compression method 7: got %v; want gzip.ErrHeader", err)
	}
}

// A gzip bomb is refused by counting, without being kept: it costs no
// memory beyond the decompressor's.
func TestGunzipBombKeepsNothing(t *testing.T) {
	bomb := gzipped(t, make([]byte, 64<<20))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Gunzip(bomb, 1<<20)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("a 64 MiB bomb passed a 1 MiB limit")
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("refusing a 64 MiB bomb allocated %d bytes; want no buffer for its contents", n)
	}
}
