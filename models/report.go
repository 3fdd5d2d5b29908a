package models

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// GoalReport is a figure an official reported for a reported goal, for one
// month, for a city or (City "") the province. A figure that differs from
// the one recorded is refused unless it is sent as a correction; a
// correction keeps the value it replaced, who corrected it and when.
type GoalReport struct {
	ID            int64    `json:"id"`
	Code          string   `json:"goal"`
	Period        string   `json:"period"`
	City          string   `json:"city"`
	Value         float64  `json:"value"`
	PreviousValue *float64 `json:"previous_value"`
	ReportedByID  *int64   `json:"-" gorm:"column:reported_by"`
	// ReportedBy is the username of who recorded the current value.
	ReportedBy string    `json:"reported_by" gorm:"column:reported_by_name;->"`
	CreatedAt  time.Time `json:"created_at"`
	// ReportedAt is when the current value was recorded.
	ReportedAt    time.Time  `json:"reported_at" gorm:"column:updated_at"`
	CorrectedAt   *time.Time `json:"corrected_at"`
	CorrectedByID *int64     `json:"-" gorm:"column:corrected_by"`
	// Unchanged is set when the figure sent was the one already recorded.
	Unchanged bool `json:"unchanged,omitempty" gorm:"-"`
}

// TableName is the reported figures' table.
func (GoalReport) TableName() string { return "goal_reports" }

// ReportInput reports one figure (POST /goals/{code}/reports).
type ReportInput struct {
	Period  string   `json:"period" validate:"required"`
	City    string   `json:"city" validate:"city_or_province"`
	Value   *float64 `json:"value" validate:"required"`
	Correct bool     `json:"correct"`
}

// MonthReport reports several figures of one city-month at once
// (PUT /reports/{period}); Correct allows changing recorded figures.
type MonthReport struct {
	City    string              `json:"city" validate:"city_or_province"`
	Values  map[string]*float64 `json:"values"`
	Correct bool                `json:"correct"`
}

var periodPattern = regexp.MustCompile(`^\d{4}-\d{2}$`)

// ParsePeriod reads a month "YYYY-MM".
func ParsePeriod(s string) (year int, month time.Month, ok bool) {
	if !periodPattern.MatchString(s) {
		return 0, 0, false
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:])
	if y < 2000 || m < 1 || m > 12 {
		return 0, 0, false
	}
	return y, time.Month(m), true
}

func monthOf(d Date) string { return d.String()[:7] }

// checkReportPeriod checks the month figures are reported for: a month of
// 2000 … this month.
func (s *Store) checkReportPeriod(fields map[string]string, period string) {
	y, m, ok := ParsePeriod(period)
	today := s.Today()
	switch {
	case !ok:
		fields["period"] = "期间格式应为 YYYY-MM，例如 2024-05"
	case y > today.Year || y == today.Year && m > today.Month:
		fields["period"] = "不能填报未来月份的数据"
	}
}

// reportedGoals finds the goals behind codes: each code's first entry.
func reportedGoals(db *gorm.DB, codes []string) (map[string]Goal, error) {
	var goals []Goal
	if err := db.Select("id, code, name, unit, source, kind").Where("code IN ?", codes).Order("id").Find(&goals).Error; err != nil {
		return nil, fmt.Errorf("find goals: %w", err)
	}
	out := make(map[string]Goal, len(goals))
	for _, g := range goals {
		if _, seen := out[g.Code]; !seen {
			out[g.Code] = g
		}
	}
	return out, nil
}

const msgComputedGoal = "该目标由系统根据业务记录自动计算，不接受填报"

// mayReport: officials report their city's figures; the province's own
// figures (city "") and any city's are for province officials and admins.
func (a Actor) mayReport(city string) error {
	if a.mayWriteCity(city) {
		return nil
	}
	if city == "" {
		return forbidden("全省数据只能由省级主管部门或管理员填报")
	}
	return errOtherCity
}

// reportBatch is a checked set of figures of one city-month on its way in.
type reportBatch struct {
	period, city string
	values       map[string]float64
	correct      bool
	// field names the field of a code's problem in the answer.
	field func(code string) string
	// via names the way the figures came, for the audit log.
	via string
	// after runs last in the transaction (an import's audit entry).
	after func(tx *gorm.DB) error
}

// SaveMonthReport records several reported figures of one city-month, all
// or none. It answers the figures as they stand afterwards, by code.
func (s *Store) SaveMonthReport(ctx context.Context, a Actor, period string, in MonthReport) ([]GoalReport, error) {
	if !a.Is(RoleAdmin, RoleOfficial) {
		return nil, forbidden("只有主管部门可以填报数据")
	}
	fields := CheckStruct(in)
	s.checkReportPeriod(fields, period)
	values := map[string]float64{}
	if len(in.Values) == 0 {
		fields["values"] = "请至少填写一项指标的数值"
	}
	if len(in.Values) > maxMonthValues {
		fields["values"] = fmt.Sprintf("一次最多填报%d项指标", maxMonthValues)
	}
	codes := make([]string, 0, len(in.Values))
	for code, v := range in.Values {
		codes = append(codes, code)
		if v == nil {
			fields[code] = "请填写数值"
			continue
		}
		values[code] = *v
	}
	if len(codes) > maxMonthValues {
		return nil, Invalid(fields)
	}
	goals, err := reportedGoals(s.read(ctx), codes)
	if err != nil {
		return nil, err
	}
	for _, code := range codes {
		checkReportCode(fields, code, code, code, goals, values)
	}
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	if err := a.mayReport(in.City); err != nil {
		return nil, err
	}
	return s.saveReports(ctx, a, reportBatch{period: period, city: in.City, values: values, correct: in.Correct,
		field: func(code string) string { return code }, via: "月度填报"})
}

// maxMonthValues bounds the figures of one request: far more goals than any plan has.
const maxMonthValues = 200

// checkReportCode names field when code is no reported goal, or its value is
// out of the goal's bounds.
func checkReportCode(fields map[string]string, field, valueField, code string, goals map[string]Goal, values map[string]float64) {
	g, known := goals[code]
	switch {
	case !known:
		fields[field] = fmt.Sprintf("未知的指标代码「%s」", clipCell(code))
	case g.Source != SourceReported:
		fields[field] = fmt.Sprintf("「%s」%s", g.Name, msgComputedGoal)
	default:
		if v, ok := values[code]; ok {
			checkValue(fields, valueField, v, g.Unit)
		}
	}
}

// CreateReport records one figure: the single-figure form of SaveMonthReport,
// under the same rules.
func (s *Store) CreateReport(ctx context.Context, a Actor, code string, in ReportInput) (*GoalReport, error) {
	if !a.Is(RoleAdmin, RoleOfficial) {
		return nil, forbidden("只有主管部门可以填报数据")
	}
	goals, err := reportedGoals(s.read(ctx), []string{code})
	if err != nil {
		return nil, err
	}
	g, known := goals[code]
	if !known {
		return nil, fmt.Errorf("goal %q: %w", code, ErrNotFound)
	}
	if g.Source != SourceReported {
		return nil, Invalid(map[string]string{"code": msgComputedGoal})
	}
	fields := CheckStruct(in)
	if _, bad := fields["period"]; !bad {
		s.checkReportPeriod(fields, in.Period)
	}
	if _, bad := fields["value"]; !bad && in.Value != nil {
		checkValue(fields, "value", *in.Value, g.Unit)
	}
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	if err := a.mayReport(in.City); err != nil {
		return nil, err
	}
	out, err := s.saveReports(ctx, a, reportBatch{period: in.Period, city: in.City, values: map[string]float64{code: *in.Value},
		correct: in.Correct, field: func(string) string { return "value" }, via: "填报"})
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// saveReports writes a checked batch in one transaction: refused whole when
// the month is submitted or closed, or when a figure differs from the one
// recorded and the batch is not a correction.
func (s *Store) saveReports(ctx context.Context, a Actor, b reportBatch) ([]GoalReport, error) {
	codes := make([]string, 0, len(b.values))
	for code := range b.values {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	var by *int64
	if a.UserID != 0 {
		by = &a.UserID
	}
	var out []GoalReport
	write := func(tx *gorm.DB) error {
		out = out[:0]
		if err := checkOpen(tx, "period", cityMonth{b.city, b.period}); err != nil {
			return err
		}
		q := tx.Where("code IN ? AND period = ? AND city = ?", codes, b.period, b.city)
		if s.Dialect == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var existing []GoalReport
		if err := q.Find(&existing).Error; err != nil {
			return err
		}
		old := make(map[string]GoalReport, len(existing))
		for _, r := range existing {
			old[r.Code] = r
		}
		conflicts := map[string]string{}
		var names []string
		for _, code := range codes {
			if r, ok := old[code]; ok && r.Value != b.values[code] && !b.correct {
				conflicts[b.field(code)] = fmt.Sprintf("已填报 %s，本次为 %s；如需更正请确认更正", formatFigure(r.Value), formatFigure(b.values[code]))
				names = append(names, code)
			}
		}
		if len(conflicts) > 0 {
			return &Error{Code: EConflict, Fields: conflicts, Message: fmt.Sprintf("%s%s已填报过不同的数值：%s；如需更正，请确认后以更正方式提交",
				cityOrProvince(b.city), periodName(b.period), strings.Join(names, "、"))}
		}
		now := s.now()
		for _, code := range codes {
			v := b.values[code]
			r, ok := old[code]
			switch {
			case ok && r.Value == v:
				r.Unchanged = true
			case ok:
				prev := r.Value
				err := tx.Model(&GoalReport{}).Where("id = ?", r.ID).Updates(map[string]any{"value": v, "previous_value": prev,
					"reported_by": by, "updated_at": now, "corrected_at": now, "corrected_by": by}).Error
				if err != nil {
					return err
				}
				r.Value, r.PreviousValue, r.ReportedByID, r.ReportedAt, r.CorrectedAt, r.CorrectedByID = v, &prev, by, now, &now, by
				if err := audit(tx, now, a, ActionReportChange, "goal_report", r.ID, r.City,
					Changes{"value": {Old: prev, New: v}}, code+" "+b.period+" "+b.via+"更正"); err != nil {
					return err
				}
			default:
				r = GoalReport{Code: code, Period: b.period, City: b.city, Value: v, ReportedByID: by, CreatedAt: now, ReportedAt: now}
				if err := tx.Create(&r).Error; err != nil {
					return err
				}
				if err := audit(tx, now, a, ActionReport, "goal_report", r.ID, r.City,
					created(map[string]any{"code": code, "period": r.Period, "city": r.City, "value": v}), code+" "+b.period+" "+b.via); err != nil {
					return err
				}
			}
			out = append(out, r)
		}
		if b.after != nil {
			return b.after(tx)
		}
		return nil
	}
	err := s.tx(ctx, write)
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		// Another official reported the same month between the look-up and
		// the insert: look again, and judge the batch against their figures.
		err = s.tx(ctx, write)
	}
	if err != nil {
		return nil, dbErr(err, "report "+b.period)
	}
	if err := s.fillReporters(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// fillReporters names who recorded each figure.
func (s *Store) fillReporters(ctx context.Context, reports []GoalReport) error {
	ids := []int64{}
	for _, r := range reports {
		if r.ReportedByID != nil {
			ids = append(ids, *r.ReportedByID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var users []struct {
		ID       int64
		Username string
	}
	if err := s.read(ctx).Table("users").Select("id, username").Where("id IN ?", ids).Scan(&users).Error; err != nil {
		return fmt.Errorf("find reporters: %w", err)
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = u.Username
	}
	for i := range reports {
		if id := reports[i].ReportedByID; id != nil {
			reports[i].ReportedBy = names[*id]
		}
	}
	return nil
}

func cityOrProvince(city string) string {
	if city == "" {
		return "全省"
	}
	return city
}

// formatFigure prints a figure as people write it: 4.9, 120000.
func formatFigure(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// ReportFilter selects reported figures.
type ReportFilter struct {
	Year   int
	Period string
	City   string // "": every city the actor sees, and the province
	Goal   string
	Page
}

// ListReports lists a goal's reported figures, latest period first.
func (s *Store) ListReports(ctx context.Context, a Actor, code string, f ReportFilter) ([]GoalReport, int64, error) {
	if !a.Is(RoleAdmin, RoleOfficial) {
		return nil, 0, ErrForbidden
	}
	goals, err := reportedGoals(s.read(ctx), []string{code})
	if err != nil {
		return nil, 0, err
	}
	if g, ok := goals[code]; !ok {
		return nil, 0, fmt.Errorf("goal %q: %w", code, ErrNotFound)
	} else if g.Source != SourceReported {
		return nil, 0, Invalid(map[string]string{"code": msgComputedGoal})
	}
	f.Goal = code
	return s.ListAllReports(ctx, a, f)
}

// ListAllReports lists reported figures by year, month, city and goal, latest
// month first. A city official sees its city's figures and the province's.
func (s *Store) ListAllReports(ctx context.Context, a Actor, f ReportFilter) ([]GoalReport, int64, error) {
	if !a.Is(RoleAdmin, RoleOfficial) {
		return nil, 0, ErrForbidden
	}
	city, ok := a.ScopeCity(f.City)
	if !ok {
		return nil, 0, errOtherCity
	}
	q := s.read(ctx).Table("goal_reports").Select("goal_reports.*, users.username AS reported_by_name").
		Joins("LEFT JOIN users ON users.id = goal_reports.reported_by")
	if f.Goal != "" {
		q = q.Where("goal_reports.code = ?", f.Goal)
	}
	if f.Year != 0 {
		q = q.Where("goal_reports.period BETWEEN ? AND ?", fmt.Sprintf("%04d-01", f.Year), fmt.Sprintf("%04d-12", f.Year))
	}
	if f.Period != "" {
		q = q.Where("goal_reports.period = ?", f.Period)
	}
	switch {
	case f.City != "":
		q = q.Where("goal_reports.city = ?", city)
	case city != "":
		q = q.Where("goal_reports.city IN ?", []string{"", city})
	}
	return pageOf[GoalReport](q, f.Page, "goal_reports.period DESC, goal_reports.city ASC, goal_reports.code ASC")
}

// reportRow is a reported figure as the rollups read it.
type reportRow struct {
	Code   string
	Period string
	City   string
	Value  float64
}

// reportsFor loads the figures of codes from month from through month to,
// for city ("" the province) or, when allCities, for every city.
func (s *Store) reportsFor(ctx context.Context, codes []string, from, to string, city string, allCities bool) ([]reportRow, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	q := s.read(ctx).Table("goal_reports").Select("code, period, city, value").
		Where("code IN ? AND period BETWEEN ? AND ?", codes, from, to)
	if !allCities {
		q = q.Where("city = ?", city)
	}
	var rows []reportRow
	if err := q.Order("period").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("load reported figures: %w", err)
	}
	return rows, nil
}
