package eventpattern

import (
	"bytes"
	"net/netip"
	"strconv"
	"strings"
)

// ipAddr is an IPv4 (first 4 bytes used) or IPv6 address.
type ipAddr struct {
	b  [16]byte
	v4 bool
}

func (a ipAddr) bytes() []byte {
	if a.v4 {
		return a.b[:4]
	}
	return a.b[:]
}

// looksLikeIPv4 mirrors event-ruler's regex [0-9]+\.[0-9]+\.[0-9]+\.[0-9]+.
func looksLikeIPv4(s string) bool {
	parts, digits := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			if digits == 0 {
				return false
			}
			parts++
			digits = 0
		default:
			return false
		}
	}
	return parts == 3 && digits > 0
}

// looksLikeIPv6 mirrors event-ruler's regex [0-9a-fA-F:]*:[0-9a-fA-F:]*.
func looksLikeIPv6(s string) bool {
	colon := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ':' {
			colon = true
			continue
		}
		if hexVal(c) < 0 {
			return false
		}
	}
	return colon
}

// parseIPv4 reads a dotted quad the way Java's InetAddress does: decimal
// parts 0..255 (leading zeros read as decimal), at most 15 characters.
func parseIPv4(s string) (ipAddr, bool) {
	var a ipAddr
	if len(s) > 15 {
		return a, false
	}
	part, n := 0, 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			a.b[part] = byte(n)
			part++
			n = 0
			continue
		}
		n = n*10 + int(s[i]-'0')
		if n > 255 {
			return a, false
		}
	}
	a.v4 = true
	return a, true
}

// parseIP converts an IP address literal as event-ruler does. ok is false for
// anything that is not an IPv4 or IPv6 literal. IPv4-mapped IPv6 addresses
// become IPv4, as Java's InetAddress returns them.
func parseIP(s string) (ipAddr, bool) {
	if looksLikeIPv4(s) {
		return parseIPv4(s)
	}
	if looksLikeIPv6(s) {
		return parseIPv6(s)
	}
	return ipAddr{}, false
}

func parseIPv6(s string) (ipAddr, bool) {
	var a ipAddr
	addr, err := netip.ParseAddr(s)
	if err != nil || !addr.Is6() {
		return a, false
	}
	if addr.Is4In6() {
		a.b = [16]byte{}
		v4 := addr.Unmap().As4()
		copy(a.b[:4], v4[:])
		a.v4 = true
		return a, true
	}
	a.b = addr.As16()
	return a, true
}

// quickIPCandidate rejects most non-IP strings cheaply.
func quickIPCandidate[T string | []byte](s T) bool {
	if len(s) < 2 || len(s) > 45 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '.' && c != ':' && hexVal(c) < 0 {
			return false
		}
	}
	return true
}

// ipRange is an inclusive address range of one family.
type ipRange struct {
	lo, hi ipAddr
}

func (r *ipRange) contains(a *ipAddr) bool {
	if a.v4 != r.lo.v4 {
		return false
	}
	b := a.bytes()
	return bytes.Compare(r.lo.bytes(), b) <= 0 && bytes.Compare(b, r.hi.bytes()) <= 0
}

// parseCIDR compiles a "cidr" operand, with event-ruler's validation and
// messages.
func parseCIDR(s string) (ipRange, string) {
	var r ipRange
	// Java's String.split drops trailing empty strings.
	parts := strings.Split(s, "/")
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	if len(parts) != 2 {
		return r, "Malformed CIDR, one '/' required"
	}
	bits, err := strconv.ParseInt(parts[1], 10, 32)
	if err != nil {
		return r, "Malformed CIDR, mask bits must be an integer"
	}
	if bits < 0 {
		return r, "Malformed CIDR, mask bits must not be negative"
	}
	host := parts[0]
	if !looksLikeIPv4(host) && !looksLikeIPv6(host) {
		return r, "Nonstandard IP address: " + host
	}
	addr, ok := parseIP(host)
	if !ok {
		return r, "Invalid IP address: " + host
	}
	width := 128
	if addr.v4 {
		width = 32
		if bits > 31 {
			return r, "IPv4 mask bits must be < 32"
		}
	} else if bits > 127 {
		return r, "IPv6 mask bits must be < 128"
	}
	r.lo, r.hi = addr, addr
	variable := width - int(bits)
	n := width / 8
	for i := n - 1; i >= 0 && variable > 0; i-- {
		k := min(8, variable)
		mask := byte(0xff >> (8 - k)) // k low bits
		r.lo.b[i] &^= mask
		r.hi.b[i] |= mask
		variable -= 8
	}
	return r, ""
}

func (a ipAddr) String() string {
	if a.v4 {
		return netip.AddrFrom4([4]byte(a.b[:4])).String()
	}
	return netip.AddrFrom16(a.b).String()
}
