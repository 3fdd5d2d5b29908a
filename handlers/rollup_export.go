package handlers

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"jobfair/models"
)

// StatusNames are the Chinese names of rollup statuses, as the workbook shows them.
var StatusNames = map[string]string{
	models.StatusMet:      "已完成",
	models.StatusAhead:    "超序时",
	models.StatusBehind:   "滞后",
	models.StatusNoData:   "暂无数据",
	models.StatusNoTarget: "未设目标",
}

var sourceNames = map[string]string{models.SourceComputed: "计算", models.SourceReported: "填报"}

// Sheet names of the rollup workbook.
const (
	SheetSummary = "汇总"
	SheetCities  = "分城市"
	SheetMonths  = "分月"
)

// RollupExport downloads the rollup with its breakdowns as an Excel workbook.
func (h *Handler) RollupExport(c *gin.Context) error {
	rq, err := rollupQuery(c)
	if err != nil {
		return err
	}
	rep, err := h.Store.RollupReport(c.Request.Context(), actor(c), rq)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := writeRollupWorkbook(&buf, rep); err != nil {
		return fmt.Errorf("build rollup workbook: %w", err)
	}
	scope := "全省"
	if rep.Rollup.City != "" {
		scope = rep.Rollup.City
	}
	name := fmt.Sprintf("目标完成情况_%d年_%s_截至%s.xlsx", rep.Rollup.Year, scope, rep.Rollup.AsOf)
	c.Header("Content-Disposition", attachment(fmt.Sprintf("rollup-%d.xlsx", rep.Rollup.Year), name))
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
	return nil
}

// attachment is a Content-Disposition naming the file in ASCII for old
// clients and in UTF-8 (RFC 5987) for the rest.
func attachment(ascii, name string) string {
	const attrChar = "!#$&+-.^_`|~"
	var sb strings.Builder
	for _, b := range []byte(name) {
		if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte(attrChar, b) >= 0 {
			sb.WriteByte(b)
		} else {
			fmt.Fprintf(&sb, "%%%02X", b)
		}
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, sb.String())
}

// workbookStyles are the styles of the rollup workbook.
type workbookStyles struct {
	title, note, header, text, integer, decimal, percent int
	status                                               map[string]int
}

func newWorkbookStyles(f *excelize.File) (*workbookStyles, error) {
	border := []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
	fill := func(color string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
	}
	decimal, integer := "#,##0.00", "#,##0"
	var err error
	mk := func(style *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(style)
		return id
	}
	s := &workbookStyles{status: map[string]int{},
		title: mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}),
		note:  mk(&excelize.Style{Font: &excelize.Font{Size: 10, Color: "595959"}}),
		header: mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill("D9E1F2"), Border: border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}),
		text:    mk(&excelize.Style{Border: border}),
		integer: mk(&excelize.Style{Border: border, CustomNumFmt: &integer}),
		decimal: mk(&excelize.Style{Border: border, CustomNumFmt: &decimal}),
		percent: mk(&excelize.Style{Border: border, NumFmt: 10}), // 0.00%
	}
	for status, color := range map[string]string{models.StatusMet: "C6EFCE", models.StatusAhead: "DDEBF7",
		models.StatusBehind: "FFC7CE", models.StatusNoData: "EDEDED", models.StatusNoTarget: "EDEDED"} {
		s.status[status] = mk(&excelize.Style{Border: border, Fill: fill(color),
			Alignment: &excelize.Alignment{Horizontal: "center"}})
		s.status["pct:"+status] = mk(&excelize.Style{Border: border, Fill: fill(color), NumFmt: 10})
	}
	return s, err
}

// numberStyle picks the format of a goal's figures: shares as percentages,
// rates with two decimals, counts with thousands separators.
func (s *workbookStyles) numberStyle(kind, unit string, values ...*float64) int {
	switch {
	case kind == models.KindShare:
		return s.percent
	case unit == "%":
		return s.decimal
	}
	for _, v := range values {
		if v != nil && *v != math.Trunc(*v) {
			return s.decimal
		}
	}
	return s.integer
}

// sheetWriter writes cells of one sheet, keeping the first error.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	err   error
}

func (w *sheetWriter) cell(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil && w.err == nil {
		w.err = err
	}
	return name
}

// set writes a value (nil pointers stay empty) with a style.
func (w *sheetWriter) set(col, row int, v any, style int) {
	ref := w.cell(col, row)
	if p, ok := v.(*float64); ok {
		if p == nil {
			v = nil
		} else {
			v = *p
		}
	}
	if v != nil {
		if err := w.f.SetCellValue(w.sheet, ref, v); err != nil && w.err == nil {
			w.err = err
		}
	}
	if style != 0 {
		if err := w.f.SetCellStyle(w.sheet, ref, ref, style); err != nil && w.err == nil {
			w.err = err
		}
	}
}

func (w *sheetWriter) merge(col1, row1, col2, row2 int) {
	if err := w.f.MergeCell(w.sheet, w.cell(col1, row1), w.cell(col2, row2)); err != nil && w.err == nil {
		w.err = err
	}
}

func (w *sheetWriter) widths(first, last int, width float64) {
	a, _ := excelize.ColumnNumberToName(first)
	b, _ := excelize.ColumnNumberToName(last)
	if err := w.f.SetColWidth(w.sheet, a, b, width); err != nil && w.err == nil {
		w.err = err
	}
}

// freeze keeps the rows above row and the columns left of col in view.
func (w *sheetWriter) freeze(col, row int) {
	p := &excelize.Panes{Freeze: true, XSplit: col - 1, YSplit: row - 1, TopLeftCell: w.cell(col, row), ActivePane: "bottomLeft"}
	if col > 1 {
		p.ActivePane = "bottomRight"
	}
	if err := w.f.SetPanes(w.sheet, p); err != nil && w.err == nil {
		w.err = err
	}
}

// titles writes the three title rows: what, as of when, generated when.
func (w *sheetWriter) titles(st *workbookStyles, rep *models.RollupReport, what string) {
	r := rep.Rollup
	scope := "全省"
	if r.City != "" {
		scope = r.City
	}
	w.set(1, 1, fmt.Sprintf("%d年辽宁省人社领域三年行动目标完成情况（%s）— %s", r.Year, scope, what), st.title)
	w.set(1, 2, fmt.Sprintf("年度：%d　统计截至：%s（含当日）　序时进度：%.2f%%", r.Year, r.AsOf, r.TimeProgress*100), st.note)
	w.set(1, 3, "生成时间："+rep.GeneratedAt.In(models.Shanghai).Format("2006-01-02 15:04:05"), st.note)
}

// titleRows is the number of rows above a sheet's header.
const titleRows = 4

func writeRollupWorkbook(buf *bytes.Buffer, rep *models.RollupReport) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newWorkbookStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	for _, name := range []string{SheetCities, SheetMonths} {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	for _, write := range []func(*excelize.File, *workbookStyles, *models.RollupReport) error{
		writeSummarySheet, writeCitiesSheet, writeMonthsSheet} {
		if err := write(f, st, rep); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return f.Write(buf)
}

func writeSummarySheet(f *excelize.File, st *workbookStyles, rep *models.RollupReport) error {
	w := &sheetWriter{f: f, sheet: SheetSummary}
	w.titles(st, rep, "汇总")
	headers := []string{"目标名称", "目标值", "完成值", "完成率", "序时进度", "状态", "年底预测", "单位", "数据来源", "目标代码", "备注"}
	hr := titleRows
	for i, h := range headers {
		w.set(i+1, hr, h, st.header)
	}
	for i, g := range rep.Rollup.Goals {
		row := hr + 1 + i
		num := st.numberStyle(g.Kind, g.Unit, g.Target, g.Actual)
		name := g.Name
		if g.YearFrom != g.YearTo {
			name = fmt.Sprintf("%s（%d—%d年累计）", g.Name, g.YearFrom, g.YearTo)
		}
		w.set(1, row, name, st.text)
		w.set(2, row, g.Target, num)
		w.set(3, row, g.Actual, num)
		w.set(4, row, g.Completion, st.percent)
		w.set(5, row, g.TimeProgress, st.percent)
		w.set(6, row, StatusNames[g.Status], st.status[g.Status])
		w.set(7, row, g.Forecast, num)
		w.set(8, row, g.Unit, st.text)
		w.set(9, row, sourceNames[g.Source], st.text)
		w.set(10, row, g.Code, st.text)
		var notes []string
		if g.CarriedForward {
			notes = append(notes, "沿用2023年目标，待确认")
		}
		if g.CityTargetsSum != nil {
			note := fmt.Sprintf("各市目标合计 %s", formatNumber(*g.CityTargetsSum))
			if g.CityTargetsShort {
				note += "，低于全省目标"
			}
			notes = append(notes, note)
		}
		w.set(11, row, strings.Join(notes, "；"), st.text)
	}
	w.widths(1, 1, 40)
	w.widths(2, 7, 14)
	w.widths(8, 9, 9)
	w.widths(10, 10, 30)
	w.widths(11, 11, 36)
	w.freeze(2, hr+1)
	return w.err
}

func formatNumber(x float64) string {
	if x == math.Trunc(x) {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%g", x)
}

// writeCitiesSheet writes one row per city and, per goal, its figure and
// completion (coloured by status) under the goal's name.
func writeCitiesSheet(f *excelize.File, st *workbookStyles, rep *models.RollupReport) error {
	w := &sheetWriter{f: f, sheet: SheetCities}
	w.titles(st, rep, "分城市")
	top, sub := titleRows, titleRows+1
	w.set(1, top, "城市", st.header)
	w.set(1, sub, "", st.header)
	w.merge(1, top, 1, sub)
	var cities []string
	if len(rep.Cities) > 0 {
		for _, it := range rep.Cities[0].Items {
			cities = append(cities, it.City)
		}
	}
	for i, city := range cities {
		w.set(1, sub+1+i, city, st.text)
	}
	for gi, cr := range rep.Cities {
		col := 2 + 2*gi
		w.set(col, top, goalTitle(cr.Goal), st.header)
		w.set(col+1, top, "", st.header)
		w.merge(col, top, col+1, top)
		w.set(col, sub, "完成值", st.header)
		w.set(col+1, sub, "完成率", st.header)
		var values []*float64
		for _, it := range cr.Items {
			values = append(values, it.Actual)
		}
		num := st.numberStyle(cr.Goal.Kind, cr.Goal.Unit, values...)
		for i, it := range cr.Items {
			row := sub + 1 + i
			w.set(col, row, it.Actual, num)
			w.set(col+1, row, it.Completion, st.status["pct:"+it.Status])
		}
	}
	w.widths(1, 1, 12)
	if n := len(rep.Cities); n > 0 {
		w.widths(2, 1+2*n, 13)
	}
	w.freeze(2, sub+1)
	return w.err
}

func goalTitle(g models.GoalRef) string {
	t := g.Name
	if g.Unit != "" {
		t += "（" + g.Unit + "）"
	}
	if g.YearFrom != g.YearTo {
		t += fmt.Sprintf(" %d—%d年累计", g.YearFrom, g.YearTo)
	}
	return t
}

// writeMonthsSheet writes one row per month and, per goal, the month's figure
// and the running figure.
func writeMonthsSheet(f *excelize.File, st *workbookStyles, rep *models.RollupReport) error {
	w := &sheetWriter{f: f, sheet: SheetMonths}
	w.titles(st, rep, "分月")
	top, sub := titleRows, titleRows+1
	w.set(1, top, "月份", st.header)
	w.set(1, sub, "", st.header)
	w.merge(1, top, 1, sub)
	for m := 1; m <= 12; m++ {
		w.set(1, sub+m, fmt.Sprintf("%d年%d月", rep.Rollup.Year, m), st.text)
	}
	for gi, mr := range rep.Months {
		col := 2 + 2*gi
		w.set(col, top, goalTitle(mr.Goal), st.header)
		w.set(col+1, top, "", st.header)
		w.merge(col, top, col+1, top)
		w.set(col, sub, "当月", st.header)
		w.set(col+1, sub, "累计", st.header)
		var values []*float64
		for _, it := range mr.Items {
			values = append(values, it.Actual, it.Cumulative)
		}
		num := st.numberStyle(mr.Goal.Kind, mr.Goal.Unit, values...)
		for i, it := range mr.Items {
			w.set(col, sub+1+i, it.Actual, num)
			w.set(col+1, sub+1+i, it.Cumulative, num)
		}
	}
	w.widths(1, 1, 12)
	if n := len(rep.Months); n > 0 {
		w.widths(2, 1+2*n, 13)
	}
	w.freeze(2, sub+1)
	return w.err
}
