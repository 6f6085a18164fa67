package trailbridgetest

import "testing"

// Ref returns a template's reference to the resource logicalID, as JSON
// writes it ({"Ref":"<logicalID>"}), for comparing with what JSON gives for
// a property:
//
//	if got := trailbridgetest.JSON(esm["FunctionName"]); got != trailbridgetest.Ref(fnID) { ... }
func Ref(logicalID string) string { return JSON(map[string]any{"Ref": logicalID}) }

// GetAtt returns a template's reference to the attribute (such as "Arn") of
// the resource logicalID, as JSON writes it
// ({"Fn::GetAtt":["<logicalID>","<attribute>"]}).
func GetAtt(logicalID, attribute string) string {
	return JSON(map[string]any{"Fn::GetAtt": []string{logicalID, attribute}})
}

// Target returns the target whose Id is id among the Targets of rule (the
// Properties of an AWS::Events::Rule), failing tb if there is none.
func Target(tb testing.TB, rule map[string]any, id string) map[string]any {
	tb.Helper()
	targets, _ := rule["Targets"].([]any)
	for _, x := range targets {
		if m, ok := x.(map[string]any); ok && m["Id"] == id {
			return m
		}
	}
	tb.Fatalf("the rule has no target %q: %s", id, JSON(rule["Targets"]))
	return nil
}

// RoleStatements returns the statements of every AWS::IAM::Policy of the
// template attached to the role roleID (and to that role only), in no
// particular order: what the role may do beyond its managed policies.
func (t Template) RoleStatements(roleID string) []map[string]any {
	var out []map[string]any
	for _, r := range t.Resources("AWS::IAM::Policy") {
		p, _ := r["Properties"].(map[string]any)
		if JSON(p["Roles"]) != "["+Ref(roleID)+"]" {
			continue
		}
		doc, _ := p["PolicyDocument"].(map[string]any)
		statements, _ := doc["Statement"].([]any)
		for _, s := range statements {
			if m, ok := s.(map[string]any); ok {
				out = append(out, m)
			}
		}
	}
	return out
}
