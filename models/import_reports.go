package models

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// ReportColumns are the columns of the monthly figures' form: one row per
// reported goal. Name and unit help the person filling it and are not read.
var ReportColumns = []Column{
	{Field: "goal", Header: "指标代码", Required: true, Aliases: []string{"代码", "code"}, Hint: "填报类指标的代码，见下表；请勿修改"},
	{Field: "name", Header: "指标名称", Hint: "仅供参考，导入时不读取"},
	{Field: "unit", Header: "单位", Hint: "仅供参考，导入时不读取"},
	{Field: "value", Header: "数值", Aliases: []string{"本月数值"}, Hint: "本月数值；单位为 % 的指标填0至100，其他指标填0至100000000；留空为本月不填报该指标"},
}

// maxReportRows bounds the rows of a form of one city-month.
const maxReportRows = 1000

// ReportForm is what the form of a city-month lists: each reported goal in
// force in the month's year, with the figure already recorded.
type ReportForm struct {
	Goals  []Goal
	Values map[string]float64
}

// ReportFormOf answers the reported goals of a city-month and its recorded
// figures, for the form's template.
func (s *Store) ReportFormOf(ctx context.Context, a Actor, period, city string) (*ReportForm, error) {
	if !a.Is(RoleAdmin, RoleOfficial) {
		return nil, forbidden("只有主管部门可以填报数据")
	}
	fields := map[string]string{}
	s.checkReportPeriod(fields, period)
	if city != "" && !IsCity(city) {
		fields["city"] = "城市必须是辽宁省14个地级市之一或留空（全省）"
	}
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	if err := a.mayReport(city); err != nil {
		return nil, err
	}
	y, _, _ := ParsePeriod(period)
	var goals []Goal
	err := s.read(ctx).Where("source = ? AND scope = ? AND year_from <= ? AND year_to >= ?", SourceReported, ScopeProvince, y, y).
		Order("id").Find(&goals).Error
	if err != nil {
		return nil, fmt.Errorf("reported goals of %d: %w", y, err)
	}
	form := &ReportForm{Values: map[string]float64{}}
	seen := map[string]bool{}
	for _, g := range goals {
		if !seen[g.Code] {
			seen[g.Code] = true
			form.Goals = append(form.Goals, g)
		}
	}
	var rows []GoalReport
	if err := s.read(ctx).Where("period = ? AND city = ?", period, city).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("figures of %s: %w", period, err)
	}
	for _, r := range rows {
		form.Values[r.Code] = r.Value
	}
	return form, nil
}

// ImportReports records the figures of one city-month from a filled form,
// under the rules of SaveMonthReport: all or none, bad rows listed by their
// number, a figure that differs from the recorded one refused (409, the rows
// named) unless correct is set. It answers how many figures it recorded.
func (s *Store) ImportReports(ctx context.Context, a Actor, period, city string, correct bool, file ImportFile) (int, error) {
	if !a.Is(RoleAdmin, RoleOfficial) {
		return 0, forbidden("只有主管部门可以填报数据")
	}
	fields := map[string]string{}
	s.checkReportPeriod(fields, period)
	if city != "" && !IsCity(city) {
		fields["city"] = "城市必须是辽宁省14个地级市之一或留空（全省）"
	}
	if err := Invalid(fields); err != nil {
		return 0, err
	}
	if err := a.mayReport(city); err != nil {
		return 0, err
	}
	is := &importSession{file: file, pos: map[string]int{}}
	for i, c := range ReportColumns {
		is.pos[c.Field] = i
	}
	type line struct {
		row   int
		code  string
		value float64
	}
	var lines []line
	rowOf := map[string]int{}
	for {
		n, cells, err := is.next()
		if err != nil {
			return 0, err
		}
		if cells == nil {
			break
		}
		if is.rows > maxReportRows {
			return 0, &Error{Code: EInvalid, Message: fmt.Sprintf("文件超过%d行，一个月的填报表不会有这么多行", maxReportRows),
				Fields: map[string]string{"file": fmt.Sprintf("最多%d行数据", maxReportRows)}}
		}
		code := strings.TrimSpace(is.cell(cells, "goal"))
		raw := strings.TrimSpace(is.cell(cells, "value"))
		if raw == "" {
			continue // not reported this month
		}
		if code == "" {
			is.errs.add(n, "goal", "请填写指标代码")
			continue
		}
		if first, dup := rowOf[code]; dup {
			is.errs.add(n, "goal", fmt.Sprintf("与第%d行是同一指标，每项指标只填一行", first))
			continue
		}
		rowOf[code] = n
		v, ok := parseFigure(raw)
		if !ok {
			is.errs.add(n, "value", fmt.Sprintf("无法识别的数值「%s」，请填写数字，如 4.9", clipCell(raw)))
		}
		lines = append(lines, line{n, code, v})
	}
	if err := is.noRows(); err != nil {
		return 0, err
	}
	codes := make([]string, len(lines))
	values := map[string]float64{}
	for i, l := range lines {
		codes[i] = l.code
		values[l.code] = l.value
	}
	goals, err := reportedGoals(s.read(ctx), codes)
	if err != nil {
		return 0, err
	}
	for _, l := range lines {
		f := map[string]string{}
		checkReportCode(f, "goal", "value", l.code, goals, values)
		is.errs.addFields(l.row, f)
	}
	if !is.errs.empty() {
		return 0, is.errs.err("")
	}
	if len(lines) == 0 {
		return 0, &Error{Code: EInvalid, Message: "文件中没有填写任何数值", Fields: map[string]string{"file": "「数值」列全部为空，请填写后再导入"}}
	}
	b := reportBatch{period: period, city: city, values: values, correct: correct,
		field: func(code string) string { return code }, via: "导入",
		after: func(tx *gorm.DB) error {
			return auditImport(tx, s.now(), a, "goal_report", city, file, len(lines))
		}}
	_, err = s.saveReports(ctx, a, b)
	var e *Error
	if errors.As(err, &e) && e.Code == EConflict && len(e.Fields) > 0 {
		// Name the rows of the figures that differ, as the import's row errors do.
		for code, msg := range e.Fields {
			e.Rows = append(e.Rows, RowError{Row: rowOf[code], Fields: map[string]string{"value": msg}})
		}
		sortRowErrors(e.Rows)
		e.BadRows = len(e.Rows)
	}
	if err != nil {
		return 0, err
	}
	return len(lines), nil
}

// parseFigure reads a number as people type it: full-width digits, thousands
// separators.
func parseFigure(s string) (float64, bool) {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		case r == ',' || r == '，' || r == ' ':
			return -1
		}
		return r
	}, s)
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

func sortRowErrors(rows []RowError) {
	sort.Slice(rows, func(i, j int) bool { return rows[i].Row < rows[j].Row })
}
