// Command trailbridge-app is the CDK app of this repository: it reads the
// "trailbridge" configuration from the CDK context (cdk.json and -c flags),
// validates all of it before creating any construct, and synthesizes the
// stacks. Run it through the CDK CLI (`npx aws-cdk@2 synth`) or directly with
// `CDK_OUTDIR=cdk.out go run .`.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/internal/config"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/internal/jsiiquiet"
	"github.com/trailbridge/trailbridge/stacks"
)

func main() {
	err := run()
	// jsii.Close, less the "Runtime process exited abnormally: waitid: no
	// child processes" that jsii-runtime-go prints on about half of all runs.
	jsiiquiet.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, message(err))
		os.Exit(1)
	}
}

// message is what the app prints for err: one "trailbridge: " prefix,
// however many layers added one.
func message(err error) string {
	s := err.Error()
	for strings.HasPrefix(s, "trailbridge: ") {
		s = strings.TrimPrefix(s, "trailbridge: ")
	}
	return "trailbridge: " + s
}

func run() (err error) {
	defer func() {
		// A construct's validation panic: report it like a config error.
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	// Outside the CDK CLI nobody reads cdk.json for us: do it, so that
	// `go run .` and `cdk synth` build the same templates. The app applies
	// AppProps.Context first and the CLI's context (including -c overrides)
	// over it, so the CLI's keys win; one jsii call instead of one per key.
	// TRAILBRIDGE_CDK_JSON reads another cdk.json (a second configuration of
	// the same checkout).
	cdkJSON := os.Getenv(contract.EnvCDKJSON)
	if cdkJSON == "" {
		cdkJSON = "cdk.json"
	}
	file, err := config.ReadCDKJSON(cdkJSON)
	if err != nil {
		return err
	}
	if file == nil {
		file = map[string]any{}
	}
	app := awscdk.NewApp(&awscdk.AppProps{Context: &file})
	ctx, _ := app.Node().GetAllContext(nil).(map[string]any)
	if ctx == nil {
		ctx = map[string]any{}
	}
	if _, ok := ctx["aws:cdk:enable-path-metadata"]; !ok {
		// As the CLI does: templates name each resource's construct path,
		// which `trailbridge simulate` reports.
		app.Node().SetContext(jsii.String("aws:cdk:enable-path-metadata"), true)
	}
	// Every check, the stacks' own included, runs before the first stack
	// is created: on error nothing (no asset) is written to the output.
	cfg, err := stacks.LoadConfig(ctx, config.Env{
		Region:  os.Getenv("CDK_DEFAULT_REGION"),
		Account: os.Getenv("CDK_DEFAULT_ACCOUNT"),
	})
	if err != nil {
		return err
	}
	stacks.App(app, cfg)
	app.Synth(nil)
	return nil
}
