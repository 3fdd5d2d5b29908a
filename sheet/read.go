package sheet

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Reader reads the data rows of an uploaded table whose header names the
// columns of an import. It answers each row's cells in the order of the
// columns it was opened with, each in its kind's plain spelling, and skips
// blank rows.
type Reader struct {
	t             table
	cols          []Column
	pos           []int // where each column stands in the file; -1: absent
	raw, date1904 bool
	rows, max     int
	sum           string
}

// Open reads the header of an uploaded file: the first row, or the first of
// the first ten non-empty rows that names at least two columns (a title row
// may stand above it). A file that is not a table, lacks a required column or
// breaks a bound of lim is refused with an *Error.
func Open(data []byte, cols []Column, lim Limits) (*Reader, error) {
	t, err := openTable(data, lim)
	if err != nil {
		return nil, err
	}
	pos, err := readHeader(t, cols)
	if err != nil {
		t.close()
		return nil, err
	}
	sum := sha256.Sum256(data)
	r := &Reader{t: t, cols: cols, pos: pos, max: lim.Rows, sum: hex.EncodeToString(sum[:])}
	r.raw, r.date1904 = t.excel()
	return r, nil
}

// Sum is the file's SHA-256, in hex: imports name the file by it in the audit trail.
func (r *Reader) Sum() string { return r.sum }

// Next answers the next non-blank row: its number as the spreadsheet shows
// it and a fresh slice of its cells, one per column; cells nil at the end.
func (r *Reader) Next() (int, []string, error) {
	for r.t.next() {
		n, cells := r.t.row()
		if blankRow(cells) {
			continue
		}
		r.rows++
		if r.rows > r.max {
			return 0, nil, &Error{Message: fmt.Sprintf("文件超过%d行，请拆分后分批导入", r.max),
				Field: "file", Reason: fmt.Sprintf("单个文件最多%d行数据", r.max)}
		}
		out := make([]string, len(r.cols))
		for i, c := range r.cols {
			var cell string
			if p := r.pos[i]; p >= 0 && p < len(cells) {
				cell = cells[p]
			}
			if len(cell) > MaxCellChars && utf8Len(cell) > MaxCellChars {
				return 0, nil, tooLarge(fmt.Sprintf("第%d行有超过%d个字符的单元格", n, MaxCellChars))
			}
			out[i] = normalise(c.Kind, cell, r.raw, r.date1904)
		}
		return n, out, nil
	}
	return 0, nil, r.t.err()
}

// Close lets go of the file.
func (r *Reader) Close() error { return r.t.close() }

func utf8Len(s string) int { return len([]rune(s)) }

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func matchHeader(cols []Column, cells []string) ([]int, int) {
	pos := make([]int, len(cols))
	for i := range pos {
		pos[i] = -1
	}
	matched := 0
	for i, cell := range cells {
		name := normHeader(cell)
		if name == "" {
			continue
		}
		for ci, c := range cols {
			if pos[ci] >= 0 {
				continue
			}
			if name == c.Field || name == normHeader(c.Header) || containsHeader(c.Aliases, name) {
				pos[ci] = i
				matched++
				break
			}
		}
	}
	return pos, matched
}

func containsHeader(list []string, name string) bool {
	for _, a := range list {
		if normHeader(a) == name {
			return true
		}
	}
	return false
}

func readHeader(t table, cols []Column) ([]int, error) {
	var first []string
	for seen := 0; seen < 10 && t.next(); {
		_, cells := t.row()
		if blankRow(cells) {
			continue
		}
		seen++
		pos, matched := matchHeader(cols, cells)
		if first == nil {
			first = append([]string(nil), cells...)
		}
		if matched >= 2 {
			return pos, missingColumns(cols, pos)
		}
	}
	if err := t.err(); err != nil {
		return nil, err
	}
	if first == nil {
		return nil, &Error{Message: "文件中没有表头和数据", Field: "file", Reason: "文件中没有表头和数据"}
	}
	pos, _ := matchHeader(cols, first)
	if err := missingColumns(cols, pos); err != nil {
		return nil, err
	}
	return nil, &Error{Message: "表头不符合导入模板", Field: "header", Reason: "表头不符合导入模板"}
}

func missingColumns(cols []Column, pos []int) error {
	var missing []string
	for i, c := range cols {
		if c.Required && pos[i] < 0 {
			missing = append(missing, plainHeader(c.Header))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	msg := "缺少必填列：" + strings.Join(missing, "、")
	return &Error{Message: "表头不符合导入模板，" + msg, Field: "header", Reason: msg}
}

// plainHeader is a header without its parenthesised note.
func plainHeader(h string) string {
	if i := strings.Index(h, "（"); i > 0 {
		return h[:i]
	}
	return h
}
