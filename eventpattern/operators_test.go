package eventpattern

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

type matchCase struct {
	name    string
	pattern string
	event   string
	want    bool
}

func runMatchCases(t *testing.T, cases []matchCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Compile([]byte(c.pattern))
			if err != nil {
				t.Fatalf("Compile(%s): %v", c.pattern, err)
			}
			got, err := p.Match([]byte(c.event))
			if err != nil {
				t.Fatalf("Match(%s): %v", c.event, err)
			}
			if got != c.want {
				e, _ := ParseEvent([]byte(c.event))
				_, why := p.Explain(e)
				t.Errorf("pattern %s\nevent %s\nmatch = %v, want %v (%s)", c.pattern, c.event, got, c.want, why)
			}
		})
	}
}

func TestExactValues(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"string", `{"a":["x"]}`, `{"a":"x"}`, true},
		{"string other", `{"a":["x"]}`, `{"a":"y"}`, false},
		{"string case sensitive", `{"a":["x"]}`, `{"a":"X"}`, false},
		{"string list any", `{"a":["x","y","z"]}`, `{"a":"z"}`, true},
		{"long list uses set", `{"a":["a","b","c","d","e","f","g","h","i","j"]}`, `{"a":"i"}`, true},
		{"long list miss", `{"a":["a","b","c","d","e","f","g","h","i","j"]}`, `{"a":"k"}`, false},
		{"empty string", `{"a":[""]}`, `{"a":""}`, true},
		{"empty string is not null", `{"a":[""]}`, `{"a":null}`, false},
		{"escapes decoded both sides", `{"a":["\u0041\n"]}`, `{"a":"A\u000a"}`, true},
		{"string pattern is not a number", `{"a":["300"]}`, `{"a":300}`, false},
		{"number pattern is not a string", `{"a":[300]}`, `{"a":"300"}`, false},
		{"number equal", `{"a":[300]}`, `{"a":300}`, true},
		{"number 300.0", `{"a":[300]}`, `{"a":300.0}`, true},
		{"number 3e2", `{"a":[300]}`, `{"a":3e2}`, true},
		{"number pattern 3.0e2", `{"a":[3.0e2]}`, `{"a":300}`, true},
		{"number other", `{"a":[300]}`, `{"a":300.5}`, false},
		{"negative zero", `{"a":[0]}`, `{"a":-0.0}`, true},
		{"decimal", `{"a":[301.8]}`, `{"a":301.80}`, true},
		{"beyond range compares text", `{"a":[123456789012]}`, `{"a":123456789012}`, true},
		{"beyond range text differs", `{"a":[123456789012]}`, `{"a":123456789012.0}`, false},
		{"seven decimals compares text", `{"a":[0.1234567]}`, `{"a":0.1234567}`, true},
		{"seven decimals text differs", `{"a":[0.1234567]}`, `{"a":0.12345670}`, false},
		{"true", `{"a":[true]}`, `{"a":true}`, true},
		{"true vs string", `{"a":[true]}`, `{"a":"true"}`, false},
		{"false", `{"a":[false]}`, `{"a":false}`, true},
		{"false vs true", `{"a":[false]}`, `{"a":true}`, false},
		{"null", `{"a":[null]}`, `{"a":null}`, true},
		{"null vs string", `{"a":[null]}`, `{"a":"null"}`, false},
		{"null vs absent", `{"a":[null]}`, `{"b":1}`, false},
		{"null vs empty array", `{"a":[null]}`, `{"a":[]}`, false},
		{"mixed list", `{"a":["x",1,true,null]}`, `{"a":1}`, true},
		{"absent field", `{"a":["x"]}`, `{"b":"x"}`, false},
		{"key case sensitive", `{"A":["x"]}`, `{"a":"x"}`, false},
		{"event array any element", `{"a":["x"]}`, `{"a":["w","x"]}`, true},
		{"event array no element", `{"a":["x"]}`, `{"a":["w","y"]}`, false},
		{"nested event arrays", `{"a":["x"]}`, `{"a":[["w"],["x"]]}`, true},
		{"nested object", `{"a":{"b":{"c":["x"]}}}`, `{"a":{"b":{"c":"x"}}}`, true},
		{"object is not a value", `{"a":["x"]}`, `{"a":{"b":"x"}}`, false},
		{"string holding JSON is a string", `{"a":{"b":["x"]}}`, `{"a":"{\"b\":\"x\"}"}`, false},
		{"dotted event key", `{"a":{"b":["x"]}}`, `{"a.b":"x"}`, true},
		{"dotted pattern key", `{"a.b":["x"]}`, `{"a":{"b":"x"}}`, true},
		{"objects inside event array", `{"a":{"b":["x"]}}`, `{"a":[{"c":"y"},{"b":"x"}]}`, true},
		{"all fields must match", `{"a":["x"],"b":["y"]}`, `{"a":"x","b":"z"}`, false},
		{"ipv4 literal", `{"ip":["10.0.0.1"]}`, `{"ip":"10.0.0.1"}`, true},
		{"ipv6 any notation", `{"ip":["2001:db8::1"]}`, `{"ip":"2001:0db8:0:0:0:0:0:1"}`, true},
		{"ipv6 other address", `{"ip":["2001:db8::1"]}`, `{"ip":"2001:db8::2"}`, false},
		{"duplicate event keys both seen", `{"a":["y"]}`, `{"a":"x","a":"y"}`, true},
		{"unicode", `{"a":["héllo 🚀"]}`, `{"a":"h\u00e9llo \ud83d\ude80"}`, true},
	})
}

func TestPrefixSuffixAndCase(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"prefix", `{"a":[{"prefix":"us-"}]}`, `{"a":"us-east-1"}`, true},
		{"prefix miss", `{"a":[{"prefix":"us-"}]}`, `{"a":"eu-west-1"}`, false},
		{"prefix case", `{"a":[{"prefix":"US-"}]}`, `{"a":"us-east-1"}`, false},
		{"prefix empty matches any string", `{"a":[{"prefix":""}]}`, `{"a":""}`, true},
		{"prefix not numbers", `{"a":[{"prefix":"1"}]}`, `{"a":123}`, false},
		{"prefix not null", `{"a":[{"prefix":"n"}]}`, `{"a":null}`, false},
		{"prefix ignore case", `{"a":[{"prefix":{"equals-ignore-case":"EventB"}}]}`, `{"a":"eventbridge"}`, true},
		{"prefix ignore case miss", `{"a":[{"prefix":{"equals-ignore-case":"EventB"}}]}`, `{"a":"eventa"}`, false},
		{"prefix ignore case too short", `{"a":[{"prefix":{"equals-ignore-case":"EventB"}}]}`, `{"a":"even"}`, false},
		{"suffix", `{"a":[{"suffix":".png"}]}`, `{"a":"x.png"}`, true},
		{"suffix case", `{"a":[{"suffix":".PNG"}]}`, `{"a":"x.png"}`, false},
		{"suffix empty", `{"a":[{"suffix":""}]}`, `{"a":"x"}`, true},
		{"suffix ignore case", `{"a":[{"suffix":{"equals-ignore-case":".png"}}]}`, `{"a":"X.PnG"}`, true},
		{"suffix ignore case miss", `{"a":[{"suffix":{"equals-ignore-case":".png"}}]}`, `{"a":"x.jpg"}`, false},
		{"equals-ignore-case", `{"a":[{"equals-ignore-case":"alice"}]}`, `{"a":"ALIce"}`, true},
		{"equals-ignore-case longer", `{"a":[{"equals-ignore-case":"alice"}]}`, `{"a":"alice2"}`, false},
		{"equals-ignore-case unicode", `{"a":[{"equals-ignore-case":"ÉTÉ"}]}`, `{"a":"été"}`, true},
		{"equals-ignore-case empty", `{"a":[{"equals-ignore-case":""}]}`, `{"a":""}`, true},
		{"equals-ignore-case not bool", `{"a":[{"equals-ignore-case":"true"}]}`, `{"a":true}`, false},
		{"exactly", `{"a":[{"exactly":"x"}]}`, `{"a":"x"}`, true},
		{"exactly is not ip aware", `{"a":[{"exactly":"10.0.0.1"}]}`, `{"a":"010.0.0.1"}`, false},
	})
}

func TestWildcard(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"star middle", `{"a":[{"wildcard":"arn:aws:*:us-east-1:*"}]}`, `{"a":"arn:aws:s3:us-east-1:bucket"}`, true},
		{"star spans slashes", `{"a":[{"wildcard":"/Users/*/doc.txt"}]}`, `{"a":"/Users/a/b/c/doc.txt"}`, true},
		{"star empty run", `{"a":[{"wildcard":"a*b"}]}`, `{"a":"ab"}`, true},
		{"anchored end", `{"a":[{"wildcard":"a*b"}]}`, `{"a":"abc"}`, false},
		{"anchored start", `{"a":[{"wildcard":"a*b"}]}`, `{"a":"cab"}`, false},
		{"overlap needs backtracking", `{"a":[{"wildcard":"*ab*abc"}]}`, `{"a":"xxababcabc"}`, true},
		{"prefix and suffix overlap", `{"a":[{"wildcard":"ab*ba"}]}`, `{"a":"aba"}`, false},
		{"only star", `{"a":[{"wildcard":"*"}]}`, `{"a":""}`, true},
		{"only star not numbers", `{"a":[{"wildcard":"*"}]}`, `{"a":5}`, false},
		{"no star is exact", `{"a":[{"wildcard":"abc"}]}`, `{"a":"abc"}`, true},
		{"empty wildcard", `{"a":[{"wildcard":""}]}`, `{"a":"x"}`, false},
		{"escaped star literal", `{"a":[{"wildcard":"a\\*b"}]}`, `{"a":"a*b"}`, true},
		{"escaped star not wild", `{"a":[{"wildcard":"a\\*b"}]}`, `{"a":"axb"}`, false},
		{"escaped backslash", `{"a":[{"wildcard":"a\\\\*"}]}`, `{"a":"a\\zzz"}`, true},
		{"multibyte", `{"a":[{"wildcard":"é*🚀"}]}`, `{"a":"é-x-🚀"}`, true},
	})
}

func TestAnythingBut(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"string", `{"a":[{"anything-but":"x"}]}`, `{"a":"y"}`, true},
		{"string excluded", `{"a":[{"anything-but":"x"}]}`, `{"a":"x"}`, false},
		{"string vs null", `{"a":[{"anything-but":"x"}]}`, `{"a":null}`, true},
		{"string vs number", `{"a":[{"anything-but":"1"}]}`, `{"a":1}`, true},
		{"absent", `{"a":[{"anything-but":"x"}]}`, `{"b":"y"}`, false},
		{"object value", `{"a":[{"anything-but":"x"}]}`, `{"a":{"b":"y"}}`, false},
		{"event array one other", `{"a":[{"anything-but":"x"}]}`, `{"a":["x","y"]}`, true},
		{"event array all excluded", `{"a":[{"anything-but":"x"}]}`, `{"a":["x","x"]}`, false},
		{"string list", `{"a":[{"anything-but":["x","y"]}]}`, `{"a":"y"}`, false},
		{"string list other", `{"a":[{"anything-but":["x","y"]}]}`, `{"a":"z"}`, true},
		{"number", `{"a":[{"anything-but":123}]}`, `{"a":123.0}`, false},
		{"number other", `{"a":[{"anything-but":123}]}`, `{"a":124}`, true},
		{"number vs string", `{"a":[{"anything-but":123}]}`, `{"a":"123"}`, true},
		{"number list", `{"a":[{"anything-but":[100,200]}]}`, `{"a":200}`, false},
		{"number beyond range passes", `{"a":[{"anything-but":[100]}]}`, `{"a":1e20}`, true},
		{"prefix", `{"a":[{"anything-but":{"prefix":"init"}}]}`, `{"a":"post-init"}`, true},
		{"prefix excluded", `{"a":[{"anything-but":{"prefix":"init"}}]}`, `{"a":"initial"}`, false},
		{"prefix list", `{"a":[{"anything-but":{"prefix":["a","b"]}}]}`, `{"a":"bee"}`, false},
		{"prefix vs number", `{"a":[{"anything-but":{"prefix":"1"}}]}`, `{"a":12}`, true},
		{"suffix", `{"a":[{"anything-but":{"suffix":".txt"}}]}`, `{"a":"f.txt.bak"}`, true},
		{"suffix excluded", `{"a":[{"anything-but":{"suffix":[".txt",".jpg"]}}]}`, `{"a":"f.jpg"}`, false},
		{"ignore case", `{"a":[{"anything-but":{"equals-ignore-case":"X"}}]}`, `{"a":"x"}`, false},
		{"ignore case list", `{"a":[{"anything-but":{"equals-ignore-case":["x","y"]}}]}`, `{"a":"Z"}`, true},
		{"ignore case vs null", `{"a":[{"anything-but":{"equals-ignore-case":"x"}}]}`, `{"a":null}`, true},
		{"wildcard", `{"a":[{"anything-but":{"wildcard":"*/lib/*"}}]}`, `{"a":"/usr/bin/x"}`, true},
		{"wildcard excluded", `{"a":[{"anything-but":{"wildcard":"*/lib/*"}}]}`, `{"a":"/usr/lib/x"}`, false},
		{"wildcard list", `{"a":[{"anything-but":{"wildcard":["*.a","*.b"]}}]}`, `{"a":"x.b"}`, false},
		{"wildcard vs number", `{"a":[{"anything-but":{"wildcard":"*"}}]}`, `{"a":7}`, true},
	})
}

func TestNumeric(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"gt", `{"a":[{"numeric":[">",0]}]}`, `{"a":0.000001}`, true},
		{"gt boundary", `{"a":[{"numeric":[">",0]}]}`, `{"a":0}`, false},
		{"ge boundary", `{"a":[{"numeric":[">=",0]}]}`, `{"a":0}`, true},
		{"lt", `{"a":[{"numeric":["<",10]}]}`, `{"a":-5e9}`, true},
		{"lt boundary", `{"a":[{"numeric":["<",10]}]}`, `{"a":10}`, false},
		{"le boundary", `{"a":[{"numeric":["<=",10]}]}`, `{"a":10.0}`, true},
		{"eq", `{"a":[{"numeric":["=",301.8]}]}`, `{"a":301.8}`, true},
		{"eq other", `{"a":[{"numeric":["=",301.8]}]}`, `{"a":301.81}`, false},
		{"range", `{"a":[{"numeric":[">",0,"<=",5]}]}`, `{"a":5}`, true},
		{"range low", `{"a":[{"numeric":[">",0,"<=",5]}]}`, `{"a":0}`, false},
		{"range high", `{"a":[{"numeric":[">=",0,"<",5]}]}`, `{"a":5}`, false},
		{"exponent", `{"a":[{"numeric":[">",1e3]}]}`, `{"a":1001}`, true},
		{"string is not a number", `{"a":[{"numeric":[">",0]}]}`, `{"a":"5"}`, false},
		{"null is not a number", `{"a":[{"numeric":[">",0]}]}`, `{"a":null}`, false},
		{"beyond 5e9 never matches", `{"a":[{"numeric":[">",0]}]}`, `{"a":6e9}`, false},
		{"5e9 inclusive", `{"a":[{"numeric":[">",0]}]}`, `{"a":5e9}`, true},
		{"seven decimals never match", `{"a":[{"numeric":[">",0]}]}`, `{"a":0.0000001}`, false},
		{"trailing zeros fine", `{"a":[{"numeric":[">",0]}]}`, `{"a":0.1000000000}`, true},
		{"event array", `{"a":[{"numeric":[">",100]}]}`, `{"a":[1,2,300]}`, true},
		{"multiple ranges", `{"a":[{"numeric":["<",0]},{"numeric":[">",100]}]}`, `{"a":50}`, false},
	})
}

func TestExistsAndCIDR(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"exists string", `{"a":[{"exists":true}]}`, `{"a":"x"}`, true},
		{"exists empty string", `{"a":[{"exists":true}]}`, `{"a":""}`, true},
		{"exists null", `{"a":[{"exists":true}]}`, `{"a":null}`, true},
		{"exists object", `{"a":[{"exists":true}]}`, `{"a":{"b":1}}`, false},
		{"exists empty array", `{"a":[{"exists":true}]}`, `{"a":[]}`, false},
		{"exists absent", `{"a":[{"exists":true}]}`, `{"b":1}`, false},
		{"not exists absent", `{"a":[{"exists":false}]}`, `{"b":1}`, true},
		{"not exists present", `{"a":[{"exists":false}]}`, `{"a":"x"}`, false},
		{"not exists null", `{"a":[{"exists":false}]}`, `{"a":null}`, false},
		{"not exists object", `{"a":[{"exists":false}]}`, `{"a":{"b":1}}`, true},
		{"not exists empty array", `{"a":[{"exists":false}]}`, `{"a":[]}`, true},
		{"not exists or value", `{"a":[{"exists":false},"x"]}`, `{"a":"x"}`, true},
		{"not exists or value miss", `{"a":[{"exists":false},"x"]}`, `{"a":"y"}`, false},
		{"cidr v4", `{"ip":[{"cidr":"10.0.0.0/24"}]}`, `{"ip":"10.0.0.255"}`, true},
		{"cidr v4 outside", `{"ip":[{"cidr":"10.0.0.0/24"}]}`, `{"ip":"10.0.1.0"}`, false},
		{"cidr host bits ignored", `{"ip":[{"cidr":"10.0.0.77/24"}]}`, `{"ip":"10.0.0.1"}`, true},
		{"cidr /0", `{"ip":[{"cidr":"0.0.0.0/0"}]}`, `{"ip":"255.255.255.255"}`, true},
		{"cidr /31", `{"ip":[{"cidr":"10.0.0.0/31"}]}`, `{"ip":"10.0.0.2"}`, false},
		{"cidr v6", `{"ip":[{"cidr":"2001:db8::/32"}]}`, `{"ip":"2001:db8:ffff::1"}`, true},
		{"cidr v6 outside", `{"ip":[{"cidr":"2001:db8::/32"}]}`, `{"ip":"2001:db9::1"}`, false},
		{"cidr family mismatch", `{"ip":[{"cidr":"0.0.0.0/0"}]}`, `{"ip":"::1"}`, false},
		{"cidr mapped v6 is v4", `{"ip":[{"cidr":"10.0.0.0/8"}]}`, `{"ip":"::ffff:a00:1"}`, true},
		{"cidr invalid address", `{"ip":[{"cidr":"10.0.0.0/24"}]}`, `{"ip":"10.0.0.256"}`, false},
		{"cidr not a string", `{"ip":[{"cidr":"10.0.0.0/24"}]}`, `{"ip":167772161}`, false},
		{"cidr hostname", `{"ip":[{"cidr":"10.0.0.0/24"}]}`, `{"ip":"s3.amazonaws.com"}`, false},
	})
}

func TestOrAndStructure(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"top-level or first", `{"$or":[{"a":["1"]},{"b":["2"]}]}`, `{"a":"1"}`, true},
		{"top-level or second", `{"$or":[{"a":["1"]},{"b":["2"]}]}`, `{"b":"2"}`, true},
		{"top-level or none", `{"$or":[{"a":["1"]},{"b":["2"]}]}`, `{"a":"2","b":"1"}`, false},
		{"or with common field", `{"s":["x"],"$or":[{"a":["1"]},{"b":["2"]}]}`, `{"s":"y","a":"1"}`, false},
		{"or nested in object", `{"d":{"$or":[{"a":["1"]},{"b":["2"]}]}}`, `{"d":{"b":"2"}}`, true},
		{"or nested path", `{"d":{"$or":[{"a":["1"]},{"b":["2"]}]}}`, `{"b":"2"}`, false},
		{"or inside or", `{"$or":[{"a":["1"],"$or":[{"b":["2"]},{"c":["3"]}]},{"d":["4"]}]}`, `{"a":"1","c":"3"}`, true},
		{"or inside or partial", `{"$or":[{"a":["1"],"$or":[{"b":["2"]},{"c":["3"]}]},{"d":["4"]}]}`, `{"a":"1"}`, false},
		{"parallel ors", `{"$or":[{"a":["1"]},{"b":["2"]}],"d":{"$or":[{"c":["3"]},{"e":["5"]}]}}`, `{"b":"2","d":{"e":"5"}}`, true},
		{"duplicate key last wins", `{"a":[{"prefix":"us-"}],"a":[{"anything-but":"us-east"}]}`, `{"a":"eu-west-1"}`, true},
		{"same path twice last wins", `{"a":{"b":["1"]},"a.b":["2"]}`, `{"a":{"b":"2"}}`, true},
		{"same path twice first lost", `{"a":{"b":["1"]},"a.b":["2"]}`, `{"a":{"b":"1"}}`, false},
		{"duplicate objects merge", `{"a":{"b":["1"]},"a":{"c":["2"]}}`, `{"a":{"b":"1","c":"2"}}`, true},
	})
}

// Values that match must come from the same element of an event array, as in
// event-ruler's rulesForJSONEvent.
func TestArrayConsistency(t *testing.T) {
	employees := `{"employees":[{"firstName":"John","lastName":"Doe"},{"firstName":"Anna","lastName":"Smith"},{"firstName":"Peter","lastName":"Jones"}]}`
	runMatchCases(t, []matchCase{
		{"one field", `{"employees":{"firstName":["Anna"]}}`, employees, true},
		{"same element", `{"employees":{"firstName":["Anna"],"lastName":["Smith"]}}`, employees, true},
		{"different elements", `{"employees":{"firstName":["Anna"],"lastName":["Jones"]}}`, employees, false},
		{"backtracks over elements", `{"employees":{"firstName":["John","Peter"],"lastName":["Jones"]}}`, employees, true},
		{"outside arrays unconstrained", `{"x":["1"],"employees":{"firstName":["Anna"]}}`, `{"x":"1","employees":[{"firstName":"Anna"}]}`, true},
		{"sibling arrays unconstrained", `{"a":["1"],"b":["2"]}`, `{"a":["0","1"],"b":["2","3"]}`, true},
		{"nested arrays same outer element", `{"o":{"i":{"x":["1"],"y":["2"]}}}`, `{"o":[{"i":[{"x":"1"},{"y":"2"}]}]}`, false},
		{"nested arrays", `{"o":{"k":["a"],"i":[2]}}`, `{"o":[{"k":"a","i":[1,2]},{"k":"b","i":[3]}]}`, true},
		{"nested arrays wrong element", `{"o":{"k":["b"],"i":[2]}}`, `{"o":[{"k":"a","i":[1,2]},{"k":"b","i":[3]}]}`, false},
		// exists:false is checked against the values already chosen, in
		// path order, like event-ruler's ACFinder.
		{"absent in other element, checked later", `{"arr":{"b":[2],"c":[{"exists":false}]}}`, `{"arr":[{"c":1},{"b":2}]}`, true},
		{"absent in other element, checked first", `{"arr":{"a":[{"exists":false}],"b":[2]}}`, `{"arr":[{"a":1},{"b":2}]}`, false},
	})
}

func TestCloudTrailRule(t *testing.T) {
	event := string(benchEvent(t))
	runMatchCases(t, []matchCase{
		{"typical rule", benchPattern, event, true},
		{"other service", `{"source":["aws.s3"]}`, event, false},
		{"error code absent", `{"detail":{"errorCode":[{"exists":false}]}}`, event, true},
		{"ip in range", `{"detail":{"sourceIPAddress":[{"cidr":"192.0.2.0/24"}]}}`, event, true},
		{"encrypted sdb", `{"detail":{"requestParameters":{"blockDeviceMapping":{"items":{"deviceName":["/dev/sdb"],"ebs":{"encrypted":[true]}}}}}}`, event, true},
		{"encrypted xvda", `{"detail":{"requestParameters":{"blockDeviceMapping":{"items":{"deviceName":["/dev/xvda"],"ebs":{"encrypted":[true]}}}}}}`, event, false},
	})
}

func TestFieldsAndString(t *testing.T) {
	p, err := Compile([]byte(`{ "source": ["aws.ec2"], "detail": { "$or": [ {"a": [1.50]}, {"b": [{"prefix": "x\u0041"}]} ] }, "detail-type": ["X"] }`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"detail-type", "detail.a", "detail.b", "source"}
	if got := p.Fields(); !slices.Equal(got, want) {
		t.Errorf("Fields = %q, want %q", got, want)
	}
	wantSrc := `{"source":["aws.ec2"],"detail":{"$or":[{"a":[1.50]},{"b":[{"prefix":"xA"}]}]},"detail-type":["X"]}`
	if got := p.String(); got != wantSrc {
		t.Errorf("String = %s\nwant     %s", got, wantSrc)
	}
	f := p.Fields()
	f[0] = "changed"
	if p.Fields()[0] != "detail-type" {
		t.Error("Fields exposes internal state")
	}
}

func TestParseEventErrors(t *testing.T) {
	for _, ev := range []string{``, `[]`, `"x"`, `1`, `{`, `{"a":}`, `{"a":1,}`, `{"a":01}`, `{"a":1} x`, `{'a':1}`, "{\"a\":\"\x01\"}", `{"a":tru}`, `{"a":"\x"}`, "{\"a\":\"\xff\"}", `{"a":NaN}`} {
		if _, err := ParseEvent([]byte(ev)); err == nil {
			t.Errorf("ParseEvent(%q) succeeded", ev)
		}
		p, _ := Compile([]byte(`{"a":[{"exists":false}]}`))
		if ok, err := p.Match([]byte(ev)); err == nil || ok {
			t.Errorf("Match(%q) = %v, %v; want an error", ev, ok, err)
		}
	}
}

// A field that matches nowhere must fail fast even when the other fields
// could be combined across many array elements.
func TestArrayBacktrackingFailsFast(t *testing.T) {
	var ev, pat strings.Builder
	ev.WriteString(`{"a":[{`)
	pat.WriteString(`{"a":{`)
	for f := 0; f < 8; f++ {
		fmt.Fprintf(&ev, `"x%d":[1,2,3,4,5,6,7,8,9,10],`, f)
		fmt.Fprintf(&pat, `"x%d":[{"numeric":[">",0]}],`, f)
	}
	ev.WriteString(`"z":"no"}]}`)
	pat.WriteString(`"z":["yes"]}}`)
	runMatchCases(t, []matchCase{{"sibling arrays", pat.String(), ev.String(), false}})
}
