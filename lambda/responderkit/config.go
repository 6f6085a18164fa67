package responderkit

import (
	"errors"
	"fmt"
	"strings"

	"github.com/trailbridge/trailbridge/internal/contract"
)

// Environment variables every responder reads, declared in package
// contract (the stacks set them from the same constants).
const (
	// EnvMode holds the Mode: off, alert, dry-run or remediate. Required.
	EnvMode = contract.EnvMode
	// EnvExemptPrincipals holds comma-separated ARN patterns ("*" any
	// run of characters, "?" one character) of principals whose calls are
	// skipped. Optional.
	EnvExemptPrincipals = contract.EnvExemptPrincipals
	// EnvSelfRoleARN holds the ARN of the responder's own execution role,
	// whose calls are always skipped. Optional but recommended.
	EnvSelfRoleARN = contract.EnvSelfRoleARN
	// EnvExemptTag holds the key=value tag that exempts a resource.
	// Default: DefaultExemptTag.
	EnvExemptTag = contract.EnvExemptTag
	// EnvHomeAccount holds the ID of the account the function runs in.
	// Optional; default: the account of EnvSelfRoleARN.
	EnvHomeAccount = contract.EnvHomeAccount
	// EnvMemberRoleName holds the name of the role the responder assumes
	// in the other accounts of the organization to act on their events.
	// Optional: empty means single-account mode.
	EnvMemberRoleName = contract.EnvMemberRoleName
)

// DefaultExemptTag is the exempt tag when EnvExemptTag is unset.
const DefaultExemptTag = contract.DefaultExemptTag

// Config is what every responder reads from its environment.
type Config struct {
	// Mode is how far the responder goes.
	Mode Mode
	// ExemptPrincipals are ARN patterns; a call whose principal (the
	// role, for an assumed role, or the session ARN) matches one is
	// skipped.
	ExemptPrincipals []string
	// SelfRoleARN is the responder's own role (arn:aws:iam::ACCOUNT:role/
	// PATH/NAME); calls it made are skipped, and so are events of other
	// accounts for responders that act on resources. Empty: unknown.
	SelfRoleARN string
	// ExemptTag is the tag that exempts a resource.
	ExemptTag Tag
	// HomeAccount is the account the function runs in, whose events it
	// acts on with its own credentials: TRAILBRIDGE_HOME_ACCOUNT, else the
	// account of SelfRoleARN. Empty: unknown, every event is taken for
	// one of this account.
	HomeAccount string
	// MemberRoleName is the name of the role assumed in another account
	// to act on that account's events (see package responder/accounts).
	// Empty: single-account mode, events of other accounts are skipped.
	MemberRoleName string
}

// home returns HomeAccount, else the account of SelfRoleARN.
func (c Config) home() string {
	if c.HomeAccount != "" {
		return c.HomeAccount
	}
	a, _ := roleAccountAndName(c.SelfRoleARN)
	return a
}

// EnvError reports a bad environment variable: its name, its value and
// what is allowed.
type EnvError struct {
	// Var is the variable's name.
	Var string
	// Value is its value as read ("" when unset).
	Value string
	// Problem says what is wrong and what is allowed.
	Problem string
}

// Error returns `NAME="value": problem`, or `NAME is not set: problem`.
func (e *EnvError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("%s is not set: %s", e.Var, e.Problem)
	}
	return fmt.Sprintf("%s=%q: %s", e.Var, e.Value, e.Problem)
}

// Env reads environment variables through a getenv function (os.Getenv in
// main, a map in tests) and collects every problem, so that a
// misconfigured function reports all its bad variables at once.
type Env struct {
	getenv func(string) string
	errs   []error
}

// NewEnv returns an Env reading through getenv.
func NewEnv(getenv func(string) string) *Env { return &Env{getenv: getenv} }

// Get returns the variable's value.
func (e *Env) Get(name string) string { return e.getenv(name) }

// Fail records a problem with variable name.
func (e *Env) Fail(name, problem string) {
	e.errs = append(e.errs, &EnvError{Var: name, Value: e.getenv(name), Problem: problem})
}

// List returns the comma-separated items of a variable, trimmed of spaces,
// without empty items.
func (e *Env) List(name string) []string {
	var out []string
	for item := range strings.SplitSeq(e.getenv(name), ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// Err returns every recorded problem joined, or nil.
func (e *Env) Err() error { return errors.Join(e.errs...) }

// ConfigFromEnv reads a Config through getenv (os.Getenv in main). It
// reports every bad variable at once, each error an *EnvError.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	env := NewEnv(getenv)
	cfg := ReadConfig(env)
	return cfg, env.Err()
}

// ReadConfig reads a Config from env, recording problems in env. Responder
// packages call it from their own ConfigFromEnv.
func ReadConfig(env *Env) Config {
	var cfg Config
	if v := env.Get(EnvMode); v == "" {
		env.Fail(EnvMode, "must be one of "+modeList())
	} else if m, err := ParseMode(v); err != nil {
		env.Fail(EnvMode, "must be one of "+modeList())
	} else {
		cfg.Mode = m
	}

	for _, p := range env.List(EnvExemptPrincipals) {
		if problem := contract.PrincipalPattern(p); problem != "" {
			env.Fail(EnvExemptPrincipals, fmt.Sprintf("pattern %q: must be %s; items separated by commas", p, problem))
			continue
		}
		cfg.ExemptPrincipals = append(cfg.ExemptPrincipals, p)
	}

	if v := env.Get(EnvSelfRoleARN); v != "" {
		if problem := contract.RoleARN(v); problem != "" {
			env.Fail(EnvSelfRoleARN, "must be "+problem)
		} else {
			cfg.SelfRoleARN = v
		}
	}

	self, _ := roleAccountAndName(cfg.SelfRoleARN)
	switch v := env.Get(EnvHomeAccount); {
	case v == "":
		cfg.HomeAccount = self
	case contract.Account(v) != "":
		env.Fail(EnvHomeAccount, "must be the 12-digit ID of the account the function runs in")
	case self != "" && v != self:
		env.Fail(EnvHomeAccount, fmt.Sprintf("must be the account of %s (%s)", EnvSelfRoleARN, self))
	default:
		cfg.HomeAccount = v
	}
	switch v := env.Get(EnvMemberRoleName); {
	case v == "":
	case contract.RoleName(v) != "":
		env.Fail(EnvMemberRoleName, "must be "+contract.RoleNameRule)
	case cfg.HomeAccount == "" && env.Get(EnvHomeAccount) == "":
		env.Fail(EnvMemberRoleName, fmt.Sprintf("needs %s (or %s) to tell other accounts' events apart", EnvHomeAccount, EnvSelfRoleARN))
	default:
		cfg.MemberRoleName = v
	}

	tag := env.Get(EnvExemptTag)
	if tag == "" {
		tag = DefaultExemptTag
	}
	if t, err := ParseTag(tag); err != nil {
		env.Fail(EnvExemptTag, err.Error())
	} else {
		cfg.ExemptTag = t
	}
	return cfg
}

// Tag is a resource tag, key and value.
type Tag struct {
	// Key is the tag key.
	Key string
	// Value is the tag value; may be empty.
	Value string
}

// ParseTag reads "key=value" (split at the first "="; the value may be
// empty), checked with contract.Tag: the key is a tag key not starting with
// "aws:", the value at most 256 characters.
func ParseTag(s string) (Tag, error) {
	if problem := contract.Tag(s); problem != "" {
		return Tag{}, errors.New("must be " + problem)
	}
	k, v, _ := strings.Cut(s, "=")
	return Tag{Key: k, Value: v}, nil
}

// String returns "key=value".
func (t Tag) String() string { return t.Key + "=" + t.Value }

// Matches reports whether a resource tag with key and value is t (keys and
// values compared exactly).
func (t Tag) Matches(key, value string) bool { return t.Key != "" && key == t.Key && value == t.Value }
