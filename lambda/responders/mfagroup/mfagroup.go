package mfagroup

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responders/mfagroup/settings"
)

// maxPages bounds the pages read from a paginated IAM list.
const maxPages = 100

// errTooManyPages fails an event whose list has more than maxPages pages:
// deciding on part of the list could add an exempt user to the group.
var errTooManyPages = fmt.Errorf("more than %d pages", maxPages)

// IAMAPI is the part of *iam.Client the responder uses.
type IAMAPI interface {
	ListUserTags(ctx context.Context, in *iam.ListUserTagsInput, optFns ...func(*iam.Options)) (*iam.ListUserTagsOutput, error)
	ListMFADevices(ctx context.Context, in *iam.ListMFADevicesInput, optFns ...func(*iam.Options)) (*iam.ListMFADevicesOutput, error)
	ListGroupsForUser(ctx context.Context, in *iam.ListGroupsForUserInput, optFns ...func(*iam.Options)) (*iam.ListGroupsForUserOutput, error)
	AddUserToGroup(ctx context.Context, in *iam.AddUserToGroupInput, optFns ...func(*iam.Options)) (*iam.AddUserToGroupOutput, error)
}

// Kind describes the responder to responderkit's shared constructors and
// to its Lambda main (lambdamain.Start).
var Kind = responderkit.Kind[settings.Config, IAMAPI]{
	Facts:   settings.Facts,
	Clients: func(c aws.Config) IAMAPI { return iam.NewFromConfig(c) },
	Common:  func(c *settings.Config) *responderkit.Config { return &c.Responder },
	Act:     responderkit.Decoding(cloudtrail.DecodeIAMCreateUser, respond),
}

// responder is what the logic works with: the Config and the IAM clients
// of each event's account.
type responder = responderkit.Acting[settings.Config, IAMAPI]

// respond decides about one CreateUser call (see the package
// documentation).
func respond(ctx context.Context, r responder, ev *responderkit.Event, u *cloudtrail.IAMCreateUser) (responderkit.Decision, error) {
	user := u.UserName
	resource := u.ARN
	if resource == "" {
		path := u.Path
		if path == "" {
			path = "/"
		}
		resource = "arn:" + responderkit.Partition(ev.Region()) + ":iam::" + ev.Account() + ":user" + path + user
	}
	details := map[string]any{"group": r.Config.Group}
	gone := func() (responderkit.Decision, error) {
		return ev.Decide(responderkit.ActionGone, resource, "user no longer exists", details), nil
	}

	client, err := r.Clients(ctx, ev)
	if err != nil {
		return responderkit.Decision{}, err
	}

	exempted, err := exempt(ctx, r.Config, client, user)
	if responderkit.ErrorCode(err) == "NoSuchEntity" {
		return gone()
	} else if err != nil {
		return responderkit.Decision{}, err
	}
	if exempted {
		return ev.Decide(responderkit.ActionSkipped, resource, "exempt tag "+r.Config.Responder.ExemptTag.String(), details), nil
	}

	mfa, err := client.ListMFADevices(ctx, &iam.ListMFADevicesInput{UserName: &user})
	switch {
	case responderkit.ErrorCode(err) == "NoSuchEntity":
		return gone()
	case err != nil:
		return responderkit.Decision{}, fmt.Errorf("list MFA devices of user %s: %w", user, err)
	case len(mfa.MFADevices) > 0:
		details["mfaDevice"] = aws.ToString(mfa.MFADevices[0].SerialNumber)
		return ev.Decide(responderkit.ActionCompliant, resource, "user has an MFA device", details), nil
	}

	in, err := inGroup(ctx, r.Config, client, user)
	switch {
	case responderkit.ErrorCode(err) == "NoSuchEntity":
		return gone()
	case err != nil:
		return responderkit.Decision{}, err
	case in:
		return ev.Decide(responderkit.ActionCompliant, resource, "user is already in group "+r.Config.Group, details), nil
	}

	reason := "user has no MFA device and is not in group " + r.Config.Group
	if !ev.Mode.Acts() {
		return ev.Decide(ev.Mode.Outcome(), resource, reason, details), nil
	}
	_, err = client.AddUserToGroup(ctx, &iam.AddUserToGroupInput{UserName: &user, GroupName: &r.Config.Group})
	if responderkit.ErrorCode(err) == "NoSuchEntity" {
		// The user or the group is missing: tell them apart.
		if _, terr := client.ListUserTags(ctx, &iam.ListUserTagsInput{UserName: &user}); responderkit.ErrorCode(terr) == "NoSuchEntity" {
			return gone()
		}
		return responderkit.Decision{}, fmt.Errorf("add user %s to group %s (does the group exist? %s=%s): %w", user, r.Config.Group, settings.EnvGroup, r.Config.Group, err)
	}
	if err != nil {
		return responderkit.Decision{}, fmt.Errorf("add user %s to group %s: %w", user, r.Config.Group, err)
	}
	return ev.Decide(responderkit.ActionRemediated, resource, "added user without MFA device to group "+r.Config.Group, details), nil
}

// exempt reports whether the user carries the exempt tag.
func exempt(ctx context.Context, cfg settings.Config, client IAMAPI, user string) (bool, error) {
	return anyInPages(user, func(marker *string) ([]types.Tag, *string, error) {
		out, err := client.ListUserTags(ctx, &iam.ListUserTagsInput{UserName: &user, Marker: marker})
		if err != nil {
			return nil, nil, fmt.Errorf("list tags of user %s: %w", user, err)
		}
		return out.Tags, next(out.IsTruncated, out.Marker), nil
	}, func(t types.Tag) bool {
		return cfg.Responder.ExemptTag.Matches(aws.ToString(t.Key), aws.ToString(t.Value))
	})
}

// inGroup reports whether the user is in the configured group.
func inGroup(ctx context.Context, cfg settings.Config, client IAMAPI, user string) (bool, error) {
	return anyInPages(user, func(marker *string) ([]types.Group, *string, error) {
		out, err := client.ListGroupsForUser(ctx, &iam.ListGroupsForUserInput{UserName: &user, Marker: marker})
		if err != nil {
			return nil, nil, fmt.Errorf("list groups of user %s: %w", user, err)
		}
		return out.Groups, next(out.IsTruncated, out.Marker), nil
	}, func(g types.Group) bool {
		return strings.EqualFold(aws.ToString(g.GroupName), cfg.Group)
	})
}

// anyInPages reports whether match holds for an item of an IAM list of
// user that page reads one page at a time (its items, and the marker of
// the next page, nil after the last). It stops at the first match, and
// fails beyond maxPages pages (errTooManyPages) rather than decide on part
// of the list.
func anyInPages[T any](user string, page func(marker *string) ([]T, *string, error), match func(T) bool) (bool, error) {
	var marker *string
	for range maxPages {
		items, nextMarker, err := page(marker)
		if err != nil {
			return false, err
		}
		if slices.ContainsFunc(items, match) {
			return true, nil
		}
		if nextMarker == nil {
			return false, nil
		}
		marker = nextMarker
	}
	return false, fmt.Errorf("%w of user %s", errTooManyPages, user)
}

// next is the marker of the page after an IAM answer: nil unless it is
// truncated.
func next(truncated bool, marker *string) *string {
	if !truncated {
		return nil
	}
	return marker
}
