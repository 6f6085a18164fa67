package cloudtrail

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/trailbridge/trailbridge/catalog"
)

// Envelope is an EventBridge event that carries a CloudTrail record in its
// detail, as delivered to a Lambda target for the "AWS API Call via
// CloudTrail" family of detail types.
type Envelope struct {
	// Version is the EventBridge event format version, "0".
	Version string `json:"version"`
	// ID is the EventBridge event ID (not the CloudTrail eventID).
	ID string `json:"id"`
	// DetailType is one of the DetailType* constants.
	DetailType string `json:"detail-type"`
	// Source is "aws." followed by the service, such as "aws.s3".
	Source string `json:"source"`
	// Account is the account of the bus the event was put on.
	Account string `json:"account"`
	// Time is when the event occurred.
	Time time.Time `json:"time,omitzero"`
	// Region is the region of the bus the event was put on.
	Region string `json:"region"`
	// Resources is the event's resources list; empty for CloudTrail events.
	Resources []string `json:"resources"`
	// Detail is the CloudTrail record.
	Detail Record `json:"detail"`

	// Bare reports that Parse was given a bare CloudTrail record rather
	// than an EventBridge event. Version and ID are then empty, and
	// DetailType, Source, Account, Time and Region are derived from the
	// record (Source by catalog.SourceOf, a best effort that is wrong for a
	// few services). It is not part of the JSON form.
	Bare bool `json:"-"`
}

// Parse reads an EventBridge event whose detail is a CloudTrail record, or a
// bare CloudTrail record (what a log file or CloudTrail Lake holds, and what
// the AWS documentation shows). An object with a "detail" member is read as
// an event; otherwise one with "eventVersion" is read as a record.
//
// Parse is lenient where CloudTrail varies (booleans written as strings,
// absent readOnly, numbers or strings in string fields, event versions newer
// than it knows, which become Record.Warnings) and strict about what a
// responder decides on: an event must have detail-type, source and an object
// detail; a record must have eventVersion of the form 1.N or 1.NN, an RFC
// 3339 eventTime, eventSource, eventName and awsRegion, and fields of the
// wrong JSON type are errors. Every error is a *ParseError naming the field.
func Parse(data []byte) (*Envelope, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, &ParseError{Reason: ReasonEmptyInput}
	}
	if k := kindOf(data); k != "object" {
		if !json.Valid(data) {
			return nil, &ParseError{Reason: ReasonSyntax, Err: syntaxErr(data)}
		}
		return nil, &ParseError{Reason: ReasonNotObject, Detail: "got " + k}
	}
	o, err := decodeObject(data, "")
	if err != nil {
		return nil, err
	}
	switch {
	case o.has("detail"):
		return decodeEnvelope(o)
	case o.has("eventVersion"):
		rec, err := decodeRecord(data, "")
		if err != nil {
			return nil, err
		}
		return &Envelope{
			DetailType: DetailTypeOf(rec.EventType),
			Source:     catalog.SourceOf(rec.EventSource),
			Account:    rec.RecipientAccountID,
			Time:       rec.EventTime,
			Region:     rec.AWSRegion,
			Detail:     rec,
			Bare:       true,
		}, nil
	}
	return nil, &ParseError{Reason: ReasonUnknownShape, Detail: `no "detail" or "eventVersion" member`}
}

// UnmarshalJSON reads an event or bare record with [Parse], so that a Lambda
// handler taking an Envelope gets the same checks. JSON null leaves e
// unchanged, as encoding/json does.
func (e *Envelope) UnmarshalJSON(data []byte) error {
	if kindOf(data) == "null" {
		return nil
	}
	env, err := Parse(data)
	if err != nil {
		return err
	}
	*e = *env
	return nil
}

// decodeEnvelope reads an EventBridge event object.
func decodeEnvelope(o object) (*Envelope, error) {
	r := &reader{o: o}
	e := &Envelope{
		Version:    r.str("version"),
		ID:         r.str("id"),
		DetailType: r.required("detail-type"),
		Source:     r.required("source"),
		Account:    r.str("account"),
		Region:     r.str("region"),
	}
	if r.err == nil {
		e.Time, r.err = o.timeVal("time", false)
	}
	if r.err == nil {
		elems, err := o.array("resources")
		r.keep(err)
		if elems != nil {
			e.Resources = make([]string, 0, len(elems))
		}
		for i, raw := range elems {
			var s flexString
			if kindOf(raw) != "string" || s.UnmarshalJSON(raw) != nil {
				r.keep(&ParseError{Field: fmt.Sprintf("resources[%d]", i), Reason: ReasonType,
					Detail: "want a string, got " + kindOf(raw)})
				break
			}
			e.Resources = append(e.Resources, string(s))
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	rec, err := decodeRecord(o.raw("detail"), "detail")
	if err != nil {
		return nil, err
	}
	e.Detail = rec
	return e, nil
}
