package eventpattern

import (
	"fmt"
	"slices"
	"strings"
)

// wildcard is a compiled "wildcard" operand: literal segments separated by
// unescaped '*' characters.
type wildcard struct {
	segs   []string
	tokens []int16 // bytes, or tokStar, used by the complexity check
}

const tokStar = -1

// parseWildcard validates and compiles a wildcard value. Like event-ruler,
// '\*' is a literal star, '\\' a literal backslash, any other escape is an
// error, and two unescaped stars may not be adjacent. Reported positions count
// the opening quote that event-ruler prepends to the value.
func parseWildcard(s string) (*wildcard, string) {
	w := &wildcard{}
	var cur []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '*':
			if i+1 < len(s) && s[i+1] == '*' {
				return nil, fmt.Sprintf("Consecutive wildcard characters at pos %d", i+1)
			}
			w.segs = append(w.segs, string(cur))
			cur = cur[:0]
			w.tokens = append(w.tokens, tokStar)
		case '\\':
			if i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '\\') {
				i++
				cur = append(cur, s[i])
				w.tokens = append(w.tokens, int16(s[i]))
				continue
			}
			return nil, fmt.Sprintf("Invalid escape character at pos %d", i+1)
		default:
			cur = append(cur, c)
			w.tokens = append(w.tokens, int16(c))
		}
	}
	w.segs = append(w.segs, string(cur))
	return w, ""
}

func (w *wildcard) match(s string) bool {
	segs := w.segs
	if len(segs) == 1 {
		return s == segs[0]
	}
	first, last := segs[0], segs[len(segs)-1]
	if len(s) < len(first)+len(last) || !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	s = s[len(first) : len(s)-len(last)]
	for _, seg := range segs[1 : len(segs)-1] {
		i := strings.Index(s, seg)
		if i < 0 {
			return false
		}
		s = s[i+len(seg):]
	}
	return true
}

// maxWildcardComplexity is the largest complexity EventBridge admits. Above
// it, rules fail with "Rule is too complex".
const maxWildcardComplexity = 10

const errTooComplex = "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character"

// wildcardComplexity estimates event-ruler's MachineComplexityEvaluator for the
// wildcard patterns that share one field: the largest number of wildcard
// pattern prefixes that a single input value can keep alive at once.
//
// The model follows event-ruler's byte machine. Each value is matched with
// its surrounding quotes. Patterns share states along their literal prefix up
// to and including the first '*' state; after that every pattern has its own
// chain. A '*' is a state with a self loop on every byte that is entered on
// any byte; the literal following a '*' is reachable both from the '*' state
// and from the state before it (the star matching nothing). A state weighs the
// number of distinct patterns that pass through it, and a set of states also
// counts the '*' states one byte away that are not yet in the set.
func wildcardComplexity(patterns [][]int16) int {
	type state struct {
		lit    map[int16][]int
		any    []int
		weight map[int]bool
		trie   map[int16]int // determinate prefix children
		star   int           // shared first-star state, 0 if none
	}
	states := []*state{{}}
	newState := func() int {
		states = append(states, &state{})
		return len(states) - 1
	}
	addLit := func(from int, b int16, to int) {
		s := states[from]
		if s.lit == nil {
			s.lit = map[int16][]int{}
		}
		if !slices.Contains(s.lit[b], to) {
			s.lit[b] = append(s.lit[b], to)
		}
	}
	alphabet := map[int16]bool{}
	for id, toks := range patterns {
		seq := make([]int16, 0, len(toks)+2)
		seq = append(seq, '"')
		seq = append(seq, toks...)
		seq = append(seq, '"')
		cur := 0
		determinate := true
		prevBeforeStar := -1 // state preceding the current star, for skips
		for _, t := range seq {
			var next int
			if t == tokStar {
				if determinate && states[cur].star != 0 {
					next = states[cur].star
				} else {
					next = newState()
					states[next].any = []int{next}
					states[cur].any = append(states[cur].any, next)
					if determinate {
						states[cur].star = next
					}
				}
				determinate = false
				prevBeforeStar = cur
			} else {
				alphabet[t] = true
				if determinate {
					if states[cur].trie == nil {
						states[cur].trie = map[int16]int{}
					}
					if n, ok := states[cur].trie[t]; ok {
						next = n
					} else {
						next = newState()
						states[cur].trie[t] = next
						addLit(cur, t, next)
					}
				} else {
					next = newState()
					addLit(cur, t, next)
					if prevBeforeStar >= 0 {
						addLit(prevBeforeStar, t, next)
					}
				}
				prevBeforeStar = -1
			}
			if states[next].weight == nil {
				states[next].weight = map[int]bool{}
			}
			states[next].weight[id] = true
			cur = next
		}
	}
	bytesToTry := []int16{-2} // -2 stands for any byte with no literal edge
	for b := range alphabet {
		bytesToTry = append(bytesToTry, b)
	}
	slices.Sort(bytesToTry)
	seen := map[string]bool{}
	pending := [][]int{{0}}
	maximum := 0
	const maxSets = 20000
	for len(pending) > 0 && len(seen) < maxSets {
		set := pending[len(pending)-1]
		pending = pending[:len(pending)-1]
		for _, b := range bytesToTry {
			in := map[int]bool{}
			for _, id := range set {
				for _, n := range states[id].any {
					in[n] = true
				}
				if b >= 0 {
					for _, n := range states[id].lit[b] {
						in[n] = true
					}
				}
			}
			if len(in) == 0 {
				continue
			}
			next := make([]int, 0, len(in))
			size := 0
			for id := range in {
				next = append(next, id)
				size += len(states[id].weight)
				for _, w := range states[id].any {
					if !in[w] {
						size += len(states[w].weight)
					}
				}
			}
			if size > maximum {
				maximum = size
				if maximum > maxWildcardComplexity {
					return maximum
				}
			}
			slices.Sort(next)
			key := fmt.Sprint(next)
			if !seen[key] {
				seen[key] = true
				pending = append(pending, next)
			}
		}
	}
	return maximum
}
