// Package suggest finds the known names closest to a misspelt one, so that
// every "unknown X" error in trailbridge can say what was probably meant.
package suggest

import (
	"sort"
	"strings"
)

// Closest returns up to max candidates nearest to word, nearest first.
// A candidate qualifies when its edit distance (case-insensitive) is at most
// a third of the longer length (at least 2), or when one is a prefix of the
// other. Ties keep the order of candidates.
func Closest(word string, candidates []string, max int) []string {
	type scored struct {
		name string
		d    int
		i    int
	}
	w := strings.ToLower(word)
	var found []scored
	for i, c := range candidates {
		lc := strings.ToLower(c)
		d := Distance(w, lc)
		limit := max2(len(w), len(lc)) / 3
		if limit < 2 {
			limit = 2
		}
		if d <= limit || (len(w) >= 2 && (strings.HasPrefix(lc, w) || strings.HasPrefix(w, lc))) {
			found = append(found, scored{c, d, i})
		}
	}
	sort.SliceStable(found, func(a, b int) bool { return found[a].d < found[b].d })
	out := make([]string, 0, max)
	for _, s := range found {
		if len(out) == max {
			break
		}
		out = append(out, s.name)
	}
	return out
}

// Hint formats Closest's answer as `; did you mean "a" or "b"?`, or "" when
// nothing is close.
func Hint(word string, candidates []string) string {
	return Format(Closest(word, candidates, 3))
}

// Format formats names already chosen as `; did you mean "a" or "b"?`, or
// "" for none.
func Format(c []string) string {
	if len(c) == 0 {
		return ""
	}
	q := make([]string, len(c))
	for i, s := range c {
		q[i] = `"` + s + `"`
	}
	return "; did you mean " + strings.Join(q, " or ") + "?"
}

func max2(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// Distance is the Levenshtein distance between a and b (insertions,
// deletions, substitutions of runes).
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
