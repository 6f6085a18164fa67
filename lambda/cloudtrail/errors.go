package cloudtrail

import (
	"strings"
)

// Reason classifies why a [ParseError] was returned. Its value is a short,
// human-readable phrase that appears in the error message.
type Reason string

// The reasons a [ParseError] can carry.
const (
	// ReasonEmptyInput: the input held nothing but white space.
	ReasonEmptyInput Reason = "empty input"
	// ReasonSyntax: the input is not well-formed JSON; Err holds the
	// *json.SyntaxError.
	ReasonSyntax Reason = "malformed JSON"
	// ReasonNotObject: the input is well-formed JSON but not an object.
	ReasonNotObject Reason = "not a JSON object"
	// ReasonUnknownShape: the object has neither "detail" (an EventBridge
	// event) nor "eventVersion" (a bare CloudTrail record).
	ReasonUnknownShape Reason = "neither an EventBridge event nor a CloudTrail record"
	// ReasonMissing: a required field is absent.
	ReasonMissing Reason = "missing"
	// ReasonNull: a required field is JSON null.
	ReasonNull Reason = "null"
	// ReasonEmpty: a required string field is present but empty.
	ReasonEmpty Reason = "empty"
	// ReasonType: a field has a JSON type that cannot be read as the
	// expected Go type; Err holds the *json.UnmarshalTypeError when there
	// is one.
	ReasonType Reason = "wrong type"
	// ReasonFormat: a field has the right type but an unreadable value,
	// such as a time that is not RFC 3339.
	ReasonFormat Reason = "bad format"
	// ReasonVersion: eventVersion is not of the form 1.N or 1.NN.
	ReasonVersion Reason = "unsupported event version"
	// ReasonUnexpected: a typed decoder was given a record of another
	// service or event name.
	ReasonUnexpected Reason = "unexpected event"
	// ReasonGzip: a gzip-compressed log file could not be decompressed.
	ReasonGzip Reason = "bad gzip data"
	// ReasonTooLarge: a log file decompresses to more than the size limit.
	ReasonTooLarge Reason = "too large"
)

// ParseError reports why an event, a record or one of its sections could not
// be read. Every error returned by this package is a *ParseError; errors from
// encoding/json are wrapped in Err and reachable with [errors.As].
type ParseError struct {
	// Field is the JSON path of the offending field, such as
	// "detail.eventVersion", "requestParameters.bucketName" or
	// "Records[3].eventTime". It is empty when the problem concerns the
	// whole input.
	Field string
	// Reason classifies the problem.
	Reason Reason
	// Detail adds context, such as the bad value or what is allowed. It may
	// be empty.
	Detail string
	// Err is the underlying error, if any.
	Err error
}

// Error returns "cloudtrail: <field>: <reason>[: <detail>][: <err>]".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("cloudtrail: ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(string(e.Reason))
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error, if any.
func (e *ParseError) Unwrap() error { return e.Err }

// joinPath appends key to the JSON path prefix.
func joinPath(prefix, key string) string {
	if prefix == "" {
		return key
	}
	if key == "" {
		return prefix
	}
	if key[0] == '[' {
		return prefix + key
	}
	return prefix + "." + key
}
