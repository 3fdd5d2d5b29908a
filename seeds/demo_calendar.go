package seeds

import (
	"sort"
	"time"

	"jobfair/models"
)

// days is a year's calendar with a weight per day; days after today weigh nothing.
type days struct {
	list []models.Date
	cum  []float64
}

func (g *demoGen) calendar(y int, month [12]float64, weekend float64, festivalDip float64) days {
	var d days
	sf := festival(y)
	total := 0.0
	for day := models.YearStart(y); day.Year == y; day = day.AddDays(1) {
		w := month[day.Month-1] / float64(daysIn(y, day.Month))
		switch day.Time().Weekday() {
		case time.Saturday:
			w *= weekend * 1.4
		case time.Sunday:
			w *= weekend
		}
		// The Spring Festival: quiet from a few days before to a week after.
		if off := models.DaysBetween(sf, day) - 1; off >= -5 && off <= 8 {
			w *= festivalDip
		}
		if dayNum(day) > dayNum(g.today) {
			w = 0
		}
		total += w
		d.list = append(d.list, day)
		d.cum = append(d.cum, total)
	}
	return d
}

// dayNum orders dates without formatting them: 20230301.
func dayNum(d models.Date) int { return d.Year*10000 + int(d.Month)*100 + d.Day }

func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

func (d days) total() float64 { return d.cum[len(d.cum)-1] }

func (g *demoGen) draw(d days) models.Date {
	r := g.rng.Float64() * d.total()
	i := sort.SearchFloat64s(d.cum, r)
	if i >= len(d.list) {
		i = len(d.list) - 1
	}
	for i > 0 && d.cum[i] == d.cum[i-1] { // a day of no weight
		i--
	}
	return d.list[i]
}

// Seasons of the work, by month.
var (
	placementMonths = [12]float64{0.06, 0.075, 0.10, 0.10, 0.09, 0.095, 0.095, 0.08, 0.085, 0.075, 0.075, 0.07}
	graduateMonths  = [12]float64{0.01, 0.02, 0.12, 0.13, 0.14, 0.12, 0.05, 0.04, 0.12, 0.12, 0.10, 0.03}
	evenMonths      = [12]float64{0.05, 0.06, 0.09, 0.09, 0.09, 0.09, 0.09, 0.09, 0.09, 0.09, 0.09, 0.07}
)

// yearFraction is the share of a year's work done by today.
func (g *demoGen) yearFraction(y int) float64 {
	if y < g.today.Year {
		return 1
	}
	if y > g.today.Year {
		return 0
	}
	all, done := 0.0, 0.0
	for day := models.YearStart(y); day.Year == y; day = day.AddDays(1) {
		w := placementMonths[day.Month-1] / float64(daysIn(y, day.Month))
		all += w
		if dayNum(day) <= dayNum(g.today) {
			done += w
		}
	}
	return done / all
}
