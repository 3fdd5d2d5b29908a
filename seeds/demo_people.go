package seeds

import (
	"context"
	"math"
	"slices"
	"sort"
	"strconv"

	"jobfair/models"
)

// Person groups: the shares the generator aims at. Graduates are their own
// people; of the rest most are re-employed unemployed people, and a sixth of
// those are hard to employ, so that the goals (350,000 re-employed and
// 60,000 hard to employ out of 450,000) land a little above their targets.
const (
	shareGraduate      = 0.155
	shareReemployed    = 0.935 // of non-graduates
	shareHardOfReemp   = 0.172 // of the re-employed
	shareRuralMigrant  = 0.10  // of non-graduates
	sharePovertyOfRur  = 0.15  // of rural migrants
	shareVeteran       = 0.03  // of non-graduates
	shareDisabledOfHrd = 0.08  // of the hard to employ
)

func plannedShares() map[string]float64 {
	non := 1 - shareGraduate
	return map[string]float64{
		"graduate": shareGraduate, "reemployed": non * shareReemployed,
		"hard_to_employ": non * shareReemployed * shareHardOfReemp, "rural_migrant": non * shareRuralMigrant,
		"poverty_alleviated": non * shareRuralMigrant * sharePovertyOfRur, "veteran": non * shareVeteran,
		"disabled": non * shareReemployed * shareHardOfReemp * shareDisabledOfHrd,
	}
}

// Ages on the day of placement of people who are neither graduates nor hard
// to employ: about 81% are 18–45.
var (
	ageBands   = [][2]int{{16, 17}, {18, 25}, {26, 35}, {36, 45}, {46, 55}, {56, 60}}
	ageWeights = []float64{0.004, 0.16, 0.35, 0.302, 0.15, 0.034}
)

var (
	surnames   = []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹")
	givenChars = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉萍红娥玲芬燕彬鹏宇浩凯斌健晨辉林琳婷雪飞鑫波宁欣怡佳丹博文睿涵轩梓思雨晓东旭峰亮成志鸿春秋海天雅倩颖瑶莉")
)

func (g *demoGen) personName() string {
	// Common surnames are much more common: draw from the front of the list.
	s := surnames[int(float64(len(surnames))*math.Pow(g.rng.Float64(), 2.2))]
	name := string(s) + string(givenChars[g.rng.IntN(len(givenChars))])
	if g.rng.IntN(10) < 6 {
		name += string(givenChars[g.rng.IntN(len(givenChars))])
	}
	return name
}

// idMaker hands out ID numbers that are never repeated: per area, birth day
// and sex, the next free sequence number.
type idMaker struct{ used map[uint64]uint16 }

func (m *idMaker) make(area string, birth models.Date, male bool) (string, bool) {
	areaN, _ := strconv.Atoi(area)
	key := uint64(areaN)<<32 | uint64(birth.Year)<<16 | uint64(birth.Month)<<8 | uint64(birth.Day)
	if male {
		key |= 1 << 63
	}
	n := m.used[key]
	if n >= 500 {
		return "", false
	}
	m.used[key] = n + 1
	seq := int(n)*2 + 1 // odd: male
	if !male {
		seq--
	}
	var b [18]byte
	copy(b[:6], area)
	y, mo, d := birth.Year, int(birth.Month), birth.Day
	b[6], b[7], b[8], b[9] = byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
	b[10], b[11], b[12], b[13] = byte('0'+mo/10), byte('0'+mo%10), byte('0'+d/10), byte('0'+d%10)
	b[14], b[15], b[16] = byte('0'+seq/100), byte('0'+seq/10%10), byte('0'+seq%10)
	check, _ := models.IDCheckDigit(string(b[:17]))
	b[17] = check
	return string(b[:]), true
}

// birthFor draws a birth day that makes someone exactly age on day.
func (g *demoGen) birthFor(day models.Date, age int) models.Date {
	latest := day.Time().AddDate(-age, 0, 0)             // turns age on day
	earliest := day.Time().AddDate(-age-1, 0, 1)         // turns age+1 the day after
	span := int(latest.Sub(earliest).Hours()/24+0.5) + 1 // both included
	return models.DateOf(earliest.AddDate(0, 0, g.rng.IntN(span)))
}

// person draws who was placed: groups, age, name, ID number.
func (g *demoGen) person(day models.Date, city int, reempShare float64) (models.PlacementDraft, int) {
	var groups []string
	var age int
	if g.rng.Float64() < shareGraduate {
		groups = append(groups, "graduate")
		age = 21 + g.rng.IntN(5)
		if g.rng.Float64() < 0.15 {
			age = 26 + g.rng.IntN(4)
		}
	} else {
		hard := false
		if g.rng.Float64() < reempShare {
			groups = append(groups, "reemployed")
			if g.rng.Float64() < shareHardOfReemp {
				groups = append(groups, "hard_to_employ")
				hard = true
				if g.rng.Float64() < shareDisabledOfHrd {
					groups = append(groups, "disabled")
				}
			}
		}
		if g.rng.Float64() < shareRuralMigrant {
			groups = append(groups, "rural_migrant")
			if g.rng.Float64() < sharePovertyOfRur {
				groups = append(groups, "poverty_alleviated")
			}
		}
		if g.rng.Float64() < shareVeteran {
			groups = append(groups, "veteran")
		}
		if hard {
			age = 40 + g.rng.IntN(20) // women from 40, men from 50: the 4050 people
		} else {
			band := ageBands[g.weighted(ageWeights)]
			age = band[0] + g.rng.IntN(band[1]-band[0]+1)
		}
	}
	male := g.rng.IntN(2) == 0
	area := models.Cities[city].Code + districts[g.rng.IntN(len(districts))]
	var id string
	for ok := false; !ok; {
		birth := g.birthFor(day, age)
		id, ok = g.ids.make(area, birth, male)
	}
	return models.PlacementDraft{PersonName: g.personName(), IDNumber: id, Groups: groups,
		City: models.Cities[city].Name, PlacedOn: day}, age
}

// makePlacements records the year's placements in one transaction: a month
// at a time is generated and hashed, then all are written together.
func (g *demoGen) makePlacements(ctx context.Context, y int, yr *DemoYear, shares []float64, held [][]heldFair,
	jobs map[int64][]models.JobRef, growth float64) error {
	yr.PlannedShares = plannedShares()
	cal := g.calendar(y, placementMonths, 0.35, 0.15)
	if cal.total() == 0 {
		return nil
	}
	total := g.scaled(demoPlacements*growth*g.yearFraction(y), 50)
	// Draw the days first, then write month by month.
	byMonth := make([][]models.Date, 12)
	for i := 0; i < total; i++ {
		d := g.draw(cal)
		byMonth[d.Month-1] = append(byMonth[d.Month-1], d)
	}
	reemp := make([]float64, len(models.Cities))
	for c := range reemp {
		reemp[c] = math.Min(0.975, shareReemployed*(1+0.025*(2*g.rng.Float64()-1)))
	}
	type batch struct {
		b   *models.PlacementBatch
		err error
	}
	ch := make(chan batch, 1)
	stop := make(chan struct{})
	go func() {
		defer close(ch)
		for m := range 12 {
			drafts := g.monthOfPlacements(byMonth[m], yr, shares, reemp, held, jobs)
			b, err := g.s.PreparePlacements(drafts)
			select {
			case ch <- batch{b, err}:
			case <-stop:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	defer func() {
		close(stop)
		for range ch {
		}
	}()
	var batches []*models.PlacementBatch
	n := 0
	for b := range ch {
		if b.err != nil {
			return b.err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		batches = append(batches, b.b)
		n += b.b.Len()
	}
	if err := g.s.DemoPlacements(ctx, batches, func(k int) { _ = g.bar.Add(k) }); err != nil {
		return err
	}
	yr.Placements += n
	g.rep.Placements += n
	return nil
}

// monthOfPlacements draws the people placed on the given days of a month:
// who, where, through which vacancy or fair, and who recorded them; it counts
// their groups and ages into the year's report.
func (g *demoGen) monthOfPlacements(days []models.Date, yr *DemoYear, shares, reemp []float64, held [][]heldFair,
	jobs map[int64][]models.JobRef) []models.PlacementDraft {
	syOrg, dlOrg := g.userID("sy_organiser"), g.userID("dl_organiser")
	slices.SortFunc(days, func(a, b models.Date) int { return a.Day - b.Day })
	drafts := make([]models.PlacementDraft, 0, len(days))
	for _, day := range days {
		city := g.weighted(shares)
		p, age := g.person(day, city, reemp[city])
		e := g.employerIn(city)
		p.EmployerID = e.id
		if list := jobs[e.id]; len(list) > 0 && g.rng.Float64() < 0.3 {
			k := sort.Search(len(list), func(i int) bool { return dayNum(list[i].PostedOn) > dayNum(day) })
			if k > 0 {
				j := list[g.rng.IntN(k)]
				id := j.ID
				p.JobID, p.FairID = &id, j.FairID
			}
		}
		if p.FairID == nil && g.rng.Float64() < 0.12 {
			if f := g.fairNear(held[city], day.AddDays(-60), day); f != nil {
				id := f.id
				p.FairID = &id
			}
		}
		switch {
		case city == 0 && g.rng.Float64() < 0.3:
			p.CreatedBy = syOrg
		case city == 1 && g.rng.Float64() < 0.3:
			p.CreatedBy = dlOrg
		}
		for _, gr := range p.Groups {
			yr.Groups[gr]++
		}
		if age >= models.YoungAgeMin && age <= models.YoungAgeMax {
			yr.Young++
		}
		g.notePlacedGraduate(p, city)
		drafts = append(drafts, p)
	}
	return drafts
}
