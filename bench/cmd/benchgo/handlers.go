package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/aws"
	ctsdk "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/lambda/responders/auditreport"
	auditreportsettings "github.com/trailbridge/trailbridge/lambda/responders/auditreport/settings"
	"github.com/trailbridge/trailbridge/lambda/responders/mfagroup"
	mfagroupsettings "github.com/trailbridge/trailbridge/lambda/responders/mfagroup/settings"
	"github.com/trailbridge/trailbridge/lambda/responders/opensg"
	"github.com/trailbridge/trailbridge/lambda/responders/ownertags"
	"github.com/trailbridge/trailbridge/lambda/responders/publicbucket"
	"github.com/trailbridge/trailbridge/lambda/responders/trailguard"
	trailguardsettings "github.com/trailbridge/trailbridge/lambda/responders/trailguard/settings"
)

// invoke is what a Lambda runtime does with one payload: decode it into the
// handler's input type, call the handler, encode its output.
type invoke func(ctx context.Context, payload []byte) ([]byte, error)

// adapt turns a handler of the shape lambda.Start takes into an invoke, the
// way aws-lambda-go does (encoding/json both ways). In is inferred, so the
// SQS event type of HandleSQS needs no import here.
func adapt[In, Out any](fn func(context.Context, In) (Out, error)) invoke {
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		var in In
		if err := json.Unmarshal(payload, &in); err != nil {
			return nil, err
		}
		out, err := fn(ctx, in)
		if err != nil {
			return nil, err
		}
		return json.Marshal(out)
	}
}

// handlerCase is one responder on its remediation path: every SDK call is a
// mock returning a fixed output at once, so what is measured is the
// responder's own work per event (parse, checks, decision, JSON log line to a
// discarded writer, response encoding), without SDK time.
type handlerCase struct {
	name    string
	event   string // testdata file, relative to lambda/responders/<name>/testdata
	sqs     bool   // fed by SQS: the event is wrapped in a one-message batch
	env     map[string]string
	handler func(getenv func(string) string) (invoke, error)
}

func handlerCases() []handlerCase {
	common := map[string]string{responderkit.EnvMode: "remediate"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range common {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	logger := responderkit.NewLogger(discard{})
	return []handlerCase{
		{name: "publicbucket", event: "s3_PutBucketPolicy_string.json", env: with(),
			handler: func(getenv func(string) string) (invoke, error) {
				cfg, err := publicbucket.Kind.ConfigFromEnv(getenv)
				return adapt(publicbucket.Kind.Handler(cfg, mockS3{}, logger).Handle), err
			}},
		{name: "mfagroup", event: "CreateUser__awsdocs-cloudtrail__1.json", env: with(mfagroupsettings.EnvGroup, "trailbridge-mfa-required"),
			handler: func(getenv func(string) string) (invoke, error) {
				cfg, err := mfagroup.Kind.ConfigFromEnv(getenv)
				return adapt(mfagroup.Kind.Handler(cfg, mockIAM{}, logger).Handle), err
			}},
		{name: "opensg", event: "ec2_AuthorizeSecurityGroupIngress_envelope.json", env: with(),
			handler: func(getenv func(string) string) (invoke, error) {
				cfg, err := opensg.Kind.ConfigFromEnv(getenv)
				return adapt(opensg.Kind.Handler(cfg, mockEC2{}, logger).Handle), err
			}},
		{name: "ownertags", event: "ec2_RunInstances_envelope.json", sqs: true, env: with(),
			handler: func(getenv func(string) string) (invoke, error) {
				cfg, err := ownertags.Kind.ConfigFromEnv(getenv)
				clients := ownertags.Clients{EC2: mockEC2{}, S3: mockS3{}, RDS: mockRDS{}, Lambda: mockLambda{}}
				return adapt(ownertags.Kind.Handler(cfg, clients, logger).HandleSQS), err
			}},
		{name: "trailguard", event: "cloudtrail_StopLogging_arn.json", env: with(trailguardsettings.EnvProtectedTrails, "org-audit"),
			handler: func(getenv func(string) string) (invoke, error) {
				cfg, err := trailguard.Kind.ConfigFromEnv(getenv)
				return adapt(trailguard.Kind.Handler(cfg, mockCloudTrail{}, logger).Handle), err
			}},
		{name: "auditreport", event: "UpdateTrail__awsdocs-cloudtrail__1.json", env: with(auditreportsettings.EnvBucket, "audit-reports-111111111111"),
			handler: func(getenv func(string) string) (invoke, error) {
				cfg, err := auditreport.Kind.ConfigFromEnv(getenv)
				return adapt(auditreport.Kind.Handler(cfg, mockS3{}, logger).Handle), err
			}},
	}
}

// cmdHandlers measures every responder's handler: ns/op and allocs/op
// (testing.Benchmark), and the p50/p99/max of individually timed calls.
func cmdHandlers(args []string) error {
	fs, out := resultsFlags("handlers")
	runs := fs.Int("runs", 3, "testing.Benchmark repetitions (the best is kept)")
	calls := fs.Int("calls", 20000, "individually timed calls for the percentiles")
	root := fs.String("root", "..", "repository root")
	only := fs.String("only", "", "measure only this responder")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the timed calls to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var rows []Row
	for _, c := range handlerCases() {
		if *only != "" && c.name != *only {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(*root, "lambda", "responders", c.name, "testdata", c.event))
		if err != nil {
			rows = append(rows, Row{ID: "handler/" + c.name + "/p99", Note: "FAILED: " + err.Error()})
			continue
		}
		payload := raw
		if c.sqs {
			body, _ := json.Marshal(string(compact(raw)))
			payload = []byte(`{"Records":[{"messageId":"m-1","receiptHandle":"r-1","body":` + string(body) +
				`,"attributes":{},"messageAttributes":{},"eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:eu-west-1:111111111111:q","awsRegion":"eu-west-1"}]}`)
		}
		h, err := c.handler(func(k string) string { return c.env[k] })
		if err != nil {
			return fmt.Errorf("%s: config: %v", c.name, err)
		}
		ctx := context.Background()
		resp, err := h(ctx, payload)
		if err != nil {
			return fmt.Errorf("%s: %v", c.name, err)
		}
		action := decisionAction(resp)
		// Per-call percentiles, after a warm-up.
		for range 1000 {
			_, _ = h(ctx, payload)
		}
		// Wall time of each call, and the CPU time of this (locked) thread
		// during it: on a loaded machine the wall p99 measures the
		// scheduler as much as the handler; the CPU p99 does not.
		lat := make([]float64, *calls)
		cpu := make([]float64, *calls)
		runtime.LockOSThread()
		for i := range lat {
			c := threadCPU()
			t := time.Now()
			_, _ = h(ctx, payload)
			lat[i] = float64(time.Since(t).Nanoseconds()) / 1e3
			cpu[i] = float64(threadCPU()-c) / 1e3
		}
		runtime.UnlockOSThread()
		slices.Sort(lat)
		slices.Sort(cpu)
		var best testing.BenchmarkResult
		for r := 0; r < *runs; r++ {
			res := testing.Benchmark(func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					_, _ = h(ctx, payload)
				}
			})
			if r == 0 || res.NsPerOp() < best.NsPerOp() {
				best = res
			}
		}
		note := fmt.Sprintf("%s, %s (%d B event)", action, c.event, len(raw))
		p := func(q float64) float64 { return percentile(lat, q) }
		rows = append(rows,
			Row{ID: "handler/" + c.name + "/ns_op", N: *runs, Min: float64(best.NsPerOp()), Median: float64(best.NsPerOp()), Unit: "ns/op", Note: note},
			Row{ID: "handler/" + c.name + "/allocs_op", N: 1, Min: float64(best.AllocsPerOp()), Median: float64(best.AllocsPerOp()), Unit: "allocs/op"},
			Row{ID: "handler/" + c.name + "/bytes_op", N: 1, Min: float64(best.AllocedBytesPerOp()), Median: float64(best.AllocedBytesPerOp()), Unit: "B/op"},
			Row{ID: "handler/" + c.name + "/p50", N: len(lat), Min: lat[0], Median: p(50), Unit: "µs"},
			Row{ID: "handler/" + c.name + "/p99", N: len(lat), Min: p(99), Median: p(99), Unit: "µs", Note: fmt.Sprintf("max %.0f µs over %d calls", lat[len(lat)-1], len(lat))},
			Row{ID: "handler/" + c.name + "/cpu_p50", N: len(cpu), Min: cpu[0], Median: percentile(cpu, 50), Unit: "µs", Note: "thread CPU time"},
			Row{ID: "handler/" + c.name + "/cpu_p99", N: len(cpu), Min: percentile(cpu, 99), Median: percentile(cpu, 99), Unit: "µs", Note: "thread CPU time"},
		)
	}
	return appendRows(*out, rows...)
}

func decisionAction(resp []byte) string {
	var d struct {
		Action            string `json:"action"`
		BatchItemFailures []any  `json:"batchItemFailures"`
	}
	if json.Unmarshal(resp, &d) != nil {
		return "?"
	}
	if d.Action == "" {
		return fmt.Sprintf("SQS batch, %d failures", len(d.BatchItemFailures))
	}
	return d.Action
}

func compact(b []byte) []byte {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return b
	}
	out, _ := json.Marshal(v)
	return out
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// The mocks: the remediation path of every responder, no error, no delay.

type mockS3 struct{}

func (mockS3) GetBucketTagging(context.Context, *s3.GetBucketTaggingInput, ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error) {
	return &s3.GetBucketTaggingOutput{TagSet: []s3types.Tag{{Key: aws.String("team"), Value: aws.String("data")}}}, nil
}

func (mockS3) GetPublicAccessBlock(context.Context, *s3.GetPublicAccessBlockInput, ...func(*s3.Options)) (*s3.GetPublicAccessBlockOutput, error) {
	return &s3.GetPublicAccessBlockOutput{PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
		BlockPublicAcls: aws.Bool(false), IgnorePublicAcls: aws.Bool(false), BlockPublicPolicy: aws.Bool(false), RestrictPublicBuckets: aws.Bool(false),
	}}, nil
}

func (mockS3) PutPublicAccessBlock(context.Context, *s3.PutPublicAccessBlockInput, ...func(*s3.Options)) (*s3.PutPublicAccessBlockOutput, error) {
	return &s3.PutPublicAccessBlockOutput{}, nil
}

func (mockS3) PutBucketTagging(context.Context, *s3.PutBucketTaggingInput, ...func(*s3.Options)) (*s3.PutBucketTaggingOutput, error) {
	return &s3.PutBucketTaggingOutput{}, nil
}

func (mockS3) PutObject(context.Context, *s3.PutObjectInput, ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	return &s3.PutObjectOutput{}, nil
}

func (mockS3) GetBucketLocation(context.Context, *s3.GetBucketLocationInput, ...func(*s3.Options)) (*s3.GetBucketLocationOutput, error) {
	return &s3.GetBucketLocationOutput{}, nil
}

type mockIAM struct{}

func (mockIAM) ListUserTags(context.Context, *iam.ListUserTagsInput, ...func(*iam.Options)) (*iam.ListUserTagsOutput, error) {
	return &iam.ListUserTagsOutput{}, nil
}

func (mockIAM) ListMFADevices(context.Context, *iam.ListMFADevicesInput, ...func(*iam.Options)) (*iam.ListMFADevicesOutput, error) {
	return &iam.ListMFADevicesOutput{}, nil
}

func (mockIAM) ListGroupsForUser(context.Context, *iam.ListGroupsForUserInput, ...func(*iam.Options)) (*iam.ListGroupsForUserOutput, error) {
	return &iam.ListGroupsForUserOutput{}, nil
}

func (mockIAM) AddUserToGroup(context.Context, *iam.AddUserToGroupInput, ...func(*iam.Options)) (*iam.AddUserToGroupOutput, error) {
	return &iam.AddUserToGroupOutput{}, nil
}

type mockEC2 struct{}

// DescribeSecurityGroups returns the group of the opensg fixture: SSH open to
// the world on IPv4 and IPv6, RDP from a VPC range.
func (mockEC2) DescribeSecurityGroups(context.Context, *ec2.DescribeSecurityGroupsInput, ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupsOutput, error) {
	return &ec2.DescribeSecurityGroupsOutput{SecurityGroups: []ec2types.SecurityGroup{{
		GroupId: aws.String("sg-0123456789abcdef0"), GroupName: aws.String("web"),
		IpPermissions: []ec2types.IpPermission{
			{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22),
				IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}, Ipv6Ranges: []ec2types.Ipv6Range{{CidrIpv6: aws.String("::/0")}}},
			{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(3389), ToPort: aws.Int32(3389), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("10.0.0.0/8")}}},
		},
	}}}, nil
}

func (mockEC2) RevokeSecurityGroupIngress(context.Context, *ec2.RevokeSecurityGroupIngressInput, ...func(*ec2.Options)) (*ec2.RevokeSecurityGroupIngressOutput, error) {
	return &ec2.RevokeSecurityGroupIngressOutput{Return: aws.Bool(true)}, nil
}

func (mockEC2) DescribeTags(context.Context, *ec2.DescribeTagsInput, ...func(*ec2.Options)) (*ec2.DescribeTagsOutput, error) {
	return &ec2.DescribeTagsOutput{}, nil
}

func (mockEC2) CreateTags(context.Context, *ec2.CreateTagsInput, ...func(*ec2.Options)) (*ec2.CreateTagsOutput, error) {
	return &ec2.CreateTagsOutput{}, nil
}

type mockRDS struct{}

func (mockRDS) ListTagsForResource(context.Context, *rds.ListTagsForResourceInput, ...func(*rds.Options)) (*rds.ListTagsForResourceOutput, error) {
	return &rds.ListTagsForResourceOutput{}, nil
}

func (mockRDS) AddTagsToResource(context.Context, *rds.AddTagsToResourceInput, ...func(*rds.Options)) (*rds.AddTagsToResourceOutput, error) {
	return &rds.AddTagsToResourceOutput{}, nil
}

type mockLambda struct{}

func (mockLambda) ListTags(context.Context, *lambda.ListTagsInput, ...func(*lambda.Options)) (*lambda.ListTagsOutput, error) {
	return &lambda.ListTagsOutput{}, nil
}

func (mockLambda) TagResource(context.Context, *lambda.TagResourceInput, ...func(*lambda.Options)) (*lambda.TagResourceOutput, error) {
	return &lambda.TagResourceOutput{}, nil
}

type mockCloudTrail struct{}

func (mockCloudTrail) GetTrailStatus(context.Context, *ctsdk.GetTrailStatusInput, ...func(*ctsdk.Options)) (*ctsdk.GetTrailStatusOutput, error) {
	return &ctsdk.GetTrailStatusOutput{IsLogging: aws.Bool(false)}, nil
}

func (mockCloudTrail) StartLogging(context.Context, *ctsdk.StartLoggingInput, ...func(*ctsdk.Options)) (*ctsdk.StartLoggingOutput, error) {
	return &ctsdk.StartLoggingOutput{}, nil
}

// threadCPU returns the CPU time of the calling OS thread in nanoseconds
// (Linux CLOCK_THREAD_CPUTIME_ID).
func threadCPU() int64 {
	var ts syscall.Timespec
	const clockThreadCPUTimeID = 3
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0)
	return ts.Nano()
}
