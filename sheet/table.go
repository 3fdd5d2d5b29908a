package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// table is a spreadsheet read one row at a time: the first sheet of an .xlsx
// workbook, or a CSV file. Rows are numbered as a spreadsheet program shows
// them (the header is row 1), counting empty rows.
type table interface {
	// next moves to the next row; it answers false at the end or on an error.
	next() bool
	// row is the current row's number and cells; the cells are reused by next.
	row() (int, []string)
	err() error
	// excel reports whether numeric cells are raw Excel values (serial
	// dates), and whether the workbook counts dates from 1904.
	excel() (raw, date1904 bool)
	close() error
}

// openTable recognises an uploaded file by its content: a ZIP container is
// read as .xlsx, anything else that looks like text as CSV in UTF-8 (with or
// without BOM), UTF-16 with BOM, or GB18030/GBK (what spreadsheet programs on
// Chinese Windows save).
func openTable(data []byte, lim Limits) (table, error) {
	switch {
	case len(data) == 0:
		return nil, notSpreadsheet("文件为空")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return openXLSX(data, lim)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, notSpreadsheet("不支持旧版 Excel（.xls）或加密的工作簿，请另存为 .xlsx 或 CSV 后导入")
	}
	return openCSV(data)
}

// ReadAll reads a whole file into memory, row i at index i-1, without
// matching a header; the fuzz targets and small tools use it.
func ReadAll(data []byte) ([][]string, error) {
	t, err := openTable(data, DefaultLimits)
	if err != nil {
		return nil, err
	}
	defer t.close()
	var out [][]string
	for t.next() {
		n, cells := t.row()
		for len(out) < n-1 {
			out = append(out, nil)
		}
		out = append(out, append([]string(nil), cells...))
	}
	return out, t.err()
}

// csvTable reads CSV with encoding/csv. encoding/csv skips blank lines, which
// a spreadsheet shows as rows, so the row number is kept from line positions.
type csvTable struct {
	r       *csv.Reader
	n       int
	lastEnd int // last line of the previous record
	cells   []string
	e       error
}

func openCSV(data []byte) (table, error) {
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
			return nil, notSpreadsheet("无法识别的文件格式，请上传 .xlsx 或 CSV 文件")
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

func (t *csvTable) next() bool {
	if t.e != nil {
		return false
	}
	rec, err := t.r.Read()
	if errors.Is(err, io.EOF) {
		return false
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.e = notSpreadsheet(fmt.Sprintf("第%d行无法按 CSV 读取", pe.StartLine))
		} else {
			t.e = notSpreadsheet("文件无法按 CSV 读取")
		}
		return false
	}
	line, _ := t.r.FieldPos(0)
	last, _ := t.r.FieldPos(len(rec) - 1)
	t.n += line - t.lastEnd
	t.lastEnd = last + strings.Count(rec[len(rec)-1], "\n")
	t.cells = rec
	return true
}

func (t *csvTable) row() (int, []string)        { return t.n, t.cells }
func (t *csvTable) err() error                  { return t.e }
func (t *csvTable) excel() (raw, date1904 bool) { return false, false }
func (t *csvTable) close() error                { return nil }

// xlsxTable streams the first sheet with excelize's row iterator, reading raw
// cell values so that date cells arrive as serial numbers whatever their format.
type xlsxTable struct {
	f        *excelize.File
	rows     *excelize.Rows
	n        int
	cells    []string
	date1904 bool
	e        error
}

func openXLSX(data []byte, lim Limits) (table, error) {
	if err := checkXLSX(data, lim); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: lim.Unzipped})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookPassword) {
			return nil, notSpreadsheet("工作簿已加密，请取消密码后导入")
		}
		return nil, notSpreadsheet("文件不是有效的 Excel（.xlsx）工作簿")
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, notSpreadsheet("工作簿中没有工作表")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, notSpreadsheet("无法读取第一个工作表")
	}
	t := &xlsxTable{f: f, rows: rows}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		t.date1904 = *props.Date1904
	}
	return t, nil
}

func (t *xlsxTable) next() bool {
	if t.e != nil || !t.rows.Next() {
		if t.e == nil && t.rows.Error() != nil {
			t.e = notSpreadsheet("工作表无法读取：" + t.rows.Error().Error())
		}
		return false
	}
	t.n++
	cells, err := t.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		t.e = notSpreadsheet(fmt.Sprintf("工作表第%d行无法读取", t.n))
		return false
	}
	t.cells = cells
	return true
}

func (t *xlsxTable) row() (int, []string)        { return t.n, t.cells }
func (t *xlsxTable) err() error                  { return t.e }
func (t *xlsxTable) excel() (raw, date1904 bool) { return true, t.date1904 }
func (t *xlsxTable) close() error {
	err := t.rows.Close()
	return errors.Join(err, t.f.Close())
}
