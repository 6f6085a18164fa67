package cfn

import (
	"encoding/json"
	"slices"
	"testing"
)

const intrinsicsTemplate = `{
 "Parameters": {"Env": {"Type": "String", "Default": "prod"}, "NoDefault": {"Type": "String"}},
 "Mappings": {"Accounts": {"prod": {"Id": "222222222222"}}},
 "Resources": {
  "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": {"Fn::Sub": "audit-${Env}"}}},
  "Fn": {"Type": "AWS::Lambda::Function"}
 }
}`

func TestResolve(t *testing.T) {
	v, err := DecodeOrdered([]byte(intrinsicsTemplate))
	if err != nil {
		t.Fatal(err)
	}
	top := v.(Object)
	tpl := NewTemplate(top)
	known := &Env{Account: "111111111111", AccountKnown: true, Region: "cn-north-1", RegionKnown: true, StackName: "Home"}
	agnostic := &Env{Account: "111111111111", Region: UnknownRegion, StackName: "Any"}
	tests := []struct {
		name  string
		env   *Env
		in    string
		want  string
		notes []string
	}{
		{"literal", known, `{"a":["x",1.50,true,null]}`, `{"a":["x",1.50,true,null]}`, nil},
		{"region", known, `{"Ref":"AWS::Region"}`, `"cn-north-1"`, nil},
		{"partition", known, `{"Ref":"AWS::Partition"}`, `"aws-cn"`, nil},
		{"url suffix", known, `{"Ref":"AWS::URLSuffix"}`, `"amazonaws.com.cn"`, nil},
		{"account", known, `{"Ref":"AWS::AccountId"}`, `"111111111111"`, nil},
		{"stack name", known, `{"Ref":"AWS::StackName"}`, `"Home"`, nil},
		{"stack id", known, `{"Ref":"AWS::StackId"}`, `"${Token:AWS::StackId}"`, []string{"${Token:AWS::StackId}"}},
		{"unknown region", agnostic, `{"Ref":"AWS::Region"}`, `"${Token:AWS::Region}"`, []string{"${Token:AWS::Region}"}},
		{"unknown account", agnostic, `{"Ref":"AWS::AccountId"}`, `"111111111111"`, []string{"AWS::AccountId assumed 111111111111 (the stack's account is unknown)"}},
		{"no value", known, `{"a":{"Ref":"AWS::NoValue"},"b":[1,{"Ref":"AWS::NoValue"}]}`, `{"b":[1]}`, nil},
		{"parameter default", known, `{"Ref":"Env"}`, `"prod"`, []string{"parameter Env: its default value is used"}},
		{"parameter", known, `{"Ref":"NoDefault"}`, `"${Token:NoDefault}"`, []string{"${Token:NoDefault}"}},
		{"resource", known, `{"Ref":"Fn"}`, `"${Token:Fn}"`, []string{"${Token:Fn}"}},
		{"bus name", known, `{"Ref":"Bus"}`, `"audit-prod"`, []string{"parameter Env: its default value is used"}},
		{"bus arn", known, `{"Fn::GetAtt":["Bus","Arn"]}`, `"arn:aws-cn:events:cn-north-1:111111111111:event-bus/audit-prod"`, []string{"parameter Env: its default value is used"}},
		{"bus arn dotted", known, `{"Fn::GetAtt":"Bus.Name"}`, `"audit-prod"`, []string{"parameter Env: its default value is used"}},
		{"getatt", known, `{"Fn::GetAtt":["Fn","Arn"]}`, `"${Token:Fn.Arn}"`, []string{"${Token:Fn.Arn}"}},
		{"join", known, `{"Fn::Join":[":",["a",{"Ref":"AWS::Region"},"b"]]}`, `"a:cn-north-1:b"`, nil},
		{"join with token", known, `{"Fn::Join":["",["x-",{"Fn::GetAtt":["Fn","Arn"]}]]}`, `"x-${Token:Fn.Arn}"`, []string{"${Token:Fn.Arn}"}},
		{"join bad", known, `{"Fn::Join":"x"}`, `"${Token:Fn::Join}"`, []string{"${Token:Fn::Join}"}},
		{"sub", known, `{"Fn::Sub":"arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:t-${!Literal}"}`, `"arn:aws-cn:sns:cn-north-1:111111111111:t-${Literal}"`, nil},
		{"sub vars", known, `{"Fn::Sub":["${A}-${Fn.Arn}-${Bus}",{"A":{"Ref":"AWS::Region"}}]}`, `"cn-north-1-${Token:Fn.Arn}-audit-prod"`, []string{"${Token:Fn.Arn}", "parameter Env: its default value is used"}},
		{"sub unterminated", known, `{"Fn::Sub":"a${b"}`, `"a${b"`, nil},
		{"select split", known, `{"Fn::Select":[1,{"Fn::Split":[",","a,b,c"]}]}`, `"b"`, nil},
		{"select out of range", known, `{"Fn::Select":["5",["a"]]}`, `"${Token:Fn::Select}"`, []string{"${Token:Fn::Select}"}},
		{"find in map", known, `{"Fn::FindInMap":["Accounts",{"Ref":"Env"},"Id"]}`, `"222222222222"`, []string{"parameter Env: its default value is used"}},
		{"find in map missing", known, `{"Fn::FindInMap":["Accounts","dev","Id"]}`, `"${Token:Fn::FindInMap}"`, []string{"${Token:Fn::FindInMap}"}},
		{"import", known, `{"Fn::ImportValue":"Shared-Bus"}`, `"${Token:ImportValue:Shared-Bus}"`, []string{"${Token:ImportValue:Shared-Bus}"}},
		{"if", known, `{"Fn::If":["C","a","b"]}`, `"${Token:Fn::If}"`, []string{"${Token:Fn::If}"}},
		{"base64", known, `{"Fn::Base64":"hi"}`, `"aGk="`, nil},
		{"two keys are not an intrinsic", known, `{"Ref":"AWS::Region","x":1}`, `{"Ref":"AWS::Region","x":1}`, nil},
		{"nested in pattern", known, `{"detail":{"arn":[{"prefix":{"Fn::Sub":"arn:${AWS::Partition}:"}}]}}`, `{"detail":{"arn":[{"prefix":"arn:aws-cn:"}]}}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkResolve(t, &Resolver{Env: tt.env, Tpl: tpl}, tt.in, tt.want, tt.notes)
		})
	}
}

func TestDecodeOrdered(t *testing.T) {
	for _, in := range []string{`{"b":1,"a":2,"b":3}`, `[{"z":{},"y":[]}]`, `"s"`} {
		v, err := DecodeOrdered([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(v)
		if string(got) != in {
			t.Errorf("round trip of %s = %s", in, got)
		}
	}
	if o, _ := DecodeOrdered([]byte(`{"b":1,"b":3}`)); o.(Object).Str("b") != "" || o.(Object)[1].Val.(json.Number) != "3" {
		t.Errorf("duplicate keys: %v", o)
	}
	for _, in := range []string{``, `{`, `{"a":1} x`, `{"a" 1}`, `[1,]`} {
		if _, err := DecodeOrdered([]byte(in)); err == nil {
			t.Errorf("DecodeOrdered(%q): no error", in)
		}
	}
}

func TestParseBusARN(t *testing.T) {
	tests := []struct {
		in   string
		want BusRef
		ok   bool
	}{
		{"arn:aws:events:eu-west-1:111111111111:event-bus/default", BusRef{"aws", "eu-west-1", "111111111111", "default"}, true},
		{"arn:aws-cn:events:cn-north-1:1:event-bus/a/b", BusRef{"aws-cn", "cn-north-1", "1", "a/b"}, true},
		{"arn:aws:events:eu-west-1:111111111111:rule/x", BusRef{}, false},
		{"arn:aws:sns:eu-west-1:111111111111:event-bus/x", BusRef{}, false},
		{"arn:aws:events::111111111111:event-bus/x", BusRef{}, false},
		{"arn:aws:events:eu-west-1:111111111111:event-bus/", BusRef{}, false},
		{"default", BusRef{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseBusARN(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseBusARN(%q) = %v, %v", tt.in, got, ok)
		}
		if ok && got.ARN() != tt.in {
			t.Errorf("ParseBusARN(%q).ARN() = %q", tt.in, got.ARN())
		}
	}
}

func TestParseEnvironment(t *testing.T) {
	for in, want := range map[string][2]string{
		"aws://111111111111/eu-west-1":         {"111111111111", "eu-west-1"},
		"aws://unknown-account/us-east-1":      {"unknown-account", "us-east-1"},
		"aws://unknown-account/unknown-region": {"unknown-account", "unknown-region"},
		"":                                     {"unknown-account", "unknown-region"},
		"aws:///":                              {"unknown-account", "unknown-region"},
	} {
		a, r := ParseEnvironment(in)
		if a != want[0] || r != want[1] {
			t.Errorf("ParseEnvironment(%q) = %q, %q", in, a, r)
		}
	}
}

// checkResolve resolves the JSON in with r and checks the result (as JSON)
// and the notes r takes.
func checkResolve(t testing.TB, r *Resolver, in, want string, notes []string) {
	t.Helper()
	v, err := DecodeOrdered([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(r.Resolve(v))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("resolve(%s) = %s, want %s", in, got, want)
	}
	equalStrings(t, "notes", r.Notes, notes)
}

func equalStrings(t testing.TB, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %q\nwant %q", what, got, want)
	}
}

// Without an environment or a template (as the security gates read
// templates), everything that names a resource, a parameter or a pseudo
// parameter becomes a placeholder, and values decoded by encoding/json
// resolve like ordered ones.
func TestResolveWithoutEnvironment(t *testing.T) {
	ph := func(what string) string { return "${" + what + "}" }
	tests := []struct {
		in   string
		want string
	}{
		{`{"Ref":"Fn"}`, "${Fn}"},
		{`{"Ref":"AWS::Partition"}`, "${AWS::Partition}"},
		{`{"Fn::GetAtt":["Q","Arn"]}`, "${Q.Arn}"},
		{`{"Fn::GetAtt":"Q.QueueName"}`, "${Q.QueueName}"},
		{`{"Fn::Join":["",["/aws/lambda/",{"Ref":"Fn"}]]}`, "/aws/lambda/${Fn}"},
		{`{"Fn::Sub":["a-${X}",{"X":"b"}]}`, "a-b"},
		{`{"Fn::Sub":"arn:${AWS::Partition}:s3:::${Bucket}/*"}`, "arn:${AWS::Partition}:s3:::${Bucket}/*"},
		{`{"Fn::FindInMap":["M","a","b"]}`, "${Fn::FindInMap}"},
		{`{"Fn::ImportValue":"x"}`, "${ImportValue:x}"},
		{`{"Fn::Select":[1,["a","b"]]}`, "b"},
		{`7`, "7"},
	}
	for _, tt := range tests {
		var v any
		if err := json.Unmarshal([]byte(tt.in), &v); err != nil {
			t.Fatal(err)
		}
		r := &Resolver{Placeholder: ph}
		if got := r.Str(v, "?"); got != tt.want {
			t.Errorf("Str(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
	var m any
	_ = json.Unmarshal([]byte(`{"a":{"Ref":"AWS::NoValue"},"b":{"Ref":"X"}}`), &m)
	got, _ := json.Marshal((&Resolver{Placeholder: ph}).Resolve(m))
	if string(got) != `{"b":"${X}"}` {
		t.Errorf("Resolve(map) = %s", got)
	}
}

func TestRefTarget(t *testing.T) {
	for in, want := range map[string][3]any{
		`{"Ref":"X"}`:                {"X", "", true},
		`{"Fn::GetAtt":["X","Arn"]}`: {"X", "Arn", true},
		`{"Fn::GetAtt":"X.Arn"}`:     {"X", "Arn", true},
		`{"Fn::GetAtt":"X"}`:         {"", "", false},
		`{"Fn::Join":["",[]]}`:       {"", "", false},
		`{"Ref":"X","Other":1}`:      {"", "", false},
	} {
		var m any
		_ = json.Unmarshal([]byte(in), &m)
		o, _ := DecodeOrdered([]byte(in))
		for _, v := range []any{m, o} {
			id, attr, ok := RefTarget(v)
			if id != want[0] || attr != want[1] || ok != want[2] {
				t.Errorf("RefTarget(%s) = %q, %q, %v; want %v", in, id, attr, ok, want)
			}
		}
	}
}
