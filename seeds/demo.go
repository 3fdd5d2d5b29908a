package seeds

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/text/width"

	"jobfair/models"
)

// The demo fills an empty database with 2023–2025 at the province's real
// scale: about 20,000 employers, 1,100 held fairs, 440,000 graduate posts and
// 460,000 placements a year, mixed so that the plan's goals land near their
// targets, some cities ahead and some behind. Everything is drawn from one
// PCG stream with a fixed seed, so the same options give the same demo; it
// goes through the import's bulk write path, so the tallies are exact.

// DemoOptions size the demo data set.
type DemoOptions struct {
	// Scale multiplies the volumes: 1 is the province's real size, 0 means 1.
	Scale float64
	// Years are the years to fill; none means 2023–2025.
	Years []int
	// Progress receives the progress bar and the table of logins (nil: nowhere).
	Progress io.Writer
	// Seed picks another demo of the same shape; 0 is the default one.
	Seed uint64
}

// DemoPassword is the password of every demo account.
const DemoPassword = "Liaoning2025"

// ParseDemoFlags reads `jobfair demo` options: --scale 0.1 --years 2023,2024 --seed 7.
func ParseDemoFlags(args []string) (DemoOptions, error) {
	fl := flag.NewFlagSet("demo", flag.ContinueOnError)
	o := DemoOptions{}
	var years string
	fl.Float64Var(&o.Scale, "scale", 1, "size relative to the province's real volume")
	fl.StringVar(&years, "years", "2023-2025", "years to fill: 2023,2024 or 2023-2025")
	fl.Uint64Var(&o.Seed, "seed", 0, "another demo of the same shape")
	if err := fl.Parse(args); err != nil {
		return o, err
	}
	if o.Scale <= 0 || o.Scale > 10 {
		return o, fmt.Errorf("--scale: want a number above 0 and at most 10, got %g", o.Scale)
	}
	var err error
	o.Years, err = parseYears(years)
	return o, err
}

func parseYears(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		from, to, isRange := strings.Cut(part, "-")
		a, err1 := strconv.Atoi(from)
		b := a
		var err2 error
		if isRange {
			b, err2 = strconv.Atoi(to)
		}
		if err1 != nil || err2 != nil || a < 2000 || b > 2100 || b < a {
			return nil, fmt.Errorf("--years: want years such as 2023,2024 or 2023-2025, got %q", s)
		}
		for y := a; y <= b; y++ {
			if !slices.Contains(out, y) {
				out = append(out, y)
			}
		}
	}
	sort.Ints(out)
	return out, nil
}

// DemoReport is what a demo run wrote.
type DemoReport struct {
	// Skipped is set when the database already had records: nothing was written.
	Skipped    bool
	Employers  int
	Fairs      int
	Jobs       int
	Placements int
	Signups    int
	Reports    int
	Years      map[int]*DemoYear
	Elapsed    time.Duration
}

// DemoYear is what the demo wrote for one year, and the shares it aimed at.
type DemoYear struct {
	FairsHeld          int
	FairsCancelled     int
	FairsPlanned       int
	PublicServiceFairs int
	PublicServicePosts int
	NewFormsFairs      int
	NewFormsIntents    int
	Jobs               int
	GraduatePosts      int
	Placements         int
	Young              int
	Groups             map[string]int
	// PlannedShares are the shares of placements per person group the
	// generator aimed at (before each city's variation).
	PlannedShares map[string]float64
}

// LoadDemo fills an empty database with the demo and prints the demo
// logins; on a database that has records it writes nothing and prints them.
func LoadDemo(ctx context.Context, s *models.Store, o DemoOptions) error {
	_, err := RunDemo(ctx, s, o)
	return err
}

// RunDemo is LoadDemo answering what it wrote.
func RunDemo(ctx context.Context, s *models.Store, o DemoOptions) (*DemoReport, error) {
	out := o.Progress
	if out == nil {
		out = io.Discard
	}
	start := time.Now()
	empty, err := s.IsEmpty(ctx)
	if err != nil {
		return nil, err
	}
	if !empty {
		names := make([]string, len(demoAccounts))
		for i, a := range demoAccounts {
			names[i] = a.Username
		}
		have, err := s.UsersExist(ctx, names)
		if err != nil {
			return nil, err
		}
		if len(have) > 0 {
			fmt.Fprintln(out, "数据库中已有数据，演示数据不再重复加载。")
			fmt.Fprint(out, DemoLogins())
		} else {
			fmt.Fprintln(out, "数据库中已有业务数据，未加载演示数据（演示数据只写入空数据库）。")
		}
		return &DemoReport{Skipped: true, Years: map[int]*DemoYear{}}, nil
	}
	if o.Scale <= 0 {
		o.Scale = 1
	}
	if len(o.Years) == 0 {
		o.Years = []int{2023, 2024, 2025}
	}
	today := s.Today()
	var years []int
	for _, y := range o.Years {
		if y <= today.Year {
			years = append(years, y)
		}
	}
	sort.Ints(years)
	g := newDemoGen(s, o, today)
	g.years = years
	restore := s.DemoWriting(ctx)
	err = g.run(ctx, out)
	restore()
	if err != nil {
		fmt.Fprintln(out)
		return nil, fmt.Errorf("demo: %w (the database is partly filled: delete it and start again)", err)
	}
	g.rep.Elapsed = time.Since(start)
	debug.FreeOSMemory() // the generator's working set is garbage now: give it back before serving
	fmt.Fprintf(out, "\n演示数据已加载，用时 %.0f 秒：用人单位 %d 家，招聘会 %d 场，岗位 %d 个，就业登记 %d 条。\n",
		g.rep.Elapsed.Seconds(), g.rep.Employers, g.rep.Fairs, g.rep.Jobs, g.rep.Placements)
	fmt.Fprint(out, DemoLogins())
	return g.rep, nil
}

// demoAccount is a demo login.
type demoAccount struct {
	Username     string
	Role         string
	City         string
	Organisation string
	Employer     string // the employer of an employer account: the flagship of its city
}

var demoAccounts = []demoAccount{
	{"demo_admin", models.RoleAdmin, "", "辽宁省人力资源和社会保障厅", ""},
	{"official", models.RoleOfficial, "", "辽宁省人力资源和社会保障厅", ""},
	{"sy_official", models.RoleOfficial, "沈阳市", "沈阳市人力资源和社会保障局", ""},
	{"dl_official", models.RoleOfficial, "大连市", "大连市人力资源和社会保障局", ""},
	{"organiser", models.RoleOrganiser, "", "辽宁省就业和人才服务中心", ""},
	{"sy_organiser", models.RoleOrganiser, "沈阳市", "沈阳市公共就业服务中心", ""},
	{"dl_organiser", models.RoleOrganiser, "大连市", "大连市公共就业服务中心", ""},
	{"employer", models.RoleEmployer, "", "", "沈阳市"},
	{"dl_employer", models.RoleEmployer, "", "", "大连市"},
}

// DemoLogins is the table of demo accounts, as printed after loading.
func DemoLogins() string {
	roleName := map[string]string{}
	for _, r := range models.Roles {
		roleName[r.Code] = r.Name
	}
	rows := [][]string{{"用户名", "角色", "城市", "密码"}}
	for _, a := range demoAccounts {
		city := a.City
		switch {
		case a.Employer != "":
			city = a.Employer
		case city == "":
			city = "全省"
		}
		role := roleName[a.Role]
		switch {
		case a.Employer != "":
			role += "（" + flagshipName[a.Employer] + "）"
		case a.Organisation != "" && a.Role == models.RoleOrganiser:
			role += "（" + a.Organisation + "）"
		}
		rows = append(rows, []string{a.Username, role, city, DemoPassword})
	}
	widths := make([]int, 4)
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	var b strings.Builder
	b.WriteString("\n演示账号（密码均为 " + DemoPassword + "）：\n")
	for n, r := range rows {
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		b.WriteString("\n")
		if n == 0 {
			total := 0
			for _, w := range widths {
				total += w + 2
			}
			b.WriteString(strings.Repeat("-", total-2) + "\n")
		}
	}
	return b.String()
}

// displayWidth counts East Asian wide characters as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// Reference figures of the province: the cities' weights (their share of
// employment activity) and district codes used in generated ID numbers.
var cityWeights = []float64{0.215, 0.205, 0.075, 0.045, 0.035, 0.050, 0.060, 0.055, 0.035, 0.040, 0.040, 0.045, 0.050, 0.050}

var districts = []string{"02", "03", "04", "05", "11", "12", "21", "22", "81"}

var flagshipName = map[string]string{"沈阳市": "沈阳华信机械制造有限公司", "大连市": "大连港湾国际物流有限公司"}

// Yearly volumes at scale 1.
const (
	demoEmployers     = 20000
	demoGraduatePosts = 440000
	demoOtherJobs     = 52000
	demoPlacements    = 460000
)

// yearGrowth makes later years a little larger.
func yearGrowth(y int) float64 { return 1 + 0.006*float64(y-2023) }

// springFestival is the first day of the lunar new year.
var springFestival = map[int]models.Date{
	2022: {Year: 2022, Month: 2, Day: 1}, 2023: {Year: 2023, Month: 1, Day: 22}, 2024: {Year: 2024, Month: 2, Day: 10},
	2025: {Year: 2025, Month: 1, Day: 29}, 2026: {Year: 2026, Month: 2, Day: 17}, 2027: {Year: 2027, Month: 2, Day: 6},
}

func festival(y int) models.Date {
	if d, ok := springFestival[y]; ok {
		return d
	}
	return models.Date{Year: y, Month: 2, Day: 1}
}

type demoEmployer struct {
	name, code, industry string
	city                 int
	id                   int64
	weight               float64
}

type heldFair struct {
	id        int64
	day       models.Date
	organiser *int64
}

// demoGen is one run of the generator.
type demoGen struct {
	s     *models.Store
	o     DemoOptions
	rng   *rand.Rand
	today models.Date
	years []int
	bar   *progressbar.ProgressBar
	rep   *DemoReport

	users     map[string]models.User
	employers []demoEmployer
	byCity    [][]int     // employer indexes per city
	cumCity   [][]float64 // cumulative weights of byCity
	flagship  map[string]int
	ids       idMaker
}

func newDemoGen(s *models.Store, o DemoOptions, today models.Date) *demoGen {
	seed := o.Seed
	return &demoGen{s: s, o: o, today: today,
		rng:    rand.New(rand.NewPCG(0x4C4E2023+seed, 0x6A6F6266+seed*7919)),
		rep:    &DemoReport{Years: map[int]*DemoYear{}},
		ids:    idMaker{used: map[uint64]uint16{}},
		byCity: make([][]int, len(models.Cities)), cumCity: make([][]float64, len(models.Cities)),
		flagship: map[string]int{}}
}

// scaled is n times the scale, at least min.
func (g *demoGen) scaled(n float64, min int) int {
	return max(min, int(math.Round(n*g.o.Scale)))
}

func (g *demoGen) run(ctx context.Context, out io.Writer) error {
	nEmployers := g.scaled(demoEmployers, 3*len(models.Cities))
	expected := int64(nEmployers)
	for _, y := range g.years {
		f := g.yearFraction(y) * yearGrowth(y)
		expected += int64(float64(g.scaled(demoPlacements, 50)) * f)
		expected += int64(float64(g.scaled(demoGraduatePosts/6.5+demoOtherJobs, 20)) * f)
		expected += int64(g.scaled(1140, 12))
	}
	g.bar = progressbar.NewOptions64(expected, progressbar.OptionSetWriter(out), progressbar.OptionSetDescription("加载演示数据"),
		progressbar.OptionShowCount(), progressbar.OptionSetWidth(30), progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionSetPredictTime(true), progressbar.OptionSetRenderBlankState(true))
	if err := g.makeUsers(ctx, false); err != nil {
		return err
	}
	if err := g.makeEmployers(ctx, nEmployers); err != nil {
		return err
	}
	if err := g.makeUsers(ctx, true); err != nil {
		return err
	}
	for _, y := range g.years {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := g.makeYear(ctx, y); err != nil {
			return fmt.Errorf("%d: %w", y, err)
		}
	}
	if err := g.makeUpcoming(ctx); err != nil {
		return err
	}
	if err := g.makeCityTargets(ctx); err != nil {
		return err
	}
	if err := g.makeReports(ctx); err != nil {
		return err
	}
	_ = g.bar.Finish()
	return g.s.DemoAudit(ctx, map[string]int{"用人单位": g.rep.Employers, "招聘会": g.rep.Fairs, "岗位": g.rep.Jobs,
		"就业登记": g.rep.Placements, "报名": g.rep.Signups, "填报数据": g.rep.Reports})
}

// makeUsers creates the demo accounts: those of employers once their
// employers exist.
func (g *demoGen) makeUsers(ctx context.Context, employers bool) error {
	var users []models.User
	for _, a := range demoAccounts {
		if (a.Employer != "") != employers {
			continue
		}
		u := models.User{Username: a.Username, Role: a.Role, City: a.City, Organisation: a.Organisation}
		if a.Employer != "" {
			e := g.employers[g.flagship[a.Employer]]
			u.EmployerID, u.Organisation = &e.id, e.name
		}
		users = append(users, u)
	}
	made, err := g.s.DemoUsers(ctx, users, DemoPassword)
	if err != nil {
		return err
	}
	if g.users == nil {
		g.users = map[string]models.User{}
	}
	for k, v := range made {
		g.users[k] = v
	}
	return nil
}

func (g *demoGen) userID(name string) *int64 {
	u, ok := g.users[name]
	if !ok {
		return nil
	}
	id := u.ID
	return &id
}

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
	"public_service": {"公共人力资源服务机构招聘会", "周三公共就业服务招聘会", "人力资源市场综合招聘会"},
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
	return g.makePlacements(ctx, y, yr, shares, held, jobs, growth)
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
	f.Title = fmt.Sprintf("%s%d年%s（第%d场）", f.City, y, g.pick(programmeTitles[programme]), seq[f.City+programme])
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
	f.Organisation = f.City + "公共就业服务中心"
	switch {
	case f.City == "沈阳市" && g.rng.Float64() < 0.5:
		f.OrganiserID, f.Organisation = g.userID("sy_organiser"), "沈阳市公共就业服务中心"
	case f.City == "大连市" && g.rng.Float64() < 0.5:
		f.OrganiserID, f.Organisation = g.userID("dl_organiser"), "大连市公共就业服务中心"
	case g.rng.Float64() < 0.08:
		f.OrganiserID, f.Organisation = g.userID("organiser"), "辽宁省就业和人才服务中心"
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
	var js []models.Job
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
	syOrg, dlOrg := g.userID("sy_organiser"), g.userID("dl_organiser")
	type batch struct {
		b   *models.PlacementBatch
		err error
	}
	ch := make(chan batch, 1)
	stop := make(chan struct{})
	go func() {
		defer close(ch)
		for m := range 12 {
			days := byMonth[m]
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
				drafts = append(drafts, p)
			}
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

// makeUpcoming plans fairs in the four weeks after today, with sign-ups
// waiting for the demo organisers and vacancies posted for them.
func (g *demoGen) makeUpcoming(ctx context.Context) error {
	type plan struct {
		city, organiser, programme string
	}
	plans := []plan{
		{"沈阳市", "sy_organiser", "public_service"}, {"沈阳市", "sy_organiser", "graduates"}, {"沈阳市", "sy_organiser", "key_groups"},
		{"沈阳市", "organiser", "new_forms"}, {"大连市", "dl_organiser", "public_service"}, {"大连市", "dl_organiser", "veterans"},
		{"大连市", "", "graduates"}, {"鞍山市", "organiser", "key_groups"}, {"锦州市", "", "public_service"},
		{"营口市", "", "new_forms"}, {"丹东市", "", "key_groups"}, {"朝阳市", "", "public_service"},
	}
	var fairs []models.Fair
	seq := map[string]int{}
	for i, p := range plans {
		day := g.today.AddDays(2 + i*2 + g.rng.IntN(2))
		f := models.Fair{City: p.city, Programmes: []string{p.programme}, Status: models.FairPlanned}
		g.fairDetails(&f, day.Year, p.programme, day, seq)
		f.Organisation = p.city + "公共就业服务中心"
		f.OrganiserID = nil
		if p.organiser != "" {
			f.OrganiserID = g.userID(p.organiser)
			for _, a := range demoAccounts {
				if a.Username == p.organiser {
					f.Organisation = a.Organisation
				}
			}
		}
		fairs = append(fairs, f)
	}
	if err := g.s.DemoFairs(ctx, fairs); err != nil {
		return err
	}
	var su []models.Signup
	var js []models.Job
	now := g.today.Time().Add(9 * time.Hour)
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
				decided := now.Add(-time.Duration(g.rng.IntN(12)) * time.Hour)
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
