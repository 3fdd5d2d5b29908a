package sheet

import (
	"bytes"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Reference is a table of allowed values that a template's instructions list
// (cities and their codes, say).
type Reference struct {
	Title string
	// Rows are name and code pairs.
	Rows [][2]string
}

// TemplateCSV is the header row in UTF-8 with a BOM, so that Excel on
// Chinese Windows opens it as UTF-8.
func TemplateCSV(cols []Column) []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	for i, col := range cols {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(col.Header)
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

// templateRows is how far down the .xlsx template formats its columns.
const templateRows = 10001

// TemplateXLSX writes the header row with widths, text columns for long
// numbers, date columns, drop-down lists, and a second sheet 填写说明 listing
// what every cell takes and the reference tables.
func TemplateXLSX(w io.Writer, sheet string, cols []Column, refs []Reference) error {
	return TemplateXLSXRows(w, sheet, cols, nil, refs)
}

// TemplateXLSXRows is TemplateXLSX with rows filled in below the header (a
// form of one row per item, say), each a cell per column.
func TemplateXLSXRows(w io.Writer, sheet string, cols []Column, rows [][]string, refs []Reference) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := buildTemplate(f, sheet, cols, refs); err != nil {
		return fmt.Errorf("build template: %w", err)
	}
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
			return fmt.Errorf("build template: %w", err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	return nil
}

func buildTemplate(f *excelize.File, sheet string, cols []Column, refs []Reference) error {
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	for i, col := range cols {
		letter, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetCellStr(sheet, letter+"1", col.Header); err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, letter, letter, col.width()+2); err != nil {
			return err
		}
		last := fmt.Sprintf("%s%d", letter, templateRows)
		switch col.Kind {
		case Code:
			if err := f.SetCellStyle(sheet, letter+"2", last, text); err != nil {
				return err
			}
		case Date:
			if err := f.SetCellStyle(sheet, letter+"2", last, date); err != nil {
				return err
			}
		}
		if len(col.Choices) > 0 {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = letter + "2:" + last
			if err := dv.SetDropList(col.Choices); err != nil {
				return err
			}
			if err := f.AddDataValidation(sheet, dv); err != nil {
				return err
			}
		}
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	if err := f.SetCellStyle(sheet, "A1", last+"1", head); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return buildInstructions(f, cols, refs, head)
}

// buildInstructions writes the sheet 填写说明: the columns, then the
// reference tables.
func buildInstructions(f *excelize.File, cols []Column, refs []Reference, head int) error {
	const sheet = "填写说明"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	rows := [][]any{{"列名", "英文列名", "是否必填", "填写要求"}}
	for _, col := range cols {
		req := "选填"
		if col.Required {
			req = "必填"
		}
		rows = append(rows, []any{col.Header, col.Field, req, col.Hint})
	}
	rows = append(rows, []any{}, []any{"通用说明"},
		[]any{"", "", "", "第1行为表头，可用中文或英文列名；多余的列会被忽略；空行会被跳过"},
		[]any{"", "", "", "文件可为 .xlsx（读取第一个工作表）或 CSV（UTF-8 或 GBK 编码）"},
		[]any{"", "", "", "全部行无误才会导入；任何一行有误时，不写入任何记录，并逐行列出错误"})
	heads := map[int]bool{0: true}
	for _, ref := range refs {
		rows = append(rows, []any{})
		heads[len(rows)] = true
		rows = append(rows, []any{ref.Title, "代码"})
		for _, r := range ref.Rows {
			rows = append(rows, []any{r[0], r[1]})
		}
	}
	for i, r := range rows {
		if len(r) == 0 {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
		if heads[i] {
			end, _ := excelize.CoordinatesToCellName(len(r), i+1)
			if err := f.SetCellStyle(sheet, cell, end, head); err != nil {
				return err
			}
		}
	}
	for col, w := range map[string]float64{"A": 22, "B": 22, "C": 10, "D": 60} {
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return err
		}
	}
	return nil
}
