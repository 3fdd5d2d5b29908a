package models

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Statuses of a goal in a rollup.
const (
	StatusMet      = "met"
	StatusAhead    = "ahead"
	StatusBehind   = "behind"
	StatusNoData   = "no_data"
	StatusNoTarget = "no_target"
)

// RollupQuery asks for a year's figures against the goals.
type RollupQuery struct {
	Year int    // 0: the current year
	AsOf Date   // zero: today; clamped to the year's last day
	City string // "": the province (a city official: its city)
	Goal string // the goal code of a breakdown
}

// Rollup is how far each goal in force in a year has been reached by AsOf
// (inclusive, end of day in Asia/Shanghai).
type Rollup struct {
	Year         int          `json:"year"`
	AsOf         Date         `json:"as_of"`
	City         string       `json:"city"`
	TimeProgress float64      `json:"time_progress"`
	Goals        []RollupGoal `json:"goals"`
}

// RollupGoal is one goal's line of a rollup. Target, completion and forecast
// are null when the view's scope has no target; actual is null when nothing
// was reported.
type RollupGoal struct {
	Code           string   `json:"code"`
	Name           string   `json:"name"`
	YearFrom       int      `json:"year_from"`
	YearTo         int      `json:"year_to"`
	Target         *float64 `json:"target"`
	Actual         *float64 `json:"actual"`
	Completion     *float64 `json:"completion"`
	Status         string   `json:"status"`
	Forecast       *float64 `json:"forecast"`
	Unit           string   `json:"unit"`
	TimeProgress   float64  `json:"time_progress"`
	Comparison     string   `json:"comparison"`
	Source         string   `json:"source"`
	Kind           string   `json:"kind"`
	SourceText     string   `json:"source_text"`
	CarriedForward bool     `json:"carried_forward"`
	// Records is the list query answering the records counted (computed goals).
	Records *string `json:"records"`
	// CityTargetsSum adds up the cities' targets (province view, additive goals).
	CityTargetsSum   *float64 `json:"city_targets_sum"`
	CityTargetsShort bool     `json:"city_targets_short"`
}

// GoalRef names the goal of a breakdown.
type GoalRef struct {
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	Unit       string   `json:"unit"`
	YearFrom   int      `json:"year_from"`
	YearTo     int      `json:"year_to"`
	Target     *float64 `json:"target"`
	Comparison string   `json:"comparison"`
	Source     string   `json:"source"`
	Kind       string   `json:"kind"`
}

// CityRollup breaks one goal down by city.
type CityRollup struct {
	Year         int              `json:"year"`
	AsOf         Date             `json:"as_of"`
	Goal         GoalRef          `json:"goal"`
	TimeProgress float64          `json:"time_progress"`
	Items        []CityRollupItem `json:"items"`
}

// CityRollupItem is one city's line of a breakdown.
type CityRollupItem struct {
	City       string   `json:"city"`
	Actual     *float64 `json:"actual"`
	Target     *float64 `json:"target"`
	Completion *float64 `json:"completion"`
	Status     string   `json:"status"`
	Forecast   *float64 `json:"forecast"`
	Rank       int      `json:"rank"`
}

// MonthRollup breaks one goal down by month, for charts.
type MonthRollup struct {
	Year   int               `json:"year"`
	AsOf   Date              `json:"as_of"`
	City   string            `json:"city"`
	Goal   GoalRef           `json:"goal"`
	Target *float64          `json:"target"`
	Items  []MonthRollupItem `json:"items"`
}

// MonthRollupItem is one month: its own figure, the running figure of the
// goal's span, and the pace the target asks for by the month's end.
type MonthRollupItem struct {
	Month      string   `json:"month"`
	Actual     *float64 `json:"actual"`
	Cumulative *float64 `json:"cumulative"`
	Pace       *float64 `json:"pace"`
}

// GroupRollup is the person-group mix of a year's placements.
type GroupRollup struct {
	Year  int          `json:"year"`
	AsOf  Date         `json:"as_of"`
	City  string       `json:"city"`
	Total int64        `json:"total"`
	Items []GroupCount `json:"items"`
}

// GroupCount counts the placements of one person group.
type GroupCount struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

// RollupReport is everything the downloadable workbook shows.
type RollupReport struct {
	Rollup      *Rollup
	Cities      []CityRollup
	Months      []MonthRollup
	GeneratedAt time.Time
}

// rollupView is a resolved request: year, as_of and the city in scope.
type rollupView struct {
	year int
	asOf Date
	city string
}

// view checks the caller and resolves year, as_of and city.
func (s *Store) view(a Actor, q RollupQuery) (rollupView, error) {
	if !a.Is(RoleAdmin, RoleOfficial) {
		return rollupView{}, forbidden("只有主管部门可以查看目标完成情况")
	}
	city, ok := a.ScopeCity(q.City)
	if !ok {
		return rollupView{}, errOtherCity
	}
	if city != "" && !IsCity(city) {
		return rollupView{}, Invalid(map[string]string{"city": "城市必须是辽宁省14个地级市之一"})
	}
	v := rollupView{year: q.Year, asOf: q.AsOf, city: city}
	if v.year == 0 {
		v.year = s.Today().Year
	}
	msg := fmt.Sprintf("截止日期不能早于%d年1月1日", v.year)
	if v.asOf.IsZero() {
		v.asOf = s.Today()
		msg = fmt.Sprintf("%d年尚未开始：截止日期（默认今天）早于该年1月1日", v.year)
	}
	if v.asOf.After(YearEnd(v.year)) {
		v.asOf = YearEnd(v.year)
	}
	if v.asOf.Before(YearStart(v.year)) {
		return rollupView{}, Invalid(map[string]string{"as_of": msg})
	}
	return v, nil
}

// TimeProgress is the share of the days from..to elapsed through asOf
// (inclusive), rounded to 4 places: 序时进度.
func TimeProgress(from, to, asOf Date) float64 {
	return round4(float64(DaysBetween(from, asOf)) / float64(DaysBetween(from, to)))
}

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }

func ptr(x float64) *float64 { return &x }

// goalLine is one goal of a view: the entry that names it, the entry whose
// target counts (nil: none in this scope) and, in the province view, the
// cities' entries.
type goalLine struct {
	goal        Goal
	target      *Goal
	cityTargets []Goal
	computed    ComputedGoal
}

func (l *goalLine) from() Date { return YearStart(l.goal.YearFrom) }
func (l *goalLine) to() Date   { return YearEnd(l.goal.YearTo) }

func (l *goalLine) isComputed() bool { return l.goal.Source == SourceComputed }

func (l *goalLine) targetValue() *float64 {
	if l.target == nil {
		return nil
	}
	return ptr(l.target.Target)
}

func (l *goalLine) ref() GoalRef {
	return GoalRef{Code: l.goal.Code, Name: l.goal.Name, Unit: l.goal.Unit, YearFrom: l.goal.YearFrom,
		YearTo: l.goal.YearTo, Target: l.targetValue(), Comparison: l.goal.Comparison, Source: l.goal.Source, Kind: l.goal.Kind}
}

// buildLines groups the goals in force by code and span. In a city's view the
// city's entry gives the target (and names the line); in the province view the
// province's entry does and the cities' entries are summed beside it.
func buildLines(goals []Goal, city string) []*goalLine {
	type key struct {
		code     string
		from, to int
	}
	idx := map[key]*goalLine{}
	var lines []*goalLine
	for _, g := range goals {
		if city != "" && g.Scope != ScopeProvince && g.Scope != city {
			continue
		}
		k := key{g.Code, g.YearFrom, g.YearTo}
		l := idx[k]
		if l == nil {
			l = &goalLine{goal: g}
			cg, _ := FindComputedGoal(g.Code)
			l.computed = cg.forYear(g.YearFrom)
			idx[k] = l
			lines = append(lines, l)
		}
		own := g
		switch {
		case g.Scope == ScopeProvince && city == "":
			l.goal, l.target = g, &own
		case g.Scope == ScopeProvince:
			if l.target == nil {
				l.goal = g
			}
		case city == "":
			l.cityTargets = append(l.cityTargets, g)
		default:
			l.goal, l.target = g, &own
		}
	}
	return lines
}

// findLine picks the line of a goal code, preferring the one of the year alone.
func findLine(lines []*goalLine, code string) *goalLine {
	var found *goalLine
	for _, l := range lines {
		if l.goal.Code == code && (found == nil || l.goal.YearTo-l.goal.YearFrom < found.goal.YearTo-found.goal.YearFrom) {
			found = l
		}
	}
	return found
}

// tallyQuery asks the tallies for sums of metrics from the year's first day
// through asOf: full months from the month rows, the days of asOf's month from
// the day rows; plus, for goals spanning several years, the earlier years'
// months of earlyMetrics from earlyFrom on.
type tallyQuery struct {
	year         int
	asOf         Date
	city         string
	metrics      []string
	earlyFrom    Date
	earlyMetrics []string
	byCity       bool
	byMonth      bool
}

type tallyRow struct {
	Metric string
	Bucket string // YYYY, or YYYY-MM by month
	City   string // by city only
	N      int64
}

type tallyIdx struct{ metric, bucket, city string }

// tallySums answers the sums of a tally query, indexed by metric, bucket and
// city. It runs one query: each part sums one range of periods of one year
// (read from the tallies_by_metric index alone), and the outer query adds the
// parts up. Its cost depends on the months and metrics asked for, not on the
// number of records, nor on the years held before the goals' spans.
func (s *Store) tallySums(ctx context.Context, tq tallyQuery) (map[tallyIdx]int64, error) {
	out := map[tallyIdx]int64{}
	if len(tq.metrics) == 0 {
		return out, nil
	}
	// The year is a literal (digits only): PostgreSQL cannot type a bound
	// parameter in the select list of a UNION.
	bucket := func(year int) string { return fmt.Sprintf("'%04d'", year) }
	if tq.byMonth {
		bucket = func(int) string { return "SUBSTR(period, 1, 7)" }
	}
	group := "metric"
	if tq.byMonth {
		group += ", SUBSTR(period, 1, 7)"
	}
	if tq.byCity {
		group += ", city"
	}
	var parts []string
	var args []any
	add := func(year int, grain, from, to string, metrics []string) {
		q := "SELECT metric, " + bucket(year) + " AS bucket, "
		if tq.byCity {
			q += "city, "
		}
		q += "SUM(n) AS n FROM tallies WHERE grain = ? AND metric IN ? AND period >= ? AND period <= ?"
		args = append(args, grain, metrics, from, to)
		if tq.city != "" {
			q += " AND city = ?"
			args = append(args, tq.city)
		}
		parts = append(parts, q+" GROUP BY "+group)
	}
	first := fmt.Sprintf("%04d-01", tq.year)
	if tq.asOf.AddDays(1).Day == 1 {
		add(tq.year, tallyGrainMonth, first, monthOf(tq.asOf), tq.metrics)
	} else {
		if tq.asOf.Month > time.January {
			add(tq.year, tallyGrainMonth, first, fmt.Sprintf("%04d-%02d", tq.year, tq.asOf.Month-1), tq.metrics)
		}
		add(tq.year, tallyGrainDay, monthOf(tq.asOf)+"-01", tq.asOf.String(), tq.metrics)
	}
	if !tq.earlyFrom.IsZero() && len(tq.earlyMetrics) > 0 {
		for y := tq.earlyFrom.Year; y < tq.year; y++ {
			add(y, tallyGrainMonth, fmt.Sprintf("%04d-01", y), fmt.Sprintf("%04d-12", y), tq.earlyMetrics)
		}
	}
	cols, outer := "metric, bucket", "metric, bucket"
	if tq.byCity {
		cols, outer = cols+", city", outer+", city"
	}
	q := "SELECT " + cols + ", SUM(n) AS n FROM (" + strings.Join(parts, " UNION ALL ") + ") t GROUP BY " + outer
	var rows []tallyRow
	if err := s.read(ctx).Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("sum tallies: %w", err)
	}
	for _, r := range rows {
		out[tallyIdx{r.Metric, r.Bucket, r.City}] += r.N
	}
	return out, nil
}

// tallyPlan is the tally query the computed lines need.
func tallyPlan(v rollupView, lines []*goalLine) tallyQuery {
	tq := tallyQuery{year: v.year, asOf: v.asOf, city: v.city}
	seen, early := map[string]bool{}, map[string]bool{}
	for _, l := range lines {
		if !l.isComputed() {
			continue
		}
		for _, m := range l.computed.metrics() {
			if !seen[m] {
				seen[m] = true
				tq.metrics = append(tq.metrics, m)
			}
			if l.goal.YearFrom < v.year {
				if !early[m] {
					early[m] = true
					tq.earlyMetrics = append(tq.earlyMetrics, m)
				}
				if tq.earlyFrom.IsZero() || l.from().Before(tq.earlyFrom) {
					tq.earlyFrom = l.from()
				}
			}
		}
	}
	return tq
}

// sumYears adds a metric's yearly buckets from..to.
func sumYears(ix map[tallyIdx]int64, metric string, from, to int, city string) int64 {
	var n int64
	for y := from; y <= to; y++ {
		n += ix[tallyIdx{metric, strconv.Itoa(y), city}]
	}
	return n
}

// computedActual is a computed line's figure from yearly sums.
func (l *goalLine) computedActual(ix map[tallyIdx]int64, v rollupView, city string) *float64 {
	n := sumYears(ix, l.computed.Metric, l.goal.YearFrom, v.year, city)
	if l.computed.Base == "" {
		return ptr(float64(n))
	}
	base := sumYears(ix, l.computed.Base, l.goal.YearFrom, v.year, city)
	return l.ratio(n, base)
}

// ratio is a share goal's fraction (4 places) or a rate goal's percentage
// (2 places) of n over base; nil without a base.
func (l *goalLine) ratio(n, base int64) *float64 {
	if base == 0 {
		return nil
	}
	if l.goal.Kind == KindRate {
		return ptr(math.Round(float64(n)*10000/float64(base)) / 100)
	}
	return ptr(round4(float64(n) / float64(base)))
}

// reportedActual is a reported line's figure: the latest period through
// asOf's month (stock) or the periods added up (flow), within the goal's span.
func (l *goalLine) reportedActual(rows []reportRow, v rollupView, city string) *float64 {
	from, to := monthOf(l.from()), monthOf(v.asOf)
	var actual *float64
	for _, r := range rows { // rows come in period order
		if r.Code != l.goal.Code || r.City != city || r.Period < from || r.Period > to {
			continue
		}
		if l.goal.Kind == KindFlow && actual != nil {
			actual = ptr(*actual + r.Value)
		} else {
			actual = ptr(r.Value)
		}
	}
	return actual
}

// judge holds an actual figure against a target: completion, status and the
// forecast for the end of the goal's span.
func judge(g *Goal, actual, target *float64, from, to, asOf Date) (completion *float64, status string, forecast *float64) {
	if target == nil {
		return nil, StatusNoTarget, nil
	}
	if actual == nil {
		return nil, StatusNoData, nil
	}
	a, t := *actual, *target
	met := a >= t
	if g.Comparison == AtMost {
		met = a <= t
		if a > 0 {
			completion = ptr(round4(t / a))
		}
	} else if t > 0 {
		completion = ptr(round4(a / t))
	}
	switch {
	case met:
		status = StatusMet
	case g.accrues() && completion != nil && *completion >= TimeProgress(from, to, asOf):
		status = StatusAhead
	default:
		status = StatusBehind
	}
	if g.accrues() {
		// Rounded down, as in API.md's example (517 by 30 June: 1042), with a
		// little slack so that a whole number computed as 1042.9999… stays 1043.
		forecast = ptr(math.Floor(a*float64(DaysBetween(from, to))/float64(DaysBetween(from, asOf)) + 1e-9))
	} else {
		forecast = ptr(a)
	}
	return completion, status, forecast
}

// entry builds a rollup line from its actual figure.
func (l *goalLine) entry(v rollupView, actual *float64) RollupGoal {
	g := &l.goal
	e := RollupGoal{Code: g.Code, Name: g.Name, YearFrom: g.YearFrom, YearTo: g.YearTo, Target: l.targetValue(),
		Actual: actual, Unit: g.Unit, TimeProgress: TimeProgress(l.from(), l.to(), v.asOf), Comparison: g.Comparison,
		Source: g.Source, Kind: g.Kind, SourceText: g.SourceText}
	if l.target != nil {
		e.CarriedForward = l.target.CarriedForward
		e.SourceText = l.target.SourceText
	}
	e.Completion, e.Status, e.Forecast = judge(g, actual, e.Target, l.from(), l.to(), v.asOf)
	if l.isComputed() {
		rec := l.computed.Records(g.YearFrom, g.YearTo, v.city, minDate(v.asOf, YearEnd(g.YearTo)))
		e.Records = &rec
	}
	if len(l.cityTargets) > 0 && g.additive() {
		var sum float64
		for _, c := range l.cityTargets {
			sum += c.Target
		}
		e.CityTargetsSum = ptr(round4(sum))
		e.CityTargetsShort = e.Target != nil && sum < *e.Target
	}
	return e
}

// reportCodes lists the codes of the reported lines and the first month any
// of them spans.
func reportCodes(lines []*goalLine) ([]string, string) {
	var codes []string
	first := ""
	seen := map[string]bool{}
	for _, l := range lines {
		if l.isComputed() {
			continue
		}
		if !seen[l.goal.Code] {
			seen[l.goal.Code] = true
			codes = append(codes, l.goal.Code)
		}
		if m := monthOf(l.from()); first == "" || m < first {
			first = m
		}
	}
	return codes, first
}

// viewGoals checks the request against the actor and loads the goals in
// force in its year.
func (s *Store) viewGoals(ctx context.Context, a Actor, q RollupQuery) (rollupView, []Goal, error) {
	v, err := s.view(a, q)
	if err != nil {
		return v, nil, err
	}
	goals, err := s.goalsInForce(ctx, v.year)
	return v, goals, err
}

// Rollup answers how far each goal in force in the year has been reached.
// Computed goals are counted from the tallies in one query.
func (s *Store) Rollup(ctx context.Context, a Actor, q RollupQuery) (*Rollup, error) {
	v, goals, err := s.viewGoals(ctx, a, q)
	if err != nil {
		return nil, err
	}
	return s.rollup(ctx, v, buildLines(goals, v.city))
}

func (s *Store) rollup(ctx context.Context, v rollupView, lines []*goalLine) (*Rollup, error) {
	ix, err := s.tallySums(ctx, tallyPlan(v, lines))
	if err != nil {
		return nil, err
	}
	codes, first := reportCodes(lines)
	reports, err := s.reportsFor(ctx, codes, first, monthOf(v.asOf), v.city, false)
	if err != nil {
		return nil, err
	}
	out := &Rollup{Year: v.year, AsOf: v.asOf, City: v.city,
		TimeProgress: TimeProgress(YearStart(v.year), YearEnd(v.year), v.asOf), Goals: make([]RollupGoal, 0, len(lines))}
	for _, l := range lines {
		var actual *float64
		if l.isComputed() {
			actual = l.computedActual(ix, v, "")
		} else {
			actual = l.reportedActual(reports, v, v.city)
		}
		out.Goals = append(out.Goals, l.entry(v, actual))
	}
	return out, nil
}

// breakdownLine resolves the goal of a breakdown: unknown, or not in force in
// the year, is not found.
func (s *Store) breakdownLine(ctx context.Context, v rollupView, code, city string) (*goalLine, []*goalLine, error) {
	if code == "" {
		return nil, nil, &Error{Code: EBadRequest, Message: "查询参数有误", Fields: map[string]string{"goal": "请指定目标代码（goal）"}}
	}
	goals, err := s.goalsInForce(ctx, v.year)
	if err != nil {
		return nil, nil, err
	}
	lines := buildLines(goals, city)
	l := findLine(lines, code)
	if l == nil {
		return nil, nil, &Error{Code: ENotFound, Message: fmt.Sprintf("%d年没有目标 %s", v.year, code)}
	}
	return l, lines, nil
}

// RollupCities breaks one goal down by city: all 14, ranked by completion,
// then actual; cities without a target come after, by actual. It compares
// cities, so it is for province-wide officials and admins.
func (s *Store) RollupCities(ctx context.Context, a Actor, q RollupQuery) (*CityRollup, error) {
	if !a.Is(RoleAdmin) && a.City != "" {
		return nil, forbidden("分城市对比仅对省级主管部门开放")
	}
	v, err := s.view(a, RollupQuery{Year: q.Year, AsOf: q.AsOf})
	if err != nil {
		return nil, err
	}
	l, _, err := s.breakdownLine(ctx, v, q.Goal, "")
	if err != nil {
		return nil, err
	}
	out, err := s.cityBreakdowns(ctx, v, []*goalLine{l})
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// breakdownFigures reads what a breakdown of lines needs, by city or by month:
// one tally query and one query of reported figures.
func (s *Store) breakdownFigures(ctx context.Context, v rollupView, lines []*goalLine, byCity bool) (map[tallyIdx]int64, []reportRow, error) {
	tq := tallyPlan(v, lines)
	tq.byCity, tq.byMonth = byCity, !byCity
	ix, err := s.tallySums(ctx, tq)
	if err != nil {
		return nil, nil, err
	}
	city := v.city
	if byCity {
		city = ""
	}
	codes, first := reportCodes(lines)
	reports, err := s.reportsFor(ctx, codes, first, monthOf(v.asOf), city, byCity)
	if err != nil {
		return nil, nil, err
	}
	return ix, reports, nil
}

// cityBreakdowns breaks lines (of the province view) down by city.
func (s *Store) cityBreakdowns(ctx context.Context, v rollupView, lines []*goalLine) ([]CityRollup, error) {
	ix, reports, err := s.breakdownFigures(ctx, v, lines, true)
	if err != nil {
		return nil, err
	}
	out := make([]CityRollup, 0, len(lines))
	for _, l := range lines {
		targets := map[string]*Goal{}
		for i := range l.cityTargets {
			targets[l.cityTargets[i].Scope] = &l.cityTargets[i]
		}
		cr := CityRollup{Year: v.year, AsOf: v.asOf, Goal: l.ref(), TimeProgress: TimeProgress(l.from(), l.to(), v.asOf),
			Items: make([]CityRollupItem, 0, len(Cities))}
		for _, c := range Cities {
			var actual *float64
			if l.isComputed() {
				actual = l.computedActual(ix, v, c.Name)
			} else {
				actual = l.reportedActual(reports, v, c.Name)
			}
			it := CityRollupItem{City: c.Name, Actual: actual}
			if t := targets[c.Name]; t != nil {
				it.Target = ptr(t.Target)
			}
			it.Completion, it.Status, it.Forecast = judge(&l.goal, actual, it.Target, l.from(), l.to(), v.asOf)
			cr.Items = append(cr.Items, it)
		}
		rankCities(cr.Items)
		out = append(out, cr)
	}
	return out, nil
}

// rankCities numbers the cities: those with a target and a figure by
// completion, then actual, both descending; the others after, by actual.
func rankCities(items []CityRollupItem) {
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	val := func(p *float64, missing float64) float64 {
		if p == nil {
			return missing
		}
		return *p
	}
	ranked := func(it CityRollupItem) bool { return it.Target != nil && it.Actual != nil }
	sort.SliceStable(order, func(i, j int) bool {
		a, b := items[order[i]], items[order[j]]
		if ranked(a) != ranked(b) {
			return ranked(a)
		}
		if ranked(a) {
			// A target of zero reached has no completion ratio: it ranks first.
			ca, cb := val(a.Completion, math.Inf(1)), val(b.Completion, math.Inf(1))
			if ca != cb {
				return ca > cb
			}
		}
		return val(a.Actual, math.Inf(-1)) > val(b.Actual, math.Inf(-1))
	})
	for rank, i := range order {
		items[i].Rank = rank + 1
	}
}

// RollupMonths breaks one goal down by month of the year.
func (s *Store) RollupMonths(ctx context.Context, a Actor, q RollupQuery) (*MonthRollup, error) {
	v, err := s.view(a, q)
	if err != nil {
		return nil, err
	}
	l, _, err := s.breakdownLine(ctx, v, q.Goal, v.city)
	if err != nil {
		return nil, err
	}
	out, err := s.monthBreakdowns(ctx, v, []*goalLine{l})
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// monthBreakdowns breaks lines down by month.
func (s *Store) monthBreakdowns(ctx context.Context, v rollupView, lines []*goalLine) ([]MonthRollup, error) {
	ix, reports, err := s.breakdownFigures(ctx, v, lines, false)
	if err != nil {
		return nil, err
	}
	// Months of earlier years, for spans that began before the year.
	before := map[string]int64{}
	yearPrefix := fmt.Sprintf("%04d-", v.year)
	for k, n := range ix {
		if !strings.HasPrefix(k.bucket, yearPrefix) {
			before[k.metric] += n
		}
	}
	out := make([]MonthRollup, 0, len(lines))
	for _, l := range lines {
		mr := MonthRollup{Year: v.year, AsOf: v.asOf, City: v.city, Goal: l.ref(), Target: l.targetValue(),
			Items: make([]MonthRollupItem, 0, 12)}
		var num, base int64 // running sums of the span (computed)
		if l.isComputed() && l.goal.YearFrom < v.year {
			num, base = before[l.computed.Metric], before[l.computed.Base]
		}
		var running *float64 // reported: latest (stock) or sum (flow)
		spanFrom := monthOf(l.from())
		for _, r := range reports {
			if r.Code == l.goal.Code && r.Period >= spanFrom && r.Period < yearPrefix+"01" {
				running = l.fold(running, r.Value)
			}
		}
		for m := time.January; m <= time.December; m++ {
			month := fmt.Sprintf("%04d-%02d", v.year, m)
			end := Date{v.year, m, 1}.AddDays(32)
			end = Date{end.Year, end.Month, 1}.AddDays(-1)
			it := MonthRollupItem{Month: month}
			if mr.Target != nil {
				if l.goal.accrues() {
					it.Pace = ptr(round4(*mr.Target * float64(DaysBetween(l.from(), end)) / float64(DaysBetween(l.from(), l.to()))))
				} else {
					it.Pace = ptr(*mr.Target)
				}
			}
			if month <= monthOf(v.asOf) {
				switch {
				case l.isComputed():
					n := ix[tallyIdx{l.computed.Metric, month, ""}]
					num += n
					if l.computed.Base == "" {
						it.Actual, it.Cumulative = ptr(float64(n)), ptr(float64(num))
					} else {
						b := ix[tallyIdx{l.computed.Base, month, ""}]
						base += b
						it.Actual, it.Cumulative = l.ratio(n, b), l.ratio(num, base)
					}
				default:
					for _, r := range reports {
						if r.Code == l.goal.Code && r.Period == month {
							it.Actual = ptr(r.Value)
							running = l.fold(running, r.Value)
						}
					}
					if running != nil {
						it.Cumulative = ptr(*running)
					} else if l.goal.Kind == KindFlow {
						it.Cumulative = ptr(0)
					}
				}
			}
			mr.Items = append(mr.Items, it)
		}
		out = append(out, mr)
	}
	return out, nil
}

// fold adds a reported figure to a running one: flows add up, a stock's
// latest figure stands.
func (l *goalLine) fold(running *float64, value float64) *float64 {
	if l.goal.Kind == KindFlow && running != nil {
		return ptr(*running + value)
	}
	return ptr(value)
}

// RollupGroups counts the year's placements through as_of by person group.
func (s *Store) RollupGroups(ctx context.Context, a Actor, q RollupQuery) (*GroupRollup, error) {
	v, err := s.view(a, q)
	if err != nil {
		return nil, err
	}
	metrics := []string{MetricPlaced}
	for _, g := range Groups {
		metrics = append(metrics, MetricPlaced+":"+g.Code)
	}
	ix, err := s.tallySums(ctx, tallyQuery{year: v.year, asOf: v.asOf, city: v.city, metrics: metrics})
	if err != nil {
		return nil, err
	}
	y := strconv.Itoa(v.year)
	out := &GroupRollup{Year: v.year, AsOf: v.asOf, City: v.city, Total: ix[tallyIdx{MetricPlaced, y, ""}],
		Items: make([]GroupCount, 0, len(Groups))}
	for _, g := range Groups {
		out.Items = append(out.Items, GroupCount{Code: g.Code, Name: g.Name, Count: ix[tallyIdx{MetricPlaced + ":" + g.Code, y, ""}]})
	}
	return out, nil
}

// RollupReport gathers the rollup with its breakdowns by city and by month
// for every goal, for the downloadable workbook. In a city's view the city
// breakdown shows that city only.
func (s *Store) RollupReport(ctx context.Context, a Actor, q RollupQuery) (*RollupReport, error) {
	v, goals, err := s.viewGoals(ctx, a, q)
	if err != nil {
		return nil, err
	}
	lines := buildLines(goals, v.city)
	out := &RollupReport{GeneratedAt: s.now()}
	if out.Rollup, err = s.rollup(ctx, v, lines); err != nil {
		return nil, err
	}
	if out.Months, err = s.monthBreakdowns(ctx, v, lines); err != nil {
		return nil, err
	}
	province := v
	province.city = ""
	if out.Cities, err = s.cityBreakdowns(ctx, province, buildLines(goals, "")); err != nil {
		return nil, err
	}
	if v.city != "" {
		for i := range out.Cities {
			for _, it := range out.Cities[i].Items {
				if it.City == v.city {
					out.Cities[i].Items = []CityRollupItem{it}
					break
				}
			}
		}
	}
	return out, nil
}

func minDate(a, b Date) Date {
	if b.Before(a) {
		return b
	}
	return a
}
