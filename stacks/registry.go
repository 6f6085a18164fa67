package stacks

import (
	"github.com/trailbridge/trailbridge/internal/config"
	auditreport "github.com/trailbridge/trailbridge/lambda/responders/auditreport/deploy"
	mfagroup "github.com/trailbridge/trailbridge/lambda/responders/mfagroup/deploy"
	opensg "github.com/trailbridge/trailbridge/lambda/responders/opensg/deploy"
	ownertags "github.com/trailbridge/trailbridge/lambda/responders/ownertags/deploy"
	publicbucket "github.com/trailbridge/trailbridge/lambda/responders/publicbucket/deploy"
	trailguard "github.com/trailbridge/trailbridge/lambda/responders/trailguard/deploy"
	"github.com/trailbridge/trailbridge/stacks/responder"
)

// Responders are the built-in responders, one line each, in the order the
// Response stack creates them and the configuration checks them (each one's
// folder, lambda/responders/<name>, holds its handler, its configuration
// section and facts in settings/ and, in deploy/, its Entry, which imports
// settings/ and never the handler, so that the app links no AWS SDK client).
var Responders = []responder.Entry{
	publicbucket.Entry,
	mfagroup.Entry,
	ownertags.Entry,
	trailguard.Entry,
	opensg.Entry,
	auditreport.Entry,
}

// Sections are the registered responders' configuration sections, in
// registry order: what config.Load decodes trailbridge.responders against.
func Sections() []config.Section {
	out := make([]config.Section, len(Responders))
	for i, r := range Responders {
		out[i] = r.Section
	}
	return out
}

// LoadConfig is how the app reads its configuration: config.Load with the
// registered responders' sections and the stacks' own checks (Validate), so
// that every problem is reported before any construct is created.
func LoadConfig(context map[string]any, env config.Env) (*config.Config, error) {
	return config.Load(context, env, Sections(), Validate)
}

// DefaultConfig is the configuration of an empty context, with the
// registered responders' sections.
func DefaultConfig(env config.Env) *config.Config {
	return config.Defaults(env, Sections())
}
