package cloudtrail

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
)

// TooLargeError is Gunzip's error for data that decompresses to more than
// its limit.
type TooLargeError struct {
	// Limit is the limit, in bytes.
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("decompresses to more than %d bytes", e.Limit)
}

// Gunzip returns data decompressed when it starts with the gzip magic bytes
// (as CloudTrail's log files in S3 do), and data itself otherwise. Data that
// decompresses to more than limit bytes is refused with a *TooLargeError
// before any of it is kept: it is decompressed twice, once to count and once
// into a buffer of the exact size, so that a gzip bomb costs no memory.
// Malformed gzip data returns compress/gzip's error.
func Gunzip(data []byte, limit int64) ([]byte, error) {
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		return data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	n, err := io.Copy(io.Discard, io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, &TooLargeError{Limit: limit}
	}
	if err := zr.Reset(bytes.NewReader(data)); err != nil {
		return nil, err
	}
	out := make([]byte, n)
	if _, err := io.ReadFull(zr, out); err != nil {
		return nil, err
	}
	return out, nil
}
