package simulate

import (
	"fmt"
	"slices"
	"strings"
)

// Mermaid returns a Mermaid flowchart (flowchart LR) of the assembly: one
// subgraph per region holding its event buses, rules and targets; edges from
// each bus to the rules on it (dotted for disabled rules), from each rule to
// its targets, and from forwarding rules to the bus they deliver to, across
// regions. Scheduled rules hang off a node holding their schedule. The
// output depends only on the assembly, so it can be kept under version
// control and diffed.
func (a *Assembly) Mermaid() string {
	type node struct{ id, label, shape string }
	regionNodes := map[string][]node{} // region -> nodes declared in it
	var regions []string
	addRegion := func(r string) {
		if !slices.Contains(regions, r) {
			regions = append(regions, r)
		}
	}
	busIDs := map[busKey]string{}
	busID := func(region, name string) string {
		k := busKey{region, name}
		if id, ok := busIDs[k]; ok {
			return id
		}
		id := fmt.Sprintf("bus%d", len(busIDs))
		busIDs[k] = id
		addRegion(region)
		regionNodes[region] = append(regionNodes[region], node{id, "bus: " + name, "stadium"})
		return id
	}
	targetIDs := map[string]string{}
	var edges []string
	for i, r := range a.Rules {
		addRegion(r.Region)
		rid := fmt.Sprintf("rule%d", i)
		label := r.DisplayPath()
		if r.State != StateEnabled {
			label += "<br/>" + r.State
		}
		if len(r.Unresolved) > 0 {
			label += "<br/>unresolved: " + strings.Join(r.Unresolved, ", ")
		}
		regionNodes[r.Region] = append(regionNodes[r.Region], node{rid, label, "box"})
		switch {
		case r.ScheduleExpression != "":
			sid := fmt.Sprintf("sched%d", i)
			regionNodes[r.Region] = append(regionNodes[r.Region], node{sid, r.ScheduleExpression, "circle"})
			edges = append(edges, sid+" --> "+rid)
		case r.State == StateDisabled:
			edges = append(edges, busID(r.Region, r.EventBus)+" -.-> "+rid)
		default:
			edges = append(edges, busID(r.Region, r.EventBus)+" --> "+rid)
		}
		for _, t := range r.Targets {
			if t.EventBus != nil {
				edges = append(edges, rid+" -->|forward| "+busID(t.EventBus.Region, t.EventBus.Name))
				continue
			}
			key, tl := t.ARN, t.ARN
			if t.LogicalID != "" {
				key = t.Stack + "\x00" + t.LogicalID
				what := t.LogicalID
				if t.Path != "" {
					what = strings.TrimSuffix(t.Path, "/Resource")
				}
				tl = strings.TrimPrefix(t.Type, "AWS::") + "<br/>" + what
			}
			tid, ok := targetIDs[key]
			if !ok {
				tid = fmt.Sprintf("target%d", len(targetIDs))
				targetIDs[key] = tid
				regionNodes[r.Region] = append(regionNodes[r.Region], node{tid, tl, "target"})
			}
			extras := strings.Join(t.Settings(true), ", ")
			if extras != "" {
				edges = append(edges, rid+" -->|"+quoteLabel(extras)+"| "+tid)
			} else {
				edges = append(edges, rid+" --> "+tid)
			}
		}
	}
	slices.Sort(regions)
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for i, reg := range regions {
		fmt.Fprintf(&b, "  subgraph region%d[%s]\n", i, quoteLabel(reg))
		nodes := regionNodes[reg]
		// Buses first, then rules, schedules and targets as declared.
		slices.SortStableFunc(nodes, func(x, y node) int {
			return boolInt(x.shape != "stadium") - boolInt(y.shape != "stadium")
		})
		for _, n := range nodes {
			l := quoteLabel(n.label)
			switch n.shape {
			case "stadium":
				fmt.Fprintf(&b, "    %s([%s])\n", n.id, l)
			case "circle":
				fmt.Fprintf(&b, "    %s((%s))\n", n.id, l)
			case "target":
				fmt.Fprintf(&b, "    %s>%s]\n", n.id, l)
			default:
				fmt.Fprintf(&b, "    %s[%s]\n", n.id, l)
			}
		}
		b.WriteString("  end\n")
	}
	for _, e := range edges {
		b.WriteString("  " + e + "\n")
	}
	return b.String()
}

// quoteLabel makes s a quoted Mermaid label.
func quoteLabel(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, "#quot;") + `"`
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
