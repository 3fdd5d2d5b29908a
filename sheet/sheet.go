// Package sheet holds the platform's spreadsheet formats: reading uploaded
// CSV and .xlsx files row by row within bounds, matching their headers to the
// columns of an import, templates for those imports, streamed exports and
// the styled report workbook. It knows neither the records nor HTTP: the
// handlers hand what it reads to the store as plain rows.
package sheet

import (
	"fmt"
)

// Kind says how a column's cells are read. Spreadsheets arrive typed by hand:
// full-width digits, stray spaces, dates in several spellings, long numbers
// that Excel would round. Each kind turns what people type into one plain
// spelling; a cell it cannot read is passed on as typed (trimmed), so that the
// store's checks can quote it back.
type Kind string

// The kinds of cells.
const (
	// Text is free text, trimmed: names, titles.
	Text Kind = ""
	// Choice is a value, or several, picked from a list (city, education,
	// person groups): half-width, trimmed.
	Choice Kind = "choice"
	// Code is an identifier (ID number, credit code): half-width, upper case,
	// without spaces and without the ' or ="…" that keeps Excel from rounding it.
	Code Kind = "code"
	// Date becomes YYYY-MM-DD from 2023/3/1, 2023.3.1, 20230301, 2023年3月1日,
	// a date with a time, or an Excel serial date.
	Date Kind = "date"
	// Int becomes a plain whole number from 3,000, ３０００ or 3000.0.
	Int Kind = "int"
	// Bool becomes "true" or "false" from 是/否 and their usual spellings; an
	// empty cell stays empty.
	Bool Kind = "bool"
)

// Column is a column of an import and of its template.
type Column struct {
	// Field is the English header and the key under which the store reports
	// the cell's problems.
	Field string
	// Header is the Chinese header of the template.
	Header   string
	Required bool
	// Aliases are other headers that mean the same column.
	Aliases []string
	// Hint says what the cell takes, in the template's instructions.
	Hint string
	Kind Kind
	// Choices, when set, become a drop-down list in the .xlsx template.
	Choices []string
}

// width is a column's width in the .xlsx template, by kind.
func (c Column) width() float64 {
	switch c.Kind {
	case Code:
		return 22
	case Date, Choice:
		return 12
	case Int, Bool:
		return 12
	}
	return 20
}

// Limits bound what one uploaded file may hold and unpack to.
type Limits struct {
	// Rows is the most data rows a file may hold.
	Rows int
	// Unzipped is the most an .xlsx file may unpack to, all parts together.
	Unzipped int64
	// SharedStrings is the most the table of shared strings of an .xlsx
	// file may unpack to: it is read whole.
	SharedStrings int64
}

// MaxUpload is the largest file an import takes, in bytes.
const MaxUpload = 20 << 20

// MaxCellChars is the longest cell: Excel's own limit.
const MaxCellChars = 32767

// maxXMLRun is the longest stretch of an .xlsx part without a tag: a cell of
// MaxCellChars characters, each escaped (&quot; is six bytes).
const maxXMLRun = MaxCellChars * 6

// DefaultLimits are the bounds of an import: a 20 MB upload of 200,000 rows
// stays well within them.
var DefaultLimits = Limits{Rows: 200_000, Unzipped: 256 << 20, SharedStrings: 64 << 20}

// Error is a file that cannot be read as a table, or breaks a bound. It names
// the part of the request at fault (file, header) and says why in Chinese.
type Error struct {
	// Message is the whole story; Reason is what is shown beside Field.
	Message, Field, Reason string
	// TooLarge marks a file over a bound of size (HTTP 413).
	TooLarge bool
}

func (e *Error) Error() string { return fmt.Sprintf("sheet: %s: %s", e.Field, e.Reason) }

func notSpreadsheet(reason string) *Error {
	return &Error{Message: "文件不是可以导入的表格：" + reason, Field: "file", Reason: reason}
}

func tooLarge(reason string) *Error {
	return &Error{Message: reason + "，请检查文件或拆分后分批导入", Field: "file", Reason: reason, TooLarge: true}
}

// Refusal says what to show of the error: the whole message, and the field
// at fault with its reason.
func (e *Error) Refusal() (message, field, reason string, tooLarge bool) {
	return e.Message, e.Field, e.Reason, e.TooLarge
}
