package seeds

import (
	"context"
	"sort"

	"jobfair/models"
)

// Outreach visits (送政策送岗位送服务): about 156,000 a year at scale 1, a
// little over the plan's 150,000, spread over the cities by their pace. Each
// kind of place has its season: campuses in term time, villages around the
// Spring Festival when migrant workers are home, enterprises with the spring
// recruitment campaign.

var (
	visitKindCodes   = []string{models.VisitEnterprise, models.VisitCampus, models.VisitCommunity, models.VisitVillage}
	visitKindWeights = []float64{0.45, 0.15, 0.25, 0.15}
	visitMonths      = [][12]float64{
		placementMonths,
		graduateMonths,
		evenMonths,
		{0.10, 0.16, 0.16, 0.10, 0.06, 0.05, 0.05, 0.05, 0.06, 0.07, 0.07, 0.07},
	}
	// visitItemOdds: how often a visit to each kind of place brings policy,
	// vacancies and services.
	visitItemOdds  = [][3]float64{{0.85, 0.55, 0.7}, {0.8, 0.9, 0.5}, {0.9, 0.7, 0.6}, {0.9, 0.75, 0.55}}
	visitItemCodes = []string{"policy", "jobs", "services"}
)

// campuses are universities and colleges of each city, in the order of models.Cities.
var campuses = [][]string{
	{"东北大学", "辽宁大学", "沈阳工业大学", "沈阳师范大学", "沈阳建筑大学", "辽宁省交通高等专科学校", "沈阳职业技术学院"},
	{"大连理工大学", "大连海事大学", "辽宁师范大学", "大连交通大学", "大连职业技术学院"},
	{"辽宁科技大学", "鞍山师范学院", "辽宁钢铁职业技术学院"},
	{"辽宁石油化工大学", "抚顺职业技术学院"},
	{"辽宁科技学院", "辽宁冶金职业技术学院"},
	{"辽东学院", "辽宁机电职业技术学院"},
	{"渤海大学", "辽宁工业大学", "锦州医科大学"},
	{"营口理工学院", "辽宁农业职业技术学院"},
	{"辽宁工程技术大学", "阜新高等专科学校"},
	{"辽阳职业技术学院", "辽宁石化职业技术学院"},
	{"大连理工大学盘锦校区", "盘锦职业技术学院"},
	{"铁岭师范高等专科学校", "辽宁工程职业学院"},
	{"朝阳师范学院", "朝阳工程技术学校"},
	{"辽宁财贸学院", "渤海船舶职业学院"},
}

var (
	streets     = []string{"中山路", "胜利", "建设", "新华", "民主", "长江", "黄河", "太原", "友谊", "和平"}
	communities = []string{"幸福", "阳光", "春华", "和谐", "新兴", "东风", "光明", "锦绣", "滨河", "文化"}
	towns       = []string{"新台子", "大孤家", "前进", "太平", "兴隆", "红旗", "永安", "三台子", "五里河", "城郊"}
	villages    = []string{"王家", "李家", "前屯", "后屯", "东岗", "西沟", "南台", "北山", "小河", "大营"}
)

// makeVisits records the year's outreach visits.
func (g *demoGen) makeVisits(ctx context.Context, y int, yr *DemoYear, shares []float64, growth float64) error {
	frac := g.yearFraction(y)
	cal := make([]days, len(visitKindCodes))
	for k := range visitKindCodes {
		cal[k] = g.calendar(y, visitMonths[k], 0.25, 0.2)
	}
	if cal[0].total() == 0 {
		return nil
	}
	n := g.scaled(demoVisits*growth*frac, 20)
	vs := make([]models.Visit, 0, n)
	for range n {
		city := g.weighted(shares)
		k := g.weighted(visitKindWeights)
		v := models.Visit{On: g.draw(cal[k]), City: models.Cities[city].Name, Kind: visitKindCodes[k],
			Place: g.visitPlace(city, k)}
		for i, odds := range visitItemOdds[k] {
			if g.rng.Float64() < odds {
				v.ItemCodes = append(v.ItemCodes, visitItemCodes[i])
			}
		}
		if len(v.ItemCodes) == 0 {
			v.ItemCodes = []string{"policy"}
		}
		g.visitRecorder(&v)
		vs = append(vs, v)
	}
	sort.SliceStable(vs, func(i, j int) bool { return dayNum(vs[i].On) < dayNum(vs[j].On) })
	if err := ctx.Err(); err != nil {
		return err
	}
	// On the calling thread: see models.DemoWriting.
	if err := g.s.DemoVisits(context.WithoutCancel(ctx), vs, func(n int) { _ = g.bar.Add(n) }); err != nil {
		return err
	}
	yr.Visits = len(vs)
	g.rep.Visits += len(vs)
	return nil
}

// visitPlace names the place of a visit of kind k in city.
func (g *demoGen) visitPlace(city, k int) string {
	short := shortCity(models.Cities[city].Name)
	switch visitKindCodes[k] {
	case models.VisitEnterprise:
		return g.employerIn(city).name
	case models.VisitCampus:
		return g.pick(campuses[city])
	case models.VisitCommunity:
		return short + "市" + g.pick(streets) + "街道" + g.pick(communities) + "社区"
	default:
		return short + "市" + g.pick(towns) + "镇" + g.pick(villages) + "村"
	}
}

// visitRecorder says who recorded a visit: in Shenyang and Dalian often the
// demo accounts of the city, elsewhere the city's service centre.
func (g *demoGen) visitRecorder(v *models.Visit) {
	v.Organisation = v.City + "公共就业服务中心"
	r := g.rng.Float64()
	switch {
	case v.City == "沈阳市" && r < 0.4:
		v.CreatedBy, v.Organisation = g.account("sy_organiser")
	case v.City == "沈阳市" && r < 0.55:
		v.CreatedBy, v.Organisation = g.account("sy_official")
	case v.City == "大连市" && r < 0.4:
		v.CreatedBy, v.Organisation = g.account("dl_organiser")
	case v.City == "大连市" && r < 0.55:
		v.CreatedBy, v.Organisation = g.account("dl_official")
	case r < 0.03:
		v.CreatedBy, v.Organisation = g.account("organiser")
	}
}
