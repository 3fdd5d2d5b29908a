package models

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// The graduate ledger (离校未就业高校毕业生实名制服务台账): the graduates a
// university reports as leaving without a job, followed up by staff (回访)
// and given the "1131" service (one policy briefing, one career-guidance
// session, three job referrals, one training or internship) until placed.
// The plan wants every one followed up and served, and every needy-family
// graduate who wants a job employed.

// Statuses of a graduate, derived from the contacts, services and placements,
// in the order they are checked.
const (
	GraduateRegistered = "registered"
	GraduateFollowedUp = "followed_up"
	GraduateServed     = "served"
	GraduateEmployed   = "employed"
)

// GraduateStatuses lists the statuses with their Chinese names.
var GraduateStatuses = []Label{
	{GraduateRegistered, "已登记"},
	{GraduateFollowedUp, "已回访"},
	{GraduateServed, "已服务"},
	{GraduateEmployed, "已就业"},
}

// ContactChannels are the ways a graduate is contacted.
var ContactChannels = []Label{
	{"phone", "电话"},
	{"visit", "上门"},
	{"online", "网络"},
	{"sms", "短信"},
}

// Service kinds of the 1131 service.
const (
	ServicePolicy      = "policy"
	ServiceGuidance    = "guidance"
	ServiceJobReferral = "job_referral"
	ServiceTraining    = "training"
	ServiceInternship  = "internship"
)

// ServiceKinds lists the services with their Chinese names.
var ServiceKinds = []Label{
	{ServicePolicy, "政策宣介"},
	{ServiceGuidance, "职业指导"},
	{ServiceJobReferral, "岗位推荐"},
	{ServiceTraining, "技能培训"},
	{ServiceInternship, "就业见习"},
}

// GraduateEducations are the degrees a graduate leaves with.
var GraduateEducations = []Label{
	{"college", "大专"},
	{"bachelor", "本科"},
	{"master", "硕士"},
	{"doctor", "博士"},
}

// Metrics of the ledger in the tallies, each followed by ":<graduation year>":
// a graduate counts on the day of registration, of the first reached contact,
// of the first service and of employment.
const (
	MetricGraduates            = "graduates"
	MetricGraduatesReached     = "graduates_reached"
	MetricGraduatesServed      = "graduates_served"
	MetricGraduatesNeedy       = "graduates_needy" // needy family and wanting a job
	MetricGraduatesNeedyPlaced = "graduates_needy_employed"
	graduateAttentionDays      = 30
	graduateReferralsFor1131   = 3
)

// ServiceCounts counts a graduate's services by kind.
type ServiceCounts struct {
	Policy      int `json:"policy" gorm:"column:n_policy"`
	Guidance    int `json:"guidance" gorm:"column:n_guidance"`
	JobReferral int `json:"job_referral" gorm:"column:n_job_referral"`
	Training    int `json:"training" gorm:"column:n_training"`
	Internship  int `json:"internship" gorm:"column:n_internship"`
}

// complete1131 reports whether the counts make the 1131 service whole.
func (c ServiceCounts) complete1131() bool {
	return c.Policy >= 1 && c.Guidance >= 1 && c.JobReferral >= graduateReferralsFor1131 && c.Training+c.Internship >= 1
}

func (c *ServiceCounts) add(kind string, n int) {
	switch kind {
	case ServicePolicy:
		c.Policy += n
	case ServiceGuidance:
		c.Guidance += n
	case ServiceJobReferral:
		c.JobReferral += n
	case ServiceTraining:
		c.Training += n
	case ServiceInternship:
		c.Internship += n
	}
}

// Graduate is one graduate of the ledger for one graduation year. The ID
// number is kept as its hash (to recognise the person, also among placements)
// and masked; the fields from Status on are derived by every write.
type Graduate struct {
	ID             int64  `json:"id"`
	PersonName     string `json:"person_name"`
	IDHash         string `json:"-"`
	IDMasked       string `json:"id_number"`
	School         string `json:"school"`
	Major          string `json:"major"`
	Education      string `json:"education"`
	GraduationYear int    `json:"graduation_year"`
	City           string `json:"city"`
	Phone          string `json:"phone"`
	NeedyFamily    bool   `json:"needy_family"`
	WantsJob       bool   `json:"wants_job"`
	RegisteredOn   Date   `json:"registered_on"`

	Status         string        `json:"status"`
	Services1131   bool          `json:"services_1131" gorm:"column:services_1131"`
	ServiceCounts  ServiceCounts `json:"service_counts" gorm:"embedded"`
	ContactsCount  int           `json:"contacts_count"`
	FirstReachedOn Date          `json:"first_reached_on"`
	FirstServiceOn Date          `json:"first_service_on"`
	LastContactOn  Date          `json:"last_contact_on"`
	EmployedOn     Date          `json:"employed_on"`
	PlacementID    *int64        `json:"placement_id"`

	Organisation string    `json:"organisation"`
	CreatedBy    *int64    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// GraduateContact is one contact with a graduate (回访).
type GraduateContact struct {
	ID            int64     `json:"id"`
	GraduateID    int64     `json:"-"`
	On            Date      `json:"on" gorm:"column:contacted_on"`
	Channel       string    `json:"channel"`
	Reached       bool      `json:"reached"`
	Note          string    `json:"note"`
	CreatedBy     *int64    `json:"-"`
	CreatedByName string    `json:"created_by_name" gorm:"->"`
	CreatedAt     time.Time `json:"created_at"`
}

// TableName is the contacts' table.
func (GraduateContact) TableName() string { return "graduate_contacts" }

// GraduateService is one service given to a graduate.
type GraduateService struct {
	ID            int64     `json:"id"`
	GraduateID    int64     `json:"-"`
	On            Date      `json:"on" gorm:"column:served_on"`
	Kind          string    `json:"kind"`
	JobID         *int64    `json:"job_id"`
	JobTitle      string    `json:"job_title" gorm:"->"`
	Note          string    `json:"note"`
	CreatedBy     *int64    `json:"-"`
	CreatedByName string    `json:"created_by_name" gorm:"->"`
	CreatedAt     time.Time `json:"created_at"`
}

// TableName is the services' table.
func (GraduateService) TableName() string { return "graduate_services" }

// GraduatePlacement is the placement that made a graduate employed.
type GraduatePlacement struct {
	ID           int64  `json:"id"`
	PlacedOn     Date   `json:"placed_on"`
	EmployerName string `json:"employer_name"`
	City         string `json:"city"`
}

// GraduateDetail is a graduate with its contacts, services and placement.
type GraduateDetail struct {
	Graduate
	Contacts  []GraduateContact  `json:"contacts"`
	Services  []GraduateService  `json:"services"`
	Placement *GraduatePlacement `json:"placement,omitempty"` // absent until employed
}

// GraduateInput registers a graduate.
type GraduateInput struct {
	PersonName     string `json:"person_name" validate:"required,notblank,max=50"`
	IDNumber       string `json:"id_number" validate:"required"`
	School         string `json:"school" validate:"required,notblank,max=100"`
	Major          string `json:"major" validate:"max=100"`
	Education      string `json:"education" validate:"required,graduate_education"`
	GraduationYear *int   `json:"graduation_year" validate:"required"`
	City           string `json:"city" validate:"required,city"`
	Phone          string `json:"phone" validate:"max=20"`
	NeedyFamily    bool   `json:"needy_family"`
	WantsJob       *bool  `json:"wants_job"`
	RegisteredOn   string `json:"registered_on"`
}

// ContactInput logs a contact.
type ContactInput struct {
	On      string `json:"on" validate:"required"`
	Channel string `json:"channel" validate:"required,contact_channel"`
	Reached *bool  `json:"reached" validate:"required"`
	Note    string `json:"note" text:"500"`
}

// ServiceInput logs a service.
type ServiceInput struct {
	On    string `json:"on" validate:"required"`
	Kind  string `json:"kind" validate:"required,service_kind"`
	JobID *int64 `json:"job_id"`
	Note  string `json:"note" text:"500"`
}

// relabel names a field as the form that sent it does, where its usual
// label (shared with another form) would mislead.
func relabel(fields map[string]string, field, from, to string) {
	if msg, ok := fields[field]; ok {
		fields[field] = strings.Replace(msg, from, to, 1)
	}
}

var mobilePattern = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

// MaskPhone keeps the first 3 and last 4 digits: 138****1234.
func MaskPhone(phone string) string {
	if len(phone) != 11 {
		return phone
	}
	return phone[:3] + "****" + phone[7:]
}

func (g *Graduate) snapshot() map[string]any {
	return map[string]any{"person_name": maskName(g.PersonName), "id_number": g.IDMasked, "school": g.School,
		"major": g.Major, "education": g.Education, "graduation_year": g.GraduationYear, "city": g.City,
		"phone": MaskPhone(g.Phone), "needy_family": g.NeedyFamily, "wants_job": g.WantsJob,
		"registered_on": g.RegisteredOn.String()}
}

// BuildGraduate checks what can be checked of a graduate without the
// database and builds the record; fields names every problem. The import
// uses it row by row.
func BuildGraduate(in GraduateInput, today Date, secret []byte, fields map[string]string) *Graduate {
	for k, v := range CheckStruct(in) {
		fields[k] = v
	}
	g := &Graduate{PersonName: strings.TrimSpace(in.PersonName), School: strings.TrimSpace(in.School),
		Major: strings.TrimSpace(in.Major), Education: in.Education, City: in.City,
		Phone: strings.TrimSpace(in.Phone), NeedyFamily: in.NeedyFamily, WantsJob: in.WantsJob == nil || *in.WantsJob,
		Status: GraduateRegistered}
	relabel(fields, "education", "学历要求", "学历")
	if _, bad := fields["id_number"]; !bad {
		id, err := ParseIDNumber(in.IDNumber)
		if err != nil {
			fields["id_number"] = err.Error()
		} else {
			g.IDHash, g.IDMasked = id.Hash(secret), id.Masked()
		}
	}
	if _, bad := fields["phone"]; !bad && g.Phone != "" && !mobilePattern.MatchString(g.Phone) {
		fields["phone"] = "手机号应为11位大陆手机号码"
	}
	if in.GraduationYear != nil {
		g.GraduationYear = *in.GraduationYear
		if _, bad := fields["graduation_year"]; !bad && (g.GraduationYear < FirstYear || g.GraduationYear > today.Year) {
			fields["graduation_year"] = fmt.Sprintf("毕业年份应在%d年至%d年之间", FirstYear, today.Year)
		}
	}
	if strings.TrimSpace(in.RegisteredOn) == "" {
		g.RegisteredOn = today
	} else {
		g.RegisteredOn = parseDateField(fields, "registered_on", in.RegisteredOn)
	}
	switch {
	case g.RegisteredOn.IsZero() || fields["registered_on"] != "":
	case g.RegisteredOn.After(today):
		fields["registered_on"] = "登记日期不能晚于今天"
	case g.GraduationYear != 0 && g.RegisteredOn.Year < g.GraduationYear:
		fields["registered_on"] = "登记日期不能早于毕业年份"
	}
	return g
}

// graduateDeltas is what a graduate adds to the tallies (sign -1 removes it).
func graduateDeltas(d Deltas, g *Graduate, sign int64) {
	y := ":" + strconv.Itoa(g.GraduationYear)
	d.Add(g.RegisteredOn, g.City, MetricGraduates+y, sign)
	if !g.FirstReachedOn.IsZero() {
		d.Add(g.FirstReachedOn, g.City, MetricGraduatesReached+y, sign)
	}
	if !g.FirstServiceOn.IsZero() {
		d.Add(g.FirstServiceOn, g.City, MetricGraduatesServed+y, sign)
	}
	if g.NeedyFamily && g.WantsJob {
		d.Add(g.RegisteredOn, g.City, MetricGraduatesNeedy+y, sign)
		if !g.EmployedOn.IsZero() {
			d.Add(g.EmployedOn, g.City, MetricGraduatesNeedyPlaced+y, sign)
		}
	}
}

// deriveStatus sets the status and the 1131 badge from the derived dates and
// counts, in the contract's order: employed, served, followed up, registered.
func (g *Graduate) deriveStatus() {
	g.Services1131 = g.ServiceCounts.complete1131()
	switch {
	case !g.EmployedOn.IsZero():
		g.Status = GraduateEmployed
	case !g.FirstServiceOn.IsZero():
		g.Status = GraduateServed
	case !g.FirstReachedOn.IsZero():
		g.Status = GraduateFollowedUp
	default:
		g.Status = GraduateRegistered
	}
}

// months lists the city-months whose figures the graduate counts in.
func (g *Graduate) months() []cityMonth {
	var out []cityMonth
	for _, d := range []Date{g.RegisteredOn, g.FirstReachedOn, g.FirstServiceOn, g.EmployedOn} {
		if !d.IsZero() {
			out = append(out, cityMonth{g.City, monthOf(d)})
		}
	}
	return out
}

// derive recomputes the derived fields of g from its contacts, services and
// the placements of the same person, inside tx.
func derive(tx *gorm.DB, g *Graduate) error {
	var c struct {
		N         int64
		ReachedOn Date
		LastOn    Date
	}
	if err := tx.Raw(`SELECT COUNT(*) AS n, MIN(CASE WHEN reached THEN contacted_on END) AS reached_on,
		MAX(contacted_on) AS last_on FROM graduate_contacts WHERE graduate_id = ?`, g.ID).Scan(&c).Error; err != nil {
		return fmt.Errorf("derive contacts: %w", err)
	}
	g.ContactsCount, g.FirstReachedOn, g.LastContactOn = int(c.N), c.ReachedOn, c.LastOn
	var services []struct {
		Kind    string
		N       int
		FirstOn Date
	}
	if err := tx.Raw("SELECT kind, COUNT(*) AS n, MIN(served_on) AS first_on FROM graduate_services WHERE graduate_id = ? GROUP BY kind",
		g.ID).Scan(&services).Error; err != nil {
		return fmt.Errorf("derive services: %w", err)
	}
	g.ServiceCounts, g.FirstServiceOn = ServiceCounts{}, Date{}
	for _, s := range services {
		g.ServiceCounts.add(s.Kind, s.N)
		if g.FirstServiceOn.IsZero() || s.FirstOn.Before(g.FirstServiceOn) {
			g.FirstServiceOn = s.FirstOn
		}
	}
	years, err := placementYears(tx)
	if err != nil {
		return err
	}
	if err := findEmployment(tx, g, years); err != nil {
		return err
	}
	g.deriveStatus()
	return nil
}

// findEmployment sets the placement that makes g employed: the first of the
// same person dated on or after the registration. years are the years that
// hold placements (placementYears), where the person is looked up.
func findEmployment(tx *gorm.DB, g *Graduate, years []int) error {
	if g.purged() {
		return nil // the person can no longer be recognised: the employment recorded stands
	}
	// A person has a placement a year at most: read them all and take the
	// first here. With ORDER BY placed_on LIMIT 1, PostgreSQL may walk the
	// whole date index instead of looking the person up (0.3 s a graduate on
	// three years of placements).
	var ps []struct {
		ID       int64
		PlacedOn Date
	}
	err := tx.Raw("SELECT id, placed_on FROM placements WHERE year IN ? AND id_hash = ? AND placed_on >= ?",
		years, g.IDHash, g.RegisteredOn).Scan(&ps).Error
	if err != nil {
		return fmt.Errorf("find employment: %w", err)
	}
	g.EmployedOn, g.PlacementID = Date{}, nil
	for i, p := range ps {
		if g.PlacementID == nil || p.PlacedOn.Before(g.EmployedOn) || p.PlacedOn == g.EmployedOn && p.ID < *g.PlacementID {
			g.EmployedOn, g.PlacementID = p.PlacedOn, &ps[i].ID
		}
	}
	return nil
}

// derivedColumns are the columns derive sets.
var derivedColumns = []string{"status", "services_1131", "n_policy", "n_guidance", "n_job_referral", "n_training",
	"n_internship", "contacts_count", "first_reached_on", "first_service_on", "last_contact_on", "employed_on", "placement_id"}

// rederive recomputes g's derived fields and moves the tallies by the
// difference, inside tx. field names the input when a month it touches is
// closed.
func rederive(tx *gorm.DB, g *Graduate, field string) error {
	before := *g
	if err := derive(tx, g); err != nil {
		return err
	}
	return saveDerived(tx, &before, g, field)
}

// saveDerived writes g's derived fields and moves the tallies from what
// before counted to what g counts. With a field, a move in a submitted or
// closed month is refused naming it; without one (a placement elsewhere moved
// the employment) it is not checked.
func saveDerived(tx *gorm.DB, before, g *Graduate, field string) error {
	d := Deltas{}
	graduateDeltas(d, before, -1)
	graduateDeltas(d, g, +1)
	if field != "" {
		if err := checkOpen(tx, field, changedMonths(d, g.City)...); err != nil {
			return err
		}
	}
	if err := tx.Model(g).Select(derivedColumns).Updates(g).Error; err != nil {
		return fmt.Errorf("update graduate %d: %w", g.ID, err)
	}
	return d.apply(tx)
}

// changedMonths lists the months in which the deltas move a figure.
func changedMonths(d Deltas, city string) []cityMonth {
	var out []cityMonth
	for k, n := range d {
		if n != 0 {
			out = append(out, cityMonth{city, k.day[:7]})
		}
	}
	return out
}

// refreshEmployment re-derives the graduates of the given people (ID hashes)
// after their placements changed, inside tx.
func refreshEmployment(tx *gorm.DB, hashes []string) error {
	const batch = 500
	var years []int // looked up for the first graduate found
	for start := 0; start < len(hashes); start += batch {
		var gs []Graduate
		if err := tx.Where("id_hash IN ?", hashes[start:min(start+batch, len(hashes))]).Find(&gs).Error; err != nil {
			return fmt.Errorf("find graduates placed: %w", err)
		}
		for i := range gs {
			g := &gs[i]
			before := *g
			if years == nil {
				var err error
				if years, err = placementYears(tx); err != nil {
					return err
				}
			}
			if err := findEmployment(tx, g, years); err != nil {
				return err
			}
			g.deriveStatus()
			if g.EmployedOn == before.EmployedOn && ptrEqual(g.PlacementID, before.PlacementID) {
				continue
			}
			if err := saveDerived(tx, &before, g, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

func ptrEqual(a, b *int64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

var errGraduateWriters = forbidden("只有招聘会主办方和管理员可以维护毕业生台账")

// mayWriteGraduate: admins, and organisers in their city (province-wide: any).
func (a Actor) mayWriteGraduate(city string) error {
	if !a.Is(RoleAdmin, RoleOrganiser) {
		return errGraduateWriters
	}
	if !a.mayWriteCity(city) {
		return errOtherCity
	}
	return nil
}

// graduateScope is the city of a filter of the ledger the actor may read:
// admins, officials and organisers; a city-scoped one its city.
func (a Actor) graduateScope(requested string) (string, error) {
	if !a.Is(RoleAdmin, RoleOfficial, RoleOrganiser) {
		return "", forbidden("无权查看毕业生台账")
	}
	city, ok := a.ScopeCity(requested)
	if !ok {
		return "", errOtherCity
	}
	return city, nil
}

// CreateGraduate registers a graduate; the same person twice for one
// graduation year is a conflict naming the first record.
func (s *Store) CreateGraduate(ctx context.Context, a Actor, in GraduateInput) (*Graduate, error) {
	if !a.Is(RoleAdmin, RoleOrganiser) {
		return nil, errGraduateWriters
	}
	if IsCity(in.City) && !a.mayWriteCity(in.City) {
		return nil, errOtherCity
	}
	fields := map[string]string{}
	g := BuildGraduate(in, s.Today(), s.secret, fields)
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	g.Organisation = a.Organisation
	if a.UserID != 0 {
		g.CreatedBy = &a.UserID
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.graduateRegistered(tx, g); err != nil {
			return err
		}
		years, err := placementYears(tx)
		if err != nil {
			return err
		}
		if err := findEmployment(tx, g, years); err != nil {
			return err
		}
		g.deriveStatus()
		if err := checkOpen(tx, "registered_on", g.months()...); err != nil {
			return err
		}
		if err := tx.Create(g).Error; err != nil {
			return err
		}
		d := Deltas{}
		graduateDeltas(d, g, +1)
		if err := d.apply(tx); err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionCreate, "graduate", g.ID, g.City, created(g.snapshot()), "")
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		err = s.graduateRegistered(s.read(ctx), g)
	}
	if err != nil {
		return nil, dbErr(err, "create graduate")
	}
	return g, nil
}

// graduateRegistered is the conflict naming the person's record of the same
// graduation year, if any.
func (s *Store) graduateRegistered(db *gorm.DB, g *Graduate) error {
	var existing Graduate
	err := db.Select("id").Where("id_hash = ? AND graduation_year = ?", g.IDHash, g.GraduationYear).Take(&existing).Error
	if err == nil {
		return Conflict(fmt.Sprintf("此人已在%d届毕业生台账中", g.GraduationYear), existing.ID)
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return err
	}
	return nil
}

// findGraduate loads a graduate the actor may see.
func findGraduate(db *gorm.DB, a Actor, id int64) (*Graduate, error) {
	var g Graduate
	if err := db.Take(&g, id).Error; err != nil {
		return nil, dbErr(err, fmt.Sprintf("find graduate %d", id))
	}
	if !a.SeesCity(g.City) {
		return nil, fmt.Errorf("graduate %d: %w", id, ErrNotFound)
	}
	return &g, nil
}

// GetGraduate answers a graduate with its contacts, services and placement.
func (s *Store) GetGraduate(ctx context.Context, a Actor, id int64) (*GraduateDetail, error) {
	if _, err := a.graduateScope(""); err != nil {
		return nil, err
	}
	db := s.read(ctx)
	g, err := findGraduate(db, a, id)
	if err != nil {
		return nil, err
	}
	out := &GraduateDetail{Graduate: *g, Contacts: []GraduateContact{}, Services: []GraduateService{}}
	if err := db.Table("graduate_contacts c").Select("c.*, COALESCE(u.username, '') AS created_by_name").
		Joins("LEFT JOIN users u ON u.id = c.created_by").Where("c.graduate_id = ?", id).
		Order("c.contacted_on, c.id").Find(&out.Contacts).Error; err != nil {
		return nil, fmt.Errorf("graduate contacts: %w", err)
	}
	if err := db.Table("graduate_services s").Select("s.*, COALESCE(u.username, '') AS created_by_name, COALESCE(j.title, '') AS job_title").
		Joins("LEFT JOIN users u ON u.id = s.created_by").Joins("LEFT JOIN jobs j ON j.id = s.job_id").
		Where("s.graduate_id = ?", id).Order("s.served_on, s.id").Find(&out.Services).Error; err != nil {
		return nil, fmt.Errorf("graduate services: %w", err)
	}
	if g.PlacementID != nil {
		var p GraduatePlacement
		err := db.Table("placements p").Select("p.id, p.placed_on, p.city, e.name AS employer_name").
			Joins("JOIN employers e ON e.id = p.employer_id").Where("p.id = ?", *g.PlacementID).Take(&p).Error
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("graduate placement: %w", err)
		}
		if err == nil {
			out.Placement = &p
		}
	}
	return out, nil
}

// checkLogDay bounds the day of a contact or service: from the registration
// through today.
func checkLogDay(fields map[string]string, g *Graduate, raw string, today Date, what string) Date {
	relabel(fields, "on", "走访日期", what+"日期")
	if _, bad := fields["on"]; bad {
		return Date{}
	}
	day := parseDateField(fields, "on", raw)
	switch {
	case day.IsZero():
	case day.After(today):
		fields["on"] = what + "日期不能晚于今天"
	case day.Before(g.RegisteredOn):
		fields["on"] = fmt.Sprintf("%s日期不能早于登记日期（%s）", what, g.RegisteredOn)
	}
	return day
}

// AddContact logs a contact with a graduate and re-derives its status.
func (s *Store) AddContact(ctx context.Context, a Actor, id int64, in ContactInput) (*GraduateContact, error) {
	var c *GraduateContact
	err := s.tx(ctx, func(tx *gorm.DB) error {
		g, err := findGraduate(tx, a, id)
		if err != nil {
			return err
		}
		if err := a.mayWriteGraduate(g.City); err != nil {
			return err
		}
		fields := CheckStruct(in)
		day := checkLogDay(fields, g, in.On, s.Today(), "回访")
		note := strings.TrimSpace(in.Note)
		if err := Invalid(fields); err != nil {
			return err
		}
		c = &GraduateContact{GraduateID: g.ID, On: day, Channel: in.Channel, Reached: *in.Reached, Note: note}
		if a.UserID != 0 {
			c.CreatedBy = &a.UserID
		}
		if err := tx.Omit("created_by_name").Create(c).Error; err != nil {
			return err
		}
		if err := rederive(tx, g, "on"); err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionCreate, "graduate_contact", c.ID, g.City, created(map[string]any{
			"graduate_id": g.ID, "on": day.String(), "channel": c.Channel, "reached": c.Reached}), "")
	})
	if err != nil {
		return nil, dbErr(err, fmt.Sprintf("add contact to graduate %d", id))
	}
	c.CreatedByName = a.Username
	return c, nil
}

// AddService logs a service given to a graduate and re-derives its status.
func (s *Store) AddService(ctx context.Context, a Actor, id int64, in ServiceInput) (*GraduateService, error) {
	var sv *GraduateService
	err := s.tx(ctx, func(tx *gorm.DB) error {
		g, err := findGraduate(tx, a, id)
		if err != nil {
			return err
		}
		if err := a.mayWriteGraduate(g.City); err != nil {
			return err
		}
		fields := CheckStruct(in)
		day := checkLogDay(fields, g, in.On, s.Today(), "服务")
		note := strings.TrimSpace(in.Note)
		var title string
		switch {
		case fields["kind"] != "":
		case in.Kind == ServiceJobReferral && in.JobID == nil:
			fields["job_id"] = "岗位推荐须选择推荐的岗位"
		case in.Kind != ServiceJobReferral && in.JobID != nil:
			fields["job_id"] = "只有岗位推荐可以填写岗位"
		case in.JobID != nil:
			var j Job
			if err := tx.Select("id, title").Where("id = ?", *in.JobID).Take(&j).Error; err != nil {
				if !errors.Is(err, gorm.ErrRecordNotFound) {
					return err
				}
				fields["job_id"] = "岗位不存在"
			}
			title = j.Title
		}
		if err := Invalid(fields); err != nil {
			return err
		}
		sv = &GraduateService{GraduateID: g.ID, On: day, Kind: in.Kind, JobID: in.JobID, Note: note}
		if a.UserID != 0 {
			sv.CreatedBy = &a.UserID
		}
		if err := tx.Omit("created_by_name", "job_title").Create(sv).Error; err != nil {
			return err
		}
		sv.JobTitle = title
		if err := rederive(tx, g, "on"); err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionCreate, "graduate_service", sv.ID, g.City, created(map[string]any{
			"graduate_id": g.ID, "on": day.String(), "kind": sv.Kind, "job_id": sv.JobID}), "")
	})
	if err != nil {
		return nil, dbErr(err, fmt.Sprintf("add service to graduate %d", id))
	}
	sv.CreatedByName = a.Username
	return sv, nil
}

// DeleteGraduate removes a graduate with its contacts and services (admins,
// organisers of its city), unless a month it counts in is closed.
func (s *Store) DeleteGraduate(ctx context.Context, a Actor, id int64) error {
	return dbErr(s.tx(ctx, func(tx *gorm.DB) error {
		g, err := findGraduate(tx, a, id)
		if err != nil {
			return err
		}
		if err := a.mayWriteGraduate(g.City); err != nil {
			return err
		}
		if err := checkOpen(tx, "registered_on", g.months()...); err != nil {
			return err
		}
		d := Deltas{}
		graduateDeltas(d, g, -1)
		if err := d.apply(tx); err != nil {
			return err
		}
		for _, table := range []string{"graduate_contacts", "graduate_services"} {
			if err := tx.Exec("DELETE FROM "+table+" WHERE graduate_id = ?", id).Error; err != nil {
				return err
			}
		}
		if err := tx.Delete(&Graduate{}, id).Error; err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionDelete, "graduate", id, g.City, removed(g.snapshot()), "")
	}), fmt.Sprintf("delete graduate %d", id))
}

// Attention lists of the ledger: who needs a member of staff next.
const (
	AttentionUnreached       = "unreached"        // not reached 30 days after registration
	AttentionNeedyUnemployed = "needy_unemployed" // needy family, wants a job, not employed
	AttentionIncomplete1131  = "incomplete_1131"  // not employed, 1131 not complete
)

// AttentionKinds lists the attention lists with their Chinese names.
var AttentionKinds = []Label{
	{AttentionUnreached, "30天未回访"},
	{AttentionNeedyUnemployed, "困难家庭未就业"},
	{AttentionIncomplete1131, "1131未完成"},
}

// GraduateFilter selects graduates.
type GraduateFilter struct {
	Year        int // graduation year
	City        string
	Status      string
	NeedyFamily *bool
	WantsJob    *bool
	Attention   string
	// Q finds graduates by name (every word), or by a full ID number through its hash.
	Q        string
	From, To Date // registered_on, both included
	Page
}

func (s *Store) graduateQuery(db *gorm.DB, f GraduateFilter, city string) *gorm.DB {
	q := db.Model(&Graduate{})
	if f.Year != 0 {
		q = q.Where("graduates.graduation_year = ?", f.Year)
	}
	if city != "" {
		q = q.Where("graduates.city = ?", city)
	}
	if !f.From.IsZero() {
		q = q.Where("graduates.registered_on >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("graduates.registered_on <= ?", f.To)
	}
	if f.Status != "" {
		q = q.Where("graduates.status = ?", f.Status)
	}
	if f.NeedyFamily != nil {
		q = q.Where("graduates.needy_family = ?", *f.NeedyFamily)
	}
	if f.WantsJob != nil {
		q = q.Where("graduates.wants_job = ?", *f.WantsJob)
	}
	return s.attentionWhere(q, f.Attention)
}

// attentionWhere narrows q to one attention list.
func (s *Store) attentionWhere(q *gorm.DB, kind string) *gorm.DB {
	switch kind {
	case AttentionUnreached:
		return q.Where("graduates.first_reached_on IS NULL AND graduates.registered_on <= ?", s.Today().AddDays(-graduateAttentionDays))
	case AttentionNeedyUnemployed:
		// Written as in the partial index graduates_needy_unemployed, so that the planner uses it.
		return q.Where("graduates.needy_family AND graduates.wants_job AND graduates.status <> 'employed'")
	case AttentionIncomplete1131:
		return q.Where("graduates.services_1131 = ? AND graduates.status <> ?", false, GraduateEmployed)
	}
	return q
}

func (s *Store) searchGraduates(q *gorm.DB, text string) *gorm.DB {
	ids, words := idsAndWords(text)
	for _, id := range ids {
		q = q.Where("graduates.id_hash = ?", id.Hash(s.secret))
	}
	return s.searchWords(q, strings.Join(words, " "), graduateSearch)
}

// ListGraduates lists the ledger in the actor's scope, newest registration
// first; phone numbers are masked.
func (s *Store) ListGraduates(ctx context.Context, a Actor, f GraduateFilter) ([]Graduate, int64, error) {
	city, err := a.graduateScope(f.City)
	if err != nil {
		return nil, 0, err
	}
	q := s.searchGraduates(s.graduateQuery(s.read(ctx), f, city), f.Q)
	items, total, err := pageOf[Graduate](q, f.Page, "graduates.registered_on DESC, graduates.id DESC")
	for i := range items {
		items[i].Phone = MaskPhone(items[i].Phone)
	}
	return items, total, err
}

// GraduateAttention counts the graduates of each attention list.
type GraduateAttention struct {
	Unreached       int64 `json:"unreached"`
	NeedyUnemployed int64 `json:"needy_unemployed"`
	Incomplete1131  int64 `json:"incomplete_1131"`
}

// CountAttention counts the attention lists of a year and city.
func (s *Store) CountAttention(ctx context.Context, a Actor, f GraduateFilter) (*GraduateAttention, error) {
	city, err := a.graduateScope(f.City)
	if err != nil {
		return nil, err
	}
	out := &GraduateAttention{}
	for kind, n := range map[string]*int64{AttentionUnreached: &out.Unreached,
		AttentionNeedyUnemployed: &out.NeedyUnemployed, AttentionIncomplete1131: &out.Incomplete1131} {
		g := GraduateFilter{Year: f.Year, Attention: kind}
		if err := s.graduateQuery(s.read(ctx), g, city).Count(n).Error; err != nil {
			return nil, fmt.Errorf("count %s: %w", kind, err)
		}
	}
	return out, nil
}

// purgedHash marks the ID hash of a graduate whose personal data was cleared.
const purgedHash = "purged-"

func (g *Graduate) purged() bool { return strings.HasPrefix(g.IDHash, purgedHash) }

// PurgeGraduates clears the personal data of the graduates of the graduation
// years before `before`: name, ID number, phone and the notes of their
// contacts and services. The records stay, anonymous, so that the rates of
// those years do not change. It answers how many graduates it cleared; with
// dryRun it only counts them.
func (s *Store) PurgeGraduates(ctx context.Context, before int, dryRun bool) (int64, error) {
	var n int64
	err := s.tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Graduate{}).Where("graduation_year < ? AND id_hash NOT LIKE ?", before, purgedHash+"%")
		if err := q.Count(&n).Error; err != nil {
			return err
		}
		if dryRun || n == 0 {
			return nil
		}
		ids := tx.Model(&Graduate{}).Select("id").Where("graduation_year < ?", before)
		for _, table := range []string{"graduate_contacts", "graduate_services"} {
			if err := tx.Table(table).Where("graduate_id IN (?)", ids).Update("note", "").Error; err != nil {
				return err
			}
		}
		err := tx.Exec("UPDATE graduates SET person_name = ?, id_hash = ? || CAST(id AS TEXT), id_masked = '', phone = '' "+
			"WHERE graduation_year < ? AND id_hash NOT LIKE ?", "（已清除）", purgedHash, before, purgedHash+"%").Error
		if err != nil {
			return err
		}
		if s.Dialect == "sqlite" {
			// The name search's index keeps replaced entries in its older
			// segments until they merge: merging them all now drops the
			// cleared names from it as well.
			if err := tx.Exec("INSERT INTO graduates_search (graduates_search) VALUES ('optimize')").Error; err != nil {
				return err
			}
		}
		return audit(tx, s.now(), System, ActionDelete, "graduate", 0, "", nil,
			fmt.Sprintf("清除%d届以前毕业生的个人信息：%d人", before, n))
	})
	if err != nil {
		return 0, fmt.Errorf("purge graduates: %w", err)
	}
	return n, nil
}
