package cfn

import "testing"

func template(t *testing.T, s string) *Template {
	t.Helper()
	v, err := DecodeOrdered([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return NewTemplate(v.(Object))
}

func TestResolveCrossStack(t *testing.T) {
	// Response exports a function's ARN, a bus ARN (which resolves) and an
	// export whose name is built with Fn::Sub; an eu-west-1 stack of the same
	// name exports something else.
	response := template(t, `{
 "Resources": {
  "Notifier": {"Type": "AWS::Lambda::Function"},
  "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "audit"}}
 },
 "Outputs": {
  "NotifierArn": {"Value": {"Fn::GetAtt": ["Notifier", "Arn"]}},
  "BusArn": {"Value": {"Fn::GetAtt": ["Bus", "Arn"]}, "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-BusArn"}}},
  "Chained": {"Value": {"Fn::ImportValue": "Response-BusArn"}}
 }
}`)
	other := template(t, `{"Outputs": {"BusArn": {"Value": "elsewhere", "Export": {"Name": "Response-BusArn"}}}}`)
	home := &Env{Account: "111111111111", AccountKnown: true, Region: "us-east-1", RegionKnown: true, StackName: "Home"}
	stacks := &Stacks{}
	stacks.Add(&Stack{Env: &Env{Account: "111111111111", AccountKnown: true, Region: "eu-west-1", RegionKnown: true, StackName: "Response"}, Tpl: other})
	stacks.Add(&Stack{Env: &Env{Account: "111111111111", AccountKnown: true, Region: "us-east-1", RegionKnown: true, StackName: "Response"}, Tpl: response})

	tests := []struct {
		name  string
		in    string
		want  string
		notes []string
	}{
		{"stack output", `{"Fn::GetStackOutput":{"StackName":"Response","OutputName":"BusArn","Region":"us-east-1"}}`,
			`"arn:aws:events:us-east-1:111111111111:event-bus/audit"`, nil},
		{"stack output in the other region", `{"Fn::GetStackOutput":{"StackName":"Response","OutputName":"BusArn","Region":"eu-west-1"}}`,
			`"elsewhere"`, nil},
		{"stack output resolved in the exporting stack", `{"Fn::GetStackOutput":{"StackName":"Response","OutputName":"NotifierArn","Region":"us-east-1"}}`,
			`"${Token:Notifier.Arn}"`, []string{"${Token:Notifier.Arn}"}},
		{"unknown output", `{"Fn::GetStackOutput":{"StackName":"Response","OutputName":"Nope","Region":"us-east-1"}}`,
			`"${Token:StackOutput:Response.Nope}"`, []string{"${Token:StackOutput:Response.Nope}"}},
		{"unknown stack", `{"Fn::GetStackOutput":{"StackName":"Gone","OutputName":"BusArn"}}`,
			`"${Token:StackOutput:Gone.BusArn}"`, []string{"${Token:StackOutput:Gone.BusArn}"}},
		{"import in the importer's region", `{"Fn::ImportValue":"Response-BusArn"}`,
			`"arn:aws:events:us-east-1:111111111111:event-bus/audit"`, nil},
		{"import of an import", `{"Fn::GetStackOutput":{"StackName":"Response","OutputName":"Chained","Region":"us-east-1"}}`,
			`"arn:aws:events:us-east-1:111111111111:event-bus/audit"`, nil},
		{"unknown import", `{"Fn::ImportValue":"Nope"}`, `"${Token:ImportValue:Nope}"`, []string{"${Token:ImportValue:Nope}"}},
		{"in a join", `{"Fn::Join":["",[{"Fn::ImportValue":"Response-BusArn"},"/x"]]}`,
			`"arn:aws:events:us-east-1:111111111111:event-bus/audit/x"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkResolve(t, &Resolver{Env: home, Tpl: template(t, `{}`), Stacks: stacks}, tt.in, tt.want, tt.notes)
		})
	}

	// Without Stacks, a cross-stack reference stays a placeholder.
	r := &Resolver{Env: home}
	in, _ := DecodeOrdered([]byte(`{"Fn::GetStackOutput":{"StackName":"Response","OutputName":"BusArn"}}`))
	if got := r.Str(in, "x"); got != "${Token:StackOutput:Response.BusArn}" {
		t.Errorf("without Stacks: %q", got)
	}
}

func TestFollow(t *testing.T) {
	response := template(t, `{"Resources":{"Notifier":{"Type":"AWS::Lambda::Function"}},
 "Outputs":{"NotifierArn":{"Value":{"Fn::GetAtt":["Notifier","Arn"]},"Export":{"Name":"NotifierArn"}}}}`)
	resp := &Stack{Env: &Env{Region: "us-east-1", RegionKnown: true, StackName: "Response"}, Tpl: response}
	stacks := &Stacks{}
	stacks.Add(resp)
	r := &Resolver{Env: &Env{Region: "us-east-1", RegionKnown: true, StackName: "Home"}, Tpl: template(t, `{}`), Stacks: stacks}
	for _, in := range []string{
		`{"Fn::GetStackOutput":{"StackName":"Response","OutputName":"NotifierArn","Region":"us-east-1"}}`,
		`{"Fn::ImportValue":"NotifierArn"}`,
	} {
		v, _ := DecodeOrdered([]byte(in))
		got, rr := r.Follow(v)
		if rr == r || rr.Tpl != response || rr.Env != resp.Env {
			t.Errorf("Follow(%s): resolver of the wrong stack", in)
		}
		if id, attr, ok := RefTarget(got); !ok || id != "Notifier" || attr != "Arn" {
			t.Errorf("Follow(%s) = %v, want the output's Fn::GetAtt", in, got)
		}
		rr.Str(got, "x")
		equalStrings(t, "notes", r.Notes, []string{"${Token:Notifier.Arn}"})
	}
	v, _ := DecodeOrdered([]byte(`{"Fn::ImportValue":"Elsewhere"}`))
	if got, rr := r.Follow(v); rr != r || got == nil {
		t.Errorf("Follow of an unknown export moved to another stack")
	}
	// An import in eu-west-1 does not see a us-east-1 export.
	eu := &Resolver{Env: &Env{Region: "eu-west-1", RegionKnown: true}, Stacks: stacks}
	v, _ = DecodeOrdered([]byte(`{"Fn::ImportValue":"NotifierArn"}`))
	if _, rr := eu.Follow(v); rr != eu {
		t.Errorf("an import followed into another region")
	}
}
