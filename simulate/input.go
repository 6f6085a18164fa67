package simulate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
)

// Kinds of Input, by what the event was built from.
const (
	// KindEvent: an EventBridge event, used as it is.
	KindEvent = "event"
	// KindRecord: a bare CloudTrail record, wrapped with WrapRecord.
	KindRecord = "record"
	// KindLogFile: a record of a CloudTrail log file ({"Records": [...]},
	// gzip-compressed or not), wrapped with WrapRecord.
	KindLogFile = "log file"
	// KindLookupEvents: a record of `aws cloudtrail lookup-events` output
	// ({"Events": [{"CloudTrailEvent": "..."}]}), wrapped with WrapRecord.
	KindLookupEvents = "lookup-events"
)

// maxInput bounds what a gzip-compressed input may decompress to.
const maxInput = 512 << 20

// Input is one EventBridge event read by Inputs.
type Input struct {
	// Name identifies the event: the name given to Inputs, followed by
	// ":Records[i]" for a log-file record, ":Events[i]" for a lookup-events
	// record and "[i]" for an element of a JSON array or of a stream of
	// JSON values.
	Name string
	// Kind says what the event was built from: KindEvent, KindRecord,
	// KindLogFile or KindLookupEvents.
	Kind string
	// Event is the EventBridge event, as JSON.
	Event []byte
}

// Inputs reads the events in data, named name in errors and in Input.Name.
// data may be gzip-compressed and may hold:
//
//   - an EventBridge event (an object with "detail-type", "source" or
//     "detail"), used as it is;
//   - a bare CloudTrail record (see IsRecord), wrapped as CloudTrail
//     delivers it to EventBridge (see WrapRecord);
//   - a CloudTrail log file, {"Records": [...]}, whose records are wrapped;
//   - the output of `aws cloudtrail lookup-events`, {"Events":
//     [{"CloudTrailEvent": "<record as a JSON string>"}, ...]};
//   - a JSON array, or a stream of JSON values (such as JSON Lines), of any
//     of these.
func Inputs(data []byte, name string) ([]Input, error) {
	data, err := cloudtrail.Gunzip(data, maxInput)
	if err != nil {
		var large *cloudtrail.TooLargeError
		if errors.As(err, &large) {
			return nil, fmt.Errorf("simulate: %s: %w", name, err)
		}
		return nil, fmt.Errorf("simulate: %s: bad gzip data: %w", name, err)
	}
	values, err := JSONValues(data)
	if err != nil {
		return nil, fmt.Errorf("simulate: %s: malformed JSON: %w", name, err)
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("simulate: %s: empty input", name)
	}
	var out []Input
	for i, v := range values {
		n := name
		if len(values) > 1 {
			n = fmt.Sprintf("%s[%d]", name, i)
		}
		if bytes.HasPrefix(v, []byte("[")) {
			var elems []json.RawMessage
			if err := json.Unmarshal(v, &elems); err != nil {
				return nil, fmt.Errorf("simulate: %s: %w", n, err)
			}
			for j, e := range elems {
				in, err := inputsOf(e, fmt.Sprintf("%s[%d]", n, j))
				if err != nil {
					return nil, err
				}
				out = append(out, in...)
			}
			continue
		}
		in, err := inputsOf(v, n)
		if err != nil {
			return nil, err
		}
		out = append(out, in...)
	}
	return out, nil
}

// JSONValues returns the JSON values data holds one after another: one JSON
// text, JSON Lines, or values simply written one after the other, as Inputs
// and the trailbridge command read them. Data with no value (empty, or only
// white space) holds none; the error is the decoder's, at the first value
// that is not well-formed.
func JSONValues(data []byte) ([]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var values []json.RawMessage
	for {
		var v json.RawMessage
		if err := dec.Decode(&v); err == io.EOF {
			return values, nil
		} else if err != nil {
			return nil, err
		}
		values = append(values, v)
	}
}

func inputsOf(v json.RawMessage, name string) ([]Input, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(v, &top); err != nil || top == nil {
		return nil, fmt.Errorf("simulate: %s: not a JSON object", name)
	}
	switch shape(top) {
	case KindEvent:
		return []Input{{Name: name, Kind: KindEvent, Event: v}}, nil
	case KindRecord:
		ev, err := WrapRecord(v)
		if err != nil {
			return nil, fmt.Errorf("simulate: %s: %w", name, err)
		}
		return []Input{{Name: name, Kind: KindRecord, Event: ev}}, nil
	case KindLogFile:
		var recs []json.RawMessage
		if err := json.Unmarshal(top["Records"], &recs); err != nil {
			return nil, fmt.Errorf("simulate: %s: Records: not a list of records", name)
		}
		out := make([]Input, 0, len(recs))
		for i, rec := range recs {
			ev, err := WrapRecord(rec)
			if err != nil {
				return nil, fmt.Errorf("simulate: %s:Records[%d]: %w", name, i, err)
			}
			out = append(out, Input{Name: fmt.Sprintf("%s:Records[%d]", name, i), Kind: KindLogFile, Event: ev})
		}
		return out, nil
	case KindLookupEvents:
		var evs []struct {
			CloudTrailEvent string `json:"CloudTrailEvent"`
		}
		if err := json.Unmarshal(top["Events"], &evs); err != nil {
			return nil, fmt.Errorf("simulate: %s: Events: not lookup-events output", name)
		}
		out := make([]Input, 0, len(evs))
		for i, e := range evs {
			ev, err := WrapRecord([]byte(e.CloudTrailEvent))
			if err != nil {
				return nil, fmt.Errorf("simulate: %s:Events[%d]: %w", name, i, err)
			}
			out = append(out, Input{Name: fmt.Sprintf("%s:Events[%d]", name, i), Kind: KindLookupEvents, Event: ev})
		}
		return out, nil
	}
	return nil, fmt.Errorf("simulate: %s: neither an EventBridge event (detail-type, source, detail), a CloudTrail record (eventSource ending in .amazonaws.com) nor a CloudTrail log file (Records)", name)
}

// IsRecord reports whether obj, the JSON text of one object, is a bare
// CloudTrail record, the one test Inputs and the trailbridge command apply:
// its "eventSource" is a string ending in ".amazonaws.com" (every CloudTrail
// record's is: "s3.amazonaws.com"), or, for a CloudTrail Insights record, it
// has "eventVersion" and "insightDetails". Records that AWS services hand to
// Lambda and EventBridge Pipes look alike but are not CloudTrail records:
// their eventSource is "aws:sqs", "aws:s3", "aws:dynamodb", "aws:kinesis".
func IsRecord(obj []byte) bool {
	var top map[string]json.RawMessage
	return json.Unmarshal(obj, &top) == nil && isRecord(top)
}

func isRecord(top map[string]json.RawMessage) bool {
	var source string
	if json.Unmarshal(top["eventSource"], &source) == nil && strings.HasSuffix(source, ".amazonaws.com") {
		return true
	}
	_, version := top["eventVersion"]
	_, insight := top["insightDetails"]
	return version && insight
}

// shape tells the kinds of input apart by their top-level members.
func shape(top map[string]json.RawMessage) string {
	has := func(k string) bool { _, ok := top[k]; return ok }
	switch {
	case has("detail-type") || has("detail"):
		return KindEvent
	case isRecord(top):
		return KindRecord
	case has("Records"):
		return KindLogFile
	case has("Events"):
		return KindLookupEvents
	case has("source"):
		return KindEvent
	}
	return ""
}

// WrapRecord wraps a bare CloudTrail record (JSON) in the EventBridge event
// CloudTrail delivers for it:
//
//	version      "0"
//	id           derived from eventID (from the record's bytes when it has
//	             none), so the same record always gets the same id
//	detail-type  from eventType: AwsApiCall -> "AWS API Call via CloudTrail",
//	             AwsConsoleSignIn -> "AWS Console Sign In via CloudTrail",
//	             AwsConsoleAction, AwsServiceEvent, AwsCloudTrailInsight
//	             likewise (case-insensitive); records older than eventType
//	             (event version 1.0 to 1.01) are API calls
//	source       "aws." + eventSource without ".amazonaws.com"
//	             (signin.amazonaws.com -> aws.signin)
//	account      recipientAccountId, else userIdentity.accountId
//	time         eventTime
//	region       awsRegion
//	resources    [] (CloudTrail-delivered events have an empty list)
//	detail       the record, verbatim
//
// It requires eventSource and awsRegion, and rejects an eventType EventBridge
// has no detail type for.
func WrapRecord(record []byte) ([]byte, error) {
	var rec struct {
		EventType          string `json:"eventType"`
		EventSource        string `json:"eventSource"`
		EventID            string `json:"eventID"`
		EventTime          string `json:"eventTime"`
		AWSRegion          string `json:"awsRegion"`
		RecipientAccountID string `json:"recipientAccountId"`
		UserIdentity       struct {
			AccountID string `json:"accountId"`
		} `json:"userIdentity"`
		InsightDetails struct {
			EventSource string `json:"eventSource"`
		} `json:"insightDetails"`
	}
	if err := json.Unmarshal(record, &rec); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("CloudTrail record: %s: not a string", te.Field)
		}
		return nil, fmt.Errorf("CloudTrail record: %w", err)
	}
	if rec.EventSource == "" {
		rec.EventSource = rec.InsightDetails.EventSource
	}
	if rec.EventSource == "" {
		return nil, errors.New("CloudTrail record: eventSource missing")
	}
	if rec.AWSRegion == "" {
		return nil, errors.New("CloudTrail record: awsRegion missing")
	}
	dt := cloudtrail.DetailTypeAPICall
	if rec.EventType != "" {
		if dt = cloudtrail.DetailTypeOf(rec.EventType); dt == "" {
			return nil, fmt.Errorf("CloudTrail record: eventType %q has no EventBridge detail type", rec.EventType)
		}
	}
	account := rec.RecipientAccountID
	if account == "" {
		account = rec.UserIdentity.AccountID
	}
	var detail bytes.Buffer
	if err := json.Compact(&detail, record); err != nil {
		return nil, fmt.Errorf("CloudTrail record: %w", err)
	}
	seed := []byte("eventID:" + rec.EventID)
	if rec.EventID == "" {
		seed = detail.Bytes()
	}
	return json.Marshal(rawEvent{
		Version:    "0",
		ID:         eventUUID(seed),
		DetailType: dt,
		Source:     catalog.SourceOf(rec.EventSource),
		Account:    account,
		Time:       rec.EventTime,
		Region:     rec.AWSRegion,
		Resources:  []string{},
		Detail:     detail.Bytes(),
	})
}

// rawEvent is an EventBridge event with its detail as raw JSON, in the
// order of members CloudTrail-delivered events have.
type rawEvent struct {
	Version    string          `json:"version"`
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Account    string          `json:"account"`
	Time       string          `json:"time"`
	Region     string          `json:"region"`
	Resources  []string        `json:"resources"`
	Detail     json.RawMessage `json:"detail"`
}

// eventUUID formats the SHA-256 of seed as a version-4-shaped UUID.
func eventUUID(seed []byte) string {
	sum := sha256.Sum256(seed)
	sum[6] = sum[6]&0x0f | 0x40
	sum[8] = sum[8]&0x3f | 0x80
	h := hex.EncodeToString(sum[:16])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
