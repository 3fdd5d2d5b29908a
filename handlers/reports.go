package handlers

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"jobfair/models"
	"jobfair/sheet"
)

// MonthReportResult is the figures of a city-month as they stand after a save.
type MonthReportResult struct {
	Period string              `json:"period"`
	City   string              `json:"city"`
	Items  []models.GoalReport `json:"items"`
}

// OverdueList is the 催报 list.
type OverdueList struct {
	Items []models.OverdueMonth `json:"items"`
	Total int                   `json:"total"`
}

// GoalYears is the years that have goals, and the current year.
type GoalYears struct {
	Years   []int `json:"years"`
	Current int   `json:"current"`
}

// SaveMonthReport records several reported figures of one city-month, all or none.
func (h *Handler) SaveMonthReport(c *gin.Context) error {
	var in models.MonthReport
	if err := bind(c, &in); err != nil {
		return err
	}
	items, err := h.Store.SaveMonthReport(c.Request.Context(), actor(c), c.Param("period"), in)
	if err != nil {
		return err
	}
	return ok(c, MonthReportResult{Period: c.Param("period"), City: in.City, Items: items})
}

// ListAllReports lists reported figures by year, month, city and goal.
func (h *Handler) ListAllReports(c *gin.Context) error {
	q := newQuery(c)
	f := models.ReportFilter{Year: q.year(), Period: q.str("period"), City: q.city(), Goal: q.str("goal"), Page: q.page()}
	if f.Period != "" {
		if _, _, valid := models.ParsePeriod(f.Period); !valid {
			q.bad["period"] = "期间格式应为 YYYY-MM"
		}
	}
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.ListAllReports(c.Request.Context(), actor(c), f)
	if err != nil {
		return err
	}
	return list(c, items, total, f.Page)
}

// ReportTemplateXLSX gives the form of a city-month: one row per reported
// goal with its name, unit and any figure already recorded.
func (h *Handler) ReportTemplateXLSX(c *gin.Context) error {
	period, city := c.Query("period"), c.Query("city")
	form, err := h.Store.ReportFormOf(c.Request.Context(), actor(c), period, city)
	if err != nil {
		return err
	}
	rows := make([][]string, 0, len(form.Goals))
	ref := sheet.Reference{Title: "填报指标（单位，允许范围）"}
	for _, g := range form.Goals {
		value := ""
		if v, ok := form.Values[g.Code]; ok {
			value = fmt.Sprint(v)
		}
		rows = append(rows, []string{g.Code, g.Name, g.Unit, value})
		ref.Rows = append(ref.Rows, [2]string{fmt.Sprintf("%s（%s，0至%.0f）", g.Name, unitName(g.Unit), models.ValueBound(g.Unit)), g.Code})
	}
	var b bytes.Buffer
	if err := sheet.TemplateXLSXRows(&b, "月度填报", sheetColumns(models.ReportColumns), rows, []sheet.Reference{ref}); err != nil {
		return err
	}
	who := city
	if who == "" {
		who = "全省"
	}
	downloadAs(c, fmt.Sprintf("%s%s月度填报.xlsx", who, period), "report-"+period+".xlsx")
	c.Data(http.StatusOK, xlsxType, b.Bytes())
	return nil
}

func unitName(u string) string {
	if u == "" {
		return "无单位"
	}
	return u
}

// ImportReports records a city-month's figures from a filled form.
func (h *Handler) ImportReports(c *gin.Context) error {
	q := newQuery(c)
	correct := q.boolean("correct")
	if err := q.err(); err != nil {
		return err
	}
	file, done, err := h.upload(c, models.ReportColumns)
	if err != nil {
		return err
	}
	defer done()
	n, err := h.Store.ImportReports(c.Request.Context(), actor(c), c.Query("period"), c.Query("city"), correct != nil && *correct, file)
	if err != nil {
		return err
	}
	return created(c, Imported{Imported: n})
}

// OverdueMonths lists the months cities have not submitted yet (催报), and
// those waiting to be closed.
func (h *Handler) OverdueMonths(c *gin.Context) error {
	items, err := h.Store.OverdueMonths(c.Request.Context(), actor(c))
	if err != nil {
		return err
	}
	return ok(c, OverdueList{Items: items, Total: len(items)})
}

// RolloverGoals carries a year's single-year goals into another year.
func (h *Handler) RolloverGoals(c *gin.Context) error {
	var in models.Rollover
	if err := bind(c, &in); err != nil {
		return err
	}
	r, err := h.Store.RolloverGoals(c.Request.Context(), actor(c), in)
	if err != nil {
		return err
	}
	return created(c, r)
}

// GoalYears answers the years that have goals.
func (h *Handler) GoalYears(c *gin.Context) error {
	years, err := h.Store.GoalYears(c.Request.Context(), actor(c))
	if err != nil {
		return err
	}
	return ok(c, GoalYears{Years: years, Current: h.Store.Today().Year})
}
