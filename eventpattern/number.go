package eventpattern

// EventBridge compares numbers through event-ruler's ComparableNumber: a value
// takes part in numeric comparison only if it lies in [-5e9, 5e9] and has at
// most six digits right of the decimal point (after dropping trailing zeros).
// Such a value is exact as an int64 count of millionths, which is how this
// package stores it, so 300, 300.0 and 3e2 compare equal without any
// floating-point rounding.

const (
	numScale = 1_000_000                // millionths
	numLimit = 5_000_000_000 * numScale // 5e9, in millionths
	maxExp   = 1 << 20                  // exponent magnitudes beyond this are clamped
	errRange = "Value must be between -5.0E9 and 5.0E9, inclusive"
	errScale = "Only values upto 6 decimals are supported"
)

// numberStatus says why a number literal is or is not comparable.
type numberStatus uint8

const (
	numOK numberStatus = iota
	numTooPrecise
	numOutOfRange
)

// comparableNumber converts a valid JSON number literal into millionths.
func comparableNumber(s string) (int64, numberStatus) {
	i := 0
	neg := false
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	intStart := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	intEnd := i
	fracStart, fracEnd := i, i
	if i < len(s) && s[i] == '.' {
		i++
		fracStart = i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		fracEnd = i
	}
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if exp < maxExp {
				exp = exp*10 + int(s[i]-'0')
			}
			i++
		}
		if eneg {
			exp = -exp
		}
	}
	nInt := intEnd - intStart
	nDigits := nInt + (fracEnd - fracStart)
	digit := func(k int) byte {
		if k < nInt {
			return s[intStart+k]
		}
		return s[fracStart+k-nInt]
	}
	// Significant digits are digit(first..last); value = D * 10^(e10).
	first := 0
	for first < nDigits && digit(first) == '0' {
		first++
	}
	if first == nDigits {
		return 0, numOK
	}
	last := nDigits - 1
	for digit(last) == '0' {
		last--
	}
	// Exponent of the last significant digit.
	e10 := exp - (fracEnd - fracStart) + (nDigits - 1 - last)
	scaleExp := e10 + 6 // exponent once multiplied by 1e6
	if scaleExp < 0 {
		return 0, numTooPrecise
	}
	sig := last - first + 1
	if sig+scaleExp > 16 {
		return 0, numOutOfRange
	}
	var v int64
	for k := first; k <= last; k++ {
		v = v*10 + int64(digit(k)-'0')
	}
	for ; scaleExp > 0; scaleExp-- {
		v *= 10
	}
	if v > numLimit {
		return 0, numOutOfRange
	}
	if neg {
		v = -v
	}
	return v, numOK
}

func (s numberStatus) message() string {
	if s == numTooPrecise {
		return errScale
	}
	return errRange
}
