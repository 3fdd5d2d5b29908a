package seeds

import (
	"context"
	"math"
	"sort"
	"strings"

	"jobfair/models"
)

// Name parts of employers.
var (
	brandChars = []rune("华信恒泰盛通远达鑫宏博瑞德隆安新兴丰源海天鼎诚汇星辰卓越智合美嘉和润祥益长宇正晟锦辉光富金力腾顺同创众利永昌明佳东北方晨阳立凯航峰云中联建国")
	industries = []struct {
		name   string
		weight float64
		words  []string
		titles []string
	}{
		{"制造业", 0.30, []string{"机械制造", "装备制造", "汽车零部件", "精密机械", "电气设备", "金属制品", "化工", "新材料", "食品", "服装"},
			[]string{"机械设计工程师", "数控操作工", "焊工", "质检员", "装配工", "设备维修工", "工艺工程师", "电气工程师", "仓库管理员", "生产计划员"}},
		{"信息传输、软件和信息技术服务业", 0.10, []string{"软件", "信息技术", "网络科技", "数据科技"},
			[]string{"软件开发工程师", "测试工程师", "运维工程师", "产品经理", "数据分析师", "前端开发工程师", "实施工程师"}},
		{"批发和零售业", 0.14, []string{"商贸", "贸易", "连锁超市", "医药连锁"},
			[]string{"销售代表", "门店店员", "收银员", "采购专员", "店长助理", "电商运营"}},
		{"交通运输、仓储和邮政业", 0.09, []string{"物流", "运输", "供应链管理"},
			[]string{"货车司机", "快递员", "仓储管理员", "调度员", "叉车工", "报关员"}},
		{"住宿和餐饮业", 0.07, []string{"餐饮管理", "酒店管理"},
			[]string{"厨师", "服务员", "前台接待", "客房服务员", "面点师"}},
		{"建筑业", 0.09, []string{"建筑工程", "建设工程", "装饰工程"},
			[]string{"施工员", "安全员", "造价员", "资料员", "测量员", "钢筋工"}},
		{"租赁和商务服务业", 0.09, []string{"人力资源服务", "企业管理咨询", "物业管理"},
			[]string{"物业管理员", "保安员", "保洁员", "招聘专员", "客服专员", "行政文员"}},
		{"卫生和社会工作", 0.05, []string{"医疗管理", "养老服务", "健康管理"},
			[]string{"护士", "养老护理员", "康复治疗师", "药剂员", "护工"}},
		{"教育", 0.03, []string{"教育科技", "职业培训"},
			[]string{"培训讲师", "课程顾问", "幼儿教师", "教务专员"}},
		{"农、林、牧、渔业", 0.04, []string{"农业发展", "农业科技", "水产"},
			[]string{"农业技术员", "养殖技术员", "农机操作员"}},
	}
	graduateTitles = []string{"管理培训生", "储备干部", "技术员", "研发助理", "会计", "人力资源专员", "市场专员", "行政助理"}
	suffixes       = []string{"有限公司", "有限公司", "有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"}
	creditChars    = "0123456789ABCDEFGHJKLMNPQRTUWXY"
)

func shortCity(c string) string { return strings.TrimSuffix(c, "市") }

// weighted draws an index from weights.
func (g *demoGen) weighted(w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	r := g.rng.Float64() * total
	for i, x := range w {
		if r < x {
			return i
		}
		r -= x
	}
	return len(w) - 1
}

func (g *demoGen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *demoGen) makeEmployers(ctx context.Context, n int) error {
	names := map[string]bool{}
	codes := map[string]bool{}
	industryWeights := make([]float64, len(industries))
	for i, ind := range industries {
		industryWeights[i] = ind.weight
	}
	for i := 0; i < n; i++ {
		city := g.weighted(cityWeights)
		if i < len(models.Cities) {
			city = i // every city has employers
		}
		cityName := models.Cities[city].Name
		ind := g.weighted(industryWeights)
		var name string
		if fs, ok := flagshipName[cityName]; ok && g.flagship[cityName] == 0 && i < len(models.Cities) {
			name = fs
			if cityName == "沈阳市" {
				ind = 0
			} else {
				ind = 3
			}
		}
		for name == "" || names[name] {
			brand := string(brandChars[g.rng.IntN(len(brandChars))]) + string(brandChars[g.rng.IntN(len(brandChars))])
			name = shortCity(cityName) + brand + g.pick(industries[ind].words) + g.pick(suffixes)
		}
		names[name] = true
		var code string
		for code == "" || codes[code] {
			b := []byte("91" + models.Cities[city].Code + districts[g.rng.IntN(len(districts))])
			if g.rng.IntN(3) > 0 {
				b = append(b, 'M', 'A')
			}
			for len(b) < 17 {
				b = append(b, creditChars[g.rng.IntN(len(creditChars))])
			}
			check, _ := models.CreditCodeCheckChar(string(b))
			code = string(append(b, check))
		}
		codes[code] = true
		e := demoEmployer{name: name, code: code, industry: industries[ind].name, city: city,
			weight: math.Exp(g.rng.NormFloat64() * 0.9)}
		if _, ok := flagshipName[cityName]; ok && name == flagshipName[cityName] {
			e.weight = 25
			g.flagship[cityName] = i
		}
		g.employers = append(g.employers, e)
	}
	rows := make([]models.Employer, len(g.employers))
	for i, e := range g.employers {
		rows[i] = models.Employer{Name: e.name, CreditCode: e.code, City: models.Cities[e.city].Name, Industry: e.industry}
	}
	ids, err := g.s.DemoEmployers(ctx, rows)
	if err != nil {
		return err
	}
	for i := range g.employers {
		g.employers[i].id = ids[g.employers[i].code]
		c := g.employers[i].city
		g.byCity[c] = append(g.byCity[c], i)
		prev := 0.0
		if k := len(g.cumCity[c]); k > 0 {
			prev = g.cumCity[c][k-1]
		}
		g.cumCity[c] = append(g.cumCity[c], prev+g.employers[i].weight)
	}
	g.rep.Employers = len(g.employers)
	_ = g.bar.Add(len(g.employers))
	return nil
}

// employerIn draws an employer of city by size.
func (g *demoGen) employerIn(city int) *demoEmployer {
	cum := g.cumCity[city]
	r := g.rng.Float64() * cum[len(cum)-1]
	i := sort.SearchFloat64s(cum, r)
	if i >= len(cum) {
		i = len(cum) - 1
	}
	return &g.employers[g.byCity[city][i]]
}
