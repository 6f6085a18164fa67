package pattern

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// base returns a valid pattern to which a test adds one problem.
func base() map[string]any {
	return map[string]any{
		"source":      []any{"aws.s3"},
		"detail-type": []any{"AWS API Call via CloudTrail"},
		"detail": map[string]any{
			"eventSource": []any{"s3.amazonaws.com"},
			"eventName":   []any{"PutBucketAcl"},
		},
	}
}

func with(path string, v any) map[string]any {
	p := base()
	setPath(p, strings.Split(path, "."), v)
	return p
}

// orBranchesN returns a "$or" of n branches, each matching one event name.
func orBranchesN(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = map[string]any{fmt.Sprintf("f%d", i): []any{"x"}}
	}
	return out
}

// One row per message.
func TestValidate(t *testing.T) {
	longNames := make([]any, 0, 300)
	for i := range 300 {
		longNames = append(longNames, fmt.Sprintf("PutSomethingQuiteLong%03d", i))
	}
	tooLong := with("detail.eventName", longNames)
	tooLongJSON, _ := JSON(tooLong)

	tests := []struct {
		name string
		p    map[string]any
		want string
	}{
		{"empty pattern", map[string]any{},
			`pattern: empty; allowed: an object with at least one field such as "detail-type" (EventBridge rejects empty patterns)`},
		{"not encodable", with("detail.x", []any{make(chan int)}),
			"pattern: cannot encode as JSON: json: unsupported type: chan int"},
		{"too long", tooLong,
			fmt.Sprintf("pattern: JSON is %d characters long; allowed: at most 4096 (EventBridge quota)", len(tooLongJSON))},
		{"too many combinations", pat(with("detail.$or", []any{
			map[string]any{"a": []any{"1"}, "$or": orBranchesN(40)},
			map[string]any{"b": []any{"1"}, "$or": orBranchesN(40)},
		})).withOr(orBranchesN(20)),
			`pattern: "$or" expands to 1600 combinations; allowed: at most 1000 (EventBridge quota)`},
		{"empty object", with("detail.requestParameters", map[string]any{}),
			"detail.requestParameters: got {}: Empty objects are not allowed; allowed: what EventBridge accepts (checked by package eventpattern)"},
		{"scalar instead of array", with("detail.eventSource", "s3.amazonaws.com"),
			`detail.eventSource: got "s3.amazonaws.com": "eventSource" must be an object or an array; allowed: what EventBridge accepts`},
		{"$or with one branch", with("detail.$or", []any{map[string]any{"a": []any{"x"}}}),
			`detail.$or: got [{"a":["x"]}]: There must have at least 2 Objects in $or relationship.; allowed: what EventBridge accepts`},
		{"$or branch not an object", with("detail.$or", []any{map[string]any{"a": []any{"x"}}, "b"}),
			`detail.$or: got [{"a":["x"]},"b"]: Only JSON object is allowed in array of $or relationship.; allowed: what EventBridge accepts`},
		{"empty array", with("detail.eventName", []any{}),
			"detail.eventName: got []: Empty arrays are not allowed; allowed: what EventBridge accepts"},
		{"nested array", with("detail.eventName", []any{[]any{"PutBucketAcl"}}),
			`detail.eventName: got [["PutBucketAcl"]]: Match value must be String, number, true, false, or null; allowed: what EventBridge accepts`},
		{"unknown detail type", with("detail-type", []any{"EC2 Instance State-change Notification"}),
			`detail-type: "EC2 Instance State-change Notification" is not a CloudTrail detail type; allowed: "AWS API Call via CloudTrail", "AWS Console Action via CloudTrail", "AWS Console Sign In via CloudTrail", "AWS Insight via CloudTrail", "AWS Service Event via CloudTrail"`},
		{"misspelled detail type", with("detail-type", []any{"AWS Console Signin via CloudTrail"}),
			`detail-type: "AWS Console Signin via CloudTrail" is not a CloudTrail detail type; did you mean "AWS Console Sign In via CloudTrail"? allowed: "AWS API Call via CloudTrail",`},
		{"empty event name", with("detail.eventName", []any{""}),
			`detail.eventName: empty event name ""; allowed: a CloudTrail event name such as "PutBucketAcl"`},
		{"padded event name", with("detail.eventName", []any{"SendSSHPublicKey "}),
			`detail.eventName: "SendSSHPublicKey " has leading or trailing white space; allowed: the exact event name "SendSSHPublicKey"`},
		{"empty event name prefix", with("detail.eventName", []any{map[string]any{"prefix": ""}}),
			`detail.eventName: empty prefix "" matches every event name; allowed: a non-empty prefix such as "CreateFunction"`},
		{"bad account", with("account", []any{"12345678901"}),
			`account: "12345678901" is not an AWS account ID; allowed: a string of exactly 12 digits such as "111111111111"`},
		{"bad recipient account", with("detail.recipientAccountId", []any{"abcdefghijkl"}),
			`detail.recipientAccountId: "abcdefghijkl" is not an AWS account ID; allowed: a string of exactly 12 digits`},
		{"account as number", with("account", []any{json.Number("111111111111")}),
			"account: account ID 111111111111 is a number, and the event's value is a string; allowed: a string of exactly 12 digits"},
		{"bad region", with("region", []any{"eu-westt-1"}),
			`region: "eu-westt-1" is not a commercial AWS region; did you mean "eu-west-1", "eu-west-2", "eu-west-3"? allowed: one of the 34 region codes of catalog.Regions(), such as "us-east-1"`},
		{"unknown region", with("detail.awsRegion", []any{"mars-1"}),
			`detail.awsRegion: "mars-1" is not a commercial AWS region; allowed: one of the 34 region codes`},
		{"GovCloud region", with("region", []any{"us-gov-west-1"}),
			`region: "us-gov-west-1" is in the aws-us-gov partition; allowed: a commercial (aws partition) region, trailbridge does not support GovCloud or China`},
		{"unknown identity type", with("detail.userIdentity.type", []any{"IamUser"}),
			`detail.userIdentity.type: "IamUser" is not a CloudTrail identity type; allowed: "AWSAccount", "AWSService", "AssumedRole",`},
		{"match object with two keys", with("detail.eventName", []any{map[string]any{"prefix": "Put", "suffix": "Acl"}}),
			`detail.eventName: got [{"prefix":"Put","suffix":"Acl"}]: Only one key allowed in match expression; allowed: what EventBridge accepts`},
		{"unknown operator", with("detail.eventName", []any{map[string]any{"startsWith": "Put"}}),
			`detail.eventName: got [{"startsWith":"Put"}]: Unrecognized match type startsWith; allowed: what EventBridge accepts`},
		{"cidr not a string", with("detail.sourceIPAddress", []any{map[string]any{"cidr": 10}}),
			`detail.sourceIPAddress: got [{"cidr":10}]: prefix match pattern must be a string; allowed: what EventBridge accepts`},
		{"bad cidr", with("detail.sourceIPAddress", []any{map[string]any{"cidr": "10.0.0.0/33"}}),
			`detail.sourceIPAddress: got [{"cidr":"10.0.0.0/33"}]: IPv4 mask bits must be < 32; allowed: what EventBridge accepts`},
		{"cidr without mask", with("detail.sourceIPAddress", []any{map[string]any{"cidr": "10.0.0.1"}}),
			`detail.sourceIPAddress: got [{"cidr":"10.0.0.1"}]: Malformed CIDR, one '/' required; allowed: what EventBridge accepts`},
		{"exists not boolean", with("detail.errorCode", []any{map[string]any{"exists": "false"}}),
			`detail.errorCode: got [{"exists":"false"}]: exists match pattern must be either true or false.; allowed: what EventBridge accepts`},
		{"field inside and outside $or", with("detail.$or", []any{
			map[string]any{"eventName": []any{"DeleteBucket"}},
			map[string]any{"userIdentity": map[string]any{"type": []any{"Root"}}},
		}),
			`detail.eventName: set both inside and outside a "$or" (or in two sibling "$or"), and EventBridge keeps only one of the two conditions; allowed: each field once per "$or" branch`},
		{"dotted key equals nested field", pat(with("detail.userIdentity", map[string]any{"arn": []any{"a"}}))._with("detail", "userIdentity.arn", []any{"b"}),
			`detail.userIdentity.arn: set twice, as a dotted key and as nested objects (EventBridge joins keys with '.'); allowed: each field once`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.p)
			if err == nil {
				t.Fatal("Validate accepted the pattern")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n got: %v\nwant it to contain: %s", err, tt.want)
			}
		})
	}
}

type pat map[string]any

// withOr adds a top-level "$or".
func (p pat) withOr(branches []any) map[string]any { p["$or"] = branches; return p }

// _with sets key (which may contain dots, kept as one key) under the object at obj.
func (p pat) _with(obj, key string, v any) map[string]any {
	p[obj].(map[string]any)[key] = v
	return p
}

func TestValidateAcceptsValidPatterns(t *testing.T) {
	valid := []map[string]any{
		base(),
		with("detail.$or", []any{
			map[string]any{"userIdentity": map[string]any{"arn": []any{"a"}}},
			map[string]any{"userIdentity": map[string]any{"arn": []any{"b"}}}, // same field, other branch: fine
		}),
		with("account", []any{"${Token[AWS.AccountId.1]}"}),
		with("region", []any{"${Token[AWS.Region.2]}", "me-central-1"}),
		with("detail.sourceIPAddress", []any{map[string]any{"cidr": "2001:db8::/32"}}),
		with("detail.sourceIPAddress", []any{map[string]any{"cidr": "${Token[TOKEN.12]}"}}), // known at deploy time
		with("detail.eventName", []any{map[string]any{"anything-but": []any{"GetObject"}}, map[string]any{"exists": false}}),
		with("detail.userIdentity.type", []any{"AssumedRole", "IdentityCenterUser"}),
	}
	for i, p := range valid {
		if err := Validate(p); err != nil {
			t.Errorf("pattern %d: %v", i, err)
		}
	}
}

// Validate returns one joined error holding every problem.
func TestValidateReportsAll(t *testing.T) {
	p := with("account", []any{"1"})
	setPath(p, []string{"region"}, []any{"nowhere-1"})
	err := Validate(p)
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) || len(joined.Unwrap()) != 2 {
		t.Fatalf("Validate = %v; want 2 joined errors", err)
	}
}

func TestCombinations(t *testing.T) {
	tests := []struct {
		name string
		p    map[string]any
		want int
	}{
		{"no $or", base(), 1},
		{"value lists do not count", with("detail.eventName", []any{"A", "B", "C"}), 1},
		{"one $or of 3", with("detail.$or", orBranchesN(3)), 3},
		{"sibling $or multiply", pat(with("detail.$or", orBranchesN(3))).withOr(orBranchesN(4)), 12},
		{"nested $or adds within its branch", with("detail.$or", []any{
			map[string]any{"a": []any{"1"}},
			map[string]any{"b": []any{"1"}, "$or": orBranchesN(3)},
		}), 4},
		{"nested twice", with("detail.$or", []any{
			map[string]any{"a": []any{"1"}, "$or": orBranchesN(2)},
			map[string]any{"b": []any{"1"}, "$or": []any{
				map[string]any{"c": []any{"1"}, "$or": orBranchesN(5)},
				map[string]any{"d": []any{"1"}},
			}},
		}), 2 + (5 + 1)},
		{"$or of one object is not an or", with("detail.$or", []any{map[string]any{"a": []any{"1"}}}), 1},
		{"typed branches", with("detail.$or", []map[string]any{{"a": []any{"1"}}, {"b": []any{"1"}}}), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Combinations(tt.p); got != tt.want {
				t.Errorf("Combinations = %d; want %d", got, tt.want)
			}
		})
	}
}

func TestJSON(t *testing.T) {
	p := map[string]any{"z": []any{"<&>"}, "a": map[string]any{"y": []any{1}, "b": []string{"x"}}}
	got, err := JSON(p)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"a":{"b":["x"],"y":[1]},"z":["<&>"]}`; got != want {
		t.Errorf("JSON = %s; want %s", got, want)
	}
}
