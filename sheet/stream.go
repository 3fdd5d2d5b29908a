package sheet

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"unicode/utf8"
)

// Stream writes rows into a one-sheet workbook. It writes the sheet's XML
// itself, row by row, straight into the compressed workbook in a temporary
// file, so the memory stays flat however many rows there are. (excelize's
// stream writer took four times as long: it builds each cell as a value,
// keeps the sheet uncompressed in its own temporary file, and compresses it
// again at the end.) Nothing is sent before the last row is in, so an error
// can still answer with the envelope.
type Stream struct {
	file  *os.File
	zw    *zip.Writer
	w     *bufio.Writer // the sheet's XML, into zw
	sheet string
	cols  [][]byte // column letters
	row   int
	buf   []byte
	err   error
	done  bool
}

// NewStream starts a workbook whose sheet has a bold, frozen header row.
func NewStream(sheet string, headers []string, widths []float64) (*Stream, error) {
	f, err := os.CreateTemp("", "jobfair-export-*.xlsx")
	if err != nil {
		return nil, fmt.Errorf("start export: %w", err)
	}
	x := &Stream{file: f, sheet: sheet, zw: zip.NewWriter(f)}
	x.zw.RegisterCompressor(zip.Deflate, fastDeflate)
	if err := x.start(headers, widths); err != nil {
		x.Close()
		return nil, fmt.Errorf("start export: %w", err)
	}
	return x, nil
}

// fastDeflate compresses at deflate's fastest level: a 100,000-row export
// spends half the time of the default level, and is a little larger.
func fastDeflate(out io.Writer) (io.WriteCloser, error) {
	return flate.NewWriter(out, flate.BestSpeed)
}

func (x *Stream) start(headers []string, widths []float64) error {
	sw, err := x.zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	x.w = bufio.NewWriterSize(sw, 64<<10)
	x.cols = make([][]byte, max(len(headers), len(widths)))
	for i := range x.cols {
		x.cols[i] = columnName(i + 1)
	}
	x.row = 1
	b := append(x.buf[:0], xmlHeader...)
	b = append(b, `<worksheet xmlns="`+nsMain+`" xmlns:r="`+nsRel+`">`+
		`<sheetViews><sheetView tabSelected="1" workbookViewId="0">`+
		`<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`+
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`+
		`<sheetFormatPr defaultRowHeight="15"/>`...)
	if len(widths) > 0 {
		b = append(b, "<cols>"...)
		for i, w := range widths {
			b = fmt.Appendf(b, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, i+1, i+1,
				strconv.FormatFloat(w, 'f', -1, 64))
		}
		b = append(b, "</cols>"...)
	}
	b = append(b, `<sheetData><row r="1">`...)
	for i, h := range headers {
		b = x.cellRef(b, i)
		b = append(b, ` s="1" t="inlineStr"><is>`...)
		b = appendText(b, h)
		b = append(b, "</is></c>"...)
	}
	x.buf = append(b, "</row>"...)
	_, err = x.w.Write(x.buf)
	return err
}

// cellRef opens cell i of the current row: `<c r="B7"`.
func (x *Stream) cellRef(b []byte, i int) []byte {
	for len(x.cols) <= i {
		x.cols = append(x.cols, columnName(len(x.cols)+1))
	}
	b = append(b, `<c r="`...)
	b = append(b, x.cols[i]...)
	b = strconv.AppendInt(b, int64(x.row), 10)
	return append(b, '"')
}

// Add writes the next row; a nil value leaves its cell empty. Values are
// strings, whole numbers, floats and booleans.
func (x *Stream) Add(values []any) error {
	if x.err != nil {
		return x.err
	}
	if x.done {
		return errors.New("sheet: row added after Finish")
	}
	x.row++
	b := append(x.buf[:0], `<row r="`...)
	b = strconv.AppendInt(b, int64(x.row), 10)
	b = append(b, `">`...)
	for i, v := range values {
		if v == nil {
			continue
		}
		b = x.cellRef(b, i)
		switch v := v.(type) {
		case string:
			b = append(b, ` t="inlineStr"><is>`...)
			b = appendText(b, v)
			b = append(b, "</is></c>"...)
		case int:
			b = append(b, "><v>"...)
			b = strconv.AppendInt(b, int64(v), 10)
			b = append(b, "</v></c>"...)
		case int64:
			b = append(b, "><v>"...)
			b = strconv.AppendInt(b, v, 10)
			b = append(b, "</v></c>"...)
		case int32:
			b = append(b, "><v>"...)
			b = strconv.AppendInt(b, int64(v), 10)
			b = append(b, "</v></c>"...)
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				x.err = fmt.Errorf("sheet: row %d column %d: %v is not a number Excel can hold", x.row, i+1, v)
				return x.err
			}
			b = append(b, "><v>"...)
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
			b = append(b, "</v></c>"...)
		case bool:
			b = append(b, ` t="b"><v>`...)
			if v {
				b = append(b, '1')
			} else {
				b = append(b, '0')
			}
			b = append(b, "</v></c>"...)
		default:
			x.err = fmt.Errorf("sheet: row %d column %d: cannot write a %T", x.row, i+1, v)
			return x.err
		}
	}
	b = append(b, "</row>"...)
	x.buf = b
	if _, err := x.w.Write(b); err != nil {
		x.err = fmt.Errorf("write export: %w", err)
	}
	return x.err
}

// Finish completes the sheet and the workbook; then WriteTo sends it.
func (x *Stream) Finish() error {
	if x.err != nil || x.done {
		return x.err
	}
	x.done = true
	if _, err := x.w.WriteString("</sheetData></worksheet>"); err != nil {
		x.err = err
	} else if err := x.w.Flush(); err != nil {
		x.err = err
	} else {
		x.err = x.writeParts()
	}
	if x.err == nil {
		x.err = x.zw.Close()
	}
	if x.err != nil {
		x.err = fmt.Errorf("finish export: %w", x.err)
	}
	return x.err
}

// writeParts writes the workbook's parts besides the sheet.
func (x *Stream) writeParts() error {
	name := appendAttr(nil, x.sheet)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
			`</Types>`},
		{"_rels/.rels", `<Relationships xmlns="` + nsPkgRel + `">` +
			`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">` +
			`<bookViews><workbookView activeTab="0"/></bookViews>` +
			`<sheets><sheet name="` + string(name) + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="` + nsPkgRel + `">` +
			`<Relationship Id="rId1" Type="` + nsRel + `/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="` + nsRel + `/styles" Target="styles.xml"/></Relationships>`},
		{"xl/styles.xml", `<styleSheet xmlns="` + nsMain + `">` +
			`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
			`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
			`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
			`<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/></patternFill></fill></fills>` +
			`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
			`<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/></cellXfs>` +
			`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`},
	}
	for _, p := range parts {
		w, err := x.zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, xmlHeader+p.body); err != nil {
			return err
		}
	}
	return nil
}

// WriteTo writes the finished workbook.
func (x *Stream) WriteTo(w io.Writer) (int64, error) {
	if !x.done || x.err != nil {
		return 0, errors.New("sheet: export not finished")
	}
	if _, err := x.file.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	return io.Copy(w, x.file)
}

// Close lets go of the workbook and its temporary file.
func (x *Stream) Close() error {
	if x.file == nil {
		return nil
	}
	err := x.file.Close()
	if rm := os.Remove(x.file.Name()); err == nil {
		err = rm
	}
	x.file = nil
	return err
}

const (
	nsMain   = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkgRel = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// xmlHeader is the declaration every part starts with.
const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// columnName is a column's letters: 1 is A, 27 is AA.
func columnName(n int) []byte {
	var b []byte
	for ; n > 0; n = (n - 1) / 26 {
		b = append([]byte{byte('A' + (n-1)%26)}, b...)
	}
	return b
}

// appendText appends s as the <t> element of a cell: XML-escaped, cut to
// Excel's longest cell, characters XML cannot hold replaced with U+FFFD,
// and its spaces kept when it starts or ends with one.
func appendText(b []byte, s string) []byte {
	if utf8.RuneCountInString(s) > MaxCellChars {
		r := []rune(s)
		s = string(r[:MaxCellChars])
	}
	if s != "" && (isSpace(s[0]) || isSpace(s[len(s)-1])) {
		b = append(b, `<t xml:space="preserve">`...)
	} else {
		b = append(b, "<t>"...)
	}
	b = appendEscaped(b, s, false)
	return append(b, "</t>"...)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// appendAttr appends s escaped for an attribute value.
func appendAttr(b []byte, s string) []byte { return appendEscaped(b, s, true) }

func appendEscaped(b []byte, s string, attr bool) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		width := 1
		switch {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '"' && attr:
			esc = "&quot;"
		case c == '\r':
			esc = "&#xD;"
		case (c == '\n' || c == '\t') && attr:
			esc = "&#xA;"
			if c == '\t' {
				esc = "&#x9;"
			}
		case c < 0x20 && c != '\n' && c != '\t':
			esc = "\uFFFD"
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			width = n
			if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
				esc = "\uFFFD"
			}
		}
		if esc != "" {
			b = append(b, s[last:i]...)
			b = append(b, esc...)
			last = i + width
		}
		i += width
	}
	return append(b, s[last:]...)
}
