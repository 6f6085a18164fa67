package audittrail

// MaxConditionValues is CloudTrail's quota of condition values across all the
// advanced event selectors of one trail.
const MaxConditionValues = 500

// fieldSelector is one condition of an advanced event selector.
type fieldSelector struct {
	Field      string
	Equals     []string
	StartsWith []string
}

// eventSelector is one advanced event selector.
type eventSelector struct {
	Name   string
	Fields []fieldSelector
}

// selectors returns the advanced event selectors for p (with defaults
// applied). partition is put in ARNs ("aws", or a token).
func selectors(p *TrailProps, partition string) []eventSelector {
	var out []eventSelector
	if p.ManagementEvents != ReadWriteNone {
		out = append(out, eventSelector{
			Name:   "Management events",
			Fields: withReadOnly([]fieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}, p.ManagementEvents),
		})
	}
	if p.S3AllBuckets || len(p.S3Objects) > 0 {
		fs := []fieldSelector{
			{Field: "eventCategory", Equals: []string{"Data"}},
			{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
		}
		name := "S3 object events of all buckets"
		if !p.S3AllBuckets {
			name = "S3 object events of selected buckets"
			prefixes := make([]string, len(p.S3Objects))
			for i, o := range p.S3Objects {
				prefixes[i] = o.arnPrefix(partition)
			}
			fs = append(fs, fieldSelector{Field: "resources.ARN", StartsWith: prefixes})
		}
		out = append(out, eventSelector{Name: name, Fields: withReadOnly(fs, p.S3ReadWrite)})
	}
	if p.LambdaDataEvents == LambdaAll || p.LambdaDataEvents == LambdaListed {
		fs := []fieldSelector{
			{Field: "eventCategory", Equals: []string{"Data"}},
			{Field: "resources.type", Equals: []string{"AWS::Lambda::Function"}},
		}
		name := "Lambda Invoke events of all functions"
		if p.LambdaDataEvents == LambdaListed {
			name = "Lambda Invoke events of selected functions"
			fs = append(fs, fieldSelector{Field: "resources.ARN", Equals: append([]string(nil), p.LambdaFunctions...)})
		}
		out = append(out, eventSelector{Name: name, Fields: fs})
	}
	return out
}

func withReadOnly(fs []fieldSelector, rw ReadWrite) []fieldSelector {
	switch rw {
	case ReadWriteReadOnly:
		return append(fs, fieldSelector{Field: "readOnly", Equals: []string{"true"}})
	case ReadWriteWriteOnly:
		return append(fs, fieldSelector{Field: "readOnly", Equals: []string{"false"}})
	}
	return fs
}

// ConditionValueCount is the number of condition values the trail's advanced
// event selectors would use; CloudTrail refuses more than MaxConditionValues.
func ConditionValueCount(p *TrailProps) int {
	d := p.withDefaults()
	n := 0
	for _, s := range selectors(&d, "aws") {
		for _, f := range s.Fields {
			n += len(f.Equals) + len(f.StartsWith)
		}
	}
	return n
}
