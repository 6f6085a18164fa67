package eventpattern

import (
	"errors"
	"strings"
	"testing"
)

func TestCompileErrors(t *testing.T) {
	cases := []struct {
		pattern string
		path    string
		reason  string
	}{
		// Document structure.
		{`[]`, "", "Filter is not an object"},
		{`"x"`, "", "Filter is not an object"},
		{`{}`, "", "Empty objects are not allowed"},
		{`{"detail":{}}`, "detail", "Empty objects are not allowed"},
		{`{"source":"aws.ec2"}`, "source", `"source" must be an object or an array`},
		{`{"detail":{"n":42}}`, "detail.n", `"n" must be an object or an array`},
		{`{"d":{"b":true}}`, "d.b", `"b" must be an object or an array`},
		{`{"detail":{"eventName":[]}}`, "detail.eventName", "Empty arrays are not allowed"},
		{`{"a":[["x"]]}`, "a", "Match value must be String, number, true, false, or null"},
		{`{"a":[{}]}`, "a", "Match expression name not found"},
		{`{"a":[{"foo":"x"}]}`, "a", "Unrecognized match type foo"},
		{`{"a":[{"Prefix":"x"}]}`, "a", "Unrecognized match type Prefix"},
		{`{"a":[{"prefix":"x","suffix":"y"}]}`, "a", "Only one key allowed in match expression"},
		// exactly / prefix / suffix / equals-ignore-case.
		{`{"a":[{"exactly":1}]}`, "a", "exact match pattern must be a string"},
		{`{"a":[{"prefix":1}]}`, "a", "prefix match pattern must be a string"},
		{`{"a":[{"prefix":null}]}`, "a", "prefix match pattern must be a string"},
		{`{"a":[{"prefix":{}}]}`, "a", "Prefix expression name not found"},
		{`{"a":[{"prefix":{"wildcard":"x"}}]}`, "a", "Unsupported prefix pattern: wildcard"},
		{`{"a":[{"prefix":{"equals-ignore-case":1}}]}`, "a", "equals-ignore-case match pattern must be a string"},
		{`{"a":[{"prefix":{"equals-ignore-case":"x","y":"z"}}]}`, "a", "Only one key allowed in match expression"},
		{`{"a":[{"suffix":["x"]}]}`, "a", "suffix match pattern must be a string"},
		{`{"a":[{"suffix":{}}]}`, "a", "Suffix expression name not found"},
		{`{"a":[{"suffix":{"prefix":"x"}}]}`, "a", "Unsupported suffix pattern: prefix"},
		{`{"a":[{"equals-ignore-case":["x"]}]}`, "a", "equals-ignore-case match pattern must be a string"},
		// wildcard.
		{`{"a":[{"wildcard":5}]}`, "a", "wildcard match pattern must be a string"},
		{`{"a":[{"wildcard":"ab**c"}]}`, "a", "Consecutive wildcard characters at pos 3"},
		{`{"a":[{"wildcard":"a\\b"}]}`, "a", "Invalid escape character at pos 2"},
		{`{"a":[{"wildcard":"ab\\"}]}`, "a", "Invalid escape character at pos 3"},
		{`{"a":[{"wildcard":"*:*:*:*:*:event-bus/*"}]}`, "a", errTooComplex},
		{`{"a":[{"wildcard":"*/x/*.a"},{"wildcard":"*/x/*.b"},{"wildcard":"*/x/*.c"},{"wildcard":"*/x/*.d"}]}`, "a", errTooComplex},
		// exists.
		{`{"a":[{"exists":"true"}]}`, "a", "exists match pattern must be either true or false."},
		{`{"a":[{"exists":null}]}`, "a", "exists match pattern must be either true or false."},
		{`{"a":[{"exists":true,"prefix":"x"}]}`, "a", "Only one key allowed in match expression"},
		// cidr.
		{`{"ip":[{"cidr":1}]}`, "ip", "prefix match pattern must be a string"},
		{`{"ip":[{"cidr":"10.0.0.0"}]}`, "ip", "Malformed CIDR, one '/' required"},
		{`{"ip":[{"cidr":"10.0.0.0/"}]}`, "ip", "Malformed CIDR, one '/' required"},
		{`{"ip":[{"cidr":"10.0.0.0/8/8"}]}`, "ip", "Malformed CIDR, one '/' required"},
		{`{"ip":[{"cidr":"10.0.0.0/x"}]}`, "ip", "Malformed CIDR, mask bits must be an integer"},
		{`{"ip":[{"cidr":"10.0.0.0/-1"}]}`, "ip", "Malformed CIDR, mask bits must not be negative"},
		{`{"ip":[{"cidr":"10.0.0.0/32"}]}`, "ip", "IPv4 mask bits must be < 32"},
		{`{"ip":[{"cidr":"::/128"}]}`, "ip", "IPv6 mask bits must be < 128"},
		{`{"ip":[{"cidr":"host.example/8"}]}`, "ip", "Nonstandard IP address: host.example"},
		{`{"ip":[{"cidr":"10.0.0.256/8"}]}`, "ip", "Invalid IP address: 10.0.0.256"},
		{`{"ip":[{"cidr":"1:2:3/64"}]}`, "ip", "Invalid IP address: 1:2:3"},
		// numeric.
		{`{"n":[{"numeric":5}]}`, "n", "Value of numeric must be an array."},
		{`{"n":[{"numeric":[]}]}`, "n", "Invalid member in numeric match: ]"},
		{`{"n":[{"numeric":[5,">"]}]}`, "n", "Invalid member in numeric match: 5"},
		{`{"n":[{"numeric":["!=",5]}]}`, "n", "Unrecognized numeric range operator: !="},
		{`{"n":[{"numeric":["=","5"]}]}`, "n", "Value of equals must be numeric"},
		{`{"n":[{"numeric":["="]}]}`, "n", "Value of equals must be numeric"},
		{`{"n":[{"numeric":["=",5,6]}]}`, "n", "Too many elements in numeric expression"},
		{`{"n":[{"numeric":[">"]}]}`, "n", "Value of > must be numeric"},
		{`{"n":[{"numeric":[">=",null]}]}`, "n", "Value of >= must be numeric"},
		{`{"n":[{"numeric":["<",true]}]}`, "n", "Value of < must be numeric"},
		{`{"n":[{"numeric":["<=",1,">",0]}]}`, "n", "Too many elements in numeric expression"},
		{`{"n":[{"numeric":[">",0,5]}]}`, "n", "Bad value in numeric range: 5"},
		{`{"n":[{"numeric":[">",0,">",5]}]}`, "n", "Bad numeric range operator: >"},
		{`{"n":[{"numeric":[">",0,"<"]}]}`, "n", "Value of < must be numeric"},
		{`{"n":[{"numeric":[">",0,"<","5"]}]}`, "n", "Value of < must be numeric"},
		{`{"n":[{"numeric":[">",0,"<",5,6]}]}`, "n", "Too many terms in numeric range expression"},
		{`{"n":[{"numeric":[">",5,"<",5]}]}`, "n", "Bottom must be less than top"},
		{`{"n":[{"numeric":[">=",6,"<=",5]}]}`, "n", "Bottom must be less than top"},
		{`{"n":[{"numeric":[">",5e9,"<",6e9]}]}`, "n", errRange},
		{`{"n":[{"numeric":["<",-5000000000.000001]}]}`, "n", errRange},
		{`{"n":[{"numeric":["=",0.1234567]}]}`, "n", errScale},
		{`{"n":[{"numeric":["=",5],"x":1}]}`, "n", "Too many elements in numeric expression"},
		// anything-but.
		{`{"s":[{"anything-but":null}]}`, "s", "Value of anything-but must be an array or single string/number value."},
		{`{"s":[{"anything-but":true}]}`, "s", "Value of anything-but must be an array or single string/number value."},
		{`{"s":[{"anything-but":["a",null]}]}`, "s", "Inside anything but list, start|null|boolean is not supported."},
		{`{"s":[{"anything-but":[["a"]]}]}`, "s", "Inside anything but list, start|null|boolean is not supported."},
		{`{"s":[{"anything-but":["a",1]}]}`, "s", "Inside anything but list, either all values are number or string, mixed type is not supported"},
		{`{"s":[{"anything-but":[]}]}`, "s", "Inside anything but list, either all values are number or string, mixed type is not supported"},
		{`{"s":[{"anything-but":[1e10]}]}`, "s", errRange},
		{`{"s":[{"anything-but":"a","x":1}]}`, "s", "Too many elements in numeric expression"},
		{`{"s":[{"anything-but":{}}]}`, "s", "Anything-But expression name not found"},
		{`{"s":[{"anything-but":{"numeric":[">",1]}}]}`, "s", "Unsupported anything-but pattern: numeric"},
		{`{"s":[{"anything-but":{"prefix":""}}]}`, "s", "Null prefix/suffix not allowed"},
		{`{"s":[{"anything-but":{"suffix":["a",""]}}]}`, "s", "Null prefix/suffix not allowed"},
		{`{"s":[{"anything-but":{"prefix":1}}]}`, "s", "prefix/suffix match pattern must be a string"},
		{`{"s":[{"anything-but":{"prefix":{"equals-ignore-case":"a"}}}]}`, "s", "Value of anything-but must be an array or single string/number value."},
		{`{"s":[{"anything-but":{"prefix":[]}}]}`, "s", "Empty arrays are not allowed"},
		{`{"s":[{"anything-but":{"equals-ignore-case":[]}}]}`, "s", "Empty arrays are not allowed"},
		{`{"s":[{"anything-but":{"prefix":"a","suffix":"b"}}]}`, "s", "Too many elements in numeric expression"},
		{`{"s":[{"anything-but":{"equals-ignore-case":5}}]}`, "s", "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."},
		{`{"s":[{"anything-but":{"wildcard":["a**"]}}]}`, "s", "Consecutive wildcard characters at pos 2"},
		{`{"s":[{"anything-but":{"wildcard":null}}]}`, "s", "Value of anything-but must be an array or single string/number value."},
		{`{"s":[{"anything-but":{"wildcard":[null]}}]}`, "s", "wildcard match pattern must be a string"},
		// $or.
		{`{"$or":{"a":["1"]}}`, "$or", "It must be an Array followed with $or."},
		{`{"$or":[{"a":["1"]}]}`, "$or", "There must have at least 2 Objects in $or relationship."},
		{`{"$or":[]}`, "$or", "There must have at least 2 Objects in $or relationship."},
		{`{"d":{"$or":[{"a":["1"]},"b"]}}`, "d.$or", "Only JSON object is allowed in array of $or relationship."},
		{`{"$or":[{"a":["1"]},{}]}`, "", "Empty objects are not allowed"},
		{`{"$or":[{"a":["1"]},{"b":[]}]}`, "b", "Empty arrays are not allowed"},
		{`{"$or":[{"numeric":[">",1]},{"b":["2"]}]}`, "numeric", "numeric is Ruler reserved fieldName which cannot be used inside $or."},
		{`{"$or":[{"a":{"prefix":["x"]}},{"b":["2"]}]}`, "a.prefix", "prefix is Ruler reserved fieldName which cannot be used inside $or."},
		// Malformed JSON.
		{`{"a":["x"]`, "", "invalid JSON at offset 10: unexpected end of input"},
		{`{"a":["x"],}`, "", `invalid JSON at offset 11: unexpected character '}'`},
		{`{"a":[01]}`, "", "invalid JSON at offset 7: leading zeros are not allowed in numbers"},
		{`{"a":["x"]} {}`, "", "invalid JSON at offset 12: unexpected data after the JSON value"},
		{`{a:["x"]}`, "", `invalid JSON at offset 1: unexpected character 'a'`},
	}
	for _, c := range cases {
		p, err := Compile([]byte(c.pattern))
		if err == nil {
			t.Errorf("Compile(%s) succeeded, want %q", c.pattern, c.reason)
			continue
		}
		if p != nil {
			t.Errorf("Compile(%s) returned a pattern with its error", c.pattern)
		}
		var pe *PatternError
		if !errors.As(err, &pe) {
			t.Errorf("Compile(%s): %T is not a *PatternError", c.pattern, err)
			continue
		}
		if pe.Path != c.path || pe.Reason != c.reason {
			t.Errorf("Compile(%s)\n got path %q reason %q\nwant path %q reason %q", c.pattern, pe.Path, pe.Reason, c.path, c.reason)
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "invalid event pattern: ") || !strings.Contains(msg, c.reason) || c.path != "" && !strings.Contains(msg, c.path+": ") {
			t.Errorf("Error() = %q does not carry the path and reason", msg)
		}
	}
}

// Patterns EventBridge accepts that sit next to the error cases above.
func TestCompileAccepts(t *testing.T) {
	for _, src := range []string{
		`{"a":["x"]}`,
		`{"a":[{"prefix":""}]}`,
		`{"a":[{"suffix":""}]}`,
		`{"a":[{"wildcard":""}]}`,
		`{"a":[{"wildcard":"\\*\\\\"}]}`,
		`{"a":[{"anything-but":{"wildcard":""}}]}`,
		`{"ip":[{"cidr":"0.0.0.0/0"}]}`,
		`{"ip":[{"cidr":"10.0.0.0/31"}]}`,
		`{"ip":[{"cidr":"::/127"}]}`,
		`{"ip":[{"cidr":"010.0.0.0/8"}]}`,
		`{"n":[{"numeric":["<",5e9]}]}`,
		`{"n":[{"numeric":[">",-5e9]}]}`,
		`{"n":[{"numeric":["=",0.000001]}]}`,
		`{"n":[{"numeric":["=",1.50000000]}]}`,
		`{"n":[{"numeric":[">",5e9]}]}`,
		`{"n":[123456789012345678901234567890]}`,
		`{"n":[0.1234567]}`,
		`{"s":[{"anything-but":[1,2.5,-3]}]}`,
		`{"a":[{"wildcard":"arn:aws:events:us-east-1:*:event-bus/*"}]}`,
		`{"a":[{"wildcard":"/Users/*/dir/dir/dir/dir/dir/doc.txt"}]}`,
		`{"a":[{"wildcard":"*/x/*.a"},{"wildcard":"*/x/*.b"}]}`,
		`{"$or":[{"a":["1"]},{"b":["2"]}]}`,
		`{"$or":[{"a":["1"]},{"$or":[{"b":["2"]},{"c":["3"]}]}]}`,
		`{"or":[{"prefix":"x"}]}`,
		"\n\t {\"a\" : [ \"x\" ] } \n",
	} {
		if _, err := Compile([]byte(src)); err != nil {
			t.Errorf("Compile(%s): %v", src, err)
		}
	}
}

func TestOrExpansionIsBounded(t *testing.T) {
	// Eleven parallel two-way $or lists expand to 2048 alternatives.
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 11; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"f` + string(rune('a'+i)) + `":{"$or":[{"x":["1"]},{"y":["2"]}]}`)
	}
	b.WriteString("}")
	_, err := Compile([]byte(b.String()))
	var pe *PatternError
	if !errors.As(err, &pe) || !strings.Contains(pe.Reason, "more than 1024") {
		t.Fatalf("Compile = %v, want the alternatives limit", err)
	}
}
