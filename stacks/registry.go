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
// Response stack creates them (each one's folder, lambda/responders/<name>,
// holds its handler and, in deploy/, its definition).
var Responders = []func(cfg *config.Config) responder.Definition{
	publicbucket.Define,
	mfagroup.Define,
	ownertags.Define,
	trailguard.Define,
	opensg.Define,
	auditreport.Define,
}
