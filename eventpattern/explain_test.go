package eventpattern

import (
	"testing"
)

func TestExplain(t *testing.T) {
	ct := string(benchEvent(t))
	cases := []struct {
		pattern string
		event   string
		matched bool
		reason  string
	}{
		{benchPattern, ct, true, "matched"},
		{`{"source":["aws.ec2"],"detail":{"eventName":["PutBucketPolicy"]}}`,
			`{"source":"aws.ec2","detail":{"eventName":"ListBuckets"}}`, false,
			`detail.eventName: value "ListBuckets" not in ["PutBucketPolicy"]`},
		{`{"detail":{"errorCode":[{"exists":false}]}}`,
			`{"detail":{"errorCode":"AccessDenied"}}`, false,
			`detail.errorCode: exists:false but field present (value "AccessDenied")`},
		// The first field in pattern order decides, not the first in path order.
		{`{"source":["aws.s3"],"detail-type":["X"]}`,
			`{"source":"aws.ec2","detail-type":"Y"}`, false,
			`source: value "aws.ec2" not in ["aws.s3"]`},
		{`{"detail":{"eventName":["A"]}}`, `{"detail":{}}`, false,
			`detail.eventName: field not present in event`},
		{`{"detail":{"x":[{"exists":true}]}}`, `{"detail":{"x":{"y":1}}}`, false,
			`detail.x: field holds an object, not a value`},
		{`{"n":[{"numeric":[">",100]}]}`, `{"n":"300"}`, false,
			`n: value "300" does not match [{"numeric":[">",100]}]`},
		{`{"r":["a"]}`, `{"r":["b","c"]}`, false,
			`r: values ["b","c"] not in ["a"]`},
		{`{"e":{"f":["Anna"],"l":["Jones"]}}`, `{"e":[{"f":"Anna","l":"Smith"},{"f":"Peter","l":"Jones"}]}`, false,
			`e.f, e.l: the values that match come from different elements of the same array`},
		{`{"s":["x"],"$or":[{"a":["1"]},{"b":["2"]}]}`, `{"s":"y","a":"1"}`, false,
			`s: value "y" not in ["x"]`},
		{`{"$or":[{"a":["1"]},{"b":["2"]}]}`, `{"a":"2"}`, false,
			`no $or alternative matched: a: value "2" not in ["1"]; b: field not present in event`},
	}
	for _, c := range cases {
		p, err := Compile([]byte(c.pattern))
		if err != nil {
			t.Fatal(err)
		}
		e, err := ParseEvent([]byte(c.event))
		if err != nil {
			t.Fatal(err)
		}
		m, reason := p.Explain(e)
		if m != c.matched || reason != c.reason {
			t.Errorf("Explain(%s, %s)\n got %v %q\nwant %v %q", c.pattern, c.event, m, reason, c.matched, c.reason)
		}
	}
}
