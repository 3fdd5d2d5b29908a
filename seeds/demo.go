package seeds

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
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
// scale: about 20,000 employers, 1,100 held fairs, 440,000 graduate posts,
// 460,000 placements and 150,000 outreach visits a year, mixed so that the plan's goals land near their
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
	Visits     int
	Graduates  int
	// Registrations counts the fair-day registrations (check-ins among them).
	Registrations int
	// Months counts the city-months submitted (and mostly closed).
	Months  int
	Years   map[int]*DemoYear
	Elapsed time.Duration
}

// DemoYear is what the demo wrote for one year, and the shares it aimed at.
type DemoYear struct {
	FairsHeld          int
	FairsCancelled     int
	FairsPlanned       int
	SpecialFairs       int // held, of kind special
	GeneralFairs       int // held, of kind general
	PublicServiceFairs int
	PublicServicePosts int
	NewFormsFairs      int
	NewFormsIntents    int
	Jobs               int
	GraduatePosts      int
	Placements         int
	Young              int
	Visits             int
	Graduates          int
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
	// The generator holds a year of placements at a time: a soft limit keeps
	// the garbage of the rows written between them from doubling the heap.
	limit := debug.SetMemoryLimit(int64(demoHeapLimit * max(1, o.Scale)))
	// SQLite allocates on the thread that calls it, and the C allocator
	// gives each thread an arena of its own that keeps what is freed: the
	// writes stay on one thread so that the page cache is not spread over
	// many arenas.
	runtime.LockOSThread()
	err = g.run(ctx, out)
	runtime.UnlockOSThread()
	debug.SetMemoryLimit(limit)
	// The generator's working set is garbage now: give it back before the
	// database builds its indexes.
	debug.FreeOSMemory()
	if rerr := restore(); err == nil && rerr != nil {
		err = rerr
	}
	if err != nil {
		fmt.Fprintln(out)
		return nil, fmt.Errorf("demo: %w (the database is partly filled: delete it and start again)", err)
	}
	g.rep.Elapsed = time.Since(start)
	debug.FreeOSMemory() // the generator's working set is garbage now: give it back before serving
	fmt.Fprintf(out, "\n演示数据已加载，用时 %.0f 秒：用人单位 %d 家，招聘会 %d 场，岗位 %d 个，就业登记 %d 条，走访 %d 次，毕业生台账 %d 人。\n",
		g.rep.Elapsed.Seconds(), g.rep.Employers, g.rep.Fairs, g.rep.Jobs, g.rep.Placements, g.rep.Visits, g.rep.Graduates)
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
	Kind         string // the organisation kind of an organiser
}

// The organisers are the province's and two cities' public employment service
// centres, which hold the public-service fairs, a university's careers
// centre holding graduates' fairs, and an HR-service company.
var demoAccounts = []demoAccount{
	{Username: "demo_admin", Role: models.RoleAdmin, Organisation: "辽宁省人力资源和社会保障厅"},
	{Username: "official", Role: models.RoleOfficial, Organisation: "辽宁省人力资源和社会保障厅"},
	{Username: "sy_official", Role: models.RoleOfficial, City: "沈阳市", Organisation: "沈阳市人力资源和社会保障局"},
	{Username: "dl_official", Role: models.RoleOfficial, City: "大连市", Organisation: "大连市人力资源和社会保障局"},
	{Username: "organiser", Role: models.RoleOrganiser, Organisation: "辽宁省就业和人才服务中心", Kind: models.OrgPublicService},
	{Username: "sy_organiser", Role: models.RoleOrganiser, City: "沈阳市", Organisation: "沈阳市公共就业服务中心", Kind: models.OrgPublicService},
	{Username: "dl_organiser", Role: models.RoleOrganiser, City: "大连市", Organisation: "大连市公共就业服务中心", Kind: models.OrgPublicService},
	{Username: "sy_university", Role: models.RoleOrganiser, City: "沈阳市", Organisation: "东北大学学生就业指导服务中心", Kind: models.OrgUniversity},
	{Username: "dl_agency", Role: models.RoleOrganiser, City: "大连市", Organisation: "大连英才人力资源服务有限公司", Kind: models.OrgHRAgency},
	{Username: "employer", Role: models.RoleEmployer, Employer: "沈阳市"},
	{Username: "dl_employer", Role: models.RoleEmployer, Employer: "大连市"},
}

// account is a demo account: its id and organisation.
func (g *demoGen) account(username string) (*int64, string) {
	for _, a := range demoAccounts {
		if a.Username == username {
			return g.userID(username), a.Organisation
		}
	}
	return nil, ""
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
	demoVisits        = 156000
)

// demoHeapLimit is the Go heap's soft limit while the demo loads at scale 1
// (bytes); SQLite's page cache comes on top.
const demoHeapLimit = 160 << 20

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
	gradPool  []gradPlaced // the year's graduates placed from July, for the ledger
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
		expected += int64(float64(g.scaled(demoVisits, 20)) * f)
		expected += int64(float64(g.scaled(demoGraduates, 14)) * f)
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
	if err := g.makeFairDay(ctx); err != nil {
		return err
	}
	if err := g.makeCityTargets(ctx); err != nil {
		return err
	}
	if err := g.makeReports(ctx); err != nil {
		return err
	}
	if err := g.closeMonths(ctx); err != nil {
		return err
	}
	_ = g.bar.Finish()
	return g.s.DemoAudit(ctx, map[string]int{"用人单位": g.rep.Employers, "招聘会": g.rep.Fairs, "岗位": g.rep.Jobs,
		"就业登记": g.rep.Placements, "报名": g.rep.Signups, "填报数据": g.rep.Reports, "走访": g.rep.Visits, "毕业生台账": g.rep.Graduates})
}

// makeUsers creates the demo accounts: those of employers once their
// employers exist.
func (g *demoGen) makeUsers(ctx context.Context, employers bool) error {
	var users []models.User
	for _, a := range demoAccounts {
		if (a.Employer != "") != employers {
			continue
		}
		u := models.User{Username: a.Username, Role: a.Role, City: a.City, Organisation: a.Organisation,
			OrganisationKind: a.Kind}
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
