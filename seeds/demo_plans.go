package seeds

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"jobfair/models"
)

// makeUpcoming plans fairs in the four weeks after today, with sign-ups
// waiting for the demo organisers and vacancies posted for them.
func (g *demoGen) makeUpcoming(ctx context.Context) error {
	type plan struct {
		city, organiser, programme string
	}
	plans := []plan{
		{"沈阳市", "sy_organiser", "public_service"}, {"沈阳市", "sy_university", "graduates"}, {"沈阳市", "sy_organiser", "key_groups"},
		{"沈阳市", "organiser", "new_forms"}, {"大连市", "dl_organiser", "public_service"}, {"大连市", "dl_organiser", "veterans"},
		{"大连市", "dl_agency", "chunnuan"}, {"鞍山市", "organiser", "key_groups"}, {"锦州市", "", "public_service"},
		{"营口市", "", "new_forms"}, {"丹东市", "", "key_groups"}, {"朝阳市", "", "public_service"},
	}
	var fairs []models.Fair
	seq := map[string]int{}
	for i, p := range plans {
		day := g.today.AddDays(2 + i*2 + g.rng.IntN(2))
		f := models.Fair{City: p.city, Programmes: []string{p.programme}, Status: models.FairPlanned}
		g.fairDetails(&f, day.Year, p.programme, day, seq)
		f.OrganiserID, f.Organisation = nil, p.city+"公共就业服务中心"
		if p.organiser != "" {
			f.OrganiserID, f.Organisation = g.account(p.organiser)
		}
		fairs = append(fairs, f)
	}
	if err := g.s.DemoFairs(ctx, fairs); err != nil {
		return err
	}
	var su []models.Signup
	var js []models.Job
	// The morning of the demo's day, or the moment it is loaded if that is
	// earlier: nothing the demo writes lies in the future.
	now := g.today.Time().Add(9 * time.Hour)
	if t := g.s.Now(); t.Before(now) {
		now = t
	}
	for i := range fairs {
		f := &fairs[i]
		c := cityIndex(f.City)
		seen := map[int64]bool{}
		if fl, ok := g.flagship[f.City]; ok && i%2 == 0 {
			seen[g.employers[fl].id] = true
		}
		want := min(6+g.rng.IntN(8), len(g.byCity[c]))
		for tries := 0; len(seen) < want && tries < 50; tries++ {
			seen[g.employerIn(c).id] = true
		}
		ids := make([]int64, 0, len(seen))
		for id := range seen {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for k, id := range ids {
			s := models.Signup{FairID: f.ID, EmployerID: id, Status: models.SignupPending,
				CreatedAt: now.Add(-time.Duration(1+g.rng.IntN(72)) * time.Hour).UTC()}
			flagship := id == g.employers[g.flagship["沈阳市"]].id || id == g.employers[g.flagship["大连市"]].id
			if k%3 == 2 || flagship && i%4 == 2 {
				// Decided between the sign-up and now.
				decided := s.CreatedAt.Add(time.Duration(g.rng.Int64N(int64(now.Sub(s.CreatedAt)) + 1))).UTC()
				s.Status, s.DecidedAt, s.DecidedBy = models.SignupApproved, &decided, f.OrganiserID
				for n := 1 + g.rng.IntN(3); n > 0; n-- {
					e := g.employers[g.employerIndex(id)]
					hc := 2 + g.rng.IntN(9)
					js = append(js, models.Job{EmployerID: id, City: f.City, Title: g.pick(industries[industryOf(e.industry)].titles),
						Headcount: hc, ForGraduates: f.Programmes[0] == "graduates", FairID: &f.ID, CreatedBy: f.OrganiserID,
						PostedOn: g.today.AddDays(-g.rng.IntN(10)), Education: g.pick(otherEducation)})
				}
			}
			su = append(su, s)
		}
	}
	if err := g.s.DemoSignups(ctx, su); err != nil {
		return err
	}
	if _, err := g.s.DemoJobs(ctx, js, nil); err != nil {
		return err
	}
	g.rep.Fairs += len(fairs)
	g.rep.Signups += len(su)
	g.rep.Jobs += len(js)
	return nil
}

func (g *demoGen) employerIndex(id int64) int {
	for i := range g.employers {
		if g.employers[i].id == id {
			return i
		}
	}
	return 0
}

// makeCityTargets splits the province's targets for placements and
// re-employment among the cities by their weights, so that the city view
// shows who is ahead and who behind.
func (g *demoGen) makeCityTargets(ctx context.Context) error {
	var goals []models.Goal
	for _, y := range g.years {
		for _, t := range []struct {
			code, unit string
			target     float64
		}{{"new_urban_jobs", "人", 450000}, {"reemployed", "人", 350000}} {
			comparison := "at_least"
			if t.code == "new_urban_jobs" {
				comparison = "about"
			}
			for c, city := range models.Cities {
				goals = append(goals, models.Goal{Code: t.code, Name: cityGoalName[t.code], Scope: city.Name, YearFrom: y, YearTo: y,
					Target: math.Round(t.target*cityWeights[c]/100) * 100, Unit: t.unit, Comparison: comparison,
					Source: models.SourceComputed, Kind: models.KindCount,
					SourceText: "演示数据：按各市就业规模分解的城市目标"})
			}
		}
	}
	_, err := g.s.SeedGoals(ctx, goals)
	return err
}

var cityGoalName = map[string]string{"new_urban_jobs": "城镇新增就业", "reemployed": "失业人员再就业"}

// makeReports reports the plan's monthly figures for every finished month of
// the demo's years: rates near their marks, stocks growing towards their 2025
// targets, flows adding up to a little over the year's target.
func (g *demoGen) makeReports(ctx context.Context) error {
	goals, err := g.s.ReportedGoals(ctx)
	if err != nil {
		return err
	}
	byCode := map[string][]models.Goal{}
	var codes []string
	for _, gl := range goals {
		if _, ok := byCode[gl.Code]; !ok {
			codes = append(codes, gl.Code)
		}
		byCode[gl.Code] = append(byCode[gl.Code], gl)
	}
	var figures []models.ReportFigure
	lastMonth := models.Date{Year: g.today.Year, Month: g.today.Month, Day: 1}.AddDays(-1)
	first, last := 2023, 2025
	if len(g.years) > 0 {
		first, last = min(first, g.years[0]), max(last, g.years[len(g.years)-1])
	}
	for _, code := range codes {
		list := byCode[code]
		ref := list[len(list)-1]
		for _, y := range g.years {
			target := ref.Target
			for _, gl := range list {
				if gl.YearFrom <= y && y <= gl.YearTo {
					target = gl.Target
				}
			}
			pace := 1.02 + 0.08*g.rng.Float64()
			if g.rng.IntN(6) == 0 {
				pace = 0.93 + 0.06*g.rng.Float64() // a goal or two falls short
			}
			flows := make([]float64, 12)
			if ref.Kind == models.KindFlow {
				flows = g.spread(target*pace, ref.Target < 1000)
			}
			for m := time.January; m <= time.December; m++ {
				if (models.Date{Year: y, Month: m, Day: 1}).After(lastMonth) {
					break
				}
				var v float64
				switch {
				case ref.Kind == models.KindFlow:
					v = flows[m-1]
				case ref.Unit == "%" && ref.Comparison == "at_most":
					v = 5.5 - 0.1*float64(y-2023) + seasonRate[m-1] + 0.08*(2*g.rng.Float64()-1)
					v = math.Round(v*10) / 10
				case ref.Unit == "%":
					progress := float64((y-first)*12+int(m)) / float64((last-first+1)*12)
					v = math.Min(100, math.Round((96.5+3.5*progress+0.6*(g.rng.Float64()-0.5))*10)/10)
				default:
					progress := float64((y-first)*12+int(m)) / float64((last-first+1)*12)
					v = math.Round(ref.Target * (0.94 + 0.068*progress + 0.002*(g.rng.Float64()-0.5)))
				}
				figures = append(figures, models.ReportFigure{Code: code, Period: fmt.Sprintf("%d-%02d", y, m), Value: v})
			}
		}
	}
	if err := g.s.DemoReports(ctx, figures, g.userID("official")); err != nil {
		return err
	}
	g.rep.Reports = len(figures)
	return nil
}

// seasonRate is the unemployment rate's swing: up after the Spring Festival
// and in the graduation season.
var seasonRate = [12]float64{0, 0.15, 0.2, 0.05, -0.05, 0.05, 0.2, 0.1, -0.05, -0.1, -0.15, -0.1}

// spread divides a year's total over the months by the seasons of the work;
// whole counts stay whole.
func (g *demoGen) spread(total float64, whole bool) []float64 {
	out := make([]float64, 12)
	if whole {
		n := int(math.Round(total))
		for i := 0; i < n; i++ {
			out[g.weighted(placementMonths[:])]++
		}
		return out
	}
	for m := range out {
		out[m] = math.Round(total * placementMonths[m] * (0.95 + 0.1*g.rng.Float64()))
	}
	return out
}

// openCities leave the last two months of the last demo year submitted but
// not closed, so that a province official can try closing (and 催报) at once.
var openCities = []string{"沈阳市", "大连市"}

// closeMonths closes every ended month of the demo years in every city, as
// each city's official submitted it by the 10th of the following month and
// the province closed it a few days later; the two openCities leave
// November and December of the last year submitted.
func (g *demoGen) closeMonths(ctx context.Context) error {
	if len(g.years) == 0 {
		return nil
	}
	last := g.years[len(g.years)-1]
	current := fmt.Sprintf("%04d-%02d", g.today.Year, g.today.Month)
	var months []models.DemoMonth
	for _, y := range g.years {
		for m := 1; m <= 12; m++ {
			period := fmt.Sprintf("%04d-%02d", y, m)
			if period >= current {
				break
			}
			for i, c := range models.Cities {
				submitted := time.Date(y, time.Month(m+1), 3+(i*7+m)%7, 9+i%8, (i*13+m*7)%60, 0, 0, models.Shanghai)
				dm := models.DemoMonth{Period: period, City: c.Name, SubmittedBy: cityOfficial(c.Name), SubmittedAt: submitted.UTC(),
					ClosedBy: "official", ClosedAt: submitted.AddDate(0, 0, 4+(i+m)%5).UTC()}
				if y == last && m >= 11 && slices.Contains(openCities, c.Name) {
					dm.ClosedBy, dm.ClosedAt = "", time.Time{}
				}
				months = append(months, dm)
			}
		}
	}
	if err := g.s.DemoPeriods(ctx, months); err != nil {
		return err
	}
	g.rep.Months = len(months)
	return nil
}

// cityOfficial is who submits a city's months in the demo: the city's demo
// official where there is one, the province's otherwise.
func cityOfficial(city string) string {
	for _, a := range demoAccounts {
		if a.Role == models.RoleOfficial && a.City == city {
			return a.Username
		}
	}
	return "official"
}
