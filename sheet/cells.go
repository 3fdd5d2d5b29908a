package sheet

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// normalise turns a cell of kind k into its plain spelling; what it cannot
// read stays as typed, trimmed.
func normalise(k Kind, s string, raw, date1904 bool) string {
	switch k {
	case Choice:
		return strings.TrimSpace(toHalfWidth(s))
	case Code:
		return cleanCode(s)
	case Date:
		if d, ok := parseDate(s, raw, date1904); ok {
			return d.Format(time.DateOnly)
		}
	case Int:
		if n, ok := parseInt(s); ok {
			return strconv.Itoa(n)
		}
	case Bool:
		if b, ok := parseBool(s); ok {
			return strconv.FormatBool(b)
		}
	}
	return strings.TrimSpace(s)
}

// toHalfWidth turns full-width characters into their half-width forms.
func toHalfWidth(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return width.Narrow.String(s)
		}
	}
	return s
}

// cleanCode normalises a code cell (ID number, credit code): half-width,
// upper case, without spaces, and without the ' or ="…" that people put in
// front of long numbers to keep Excel from rounding them.
func cleanCode(s string) string {
	s = strings.TrimSpace(toHalfWidth(s))
	if strings.HasPrefix(s, `="`) && strings.HasSuffix(s, `"`) && len(s) >= 3 {
		s = s[2 : len(s)-1]
	}
	s = strings.TrimPrefix(s, "'")
	if strings.ContainsAny(s, " \t") {
		s = strings.Join(strings.Fields(s), "")
	}
	return strings.ToUpper(s)
}

// normHeader makes header cells comparable: half-width, lower case, without
// spaces, a leading or trailing * (required marks), or a trailing
// parenthesis such as （是/否）.
func normHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(toHalfWidth(s)))
	s = strings.Trim(s, "* ")
	if i := strings.IndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") {
		s = s[:i]
	}
	return strings.Join(strings.Fields(s), "")
}

// maxExcelSerial is 9999-12-31, the last day Excel knows.
const maxExcelSerial = 2958465

// parseDate reads 2023-03-01, 2023/3/1, 2023.3.1, 20230301, 2023年3月1日,
// a date with a time after it, and (from .xlsx) Excel serial dates. The
// answer is midnight UTC of the day.
func parseDate(s string, raw, date1904 bool) (time.Time, bool) {
	s = strings.TrimSpace(toHalfWidth(s))
	if s == "" {
		return time.Time{}, false
	}
	if raw && !(len(s) == 8 && allDigits(s)) {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			if f < 1 || f > maxExcelSerial {
				return time.Time{}, false
			}
			t, err := excelize.ExcelDateToTime(f, date1904)
			if err != nil {
				return time.Time{}, false
			}
			y, m, d := t.Date()
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
		}
	}
	if i := strings.IndexAny(s, "T "); i > 0 {
		s = s[:i]
	}
	if len(s) == 8 && allDigits(s) {
		return calendarDate(atoi(s[:4]), atoi(s[4:6]), atoi(s[6:]))
	}
	s = strings.TrimSuffix(s, "日")
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' || r == '年' || r == '月' })
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) > 2 || len(parts[2]) > 2 {
		return time.Time{}, false
	}
	for _, p := range parts {
		if !allDigits(p) {
			return time.Time{}, false
		}
	}
	return calendarDate(atoi(parts[0]), atoi(parts[1]), atoi(parts[2]))
}

func calendarDate(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// parseInt reads a whole number: 3000, 3,000, 3000.0 (Excel's raw form).
func parseInt(s string) (int, bool) {
	s = strings.TrimSpace(toHalfWidth(s))
	s = strings.ReplaceAll(s, ",", "")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "元"), "人")
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int64(f)) || f > 1e9 || f < -1e9 {
		return 0, false
	}
	return int(f), true
}

// parseBool reads 是/否 and its usual spellings; an empty cell is neither,
// so that each import picks its own default.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(toHalfWidth(s))) {
	case "是", "y", "yes", "true", "1", "√", "✓", "对":
		return true, true
	case "否", "n", "no", "false", "0", "×", "✗", "不是":
		return false, true
	}
	return false, false
}
