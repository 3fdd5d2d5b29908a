package models

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// GoalReport is a figure an official reported for a reported goal, for one
// month, for a city or (City "") the province. A later report for the same
// code, period and city replaces it; the audit log keeps both.
type GoalReport struct {
	ID         int64   `json:"id"`
	Code       string  `json:"code"`
	Period     string  `json:"period"`
	City       string  `json:"city"`
	Value      float64 `json:"value"`
	ReportedBy *int64  `json:"reported_by"`
	// Username is who reported the figure.
	Username  string    `json:"username" gorm:"->"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Replaced is set when this report replaced an earlier figure.
	Replaced bool `json:"replaced" gorm:"-"`
	// Previous is the replaced figure.
	Previous *float64 `json:"previous_value,omitempty" gorm:"-"`
}

// ReportInput reports a figure.
type ReportInput struct {
	Period string   `json:"period" validate:"required"`
	City   string   `json:"city" validate:"city_or_province"`
	Value  *float64 `json:"value" validate:"required"`
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

// reportedGoal finds the goal behind a code and checks that figures are
// reported for it: unknown -> not found, computed -> invalid.
func reportedGoal(db *gorm.DB, code string) (*Goal, error) {
	var g Goal
	if err := db.Where("code = ?", code).Order("id").Take(&g).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("goal %q: %w", code, ErrNotFound)
		}
		return nil, fmt.Errorf("find goal %q: %w", code, err)
	}
	if g.Source != SourceReported {
		return nil, Invalid(map[string]string{"code": "该目标由系统根据业务记录自动计算，不接受填报"})
	}
	return &g, nil
}

// CreateReport records a figure: officials for their city, province officials
// and admins for the province ("" city) or any city.
func (s *Store) CreateReport(ctx context.Context, a Actor, code string, in ReportInput) (*GoalReport, error) {
	if !a.Is(RoleAdmin, RoleOfficial) {
		return nil, forbidden("只有主管部门可以填报数据")
	}
	g, err := reportedGoal(s.read(ctx), code)
	if err != nil {
		return nil, err
	}
	fields := CheckStruct(in)
	if _, bad := fields["period"]; !bad {
		y, m, ok := ParsePeriod(in.Period)
		today := s.Today()
		switch {
		case !ok:
			fields["period"] = "期间格式应为 YYYY-MM，例如 2023-06"
		case y > today.Year || y == today.Year && m > today.Month:
			fields["period"] = "不能填报未来月份的数据"
		}
	}
	if _, bad := fields["value"]; !bad && in.Value != nil {
		checkValue(fields, "value", *in.Value, g.Unit)
	}
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	if !a.mayWriteCity(in.City) {
		if in.City == "" {
			return nil, forbidden("全省数据只能由省级主管部门或管理员填报")
		}
		return nil, errOtherCity
	}
	r := &GoalReport{Code: code, Period: in.Period, City: in.City, Value: *in.Value}
	if a.UserID != 0 {
		r.ReportedBy = &a.UserID
	}
	write := func(tx *gorm.DB) error {
		if err := checkOpen(tx, "period", cityMonth{in.City, in.Period}); err != nil {
			return err
		}
		var old GoalReport
		err := tx.Where("code = ? AND period = ? AND city = ?", code, in.Period, in.City).Take(&old).Error
		switch {
		case err == nil:
			prev := old.Value
			old.Value, old.ReportedBy = r.Value, r.ReportedBy
			if err := tx.Save(&old).Error; err != nil {
				return err
			}
			*r = old
			r.Replaced, r.Previous = true, &prev
			return audit(tx, s.now(), a, ActionReportChange, "goal_report", r.ID, r.City,
				Changes{"value": {Old: prev, New: r.Value}}, code+" "+r.Period)
		case errors.Is(err, gorm.ErrRecordNotFound):
			if err := tx.Create(r).Error; err != nil {
				return err
			}
			return audit(tx, s.now(), a, ActionReport, "goal_report", r.ID, r.City,
				created(map[string]any{"code": code, "period": r.Period, "city": r.City, "value": r.Value}), code+" "+r.Period)
		default:
			return err
		}
	}
	err = s.tx(ctx, write)
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		// Another official reported the same period between the look-up and
		// the insert (PostgreSQL): this report replaces theirs.
		r.ID, r.CreatedAt, r.UpdatedAt = 0, time.Time{}, time.Time{}
		err = s.tx(ctx, write)
	}
	if err != nil {
		return nil, dbErr(err, "report "+code)
	}
	return r, nil
}

// ReportFilter selects reported figures of one goal.
type ReportFilter struct {
	Year int
	City string // "": every city the actor sees, and the province
	Page
}

// ListReports lists a goal's reported figures, latest period first. A city
// official sees its city's figures and the province's.
func (s *Store) ListReports(ctx context.Context, a Actor, code string, f ReportFilter) ([]GoalReport, int64, error) {
	if !a.Is(RoleAdmin, RoleOfficial) {
		return nil, 0, ErrForbidden
	}
	db := s.read(ctx)
	if _, err := reportedGoal(db, code); err != nil {
		return nil, 0, err
	}
	city, ok := a.ScopeCity(f.City)
	if !ok {
		return nil, 0, errOtherCity
	}
	q := db.Table("goal_reports").Select("goal_reports.*, users.username AS username").
		Joins("LEFT JOIN users ON users.id = goal_reports.reported_by").Where("goal_reports.code = ?", code)
	if f.Year != 0 {
		q = q.Where("goal_reports.period BETWEEN ? AND ?", fmt.Sprintf("%04d-01", f.Year), fmt.Sprintf("%04d-12", f.Year))
	}
	switch {
	case f.City != "":
		q = q.Where("goal_reports.city = ?", city)
	case city != "":
		q = q.Where("goal_reports.city IN ?", []string{"", city})
	}
	return pageOf[GoalReport](q, f.Page, "goal_reports.period DESC, goal_reports.city ASC")
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
