package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Rollover asks for a year's goals to be carried into another year.
type Rollover struct {
	FromYear *int `json:"from_year" validate:"required,min=2000,max=2100"`
	ToYear   *int `json:"to_year" validate:"required,min=2000,max=2100"`
}

// RolloverResult is what a rollover created.
type RolloverResult struct {
	Created int    `json:"created"`
	Goals   []Goal `json:"goals"`
}

// RolloverGoals copies every single-year goal of from_year, city targets
// included, into to_year marked carried forward, for admins to confirm or
// edit. A goal whose code and scope already has an entry in force in
// to_year is left out, so a second call creates nothing. Goals spanning
// several years are not copied: they are in force over their own span.
func (s *Store) RolloverGoals(ctx context.Context, a Actor, in Rollover) (*RolloverResult, error) {
	if !a.Is(RoleAdmin) {
		return nil, forbidden("只有系统管理员可以沿用目标")
	}
	fields := CheckStruct(in)
	if in.FromYear != nil && in.ToYear != nil && fields["from_year"] == "" && fields["to_year"] == "" && *in.ToYear <= *in.FromYear {
		fields["to_year"] = "目标年份应晚于来源年份"
	}
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	from, to := *in.FromYear, *in.ToYear
	out := &RolloverResult{Goals: []Goal{}}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		out.Created, out.Goals = 0, []Goal{}
		var source []Goal
		if err := tx.Where("year_from = ? AND year_to = ?", from, from).Order("id").Find(&source).Error; err != nil {
			return err
		}
		var present []Goal
		if err := tx.Select("code, scope").Where("year_from <= ? AND year_to >= ?", to, to).Find(&present).Error; err != nil {
			return err
		}
		have := map[[2]string]bool{}
		for _, g := range present {
			have[[2]string{g.Code, g.Scope}] = true
		}
		now := s.now()
		for _, g := range source {
			key := [2]string{g.Code, g.Scope}
			if have[key] {
				continue
			}
			have[key] = true
			g.ID, g.YearFrom, g.YearTo, g.CarriedForward, g.CreatedAt, g.UpdatedAt = 0, to, to, true, now, now
			if err := tx.Create(&g).Error; err != nil {
				return err
			}
			if err := audit(tx, now, a, ActionCreate, "goal", g.ID, g.scopeCity(), created(g.snapshot()),
				fmt.Sprintf("沿用%d年目标", from)); err != nil {
				return err
			}
			out.Goals = append(out.Goals, g)
		}
		out.Created = len(out.Goals)
		return nil
	})
	if err != nil {
		return nil, dbErr(err, fmt.Sprintf("roll goals over from %d to %d", from, to))
	}
	return out, nil
}

// GoalYears answers the years in which at least one goal is in force, in
// order, so that pages can open on a year that has goals.
func (s *Store) GoalYears(ctx context.Context, a Actor) ([]int, error) {
	if !a.Is(RoleAdmin, RoleOfficial) {
		return nil, ErrForbidden
	}
	var spans []struct{ YearFrom, YearTo int }
	if err := s.read(ctx).Model(&Goal{}).Distinct("year_from", "year_to").Scan(&spans).Error; err != nil {
		return nil, fmt.Errorf("goal years: %w", err)
	}
	seen := map[int]bool{}
	for _, sp := range spans {
		for y := sp.YearFrom; y <= sp.YearTo && y <= MaxGoalYear; y++ {
			seen[y] = true
		}
	}
	years := []int{}
	for y := FirstYear; y <= MaxGoalYear; y++ {
		if seen[y] {
			years = append(years, y)
		}
	}
	return years, nil
}
