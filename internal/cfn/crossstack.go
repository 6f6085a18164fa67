package cfn

import "strings"

// Stack is one stack of a cloud assembly, as far as references from other
// stacks need it: its environment (name and region) and its template, whose
// Outputs section declares what other stacks may read.
type Stack struct {
	// Env is the stack's environment; Env.StackName is its CloudFormation
	// name.
	Env *Env
	// Tpl is the stack's template.
	Tpl *Template
}

// Stacks indexes the stacks of one cloud assembly so that a Resolver can
// follow cross-stack references: Fn::GetStackOutput (what CDK 2.270 writes
// for a reference to another stack, such as the detections' target, the
// Response stack's notifier) and Fn::ImportValue (an export of another
// stack in the same region).
type Stacks struct {
	list []*Stack
}

// Add adds a stack. Stacks added later do not hide earlier ones with the same
// name and region: the first one wins.
func (s *Stacks) Add(st *Stack) { s.list = append(s.list, st) }

// regionMatches reports whether the stack of env can be the one a reference
// to region names: the same region, or either side unknown.
func regionMatches(env *Env, region string) bool {
	return region == "" || !env.RegionKnown || env.Region == region || region == UnknownRegion
}

// Output returns the stack named stackName in region (any region when
// empty) and the Value of its output outputName.
func (s *Stacks) Output(stackName, region, outputName string) (*Stack, any, bool) {
	if s == nil {
		return nil, nil, false
	}
	for _, st := range s.list {
		if st.Env == nil || st.Tpl == nil || st.Env.StackName != stackName || !regionMatches(st.Env, region) {
			continue
		}
		if v, ok := st.Tpl.Outputs.Obj(outputName).Get("Value"); ok {
			return st, v, true
		}
	}
	return nil, nil, false
}

// Export returns the stack of region (any region when empty) that exports
// name (Outputs.*.Export.Name, resolved in that stack) and the Value of
// that output.
func (s *Stacks) Export(region, name string) (*Stack, any, bool) {
	if s == nil || strings.Contains(name, "${Token:") {
		return nil, nil, false
	}
	for _, st := range s.list {
		if st.Env == nil || st.Tpl == nil || !regionMatches(st.Env, region) {
			continue
		}
		for _, m := range st.Tpl.Outputs {
			out, _ := m.Val.(Object)
			nv, ok := out.Obj("Export").Get("Name")
			if !ok {
				continue
			}
			r := &Resolver{Env: st.Env, Tpl: st.Tpl}
			if r.Str(nv, "Export.Name") != name {
				continue
			}
			if v, ok := out.Get("Value"); ok {
				return st, v, true
			}
		}
	}
	return nil, nil, false
}

// Follow returns what a cross-stack reference points at: for
// {"Fn::GetStackOutput": {"StackName", "OutputName", "Region"}} or
// {"Fn::ImportValue": name} naming an output of one of r.Stacks, that
// output's Value and a Resolver of the stack that declares it (its notes go
// to r's). Anything else, or a reference to no stack of r.Stacks, is
// returned with r itself. References to references are followed.
func (r *Resolver) Follow(v any) (any, *Resolver) {
	for range 8 {
		fn, arg, ok := Intrinsic(v)
		if !ok || r.Stacks == nil {
			return v, r
		}
		var st *Stack
		var out any
		switch fn {
		case "Fn::GetStackOutput":
			stack, output, region, ok := r.stackOutputArgs(arg)
			if !ok {
				return v, r
			}
			st, out, ok = r.Stacks.Output(stack, region, output)
			if !ok {
				return v, r
			}
		case "Fn::ImportValue":
			region := ""
			if r.Env != nil && r.Env.RegionKnown {
				region = r.Env.Region
			}
			st, out, ok = r.Stacks.Export(region, r.Str(arg, fn))
			if !ok {
				return v, r
			}
		default:
			return v, r
		}
		root := r
		if r.root != nil {
			root = r.root
		}
		r = &Resolver{Env: st.Env, Tpl: st.Tpl, Stacks: r.Stacks, Placeholder: r.Placeholder, root: root, depth: r.depth + 1}
		v = out
	}
	return v, r
}

// stackOutputArgs reads the argument of Fn::GetStackOutput.
func (r *Resolver) stackOutputArgs(arg any) (stack, output, region string, ok bool) {
	sv, ok1 := member(arg, "StackName")
	ov, ok2 := member(arg, "OutputName")
	if !ok1 || !ok2 {
		return "", "", "", false
	}
	stack, output = r.Str(sv, "Fn::GetStackOutput"), r.Str(ov, "Fn::GetStackOutput")
	if rv, ok := member(arg, "Region"); ok {
		region = r.Str(rv, "Fn::GetStackOutput")
	}
	return stack, output, region, stack != "" && output != ""
}
