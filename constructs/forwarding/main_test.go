package forwarding_test

import (
	"testing"

	"github.com/trailbridge/trailbridge/internal/cdktest"
)

func TestMain(m *testing.M) { cdktest.Main(m) }
