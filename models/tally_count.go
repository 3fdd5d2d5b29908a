package models

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// tallyCount answers the number of records of metric dated from..to (both
// included; zero: open) in city ("" for all), from the summary tables: the
// month rows for whole months, the day rows for the ends. The tallies move in
// the same transaction as the records, so the count is exact, and it costs a
// few index reads however many records there are.
func tallyCount(db *gorm.DB, metric string, from, to Date, city string) (int64, error) {
	if from.IsZero() {
		from = Date{FirstYear, 1, 1}
	}
	if to.IsZero() {
		to = Date{9999, 12, 31}
	}
	if to.Before(from) {
		return 0, nil
	}
	var conds []string
	var args []any
	days := func(a, b Date) {
		conds = append(conds, "(grain = ? AND period BETWEEN ? AND ?)")
		args = append(args, tallyGrainDay, a.String(), b.String())
	}
	// The first whole month at or after from, and the last whole month at or before to.
	firstWhole := from
	if from.Day != 1 {
		next := Date{from.Year, from.Month, 1}.AddDays(32)
		firstWhole = Date{next.Year, next.Month, 1}
	}
	afterTo := to.AddDays(1)
	lastWholeEnd := Date{afterTo.Year, afterTo.Month, 1}.AddDays(-1) // last day of the last whole month
	if afterTo.Day != 1 {
		lastWholeEnd = Date{to.Year, to.Month, 1}.AddDays(-1)
	}
	if firstWhole.After(lastWholeEnd) {
		days(from, to) // no whole month inside: days only
	} else {
		if from.Before(firstWhole) {
			days(from, firstWhole.AddDays(-1))
		}
		conds = append(conds, "(grain = ? AND period BETWEEN ? AND ?)")
		args = append(args, tallyGrainMonth, monthOf(firstWhole), monthOf(lastWholeEnd))
		if lastWholeEnd.Before(to) {
			days(lastWholeEnd.AddDays(1), to)
		}
	}
	q := "SELECT COALESCE(SUM(n), 0) FROM tallies WHERE metric = ? AND (" + strings.Join(conds, " OR ") + ")"
	args = append([]any{metric}, args...)
	if city != "" {
		q += " AND city = ?"
		args = append(args, city)
	}
	var n int64
	if err := db.Raw(q, args...).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("count from tallies: %w", err)
	}
	return n, nil
}

// yearRange is the days of a list filter: a year (0: none) narrowed by from
// and to (zero: open).
func yearRange(year int, from, to Date) (Date, Date) {
	if year != 0 {
		if ys := YearStart(year); from.Before(ys) {
			from = ys
		}
		if ye := YearEnd(year); to.IsZero() || ye.Before(to) {
			to = ye
		}
	}
	return from, to
}

// pageTallied reads a page of q in order, with the total of metric over the
// filter's dates (the year, or from..to) and city taken from the summary
// tables: for lists whose filter is only what the tallies count.
func pageTallied[T any](db, q *gorm.DB, p Page, order, metric string, year int, from, to Date, city string) ([]T, int64, error) {
	from, to = yearRange(year, from, to)
	total, err := tallyCount(db, metric, from, to, city)
	if err != nil {
		return nil, 0, err
	}
	items := []T{}
	if err := q.Order(order).Offset(p.Offset()).Limit(p.Size).Find(&items).Error; err != nil {
		return nil, 0, fmt.Errorf("list: %w", err)
	}
	return items, total, nil
}
