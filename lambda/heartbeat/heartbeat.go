package heartbeat

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/trailbridge/trailbridge/catalog"
	"github.com/trailbridge/trailbridge/internal/contract"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
	"github.com/trailbridge/trailbridge/pattern"
)

// Name is the function's name in logs.
const Name = "heartbeat"

// The heartbeat's call, as CloudTrail records it.
const (
	// Service is the catalog name of the service called.
	Service = "ssm"
	// EventName is the CloudTrail event name of the call.
	EventName = "PutParameter"
)

// Actions are the IAM actions the function calls, to be granted on its
// parameter's ARN and nothing else.
var Actions = []string{"ssm:PutParameter"}

// EnvParameter names the environment variable holding the parameter's name
// (required).
const EnvParameter = contract.EnvHeartbeatParameter

// ParameterName is the name of the heartbeat parameter of the app with
// stack prefix prefix in region: "/<prefix>/heartbeat/<region>". The
// region in the name makes each region's heartbeat event tell where it
// came from, even once forwarded.
func ParameterName(prefix, region string) string {
	return "/" + prefix + "/heartbeat/" + region
}

// ParameterRule says what EnvParameter may hold.
const ParameterRule = "an SSM parameter name in a hierarchy, /PART/PART..., each part letters, digits, '_', '.' or '-' (not starting with aws or ssm)"

var reParameter = regexp.MustCompile(`^(/[A-Za-z0-9_.-]+)+$`)

// ValidParameterName reports whether name is a parameter name the function
// accepts (see ParameterRule).
func ValidParameterName(name string) bool {
	lower := strings.ToLower(strings.TrimPrefix(name, "/"))
	return reParameter.MatchString(name) && len(name) <= 1011 && !strings.HasPrefix(lower, "aws") && !strings.HasPrefix(lower, "ssm")
}

// Spec is the pattern of the heartbeat's CloudTrail event for parameter:
// a successful PutParameter of exactly that parameter. It is what the
// regional forwarders carry home.
func Spec(parameter string) pattern.Spec {
	svc, err := catalog.Lookup(Service)
	if err != nil {
		panic(err) // the catalog holds ssm: a test says so
	}
	return pattern.Spec{
		Services:          []catalog.Service{svc},
		EventNames:        []string{EventName},
		RequestParameters: map[string][]any{"name": {parameter}},
	}
}

// HomeSpec is the pattern of the home-bus rule that counts region's
// heartbeats: Spec, and the call recorded in region (detail.awsRegion,
// which forwarding keeps).
func HomeSpec(parameter, region string) pattern.Spec {
	s := Spec(parameter)
	s.Extra = map[string]any{"detail": map[string]any{"awsRegion": []any{region}}}
	return s
}

// SSMAPI is the part of the SSM client (*ssm.Client of aws-sdk-go-v2) the
// function uses.
type SSMAPI interface {
	PutParameter(ctx context.Context, in *ssm.PutParameterInput, optFns ...func(*ssm.Options)) (*ssm.PutParameterOutput, error)
}

// RetryableCodes are SSM error codes of a PutParameter that the SDK's
// standard retryer does not retry but that pass: concurrent writes of the
// same parameter (an overlapping retry).
var RetryableCodes = []string{"TooManyUpdates"}

// NewClient returns the SSM client of the function: cfg's, with
// RetryableCodes retried as well.
func NewClient(cfg aws.Config) SSMAPI {
	return ssm.NewFromConfig(cfg, func(o *ssm.Options) {
		o.Retryer = retry.AddWithErrorCodes(o.Retryer, RetryableCodes...)
	})
}

// Config is the function's configuration.
type Config struct {
	// Parameter is the parameter written on every beat; from
	// TRAILBRIDGE_HEARTBEAT_PARAMETER, required.
	Parameter string
}

// ConfigFromEnv reads the Config through getenv (os.Getenv in main),
// reporting a bad variable as an *responderkit.EnvError.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	env := responderkit.NewEnv(getenv)
	cfg := Config{Parameter: env.Get(EnvParameter)}
	if !ValidParameterName(cfg.Parameter) {
		env.Fail(EnvParameter, "must be "+ParameterRule)
	}
	return cfg, env.Err()
}

// Handler makes the heartbeat's call.
type Handler struct {
	cfg    Config
	client SSMAPI
	logger *slog.Logger
	now    func() time.Time
}

// New returns the Handler of cfg writing with client and logging to logger
// (nil: no logs).
func New(cfg Config, client SSMAPI, logger *slog.Logger) *Handler {
	return &Handler{cfg: cfg, client: client, logger: responderkit.OrDiscard(logger).With(slog.String("function", Name)), now: time.Now}
}

// Handle writes the current time (RFC 3339, UTC) to the parameter. Its
// input (the schedule's event) is only logged. It returns an error, after
// logging it, when the call failed (wrapping the SDK's error) or SSM
// answered without a version, so that Lambda retries the invocation and
// the function's Errors alarm fires; it reports a beat only when SSM
// accepted the write.
func (h *Handler) Handle(ctx context.Context, input json.RawMessage) error {
	var ev struct {
		ID   string `json:"id"`
		Time string `json:"time"`
	}
	_ = json.Unmarshal(input, &ev) // any input beats: the schedule's event is not needed
	log := h.logger.With(slog.String("parameter", h.cfg.Parameter), slog.String("scheduleEventId", ev.ID), slog.String("scheduleTime", ev.Time))
	value := h.now().UTC().Format(time.RFC3339)
	out, err := h.client.PutParameter(ctx, &ssm.PutParameterInput{
		Name:      aws.String(h.cfg.Parameter),
		Value:     aws.String(value),
		Type:      ssmtypes.ParameterTypeString,
		Overwrite: aws.Bool(true),
	})
	if err != nil {
		log.ErrorContext(ctx, "heartbeat failed", slog.String("error", err.Error()), slog.String("errorCode", responderkit.ErrorCode(err)))
		return fmt.Errorf("heartbeat: put parameter %s: %w", h.cfg.Parameter, err)
	}
	if out == nil || out.Version == 0 {
		log.ErrorContext(ctx, "heartbeat answered without a version")
		return fmt.Errorf("heartbeat: put parameter %s: no version in the answer", h.cfg.Parameter)
	}
	log.InfoContext(ctx, "heartbeat", slog.String("value", value), slog.Int64("version", out.Version))
	return nil
}
