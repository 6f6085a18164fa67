package pattern

import (
	"fmt"
	"strings"
)

// principalKind classifies a principal ARN given in a Spec.
type principalKind int

const (
	// kindToken is an unresolved CDK token (the whole string, or a role ARN
	// whose role name is a token): its value is known only at deploy time.
	kindToken principalKind = iota
	// kindRole is an IAM role ARN, arn:PARTITION:iam::ACCOUNT:role/PATH/NAME.
	kindRole
	// kindSessionPrefix is an assumed-role ARN without a session name,
	// arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/ (trailing '/' optional).
	kindSessionPrefix
	// kindSession is a full assumed-role session ARN,
	// arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION.
	kindSession
	// kindOther is any other ARN: IAM user, root, federated user.
	kindOther
)

// principal is a parsed principal ARN.
type principal struct {
	raw  string
	kind principalKind
	// role is the value CloudTrail writes in
	// userIdentity.sessionContext.sessionIssuer.arn for sessions of this
	// principal: the role ARN itself, or the raw token. Empty when unknown.
	role string
	// sessionPrefix is the userIdentity.arn prefix of every session of the
	// role, arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/. Empty when unknown
	// (the role name is a token).
	sessionPrefix string
	// anyAccount is true for a role ARN whose account is "*": the role of
	// that name in every account (role and sessionPrefix then hold "*").
	anyAccount bool
}

// AnyAccount is the account field of a role ARN that names the role of that
// name in every account, e.g. arn:aws:iam::*:role/Trailbridge-PublicBucket-member
// (the roles a StackSet creates in each member account). Only
// ExcludePrincipalARNs accepts it; it is written with EventBridge's
// anything-but wildcard operator.
const AnyAccount = "*"

// isWildcard reports whether an exclusion value needs the wildcard form.
func isWildcard(s string) bool { return strings.Contains(s, "*") }

// isToken reports whether s contains an unresolved CDK token: a string
// token ("${Token[...]}") or a list token ("#{Token[...]}").
func isToken(s string) bool {
	return strings.Contains(s, "${Token[") || strings.Contains(s, "#{Token[")
}

// parsePrincipal classifies s. Role ARNs yield both the sessionIssuer value
// and the assumed-role session prefix (the role path is not part of
// assumed-role ARNs, so it is dropped); assumed-role ARNs yield the prefix
// only, as the role's path is unknown.
func parsePrincipal(s string) (principal, error) {
	p := principal{raw: s}
	if !strings.HasPrefix(s, "arn:") {
		if isToken(s) {
			p.kind, p.role = kindToken, s
			return p, nil
		}
		return p, fmt.Errorf("%q is not an ARN", s)
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[1] == "" || parts[2] == "" || parts[4] == "" || parts[5] == "" {
		return p, fmt.Errorf("%q is not an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)", s)
	}
	partition, service, account, resource := parts[1], parts[2], parts[4], parts[5]
	if strings.ContainsAny(partition+service+parts[3]+resource, "*\\") || (strings.Contains(account, "*") && account != AnyAccount) {
		return p, fmt.Errorf("%q has '*' or '\\' outside the account field ('*' may only be the whole account of a role ARN, arn:PARTITION:iam::*:role/NAME)", s)
	}
	if account == AnyAccount && !(service == "iam" && strings.HasPrefix(resource, "role/")) {
		return p, fmt.Errorf("%q has account '*', which only a role ARN may have (arn:PARTITION:iam::*:role/NAME)", s)
	}
	p.anyAccount = account == AnyAccount
	switch {
	case service == "iam" && strings.HasPrefix(resource, "role/"):
		name := resource[strings.LastIndex(resource, "/")+1:]
		if name == "" {
			return p, fmt.Errorf("%q has no role name after %q", s, "role/")
		}
		p.kind, p.role = kindRole, s
		if isToken(name) {
			// The token may stand for "path/name": the session prefix is unknown.
			p.kind = kindToken
			return p, nil
		}
		p.sessionPrefix = "arn:" + partition + ":sts::" + account + ":assumed-role/" + name + "/"
		return p, nil
	case service == "sts" && strings.HasPrefix(resource, "assumed-role/"):
		segs := strings.Split(strings.TrimPrefix(resource, "assumed-role/"), "/")
		if segs[0] == "" || len(segs) > 2 {
			return p, fmt.Errorf("%q is not an assumed-role ARN (arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE_NAME[/SESSION])", s)
		}
		p.sessionPrefix = "arn:" + partition + ":sts::" + account + ":assumed-role/" + segs[0] + "/"
		p.kind = kindSessionPrefix
		if len(segs) == 2 && segs[1] != "" {
			p.kind = kindSession
		}
		return p, nil
	}
	p.kind = kindOther
	return p, nil
}

// principalFilter is the part of a pattern built from PrincipalARNs and
// ExcludePrincipalARNs.
type principalFilter struct {
	// include values for detail.userIdentity.arn (exact strings or prefix
	// objects) and for detail.userIdentity.sessionContext.sessionIssuer.arn.
	userARN, issuerARN []any
	// exclusions: role ARNs (anything-but on sessionIssuer.arn) and session
	// prefixes (anything-but prefix on userIdentity.arn).
	exRoles, exPrefixes []string
}

// buildPrincipals parses the include and exclude lists and checks that they
// can be expressed together; see the package documentation for the encoding.
func buildPrincipals(include, exclude []string) (principalFilter, []error) {
	var f principalFilter
	var errs []error
	var inc, exc []principal

	for _, s := range uniqueSorted(exclude) {
		p, err := parsePrincipal(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("ExcludePrincipalARNs: %w; allowed: an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), an assumed-role prefix (arn:aws:sts::ACCOUNT:assumed-role/NAME/) or a CDK token for a role ARN", err))
			continue
		}
		if p.kind == kindOther {
			errs = append(errs, fmt.Errorf("ExcludePrincipalARNs: %q is not a role; allowed: an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), an assumed-role prefix (arn:aws:sts::ACCOUNT:assumed-role/NAME/) or a CDK token for a role ARN (users and root cannot be excluded: the userIdentity.arn field holds one anything-but, used for role session prefixes)", s))
			continue
		}
		exc = append(exc, p)
		if p.role != "" {
			f.exRoles = appendUnique(f.exRoles, p.role)
		}
		if p.sessionPrefix != "" {
			f.exPrefixes = appendUnique(f.exPrefixes, p.sessionPrefix)
		}
	}

	for _, s := range uniqueSorted(include) {
		p, err := parsePrincipal(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("PrincipalARNs: %w; allowed: an IAM role, user or root ARN, an assumed-role ARN or prefix (ending in '/'), or a CDK token", err))
			continue
		}
		if p.anyAccount {
			errs = append(errs, fmt.Errorf("PrincipalARNs: %q names a role in every account; allowed: a principal of one account (account '*' is for ExcludePrincipalARNs only)", s))
			continue
		}
		inc = append(inc, p)
		switch p.kind {
		case kindRole:
			f.issuerARN = append(f.issuerARN, s)
		case kindSessionPrefix:
			f.userARN = append(f.userARN, map[string]any{"prefix": p.sessionPrefix})
		case kindSession, kindOther:
			f.userARN = append(f.userARN, s)
		case kindToken:
			// Unknown kind: match it on both fields.
			f.userARN = append(f.userARN, s)
			f.issuerARN = append(f.issuerARN, s)
		}
	}

	// An included principal that lies inside an exclusion would make the
	// rule match nothing for it. No other overlap is possible: an include
	// prefix is always a whole role name (assumed-role/NAME/), so it equals an
	// excluded role's prefix or is disjoint from it. That is also why
	// dropping, in a branch, the exclusion on the field the include list
	// occupies loses nothing.
	for _, in := range inc {
		for _, ex := range exc {
			if inside(in, ex) {
				errs = append(errs, fmt.Errorf("PrincipalARNs: %q is also excluded by ExcludePrincipalARNs %q, so it can never match; allowed: principals that are not excluded", in.raw, ex.raw))
			}
		}
	}
	return f, errs
}

// inside reports whether every event the included principal matches is
// excluded by ex.
func inside(in, ex principal) bool {
	if in.raw == ex.raw {
		return true
	}
	if ex.anyAccount {
		// The same test with the included principal's account for '*'.
		parts := strings.SplitN(in.raw, ":", 6)
		if len(parts) != 6 {
			return false
		}
		exParts := strings.SplitN(ex.raw, ":", 6)
		exParts[4] = parts[4]
		concrete, err := parsePrincipal(strings.Join(exParts, ":"))
		return err == nil && inside(in, concrete)
	}
	switch in.kind {
	case kindRole:
		// IAM role names are unique in an account, whatever the path.
		return (ex.role != "" && in.raw == ex.role) ||
			(ex.sessionPrefix != "" && in.sessionPrefix == ex.sessionPrefix)
	case kindToken:
		return ex.role != "" && in.raw == ex.role
	case kindSessionPrefix, kindSession, kindOther:
		return ex.sessionPrefix != "" && strings.HasPrefix(in.raw+"/", ex.sessionPrefix)
	}
	return false
}

// exclusion returns the match list "absent, or none of values". The
// anything-but of a single prefix uses the documented string form. When a
// value holds a '*' (a role in every account), every value of the field is
// written as an anything-but wildcard, the one anything-but form that takes
// both exact ARNs and patterns: an ARN without '*' or '\\' is a wildcard
// pattern that matches only itself, and a prefix P becomes "P*".
func exclusion(values []string, prefix bool) []any {
	values = uniqueSorted(values)
	var ab any
	wild := false
	for _, v := range values {
		wild = wild || isWildcard(v)
	}
	switch {
	case wild:
		patterns := make([]string, len(values))
		for i, v := range values {
			patterns[i] = v
			if prefix {
				patterns[i] = v + "*"
			}
		}
		if len(patterns) == 1 {
			ab = map[string]any{"wildcard": patterns[0]}
		} else {
			ab = map[string]any{"wildcard": toAny(patterns)}
		}
	case prefix && len(values) == 1:
		ab = map[string]any{"prefix": values[0]}
	case prefix:
		ab = map[string]any{"prefix": toAny(values)}
	default:
		ab = toAny(values)
	}
	return []any{map[string]any{"anything-but": ab}, map[string]any{"exists": false}}
}

// apply writes the principal conditions into detail.
func (f principalFilter) apply(detail map[string]any) {
	var exIssuer, exUser []any
	if len(f.exRoles) > 0 {
		exIssuer = exclusion(f.exRoles, false)
	}
	if len(f.exPrefixes) > 0 {
		exUser = exclusion(f.exPrefixes, true)
	}
	issuerPath := []string{"userIdentity", "sessionContext", "sessionIssuer", "arn"}
	userPath := []string{"userIdentity", "arn"}

	switch {
	case len(f.userARN) > 0 && len(f.issuerARN) > 0:
		// (userIdentity.arn in U AND issuer not excluded) OR
		// (issuer in I AND userIdentity.arn not excluded). Each field appears
		// once per branch and never outside the "$or": event-ruler would keep
		// only one of two conditions on the same field.
		byUser, byIssuer := map[string]any{}, map[string]any{}
		setPath(byUser, userPath, f.userARN)
		if exIssuer != nil {
			setPath(byUser, issuerPath, exIssuer)
		}
		setPath(byIssuer, issuerPath, f.issuerARN)
		if exUser != nil {
			setPath(byIssuer, userPath, exUser)
		}
		detail["$or"] = []any{byUser, byIssuer}
	case len(f.userARN) > 0:
		setPath(detail, userPath, f.userARN)
		if exIssuer != nil {
			setPath(detail, issuerPath, exIssuer)
		}
	case len(f.issuerARN) > 0:
		setPath(detail, issuerPath, f.issuerARN)
		if exUser != nil {
			setPath(detail, userPath, exUser)
		}
	default:
		if exUser != nil {
			setPath(detail, userPath, exUser)
		}
		if exIssuer != nil {
			setPath(detail, issuerPath, exIssuer)
		}
	}
}

// setPath sets m[path...] = v, creating intermediate objects. Callers
// guarantee the path is free.
func setPath(m map[string]any, path []string, v any) {
	for _, k := range path[:len(path)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	m[path[len(path)-1]] = v
}
