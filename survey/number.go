package survey

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// pow10 holds the powers of ten that are exact in float64.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// numbers parses the numeric fields of one file: it knows the missing-value
// codes and keeps the decimal-separator state of the file.
type numbers struct {
	codes []string // declared missing-value codes, trimmed
	dec   Decimal  // DecimalPoint or DecimalComma once known; DecimalAuto while undecided
	// where the style was fixed, for messages ("first at line 3")
	decLine int
}

// newNumbers returns the number parser of a file with delimiter delim.
func newNumbers(c *config, delim Delimiter) *numbers {
	n := &numbers{dec: c.decimal}
	if n.dec == DecimalAuto && delim == Comma {
		n.dec = DecimalPoint
	}
	for _, s := range c.missing {
		if s = strings.TrimSpace(s); s != "" {
			n.codes = append(n.codes, s)
		}
	}
	return n
}

// isMissing reports whether the trimmed field s means "no answer": empty,
// NA, N/A, "-" (in any case) or a declared code (compared exactly).
func (n *numbers) isMissing(s string) bool {
	switch len(s) {
	case 0:
		return true
	case 1:
		if s[0] == '-' {
			return true
		}
	case 2:
		if (s[0] == 'N' || s[0] == 'n') && (s[1] == 'A' || s[1] == 'a') {
			return true
		}
	case 3:
		if (s[0] == 'N' || s[0] == 'n') && s[1] == '/' && (s[2] == 'A' || s[2] == 'a') {
			return true
		}
	}
	for _, c := range n.codes {
		if s == c {
			return true
		}
	}
	return false
}

// trimSpace trims ASCII spaces and tabs; it does not allocate.
func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// parseSmall parses the commonest fields of survey files without a call:
// one or two digits, or an empty field. ok is false for anything else,
// which parse handles.
func parseSmall(s string) (v float64, missing, ok bool) {
	switch len(s) {
	case 0:
		return 0, true, true
	case 1:
		if d := s[0] - '0'; d <= 9 {
			return float64(d), false, true
		}
	case 2:
		if d0, d1 := s[0]-'0', s[1]-'0'; d0 <= 9 && d1 <= 9 && d0 > 0 {
			return float64(10*d0 + d1), false, true
		}
	}
	return 0, false, false
}

// parse parses the field s (a number, or a missing value). It returns
// missing = true for a missing value; otherwise v is finite, or err says why
// not. line is the field's line, remembered when s fixes the file's decimal
// style. parse does not allocate unless s is long or has an exponent.
func (n *numbers) parse(s string, line int) (v float64, missing bool, err error) {
	s = trimSpace(s)
	for _, c := range n.codes {
		if s == c {
			return 0, true, nil
		}
	}
	// The fast path: a small integer or plain decimal.
	if len(s) > 0 && len(s) <= 17 {
		i := 0
		neg := false
		if s[0] == '-' || s[0] == '+' {
			neg = s[0] == '-'
			i = 1
		}
		var mant uint64
		digits, frac := 0, -1
		var sep byte
		for ; i < len(s); i++ {
			c := s[i]
			if c >= '0' && c <= '9' {
				mant = mant*10 + uint64(c-'0')
				digits++
				if frac >= 0 {
					frac++
				}
				continue
			}
			if (c == '.' || c == ',') && frac < 0 {
				sep = c
				frac = 0
				continue
			}
			break
		}
		if i == len(s) && digits > 0 && digits <= 15 {
			if sep != 0 {
				if err := n.separator(sep, line); err != nil {
					return 0, false, err
				}
			}
			v = float64(mant)
			if frac > 0 {
				v /= pow10[frac]
			}
			if neg {
				v = -v
			}
			return v, false, nil
		}
	}
	if n.isMissing(s) {
		return 0, true, nil
	}
	return n.slow(s, line)
}

// separator checks the decimal separator c against the file's style, fixing
// the style if it is still undecided.
func (n *numbers) separator(c byte, line int) error {
	want := DecimalPoint
	if c == ',' {
		want = DecimalComma
	}
	switch n.dec {
	case want:
		return nil
	case DecimalAuto:
		n.dec, n.decLine = want, line
		return nil
	}
	if n.decLine > 0 {
		return &cause{kind: ErrMixedDecimal, detail: ErrMixedDecimal,
			text: fmt.Sprintf("the file uses a decimal %s (first at line %d)", n.dec.word(), n.decLine)}
	}
	if c == ',' {
		return &cause{kind: ErrNotNumber, detail: ErrNotNumber, text: "the file uses a decimal point (thousands separators are not accepted)"}
	}
	return &cause{kind: ErrNotNumber, detail: ErrNotNumber, text: "the file uses a decimal comma (thousands separators are not accepted)"}
}

func (d Decimal) word() string {
	if d == DecimalComma {
		return "comma"
	}
	return "point"
}

// slow parses numbers the fast path does not take: exponents, many digits.
func (n *numbers) slow(s string, line int) (float64, bool, error) {
	if s == "" {
		return 0, true, nil
	}
	var sep byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case c == '+' || c == '-' || c == 'e' || c == 'E':
		case c == '.' || c == ',':
			if sep != 0 {
				return 0, false, ErrNotNumber
			}
			sep = c
		default:
			// Letters such as in NaN, Inf, 0x1p3 and digit separators are
			// not accepted.
			return 0, false, ErrNotNumber
		}
	}
	t := s
	if sep != 0 {
		if err := n.separator(sep, line); err != nil {
			return 0, false, err
		}
		if sep == ',' {
			t = strings.Replace(s, ",", ".", 1)
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		ne, _ := err.(*strconv.NumError)
		if ne == nil {
			return 0, false, ErrNotNumber
		}
		text := ""
		if ne.Err == strconv.ErrRange {
			text = "beyond the range of float64"
		}
		return 0, false, &cause{kind: ErrNotNumber, detail: ne, text: text}
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false, ErrNotNumber
	}
	return v, false, nil
}

// A Scale is the range of the answers to a rating question, such as 1-5 for
// a step's satisfaction or 0-10 for the likelihood to recommend. Answers
// are accepted from Min to Max inclusive; when Integer is set, only whole
// numbers. The zero Scale is "not set".
type Scale struct {
	Min, Max float64
	Integer  bool // only whole numbers are answers
}

// NPSScale is the scale of the likelihood to recommend: whole numbers 0-10.
// The readers use it for the nps column; it must not be changed.
var NPSScale = Scale{Min: 0, Max: 10, Integer: true}

// IsZero reports whether s is the zero Scale ("not set").
func (s Scale) IsZero() bool { return s == Scale{} }

// Valid reports whether s is a usable scale: finite bounds with Min < Max.
func (s Scale) Valid() bool {
	return !math.IsNaN(s.Min) && !math.IsNaN(s.Max) && !math.IsInf(s.Min, 0) && !math.IsInf(s.Max, 0) && s.Min < s.Max
}

// String returns the scale as "MIN-MAX", e.g. "1-5".
func (s Scale) String() string {
	return strconv.FormatFloat(s.Min, 'g', -1, 64) + "-" + strconv.FormatFloat(s.Max, 'g', -1, 64)
}

// MarshalJSON encodes s as {"min": Min, "max": Max}, with "integer": true
// for integer scales.
func (s Scale) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Min     float64 `json:"min"`
		Max     float64 `json:"max"`
		Integer bool    `json:"integer,omitempty"`
	}{s.Min, s.Max, s.Integer})
}

// Contains reports whether v is an answer on the scale.
func (s Scale) Contains(v float64) bool {
	return v >= s.Min && v <= s.Max && (!s.Integer || v == math.Trunc(v))
}

// check returns a nil error if v is on s, or the expectation and the
// cause.
func (s Scale) check(v float64) (expected string, err error) {
	if v < s.Min || v > s.Max {
		return "the scale " + s.String(), ErrOutOfRange
	}
	if s.Integer && v != math.Trunc(v) {
		return "a whole number on the scale " + s.String(), ErrNotInteger
	}
	return "", nil
}

// parseScale parses "MIN-MAX" (such as "1-5", "0-10", "-3-3" or "1,5-4,5").
func parseScale(s string) (Scale, bool) {
	s = strings.TrimSpace(s)
	// The separating '-' is the first one that follows a digit (and
	// spaces).
	for i := 1; i < len(s); i++ {
		prev := strings.TrimRight(s[:i], " ")
		if s[i] == '-' && prev != "" && prev[len(prev)-1] >= '0' && prev[len(prev)-1] <= '9' {
			lo, ok1 := parseScaleBound(s[:i])
			hi, ok2 := parseScaleBound(s[i+1:])
			sc := Scale{Min: lo, Max: hi}
			if ok1 && ok2 && sc.Valid() {
				return sc, true
			}
			return Scale{}, false
		}
	}
	return Scale{}, false
}

func parseScaleBound(s string) (float64, bool) {
	s = strings.TrimSpace(strings.Replace(s, ",", ".", 1))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+') {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && !math.IsInf(v, 0)
}

// formatNumber formats v for messages about data given in memory.
func formatNumber(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func nan() float64 { return math.NaN() }
