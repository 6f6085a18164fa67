package simulate

import (
	"encoding/json"
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
	v, err := decodeOrdered([]byte(intrinsicsTemplate))
	if err != nil {
		t.Fatal(err)
	}
	top := v.(object)
	tpl := &template{resources: top.obj("Resources"), parameters: top.obj("Parameters"), mappings: top.obj("Mappings")}
	known := &stackEnv{account: "111111111111", accountKnown: true, region: "cn-north-1", regionKnown: true, stackName: "Home"}
	agnostic := &stackEnv{account: AssumedAccount, region: unknownRegion, stackName: "Any"}
	tests := []struct {
		name  string
		env   *stackEnv
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
			in, err := decodeOrdered([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			r := &resolver{env: tt.env, tpl: tpl}
			got, err := json.Marshal(r.resolve(in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("resolve(%s) = %s, want %s", tt.in, got, tt.want)
			}
			equalStrings(t, "notes", r.notes, tt.notes)
		})
	}
}

func TestDecodeOrdered(t *testing.T) {
	for _, in := range []string{`{"b":1,"a":2,"b":3}`, `[{"z":{},"y":[]}]`, `"s"`} {
		v, err := decodeOrdered([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(v)
		if string(got) != in {
			t.Errorf("round trip of %s = %s", in, got)
		}
	}
	if o, _ := decodeOrdered([]byte(`{"b":1,"b":3}`)); o.(object).str("b") != "" || o.(object)[1].Val.(json.Number) != "3" {
		t.Errorf("duplicate keys: %v", o)
	}
	for _, in := range []string{``, `{`, `{"a":1} x`, `{"a" 1}`, `[1,]`} {
		if _, err := decodeOrdered([]byte(in)); err == nil {
			t.Errorf("decodeOrdered(%q): no error", in)
		}
	}
}

func TestParseBusARN(t *testing.T) {
	tests := []struct {
		in   string
		want busRef
		ok   bool
	}{
		{"arn:aws:events:eu-west-1:111111111111:event-bus/default", busRef{"aws", "eu-west-1", "111111111111", "default"}, true},
		{"arn:aws-cn:events:cn-north-1:1:event-bus/a/b", busRef{"aws-cn", "cn-north-1", "1", "a/b"}, true},
		{"arn:aws:events:eu-west-1:111111111111:rule/x", busRef{}, false},
		{"arn:aws:sns:eu-west-1:111111111111:event-bus/x", busRef{}, false},
		{"arn:aws:events::111111111111:event-bus/x", busRef{}, false},
		{"arn:aws:events:eu-west-1:111111111111:event-bus/", busRef{}, false},
		{"default", busRef{}, false},
	}
	for _, tt := range tests {
		got, ok := parseBusARN(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseBusARN(%q) = %v, %v", tt.in, got, ok)
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
		a, r := parseEnvironment(in)
		if a != want[0] || r != want[1] {
			t.Errorf("parseEnvironment(%q) = %q, %q", in, a, r)
		}
	}
}
