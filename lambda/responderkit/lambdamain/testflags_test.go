package lambdamain

// Accept `go test ./... -update` (this package has no golden files).
import _ "github.com/trailbridge/trailbridge/internal/testflags"
