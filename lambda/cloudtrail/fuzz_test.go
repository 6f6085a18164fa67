package cloudtrail

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzParse checks that Parse never panics, that every error is a
// *ParseError, and that whatever parses survives a JSON round trip and the
// typed decoders without panicking.
func FuzzParse(f *testing.F) {
	for _, file := range allJSONFiles(f) {
		f.Add(readFile(f, file))
	}
	for _, s := range []string{"", "null", "[]", "{}", `{"detail":null}`, `{"eventVersion":1.08}`, minimal,
		envelopeWith(minimal), with("readOnly", `"true"`), with("userIdentity", `{"sessionContext":{"attributes":{}}}`)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Parse(data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			if e != nil {
				t.Fatal("envelope returned with an error")
			}
			_ = err.Error()
			return
		}
		r := &e.Detail
		if r.EventName == "" || r.EventSource == "" || r.AWSRegion == "" || r.EventTime.IsZero() {
			t.Fatalf("required field empty: %+v", r)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		if _, err := Parse(b); err != nil {
			t.Fatalf("reparse of %s: %v", b, err)
		}
		// None of these may panic; errors must be *ParseError.
		u := r.UserIdentity
		_, _, _, _, _, _ = u.PrincipalARN(), u.IssuerARN(), u.IsRoot(), u.Kind(), u.SessionName(), u.MFAAuthenticated()
		_, _, _, _ = r.Service(), r.BaseEventName(), r.Failed(), r.MFAUsed()
		check := func(err error) {
			var pe *ParseError
			if err != nil && !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
		}
		check(r.Require("eventID", "userIdentity.arn", "requestParameters.a.0.b", "resources[0].ARN"))
		for _, name := range []string{"", "PutBucketPolicy", "PutBucketPublicAccessBlock", "CreateUser", "RunInstances",
			"StartInstances", "AuthorizeSecurityGroupIngress", "StopLogging", "CreateDBInstance", "CreateFunction20150331"} {
			rc := *r
			if name != "" {
				rc.EventName = name
			}
			for _, src := range []string{SourceS3, SourceIAM, SourceEC2, SourceCloudTrail, SourceRDS, SourceLambda} {
				rc.EventSource = src
				q, err := DecodeS3BucketRequest(&rc)
				check(err)
				if q != nil {
					_, err := q.Grants()
					check(err)
					_ = q.PublicCannedACL()
				}
				_, err = DecodeIAMCreateUser(&rc)
				check(err)
				_, err = DecodeEC2RunInstances(&rc)
				check(err)
				_, err = DecodeEC2StartInstances(&rc)
				check(err)
				sg, err := DecodeAuthorizeSecurityGroupIngress(&rc)
				check(err)
				if sg != nil {
					for _, p := range sg.Permissions {
						_, _ = p.AllowsPort("tcp", 22), p.WorldOpenCIDRs()
					}
				}
				tr, err := DecodeTrailRequest(&rc)
				check(err)
				if tr != nil {
					_, _ = tr.TrailName(), tr.Matches("arn:aws:cloudtrail:us-east-1:111111111111:trail/t")
				}
				_, err = DecodeRDSCreateDBInstance(&rc)
				check(err)
				_, err = DecodeLambdaCreateFunction(&rc)
				check(err)
				var v any
				check(DecodeRequest(&rc, &v))
				check(DecodeResponse(&rc, &v))
			}
		}
	})
}

// FuzzLogFile checks that ParseLogFile never panics and reports only
// *ParseError.
func FuzzLogFile(f *testing.F) {
	f.Add([]byte(`{"Records":[` + minimal + `]}`))
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ParseLogFile(data)
		var pe *ParseError
		if err != nil && !errors.As(err, &pe) {
			t.Fatalf("error %v (%T) is not a *ParseError", err, err)
		}
	})
}
