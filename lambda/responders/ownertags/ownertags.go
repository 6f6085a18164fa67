package ownertags

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responders/ownertags/settings"
)

// tagChars are the characters S3, RDS and Lambda allow in tag keys and
// values.
var tagChars = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)

// Clients are the SDK clients the responder uses, one per service.
type Clients struct {
	// EC2 tags instances.
	EC2 EC2API
	// S3 tags buckets.
	S3 S3API
	// RDS tags DB instances.
	RDS RDSAPI
	// Lambda tags functions.
	Lambda LambdaAPI
}

// Responder is the ownertags logic.
type Responder struct {
	cfg     settings.Config
	clients responderkit.ClientSource[Clients]
	now     func() time.Time
}

// Kind describes the responder to responderkit's shared constructors and
// to its Lambda main (lambdamain.Start).
var Kind = responderkit.Kind[settings.Config, Clients]{
	Facts: settings.Facts,
	Clients: func(c aws.Config) Clients {
		return Clients{EC2: ec2.NewFromConfig(c), S3: s3.NewFromConfig(c), RDS: rds.NewFromConfig(c), Lambda: lambda.NewFromConfig(c)}
	},
	Common: func(c *settings.Config) *responderkit.Config { return &c.Responder },
	For: func(c settings.Config, source responderkit.ClientSource[Clients]) responderkit.Spec {
		return (&Responder{cfg: c, clients: source, now: time.Now}).Spec()
	},
}

// Spec describes the responder to responderkit.NewHandler.
func (r *Responder) Spec() responderkit.Spec {
	return responderkit.Spec{Name: settings.Name, Events: settings.EventsBySource, Respond: r.Respond}
}

// maxTagValue is the longest tag value S3, RDS, Lambda and EC2 accept.
const maxTagValue = 256

// Owner returns the owner tag value for a call made by id (see the package
// documentation), or "" when the record names nobody.
func Owner(id cloudtrail.UserIdentity) string {
	v := id.PrincipalARN()
	if id.Type == cloudtrail.IdentityAssumedRole && id.IssuerARN() != "" {
		if s := id.SessionName(); s != "" && utf8.RuneCountInString(v)+1+utf8.RuneCountInString(s) <= maxTagValue {
			v += "/" + s
		}
	}
	if v == "" {
		v = id.InvokedBy
	}
	return sanitize(v)
}

// sanitize replaces characters tags do not allow with "_" and cuts the
// value to maxTagValue characters.
func sanitize(v string) string {
	var b strings.Builder
	n := 0
	for _, c := range v {
		if n == maxTagValue {
			break
		}
		if !tagChars.MatchString(string(c)) {
			c = '_'
		}
		b.WriteRune(c)
		n++
	}
	return b.String()
}

// outcome of one resource.
type outcome string

const (
	tagged   outcome = "tagged"
	wouldTag outcome = "untagged"
	owned    outcome = "already owned"
	gone     outcome = "gone"
	exempt   outcome = "exempt"
	full     outcome = "tag limit reached"
)

// plan holds what the responder wants on each resource and what happened.
type plan struct {
	r       *Responder
	ev      *responderkit.Event
	clients Clients           // of the event's account
	want    map[string]string // the tags to add, owner and created-at
	results map[string]outcome
	added   map[string][]string // resource -> keys added
}

// missing returns the wanted tags a resource with existing tags lacks, and
// whether the resource is exempt or already owned.
func (p *plan) missing(existing map[string]string) (map[string]string, outcome) {
	for k, v := range existing {
		if p.r.cfg.Responder.ExemptTag.Matches(k, v) {
			return nil, exempt
		}
	}
	if _, ok := existing[p.r.cfg.OwnerTagKey]; ok {
		return nil, owned
	}
	m := map[string]string{}
	for k, v := range p.want {
		if _, ok := existing[k]; !ok {
			m[k] = v
		}
	}
	return m, wouldTag
}

// tagOne tags the resource arn with the wanted tags it lacks, through
// list (its tags) and tag (adds tags), unless it is exempt or owned or the
// mode does not act; deleted tells the error of a resource deleted since the
// call, which is no failure, and tag returns errTagLimit for a resource
// without room for the tags.
func (p *plan) tagOne(arn string, deleted func(error) bool, list func() (map[string]string, error), tag func(map[string]string) error) error {
	existing, err := list()
	if deleted(err) {
		p.results[arn] = gone
		return nil
	}
	if err != nil {
		return fmt.Errorf("list tags of %s: %w", arn, err)
	}
	m, o := p.missing(existing)
	p.results[arn] = o
	if o != wouldTag || !p.ev.Mode.Acts() {
		return nil
	}
	switch err := tag(m); {
	case deleted(err):
		p.results[arn] = gone
	case errors.Is(err, errTagLimit):
		p.results[arn] = full
	case err != nil:
		return fmt.Errorf("tag %s: %w", arn, err)
	default:
		p.results[arn] = tagged
		p.added[arn] = sortedKeys(m)
	}
	return nil
}

// Respond decides about one event (see the package documentation).
func (r *Responder) Respond(ctx context.Context, ev *responderkit.Event) (responderkit.Decision, error) {
	owner := Owner(ev.Record.UserIdentity)
	if owner == "" {
		return ev.Decide(responderkit.ActionSkipped, "", "the record names no principal to tag as owner", nil), nil
	}
	clients, err := r.clients.For(ctx, ev.Account(), ev.Region())
	if err != nil {
		return responderkit.Decision{}, err
	}
	p := &plan{
		r:       r,
		ev:      ev,
		clients: clients,
		want:    map[string]string{r.cfg.OwnerTagKey: owner, r.cfg.CreatedAtTagKey: ev.Record.EventTime.UTC().Format(time.RFC3339)},
		results: map[string]outcome{},
		added:   map[string][]string{},
	}
	switch ev.Record.EventSource {
	case cloudtrail.SourceEC2:
		err = r.ec2(ctx, p)
	case cloudtrail.SourceS3:
		err = r.s3(ctx, p)
	case cloudtrail.SourceRDS:
		err = r.rds(ctx, p)
	case cloudtrail.SourceLambda:
		err = r.lambda(ctx, p)
	}
	if err != nil {
		return responderkit.Decision{}, err
	}
	return p.decision(), nil
}

// decision sums up the outcomes.
func (p *plan) decision() responderkit.Decision {
	count := map[outcome]int{}
	resources := make([]string, 0, len(p.results))
	for res, o := range p.results {
		count[o]++
		resources = append(resources, res)
	}
	sort.Strings(resources)
	details := map[string]any{"tags": p.want, "resources": p.results}
	if len(p.added) > 0 {
		details["added"] = p.added
	}
	res := strings.Join(resources, ",")
	n := len(p.results)
	switch {
	case count[tagged] > 0:
		return p.ev.Decide(responderkit.ActionRemediated, res, fmt.Sprintf("tagged %d of %d resource(s) with owner and creation time", count[tagged], n), details)
	case count[wouldTag] > 0:
		return p.ev.Decide(p.ev.Mode.Outcome(), res, fmt.Sprintf("%d of %d resource(s) have no owner tag", count[wouldTag], n), details)
	case n > 0 && count[gone] == n:
		return p.ev.Decide(responderkit.ActionGone, res, "resource(s) no longer exist", details)
	case count[full] > 0:
		return p.ev.Decide(responderkit.ActionSkipped, res, fmt.Sprintf("no room for the owner tags (S3 allows %d tags per bucket)", maxBucketTags), details)
	case count[exempt] > 0 && count[owned] == 0:
		return p.ev.Decide(responderkit.ActionSkipped, res, "exempt tag "+p.r.cfg.Responder.ExemptTag.String(), details)
	}
	return p.ev.Decide(responderkit.ActionCompliant, res, "resource(s) already have an owner tag", details)
}

// regionOf returns the region of an ARN, or fallback.
func regionOf(arn, fallback string) string {
	if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 && parts[3] != "" {
		return parts[3]
	}
	return fallback
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
