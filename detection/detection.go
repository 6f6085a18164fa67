package detection

import (
	"errors"
	"fmt"
	"regexp"
	"slices"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/pattern"
)

// Severity ranks a detection's alerts.
type Severity string

// The severities, from least to most urgent.
const (
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Severities are the allowed severities, least urgent first.
func Severities() []Severity {
	return []Severity{SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}
}

// Valid reports whether s is one of Severities.
func (s Severity) Valid() bool { return slices.Contains(Severities(), s) }

// Source says where a detection is defined.
type Source string

// The sources of detections.
const (
	// SourceCIS is the CIS AWS Foundations Benchmark monitoring set (CIS).
	SourceCIS Source = "cis"
	// SourceBuiltin is trailbridge's own alerts (Builtin).
	SourceBuiltin Source = "builtin"
	// SourceCustom is a platform team's own, from the configuration.
	SourceCustom Source = "custom"
)

// MaxIDLength is the longest detection ID: the rule name the app gives a
// detection's rule is a short prefix plus the ID, within EventBridge's
// 64-character limit for rule names.
const MaxIDLength = 40

// Match is what a detection selects; every non-empty field narrows it
// (fields AND-ed, values within a field OR-ed). See pattern.Spec, which it
// becomes.
type Match struct {
	// Services are catalog service names ("s3", "iam"; catalog.Names).
	// Default: events of every service.
	Services []string `json:"services,omitempty"`
	// EventNames are exact CloudTrail event names.
	// Default: every event name (unless EventNamePrefixes is set).
	EventNames []string `json:"eventNames,omitempty"`
	// EventNamePrefixes match event names by prefix.
	// Default: no prefix match.
	EventNamePrefixes []string `json:"eventNamePrefixes,omitempty"`
	// DetailTypes are catalog.DetailType* values.
	// Default: API calls only.
	DetailTypes []string `json:"detailTypes,omitempty"`
	// UserIdentityTypes keep only calls by these identity types (Root,
	// IAMUser, AssumedRole, ...).
	// Default: every identity type.
	UserIdentityTypes []string `json:"userIdentityTypes,omitempty"`
	// RequestParameters keep only calls whose detail.requestParameters
	// fields match ('.'-separated path -> EventBridge match values).
	// Default: no request filter.
	RequestParameters map[string][]any `json:"requestParameters,omitempty"`
	// IncludeFailed keeps failed calls (errorCode present): only for
	// detections about failures, since a failed call changes nothing.
	// Default: false.
	IncludeFailed bool `json:"includeFailed,omitempty"`
	// IncludeReadOnly also delivers read-only calls (List*, Get*,
	// Describe*), which EventBridge gives only to rules in the
	// ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS state. Rules whose event
	// names are read-only get that state anyway (pattern.ReadOnlyOnly); set
	// it for detections of any call, such as root activity.
	// Default: false.
	IncludeReadOnly bool `json:"includeReadOnly,omitempty"`
	// Extra merges more event pattern conditions, for fields Match does not
	// model (see pattern.Spec.Extra).
	// Default: nothing extra.
	Extra map[string]any `json:"extra,omitempty"`
}

// Detection is one detection: what it matches and what a person needs to
// know when it fires.
type Detection struct {
	// ID names the detection: letters, digits, '-' and '.', at most
	// MaxIDLength characters, unique in an app. The rule's logical ID and
	// name derive from it, so renaming a detection replaces its rule.
	ID string `json:"id"`
	// Title is a short name for alert subjects and the docs table.
	Title string `json:"title"`
	// Description says what the detection catches and why it matters.
	Description string `json:"description,omitempty"`
	// Severity ranks its alerts.
	Severity Severity `json:"severity"`
	// Control is the compliance control it implements, e.g.
	// "CIS 1.4.0 4.3 / Security Hub CloudWatch.1".
	// Default: "" (none).
	Control string `json:"control,omitempty"`
	// Remediation says what to do when it fires.
	// Default: "" (none).
	Remediation string `json:"remediation,omitempty"`
	// Match is what it selects.
	Match Match `json:"match"`
	// Responder is the ID of a trailbridge responder that acts on the same
	// events, for the docs.
	// Default: "" (people act).
	Responder string `json:"responder,omitempty"`
	// Destinations name where alerts go: "alerts" (the alert topic) or a
	// destination of trailbridge.detections.destinations.
	// Default: ["alerts"].
	Destinations []string `json:"destinations,omitempty"`
	// Source says where it is defined.
	Source Source `json:"source"`
}

// DestinationAlerts is the destination name of the app's alert topic.
const DestinationAlerts = "alerts"

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.-]*$`)

// IDProblem says what is wrong with id as a detection ID, or "" when it is
// valid.
func IDProblem(id string) string {
	switch {
	case id == "":
		return "a detection ID (letters, digits, '-' and '.'), required"
	case len(id) > MaxIDLength:
		return fmt.Sprintf("at most %d characters (the rule name is a prefix plus the ID, within EventBridge's 64)", MaxIDLength)
	case !idPattern.MatchString(id):
		return "letters, digits, '-' and '.', starting with a letter or digit"
	}
	return ""
}

// Spec is the pattern.Spec of d's Match.
func (d Detection) Spec() (pattern.Spec, error) {
	m := d.Match
	services, err := catalog.LookupAll(m.Services...)
	if err != nil {
		return pattern.Spec{}, err
	}
	return pattern.Spec{
		Services:          services,
		EventNames:        m.EventNames,
		EventNamePrefixes: m.EventNamePrefixes,
		DetailTypes:       m.DetailTypes,
		UserIdentityTypes: m.UserIdentityTypes,
		RequestParameters: m.RequestParameters,
		IncludeFailed:     m.IncludeFailed,
		Extra:             m.Extra,
	}, nil
}

// ReadOnly reports whether d's rule must see read-only calls (its state
// ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS).
func (d Detection) ReadOnly() bool {
	if d.Match.IncludeReadOnly {
		return true
	}
	s, err := d.Spec()
	return err == nil && pattern.ReadOnlyOnly(s)
}

// Pattern is d's EventBridge event pattern.
func (d Detection) Pattern() (map[string]any, error) {
	s, err := d.Spec()
	if err != nil {
		return nil, err
	}
	return pattern.Build(s)
}

// Validate reports every problem of d (ID, severity, title, match), each
// naming the field and the allowed values.
func (d Detection) Validate() error {
	var errs []error
	if p := IDProblem(d.ID); p != "" {
		errs = append(errs, fmt.Errorf("detection %q: id: allowed: %s", d.ID, p))
	}
	if !d.Severity.Valid() {
		errs = append(errs, fmt.Errorf("detection %q: severity: got %q; allowed: one of %q", d.ID, d.Severity, Severities()))
	}
	if d.Title == "" {
		errs = append(errs, fmt.Errorf("detection %q: title: empty; allowed: a short name", d.ID))
	}
	if _, err := d.Pattern(); err != nil {
		errs = append(errs, fmt.Errorf("detection %q: match: %w", d.ID, err))
	}
	return errors.Join(errs...)
}

// Builtin are trailbridge's own alerts, each switched on by a field of
// trailbridge.alerts (the Control field names it).
func Builtin() []Detection {
	return []Detection{
		{ID: "root-sign-in", Title: "Console sign-in as the root user", Severity: SeverityCritical,
			Control:     "trailbridge.alerts.rootSignIn",
			Description: "Someone signed in to the console (or tried to) with the account's root user credentials.",
			Remediation: "Confirm with the account owner; if unexpected, reset the root password, rotate its MFA device and review CloudTrail for what the session did.",
			Match: Match{Services: []string{"signin"}, EventNames: []string{"ConsoleLogin"},
				DetailTypes: []string{catalog.DetailTypeConsoleSignIn}, UserIdentityTypes: []string{"Root"}, IncludeFailed: true},
			Source: SourceBuiltin},
		{ID: "sign-in-without-mfa", Title: "Console sign-in without MFA", Severity: SeverityHigh,
			Control:     "trailbridge.alerts.signInWithoutMFA",
			Description: "A successful console sign-in whose additionalEventData says no MFA was used.",
			Remediation: "Require MFA for the user (an IAM policy denying actions without aws:MultiFactorAuthPresent, or the mfaGroup responder) and confirm the sign-in was theirs.",
			Match: Match{Services: []string{"signin"}, EventNames: []string{"ConsoleLogin"},
				DetailTypes: []string{catalog.DetailTypeConsoleSignIn}, Extra: map[string]any{"detail": map[string]any{
					"additionalEventData": map[string]any{"MFAUsed": []any{"No"}},
					"responseElements":    map[string]any{"ConsoleLogin": []any{"Success"}},
				}}},
			Source: SourceBuiltin},
		{ID: "root-access-key", Title: "Root user created an access key", Severity: SeverityCritical,
			Control:     "trailbridge.alerts.rootAccessKey",
			Description: "The root user created an access key: long-lived credentials with every permission in the account.",
			Remediation: "Delete the key (IAM console, Security credentials of the root user) unless a documented exception needs it.",
			Match:       Match{Services: []string{"iam"}, EventNames: []string{"CreateAccessKey"}, UserIdentityTypes: []string{"Root"}},
			Source:      SourceBuiltin},
		{ID: "delete-db-instance", Title: "RDS database instance deleted", Severity: SeverityHigh,
			Control:     "trailbridge.alerts.deleteDBInstance",
			Description: "An RDS DB instance was deleted.",
			Remediation: "Confirm the deletion was planned; restore from the final snapshot or automated backups if not.",
			Match:       Match{Services: []string{"rds"}, EventNames: []string{"DeleteDBInstance"}},
			Source:      SourceBuiltin},
	}
}
