package catalog

import (
	"slices"
	"strings"

	nearmatch "github.com/trailbridge/trailbridge/internal/suggest"
)

// suggest returns up to limit candidates close to input: candidates that
// start with input (or that input starts with), and candidates within a small
// Levenshtein distance (2, or 3 for inputs of 12 characters or more). Closer
// candidates come first, ties in alphabetical order. An exact
// (case-insensitive) match is returned alone.
func suggest(input string, candidates []string, limit int) []string {
	in := strings.ToLower(strings.TrimSpace(input))
	if in == "" {
		return nil
	}
	maxDist := 2
	if len(in) >= 12 {
		maxDist = 3
	}
	type scored struct {
		name  string
		score int
	}
	var hits []scored
	for _, c := range candidates {
		d := levenshtein(in, c)
		if d == 0 {
			return []string{c}
		}
		prefix := len(in) >= 2 && (strings.HasPrefix(c, in) || strings.HasPrefix(in, c))
		switch {
		case prefix:
			hits = append(hits, scored{c, min(d, 1)})
		case d <= maxDist:
			hits = append(hits, scored{c, d})
		}
	}
	slices.SortFunc(hits, func(a, b scored) int {
		if a.score != b.score {
			return a.score - b.score
		}
		return strings.Compare(a.name, b.name)
	})
	out := make([]string, 0, min(limit, len(hits)))
	for _, h := range hits {
		if len(out) == limit {
			break
		}
		out = append(out, h.name)
	}
	return out
}

// levenshtein returns the edit distance between a and b (shared with the
// other near-match hints of the project, package internal/suggest).
func levenshtein(a, b string) int { return nearmatch.Distance(a, b) }
