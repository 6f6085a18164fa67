package heartbeat

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/eventpattern"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/pattern"
)

const param = "/Trailbridge/heartbeat/us-west-2"

// sample is the CloudTrail record of the heartbeat's call (lambda/cloudtrail's
// corpus, see its manifest).
var sample = filepath.Join("..", "cloudtrail", "testdata", "samples", "events", "ssm", "PutParameter__synthesized__1.json")

func TestParameterName(t *testing.T) {
	if got := ParameterName("Trailbridge", "us-west-2"); got != param {
		t.Errorf("ParameterName = %q, want %q", got, param)
	}
	for name, ok := range map[string]bool{
		param: true, "/a": true, "/a.b/c_d-e": true,
		"": false, "a/b": false, "/a b": false, "/a//b": false, "/a/": false, "/aws/x": false, "/SSM/x": false, "/a/b#c": false,
		"/" + strings.Repeat("x", 1011): false,
	} {
		if ValidParameterName(name) != ok {
			t.Errorf("ValidParameterName(%q) = %v, want %v", name, !ok, ok)
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	for _, value := range []string{param, "", "heartbeat", "/aws/heartbeat"} {
		cfg, err := ConfigFromEnv(func(k string) string {
			if k == EnvParameter {
				return value
			}
			return ""
		})
		ok := value == param
		if ok != (err == nil) {
			t.Errorf("%q: err %v", value, err)
			continue
		}
		if ok && cfg.Parameter != value {
			t.Errorf("%q: Parameter %q", value, cfg.Parameter)
		}
		if !ok && (!strings.Contains(err.Error(), EnvParameter) || !strings.Contains(err.Error(), ParameterRule) || value != "" && !strings.Contains(err.Error(), value)) {
			t.Errorf("%q: error %q must name the variable, the value and what is allowed", value, err)
		}
	}
}

// TestSpecMatchesTheCall checks, on the CloudTrail record of the call the
// handler makes, that the forwarders' pattern (Spec) and the home rule's
// (HomeSpec) match it, and that neither matches the same call on another
// parameter, a failed call, another call on the parameter, or (HomeSpec)
// the call in another region.
func TestSpecMatchesTheCall(t *testing.T) {
	record := testevent.Load(t, sample)
	event := testevent.Wrap(t, record)
	matches := func(s pattern.Spec, ev []byte) bool {
		t.Helper()
		p, err := pattern.Build(s)
		if err != nil {
			t.Fatal(err)
		}
		pj, err := pattern.JSON(p)
		if err != nil {
			t.Fatal(err)
		}
		cp, err := eventpattern.Compile([]byte(pj))
		if err != nil {
			t.Fatal(err)
		}
		ok, err := cp.Match(ev)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !matches(Spec(param), event) || !matches(HomeSpec(param, "us-west-2"), event) {
		t.Fatal("the heartbeat's own call is not matched")
	}
	others := map[string][]byte{
		"another parameter": testevent.Set(t, event, "requestParameters.name", "/app/db-password"),
		"a failed call":     testevent.Set(t, event, "errorCode", "AccessDeniedException"),
		"another call":      testevent.Set(t, event, "eventName", "DeleteParameter"),
	}
	for name, ev := range others {
		if matches(Spec(param), ev) || matches(HomeSpec(param, "us-west-2"), ev) {
			t.Errorf("%s is matched", name)
		}
	}
	if matches(HomeSpec(param, "eu-west-1"), event) {
		t.Error("HomeSpec of eu-west-1 matches the heartbeat of us-west-2")
	}
	if matches(Spec(ParameterName("Trailbridge", "eu-west-1")), event) {
		t.Error("the Spec of eu-west-1's parameter matches us-west-2's heartbeat")
	}
}
