package pattern

import (
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/trailbridge/trailbridge/catalog"
)

// Spec describes the CloudTrail events an API-call rule selects. Every
// non-empty field narrows the match (fields are AND-ed, values within a field
// OR-ed). The zero Spec is invalid: at least one field other than DetailTypes
// and IncludeFailed must be set.
type Spec struct {
	// Services whose events match: "source" becomes the union of their
	// Source and "detail.eventSource" the union of their EventSource. Use
	// catalog.Lookup / catalog.LookupAll, or catalog.Custom for services not
	// in the catalog.
	// Default: events of every service.
	Services []catalog.Service

	// EventNames are exact CloudTrail event names, e.g. "PutBucketAcl".
	// Default: every event name (unless EventNamePrefixes is set).
	EventNames []string

	// EventNamePrefixes match event names by prefix, e.g. "CreateFunction"
	// for Lambda's versioned names (CreateFunction20150331). They are OR-ed
	// with EventNames.
	// Default: no prefix match.
	EventNamePrefixes []string

	// DetailTypes are the EventBridge detail types to match; each must be a
	// catalog.DetailType* constant.
	// Default: catalog.DetailTypeAPICall ("AWS API Call via CloudTrail").
	DetailTypes []string

	// UserIdentityTypes match detail.userIdentity.type, e.g. "Root",
	// "IAMUser", "AssumedRole", "AWSService".
	// Default: every identity type.
	UserIdentityTypes []string

	// PrincipalARNs select events made by these principals. A role ARN
	// matches the role's sessions (detail.userIdentity.sessionContext.
	// sessionIssuer.arn); a user, root or assumed-role session ARN matches
	// detail.userIdentity.arn exactly; an assumed-role ARN without session
	// name (arn:aws:sts::ACCOUNT:assumed-role/NAME/) matches it by prefix; a
	// CDK token is matched on both fields. Mixed kinds produce a two-branch
	// "$or".
	// Default: every principal.
	PrincipalARNs []string

	// ExcludePrincipalARNs drop events made by these roles, typically the
	// responder's own role so that its changes do not trigger it again. Each
	// entry is an IAM role ARN (arn:aws:iam::ACCOUNT:role/PATH/NAME; its
	// sessions are excluded both by sessionIssuer.arn and by the derived
	// userIdentity.arn prefix arn:aws:sts::ACCOUNT:assumed-role/NAME/), an
	// assumed-role ARN or prefix (all sessions of that role are excluded) or
	// a CDK token for a role ARN (excluded by sessionIssuer.arn). A role ARN
	// whose account is "*" (AnyAccount) excludes the role of that name in
	// every account, e.g. a responder's member-account roles. Events
	// without the field (IAM users, root, AWS services) still match. See the
	// package documentation for the encoding.
	// Default: nothing is excluded.
	ExcludePrincipalARNs []string

	// SourceIPs match detail.sourceIPAddress with CIDR blocks, IPv4 or IPv6
	// ("203.0.113.0/24"), or single addresses ("203.0.113.7", also written
	// "203.0.113.7/32"), which are matched exactly: EventBridge rejects a
	// /32 or /128 "cidr" (and an IP string matches the address in any
	// notation). Calls
	// made by AWS services carry a service name there, which never matches.
	// Default: any source address.
	SourceIPs []string

	// Accounts match the event's "account" (the account where the call was
	// recorded), as 12-digit strings.
	// Default: any account.
	Accounts []string

	// Regions match the event's "region" (commercial regions only, see
	// catalog.Regions). Global-only services' events carry "us-east-1".
	// Default: any region.
	Regions []string

	// RequestParameters match detail.requestParameters: the key is a
	// '.'-separated path under requestParameters (e.g. "bucketName" or
	// "publicAccessBlock.RestrictPublicBuckets"), the value the list of
	// EventBridge match values (strings, numbers, booleans, null or operator
	// objects such as map[string]any{"prefix": "prod-"}).
	// Default: no request-parameter condition.
	RequestParameters map[string][]any

	// IncludeFailed also matches calls that failed (those with an
	// errorCode, such as AccessDenied). Failed calls change nothing, so by
	// default they are dropped in the pattern and cost no invocation.
	// Default: false, the pattern requires "errorCode": [{"exists": false}].
	IncludeFailed bool

	// Extra is merged into the pattern last, for conditions Spec does not
	// model. Its objects merge with the built ones; a key the builder already
	// sets to a value is an error rather than an override.
	// Default: nothing extra.
	Extra map[string]any
}

// Build returns the event pattern described by s, or an error joining every
// problem found in s and in the resulting pattern (see Validate). The map
// holds only map[string]any, []any, string, bool and nil values (plus what
// Extra and RequestParameters bring), with lists sorted so that equal Specs
// give equal JSON.
func Build(s Spec) (map[string]any, error) {
	var errs []error
	p := map[string]any{}
	detail := map[string]any{}

	if !s.narrows() {
		errs = append(errs, errors.New("Spec: no condition besides detail-type, so the rule would match every CloudTrail event; allowed: set at least one of Services, EventNames, EventNamePrefixes, UserIdentityTypes, PrincipalARNs, SourceIPs, RequestParameters or Extra"))
	}

	dts := s.DetailTypes
	if len(dts) == 0 {
		dts = []string{catalog.DetailTypeAPICall}
	}
	p["detail-type"] = toAny(uniqueSorted(dts))

	if len(s.Services) > 0 {
		var sources, eventSources []string
		for i, svc := range s.Services {
			if svc.Source == "" || svc.EventSource == "" {
				errs = append(errs, fmt.Errorf("pattern.Spec.Services[%d]: service %q has Source %q and EventSource %q; allowed: a service from catalog.Lookup or catalog.Custom", i, svc.Name, svc.Source, svc.EventSource))
				continue
			}
			sources = append(sources, svc.Source)
			eventSources = append(eventSources, svc.EventSource)
			if svc.GlobalOnly && len(s.Regions) > 0 && !slices.Contains(s.Regions, svc.HomeRegion) {
				errs = append(errs, fmt.Errorf("pattern.Spec.Regions: %q does not include %s, the only region where %s events are recorded, so the rule would never match them; allowed: add %q or drop the region filter", s.Regions, svc.HomeRegion, svc.Name, svc.HomeRegion))
			}
		}
		if len(sources) > 0 {
			p["source"] = toAny(uniqueSorted(sources))
			detail["eventSource"] = toAny(uniqueSorted(eventSources))
		}
	}

	if len(s.Accounts) > 0 {
		p["account"] = toAny(uniqueSorted(s.Accounts))
	}
	if len(s.Regions) > 0 {
		p["region"] = toAny(uniqueSorted(s.Regions))
	}

	if len(s.EventNames) > 0 || len(s.EventNamePrefixes) > 0 {
		names := toAny(uniqueSorted(s.EventNames))
		for _, pre := range uniqueSorted(s.EventNamePrefixes) {
			names = append(names, map[string]any{"prefix": pre})
		}
		detail["eventName"] = names
	}

	if !s.IncludeFailed {
		detail["errorCode"] = []any{map[string]any{"exists": false}}
	}

	if len(s.UserIdentityTypes) > 0 {
		setPath(detail, []string{"userIdentity", "type"}, toAny(uniqueSorted(s.UserIdentityTypes)))
	}

	if len(s.SourceIPs) > 0 {
		ips, cerrs := sourceIPs(s.SourceIPs)
		errs = append(errs, cerrs...)
		if len(ips) > 0 {
			detail["sourceIPAddress"] = ips
		}
	}

	if len(s.RequestParameters) > 0 {
		rp := map[string]any{}
		keys := slices.Sorted(maps.Keys(s.RequestParameters))
		for _, k := range keys {
			vals := s.RequestParameters[k]
			path := strings.Split(k, ".")
			switch {
			case slices.Contains(path, ""):
				errs = append(errs, fmt.Errorf("RequestParameters: key %q has an empty path segment; allowed: a '.'-separated path such as %q", k, "bucketName"))
			case len(vals) == 0:
				errs = append(errs, fmt.Errorf("RequestParameters[%q]: no values; allowed: one or more match values (EventBridge rejects empty arrays)", k))
			default:
				if err := mergeInto(rp, nest(path, slices.Clone(vals)), "detail.requestParameters"); err != nil {
					errs = append(errs, fmt.Errorf("RequestParameters[%q]: %w", k, err))
				}
			}
		}
		if len(rp) > 0 {
			detail["requestParameters"] = rp
		}
	}

	pf, perrs := buildPrincipals(s.PrincipalARNs, s.ExcludePrincipalARNs)
	errs = append(errs, perrs...)
	pf.apply(detail)

	if len(detail) > 0 {
		p["detail"] = detail
	}

	if len(s.Extra) > 0 {
		if err := mergeInto(p, s.Extra, ""); err != nil {
			errs = append(errs, fmt.Errorf("pattern.Spec.Extra: %w", err))
		}
	}

	if err := Validate(p); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// ReadOnlyOnly reports whether s can select read-only events
// (catalog.IsReadOnly): an exact event name that is read-only, or an event
// name prefix that can match one (catalog.PrefixMayBeReadOnly). When it is
// true the rule must be in the ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
// state, otherwise EventBridge never delivers those events to it. A Spec
// without event names or prefixes reports false: a rule on "every event of a
// service" gets the service's changes, not its reads.
func ReadOnlyOnly(s Spec) (anyReadOnly bool) {
	for _, n := range s.EventNames {
		if catalog.IsReadOnly(strings.TrimSpace(n)) {
			return true
		}
	}
	for _, p := range s.EventNamePrefixes {
		if catalog.PrefixMayBeReadOnly(p) {
			return true
		}
	}
	return false
}

// narrows reports whether s has a condition besides detail-type and
// errorCode.
func (s Spec) narrows() bool {
	return len(s.Services) > 0 || len(s.EventNames) > 0 || len(s.EventNamePrefixes) > 0 ||
		len(s.UserIdentityTypes) > 0 || len(s.PrincipalARNs) > 0 || len(s.SourceIPs) > 0 ||
		len(s.RequestParameters) > 0 || len(s.Extra) > 0
}

// sourceIPs turns SourceIPs into match values: {"cidr": BLOCK} for blocks,
// and the address itself for single addresses (bare or /32, /128, which
// EventBridge refuses as a cidr); blocks with host bits set are refused (they
// usually hide a typo).
// Strings that parse as neither are passed through so that Validate reports
// them with the pattern field.
func sourceIPs(in []string) ([]any, []error) {
	var cidrs, addrs []string
	var errs []error
	for _, s := range uniqueSorted(in) {
		if isToken(s) {
			cidrs = append(cidrs, s)
			continue
		}
		if a, err := netip.ParseAddr(s); err == nil {
			addrs = append(addrs, a.String())
			continue
		}
		pfx, err := netip.ParsePrefix(s)
		if err == nil && pfx.Masked() != pfx {
			errs = append(errs, fmt.Errorf("SourceIPs: %q has host bits set; allowed: a network address such as %q", s, pfx.Masked().String()))
			continue
		}
		if err == nil && pfx.IsSingleIP() {
			addrs = append(addrs, pfx.Addr().String())
			continue
		}
		cidrs = append(cidrs, s)
	}
	var out []any
	for _, c := range uniqueSorted(cidrs) {
		out = append(out, map[string]any{"cidr": c})
	}
	for _, a := range uniqueSorted(addrs) {
		out = append(out, a)
	}
	return out, errs
}

// nest wraps v in objects along path: nest([a b], v) = {"a": {"b": v}}.
func nest(path []string, v any) map[string]any {
	m := map[string]any{path[len(path)-1]: v}
	for i := len(path) - 2; i >= 0; i-- {
		m = map[string]any{path[i]: m}
	}
	return m
}

// mergeInto deep-merges src into dst. Objects merge key by key; any other
// value may only fill a key that dst does not have.
func mergeInto(dst, src map[string]any, at string) error {
	keys := slices.Sorted(maps.Keys(src))
	var errs []error
	for _, k := range keys {
		path := k
		if at != "" {
			path = at + "." + k
		}
		sv := src[k]
		dv, exists := dst[k]
		if !exists {
			dst[k] = sv
			continue
		}
		dm, dok := dv.(map[string]any)
		sm, sok := sv.(map[string]any)
		if dok && sok {
			if err := mergeInto(dm, sm, path); err != nil {
				errs = append(errs, err)
			}
			continue
		}
		errs = append(errs, fmt.Errorf("%s is already set by the builder; allowed: keys the builder does not set (use the Spec field instead)", path))
	}
	return errors.Join(errs...)
}

// uniqueSorted returns the sorted distinct values of ss.
func uniqueSorted(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return slices.Compact(out)
}

func appendUnique(ss []string, s string) []string {
	if slices.Contains(ss, s) {
		return ss
	}
	return append(ss, s)
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
