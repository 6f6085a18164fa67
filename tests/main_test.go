// Package tests holds the stack-level tests of the trailbridge app: every
// stack the app synthesizes, in its default configuration and with every
// option on, checked by assertions, golden snapshots and cdk-nag.
package tests

import (
	"testing"

	"github.com/trailbridge/trailbridge/internal/cdktest"
)

func TestMain(m *testing.M) { cdktest.Main(m, startAppBuild, startAppRuns) }
