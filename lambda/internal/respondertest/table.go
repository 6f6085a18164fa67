package respondertest

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/trailbridge/trailbridge/lambda/internal/actiontest"
	"github.com/trailbridge/trailbridge/lambda/responderkit"
)

// Calls records the calls a responder's mock clients saw, in order: the
// operation, the region it was sent to, and its IAM action (Rec).
type Calls struct {
	// Rec, when set, collects the IAM actions of the calls (TestActions).
	Rec *actiontest.Recorder
	// Ops are the operations called, such as "PutPublicAccessBlock".
	Ops []string
	// Regions are the regions of the calls, one per operation ("" when
	// the call set none).
	Regions []string
}

// Add records one call of op on service (the IAM service prefix: "s3",
// "ec2", ...) sent to region.
func (c *Calls) Add(service, op, region string) {
	c.Ops = append(c.Ops, op)
	c.Regions = append(c.Regions, region)
	if c.Rec != nil {
		c.Rec.Record(service, op)
	}
}

// Recorded returns c: a mock that embeds Calls has it, so that Table finds
// its calls.
func (c *Calls) Recorded() *Calls { return c }

// String returns the operations called, separated by spaces.
func (c *Calls) String() string { return strings.Join(c.Ops, " ") }

// Row is one case of a responder's decision table: an event decided in a
// mode, with mock clients answering as Mock says, and the decision and
// calls expected. C is the responder's Config, M its mock clients, X what
// the responder checks beyond what every responder has (its Table.Check
// reads it).
type Row[C, M, X any] struct {
	// Name names the subtest.
	Name string
	// Event is the event decided.
	Event []byte
	// Mode is the responder's mode.
	Mode responderkit.Mode
	// Config changes the configuration of Mode.
	// Default: nil, Table.Config(Mode) as is.
	Config func(*C)
	// Mock holds the mock clients' answers; the run records into it.
	// Default: the zero M, whose answers the responder's mocks define.
	Mock M
	// Want is the decision's action. The handler must return an error
	// exactly when it is failed or rejected (a *RejectedError then).
	Want responderkit.Action
	// Reason is a part of the decision's reason.
	// Default: "", not checked.
	Reason string
	// Calls are the operations called, in order, separated by spaces.
	// Default: "", no call.
	Calls string
	// Resource is the decision's resource.
	// Default: "", not checked.
	Resource string
	// Region is the region of every call.
	// Default: "", not checked.
	Region string
	// Own is what the responder's Table.Check checks besides.
	// Default: the zero X.
	Own X
}

// Table runs a responder's Rows.
type Table[C, M, X any] struct {
	// Config returns the responder's configuration in mode.
	Config func(mode responderkit.Mode) C
	// Decide runs the responder's handler configured with cfg, through
	// clients built from &row.Mock, on row.Event.
	Decide func(t *testing.T, cfg C, row *Row[C, M, X]) (responderkit.Decision, error)
	// Calls returns the calls the mock clients m recorded.
	// Default: nil, the Calls *M embeds (Recorded); a mock that records
	// no calls leaves every row's Calls and Region empty, and its
	// responder's Check checks what it did (Actions cannot be used).
	Calls func(m *M) *Calls
	// Writes are the operations that change something: a responder
	// calls none of them unless its mode is remediate.
	Writes []string
	// Check checks the rest of a row after its run: what its Own field
	// asks, from the decision and the mocks (row.Mock).
	// Default: nil, nothing more.
	Check func(t *testing.T, row *Row[C, M, X], d responderkit.Decision)
}

// calls returns the calls m recorded (see Table.Calls).
func (tb Table[C, M, X]) calls(m *M) *Calls {
	if tb.Calls != nil {
		return tb.Calls(m)
	}
	if r, ok := any(m).(interface{ Recorded() *Calls }); ok {
		return r.Recorded()
	}
	return &Calls{}
}

// Decide returns the Table.Decide of responder k whose clients are the
// row's mock (*M implements T): its Kind.Handler deciding the row's event.
func Decide[M, X, C, T any](k responderkit.Kind[C, T]) func(*testing.T, C, *Row[C, M, X]) (responderkit.Decision, error) {
	return func(t *testing.T, cfg C, r *Row[C, M, X]) (responderkit.Decision, error) {
		clients, ok := any(&r.Mock).(T)
		if !ok {
			t.Fatalf("%T is not the responder's clients", &r.Mock)
		}
		return k.Handler(cfg, clients, nil).Decide(context.Background(), r.Event)
	}
}

// Run runs a subtest per row: it decides the row's event and fails
// unless the decision, the error, the calls and their regions are what
// the row wants, no write is called outside remediate mode, and the
// responder's Check passes.
func (tb Table[C, M, X]) Run(t *testing.T, rows []Row[C, M, X]) {
	t.Helper()
	for _, row := range rows {
		t.Run(row.Name, func(t *testing.T) {
			c := tb.Config(row.Mode)
			if row.Config != nil {
				row.Config(&c)
			}
			d, err := tb.Decide(t, c, &row)
			wantErr := row.Want == responderkit.ActionFailed || row.Want == responderkit.ActionRejected
			if (err != nil) != wantErr {
				t.Fatalf("decision %s %q, err = %v; want an error: %v", d.Action, d.Reason, err, wantErr)
			}
			if row.Want == responderkit.ActionRejected && !errors.As(err, new(*responderkit.RejectedError)) {
				t.Errorf("err = %T, want *responderkit.RejectedError", err)
			}
			if d.Action != row.Want || !strings.Contains(d.Reason, row.Reason) {
				t.Errorf("decision = %s %q, want %s %q", d.Action, d.Reason, row.Want, row.Reason)
			}
			if d.Mode != row.Mode {
				t.Errorf("decision mode = %q, want %q", d.Mode, row.Mode)
			}
			if row.Resource != "" && d.Resource != row.Resource {
				t.Errorf("resource = %q, want %q", d.Resource, row.Resource)
			}
			calls := tb.calls(&row.Mock)
			if got := calls.String(); got != row.Calls {
				t.Errorf("calls = %q, want %q", got, row.Calls)
			}
			for i, op := range calls.Ops {
				if row.Region != "" && calls.Regions[i] != row.Region {
					t.Errorf("%s in region %q, want %q", op, calls.Regions[i], row.Region)
				}
				if row.Mode != responderkit.ModeRemediate && slices.Contains(tb.Writes, op) {
					t.Errorf("%s called in mode %s", op, row.Mode)
				}
			}
			if tb.Check != nil {
				tb.Check(t, &row, d)
			}
		})
	}
}

// EnvRow is one environment of a responder's ConfigFromEnv table.
type EnvRow struct {
	// Vars are the variables set, over Env's base ones.
	Vars map[string]string
	// Err is a part of the error wanted.
	// Default: "", no error.
	Err string
	// Want is what Env's got returns for the configuration read, when
	// Err is "".
	Want string
}

// Env runs fromEnv (a responder's ConfigFromEnv) on each row's
// environment: base with the row's Vars over it. It fails unless the error
// contains the row's Err, or, for a row without Err, there is no error and
// got returns the row's Want for the configuration read.
func Env[C any](t *testing.T, fromEnv func(getenv func(string) string) (C, error), base map[string]string, got func(C) string, rows []EnvRow) {
	t.Helper()
	for _, row := range rows {
		vars := map[string]string{}
		maps.Copy(vars, base)
		maps.Copy(vars, row.Vars)
		c, err := fromEnv(func(k string) string { return vars[k] })
		if row.Err != "" {
			if err == nil || !strings.Contains(err.Error(), row.Err) {
				t.Errorf("%v: err = %v, want %q", vars, err, row.Err)
			}
			continue
		}
		if err != nil || got(c) != row.Want {
			t.Errorf("%v: %q, err %v; want %q", vars, got(c), err, row.Want)
		}
	}
}

// Actions checks a responder's Actions list (declared, the IAM actions
// the stack grants): it runs the responder in remediate mode on event, an
// event it remediates, with its mocks recording into an
// actiontest.Recorder, and fails unless declared, fromInterfaces (the
// actions of its client interfaces) and the actions recorded are the same
// set (actiontest.Check). It needs Calls.
func (tb Table[C, M, X]) Actions(t *testing.T, event []byte, declared, fromInterfaces []string) {
	t.Helper()
	var rec actiontest.Recorder
	row := Row[C, M, X]{Event: event, Mode: responderkit.ModeRemediate}
	tb.calls(&row.Mock).Rec = &rec
	if d, err := tb.Decide(t, tb.Config(row.Mode), &row); err != nil || d.Action != responderkit.ActionRemediated {
		t.Fatalf("decision %s %q, err %v; want remediated", d.Action, d.Reason, err)
	}
	actiontest.Check(t, declared, fromInterfaces, rec.Actions())
}
