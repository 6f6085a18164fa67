// Command scaleapp measures how synthesis grows with the number of rules: it
// builds one stack with N apicall rules (service "s3", one event name each,
// PutBucketThing<i>), each delivering to one shared encrypted SQS queue
// (targets.Queue) and each with its own dead-letter queue (apicall's default,
// as in the app), and synthesizes it into CDK_OUTDIR.
//
//	CDK_OUTDIR=out scaleapp -n 300 [-monitor] [-cdkjson ../cdk.json] [-resource-limit 0]
//
// -monitor also watches every rule with operations.Monitor (two alarms per
// rule plus its dead-letter queue's alarms and a dashboard widget), as the
// app's Response stack does.
//
// -resource-limit sets the CDK context @aws-cdk/core:stackResourceLimit: by
// default the CDK refuses at synth a stack of more than 500 resources
// (TooManyResourcesInStack, CloudFormation's quota); 0 lifts the check so that
// the cost of larger stacks can be measured. A refused synth prints the CDK's
// message on stderr and exits with status 3.
//
// It prints one JSON line on stdout: the rule count and the time spent
// starting jsii (the first call, awscdk.NewApp), creating the constructs and
// synthesizing, in milliseconds.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/trailbridge/trailbridge/constructs/apicall"
	"github.com/trailbridge/trailbridge/constructs/delivery"
	"github.com/trailbridge/trailbridge/constructs/operations"
	"github.com/trailbridge/trailbridge/constructs/targets"
)

func main() {
	n := flag.Int("n", 1, "number of rules")
	monitor := flag.Bool("monitor", false, "watch every rule with operations.Monitor, as the app does")
	cdkJSON := flag.String("cdkjson", "", "cdk.json whose context (feature flags) the app gets; trailbridge keys are left out")
	limit := flag.Int("resource-limit", -1, "@aws-cdk/core:stackResourceLimit (0: no limit; default: the CDK's, 500)")
	flag.Parse()
	ctx, err := featureFlags(*cdkJSON)
	if err != nil {
		fmt.Fprintln(os.Stderr, "scaleapp:", err)
		os.Exit(2)
	}
	if *limit >= 0 {
		ctx["@aws-cdk/core:stackResourceLimit"] = *limit
	}
	defer func() {
		if r := recover(); r != nil {
			jsii.Close()
			fmt.Fprintf(os.Stderr, "scaleapp: synth refused: %v\n", r)
			os.Exit(3)
		}
	}()

	t0 := time.Now()
	app := awscdk.NewApp(&awscdk.AppProps{Context: &ctx})
	t1 := time.Now()
	stack := awscdk.NewStack(app, jsii.String("Scale"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("us-east-1")},
	})
	queue := awssqs.NewQueue(stack, jsii.String("Events"), &awssqs.QueueProps{
		Encryption:          awssqs.QueueEncryption_KMS,
		EncryptionMasterKey: delivery.Key(stack),
		EnforceSSL:          jsii.Bool(true),
	})
	var mon operations.Monitor
	if *monitor {
		ops := targets.NewAlertTopic(stack, "Operations", nil)
		mon = operations.NewMonitor(stack, "Monitor", &operations.MonitorProps{Topic: ops.Topic()})
	}
	target := targets.Queue(queue)
	for i := range *n {
		id := fmt.Sprintf("Rule%d", i)
		r := apicall.NewRule(stack, id, &apicall.RuleProps{
			Services:   []string{"s3"},
			EventNames: []string{fmt.Sprintf("PutBucketThing%d", i)},
			Targets:    []apicall.RuleTarget{{ID: "Queue", Target: target}},
		})
		if mon != nil {
			mon.WatchRule(id, r)
		}
	}
	t2 := time.Now()
	app.Synth(nil)
	t3 := time.Now()
	jsii.Close()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	_ = json.NewEncoder(os.Stdout).Encode(map[string]any{
		"rules": *n, "startupMs": ms(t1.Sub(t0)), "constructMs": ms(t2.Sub(t1)), "synthMs": ms(t3.Sub(t2)),
	})
}

// featureFlags returns the context of a cdk.json without its trailbridge
// configuration (and with construct-path metadata on unless it says
// otherwise), or only the path metadata when path is empty.
func featureFlags(path string) (map[string]any, error) {
	out := map[string]any{}
	if path == "" {
		out["aws:cdk:enable-path-metadata"] = true
		return out, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Context map[string]any `json:"context"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for k, v := range doc.Context {
		if k != "trailbridge" && !strings.HasPrefix(k, "trailbridge.") {
			out[k] = v
		}
	}
	if _, ok := out["aws:cdk:enable-path-metadata"]; !ok {
		// As the CLI and app.go do: templates name each construct path.
		out["aws:cdk:enable-path-metadata"] = true
	}
	return out, nil
}
