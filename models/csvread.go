package models

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"golang.org/x/text/width"
)

// Table is a spreadsheet read one row at a time: the first sheet of an .xlsx
// workbook, or a CSV file. Rows are numbered as a spreadsheet program shows
// them (the header is row 1), counting empty rows.
type Table interface {
	// Next moves to the next row; it answers false at the end or on an error.
	Next() bool
	// Row is the current row's number and cells; the cells are reused by Next.
	Row() (int, []string)
	// Err is the error that stopped Next, if any.
	Err() error
	// Excel reports whether numeric cells are raw Excel values (serial dates),
	// and whether the workbook counts dates from 1904.
	Excel() (raw, date1904 bool)
	Close() error
}

// errNotSpreadsheet answers a file that is neither CSV nor .xlsx.
func errNotSpreadsheet(reason string) error {
	return &Error{Code: EInvalid, Message: "文件不是可以导入的表格：" + reason,
		Fields: map[string]string{"file": reason}}
}

// OpenTable recognises an uploaded file by its content: a ZIP container is
// read as .xlsx, anything else that looks like text as CSV in UTF-8 (with or
// without BOM), UTF-16 with BOM, or GB18030/GBK (what spreadsheet programs on
// Chinese Windows save).
func OpenTable(data []byte) (Table, error) {
	switch {
	case len(data) == 0:
		return nil, errNotSpreadsheet("文件为空")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return openXLSX(data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, errNotSpreadsheet("不支持旧版 Excel（.xls）或加密的工作簿，请另存为 .xlsx 或 CSV 后导入")
	}
	return openCSV(data)
}

// ReadTable reads a whole table into memory; the fuzz target and small tools use it.
func ReadTable(data []byte) ([][]string, error) {
	t, err := OpenTable(data)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	var out [][]string
	for t.Next() {
		n, cells := t.Row()
		for len(out) < n-1 {
			out = append(out, nil)
		}
		out = append(out, append([]string(nil), cells...))
	}
	return out, t.Err()
}

// csvTable reads CSV with encoding/csv. encoding/csv skips blank lines, which
// a spreadsheet shows as rows, so the row number is kept from line positions.
type csvTable struct {
	r       *csv.Reader
	row     int
	lastEnd int // last line of the previous record
	cells   []string
	err     error
}

func openCSV(data []byte) (Table, error) {
	var text io.Reader
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		body := data[3:]
		if !utf8.Valid(body) {
			body = bytes.ToValidUTF8(body, []byte("\uFFFD"))
		}
		text = bytes.NewReader(body)
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		// "Unicode text" from Excel: UTF-16 with a BOM, usually tab-separated.
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		text = transform.NewReader(bytes.NewReader(data), dec)
	default:
		head := data[:min(len(data), 8192)]
		if bytes.IndexByte(head, 0) >= 0 {
			return nil, errNotSpreadsheet("无法识别的文件格式，请上传 .xlsx 或 CSV 文件")
		}
		if utf8.Valid(data) {
			text = bytes.NewReader(data)
		} else {
			text = transform.NewReader(bytes.NewReader(data), simplifiedchinese.GB18030.NewDecoder())
		}
	}
	br := bufio.NewReaderSize(text, 64<<10)
	first, _ := br.Peek(4096)
	r := csv.NewReader(br)
	r.Comma = sniffDelimiter(first)
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	return &csvTable{r: r}, nil
}

// sniffDelimiter picks comma, tab or semicolon by their count on the first line.
func sniffDelimiter(head []byte) rune {
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	best, n := ',', bytes.Count(head, []byte{','})
	for _, c := range []rune{'\t', ';'} {
		if k := bytes.Count(head, []byte{byte(c)}); k > n {
			best, n = c, k
		}
	}
	return best
}

func (t *csvTable) Next() bool {
	if t.err != nil {
		return false
	}
	rec, err := t.r.Read()
	if errors.Is(err, io.EOF) {
		return false
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.err = errNotSpreadsheet(fmt.Sprintf("第%d行无法按 CSV 读取", pe.StartLine))
		} else {
			t.err = errNotSpreadsheet("文件无法按 CSV 读取")
		}
		return false
	}
	line, _ := t.r.FieldPos(0)
	last, _ := t.r.FieldPos(len(rec) - 1)
	t.row += line - t.lastEnd
	t.lastEnd = last + strings.Count(rec[len(rec)-1], "\n")
	t.cells = rec
	return true
}

func (t *csvTable) Row() (int, []string)        { return t.row, t.cells }
func (t *csvTable) Err() error                  { return t.err }
func (t *csvTable) Excel() (raw, date1904 bool) { return false, false }
func (t *csvTable) Close() error                { return nil }

// xlsxTable streams the first sheet with excelize's row iterator, reading raw
// cell values so that date cells arrive as serial numbers whatever their format.
type xlsxTable struct {
	f        *excelize.File
	rows     *excelize.Rows
	row      int
	cells    []string
	date1904 bool
	err      error
}

// xlsxUnzipLimit bounds what a workbook may unpack to: a 20 MB upload of
// MaxImportRows rows stays well below it, a zip bomb does not.
const xlsxUnzipLimit = 512 << 20

func openXLSX(data []byte) (Table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: xlsxUnzipLimit})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookPassword) {
			return nil, errNotSpreadsheet("工作簿已加密，请取消密码后导入")
		}
		return nil, errNotSpreadsheet("文件不是有效的 Excel（.xlsx）工作簿")
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, errNotSpreadsheet("工作簿中没有工作表")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, errNotSpreadsheet("无法读取第一个工作表")
	}
	t := &xlsxTable{f: f, rows: rows}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		t.date1904 = *props.Date1904
	}
	return t, nil
}

func (t *xlsxTable) Next() bool {
	if t.err != nil || !t.rows.Next() {
		if t.err == nil && t.rows.Error() != nil {
			t.err = errNotSpreadsheet("工作表无法读取：" + t.rows.Error().Error())
		}
		return false
	}
	t.row++
	cells, err := t.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		t.err = errNotSpreadsheet(fmt.Sprintf("工作表第%d行无法读取", t.row))
		return false
	}
	t.cells = cells
	return true
}

func (t *xlsxTable) Row() (int, []string)        { return t.row, t.cells }
func (t *xlsxTable) Err() error                  { return t.err }
func (t *xlsxTable) Excel() (raw, date1904 bool) { return true, t.date1904 }
func (t *xlsxTable) Close() error {
	err := t.rows.Close()
	return errors.Join(err, t.f.Close())
}

// Cell values. Spreadsheets arrive typed by hand: full-width digits and
// punctuation, stray spaces, dates in several spellings.

// narrow turns full-width characters into their half-width forms.
func toHalfWidth(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return width.Narrow.String(s)
		}
	}
	return s
}

// cleanText trims a free-text cell (names, titles): spaces of every width.
func cleanText(s string) string { return strings.TrimSpace(s) }

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

// parseCellDate reads 2023-03-01, 2023/3/1, 2023.3.1, 20230301, 2023年3月1日,
// a date with a time after it, and (from .xlsx) Excel serial dates.
func parseCellDate(s string, raw, date1904 bool) (Date, bool) {
	s = strings.TrimSpace(toHalfWidth(s))
	if s == "" {
		return Date{}, false
	}
	if raw && !(len(s) == 8 && allDigits(s)) {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			if f < 1 || f > maxExcelSerial {
				return Date{}, false
			}
			t, err := excelize.ExcelDateToTime(f, date1904)
			if err != nil {
				return Date{}, false
			}
			return DateOf(t), true
		}
	}
	if i := strings.IndexAny(s, "T "); i > 0 {
		s = s[:i]
	}
	if len(s) == 8 && allDigits(s) {
		return calendarDate(cellAtoi(s[:4]), cellAtoi(s[4:6]), cellAtoi(s[6:]))
	}
	s = strings.TrimSuffix(s, "日")
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' || r == '年' || r == '月' })
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) > 2 || len(parts[2]) > 2 {
		return Date{}, false
	}
	for _, p := range parts {
		if !allDigits(p) {
			return Date{}, false
		}
	}
	return calendarDate(cellAtoi(parts[0]), cellAtoi(parts[1]), cellAtoi(parts[2]))
}

func calendarDate(y, m, d int) (Date, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return Date{}, false
	}
	return Date{y, time.Month(m), d}, true
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

func cellAtoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// parseCellInt reads a whole number: 3000, 3,000, 3000.0 (Excel's raw form).
func parseCellInt(s string) (int, bool) {
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

// parseCellBool reads 是/否 and its usual spellings; an empty cell is false.
func parseCellBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(toHalfWidth(s))) {
	case "是", "y", "yes", "true", "1", "√", "✓", "对":
		return true, true
	case "否", "n", "no", "false", "0", "×", "✗", "", "不是":
		return false, true
	}
	return false, false
}

// splitList splits a cell of several values: ; ； , ， 、 and line breaks.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ';' || r == '；' || r == ',' || r == '，' || r == '、' || r == '､' || r == '\n'
	}) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// cityOf finds a city by its name, also without the trailing 市.
func cityOf(s string) (string, bool) {
	if IsCity(s) {
		return s, true
	}
	s = strings.TrimSpace(toHalfWidth(s))
	if IsCity(s) {
		return s, true
	}
	if IsCity(s + "市") {
		return s + "市", true
	}
	return "", false
}
