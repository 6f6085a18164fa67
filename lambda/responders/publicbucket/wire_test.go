package publicbucket

import (
	"context"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/internal/awstest"
	"github.com/trailbridge/trailbridge/lambda/internal/testevent"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// TestWire runs the responder with the real S3 client against a fake
// endpoint and checks the requests on the wire.
func TestWire(t *testing.T) {
	srv := awstest.NewServer(t, func(r awstest.Request) awstest.Response {
		switch {
		case r.Method == http.MethodGet && r.Has("tagging"):
			return awstest.S3Error(http.StatusNotFound, "NoSuchTagSet")
		case r.Method == http.MethodGet && r.Has("publicAccessBlock"):
			return awstest.XML(`<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>false</BlockPublicPolicy><RestrictPublicBuckets>false</RestrictPublicBuckets></PublicAccessBlockConfiguration>`)
		case r.Method == http.MethodPut && r.Has("publicAccessBlock"):
			return awstest.OK()
		}
		return awstest.S3Error(http.StatusBadRequest, "UnexpectedRequest")
	})
	// The home region differs from the bucket's: the call must go to the
	// bucket's region.
	client := s3.NewFromConfig(awstest.Config(srv.URL(), "us-east-1"))
	d, err := Kind.Handler(cfg(responderkit.ModeRemediate), client, nil).Decide(context.Background(), testevent.Load(t, "testdata/s3_PutBucketPolicy_string.json"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Action != responderkit.ActionRemediated {
		t.Fatalf("action = %q (%s)", d.Action, d.Reason)
	}
	if d.Details["before"].(map[string]bool)["BlockPublicPolicy"] {
		t.Errorf("details.before = %v", d.Details["before"])
	}

	reqs := srv.Requests()
	var ops []string
	for _, r := range reqs {
		ops = append(ops, r.Method+" "+r.Path+"?"+r.QueryKeys())
		if got := r.Header.Get("X-Amz-Expected-Bucket-Owner"); got != "111111111111" {
			t.Errorf("%s: x-amz-expected-bucket-owner = %q", r.Path, got)
		}
		if auth := r.Header.Get("Authorization"); !strings.Contains(auth, "/eu-west-1/s3/aws4_request") {
			t.Errorf("%s: not signed for eu-west-1: %s", r.Path, auth)
		}
	}
	want := "GET /example-public-bucket?tagging GET /example-public-bucket?publicAccessBlock PUT /example-public-bucket?publicAccessBlock"
	if got := strings.Join(ops, " "); got != want {
		t.Fatalf("requests = %q\nwant       %q", got, want)
	}
	put := reqs[2]
	var body struct {
		XMLName               xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ PublicAccessBlockConfiguration"`
		BlockPublicAcls       *bool
		IgnorePublicAcls      *bool
		BlockPublicPolicy     *bool
		RestrictPublicBuckets *bool
	}
	if err := xml.Unmarshal(put.Body, &body); err != nil {
		t.Fatalf("PutPublicAccessBlock body %s: %v", put.Body, err)
	}
	for name, v := range map[string]*bool{"BlockPublicAcls": body.BlockPublicAcls, "IgnorePublicAcls": body.IgnorePublicAcls,
		"BlockPublicPolicy": body.BlockPublicPolicy, "RestrictPublicBuckets": body.RestrictPublicBuckets} {
		if v == nil || !*v {
			t.Errorf("%s not true in %s", name, put.Body)
		}
	}
}

// TestWireGone checks that NoSuchBucket from the real client means "gone".
func TestWireGone(t *testing.T) {
	srv := awstest.NewServer(t, func(awstest.Request) awstest.Response {
		return awstest.S3Error(http.StatusNotFound, "NoSuchBucket")
	})
	client := s3.NewFromConfig(awstest.Config(srv.URL(), "eu-west-1"))
	d, err := Kind.Handler(cfg(responderkit.ModeRemediate), client, nil).Decide(context.Background(), testevent.Load(t, "testdata/s3_PutBucketAcl_public.json"))
	if err != nil || d.Action != responderkit.ActionGone {
		t.Fatalf("decision %+v, err %v; want gone", d, err)
	}
}
