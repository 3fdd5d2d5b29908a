package models

import (
	"fmt"
	"math"
	"time"
)

// Limits on every figure (API.md Part 2, "Limits on every figure"). They keep
// each input far below what the tallies' int64 sums can hold: a year of the
// largest allowed records stays many orders of magnitude short of overflow,
// and a reported figure never reaches what a float64 rollup cannot print.
const (
	MaxFairResult    = 1_000_000   // visitors, employers_attended, posts_offered, intents
	MaxHeadcount     = 10_000      // posts of one vacancy
	MaxSalary        = 1_000_000   // yuan a month
	MaxPercent       = 100         // a reported figure or target in %
	MaxReportedValue = 100_000_000 // any other reported figure or target
	FirstYear        = 2000        // no date of the platform lies before it
	EmployerBackdays = 31          // how far back an employer may date its vacancy
	MaxGoalYear      = 2100        // goal spans end by then
	unitPercent      = "%"
)

// LastYear is the last year a date may fall in: next year, for fairs planned ahead.
func LastYear(today Date) int { return today.Year + 1 }

// checkYear names field when d falls outside FirstYear … next year.
func checkYear(fields map[string]string, name string, d Date, today Date) bool {
	if d.IsZero() {
		return true
	}
	if d.Year < FirstYear || d.Year > LastYear(today) {
		fields[name] = fmt.Sprintf("日期应在%d年至%d年之间", FirstYear, LastYear(today))
		return false
	}
	return true
}

// checkTimeYear is checkYear for a time, taken as its day in Asia/Shanghai.
func checkTimeYear(fields map[string]string, name string, t time.Time, today Date) bool {
	if t.IsZero() {
		return true
	}
	return checkYear(fields, name, DateOf(t.In(Shanghai)), today)
}

// ValueBound is the largest figure a goal of unit may be reported or targeted at.
func ValueBound(unit string) float64 {
	if unit == unitPercent {
		return MaxPercent
	}
	return MaxReportedValue
}

// checkValue names field when v is not a finite number within 0 … the unit's bound.
func checkValue(fields map[string]string, name string, v float64, unit string) {
	bound := ValueBound(unit)
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		fields[name] = "数值无效"
	case v < 0 || v > bound:
		fields[name] = fmt.Sprintf("应在0至%s之间", formatBound(bound))
	}
}

func formatBound(b float64) string {
	return fmt.Sprintf("%.0f", b)
}
