package models

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Statuses of a city's month (上报与结账). A month with no row is open.
const (
	PeriodOpen      = "open"
	PeriodSubmitted = "submitted"
	PeriodClosed    = "closed"
)

// Moves of a city's month.
const (
	PeriodSubmit = "submit" // open -> submitted: the city reports the month done
	PeriodClose  = "close"  // submitted -> closed: the province approves it
	PeriodReturn = "return" // submitted -> open, with a reason
	PeriodReopen = "reopen" // closed -> open, with a reason
)

// EPeriodClosed is the code of a write dated in a submitted or closed month.
const EPeriodClosed = "period_closed"

// periodMoves says, for each move, the status it starts from and the one it leads to.
var periodMoves = map[string]struct{ from, to string }{
	PeriodSubmit: {PeriodOpen, PeriodSubmitted},
	PeriodClose:  {PeriodSubmitted, PeriodClosed},
	PeriodReturn: {PeriodSubmitted, PeriodOpen},
	PeriodReopen: {PeriodClosed, PeriodOpen},
}

// Period is the status of one city's month.
type Period struct {
	Period      string        `json:"period"`
	City        string        `json:"city"`
	Status      string        `json:"status"`
	SubmittedAt *time.Time    `json:"submitted_at"`
	SubmittedBy *string       `json:"submitted_by"`
	ClosedAt    *time.Time    `json:"closed_at"`
	ClosedBy    *string       `json:"closed_by"`
	UpdatedAt   time.Time     `json:"-"`
	History     []PeriodEvent `json:"history" gorm:"-"`
}

// TableName is the periods' table.
func (Period) TableName() string { return "periods" }

// PeriodEvent is one move of a month.
type PeriodEvent struct {
	ID       int64     `json:"-"`
	Period   string    `json:"-"`
	City     string    `json:"-"`
	Action   string    `json:"action"`
	At       time.Time `json:"at"`
	UserID   *int64    `json:"-"`
	Username string    `json:"by"`
	Reason   string    `json:"reason"`
}

// TableName is the history's table.
func (PeriodEvent) TableName() string { return "period_events" }

// PeriodMove moves a city's month.
type PeriodMove struct {
	City   string `json:"city" validate:"required,city"`
	Reason string `json:"reason" validate:"max=500"`
}

// periodName is "2024年5月" for "2024-05".
func periodName(period string) string {
	y, m, ok := ParsePeriod(period)
	if !ok {
		return period
	}
	return fmt.Sprintf("%d年%d月", y, m)
}

func periodStatusName(status string) string {
	switch status {
	case PeriodSubmitted:
		return "已上报"
	case PeriodClosed:
		return "已结账"
	}
	return "未上报"
}

// cityMonth is one city's month, "YYYY-MM".
type cityMonth struct{ city, month string }

// monthsOf lists the city-months a record touches (before and after a change).
func monthsOf(pairs ...cityMonth) []cityMonth {
	var out []cityMonth
	for _, p := range pairs {
		if p.city == "" || p.month == "" {
			continue // the province's own figures belong to no city's month
		}
		dup := false
		for _, q := range out {
			dup = dup || q == p
		}
		if !dup {
			out = append(out, p)
		}
	}
	return out
}

func periodClosedError(field string, cm cityMonth, status string) *Error {
	msg := fmt.Sprintf("%s%s%s，不能修改", cm.city, periodName(cm.month), periodStatusName(status))
	return &Error{Code: EPeriodClosed, Message: msg, Fields: map[string]string{field: msg}}
}

// checkOpen refuses a write dated in a submitted or closed city-month, naming
// field. It reads inside the write's transaction.
func checkOpen(tx *gorm.DB, field string, pairs ...cityMonth) error {
	pairs = monthsOf(pairs...)
	if len(pairs) == 0 {
		return nil
	}
	var conds []string
	var args []any
	for _, p := range pairs {
		conds = append(conds, "(city = ? AND period = ?)")
		args = append(args, p.city, p.month)
	}
	var rows []Period
	q := sharePeriods(tx).Select("period, city, status").Where("status <> ?", PeriodOpen).Where(strings.Join(conds, " OR "), args...)
	if err := q.Find(&rows).Error; err != nil {
		return fmt.Errorf("check closed months: %w", err)
	}
	for _, p := range pairs { // in the order asked: the record's month before a change first
		for _, r := range rows {
			if r.City == p.city && r.Period == p.month {
				return periodClosedError(field, p, r.Status)
			}
		}
	}
	return nil
}

// sharePeriods reads the periods so that no month changes status until the
// write that read them ends. On PostgreSQL the read takes the periods' ROW
// SHARE lock (FOR SHARE), which a move of a month waits for (it locks the
// table in EXCLUSIVE mode): a write cannot slip into a month submitted while
// it ran, even when the month had no row yet. SQLite has one writer at a time.
func sharePeriods(tx *gorm.DB) *gorm.DB {
	if tx.Dialector.Name() == "postgres" {
		return tx.Clauses(clause.Locking{Strength: "SHARE"})
	}
	return tx
}

// lockedMonths loads every submitted or closed city-month, for imports that
// check many rows against them.
func lockedMonths(tx *gorm.DB) (map[cityMonth]string, error) {
	var rows []Period
	if err := sharePeriods(tx).Select("period, city, status").Where("status <> ?", PeriodOpen).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load closed months: %w", err)
	}
	out := make(map[cityMonth]string, len(rows))
	for _, r := range rows {
		out[cityMonth{r.City, r.Period}] = r.Status
	}
	return out, nil
}

// lockedMonthError is the row error of an imported record dated in a locked month.
func lockedMonthError(locked map[cityMonth]string, city string, day Date) string {
	if city == "" || day.IsZero() {
		return ""
	}
	cm := cityMonth{city, monthOf(day)}
	if status, ok := locked[cm]; ok {
		return periodClosedError("", cm, status).Message
	}
	return ""
}

// checkPeriodPath reads a period of the path: a month of 2000 … next year.
func (s *Store) checkPeriodPath(period string, fields map[string]string) {
	y, _, ok := ParsePeriod(period)
	switch {
	case !ok:
		fields["period"] = "期间格式应为 YYYY-MM，例如 2024-05"
	case y > LastYear(s.Today()):
		fields["period"] = fmt.Sprintf("期间应在%d年至%d年之间", FirstYear, LastYear(s.Today()))
	}
}

// mayMovePeriod: a city's official submits its city's months; province
// officials and admins submit any and alone close, return and reopen. The
// city is checked once the request is known to be well formed.
func (a Actor) mayMovePeriod(action string) error {
	if !a.Is(RoleAdmin, RoleOfficial) {
		return forbidden("只有主管部门可以办理月度上报与结账")
	}
	if action != PeriodSubmit && !a.Is(RoleAdmin) && a.City != "" {
		return forbidden("结账、退回和重新打开由省级主管部门办理")
	}
	return nil
}

// MovePeriod submits, closes, returns or reopens a city's month.
func (s *Store) MovePeriod(ctx context.Context, a Actor, period, action string, in PeriodMove) (*Period, error) {
	move, known := periodMoves[action]
	if !known {
		return nil, fmt.Errorf("period move %q: %w", action, ErrNotFound)
	}
	if err := a.mayMovePeriod(action); err != nil {
		return nil, err
	}
	fields := CheckStruct(in)
	s.checkPeriodPath(period, fields)
	in.Reason = strings.TrimSpace(in.Reason)
	if (action == PeriodReturn || action == PeriodReopen) && in.Reason == "" && fields["reason"] == "" {
		fields["reason"] = "退回或重新打开时必须填写原因"
	}
	if action == PeriodSubmit && fields["period"] == "" && period >= monthOf(s.Today()) {
		fields["period"] = periodName(period) + "尚未结束，结束后才能上报"
	}
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	if !a.mayWriteCity(in.City) {
		return nil, errOtherCity
	}
	now := s.now()
	var out Period
	err := s.tx(ctx, func(tx *gorm.DB) error {
		p := Period{Period: period, City: in.City, Status: PeriodOpen}
		if s.Dialect == "postgres" {
			// Waits for the writes that checked the periods, and holds new
			// ones until the move is done (see sharePeriods).
			if err := tx.Exec("LOCK TABLE periods IN EXCLUSIVE MODE").Error; err != nil {
				return err
			}
		}
		err := tx.Where("period = ? AND city = ?", period, in.City).Take(&p).Error
		exists := err == nil
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		if p.Status != move.from {
			return Errorf(EConflict, "%s%s当前为「%s」，不能%s", in.City, periodName(period), periodStatusName(p.Status), periodActionName(action))
		}
		old := p.Status
		p.Status, p.UpdatedAt = move.to, now
		by := a.Username
		switch action {
		case PeriodSubmit:
			p.SubmittedAt, p.SubmittedBy = &now, &by
		case PeriodClose:
			p.ClosedAt, p.ClosedBy = &now, &by
		default: // back to open: the next cycle starts afresh; the history keeps this one
			p.SubmittedAt, p.SubmittedBy, p.ClosedAt, p.ClosedBy = nil, nil, nil, nil
		}
		if exists {
			err = tx.Model(&Period{}).Where("period = ? AND city = ?", period, in.City).
				Select("status", "submitted_at", "submitted_by", "closed_at", "closed_by", "updated_at").Updates(&p).Error
		} else {
			err = tx.Create(&p).Error
		}
		if err != nil {
			return err
		}
		ev := PeriodEvent{Period: period, City: in.City, Action: action, At: now, Username: a.Username, Reason: in.Reason}
		if a.UserID != 0 {
			ev.UserID = &a.UserID
		}
		if err := tx.Create(&ev).Error; err != nil {
			return err
		}
		changes := Changes{"status": {Old: old, New: p.Status}}
		if in.Reason != "" {
			changes["reason"] = Change{Old: nil, New: in.Reason}
		}
		if err := audit(tx, now, a, "period_"+action, "period", 0, in.City, changes, period); err != nil {
			return err
		}
		if action == PeriodReturn || action == PeriodReopen {
			// The city's officials hear that the month is theirs to correct again.
			kind := map[string]string{PeriodReturn: NoticePeriodReturned, PeriodReopen: NoticePeriodReopened}[action]
			text := fmt.Sprintf("%s%s已被%s，原因：%s", in.City, periodName(period), periodActionName(action), in.Reason)
			link := "/reports?period=" + period + "&city=" + url.QueryEscape(in.City)
			if err := notifyWhere(tx, now, kind, text, link, "role = ? AND city = ?", RoleOfficial, in.City); err != nil {
				return err
			}
		}
		out = p
		return nil
	})
	if err != nil {
		return nil, dbErr(err, fmt.Sprintf("%s %s %s", action, in.City, period))
	}
	list := []Period{out}
	if err := s.loadPeriodHistory(s.read(ctx), list, period, period); err != nil {
		return nil, err
	}
	return &list[0], nil
}

func periodActionName(action string) string {
	return map[string]string{PeriodSubmit: "上报", PeriodClose: "结账", PeriodReturn: "退回", PeriodReopen: "重新打开"}[action]
}

// PeriodFilter selects city-months.
type PeriodFilter struct {
	Year int    // 0: this year
	City string // "": every city the actor sees
}

// ListPeriods answers every city-month of a year up to the current month,
// with its status and history. A city official sees its city's months.
func (s *Store) ListPeriods(ctx context.Context, a Actor, f PeriodFilter) ([]Period, error) {
	if !a.Is(RoleAdmin, RoleOfficial) {
		return nil, forbidden("只有主管部门可以查看月度上报与结账")
	}
	city, ok := a.ScopeCity(f.City)
	if !ok {
		return nil, errOtherCity
	}
	today := s.Today()
	year := f.Year
	if year == 0 {
		year = today.Year
	}
	if year < FirstYear || year > LastYear(today) {
		return nil, Invalid(map[string]string{"year": fmt.Sprintf("年份应在%d至%d之间", FirstYear, LastYear(today))})
	}
	last := 12
	switch {
	case year == today.Year:
		last = int(today.Month)
	case year > today.Year:
		last = 0
	}
	from, to := fmt.Sprintf("%04d-01", year), fmt.Sprintf("%04d-12", year)
	q := s.read(ctx).Where("period BETWEEN ? AND ?", from, to)
	if city != "" {
		q = q.Where("city = ?", city)
	}
	var rows []Period
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list periods: %w", err)
	}
	have := make(map[cityMonth]Period, len(rows))
	for _, r := range rows {
		have[cityMonth{r.City, r.Period}] = r
	}
	out := []Period{}
	for m := 1; m <= last; m++ {
		month := fmt.Sprintf("%04d-%02d", year, m)
		for _, c := range Cities {
			if city != "" && c.Name != city {
				continue
			}
			p, ok := have[cityMonth{c.Name, month}]
			if !ok {
				p = Period{Period: month, City: c.Name, Status: PeriodOpen}
			}
			out = append(out, p)
		}
	}
	if err := s.loadPeriodHistory(s.read(ctx), out, from, to); err != nil {
		return nil, err
	}
	return out, nil
}

// loadPeriodHistory fills the history of each period, oldest move first.
func (s *Store) loadPeriodHistory(db *gorm.DB, periods []Period, from, to string) error {
	idx := make(map[cityMonth]int, len(periods))
	cities := map[string]bool{}
	for i := range periods {
		periods[i].History = []PeriodEvent{}
		idx[cityMonth{periods[i].City, periods[i].Period}] = i
		cities[periods[i].City] = true
	}
	if len(periods) == 0 {
		return nil
	}
	q := db.Where("period BETWEEN ? AND ?", from, to)
	if len(cities) == 1 {
		q = q.Where("city = ?", periods[0].City)
	}
	var events []PeriodEvent
	if err := q.Order("id").Find(&events).Error; err != nil {
		return fmt.Errorf("load period history: %w", err)
	}
	for _, e := range events {
		if i, ok := idx[cityMonth{e.City, e.Period}]; ok {
			periods[i].History = append(periods[i].History, e)
		}
	}
	return nil
}

// ReportDueDay is the day of the following month by which a city's month
// is to be submitted.
const ReportDueDay = 10

// OverdueMonth is a city-month that has ended and is not closed: open ones
// are counted overdue from the 10th of the following month; submitted ones
// wait for the province to close or return them.
type OverdueMonth struct {
	Period      string     `json:"period"`
	City        string     `json:"city"`
	Status      string     `json:"status"`
	DueOn       Date       `json:"due_on"`
	DaysOverdue int        `json:"days_overdue"`
	SubmittedAt *time.Time `json:"submitted_at"`
	SubmittedBy *string    `json:"submitted_by"`
}

// dueOn is the day a month is due: the 10th of the month after.
func dueOn(period string) Date {
	y, m, _ := ParsePeriod(period)
	t := time.Date(y, m+1, ReportDueDay, 0, 0, 0, 0, time.UTC)
	return DateOf(t)
}

// OverdueMonths lists the city-months of last year and this year that have
// ended and are not closed: first the open ones, longest overdue first, then
// the submitted ones awaiting closure. A city official sees its city's.
func (s *Store) OverdueMonths(ctx context.Context, a Actor) ([]OverdueMonth, error) {
	if !a.Is(RoleAdmin, RoleOfficial) {
		return nil, forbidden("只有主管部门可以查看催报情况")
	}
	city, _ := a.ScopeCity("")
	today := s.Today()
	first := fmt.Sprintf("%04d-01", today.Year-1)
	current := monthOf(today)
	q := s.read(ctx).Where("period >= ? AND period < ?", first, current)
	if city != "" {
		q = q.Where("city = ?", city)
	}
	var rows []Period
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list overdue months: %w", err)
	}
	have := make(map[cityMonth]Period, len(rows))
	for _, r := range rows {
		have[cityMonth{r.City, r.Period}] = r
	}
	var open, submitted []OverdueMonth
	for y := today.Year - 1; y <= today.Year; y++ {
		for m := 1; m <= 12; m++ {
			month := fmt.Sprintf("%04d-%02d", y, m)
			if month >= current {
				break
			}
			due := dueOn(month)
			for _, c := range Cities {
				if city != "" && c.Name != city {
					continue
				}
				p, ok := have[cityMonth{c.Name, month}]
				if !ok {
					p = Period{Period: month, City: c.Name, Status: PeriodOpen}
				}
				o := OverdueMonth{Period: month, City: c.Name, Status: p.Status, DueOn: due,
					SubmittedAt: p.SubmittedAt, SubmittedBy: p.SubmittedBy}
				switch p.Status {
				case PeriodOpen:
					o.DaysOverdue = max(0, DaysBetween(due, today)-1) // due on the 10th: the 11th is one day late
					open = append(open, o)
				case PeriodSubmitted:
					submitted = append(submitted, o)
				}
			}
		}
	}
	sort.SliceStable(open, func(i, j int) bool { return open[i].DaysOverdue > open[j].DaysOverdue })
	return append(append([]OverdueMonth{}, open...), submitted...), nil
}
