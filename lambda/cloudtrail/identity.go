package cloudtrail

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// IdentityType is the userIdentity.type of a CloudTrail record: the kind of
// principal that made the call.
type IdentityType string

// Identity types CloudTrail writes in userIdentity.type.
const (
	// IdentityRoot: the account's root user.
	IdentityRoot IdentityType = "Root"
	// IdentityIAMUser: an IAM user with long-term credentials.
	IdentityIAMUser IdentityType = "IAMUser"
	// IdentityAssumedRole: temporary credentials from sts:AssumeRole (or
	// AssumeRoleWithSAML/WebIdentity, or a service role); ARN is the session
	// ARN and the role is in SessionContext.SessionIssuer.
	IdentityAssumedRole IdentityType = "AssumedRole"
	// IdentityRole: a role; seen as sessionContext.sessionIssuer.type.
	IdentityRole IdentityType = "Role"
	// IdentityFederatedUser: temporary credentials from
	// sts:GetFederationToken.
	IdentityFederatedUser IdentityType = "FederatedUser"
	// IdentityAWSService: an AWS service acting with a service-linked or
	// service principal; InvokedBy names it.
	IdentityAWSService IdentityType = "AWSService"
	// IdentityAWSAccount: another AWS account (cross-account calls).
	IdentityAWSAccount IdentityType = "AWSAccount"
	// IdentityIdentityCenterUser: an IAM Identity Center user; OnBehalfOf
	// and CredentialID identify them.
	IdentityIdentityCenterUser IdentityType = "IdentityCenterUser"
	// IdentitySAMLUser: a SAML-federated caller (AssumeRoleWithSAML).
	IdentitySAMLUser IdentityType = "SAMLUser"
	// IdentityWebIdentityUser: a web-identity caller
	// (AssumeRoleWithWebIdentity).
	IdentityWebIdentityUser IdentityType = "WebIdentityUser"
	// IdentityDirectory: an AWS Directory Service user.
	IdentityDirectory IdentityType = "Directory"
	// IdentityUnknown: CloudTrail could not determine the identity, or the
	// type is absent or not one this package knows (see [UserIdentity.Kind]).
	IdentityUnknown IdentityType = "Unknown"
)

// knownIdentityTypes are the userIdentity.type values that raise no warning.
var knownIdentityTypes = map[IdentityType]bool{
	IdentityRoot: true, IdentityIAMUser: true, IdentityAssumedRole: true, IdentityRole: true,
	IdentityFederatedUser: true, IdentityAWSService: true, IdentityAWSAccount: true,
	IdentityIdentityCenterUser: true, IdentitySAMLUser: true, IdentityWebIdentityUser: true,
	IdentityDirectory: true, IdentityUnknown: true,
}

// UserIdentity is the userIdentity element of a CloudTrail record: who made
// the call. Which fields are set depends on Type; records of AWS-internal
// activity often carry only AccountID and InvokedBy, with no Type at all.
type UserIdentity struct {
	// Type is the kind of principal, as written; may be empty.
	Type IdentityType `json:"type,omitempty"`
	// PrincipalID is the unique ID of the principal (for AssumedRole
	// "AROA...:session-name").
	PrincipalID string `json:"principalId,omitempty"`
	// ARN is the principal's ARN; for AssumedRole it is the session ARN
	// (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION), see IssuerARN.
	ARN string `json:"arn,omitempty"`
	// AccountID is the account that owns the principal.
	AccountID string `json:"accountId,omitempty"`
	// AccessKeyID is the access key used to sign the request, if any.
	AccessKeyID string `json:"accessKeyId,omitempty"`
	// UserName is the friendly name of the IAM user or root (when set).
	UserName string `json:"userName,omitempty"`
	// InvokedBy names the AWS service that made the request on the
	// principal's behalf, or "AWS Internal".
	InvokedBy string `json:"invokedBy,omitempty"`
	// IdentityProvider is the identity provider of a federated principal.
	IdentityProvider string `json:"identityProvider,omitempty"`
	// SessionContext describes temporary credentials, when used.
	SessionContext *SessionContext `json:"sessionContext,omitempty"`
	// OnBehalfOf identifies the IAM Identity Center user behind the call.
	OnBehalfOf *OnBehalfOf `json:"onBehalfOf,omitempty"`
	// IdentityStoreARN is the identity store of an IAM Identity Center user.
	IdentityStoreARN string `json:"identityStoreArn,omitempty"`
	// CredentialID identifies the IAM Identity Center credential (bearer
	// token) used.
	CredentialID string `json:"credentialId,omitempty"`
}

// SessionContext is userIdentity.sessionContext: details of temporary
// security credentials.
type SessionContext struct {
	// Attributes holds the session's creation time and MFA state.
	Attributes SessionAttributes `json:"attributes"`
	// SessionIssuer is the entity that issued the session (the role, for
	// AssumedRole; the IAM user, for FederatedUser). It may be present but
	// empty.
	SessionIssuer *SessionIssuer `json:"sessionIssuer,omitempty"`
	// WebIDFederationData describes web identity federation, if used.
	WebIDFederationData *WebIDFederationData `json:"webIdFederationData,omitempty"`
	// SourceIdentity is the source identity set when the role was assumed.
	SourceIdentity string `json:"sourceIdentity,omitempty"`
	// EC2RoleDelivery is the instance metadata service version ("1.0" or
	// "2.0") that delivered EC2 instance-role credentials.
	EC2RoleDelivery string `json:"ec2RoleDelivery,omitempty"`
	// AssumedRoot is "true" for sessions from sts:AssumeRoot.
	AssumedRoot string `json:"assumedRoot,omitempty"`
}

// SessionAttributes is sessionContext.attributes.
type SessionAttributes struct {
	// CreationDate is when the credentials were issued; zero when absent or
	// unreadable (the latter is reported in Record.Warnings).
	CreationDate time.Time `json:"creationDate,omitzero"`
	// MFAAuthenticated reports whether the root or IAM user that got the
	// credentials authenticated with MFA. CloudTrail writes it as the
	// string "true" or "false"; a JSON boolean is accepted too.
	MFAAuthenticated bool `json:"mfaAuthenticated"`
}

// SessionIssuer is sessionContext.sessionIssuer.
type SessionIssuer struct {
	// Type is the issuer's type, usually "Role" (or "IAMUser", "Root").
	Type string `json:"type,omitempty"`
	// PrincipalID is the issuer's unique ID.
	PrincipalID string `json:"principalId,omitempty"`
	// ARN is the issuer's ARN, for a role arn:aws:iam::ACCOUNT:role/NAME.
	ARN string `json:"arn,omitempty"`
	// AccountID is the account that owns the issuer.
	AccountID string `json:"accountId,omitempty"`
	// UserName is the issuer's friendly name.
	UserName string `json:"userName,omitempty"`
}

// WebIDFederationData is sessionContext.webIdFederationData.
type WebIDFederationData struct {
	// FederatedProvider is the identity provider, such as
	// "cognito-identity.amazonaws.com".
	FederatedProvider string `json:"federatedProvider,omitempty"`
	// Attributes holds provider-specific attributes verbatim.
	Attributes json.RawMessage `json:"attributes,omitempty"`
}

// OnBehalfOf is userIdentity.onBehalfOf: the IAM Identity Center user a call
// was made for.
type OnBehalfOf struct {
	// UserID is the Identity Center user ID.
	UserID string `json:"userId,omitempty"`
	// IdentityStoreARN is the identity store that holds the user.
	IdentityStoreARN string `json:"identityStoreArn,omitempty"`
}

// Kind returns Type when it is one of the Identity* constants and
// IdentityUnknown otherwise (including when Type is absent, as in many
// AWS-internal records).
func (u UserIdentity) Kind() IdentityType {
	if knownIdentityTypes[u.Type] {
		return u.Type
	}
	return IdentityUnknown
}

// IsRoot reports whether the call was made by the account's root user
// (Type "Root").
func (u UserIdentity) IsRoot() bool { return u.Type == IdentityRoot }

// IssuerARN returns sessionContext.sessionIssuer.arn, the ARN of the role (or
// user) that issued the session, or "" when there is none.
func (u UserIdentity) IssuerARN() string {
	if u.SessionContext == nil || u.SessionContext.SessionIssuer == nil {
		return ""
	}
	return u.SessionContext.SessionIssuer.ARN
}

// PrincipalARN returns the ARN of the long-lived principal behind the call:
// for AssumedRole the issuing role's ARN (IssuerARN, falling back to ARN when
// there is no issuer), otherwise ARN. Compare it with a role ARN to recognize
// calls made by that role, whatever the session name. It is "" when the
// record names no ARN (AWSService, AWSAccount, IdentityCenterUser and
// AWS-internal calls).
func (u UserIdentity) PrincipalARN() string {
	if u.Type == IdentityAssumedRole {
		if arn := u.IssuerARN(); arn != "" {
			return arn
		}
	}
	return u.ARN
}

// SessionName returns the role session name of an assumed-role session ARN
// (the part after arn:aws:sts::ACCOUNT:assumed-role/ROLE/), or "".
func (u UserIdentity) SessionName() string {
	_, rest, ok := strings.Cut(u.ARN, ":assumed-role/")
	if !ok {
		return ""
	}
	_, name, ok := strings.Cut(rest, "/")
	if !ok {
		return ""
	}
	return name
}

// MFAAuthenticated reports whether the session's credentials were obtained
// with MFA (sessionContext.attributes.mfaAuthenticated).
func (u UserIdentity) MFAAuthenticated() bool {
	return u.SessionContext != nil && u.SessionContext.Attributes.MFAAuthenticated
}

// decodeUserIdentity reads a userIdentity object.
func decodeUserIdentity(o object, warn func(string)) (UserIdentity, error) {
	r := &reader{o: o}
	u := UserIdentity{
		Type:             IdentityType(r.str("type")),
		PrincipalID:      r.str("principalId"),
		ARN:              r.str("arn"),
		AccountID:        r.str("accountId"),
		AccessKeyID:      r.str("accessKeyId"),
		UserName:         r.str("userName"),
		InvokedBy:        r.str("invokedBy"),
		IdentityProvider: r.str("identityProvider"),
		IdentityStoreARN: r.str("identityStoreArn"),
		CredentialID:     r.str("credentialId"),
	}
	if u.Type != "" && !knownIdentityTypes[u.Type] {
		warn(fmt.Sprintf("%s: unknown identity type %s", o.field("type"), quoteShort(string(u.Type))))
	}
	if sc, ok := r.sub("sessionContext"); ok {
		ctx, err := decodeSessionContext(sc, warn)
		r.keep(err)
		u.SessionContext = ctx
	}
	r.in("onBehalfOf", func(obr *reader) {
		u.OnBehalfOf = &OnBehalfOf{UserID: obr.str("userId"), IdentityStoreARN: obr.str("identityStoreArn")}
	})
	return u, r.err
}

// decodeSessionContext reads a sessionContext object.
func decodeSessionContext(o object, warn func(string)) (*SessionContext, error) {
	r := &reader{o: o}
	ctx := &SessionContext{
		SourceIdentity:  r.str("sourceIdentity"),
		EC2RoleDelivery: r.str("ec2RoleDelivery"),
		AssumedRoot:     r.str("assumedRoot"),
	}
	r.in("attributes", func(ar *reader) {
		if mfa := ar.boolPtr("mfaAuthenticated"); mfa != nil {
			ctx.Attributes.MFAAuthenticated = *mfa
		}
		// creationDate decides nothing: an unreadable one is a warning.
		if s := ar.str("creationDate"); s != "" {
			if t, err := time.Parse(time.RFC3339, s); err == nil {
				ctx.Attributes.CreationDate = t
			} else {
				warn(fmt.Sprintf("%s: %s is not an RFC 3339 time", ar.o.field("creationDate"), quoteShort(s)))
			}
		}
	})
	r.in("sessionIssuer", func(sr *reader) {
		ctx.SessionIssuer = &SessionIssuer{
			Type:        sr.str("type"),
			PrincipalID: sr.str("principalId"),
			ARN:         sr.str("arn"),
			AccountID:   sr.str("accountId"),
			UserName:    sr.str("userName"),
		}
	})
	r.in("webIdFederationData", func(wr *reader) {
		ctx.WebIDFederationData = &WebIDFederationData{
			FederatedProvider: wr.str("federatedProvider"),
			Attributes:        wr.o.raw("attributes"),
		}
	})
	return ctx, r.err
}
