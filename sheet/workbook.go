package sheet

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Style is a cell style of a Workbook.
type Style int

// Workbook is a styled report of several sheets, written cell by cell: the
// rollup report. It keeps the first error and answers it from WriteTo.
type Workbook struct {
	f      *excelize.File
	err    error
	border []excelize.Border
	// The workbook's common styles.
	Title, Note, Header, Text, Integer, Decimal, Percent Style
	tinted                                               map[string]Style
}

// NewWorkbook makes a workbook with the named sheets, the first one active.
func NewWorkbook(sheets ...string) (*Workbook, error) {
	f := excelize.NewFile()
	b := &Workbook{f: f, tinted: map[string]Style{}, border: []excelize.Border{
		{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}}
	decimal, integer := "#,##0.00", "#,##0"
	b.Title = b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	b.Note = b.style(&excelize.Style{Font: &excelize.Font{Size: 10, Color: "595959"}})
	b.Header = b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill("D9E1F2"), Border: b.border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	b.Text = b.style(&excelize.Style{Border: b.border})
	b.Integer = b.style(&excelize.Style{Border: b.border, CustomNumFmt: &integer})
	b.Decimal = b.style(&excelize.Style{Border: b.border, CustomNumFmt: &decimal})
	b.Percent = b.style(&excelize.Style{Border: b.border, NumFmt: 10}) // 0.00%
	for i, name := range sheets {
		var err error
		if i == 0 {
			err = f.SetSheetName("Sheet1", name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err != nil && b.err == nil {
			b.err = err
		}
	}
	if b.err != nil {
		f.Close()
		return nil, b.err
	}
	f.SetActiveSheet(0)
	return b, nil
}

func fill(color string) excelize.Fill {
	return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
}

func (b *Workbook) style(s *excelize.Style) Style {
	id, err := b.f.NewStyle(s)
	if err != nil && b.err == nil {
		b.err = err
	}
	return Style(id)
}

// Badge is centred text on a background colour (RRGGBB), bordered.
func (b *Workbook) Badge(color string) Style {
	key := "badge:" + color
	if s, ok := b.tinted[key]; ok {
		return s
	}
	s := b.style(&excelize.Style{Border: b.border, Fill: fill(color), Alignment: &excelize.Alignment{Horizontal: "center"}})
	b.tinted[key] = s
	return s
}

// TintedPercent is a percentage on a background colour (RRGGBB), bordered.
func (b *Workbook) TintedPercent(color string) Style {
	key := "pct:" + color
	if s, ok := b.tinted[key]; ok {
		return s
	}
	s := b.style(&excelize.Style{Border: b.border, Fill: fill(color), NumFmt: 10})
	b.tinted[key] = s
	return s
}

// Sheet writes the cells of one sheet.
func (b *Workbook) Sheet(name string) *Sheet { return &Sheet{b: b, name: name} }

// WriteTo writes the workbook, or answers the first error met while filling it.
func (b *Workbook) WriteTo(w io.Writer) (int64, error) {
	if b.err != nil {
		return 0, b.err
	}
	cw := &countingWriter{w: w}
	err := b.f.Write(cw)
	return cw.n, err
}

// Close lets go of the workbook.
func (b *Workbook) Close() error { return b.f.Close() }

// Sheet is one sheet of a Workbook; columns and rows count from 1.
type Sheet struct {
	b    *Workbook
	name string
}

func (w *Sheet) fail(err error) {
	if err != nil && w.b.err == nil {
		w.b.err = fmt.Errorf("sheet %s: %w", w.name, err)
	}
}

func (w *Sheet) cell(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	w.fail(err)
	return name
}

// Set writes a value (a nil *float64 stays empty) with a style (0: none).
func (w *Sheet) Set(col, row int, v any, style Style) {
	ref := w.cell(col, row)
	if p, ok := v.(*float64); ok {
		if p == nil {
			v = nil
		} else {
			v = *p
		}
	}
	if v != nil {
		w.fail(w.b.f.SetCellValue(w.name, ref, v))
	}
	if style != 0 {
		w.fail(w.b.f.SetCellStyle(w.name, ref, ref, int(style)))
	}
}

// Merge joins the cells from (col1, row1) to (col2, row2).
func (w *Sheet) Merge(col1, row1, col2, row2 int) {
	w.fail(w.b.f.MergeCell(w.name, w.cell(col1, row1), w.cell(col2, row2)))
}

// Widths sets the width of the columns first to last.
func (w *Sheet) Widths(first, last int, width float64) {
	a, _ := excelize.ColumnNumberToName(first)
	z, _ := excelize.ColumnNumberToName(last)
	w.fail(w.b.f.SetColWidth(w.name, a, z, width))
}

// Freeze keeps the rows above row and the columns left of col in view.
func (w *Sheet) Freeze(col, row int) {
	p := &excelize.Panes{Freeze: true, XSplit: col - 1, YSplit: row - 1, TopLeftCell: w.cell(col, row), ActivePane: "bottomLeft"}
	if col > 1 {
		p.ActivePane = "bottomRight"
	}
	w.fail(w.b.f.SetPanes(w.name, p))
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
