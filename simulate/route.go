package simulate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/trailbridge/trailbridge/eventpattern"
	"github.com/trailbridge/trailbridge/lambda/cloudtrail"
)

// Result is what happened to one event in the assembly.
type Result struct {
	// EventID is the CloudTrail eventID (detail.eventID), else the
	// EventBridge event id.
	EventID string `json:"eventID"`
	// EventName is detail.eventName, when present.
	EventName string `json:"eventName,omitempty"`
	// Source and DetailType are the event's source and detail-type.
	Source string `json:"source,omitempty"`
	// DetailType: see Source.
	DetailType string `json:"detailType,omitempty"`
	// Region is the event's region: where CloudTrail put it on the default
	// bus.
	Region string `json:"region"`
	// ReadOnly reports a read-only CloudTrail API call (detail-type "AWS API
	// Call via CloudTrail" and detail.readOnly true), which only rules in
	// state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS receive.
	ReadOnly bool `json:"readOnly,omitempty"`
	// Buses lists the event buses the event reached, in order: the default
	// bus of Region first, then those forwarding rules delivered it to.
	Buses []string `json:"buses"`
	// Matches lists the rules that fire, in the order the event reaches
	// them.
	Matches []Match `json:"matches"`
	// NotMatched lists every other rule with the reason it does not fire;
	// Route fills it, RulesFiring does not.
	NotMatched []Miss `json:"notMatched,omitempty"`
}

// Match is a rule that fires.
type Match struct {
	// Stack, Path, LogicalID, Region, Bus and State are the rule's.
	Stack string `json:"stack"`
	// Path is the rule's construct path.
	Path string `json:"path"`
	// LogicalID is the rule's logical ID.
	LogicalID string `json:"logicalID"`
	// Region is the region the rule fired in.
	Region string `json:"region"`
	// Bus is the event bus the rule is on.
	Bus string `json:"bus"`
	// State is the rule's state.
	State string `json:"state"`
	// Targets are the rule's targets.
	Targets []Target `json:"targets"`
	// Hop says how the event got to the rule: empty on the bus CloudTrail
	// put it on, else "forwarded from us-west-2 by PATH" (one clause per
	// hop, joined by "; ").
	Hop string `json:"hop,omitempty"`
	// Via lists the forwarding hops, first hop first.
	Via []Hop `json:"via,omitempty"`
	// Forwards lists the buses this rule delivered the event to, as
	// "REGION/NAME"; a bus the event had already reached is followed by
	// " (already reached: not routed again)".
	Forwards []string `json:"forwards,omitempty"`
	// Unresolved is the rule's Unresolved: the match depends on values
	// that were not resolved offline.
	Unresolved []string `json:"unresolved,omitempty"`
	// Rule is the rule.
	Rule *Rule `json:"-"`
}

// Hop is one forwarding step: a rule on bus From delivered the event to bus
// To.
type Hop struct {
	// From is the bus the forwarding rule is on.
	From Bus `json:"from"`
	// To is the bus the event was delivered to.
	To Bus `json:"to"`
	// Path is the forwarding rule's construct path.
	Path string `json:"path"`
}

// Miss is a rule that does not fire, and why.
type Miss struct {
	// Stack is the rule's stack.
	Stack string `json:"stack"`
	// Path is the rule's construct path.
	Path string `json:"path"`
	// LogicalID is the rule's logical ID.
	LogicalID string `json:"logicalID"`
	// Region is the rule's region.
	Region string `json:"region"`
	// Reason says why the rule does not fire; it starts with what rules
	// the event out: "region:", "bus:", "state:", "pattern:" or
	// "scheduled rule".
	Reason string `json:"reason"`
	// Rule is the rule.
	Rule *Rule `json:"-"`
}

// Fired returns the matches of the rules pathSuffix names (see Rule.Is).
func (r *Result) Fired(pathSuffix string) []Match {
	var out []Match
	for _, m := range r.Matches {
		if m.Rule.Is(pathSuffix) {
			out = append(out, m)
		}
	}
	return out
}

// eventHead is what routing reads from an event besides the pattern
// matching.
type eventHead struct {
	ID         string      `json:"id"`
	DetailType *string     `json:"detail-type"`
	Source     string      `json:"source"`
	Region     string      `json:"region"`
	Detail     *detailHead `json:"detail"`
	// Present in bare records and log files only.
	EventVersion *string         `json:"eventVersion"`
	EventSource  *string         `json:"eventSource"`
	Records      json.RawMessage `json:"Records"`
}

type detailHead struct {
	EventID   string          `json:"eventID"`
	EventName string          `json:"eventName"`
	ReadOnly  json.RawMessage `json:"readOnly"`
}

// Route routes one event through the assembly, as EventBridge would, and
// says which rules fire and why each other rule does not. event is an
// EventBridge event, or a bare CloudTrail record (wrapped with WrapRecord);
// use Inputs for log files.
//
// The event starts on the default bus of its region (the "region" field): a
// rule sees it there only when the rule's stack is in that region and the
// rule is on the default bus. A rule fires when its pattern matches and
//
//   - it is not DISABLED and has no ScheduleExpression (scheduled rules never
//     match events);
//   - the event is not a read-only CloudTrail API call (detail.readOnly true),
//     or the rule's state is ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
//     EventBridge documents the state for the bus CloudTrail delivers to; Route
//     takes the conservative reading and requires it at every hop, forwarding
//     rules included.
//
// A rule that fires and targets an event bus (an ARN
// arn:PARTITION:events:REGION:ACCOUNT:event-bus/NAME, literal or resolved
// from the template, or a bus of the same template) delivers the event,
// unchanged, to that bus, where the rules on that bus name in that region see
// it in turn. Each bus is reached at most once per event, so forwarding loops
// end. Accounts are not modelled: every stack is taken to be in the account
// the event is in.
func (a *Assembly) Route(event []byte) (*Result, error) {
	return a.route(event, true)
}

// RulesFiring returns the rules that fire for event, like Route but without
// the reasons for the rules that do not (which is faster).
func (a *Assembly) RulesFiring(event []byte) ([]Match, error) {
	res, err := a.route(event, false)
	if err != nil {
		return nil, err
	}
	return res.Matches, nil
}

type delivery struct {
	bus Bus
	via []Hop
}

func (a *Assembly) route(event []byte, explain bool) (*Result, error) {
	head, err := decodeHead(event)
	if err != nil {
		return nil, err
	}
	if head.DetailType == nil && head.Detail == nil && (head.EventVersion != nil || head.EventSource != nil) {
		wrapped, err := WrapRecord(event)
		if err != nil {
			return nil, fmt.Errorf("simulate: %w", err)
		}
		event = wrapped
		if head, err = decodeHead(event); err != nil {
			return nil, err
		}
	} else if head.Records != nil && head.DetailType == nil {
		return nil, errors.New("simulate: event: a CloudTrail log file, not an event: read it with Inputs")
	}
	ev, err := eventpattern.ParseEvent(event)
	if err != nil {
		return nil, fmt.Errorf("simulate: event: %w", err)
	}
	if head.Region == "" {
		return nil, errors.New("simulate: event: no region: the region decides which rules see it")
	}
	var d detailHead
	if head.Detail != nil {
		d = *head.Detail
	}
	res := &Result{
		EventID:   d.EventID,
		EventName: d.EventName,
		Source:    head.Source,
		Region:    head.Region,
		Matches:   []Match{},
	}
	if head.DetailType != nil {
		res.DetailType = *head.DetailType
	}
	if res.EventID == "" {
		res.EventID = head.ID
	}
	res.ReadOnly = res.DetailType == cloudtrail.DetailTypeAPICall && isTrue(d.ReadOnly)

	reached := map[busKey]bool{}
	evaluated := map[*Rule]string{} // rule -> reason ("" when it fired)
	start := Bus{Region: head.Region, Name: DefaultBus}
	queue := []delivery{{bus: start}}
	reached[busKey{start.Region, start.Name}] = true
	for len(queue) > 0 {
		dl := queue[0]
		queue = queue[1:]
		res.Buses = append(res.Buses, dl.bus.String())
		rules := a.byBus[busKey{dl.bus.Region, dl.bus.Name}]
		if wild := a.byBus[busKey{unknownRegion, dl.bus.Name}]; len(wild) > 0 && dl.bus.Region != unknownRegion {
			rules = append(slices.Clip(rules), wild...)
		}
		for _, r := range rules {
			if _, done := evaluated[r]; done {
				continue
			}
			why := evaluate(r, ev, res.ReadOnly, explain)
			evaluated[r] = why
			if why != "" {
				continue
			}
			m := Match{
				Stack: r.Stack, Path: r.Path, LogicalID: r.LogicalID, Region: dl.bus.Region,
				Bus: r.EventBus, State: r.State, Targets: r.Targets, Via: dl.via,
				Unresolved: r.Unresolved, Rule: r,
			}
			m.Hop = hopText(dl.via)
			for _, t := range r.Targets {
				if t.EventBus == nil {
					continue
				}
				to := Bus{Region: t.EventBus.Region, Account: t.EventBus.Account, Name: t.EventBus.Name}
				k := busKey{to.Region, to.Name}
				if reached[k] {
					m.Forwards = append(m.Forwards, to.String()+" (already reached: not routed again)")
					continue
				}
				reached[k] = true
				m.Forwards = append(m.Forwards, to.String())
				via := append(slices.Clip(dl.via), Hop{From: dl.bus, To: to, Path: r.Path})
				queue = append(queue, delivery{bus: to, via: via})
			}
			res.Matches = append(res.Matches, m)
		}
	}
	if !explain {
		return res, nil
	}
	regions := map[string][]string{}
	for _, b := range res.Buses {
		reg, name, _ := strings.Cut(b, "/")
		regions[reg] = append(regions[reg], name)
	}
	for _, r := range a.Rules {
		why, done := evaluated[r]
		if done && why == "" {
			continue
		}
		if !done {
			// A rule that never fires says so, wherever it is.
			if why = staticReason(r); why == "" {
				why = unreachedReason(r, head.Region, regions) + blockedForwarders(a.Rules, r, evaluated)
			}
		}
		res.NotMatched = append(res.NotMatched, Miss{Stack: r.Stack, Path: r.Path, LogicalID: r.LogicalID, Region: r.Region, Reason: why, Rule: r})
	}
	return res, nil
}

// decodeHead reads what routing needs besides the pattern matching, in one
// pass over the event.
func decodeHead(event []byte) (*eventHead, error) {
	var head eventHead
	err := json.Unmarshal(event, &head)
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		// A field of another type than expected (detail not an object,
		// eventID a number): such fields are informative only.
		var loose struct {
			ID         any     `json:"id"`
			DetailType *string `json:"detail-type"`
			Source     any     `json:"source"`
			Region     string  `json:"region"`
		}
		if err = json.Unmarshal(event, &loose); err == nil {
			head = eventHead{DetailType: loose.DetailType, Region: loose.Region}
			head.ID, _ = loose.ID.(string)
			head.Source, _ = loose.Source.(string)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("simulate: event: %w", err)
	}
	return &head, nil
}

func hopText(via []Hop) string {
	parts := make([]string, len(via))
	for i, h := range via {
		from := h.From.Region
		if h.From.Name != DefaultBus {
			from += " (bus " + h.From.Name + ")"
		}
		parts[i] = "forwarded from " + from + " by " + h.Path
	}
	return strings.Join(parts, "; ")
}

// evaluate returns "" when r fires for ev, else why not (a bare "x" when
// explain is false).
func evaluate(r *Rule, ev *eventpattern.Event, readOnly, explain bool) string {
	if why := staticReason(r); why != "" {
		return why
	}
	if !explain {
		if !r.Pattern.MatchEvent(ev) || readOnly && r.State != StateEnabledAllManagementEvents {
			return "x"
		}
		return ""
	}
	// The pattern first: for a rule the event has nothing to do with, "its
	// state would also block read-only events" is noise.
	if ok, why := r.Pattern.Explain(ev); !ok {
		reason := "pattern: " + why
		if len(r.Unresolved) > 0 {
			reason += " (the pattern depends on values not resolved offline: " + strings.Join(r.Unresolved, ", ") + ")"
		}
		return reason
	}
	if readOnly && r.State != StateEnabledAllManagementEvents {
		return "state: event is read-only (readOnly=true) and the rule's state is " + r.State + "; set " + StateEnabledAllManagementEvents + " to receive it"
	}
	return ""
}

// staticReason says why r never fires for any event, or "".
func staticReason(r *Rule) string {
	if r.ScheduleExpression != "" {
		return "scheduled rule (" + r.ScheduleExpression + "): it runs on its schedule and never matches events"
	}
	switch r.State {
	case StateEnabled, StateEnabledAllManagementEvents:
	case StateDisabled:
		return "state: DISABLED"
	default:
		return fmt.Sprintf("state: %q is not a state that delivers events", r.State)
	}
	if r.Pattern == nil {
		if r.PatternErr != nil {
			return "pattern: invalid: " + r.PatternErr.Error()
		}
		return "pattern: the rule has no EventPattern"
	}
	return ""
}

// unreachedReason says why r never saw the event: regions maps each region
// the event reached to the buses it reached there.
func unreachedReason(r *Rule, from string, regions map[string][]string) string {
	if r.Region == unknownRegion { // simulated in every region
		var all []string
		for reg, names := range regions {
			for _, n := range names {
				all = append(all, reg+"/"+n)
			}
		}
		slices.Sort(all)
		return fmt.Sprintf("bus: rule is on event bus %q; the event reached only %s (no rule forwards it to %q)",
			r.EventBus, quoteList(all), r.EventBus)
	}
	buses, ok := regions[r.Region]
	if !ok {
		return fmt.Sprintf("region: rule is in %s, event is from %s (no forwarder delivers it)", r.Region, from)
	}
	return fmt.Sprintf("bus: rule is on event bus %q; in %s the event reached only %s (no rule forwards it to %q)",
		r.EventBus, r.Region, quoteList(buses), r.EventBus)
}

// blockedForwarders names the rules that saw the event, target r's bus (or,
// when r's region was not reached, any bus of r's region) and did not fire,
// with their reasons: usually the answer to "why didn't my rule fire".
func blockedForwarders(rules []*Rule, r *Rule, evaluated map[*Rule]string) string {
	var parts []string
	for _, f := range rules {
		why := evaluated[f]
		if why == "" {
			continue
		}
		for _, t := range f.Targets {
			if t.EventBus == nil || t.EventBus.Region != r.Region && r.Region != unknownRegion {
				continue
			}
			if t.EventBus.Name == r.EventBus {
				parts = append(parts, fmt.Sprintf("%s forwards to %s but does not fire: %s", f.Path, t.EventBus, why))
				break
			}
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, "; ")
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// isTrue reports a JSON true, or a string "true" in any case (as some
// CloudTrail records write booleans).
func isTrue(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return bytes.Equal(raw, []byte("true")) || bytes.EqualFold(raw, []byte(`"true"`))
}
