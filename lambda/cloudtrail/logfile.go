package cloudtrail

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// maxLogFileSize caps how much a gzip-compressed log file may expand to
// (CloudTrail log files are far smaller); a variable so tests can lower it.
var maxLogFileSize int64 = 256 << 20

// ParseLogFile reads a CloudTrail log file as delivered to S3,
// {"Records": [...]}, gzip-compressed or not (detected by the gzip magic
// bytes). Each record is read with the rules of [Parse]. A file with no
// records yields an empty slice.
//
// If a record is malformed, ParseLogFile returns the records before it with a
// *ParseError whose Field starts with "Records[i]". Digest files, which have
// no "Records" member, are rejected with ReasonMissing.
func ParseLogFile(data []byte) ([]Record, error) {
	data, err := Gunzip(data, maxLogFileSize)
	var large *TooLargeError
	if errors.As(err, &large) {
		return nil, &ParseError{Reason: ReasonTooLarge, Detail: large.Error()}
	} else if err != nil {
		return nil, &ParseError{Reason: ReasonGzip, Err: err}
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, &ParseError{Reason: ReasonEmptyInput}
	}
	if kindOf(data) != "object" {
		if !json.Valid(data) {
			return nil, &ParseError{Reason: ReasonSyntax, Err: syntaxErr(data)}
		}
		return nil, &ParseError{Reason: ReasonNotObject, Detail: "got " + kindOf(data)}
	}
	o, err := decodeObject(data, "")
	if err != nil {
		return nil, err
	}
	if !o.has("Records") {
		return nil, &ParseError{Field: "Records", Reason: ReasonMissing, Detail: "not a CloudTrail log file"}
	}
	if kindOf(o.raw("Records")) == "null" {
		return nil, &ParseError{Field: "Records", Reason: ReasonNull}
	}
	elems, err := o.array("Records")
	if err != nil {
		return nil, err
	}
	records := make([]Record, 0, len(elems))
	for i, raw := range elems {
		rec, err := decodeRecord(raw, fmt.Sprintf("Records[%d]", i))
		if err != nil {
			return records, err
		}
		records = append(records, rec)
	}
	return records, nil
}
