package pattern

import (
	"encoding/json"
	"testing"

	"github.com/trailbridge/trailbridge/eventpattern"
)

// A single source address must be a pattern EventBridge accepts (it refuses
// a /32 or /128 "cidr") that matches calls from that address only.
func TestSingleSourceIPIsAcceptedAndMatches(t *testing.T) {
	for _, ip := range []string{"203.0.113.7", "203.0.113.7/32", "2001:db8::7", "2001:db8::7/128"} {
		p, err := Build(Spec{Services: mustServices(t, "s3"), EventNames: []string{"PutBucketAcl"}, SourceIPs: []string{ip}})
		if err != nil {
			t.Fatalf("SourceIPs %q: %v", ip, err)
		}
		js, _ := JSON(p)
		compiled, err := eventpattern.Compile([]byte(js))
		if err != nil {
			t.Fatalf("SourceIPs %q: EventBridge would reject %s: %v", ip, js, err)
		}
		addr := "203.0.113.7"
		if ip[0] == '2' && ip[1] == '0' && ip[4] == ':' {
			addr = "2001:db8:0:0:0:0:0:7" // another notation of the same address
		}
		for from, want := range map[string]bool{addr: true, "203.0.113.8": false, "2001:db8::8": false} {
			ev, _ := json.Marshal(map[string]any{
				"source": "aws.s3", "detail-type": "AWS API Call via CloudTrail",
				"detail": map[string]any{"eventSource": "s3.amazonaws.com", "eventName": "PutBucketAcl", "sourceIPAddress": from},
			})
			got, err := compiled.Match(ev)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("SourceIPs %q, call from %s: match = %v, want %v (pattern %s)", ip, from, got, want, js)
			}
		}
	}
}
