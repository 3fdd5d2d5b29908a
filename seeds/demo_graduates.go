package seeds

import (
	"context"
	"sort"

	"jobfair/models"
)

// The graduate ledger: about 30,000 graduates a year at scale 1 leave
// university without a job and are registered from mid-June, most in the
// summer. Staff reach almost all of them within weeks and give most the
// 1131 service; about seven in ten are placed by the year's end, through
// the year's ordinary placements of graduates (the same people, found by the
// ID number). Each city has its own diligence, so that some end the year at
// 100% and some a little short.

const (
	demoGraduates     = 30000
	shareNeedyFamily  = 0.06
	shareWantsJob     = 0.95
	shareGradEmployed = 0.70
)

// gradPlaced is a placement of a graduate in the second half of a year: a
// person the ledger can hold and see employed.
type gradPlaced struct {
	name, id string
	city     int
	day      models.Date
}

// notePlacedGraduate keeps a graduate's placement from July on for the ledger.
func (g *demoGen) notePlacedGraduate(p models.PlacementDraft, city int) {
	if p.PlacedOn.Month < 7 || len(p.Groups) == 0 || p.Groups[0] != "graduate" {
		return
	}
	g.gradPool = append(g.gradPool, gradPlaced{name: p.PersonName, id: p.IDNumber, city: city, day: p.PlacedOn})
}

// makeGraduates registers the year's graduates with their contacts and services.
func (g *demoGen) makeGraduates(ctx context.Context, y int, yr *DemoYear, shares []float64,
	jobs map[int64][]models.JobRef, growth float64) error {
	defer func() { g.gradPool = nil }()
	first := models.Date{Year: y, Month: 6, Day: 15}
	if !first.Before(g.today) {
		return nil
	}
	lastDay := models.Date{Year: y, Month: 12, Day: 31}
	if g.today.Before(lastDay) {
		lastDay = g.today
	}
	n := g.scaled(demoGraduates*growth*summerFraction(first, lastDay), 14)

	// Each city's diligence: how likely a graduate is reached and served at all.
	reach := make([]float64, len(models.Cities))
	serve := make([]float64, len(models.Cities))
	needyPlaced := make([]float64, len(models.Cities))
	for c := range reach {
		reach[c] = 0.985 + 0.015*g.rng.Float64()
		serve[c] = 0.975 + 0.025*g.rng.Float64()
		needyPlaced[c] = 0.94 + 0.06*g.rng.Float64()
		if g.rng.IntN(3) == 0 { // a third of the cities reach and serve everyone
			reach[c], serve[c] = 1, 1
		}
	}
	cityJobs := g.jobsByCity(jobs)
	// The employed first, from the year's placements of graduates, then the others.
	sort.Slice(g.gradPool, func(i, j int) bool { return g.gradPool[i].id < g.gradPool[j].id })
	g.rng.Shuffle(len(g.gradPool), func(i, j int) { g.gradPool[i], g.gradPool[j] = g.gradPool[j], g.gradPool[i] })
	employed := min(len(g.gradPool), int(float64(n)*shareGradEmployed))
	drafts := make([]models.GraduateDraft, 0, n)
	for i := range n {
		var d models.GraduateDraft
		var city int
		var placedOn models.Date
		if i < employed {
			p := g.gradPool[i]
			city, placedOn = p.city, p.day
			d.PersonName, d.IDNumber = p.name, p.id
		} else {
			city = g.weighted(shares)
			birth := g.birthFor(first, 22+g.rng.IntN(3))
			area := models.Cities[city].Code + districts[g.rng.IntN(len(districts))]
			for ok := false; !ok; birth = birth.AddDays(1) {
				d.IDNumber, ok = g.ids.make(area, birth, g.rng.IntN(2) == 0)
			}
			d.PersonName = g.personName()
		}
		d.City = models.Cities[city].Name
		d.GraduationYear = y
		d.RegisteredOn = g.registrationDay(first, lastDay, placedOn)
		d.School = g.pick(campuses[city])
		d.Major = g.pick(majors)
		d.Education = g.pick([]string{"college", "bachelor", "bachelor", "bachelor", "master"})
		d.Phone = g.mobile()
		d.NeedyFamily = g.rng.Float64() < shareNeedyFamily
		d.WantsJob = g.rng.Float64() < shareWantsJob
		if d.NeedyFamily {
			// Needy families are followed first: nearly all who want a job are placed.
			d.WantsJob = g.rng.Float64() < 0.97
			if placedOn.IsZero() && d.WantsJob && g.rng.Float64() < needyPlaced[city] && employed < len(g.gradPool) {
				p := g.gradPool[employed]
				employed++
				d.PersonName, d.IDNumber, placedOn = p.name, p.id, p.day
				d.RegisteredOn = g.registrationDay(first, lastDay, placedOn)
			}
		}
		d.Organisation = d.City + "公共就业服务中心"
		g.followUp(&d, lastDay, reach[city], serve[city], cityJobs[city])
		drafts = append(drafts, d)
	}
	if err := g.s.DemoGraduates(ctx, drafts, func(k int) { _ = g.bar.Add(k) }); err != nil {
		return err
	}
	yr.Graduates = len(drafts)
	g.rep.Graduates += len(drafts)
	return nil
}

var majors = []string{"计算机科学与技术", "软件工程", "机械设计制造及其自动化", "电气工程及其自动化", "会计学", "市场营销",
	"汉语言文学", "英语", "土木工程", "化学工程与工艺", "护理学", "物流管理", "数字媒体技术", "环境工程", "法学"}

// summerFraction is the share of a year's registrations (from mid-June) made by last.
func summerFraction(first, last models.Date) float64 {
	if last.Month >= 12 {
		return 1
	}
	total := models.DaysBetween(first, models.Date{Year: first.Year, Month: 12, Day: 31})
	return float64(models.DaysBetween(first, last)) / float64(total)
}

// registrationDay draws a registration day from first through last, most in
// the summer, and not after the day the graduate was placed.
func (g *demoGen) registrationDay(first, last, placedOn models.Date) models.Date {
	end := last
	if !placedOn.IsZero() && placedOn.Before(end) {
		end = placedOn
	}
	span := models.DaysBetween(first, end)
	if span <= 1 {
		return first
	}
	// Front-loaded: the lists arrive when the graduates leave.
	k := int(float64(span) * g.rng.Float64() * g.rng.Float64())
	return first.AddDays(min(k, span-1))
}

// followUp logs the contacts and services of a graduate from registration
// through last.
func (g *demoGen) followUp(d *models.GraduateDraft, last models.Date, reach, serve float64, jobs []models.JobRef) {
	by, _ := g.account("organiser")
	if d.City == "沈阳市" {
		by, _ = g.account("sy_organiser")
	}
	on := d.RegisteredOn.AddDays(1 + g.rng.IntN(10))
	reached := g.rng.Float64() < reach
	for try := 0; try < 3 && !on.After(last); try++ {
		ok := reached && (try == 2 || g.rng.Float64() < 0.8)
		channel := []string{"phone", "phone", "phone", "sms", "online", "visit"}[g.rng.IntN(6)]
		d.Contacts = append(d.Contacts, models.GraduateContact{On: on, Channel: channel, Reached: ok, CreatedBy: by})
		if ok {
			break
		}
		on = on.AddDays(3 + g.rng.IntN(7))
	}
	if !reached || g.rng.Float64() >= serve {
		return
	}
	day := on.AddDays(g.rng.IntN(6))
	add := func(kind string, job *int64) {
		if day.After(last) {
			return
		}
		d.Services = append(d.Services, models.GraduateService{On: day, Kind: kind, JobID: job, CreatedBy: by})
		day = day.AddDays(2 + g.rng.IntN(12))
	}
	add(models.ServicePolicy, nil)
	if g.rng.Float64() < 0.9 {
		add(models.ServiceGuidance, nil)
	}
	for range g.rng.IntN(5) {
		if job := g.jobBefore(jobs, day); job != nil {
			add(models.ServiceJobReferral, job)
		}
	}
	if g.rng.Float64() < 0.6 {
		add([]string{models.ServiceTraining, models.ServiceInternship}[g.rng.IntN(2)], nil)
	}
}

// jobsByCity lists the year's jobs of each city, oldest first.
func (g *demoGen) jobsByCity(jobs map[int64][]models.JobRef) [][]models.JobRef {
	cityOf := make(map[int64]int, len(g.employers))
	for _, e := range g.employers {
		cityOf[e.id] = e.city
	}
	out := make([][]models.JobRef, len(models.Cities))
	for emp, list := range jobs {
		c := cityOf[emp]
		out[c] = append(out[c], list...)
	}
	for c := range out {
		sort.Slice(out[c], func(i, j int) bool {
			a, b := out[c][i], out[c][j]
			return dayNum(a.PostedOn) < dayNum(b.PostedOn) || a.PostedOn == b.PostedOn && a.ID < b.ID
		})
	}
	return out
}

// jobBefore picks a job posted on or before day, nil when there is none.
func (g *demoGen) jobBefore(jobs []models.JobRef, day models.Date) *int64 {
	k := sort.Search(len(jobs), func(i int) bool { return dayNum(jobs[i].PostedOn) > dayNum(day) })
	if k == 0 {
		return nil
	}
	id := jobs[g.rng.IntN(k)].ID
	return &id
}

// mobile draws a mainland mobile number.
func (g *demoGen) mobile() string {
	prefixes := []string{"130", "131", "132", "135", "136", "138", "139", "150", "151", "155", "158", "186", "188", "177"}
	b := []byte(g.pick(prefixes))
	for range 8 {
		b = append(b, byte('0'+g.rng.IntN(10)))
	}
	return string(b)
}
