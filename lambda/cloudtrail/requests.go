package cloudtrail

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// Event sources of the services the typed decoders read.
const (
	// SourceS3 is the eventSource of Amazon S3.
	SourceS3 = "s3.amazonaws.com"
	// SourceIAM is the eventSource of IAM.
	SourceIAM = "iam.amazonaws.com"
	// SourceEC2 is the eventSource of Amazon EC2.
	SourceEC2 = "ec2.amazonaws.com"
	// SourceCloudTrail is the eventSource of CloudTrail.
	SourceCloudTrail = "cloudtrail.amazonaws.com"
	// SourceRDS is the eventSource of Amazon RDS.
	SourceRDS = "rds.amazonaws.com"
	// SourceLambda is the eventSource of AWS Lambda.
	SourceLambda = "lambda.amazonaws.com"
	// SourceSignIn is the eventSource of console sign-in events.
	SourceSignIn = "signin.amazonaws.com"
)

// DecodeRequest unmarshals r.RequestParameters into v, a non-nil pointer,
// with encoding/json (use [FlexInt], [FlexBool] and [FlexJSON] fields where
// CloudTrail varies). It returns a *ParseError with ReasonMissing or
// ReasonNull when requestParameters is absent or null (as it is for many
// failed calls), ReasonType when it is not an object, and for fields of v the
// JSON cannot fill, with Field "requestParameters.<field>".
func DecodeRequest(r *Record, v any) error {
	return decodeSection(r, "requestParameters", v)
}

// DecodeResponse is [DecodeRequest] for r.ResponseElements, which is null for
// read-only and failed calls.
func DecodeResponse(r *Record, v any) error {
	return decodeSection(r, "responseElements", v)
}

func decodeSection(r *Record, name string, v any) error {
	if _, err := section(r, name); err != nil {
		return err
	}
	raw := r.RequestParameters
	if name == "responseElements" {
		raw = r.ResponseElements
	}
	return wrapJSONError(name, json.Unmarshal(raw, v))
}

// section reads requestParameters or responseElements of r as an object.
func section(r *Record, name string) (object, error) {
	if r == nil {
		return object{}, &ParseError{Reason: ReasonMissing, Detail: "nil record"}
	}
	raw := r.RequestParameters
	if name == "responseElements" {
		raw = r.ResponseElements
	}
	raw = bytes.TrimSpace(raw)
	failed := ""
	if r.ErrorCode != "" {
		failed = "the call failed with " + r.ErrorCode
	}
	switch kindOf(raw) {
	case "invalid":
		if len(raw) == 0 {
			return object{}, &ParseError{Field: name, Reason: ReasonMissing, Detail: failed}
		}
	case "null":
		return object{}, &ParseError{Field: name, Reason: ReasonNull, Detail: failed}
	}
	return decodeObject(raw, name)
}

// decodeEvent is the first step of every Decode function of one call: it
// checks that r is one of the events names of source (expectEvent; any
// event of source when names is empty), then reads r's section name
// ("requestParameters" or "responseElements", see section) into a T with
// fill. The first error wins; on success it also returns the section, for
// the reads that follow.
func decodeEvent[T any](r *Record, source string, names []string, name string, fill func(*reader) *T) (*T, object, error) {
	if err := expectEvent(r, source, names...); err != nil {
		return nil, object{}, err
	}
	o, err := section(r, name)
	if err != nil {
		return nil, object{}, err
	}
	rd := &reader{o: o}
	out := fill(rd)
	if rd.err != nil {
		return nil, object{}, rd.err
	}
	return out, o, nil
}

// expectEvent checks that r comes from source and, when names are given,
// that its event name (with or without version suffix) is one of them.
func expectEvent(r *Record, source string, names ...string) error {
	if r == nil {
		return &ParseError{Reason: ReasonMissing, Detail: "nil record"}
	}
	if r.EventSource != source {
		return &ParseError{Field: "eventSource", Reason: ReasonUnexpected,
			Detail: fmt.Sprintf("got %s, want %q", quoteShort(r.EventSource), source)}
	}
	if len(names) > 0 && !slices.Contains(names, r.EventName) && !slices.Contains(names, r.BaseEventName()) {
		return &ParseError{Field: "eventName", Reason: ReasonUnexpected,
			Detail: fmt.Sprintf("got %s, want one of %s", quoteShort(r.EventName), strings.Join(names, ", "))}
	}
	return nil
}

// present checks that member key is there and neither null nor "".
func (o object) present(key string) error {
	raw, ok := o.m[key]
	switch {
	case !ok:
		return &ParseError{Field: o.field(key), Reason: ReasonMissing}
	case kindOf(raw) == "null":
		return &ParseError{Field: o.field(key), Reason: ReasonNull}
	case string(bytes.TrimSpace(raw)) == `""`:
		return &ParseError{Field: o.field(key), Reason: ReasonEmpty}
	}
	return nil
}

// member unmarshals member key into v; absence and null leave v alone.
func (o object) member(key string, v any) error {
	raw, ok := o.m[key]
	if !ok || kindOf(raw) == "null" {
		return nil
	}
	return wrapJSONError(o.field(key), json.Unmarshal(raw, v))
}

// firstKey returns the first of keys that o has, or keys[0].
func (o object) firstKey(keys ...string) string {
	for _, k := range keys {
		if o.has(k) {
			return k
		}
	}
	return keys[0]
}

// ---- S3 ----

// S3BucketRequest is the requestParameters of an S3 bucket-level call:
// CreateBucket, PutBucketPolicy, PutBucketAcl, PutBucketPublicAccessBlock,
// DeleteBucketPublicAccessBlock, DeleteBucketPolicy and the like. Fields the
// call does not carry are zero.
type S3BucketRequest struct {
	// BucketName is the bucket; always set.
	BucketName string
	// Host is the endpoint host, written as "Host" or "host", as a string
	// or a one-element list.
	Host string
	// BucketPolicy is the policy document of PutBucketPolicy, whether
	// CloudTrail wrote it as an object or as a string of JSON.
	BucketPolicy FlexJSON
	// PublicAccessBlock is the PublicAccessBlockConfiguration of
	// PutBucketPublicAccessBlock; nil when absent.
	PublicAccessBlock *PublicAccessBlockConfiguration
	// CannedACL is the x-amz-acl header (such as "public-read") of
	// PutBucketAcl or CreateBucket; empty when absent.
	CannedACL string
	// AccessControlPolicy is the ACL document of PutBucketAcl, verbatim;
	// see Grants.
	AccessControlPolicy FlexJSON
	// LocationConstraint is the region of CreateBucket, when given.
	LocationConstraint string
}

// PublicAccessBlockConfiguration is the S3 Block Public Access setting of
// PutBucketPublicAccessBlock. CloudTrail writes the booleans as true or
// "true"; an absent one is false, as in S3.
type PublicAccessBlockConfiguration struct {
	// BlockPublicACLs is BlockPublicAcls: reject requests that add public
	// ACLs.
	BlockPublicACLs bool
	// IgnorePublicACLs is IgnorePublicAcls: ignore existing public ACLs.
	IgnorePublicACLs bool
	// BlockPublicPolicy is BlockPublicPolicy: reject public bucket
	// policies.
	BlockPublicPolicy bool
	// RestrictPublicBuckets is RestrictPublicBuckets: limit access to
	// buckets with public policies to AWS services and the owner account.
	RestrictPublicBuckets bool
}

// AllEnabled reports whether all four settings are on.
func (c PublicAccessBlockConfiguration) AllEnabled() bool {
	return c.BlockPublicACLs && c.IgnorePublicACLs && c.BlockPublicPolicy && c.RestrictPublicBuckets
}

// S3Grant is one grant of an S3 access control list.
type S3Grant struct {
	// GranteeType is "CanonicalUser", "Group" or "AmazonCustomerByEmail".
	GranteeType string
	// ID is the canonical user ID, for CanonicalUser.
	ID string
	// URI is the group URI, for Group.
	URI string
	// EmailAddress is the grantee's e-mail address, when given.
	EmailAddress string
	// DisplayName is the grantee's display name, when given.
	DisplayName string
	// Permission is FULL_CONTROL, READ, WRITE, READ_ACP or WRITE_ACP.
	Permission string
}

// Public reports whether the grant is to the AllUsers or
// AuthenticatedUsers group.
func (g S3Grant) Public() bool {
	return strings.HasSuffix(g.URI, "/groups/global/AllUsers") ||
		strings.HasSuffix(g.URI, "/groups/global/AuthenticatedUsers")
}

// PublicCannedACL reports whether CannedACL grants access to everyone
// (public-read, public-read-write) or to every AWS user (authenticated-read).
func (q *S3BucketRequest) PublicCannedACL() bool {
	switch strings.ToLower(q.CannedACL) {
	case "public-read", "public-read-write", "authenticated-read":
		return true
	}
	return false
}

// Grants returns the grants of AccessControlPolicy (one grant or a list);
// none when there is no policy document.
func (q *S3BucketRequest) Grants() ([]S3Grant, error) {
	if q.AccessControlPolicy.IsZero() {
		return nil, nil
	}
	var acp struct {
		AccessControlList struct {
			Grant list[struct {
				Grantee struct {
					Type         flexString `json:"xsi:type"`
					ID           flexString `json:"ID"`
					URI          flexString `json:"URI"`
					EmailAddress flexString `json:"EmailAddress"`
					DisplayName  flexString `json:"DisplayName"`
				} `json:"Grantee"`
				Permission flexString `json:"Permission"`
			}] `json:"Grant"`
		} `json:"AccessControlList"`
	}
	if err := json.Unmarshal(q.AccessControlPolicy, &acp); err != nil {
		return nil, wrapJSONError("requestParameters.AccessControlPolicy", err)
	}
	var grants []S3Grant
	for _, g := range acp.AccessControlList.Grant {
		grants = append(grants, S3Grant{
			GranteeType:  string(g.Grantee.Type),
			ID:           string(g.Grantee.ID),
			URI:          string(g.Grantee.URI),
			EmailAddress: string(g.Grantee.EmailAddress),
			DisplayName:  string(g.Grantee.DisplayName),
			Permission:   string(g.Permission),
		})
	}
	return grants, nil
}

// DecodeS3BucketRequest reads the requestParameters of an S3 call. It
// requires bucketName, and also bucketPolicy for PutBucketPolicy and
// PublicAccessBlockConfiguration for PutBucketPublicAccessBlock.
func DecodeS3BucketRequest(r *Record) (*S3BucketRequest, error) {
	q, o, err := decodeEvent(r, SourceS3, nil, "requestParameters", func(rd *reader) *S3BucketRequest {
		return &S3BucketRequest{BucketName: rd.required("bucketName")}
	})
	if err != nil {
		return nil, err
	}
	var host, acl stringOrList
	var pab FlexJSON
	var cbc struct {
		LocationConstraint flexString `json:"LocationConstraint"`
	}
	err = firstErr(
		o.member(o.firstKey("Host", "host"), &host),
		o.member("bucketPolicy", &q.BucketPolicy),
		o.member(o.firstKey("x-amz-acl", "X-Amz-Acl"), &acl),
		o.member("AccessControlPolicy", &q.AccessControlPolicy),
		o.member("PublicAccessBlockConfiguration", &pab),
		o.member("CreateBucketConfiguration", &cbc),
	)
	if err != nil {
		return nil, err
	}
	q.Host, q.CannedACL, q.LocationConstraint = string(host), string(acl), string(cbc.LocationConstraint)
	if !pab.IsZero() {
		var c struct {
			BlockPublicAcls       FlexBool
			IgnorePublicAcls      FlexBool
			BlockPublicPolicy     FlexBool
			RestrictPublicBuckets FlexBool
		}
		if err := json.Unmarshal(pab, &c); err != nil {
			return nil, wrapJSONError(o.field("PublicAccessBlockConfiguration"), err)
		}
		q.PublicAccessBlock = &PublicAccessBlockConfiguration{
			BlockPublicACLs:       bool(c.BlockPublicAcls),
			IgnorePublicACLs:      bool(c.IgnorePublicAcls),
			BlockPublicPolicy:     bool(c.BlockPublicPolicy),
			RestrictPublicBuckets: bool(c.RestrictPublicBuckets),
		}
	}
	switch r.EventName {
	case "PutBucketPolicy":
		if q.BucketPolicy.IsZero() {
			return nil, firstErr(o.present("bucketPolicy"),
				&ParseError{Field: o.field("bucketPolicy"), Reason: ReasonEmpty})
		}
	case "PutBucketPublicAccessBlock":
		if q.PublicAccessBlock == nil {
			return nil, firstErr(o.present("PublicAccessBlockConfiguration"),
				&ParseError{Field: o.field("PublicAccessBlockConfiguration"), Reason: ReasonEmpty})
		}
	}
	return q, nil
}

// ---- IAM ----

// IAMCreateUser is what iam:CreateUser records say about the new user.
type IAMCreateUser struct {
	// UserName is requestParameters.userName; always set.
	UserName string
	// Path is requestParameters.path, when given.
	Path string
	// ARN is responseElements.user.arn; empty when the response is absent
	// (a failed call).
	ARN string
	// UserID is responseElements.user.userId, when present.
	UserID string
}

// DecodeIAMCreateUser reads an iam CreateUser record. It requires
// requestParameters.userName; the response is optional.
func DecodeIAMCreateUser(r *Record) (*IAMCreateUser, error) {
	u, _, err := decodeEvent(r, SourceIAM, []string{"CreateUser"}, "requestParameters", func(rd *reader) *IAMCreateUser {
		return &IAMCreateUser{UserName: rd.required("userName"), Path: rd.str("path")}
	})
	if err != nil {
		return nil, err
	}
	if resp, err := section(r, "responseElements"); err == nil {
		rr := &reader{o: resp}
		rr.in("user", func(ur *reader) {
			u.ARN, u.UserID = ur.str("arn"), ur.str("userId")
		})
		if rr.err != nil {
			return nil, rr.err
		}
	} else if !absent(err) {
		return nil, err
	}
	return u, nil
}

// ---- EC2 instances ----

// EC2RunInstances is what an ec2 RunInstances record says about the
// instances it launched.
type EC2RunInstances struct {
	// InstanceIDs lists responseElements.instancesSet.items[].instanceId;
	// never empty.
	InstanceIDs []string
	// ReservationID is responseElements.reservationId.
	ReservationID string
	// OwnerID is responseElements.ownerId.
	OwnerID string
}

// EC2StartInstances is what an ec2 StartInstances record says about the
// instances it started.
type EC2StartInstances struct {
	// InstanceIDs lists requestParameters.instancesSet.items[].instanceId;
	// never empty.
	InstanceIDs []string
}

// DecodeEC2RunInstances reads an ec2 RunInstances record. It requires
// responseElements (absent or null for failed calls) with at least one
// instance ID.
func DecodeEC2RunInstances(r *Record) (*EC2RunInstances, error) {
	out, _, err := decodeEvent(r, SourceEC2, []string{"RunInstances"}, "responseElements", func(rd *reader) *EC2RunInstances {
		ids, err := instanceIDs(rd.o)
		rd.keep(err)
		return &EC2RunInstances{InstanceIDs: ids, ReservationID: rd.str("reservationId"), OwnerID: rd.str("ownerId")}
	})
	return out, err
}

// DecodeEC2StartInstances reads an ec2 StartInstances record. It requires
// requestParameters with at least one instance ID.
func DecodeEC2StartInstances(r *Record) (*EC2StartInstances, error) {
	out, _, err := decodeEvent(r, SourceEC2, []string{"StartInstances"}, "requestParameters", func(rd *reader) *EC2StartInstances {
		ids, err := instanceIDs(rd.o)
		rd.keep(err)
		return &EC2StartInstances{InstanceIDs: ids}
	})
	return out, err
}

// instanceIDs reads instancesSet.items[].instanceId of o.
func instanceIDs(o object) ([]string, error) {
	if err := o.present("instancesSet"); err != nil {
		return nil, err
	}
	var set items[struct {
		InstanceID *flexString `json:"instanceId"`
	}]
	if err := o.member("instancesSet", &set); err != nil {
		return nil, err
	}
	if len(set) == 0 {
		return nil, &ParseError{Field: o.field("instancesSet.items"), Reason: ReasonEmpty, Detail: "no instances"}
	}
	ids := make([]string, 0, len(set))
	for i, it := range set {
		field := o.field(fmt.Sprintf("instancesSet.items[%d].instanceId", i))
		if it.InstanceID == nil {
			return nil, &ParseError{Field: field, Reason: ReasonMissing}
		}
		if *it.InstanceID == "" {
			return nil, &ParseError{Field: field, Reason: ReasonEmpty}
		}
		ids = append(ids, string(*it.InstanceID))
	}
	return ids, nil
}

// ---- EC2 security groups ----

// SecurityGroupIngress is what an ec2 AuthorizeSecurityGroupIngress record
// says about the rules it added.
type SecurityGroupIngress struct {
	// GroupID is requestParameters.groupId; GroupName is set instead for
	// calls that name the group (default VPC, EC2-Classic). At least one
	// is set.
	GroupID string
	// GroupName is requestParameters.groupName, when given.
	GroupName string
	// Permissions lists requestParameters.ipPermissions.items (or the one
	// permission of the legacy top-level ipProtocol/fromPort/toPort/cidrIp
	// form); never empty.
	Permissions []IPPermission
	// Rules lists responseElements.securityGroupRuleSet.items, the rules
	// created, when the response carries them (recent records only).
	Rules []SecurityGroupRule
}

// IPPermission is one ipPermissions item.
type IPPermission struct {
	// Protocol is "tcp", "udp", "icmp", "icmpv6", a protocol number, or
	// "-1" for all.
	Protocol string
	// FromPort and ToPort bound the port range (ICMP type and code for
	// ICMP); nil when absent. CloudTrail may write them as 22.0 or "22".
	FromPort *int
	// ToPort: see FromPort.
	ToPort *int
	// IPv4Ranges lists ipRanges.items (cidrIp).
	IPv4Ranges []IPRange
	// IPv6Ranges lists ipv6Ranges.items (cidrIpv6).
	IPv6Ranges []IPRange
	// PrefixListIDs lists prefixListIds.items (prefixListId).
	PrefixListIDs []string
	// Groups lists groups.items: security groups allowed in.
	Groups []GroupPair
}

// IPRange is a CIDR block of a permission.
type IPRange struct {
	// CIDR is the block, such as "0.0.0.0/0" or "::/0".
	CIDR string
	// Description is the rule description, when given.
	Description string
}

// GroupPair is a security group referenced by a permission.
type GroupPair struct {
	// GroupID is groupId.
	GroupID string
	// GroupName is groupName, when given.
	GroupName string
	// UserID is userId: the account that owns the group.
	UserID string
}

// SecurityGroupRule is one item of responseElements.securityGroupRuleSet.
type SecurityGroupRule struct {
	// RuleID is securityGroupRuleId, such as "sgr-0123456789abcdef0".
	RuleID string
	// GroupID is the group the rule belongs to.
	GroupID string
	// GroupOwnerID is the account that owns the group.
	GroupOwnerID string
	// IsEgress is false for ingress rules.
	IsEgress bool
	// Protocol, FromPort and ToPort are as in IPPermission.
	Protocol string
	// FromPort: see Protocol.
	FromPort *int
	// ToPort: see Protocol.
	ToPort *int
	// CIDRIPv4 is the IPv4 source, when the rule has one.
	CIDRIPv4 string
	// CIDRIPv6 is the IPv6 source, when the rule has one.
	CIDRIPv6 string
	// PrefixListID is the prefix-list source, when the rule has one.
	PrefixListID string
	// ReferencedGroupID is the security-group source, when the rule has one.
	ReferencedGroupID string
	// Description is the rule description.
	Description string
}

// AllProtocols reports whether the permission covers every protocol
// (Protocol "-1").
func (p IPPermission) AllProtocols() bool {
	return p.Protocol == "-1" || strings.EqualFold(p.Protocol, "all")
}

// AllowsPort reports whether the permission lets in traffic of protocol
// ("tcp" or "udp", or their numbers) to port. A permission for all
// protocols, or without a port range, or with FromPort -1, covers every port.
func (p IPPermission) AllowsPort(protocol string, port int) bool {
	return allowsPort(p.Protocol, p.FromPort, p.ToPort, protocol, port)
}

// WorldOpenCIDRs returns the ranges of the permission that cover every
// address (prefix length 0, such as 0.0.0.0/0 and ::/0).
func (p IPPermission) WorldOpenCIDRs() []string {
	var out []string
	for _, r := range slices.Concat(p.IPv4Ranges, p.IPv6Ranges) {
		if worldOpen(r.CIDR) {
			out = append(out, r.CIDR)
		}
	}
	return out
}

// AllowsPort is [IPPermission.AllowsPort] for a created rule.
func (r SecurityGroupRule) AllowsPort(protocol string, port int) bool {
	return allowsPort(r.Protocol, r.FromPort, r.ToPort, protocol, port)
}

// WorldOpen reports whether the rule's source covers every address.
func (r SecurityGroupRule) WorldOpen() bool {
	return worldOpen(r.CIDRIPv4) || worldOpen(r.CIDRIPv6)
}

func worldOpen(cidr string) bool {
	p, err := netip.ParsePrefix(strings.TrimSpace(cidr))
	return err == nil && p.Bits() == 0
}

var protocolNumbers = map[string]string{"tcp": "6", "udp": "17", "icmp": "1", "icmpv6": "58"}

func sameProtocol(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	if n, ok := protocolNumbers[a]; ok {
		a = n
	}
	if n, ok := protocolNumbers[b]; ok {
		b = n
	}
	return a == b
}

func allowsPort(ruleProto string, from, to *int, protocol string, port int) bool {
	if ruleProto == "-1" || strings.EqualFold(ruleProto, "all") {
		return true
	}
	if !sameProtocol(ruleProto, protocol) {
		return false
	}
	if from == nil || to == nil || *from == -1 {
		return true
	}
	return *from <= port && port <= *to
}

type ipPermissionJSON struct {
	IPProtocol flexString `json:"ipProtocol"`
	FromPort   *FlexInt   `json:"fromPort"`
	ToPort     *FlexInt   `json:"toPort"`
	IPRanges   items[struct {
		CIDRIP      flexString `json:"cidrIp"`
		Description flexString `json:"description"`
	}] `json:"ipRanges"`
	IPv6Ranges items[struct {
		CIDRIPv6    flexString `json:"cidrIpv6"`
		Description flexString `json:"description"`
	}] `json:"ipv6Ranges"`
	PrefixListIDs items[struct {
		PrefixListID flexString `json:"prefixListId"`
	}] `json:"prefixListIds"`
	Groups items[struct {
		GroupID   flexString `json:"groupId"`
		GroupName flexString `json:"groupName"`
		UserID    flexString `json:"userId"`
	}] `json:"groups"`
}

// port converts a decoded port, checking it lies in -1..65535.
func port(v *FlexInt, field string) (*int, error) {
	if v == nil {
		return nil, nil
	}
	if *v < -1 || *v > 65535 {
		return nil, &ParseError{Field: field, Reason: ReasonFormat,
			Detail: fmt.Sprintf("%d is outside -1..65535", int64(*v))}
	}
	n := int(*v)
	return &n, nil
}

func (j ipPermissionJSON) convert(field string) (IPPermission, error) {
	p := IPPermission{Protocol: string(j.IPProtocol)}
	var err1, err2 error
	p.FromPort, err1 = port(j.FromPort, joinPath(field, "fromPort"))
	p.ToPort, err2 = port(j.ToPort, joinPath(field, "toPort"))
	if err := firstErr(err1, err2); err != nil {
		return IPPermission{}, err
	}
	for _, r := range j.IPRanges {
		p.IPv4Ranges = append(p.IPv4Ranges, IPRange{CIDR: string(r.CIDRIP), Description: string(r.Description)})
	}
	for _, r := range j.IPv6Ranges {
		p.IPv6Ranges = append(p.IPv6Ranges, IPRange{CIDR: string(r.CIDRIPv6), Description: string(r.Description)})
	}
	for _, r := range j.PrefixListIDs {
		p.PrefixListIDs = append(p.PrefixListIDs, string(r.PrefixListID))
	}
	for _, g := range j.Groups {
		p.Groups = append(p.Groups, GroupPair{GroupID: string(g.GroupID), GroupName: string(g.GroupName), UserID: string(g.UserID)})
	}
	return p, nil
}

// DecodeAuthorizeSecurityGroupIngress reads an ec2
// AuthorizeSecurityGroupIngress record. It requires groupId or groupName and
// at least one permission; the rules in the response are optional.
func DecodeAuthorizeSecurityGroupIngress(r *Record) (*SecurityGroupIngress, error) {
	out, o, err := decodeEvent(r, SourceEC2, []string{"AuthorizeSecurityGroupIngress"}, "requestParameters", func(rd *reader) *SecurityGroupIngress {
		return &SecurityGroupIngress{GroupID: rd.str("groupId"), GroupName: rd.str("groupName")}
	})
	if err != nil {
		return nil, err
	}
	if out.GroupID == "" && out.GroupName == "" {
		return nil, &ParseError{Field: o.field("groupId"), Reason: ReasonMissing, Detail: "neither groupId nor groupName is set"}
	}
	switch {
	case o.has("ipPermissions"):
		if err := o.present("ipPermissions"); err != nil {
			return nil, err
		}
		var perms items[ipPermissionJSON]
		if err := o.member("ipPermissions", &perms); err != nil {
			return nil, err
		}
		if len(perms) == 0 {
			return nil, &ParseError{Field: o.field("ipPermissions.items"), Reason: ReasonEmpty, Detail: "no permissions"}
		}
		for i, pj := range perms {
			p, err := pj.convert(o.field(fmt.Sprintf("ipPermissions.items[%d]", i)))
			if err != nil {
				return nil, err
			}
			out.Permissions = append(out.Permissions, p)
		}
	case o.has("ipProtocol"):
		// Legacy form: one permission spelled out at the top level.
		var pj ipPermissionJSON
		var legacy struct {
			CIDRIP          flexString `json:"cidrIp"`
			SourceGroupName flexString `json:"sourceSecurityGroupName"`
			SourceGroupUser flexString `json:"sourceSecurityGroupOwnerId"`
		}
		raw, _ := json.Marshal(o.m)
		if err := json.Unmarshal(raw, &pj); err != nil {
			return nil, wrapJSONError(o.path, err)
		}
		if err := json.Unmarshal(raw, &legacy); err != nil {
			return nil, wrapJSONError(o.path, err)
		}
		p, err := pj.convert(o.path)
		if err != nil {
			return nil, err
		}
		if legacy.CIDRIP != "" {
			p.IPv4Ranges = append(p.IPv4Ranges, IPRange{CIDR: string(legacy.CIDRIP)})
		}
		if legacy.SourceGroupName != "" {
			p.Groups = append(p.Groups, GroupPair{GroupName: string(legacy.SourceGroupName), UserID: string(legacy.SourceGroupUser)})
		}
		out.Permissions = []IPPermission{p}
	default:
		return nil, &ParseError{Field: o.field("ipPermissions"), Reason: ReasonMissing}
	}

	resp, err := section(r, "responseElements")
	if err != nil {
		return out, nil // the response is optional
	}
	var rules items[struct {
		RuleID       flexString `json:"securityGroupRuleId"`
		GroupID      flexString `json:"groupId"`
		GroupOwnerID flexString `json:"groupOwnerId"`
		IsEgress     FlexBool   `json:"isEgress"`
		IPProtocol   flexString `json:"ipProtocol"`
		FromPort     *FlexInt   `json:"fromPort"`
		ToPort       *FlexInt   `json:"toPort"`
		CIDRIPv4     flexString `json:"cidrIpv4"`
		CIDRIPv6     flexString `json:"cidrIpv6"`
		PrefixListID flexString `json:"prefixListId"`
		Referenced   struct {
			GroupID flexString `json:"groupId"`
		} `json:"referencedGroupInfo"`
		Description flexString `json:"description"`
	}]
	if err := resp.member("securityGroupRuleSet", &rules); err != nil {
		return nil, err
	}
	for i, rj := range rules {
		field := resp.field(fmt.Sprintf("securityGroupRuleSet.items[%d]", i))
		from, err1 := port(rj.FromPort, joinPath(field, "fromPort"))
		to, err2 := port(rj.ToPort, joinPath(field, "toPort"))
		if err := firstErr(err1, err2); err != nil {
			return nil, err
		}
		out.Rules = append(out.Rules, SecurityGroupRule{
			RuleID: string(rj.RuleID), GroupID: string(rj.GroupID), GroupOwnerID: string(rj.GroupOwnerID),
			IsEgress: bool(rj.IsEgress), Protocol: string(rj.IPProtocol), FromPort: from, ToPort: to,
			CIDRIPv4: string(rj.CIDRIPv4), CIDRIPv6: string(rj.CIDRIPv6), PrefixListID: string(rj.PrefixListID),
			ReferencedGroupID: string(rj.Referenced.GroupID), Description: string(rj.Description),
		})
	}
	return out, nil
}

// ---- CloudTrail ----

// TrailRequest is what a CloudTrail control-plane record (StopLogging,
// StartLogging, CreateTrail, DeleteTrail, UpdateTrail, PutEventSelectors,
// PutInsightSelectors) says about the trail it acted on.
type TrailRequest struct {
	// Name is requestParameters.name (or trailName, for the selector
	// calls) as given: a trail name or a trail ARN. Always set.
	Name string
	// TrailARN is responseElements.trailARN, when present.
	TrailARN string
	// S3BucketName is the log bucket of CreateTrail or UpdateTrail.
	S3BucketName string
	// KMSKeyID is the log encryption key of CreateTrail or UpdateTrail.
	KMSKeyID string
	// IsMultiRegionTrail, when set, is the multi-region setting requested.
	IsMultiRegionTrail *bool
	// IncludeGlobalServiceEvents, when set, is the global-service setting
	// requested.
	IncludeGlobalServiceEvents *bool
	// EnableLogFileValidation, when set, is the log file validation setting
	// requested.
	EnableLogFileValidation *bool
	// IsOrganizationTrail, when set, is the organization setting requested.
	IsOrganizationTrail *bool
	// EventSelectors is PutEventSelectors' eventSelectors, verbatim.
	EventSelectors json.RawMessage
	// AdvancedEventSelectors is PutEventSelectors' advancedEventSelectors,
	// verbatim.
	AdvancedEventSelectors json.RawMessage
}

// TrailName returns the trail's name: Name, or the part after ":trail/"
// when Name is an ARN.
func (t *TrailRequest) TrailName() string { return trailName(t.Name) }

// Matches reports whether the request concerns trail, given as a name or an
// ARN. When both trail and the request carry an ARN (Name, or TrailARN from
// the response), the ARNs must be equal; otherwise the names are compared, so
// a bare name also matches a same-named trail of another region or account:
// confirm before acting.
func (t *TrailRequest) Matches(trail string) bool {
	if trail == "" {
		return false
	}
	var arns []string
	for _, n := range []string{t.Name, t.TrailARN} {
		if isTrailARN(n) {
			arns = append(arns, n)
		}
	}
	if isTrailARN(trail) && len(arns) > 0 {
		return slices.Contains(arns, trail)
	}
	return trailName(t.Name) == trailName(trail)
}

func isTrailARN(s string) bool { return strings.HasPrefix(s, "arn:") && strings.Contains(s, ":trail/") }

func trailName(s string) string {
	if isTrailARN(s) {
		_, name, _ := strings.Cut(s, ":trail/")
		return name
	}
	return s
}

// trailEvents are the CloudTrail calls DecodeTrailRequest reads.
var trailEvents = []string{"StopLogging", "StartLogging", "CreateTrail", "DeleteTrail",
	"UpdateTrail", "PutEventSelectors", "PutInsightSelectors"}

// DecodeTrailRequest reads a CloudTrail StopLogging, StartLogging,
// CreateTrail, DeleteTrail, UpdateTrail, PutEventSelectors or
// PutInsightSelectors record. It requires requestParameters.name (or
// trailName).
func DecodeTrailRequest(r *Record) (*TrailRequest, error) {
	t, _, err := decodeEvent(r, SourceCloudTrail, trailEvents, "requestParameters", func(rd *reader) *TrailRequest {
		return &TrailRequest{
			Name:                       rd.required(rd.o.firstKey("name", "trailName")),
			S3BucketName:               rd.str("s3BucketName"),
			KMSKeyID:                   rd.str("kmsKeyId"),
			IsMultiRegionTrail:         rd.boolPtr("isMultiRegionTrail"),
			IncludeGlobalServiceEvents: rd.boolPtr("includeGlobalServiceEvents"),
			EnableLogFileValidation:    rd.boolPtr("enableLogFileValidation"),
			IsOrganizationTrail:        rd.boolPtr("isOrganizationTrail"),
			EventSelectors:             rd.o.raw("eventSelectors"),
			AdvancedEventSelectors:     rd.o.raw("advancedEventSelectors"),
		}
	})
	if err != nil {
		return nil, err
	}
	if resp, err := section(r, "responseElements"); err == nil {
		rr := &reader{o: resp}
		t.TrailARN = rr.str(resp.firstKey("trailARN", "trailArn"))
		if rr.err != nil {
			return nil, rr.err
		}
	}
	return t, nil
}

// ---- RDS ----

// RDSCreateDBInstance is what an rds CreateDBInstance record says about the
// new instance.
type RDSCreateDBInstance struct {
	// DBInstanceARN is responseElements.dBInstanceArn; always set.
	DBInstanceARN string
	// DBInstanceIdentifier is the instance name (from the response, else
	// the request).
	DBInstanceIdentifier string
	// Engine is the database engine, when given.
	Engine string
}

// DecodeRDSCreateDBInstance reads an rds CreateDBInstance record. It requires
// responseElements.dBInstanceArn.
func DecodeRDSCreateDBInstance(r *Record) (*RDSCreateDBInstance, error) {
	out, _, err := decodeEvent(r, SourceRDS, []string{"CreateDBInstance"}, "responseElements", func(rd *reader) *RDSCreateDBInstance {
		return &RDSCreateDBInstance{
			DBInstanceARN:        rd.required("dBInstanceArn"),
			DBInstanceIdentifier: rd.str("dBInstanceIdentifier"),
			Engine:               rd.str("engine"),
		}
	})
	if err != nil {
		return nil, err
	}
	if out.DBInstanceIdentifier == "" || out.Engine == "" {
		if req, err := section(r, "requestParameters"); err == nil {
			qr := &reader{o: req}
			id, engine := qr.str("dBInstanceIdentifier"), qr.str("engine")
			if qr.err != nil {
				return nil, qr.err
			}
			out.DBInstanceIdentifier = cmp.Or(out.DBInstanceIdentifier, id)
			out.Engine = cmp.Or(out.Engine, engine)
		}
	}
	return out, nil
}

// ---- Lambda ----

// LambdaCreateFunction is what a lambda CreateFunction20150331 record says
// about the new function.
type LambdaCreateFunction struct {
	// FunctionARN is responseElements.functionArn; always set.
	FunctionARN string
	// FunctionName is the function's name.
	FunctionName string
	// Runtime is the runtime, when given (empty for container images).
	Runtime string
	// Role is the execution role ARN.
	Role string
}

// DecodeLambdaCreateFunction reads a lambda CreateFunction record (event name
// CreateFunction20150331, or any other version suffix). It requires
// responseElements.functionArn.
func DecodeLambdaCreateFunction(r *Record) (*LambdaCreateFunction, error) {
	out, _, err := decodeEvent(r, SourceLambda, []string{"CreateFunction"}, "responseElements", func(rd *reader) *LambdaCreateFunction {
		return &LambdaCreateFunction{
			FunctionARN:  rd.required("functionArn"),
			FunctionName: rd.str("functionName"),
			Runtime:      rd.str("runtime"),
			Role:         rd.str("role"),
		}
	})
	return out, err
}

// absent reports whether err says a section is missing or null.
func absent(err error) bool {
	var pe *ParseError
	return errors.As(err, &pe) && (pe.Reason == ReasonMissing || pe.Reason == ReasonNull)
}
