package seeds

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"jobfair/models"
)

// programmePlan is how many fairs of a programme a year holds, and when.
type programmePlan struct {
	code   string
	n      float64
	months [12]float64
}

var programmePlans = []programmePlan{
	{"chunnuan", 250, [12]float64{0, 0.30, 0.45, 0.25}},
	{"graduates", 300, [12]float64{0, 0, 0.12, 0.14, 0.16, 0.14, 0.06, 0, 0.12, 0.14, 0.12}},
	{"key_groups", 220, [12]float64{0.03, 0.03, 0.05, 0.05, 0.06, 0.10, 0.12, 0.12, 0.10, 0.10, 0.12, 0.12}},
	{"veterans", 85, [12]float64{0, 0, 0.2, 0.1, 0.1, 0.1, 0, 0, 0.25, 0.15, 0.1}},
	{"public_service", 192, evenMonths},
	{"new_forms", 56, evenMonths},
}

var programmeTitles = map[string][]string{
	"chunnuan":       {"春暖辽沈·援企护航专场招聘会", "春风行动暨春暖辽沈招聘会", "春暖辽沈·援企护航线上招聘月"},
	"graduates":      {"高校毕业生就业攻坚双选会", "高校毕业生专场招聘会", "百日千万招聘专项行动高校毕业生专场"},
	"key_groups":     {"重点群体就业服务攻坚季招聘会", "就业援助月专场招聘会", "困难群体就业帮扶招聘会"},
	"veterans":       {"退役军人专场招聘会", "退役军人就业创业服务专场"},
	"public_service": {"公共人力资源服务机构招聘会", "周三公共就业服务专场招聘会", "公共就业服务进园区专场招聘会"},
	"new_forms":      {"新就业形态劳动者专场招聘会", "平台经济灵活就业专场", "新业态新就业岗位对接会"},
}

// makeYear writes a year: fairs, their sign-ups, jobs, placements.
func (g *demoGen) makeYear(ctx context.Context, y int) error {
	yr := &DemoYear{Groups: map[string]int{}}
	g.rep.Years[y] = yr
	g.ids = idMaker{used: map[uint64]uint16{}} // a person counts once a year: numbers are unique within it
	growth := yearGrowth(y)
	// Each city keeps its own pace this year: some ahead, some behind.
	pace := make([]float64, len(models.Cities))
	shares := make([]float64, len(models.Cities))
	for c := range pace {
		pace[c] = 1 + 0.11*(2*g.rng.Float64()-1)
		shares[c] = cityWeights[c] * pace[c]
	}

	fairs, held, err := g.makeFairs(ctx, y, yr, shares)
	if err != nil {
		return err
	}
	jobs, err := g.makeJobs(ctx, y, yr, shares, held, growth)
	if err != nil {
		return err
	}
	if err := g.makeSignups(ctx, fairs); err != nil {
		return err
	}
	if err := g.makePlacements(ctx, y, yr, shares, held, jobs, growth); err != nil {
		return err
	}
	if err := g.makeVisits(ctx, y, yr, shares, growth); err != nil {
		return err
	}
	return g.makeGraduates(ctx, y, yr, shares, jobs, growth)
}

func (g *demoGen) makeFairs(ctx context.Context, y int, yr *DemoYear, shares []float64) ([]models.Fair, [][]heldFair, error) {
	held := make([][]heldFair, len(models.Cities))
	var fairs []models.Fair
	seq := map[string]int{}
	frac := g.yearFraction(y)
	for _, plan := range programmePlans {
		dayWeights := g.calendar(y, plan.months, 0.8, 0)
		n := g.scaled(plan.n*frac, 1)
		if dayWeights.total() == 0 {
			continue
		}
		cancelled := 0
		for range n {
			if g.rng.Float64() < 0.03 {
				cancelled++
			}
		}
		for i := 0; i < n+cancelled; i++ {
			city := g.weighted(shares)
			cityName := models.Cities[city].Name
			day := g.draw(dayWeights)
			f := models.Fair{City: cityName, Programmes: []string{plan.code}, Status: models.FairHeld}
			if i >= n {
				f.Status = models.FairCancelled
			}
			switch plan.code {
			case "chunnuan", "graduates", "key_groups", "veterans":
				if g.rng.Float64() < 0.12 {
					others := []string{"chunnuan", "graduates", "key_groups", "veterans"}
					other := others[g.rng.IntN(len(others))]
					if other != plan.code {
						f.Programmes = append(f.Programmes, other)
					}
				}
			}
			if plan.code == "public_service" && i%3 == 1 {
				f.Kind = models.FairGeneral // the human-resources markets' general fairs
			}
			g.fairDetails(&f, y, plan.code, day, seq)
			if dayNum(day) > dayNum(g.today) {
				f.Status = models.FairPlanned
			}
			if f.Status == models.FairHeld {
				g.fairResults(&f, plan.code)
			}
			fairs = append(fairs, f)
		}
	}
	sort.SliceStable(fairs, func(i, j int) bool { return fairs[i].StartsAt.Before(fairs[j].StartsAt) })
	if err := g.s.DemoFairs(ctx, fairs); err != nil {
		return nil, nil, err
	}
	for i := range fairs {
		f := &fairs[i]
		switch f.Status {
		case models.FairHeld:
			yr.FairsHeld++
			if f.Kind == models.FairGeneral {
				yr.GeneralFairs++
			} else {
				yr.SpecialFairs++
			}
			c := cityIndex(f.City)
			held[c] = append(held[c], heldFair{id: f.ID, day: models.DateOf(f.StartsAt.In(models.Shanghai)), organiser: f.OrganiserID})
			for _, p := range f.Programmes {
				switch p {
				case "public_service":
					yr.PublicServiceFairs++
					yr.PublicServicePosts += *f.PostsOffered
				case "new_forms":
					yr.NewFormsFairs++
					yr.NewFormsIntents += *f.Intents
				}
			}
		case models.FairCancelled:
			yr.FairsCancelled++
		case models.FairPlanned:
			yr.FairsPlanned++
		}
	}
	g.rep.Fairs += len(fairs)
	_ = g.bar.Add(len(fairs))
	return fairs, held, nil
}

func cityIndex(name string) int {
	for i, c := range models.Cities {
		if c.Name == name {
			return i
		}
	}
	return 0
}

// fairDetails gives a fair its title, venue, mode, times and organiser.
func (g *demoGen) fairDetails(f *models.Fair, y int, programme string, day models.Date, seq map[string]int) {
	short := shortCity(f.City)
	seq[f.City+programme]++
	title := g.pick(programmeTitles[programme])
	if f.Kind == models.FairGeneral {
		title = "人力资源市场综合招聘会"
	}
	f.Title = fmt.Sprintf("%s%d年%s（第%d场）", f.City, y, title, seq[f.City+programme])
	switch r := g.rng.Float64(); {
	case r < 0.68:
		f.Mode = "onsite"
		f.Venue = g.pick([]string{short + "市人力资源市场", short + "国际会展中心", short + "市公共就业服务中心招聘大厅", short + "职业技术学院体育馆", short + "市民中心"})
		f.StartsAt = time.Date(day.Year, day.Month, day.Day, 9, 0, 0, 0, models.Shanghai)
		f.EndsAt = time.Date(day.Year, day.Month, day.Day, 15, 30, 0, 0, models.Shanghai)
	case r < 0.9:
		f.Mode = "online"
		f.Venue = "辽宁人社线上招聘平台"
		f.StartsAt = time.Date(day.Year, day.Month, day.Day, 9, 0, 0, 0, models.Shanghai)
		f.EndsAt = time.Date(day.Year, day.Month, day.Day+6, 17, 0, 0, 0, models.Shanghai)
	default:
		f.Mode = "livestream"
		f.Venue = short + "人社直播间"
		f.StartsAt = time.Date(day.Year, day.Month, day.Day, 14, 0, 0, 0, models.Shanghai)
		f.EndsAt = time.Date(day.Year, day.Month, day.Day, 16, 0, 0, 0, models.Shanghai)
	}
	// Public employment service centres hold most fairs, and every
	// public-service one; a university and an HR-service company some others.
	f.Organisation = f.City + "公共就业服务中心"
	switch {
	case programme == "graduates" && f.City == "沈阳市" && g.rng.Float64() < 0.3:
		f.OrganiserID, f.Organisation = g.account("sy_university")
	case (programme == "chunnuan" || programme == "key_groups") && f.City == "大连市" && g.rng.Float64() < 0.25:
		f.OrganiserID, f.Organisation = g.account("dl_agency")
	case f.City == "沈阳市" && g.rng.Float64() < 0.5:
		f.OrganiserID, f.Organisation = g.account("sy_organiser")
	case f.City == "大连市" && g.rng.Float64() < 0.5:
		f.OrganiserID, f.Organisation = g.account("dl_organiser")
	case g.rng.Float64() < 0.08:
		f.OrganiserID, f.Organisation = g.account("organiser")
	}
}

// around is n varied by ±spread (a fraction), at least lo.
func (g *demoGen) around(n, spread float64, lo int) int {
	return max(lo, int(math.Round(n*(1+spread*(2*g.rng.Float64()-1)))))
}

// fairResults fills a held fair's results so that the programmes' goals land
// near their targets: public-service fairs offer about 1,950 posts each,
// new-forms fairs reach about 950 intents.
func (g *demoGen) fairResults(f *models.Fair, programme string) {
	var visitors, employers, posts, intents int
	switch programme {
	case "public_service":
		posts = g.around(1950, 0.4, 300)
		visitors = int(float64(posts) * (1.2 + 1.3*g.rng.Float64()))
		intents = int(float64(visitors) * (0.08 + 0.1*g.rng.Float64()))
	case "new_forms":
		intents = g.around(950, 0.35, 150)
		visitors = int(float64(intents) / (0.15 + 0.15*g.rng.Float64()))
		posts = int(float64(visitors) * (0.4 + 0.5*g.rng.Float64()))
	default:
		base := map[string]float64{"chunnuan": 900, "graduates": 1100, "key_groups": 500, "veterans": 300}[programme]
		posts = g.around(base, 0.6, 60)
		visitors = int(float64(posts) * (1 + 1.5*g.rng.Float64()))
		intents = int(float64(visitors) * (0.06 + 0.12*g.rng.Float64()))
	}
	employers = max(5, posts/(10+g.rng.IntN(15)))
	if f.Mode != "onsite" {
		visitors *= 2
	}
	f.Visitors, f.EmployersAttended, f.PostsOffered, f.Intents = &visitors, &employers, &posts, &intents
}

// makeSignups: the employers that took part in held fairs, approved.
func (g *demoGen) makeSignups(ctx context.Context, fairs []models.Fair) error {
	var su []models.Signup
	for i := range fairs {
		f := &fairs[i]
		if f.Status != models.FairHeld {
			continue
		}
		c := cityIndex(f.City)
		k := min(*f.EmployersAttended, 6+g.rng.IntN(14), len(g.byCity[c]))
		seen := map[int64]bool{}
		if fl, ok := g.flagship[f.City]; ok && g.rng.Float64() < 0.3 {
			seen[g.employers[fl].id] = true
		}
		for tries := 0; len(seen) < k && tries < 4*k; tries++ {
			seen[g.employerIn(c).id] = true
		}
		ids := make([]int64, 0, len(seen))
		for id := range seen {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			created := f.StartsAt.Add(-time.Duration(3+g.rng.IntN(18)) * 24 * time.Hour)
			decided := created.Add(time.Duration(4+g.rng.IntN(60)) * time.Hour)
			su = append(su, models.Signup{FairID: f.ID, EmployerID: id, Status: models.SignupApproved,
				CreatedAt: created.UTC(), DecidedAt: &decided, DecidedBy: f.OrganiserID})
		}
	}
	if err := g.s.DemoSignups(ctx, su); err != nil {
		return err
	}
	g.rep.Signups += len(su)
	return nil
}

// fairNear finds a held fair of the city between from and to, at random.
func (g *demoGen) fairNear(list []heldFair, from, to models.Date) *heldFair {
	lo := sort.Search(len(list), func(i int) bool { return dayNum(list[i].day) >= dayNum(from) })
	hi := sort.Search(len(list), func(i int) bool { return dayNum(list[i].day) > dayNum(to) })
	if hi <= lo {
		return nil
	}
	return &list[lo+g.rng.IntN(hi-lo)]
}

var (
	graduateEducation = []string{"bachelor", "bachelor", "bachelor", "bachelor", "bachelor", "college", "college", "college", "master", "master", "any"}
	otherEducation    = []string{"any", "any", "any", "any", "junior_high", "junior_high", "senior_high", "senior_high", "senior_high", "college"}
)

// makeJobs posts the year's vacancies: about 440,000 graduate posts in jobs of
// 3 to 10, and other jobs.
func (g *demoGen) makeJobs(ctx context.Context, y int, yr *DemoYear, shares []float64, held [][]heldFair, growth float64) (map[int64][]models.JobRef, error) {
	frac := g.yearFraction(y)
	gradDays := g.calendar(y, graduateMonths, 0.3, 0.1)
	otherDays := g.calendar(y, placementMonths, 0.3, 0.2)
	if gradDays.total() == 0 {
		return map[int64][]models.JobRef{}, nil
	}
	posts := g.scaled(demoGraduatePosts*growth*frac, 10)
	others := g.scaled(demoOtherJobs*growth*frac, 5)
	// About 6.5 posts per graduate vacancy: room for them all, grown only
	// by an unusual draw.
	js := make([]models.Job, 0, posts*2/13+others+16)
	for done := 0; done < posts; {
		j := g.job(true, gradDays, shares, held)
		j.Headcount = min(3+g.rng.IntN(8), posts-done)
		done += j.Headcount
		js = append(js, j)
	}
	for i := 0; i < others; i++ {
		j := g.job(false, otherDays, shares, held)
		js = append(js, j)
	}
	sort.SliceStable(js, func(i, k int) bool { return dayNum(js[i].PostedOn) < dayNum(js[k].PostedOn) })
	written, err := g.s.DemoJobs(ctx, js, func(n int) { _ = g.bar.Add(n) })
	if err != nil {
		return nil, err
	}
	refs := map[int64][]models.JobRef{}
	for _, r := range written {
		refs[r.EmployerID] = append(refs[r.EmployerID], r)
	}
	yr.Jobs = len(js)
	yr.GraduatePosts = posts
	g.rep.Jobs += len(js)
	return refs, nil
}

func (g *demoGen) job(graduate bool, d days, shares []float64, held [][]heldFair) models.Job {
	city := g.weighted(shares)
	e := g.employerIn(city)
	ind := industryOf(e.industry)
	j := models.Job{EmployerID: e.id, City: models.Cities[city].Name, ForGraduates: graduate, PostedOn: g.draw(d)}
	if graduate {
		j.Education = g.pick(graduateEducation)
		if g.rng.IntN(3) == 0 {
			j.Title = g.pick(graduateTitles)
		} else {
			j.Title = g.pick(industries[ind].titles)
		}
	} else {
		j.Education = g.pick(otherEducation)
		j.Title = g.pick(industries[ind].titles)
		j.Headcount = 1 + int(math.Min(19, math.Floor(math.Abs(g.rng.NormFloat64())*4)))
	}
	if g.rng.IntN(10) > 0 {
		lo := 2500 + g.rng.IntN(36)*100
		if graduate {
			lo = 3500 + g.rng.IntN(41)*100
		}
		hi := int(math.Round(float64(lo)*(1.2+0.6*g.rng.Float64())/100) * 100)
		j.SalaryMin, j.SalaryMax = &lo, &hi
	}
	if g.rng.Float64() < 0.4 {
		if f := g.fairNear(held[city], j.PostedOn, j.PostedOn.AddDays(30)); f != nil {
			id := f.id
			j.FairID, j.CreatedBy = &id, f.organiser
		}
	}
	return j
}

func industryOf(name string) int {
	for i, ind := range industries {
		if ind.name == name {
			return i
		}
	}
	return 0
}
