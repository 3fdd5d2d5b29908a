package models

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Goal sources and kinds.
const (
	SourceComputed = "computed"
	SourceReported = "reported"
	KindCount      = "count" // computed from the records, accrues through the year
	KindShare      = "share" // a fraction of the year's records; does not accrue
	KindRate       = "rate"  // a percentage of the year's records; does not accrue
	KindStock      = "stock" // reported; the latest period counts
	KindFlow       = "flow"  // reported; periods add up
	ScopeProvince  = "province"
)

// Comparisons: how an actual figure is held against its target.
const (
	AtLeast = "at_least"
	About   = "about" // judged like at_least
	AtMost  = "at_most"
)

// Goal is a target of the plan in force over years YearFrom..YearTo, for the
// province or (Scope = a city name) for one city.
type Goal struct {
	ID             int64     `json:"id"`
	Code           string    `json:"code"`
	Name           string    `json:"name"`
	Scope          string    `json:"scope"`
	YearFrom       int       `json:"year_from"`
	YearTo         int       `json:"year_to"`
	Target         float64   `json:"target"`
	Unit           string    `json:"unit"`
	Comparison     string    `json:"comparison"`
	Source         string    `json:"source"`
	Kind           string    `json:"kind"`
	CarriedForward bool      `json:"carried_forward"`
	SourceText     string    `json:"source_text"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// SeedGoals inserts the goals that are not there yet, keyed by code, scope and
// years; goals admins have edited are left as they are.
func (s *Store) SeedGoals(ctx context.Context, goals []Goal) (int, error) {
	added := 0
	err := s.tx(ctx, func(tx *gorm.DB) error {
		for _, g := range goals {
			g.ID = 0
			res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&g)
			if res.Error != nil {
				return res.Error
			}
			added += int(res.RowsAffected)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("seed goals: %w", err)
	}
	return added, nil
}

// SeedReference writes the cities, programmes and person groups, idempotently.
func (s *Store) SeedReference(ctx context.Context) error {
	return dbErr(s.tx(ctx, func(tx *gorm.DB) error {
		for i, c := range Cities {
			if err := tx.Exec("INSERT INTO cities (name, code, sort) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET code = excluded.code, sort = excluded.sort",
				c.Name, c.Code, i).Error; err != nil {
				return err
			}
		}
		for table, list := range map[string][]Label{"programmes": Programmes, "person_groups": Groups} {
			for i, l := range list {
				if err := tx.Exec("INSERT INTO "+table+" (code, name, sort) VALUES (?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name, sort = excluded.sort",
					l.Code, l.Name, i).Error; err != nil {
					return err
				}
			}
		}
		return nil
	}), "seed reference data")
}

// IsEmpty reports whether no fair, employer, job or placement exists yet.
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	for _, t := range []string{"employers", "fairs", "jobs", "placements"} {
		var n int64
		if err := s.read(ctx).Table(t).Limit(1).Count(&n).Error; err != nil {
			return false, fmt.Errorf("count %s: %w", t, err)
		}
		if n > 0 {
			return false, nil
		}
	}
	return true, nil
}

// ComputedGoal says what a computed goal counts in the tallies, and which list
// of records shows what it counted.
type ComputedGoal struct {
	Code string
	Kind string
	// Metric is counted; for a share goal it is the numerator over Base.
	Metric string
	Base   string
	// List is the API list and its filters, without year and city.
	List    string
	Filters string
	// PerYear marks metrics counted per year of the records (the graduates'
	// graduation year): the tallies hold them as "<metric>:<year>", and a
	// goal of such a code spans a single year.
	PerYear bool
}

// forYear is the goal with its metrics named for year, when they are per year.
func (c ComputedGoal) forYear(year int) ComputedGoal {
	if c.PerYear {
		suffix := ":" + strconv.Itoa(year)
		c.Metric += suffix
		if c.Base != "" {
			c.Base += suffix
		}
	}
	return c
}

// ComputedGoals are the fixed computed goal codes of the contract.
var ComputedGoals = []ComputedGoal{
	{Code: "special_fairs", Kind: KindCount, Metric: MetricSpecialFairs, List: "/api/v1/fairs", Filters: "&status=held&kind=special"},
	{Code: "graduate_posts", Kind: KindCount, Metric: MetricGraduatePosts, List: "/api/v1/jobs", Filters: "&for_graduates=true"},
	{Code: "new_urban_jobs", Kind: KindCount, Metric: MetricPlaced, List: "/api/v1/placements"},
	{Code: "reemployed", Kind: KindCount, Metric: MetricPlaced + ":reemployed", List: "/api/v1/placements", Filters: "&group=reemployed"},
	{Code: "hard_to_employ", Kind: KindCount, Metric: MetricPlaced + ":hard_to_employ", List: "/api/v1/placements", Filters: "&group=hard_to_employ"},
	{Code: "public_service_fairs", Kind: KindCount, Metric: MetricFairsHeld + ":public_service", List: "/api/v1/fairs", Filters: "&status=held&programme=public_service"},
	{Code: "public_service_posts", Kind: KindCount, Metric: MetricFairPosts + ":public_service", List: "/api/v1/fairs", Filters: "&status=held&programme=public_service"},
	{Code: "new_forms_fairs", Kind: KindCount, Metric: MetricFairsHeld + ":new_forms", List: "/api/v1/fairs", Filters: "&status=held&programme=new_forms"},
	{Code: "new_forms_matches", Kind: KindCount, Metric: MetricFairIntents + ":new_forms", List: "/api/v1/fairs", Filters: "&status=held&programme=new_forms"},
	{Code: "young_share", Kind: KindShare, Metric: MetricPlacedYoung, Base: MetricPlaced, List: "/api/v1/placements"},
	{Code: "new_urban_jobs_2023_2025", Kind: KindCount, Metric: MetricPlaced, List: "/api/v1/placements"},
	{Code: "service_visits", Kind: KindCount, Metric: MetricVisits, List: "/api/v1/visits"},
	{Code: "graduate_followup_rate", Kind: KindRate, Metric: MetricGraduatesReached, Base: MetricGraduates,
		List: "/api/v1/graduates", PerYear: true},
	{Code: "graduate_service_rate", Kind: KindRate, Metric: MetricGraduatesServed, Base: MetricGraduates,
		List: "/api/v1/graduates", PerYear: true},
	{Code: "needy_family_graduate_employment_rate", Kind: KindRate, Metric: MetricGraduatesNeedyPlaced, Base: MetricGraduatesNeedy,
		List: "/api/v1/graduates", Filters: "&needy_family=true&wants_job=true", PerYear: true},
}

// FindComputedGoal looks a computed goal code up.
func FindComputedGoal(code string) (ComputedGoal, bool) {
	for _, c := range ComputedGoals {
		if c.Code == code {
			return c, true
		}
	}
	return ComputedGoal{}, false
}

func computedCodes() string {
	codes := make([]string, len(ComputedGoals))
	for i, c := range ComputedGoals {
		codes[i] = c.Code
	}
	return strings.Join(codes, "、")
}

// Records is the API list query that answers exactly the records a computed
// goal counts from the first day of yearFrom through asOf (and in city).
func (c ComputedGoal) Records(yearFrom, yearTo int, city string, asOf Date) string {
	var sb strings.Builder
	sb.WriteString(c.List)
	if yearFrom == yearTo {
		fmt.Fprintf(&sb, "?year=%d", yearFrom)
		if asOf.Before(YearEnd(yearTo)) {
			sb.WriteString("&to=" + asOf.String())
		}
	} else {
		fmt.Fprintf(&sb, "?from=%s&to=%s", YearStart(yearFrom), asOf)
	}
	sb.WriteString(c.Filters)
	if city != "" {
		sb.WriteString("&city=" + city)
	}
	return sb.String()
}

// metrics lists the tally metrics a computed goal reads.
func (c ComputedGoal) metrics() []string {
	if c.Base != "" {
		return []string{c.Metric, c.Base}
	}
	return []string{c.Metric}
}

// accrues reports whether the goal's figure grows through its span, so that
// it can be ahead or behind the calendar and be forecast.
func (g *Goal) accrues() bool {
	return (g.Kind == KindCount || g.Kind == KindFlow) && g.Comparison != AtMost
}

// additive reports whether the cities' targets of the goal add up to a
// province figure: counts and flows do, rates and shares do not.
func (g *Goal) additive() bool {
	switch g.Kind {
	case KindCount, KindFlow:
		return g.Comparison != AtMost
	case KindStock:
		return g.Comparison != AtMost && g.Unit != "%"
	}
	return false
}

// scopeCity is the city of a city-level goal, "" for the province.
func (g *Goal) scopeCity() string {
	if g.Scope == ScopeProvince {
		return ""
	}
	return g.Scope
}

func (g *Goal) snapshot() map[string]any {
	return map[string]any{"code": g.Code, "name": g.Name, "scope": g.Scope, "year_from": g.YearFrom,
		"year_to": g.YearTo, "target": g.Target, "unit": g.Unit, "comparison": g.Comparison, "source": g.Source,
		"kind": g.Kind, "carried_forward": g.CarriedForward, "source_text": g.SourceText}
}

var goalCodePattern = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// GoalInput adds a goal, or a city's target for a goal (scope = the city).
type GoalInput struct {
	Code           string   `json:"code" validate:"required,max=64"`
	Name           string   `json:"name" validate:"required,notblank,max=100"`
	Scope          string   `json:"scope" validate:"required"`
	YearFrom       *int     `json:"year_from" validate:"required,min=2000,max=2100"`
	YearTo         *int     `json:"year_to" validate:"required,min=2000,max=2100"`
	Target         *float64 `json:"target" validate:"required,gt=0"`
	Unit           string   `json:"unit" validate:"max=20"`
	Comparison     string   `json:"comparison" validate:"required,oneof=at_least about at_most"`
	Source         string   `json:"source" validate:"required,oneof=computed reported"`
	Kind           string   `json:"kind" validate:"omitempty,oneof=count share rate stock flow"`
	CarriedForward bool     `json:"carried_forward"`
	SourceText     string   `json:"source_text" validate:"max=500"`
}

// GoalPatch edits a goal; nil fields stay. Setting carried_forward to false
// confirms a target the seeds carried forward from 2023.
type GoalPatch struct {
	Name           *string  `json:"name" validate:"omitempty,notblank,max=100"`
	Target         *float64 `json:"target" validate:"omitempty,gt=0"`
	Unit           *string  `json:"unit" validate:"omitempty,max=20"`
	Comparison     *string  `json:"comparison" validate:"omitempty,oneof=at_least about at_most"`
	CarriedForward *bool    `json:"carried_forward"`
	SourceText     *string  `json:"source_text" validate:"omitempty,max=500"`
}

// checkTarget holds a target to the bounds of the figures it is compared
// with: above zero, at most 100 for a percentage, 1 for a share and
// 100,000,000 for anything else.
func checkTarget(fields map[string]string, kind, unit string, target float64) {
	if _, bad := fields["target"]; bad {
		return
	}
	switch {
	case math.IsNaN(target) || math.IsInf(target, 0):
		fields["target"] = "目标值无效"
	case target <= 0:
		fields["target"] = "目标值必须大于0"
	case kind == KindShare && target > 1:
		fields["target"] = "占比类目标的目标值应为0至1之间的小数，例如0.75"
	case target > ValueBound(unit):
		fields["target"] = fmt.Sprintf("目标值不能超过%s", formatBound(ValueBound(unit)))
	}
}

// CreateGoal adds a goal or a city-level target (admins).
func (s *Store) CreateGoal(ctx context.Context, a Actor, in GoalInput) (*Goal, error) {
	if !a.Is(RoleAdmin) {
		return nil, forbidden("只有系统管理员可以设置目标")
	}
	fields := CheckStruct(in)
	code := strings.TrimSpace(in.Code)
	if _, bad := fields["code"]; !bad && !goalCodePattern.MatchString(code) {
		fields["code"] = "目标代码应为小写字母、数字和下划线（lower_snake_case），以字母开头"
	}
	if _, bad := fields["scope"]; !bad && in.Scope != ScopeProvince && !IsCity(in.Scope) {
		fields["scope"] = "范围应为 province（全省）或辽宁省14个地级市之一"
	}
	if in.YearFrom != nil && in.YearTo != nil && fields["year_from"] == "" && fields["year_to"] == "" && *in.YearFrom > *in.YearTo {
		fields["year_to"] = "截止年份不能早于起始年份"
	}
	kind := in.Kind
	if _, bad := fields["source"]; !bad {
		cg, computed := FindComputedGoal(code)
		switch {
		case in.Source == SourceComputed && !computed:
			if fields["code"] == "" {
				fields["code"] = "计算类目标的代码必须是以下之一：" + computedCodes()
			}
		case in.Source == SourceComputed:
			kind = cg.Kind // the code decides what is counted, and so the kind
			if cg.PerYear && in.YearFrom != nil && in.YearTo != nil && *in.YearFrom != *in.YearTo && fields["year_to"] == "" {
				fields["year_to"] = "该目标按年度计算，起始年份和截止年份应相同"
			}
		case computed:
			fields["code"] = "该代码是计算类目标，数据来源应为 computed"
		case kind != KindStock && kind != KindFlow:
			if fields["kind"] == "" {
				fields["kind"] = "填报类目标的类型应为 stock（取最新一期）或 flow（各期累加）"
			}
		}
	}
	if in.Target != nil {
		checkTarget(fields, kind, strings.TrimSpace(in.Unit), *in.Target)
	}
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	g := &Goal{Code: code, Name: strings.TrimSpace(in.Name), Scope: in.Scope, YearFrom: *in.YearFrom, YearTo: *in.YearTo,
		Target: *in.Target, Unit: strings.TrimSpace(in.Unit), Comparison: in.Comparison, Source: in.Source, Kind: kind,
		CarriedForward: in.CarriedForward, SourceText: strings.TrimSpace(in.SourceText)}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		// A code keeps one meaning: its entries agree on source and kind.
		var other Goal
		err := tx.Where("code = ?", g.Code).Order("id").Take(&other).Error
		switch {
		case err == nil && (other.Source != g.Source || other.Kind != g.Kind):
			return Invalid(map[string]string{"kind": fmt.Sprintf("代码 %s 的已有目标为 %s/%s，新目标须一致", g.Code, other.Source, other.Kind)})
		case err != nil && !errors.Is(err, gorm.ErrRecordNotFound):
			return err
		}
		var dup Goal
		err = tx.Select("id").Where("code = ? AND scope = ? AND year_from = ? AND year_to = ?", g.Code, g.Scope, g.YearFrom, g.YearTo).Take(&dup).Error
		if err == nil {
			return Conflict("该范围和年度的目标已存在，请修改已有目标", dup.ID)
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		if err := tx.Create(g).Error; err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionCreate, "goal", g.ID, g.scopeCity(), created(g.snapshot()), "")
	})
	if err != nil {
		return nil, dbErr(err, "create goal")
	}
	return g, nil
}

// UpdateGoal edits a goal (admins).
func (s *Store) UpdateGoal(ctx context.Context, a Actor, id int64, p GoalPatch) (*Goal, error) {
	if !a.Is(RoleAdmin) {
		return nil, forbidden("只有系统管理员可以修改目标")
	}
	fields := CheckStruct(p)
	if p.CarriedForward != nil && *p.CarriedForward {
		fields["carried_forward"] = "只能将沿用的目标确认（设为 false）"
	}
	var out *Goal
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var g Goal
		if err := tx.First(&g, id).Error; err != nil {
			return err
		}
		before := g.snapshot()
		if p.Name != nil {
			g.Name = strings.TrimSpace(*p.Name)
		}
		if p.Target != nil {
			g.Target = *p.Target
		}
		if p.Unit != nil {
			g.Unit = strings.TrimSpace(*p.Unit)
		}
		if p.Target != nil || p.Unit != nil {
			checkTarget(fields, g.Kind, g.Unit, g.Target)
		}
		if p.Comparison != nil {
			g.Comparison = *p.Comparison
		}
		if p.CarriedForward != nil {
			g.CarriedForward = *p.CarriedForward
		}
		if p.SourceText != nil {
			g.SourceText = strings.TrimSpace(*p.SourceText)
		}
		if err := Invalid(fields); err != nil {
			return err
		}
		changes := diff(before, g.snapshot())
		if len(changes) > 0 {
			if err := tx.Save(&g).Error; err != nil {
				return err
			}
			if err := audit(tx, s.now(), a, ActionUpdate, "goal", g.ID, g.scopeCity(), changes, ""); err != nil {
				return err
			}
		}
		out = &g
		return nil
	})
	if err != nil {
		return nil, dbErr(err, fmt.Sprintf("update goal %d", id))
	}
	return out, nil
}

// DeleteGoal removes a city's target (admins): the city is then judged
// without one of its own. Province goals are edited, never removed, because
// the reported figures and the year's reports hang on them.
func (s *Store) DeleteGoal(ctx context.Context, a Actor, id int64) error {
	if !a.Is(RoleAdmin) {
		return forbidden("只有系统管理员可以删除目标")
	}
	return dbErr(s.tx(ctx, func(tx *gorm.DB) error {
		var g Goal
		if err := tx.First(&g, id).Error; err != nil {
			return err
		}
		if g.Scope == ScopeProvince {
			return Errorf(EConflict, "全省目标不能删除，只能修改；可删除的是分市目标")
		}
		if err := tx.Delete(&Goal{}, id).Error; err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionDelete, "goal", id, g.scopeCity(), removed(g.snapshot()), "")
	}), fmt.Sprintf("delete goal %d", id))
}

// GoalFilter selects goals.
type GoalFilter struct {
	Year  int    // in force that year; 0: every year
	Scope string // "province" or a city; "": every scope the actor sees
	Page
}

// ListGoals lists goals in catalogue order. A city official sees the
// province's goals and its city's targets.
func (s *Store) ListGoals(ctx context.Context, a Actor, f GoalFilter) ([]Goal, int64, error) {
	if !a.Is(RoleAdmin, RoleOfficial) {
		return nil, 0, ErrForbidden
	}
	q := s.read(ctx).Model(&Goal{})
	if f.Year != 0 {
		q = q.Where("year_from <= ? AND year_to >= ?", f.Year, f.Year)
	}
	switch {
	case f.Scope != "":
		if f.Scope != ScopeProvince && !a.SeesCity(f.Scope) {
			return nil, 0, errOtherCity
		}
		q = q.Where("scope = ?", f.Scope)
	case a.Role != RoleAdmin && a.City != "":
		q = q.Where("scope IN ?", []string{ScopeProvince, a.City})
	}
	return pageOf[Goal](q, f.Page, "id ASC")
}

// goalsInForce loads every goal in force in year, in catalogue order.
func (s *Store) goalsInForce(ctx context.Context, year int) ([]Goal, error) {
	var goals []Goal
	// Rollups need no timestamps; leaving them out spares parsing them on every read.
	cols := "id, code, name, scope, year_from, year_to, target, unit, comparison, source, kind, carried_forward, source_text"
	if err := s.read(ctx).Select(cols).Where("year_from <= ? AND year_to >= ?", year, year).Order("id").Find(&goals).Error; err != nil {
		return nil, fmt.Errorf("load goals of %d: %w", year, err)
	}
	return goals, nil
}
