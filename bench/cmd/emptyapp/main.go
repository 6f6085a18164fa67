// Command emptyapp is the floor of every Go CDK app: a CDK app with one
// empty stack. Its run time is the jsii start-up (Go start, the embedded
// jsii runtime and assemblies written out, node started, aws-cdk-lib
// loaded) plus the smallest synth. Run it with CDK_OUTDIR set.
//
// With -calls N it also makes N trivial jsii round trips after the stack
// exists (the static call awscdk.Duration_Minutes, which the app makes
// ~130 times) and prints one JSON line: the mean round trip in µs. Without
// -calls it prints nothing.
package main

import (
	"encoding/json"
	"flag"
	"os"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

func main() {
	calls := flag.Int("calls", 0, "jsii round trips to time")
	flag.Parse()
	app := awscdk.NewApp(nil)
	awscdk.NewStack(app, jsii.String("Empty"), nil)
	if *calls > 0 {
		one := jsii.Number(1)
		awscdk.Duration_Minutes(one) // the first call loads the type
		start := time.Now()
		for range *calls {
			awscdk.Duration_Minutes(one)
		}
		us := float64(time.Since(start).Microseconds()) / float64(*calls)
		defer func() { _ = json.NewEncoder(os.Stdout).Encode(map[string]any{"roundTripUs": us}) }()
	}
	app.Synth(nil)
	jsii.Close()
}
