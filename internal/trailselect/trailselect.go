// Package trailselect builds a CloudTrail trail's advanced event selectors
// from what it should log, without the CDK: the audit trail construct puts
// them in its template, and the configuration checks CloudTrail's quota on
// them before anything is synthesized. One builder, so the count the
// configuration checks is the count the trail gets.
package trailselect

import "strings"

// MaxConditionValues is CloudTrail's quota of condition values across all the
// advanced event selectors of one trail.
const MaxConditionValues = 500

// The read/write choices of Spec.ManagementEvents and Spec.S3ReadWrite.
const (
	ReadWriteAll       = "all"
	ReadWriteReadOnly  = "readOnly"
	ReadWriteWriteOnly = "writeOnly"
	ReadWriteNone      = "none"
)

// The choices of Spec.LambdaMode.
const (
	LambdaNone   = "none"
	LambdaAll    = "all"
	LambdaListed = "listed"
)

// Object selects the object-level events of one bucket, or of one prefix in it.
type Object struct {
	// Bucket is the bucket's name.
	Bucket string
	// Prefix limits the selection to object keys that start with it.
	// Default: "" (every object in the bucket).
	Prefix string
}

// Spec is what a trail logs.
type Spec struct {
	// ManagementEvents is one of the ReadWrite choices.
	// Default: "" (all management events, as ReadWriteAll).
	ManagementEvents string
	// S3AllBuckets logs the object-level events of every bucket.
	// Default: false.
	S3AllBuckets bool
	// S3Objects logs the object-level events of these buckets or prefixes.
	// Default: none.
	S3Objects []Object
	// S3ReadWrite is one of the ReadWrite choices other than none.
	// Default: "" (both read and write events).
	S3ReadWrite string
	// LambdaMode is one of the Lambda choices.
	// Default: "" (no Lambda events).
	LambdaMode string
	// LambdaFunctions are the function ARNs logged with LambdaListed.
	// Default: none.
	LambdaFunctions []string
}

// FieldSelector is one condition of an advanced event selector.
type FieldSelector struct {
	// Field is the field compared, such as "eventCategory".
	Field string
	// Equals lists the values the field may equal.
	Equals []string
	// StartsWith lists the prefixes the field may start with.
	StartsWith []string
}

// EventSelector is one advanced event selector.
type EventSelector struct {
	// Name describes the selector.
	Name string
	// Fields are its conditions (all must hold).
	Fields []FieldSelector
}

// Selectors returns the advanced event selectors for s. partition is put in
// ARNs ("aws", or a token).
func Selectors(s Spec, partition string) []EventSelector {
	var out []EventSelector
	if s.ManagementEvents != ReadWriteNone {
		out = append(out, EventSelector{
			Name:   "Management events",
			Fields: withReadOnly([]FieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}, s.ManagementEvents),
		})
	}
	if s.S3AllBuckets || len(s.S3Objects) > 0 {
		fs := []FieldSelector{
			{Field: "eventCategory", Equals: []string{"Data"}},
			{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
		}
		name := "S3 object events of all buckets"
		if !s.S3AllBuckets {
			name = "S3 object events of selected buckets"
			prefixes := make([]string, len(s.S3Objects))
			for i, o := range s.S3Objects {
				prefixes[i] = o.ARNPrefix(partition)
			}
			fs = append(fs, FieldSelector{Field: "resources.ARN", StartsWith: prefixes})
		}
		out = append(out, EventSelector{Name: name, Fields: withReadOnly(fs, s.S3ReadWrite)})
	}
	if s.LambdaMode == LambdaAll || s.LambdaMode == LambdaListed {
		fs := []FieldSelector{
			{Field: "eventCategory", Equals: []string{"Data"}},
			{Field: "resources.type", Equals: []string{"AWS::Lambda::Function"}},
		}
		name := "Lambda Invoke events of all functions"
		if s.LambdaMode == LambdaListed {
			name = "Lambda Invoke events of selected functions"
			fs = append(fs, FieldSelector{Field: "resources.ARN", Equals: append([]string(nil), s.LambdaFunctions...)})
		}
		out = append(out, EventSelector{Name: name, Fields: fs})
	}
	return out
}

func withReadOnly(fs []FieldSelector, rw string) []FieldSelector {
	switch rw {
	case ReadWriteReadOnly:
		return append(fs, FieldSelector{Field: "readOnly", Equals: []string{"true"}})
	case ReadWriteWriteOnly:
		return append(fs, FieldSelector{Field: "readOnly", Equals: []string{"false"}})
	}
	return fs
}

// ConditionValueCount is the number of condition values the selectors of s
// use; CloudTrail refuses more than MaxConditionValues.
func ConditionValueCount(s Spec) int {
	n := 0
	for _, sel := range Selectors(s, "aws") {
		for _, f := range sel.Fields {
			n += len(f.Equals) + len(f.StartsWith)
		}
	}
	return n
}

// ARNPrefix is the resources.ARN prefix that selects o's objects.
func (o Object) ARNPrefix(partition string) string {
	return "arn:" + partition + ":s3:::" + o.Bucket + "/" + strings.TrimPrefix(o.Prefix, "/")
}

// ParseObject reads "bucket" or "bucket/prefix", as the configuration
// writes an S3 data-event selection.
func ParseObject(s string) Object {
	bucket, prefix, _ := strings.Cut(s, "/")
	return Object{Bucket: bucket, Prefix: prefix}
}
