package publish

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/trailbridge/trailbridge/detection"
	"github.com/trailbridge/trailbridge/lambda/notify"
)

// FuzzDecode checks, on any input, that Decode and Handle never panic; that
// an input Decode rejects is an error wrapping ErrMalformed and is never
// published; and that an accepted one is published once, with a subject SNS
// accepts (printable ASCII, fewer than 100 characters) and both message
// attributes set.
func FuzzDecode(f *testing.F) {
	d := rootAccessKey(f)
	files, _ := filepath.Glob(filepath.Join(samples, "*", "*.json"))
	for i, file := range files {
		if i%10 == 0 { // a sample of the corpus, as envelopes
			rel, _ := filepath.Rel(samples, file)
			f.Add(envelope(f, d, rel))
		}
	}
	for _, s := range []string{"", "null", "{}", "[]", `{"alert":null}`, `{"alert":{"detection":"x","severity":"low"}}`,
		`{"alert":{"detection":"x","severity":"low","principal":"\u00e9\n\u0000","eventName":"` + strings.Repeat("\\u2028", 200) + `"},"event":{"detail":{"requestParameters":"x"}}}`,
		`{"alert":{"detection":"x","severity":"high"},"event":"not an object"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Decode(data)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
		} else if e.Alert.Detection == "" || !e.Alert.Severity.Valid() {
			t.Fatalf("accepted %+v", e.Alert)
		}
		rec := &recorder{}
		herr := New(notify.Config{TopicARN: topic}, rec, nil).Handle(context.Background(), data)
		published := rec.published
		if (herr == nil) != (err == nil) || (len(published) == 1) != (err == nil) || len(published) > 1 {
			t.Fatalf("Decode err %v, Handle err %v, %d publishes", err, herr, len(published))
		}
		if len(published) == 0 {
			return
		}
		in := published[0]
		subject := aws.ToString(in.Subject)
		if subject == "" || len(subject) > detection.MaxSubjectLength {
			t.Fatalf("subject of %d characters: %q", len(subject), subject)
		}
		for _, r := range subject {
			if r < 0x20 || r > 0x7e {
				t.Fatalf("subject holds %q: %q", r, subject)
			}
		}
		for _, k := range []string{notify.AttributeSeverity, notify.AttributeDetection} {
			if aws.ToString(in.MessageAttributes[k].StringValue) == "" {
				t.Fatalf("attribute %s empty", k)
			}
		}
	})
}
