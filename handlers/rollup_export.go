package handlers

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"jobfair/models"
	"jobfair/sheet"
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
	downloadAs(c, name, fmt.Sprintf("rollup-%d.xlsx", rep.Rollup.Year))
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

// statusColors are the backgrounds of the rollup statuses.
var statusColors = map[string]string{models.StatusMet: "C6EFCE", models.StatusAhead: "DDEBF7",
	models.StatusBehind: "FFC7CE", models.StatusNoData: "EDEDED", models.StatusNoTarget: "EDEDED"}

// numberStyle picks the format of a goal's figures: shares as percentages,
// rates with two decimals, counts with thousands separators.
func numberStyle(b *sheet.Workbook, kind, unit string, values ...*float64) sheet.Style {
	switch {
	case kind == models.KindShare:
		return b.Percent
	case unit == "%":
		return b.Decimal
	}
	for _, v := range values {
		if v != nil && *v != math.Trunc(*v) {
			return b.Decimal
		}
	}
	return b.Integer
}

// titles writes the three title rows: what, as of when, generated when.
func titles(b *sheet.Workbook, w *sheet.Sheet, rep *models.RollupReport, what string) {
	r := rep.Rollup
	scope := "全省"
	if r.City != "" {
		scope = r.City
	}
	w.Set(1, 1, fmt.Sprintf("%d年辽宁省人社领域三年行动目标完成情况（%s）— %s", r.Year, scope, what), b.Title)
	w.Set(1, 2, fmt.Sprintf("年度：%d　统计截至：%s（含当日）　序时进度：%.2f%%", r.Year, r.AsOf, r.TimeProgress*100), b.Note)
	w.Set(1, 3, "生成时间："+rep.GeneratedAt.In(models.Shanghai).Format("2006-01-02 15:04:05"), b.Note)
}

// titleRows is the number of rows above a sheet's header.
const titleRows = 4

func writeRollupWorkbook(buf *bytes.Buffer, rep *models.RollupReport) error {
	b, err := sheet.NewWorkbook(SheetSummary, SheetCities, SheetMonths)
	if err != nil {
		return err
	}
	defer b.Close()
	writeSummarySheet(b, rep)
	writeCitiesSheet(b, rep)
	writeMonthsSheet(b, rep)
	_, err = b.WriteTo(buf)
	return err
}

func writeSummarySheet(b *sheet.Workbook, rep *models.RollupReport) {
	w := b.Sheet(SheetSummary)
	titles(b, w, rep, "汇总")
	headers := []string{"目标名称", "目标值", "完成值", "完成率", "序时进度", "状态", "年底预测", "单位", "数据来源", "目标代码", "备注"}
	hr := titleRows
	for i, h := range headers {
		w.Set(i+1, hr, h, b.Header)
	}
	for i, g := range rep.Rollup.Goals {
		row := hr + 1 + i
		num := numberStyle(b, g.Kind, g.Unit, g.Target, g.Actual)
		name := g.Name
		if g.YearFrom != g.YearTo {
			name = fmt.Sprintf("%s（%d—%d年累计）", g.Name, g.YearFrom, g.YearTo)
		}
		w.Set(1, row, name, b.Text)
		w.Set(2, row, g.Target, num)
		w.Set(3, row, g.Actual, num)
		w.Set(4, row, g.Completion, b.Percent)
		w.Set(5, row, g.TimeProgress, b.Percent)
		w.Set(6, row, StatusNames[g.Status], b.Badge(statusColors[g.Status]))
		w.Set(7, row, g.Forecast, num)
		w.Set(8, row, g.Unit, b.Text)
		w.Set(9, row, sourceNames[g.Source], b.Text)
		w.Set(10, row, g.Code, b.Text)
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
		w.Set(11, row, strings.Join(notes, "；"), b.Text)
	}
	w.Widths(1, 1, 40)
	w.Widths(2, 7, 14)
	w.Widths(8, 9, 9)
	w.Widths(10, 10, 30)
	w.Widths(11, 11, 36)
	w.Freeze(2, hr+1)
}

func formatNumber(x float64) string {
	if x == math.Trunc(x) {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%g", x)
}

// writeCitiesSheet writes one row per city and, per goal, its figure and
// completion (coloured by status) under the goal's name.
func writeCitiesSheet(b *sheet.Workbook, rep *models.RollupReport) {
	w := b.Sheet(SheetCities)
	titles(b, w, rep, "分城市")
	top, sub := titleRows, titleRows+1
	w.Set(1, top, "城市", b.Header)
	w.Set(1, sub, "", b.Header)
	w.Merge(1, top, 1, sub)
	var cities []string
	if len(rep.Cities) > 0 {
		for _, it := range rep.Cities[0].Items {
			cities = append(cities, it.City)
		}
	}
	for i, city := range cities {
		w.Set(1, sub+1+i, city, b.Text)
	}
	for gi, cr := range rep.Cities {
		col := 2 + 2*gi
		w.Set(col, top, goalTitle(cr.Goal), b.Header)
		w.Set(col+1, top, "", b.Header)
		w.Merge(col, top, col+1, top)
		w.Set(col, sub, "完成值", b.Header)
		w.Set(col+1, sub, "完成率", b.Header)
		var values []*float64
		for _, it := range cr.Items {
			values = append(values, it.Actual)
		}
		num := numberStyle(b, cr.Goal.Kind, cr.Goal.Unit, values...)
		for i, it := range cr.Items {
			row := sub + 1 + i
			w.Set(col, row, it.Actual, num)
			w.Set(col+1, row, it.Completion, b.TintedPercent(statusColors[it.Status]))
		}
	}
	w.Widths(1, 1, 12)
	if n := len(rep.Cities); n > 0 {
		w.Widths(2, 1+2*n, 13)
	}
	w.Freeze(2, sub+1)
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
func writeMonthsSheet(b *sheet.Workbook, rep *models.RollupReport) {
	w := b.Sheet(SheetMonths)
	titles(b, w, rep, "分月")
	top, sub := titleRows, titleRows+1
	w.Set(1, top, "月份", b.Header)
	w.Set(1, sub, "", b.Header)
	w.Merge(1, top, 1, sub)
	for m := 1; m <= 12; m++ {
		w.Set(1, sub+m, fmt.Sprintf("%d年%d月", rep.Rollup.Year, m), b.Text)
	}
	for gi, mr := range rep.Months {
		col := 2 + 2*gi
		w.Set(col, top, goalTitle(mr.Goal), b.Header)
		w.Set(col+1, top, "", b.Header)
		w.Merge(col, top, col+1, top)
		w.Set(col, sub, "当月", b.Header)
		w.Set(col+1, sub, "累计", b.Header)
		var values []*float64
		for _, it := range mr.Items {
			values = append(values, it.Actual, it.Cumulative)
		}
		num := numberStyle(b, mr.Goal.Kind, mr.Goal.Unit, values...)
		for i, it := range mr.Items {
			w.Set(col, sub+1+i, it.Actual, num)
			w.Set(col+1, sub+1+i, it.Cumulative, num)
		}
	}
	w.Widths(1, 1, 12)
	if n := len(rep.Months); n > 0 {
		w.Widths(2, 1+2*n, 13)
	}
	w.Freeze(2, sub+1)
}
