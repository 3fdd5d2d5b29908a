package models

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Fair statuses. A fair moves from planned to held or cancelled, and no further.
const (
	FairPlanned   = "planned"
	FairHeld      = "held"
	FairCancelled = "cancelled"
)

// Fair kinds: a special fair (专场) is aimed at a group, trade or campaign; a
// general one (综合) is open to all. The plan's 专场招聘 goal counts the special ones.
const (
	FairSpecial = "special"
	FairGeneral = "general"
)

// FairKinds lists the kinds of fairs, with their Chinese names.
var FairKinds = []Label{{FairSpecial, "专场"}, {FairGeneral, "综合"}}

// Fair is a job fair or recruitment event.
type Fair struct {
	ID                int64         `json:"id"`
	Title             string        `json:"title"`
	City              string        `json:"city"`
	Venue             string        `json:"venue"`
	StartsAt          time.Time     `json:"starts_at"`
	EndsAt            time.Time     `json:"ends_at"`
	StartDate         Date          `json:"-"`
	Mode              string        `json:"mode"`
	Kind              string        `json:"kind"`
	Programmes        []string      `json:"programmes" gorm:"-"`
	Status            string        `json:"status"`
	Visitors          *int          `json:"visitors"`
	EmployersAttended *int          `json:"employers_attended"`
	PostsOffered      *int          `json:"posts_offered"`
	Intents           *int          `json:"intents"`
	OrganiserID       *int64        `json:"organiser_id"`
	Organisation      string        `json:"organisation"`
	Signups           *SignupCounts `json:"signups,omitempty" gorm:"-"`
	// Recorded are the figures recorded on fair day (the fair's page).
	Recorded  *Recorded `json:"recorded,omitempty" gorm:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// SignupCounts counts a fair's sign-ups by status.
type SignupCounts struct {
	Pending  int `json:"pending"`
	Approved int `json:"approved"`
	Declined int `json:"declined"`
}

func (f *Fair) snapshot() map[string]any {
	return map[string]any{"title": f.Title, "city": f.City, "venue": f.Venue,
		"starts_at": f.StartsAt.Format(time.RFC3339), "ends_at": f.EndsAt.Format(time.RFC3339),
		"mode": f.Mode, "kind": f.Kind, "programmes": f.Programmes, "status": f.Status, "visitors": f.Visitors,
		"employers_attended": f.EmployersAttended, "posts_offered": f.PostsOffered, "intents": f.Intents}
}

// FairInput registers a fair. Times are RFC 3339 text, checked here so that a
// bad one is named like any other bad field.
type FairInput struct {
	Title    string `json:"title" validate:"required,notblank,max=200"`
	City     string `json:"city" validate:"required,city"`
	Venue    string `json:"venue" validate:"max=200"`
	StartsAt string `json:"starts_at" validate:"required"`
	EndsAt   string `json:"ends_at" validate:"required"`
	Mode     string `json:"mode" validate:"required,fair_mode"`
	// Kind is special (the default) or general.
	Kind       string   `json:"kind" validate:"omitempty,fair_kind"`
	Programmes []string `json:"programmes" validate:"required,min=1,unique,dive,programme"`
}

// FairPatch edits a fair or moves its status; nil fields stay.
type FairPatch struct {
	Title             *string   `json:"title" validate:"omitempty,notblank,max=200"`
	City              *string   `json:"city" validate:"omitempty,city"`
	Venue             *string   `json:"venue" validate:"omitempty,max=200"`
	StartsAt          *string   `json:"starts_at"`
	EndsAt            *string   `json:"ends_at"`
	Mode              *string   `json:"mode" validate:"omitempty,fair_mode"`
	Kind              *string   `json:"kind" validate:"omitempty,fair_kind"`
	Programmes        *[]string `json:"programmes" validate:"omitempty,min=1,unique,dive,programme"`
	Status            *string   `json:"status" validate:"omitempty,oneof=planned held cancelled"`
	Visitors          *int      `json:"visitors" validate:"omitempty,min=0,max=1000000"`
	EmployersAttended *int      `json:"employers_attended" validate:"omitempty,min=0,max=1000000"`
	PostsOffered      *int      `json:"posts_offered" validate:"omitempty,min=0,max=1000000"`
	Intents           *int      `json:"intents" validate:"omitempty,min=0,max=1000000"`
}

func parseTime(fields map[string]string, name, value string) time.Time {
	if value == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(value))
	if err != nil {
		fields[name] = "时间格式应为 RFC 3339，例如 2023-03-01T09:00:00+08:00"
	}
	return t
}

func checkTimes(fields map[string]string, starts, ends time.Time) {
	if _, bad := fields["starts_at"]; bad {
		return
	}
	if _, bad := fields["ends_at"]; bad {
		return
	}
	if ends.Before(starts) {
		fields["ends_at"] = "结束时间不能早于开始时间"
	}
}

// month is the city-month a fair is dated in: that of its start.
func (f *Fair) month() cityMonth { return cityMonth{f.City, monthOf(f.StartDate)} }

func (f *Fair) setTimes(starts, ends time.Time) {
	f.StartsAt, f.EndsAt = starts.UTC(), ends.UTC()
	f.StartDate = DateOf(starts.In(Shanghai))
}

// CreateFair registers a planned fair (admins, and organisers in their city).
func (s *Store) CreateFair(ctx context.Context, a Actor, in FairInput) (*Fair, error) {
	if !a.Is(RoleAdmin, RoleOrganiser) {
		return nil, ErrForbidden
	}
	fields := CheckStruct(in)
	starts := parseTime(fields, "starts_at", in.StartsAt)
	ends := parseTime(fields, "ends_at", in.EndsAt)
	checkTimeYear(fields, "starts_at", starts, s.Today())
	checkTimeYear(fields, "ends_at", ends, s.Today())
	checkTimes(fields, starts, ends)
	a.checkProgrammes(fields, nil, in.Programmes)
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	if !a.mayWriteCity(in.City) {
		return nil, errOtherCity
	}
	kind := in.Kind
	if kind == "" {
		kind = FairSpecial
	}
	f := &Fair{Title: strings.TrimSpace(in.Title), City: in.City, Venue: strings.TrimSpace(in.Venue), Mode: in.Mode,
		Kind: kind, Programmes: sortedProgrammes(in.Programmes), Status: FairPlanned, Organisation: a.Organisation}
	f.setTimes(starts, ends)
	if a.UserID != 0 {
		f.OrganiserID = &a.UserID
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := checkOpen(tx, "starts_at", f.month()); err != nil {
			return err
		}
		if err := tx.Create(f).Error; err != nil {
			return err
		}
		if err := writeProgrammes(tx, f); err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionCreate, "fair", f.ID, f.City, created(f.snapshot()), "")
	})
	if err != nil {
		return nil, dbErr(err, "create fair")
	}
	f.Signups = &SignupCounts{}
	return f, nil
}

func sortedProgrammes(p []string) []string {
	out := append([]string(nil), p...)
	sort.Slice(out, func(i, j int) bool { return programmeOrder(out[i]) < programmeOrder(out[j]) })
	return out
}

func programmeOrder(code string) int {
	for i, p := range Programmes {
		if p.Code == code {
			return i
		}
	}
	return len(Programmes)
}

func writeProgrammes(tx *gorm.DB, f *Fair) error {
	if err := tx.Exec("DELETE FROM fair_programmes WHERE fair_id = ?", f.ID).Error; err != nil {
		return err
	}
	for _, p := range f.Programmes {
		if err := tx.Exec("INSERT INTO fair_programmes (fair_id, programme) VALUES (?, ?)", f.ID, p).Error; err != nil {
			return err
		}
	}
	return nil
}

// loadProgrammes and loadSignupCounts fill the fields that live in other tables.
func loadProgrammes(db *gorm.DB, fairs []Fair) error {
	if len(fairs) == 0 {
		return nil
	}
	ids := make([]int64, len(fairs))
	for i := range fairs {
		ids[i] = fairs[i].ID
		fairs[i].Programmes = []string{}
	}
	var rows []struct {
		FairID    int64
		Programme string
	}
	if err := db.Raw("SELECT fair_id, programme FROM fair_programmes WHERE fair_id IN ?", ids).Scan(&rows).Error; err != nil {
		return fmt.Errorf("load programmes: %w", err)
	}
	byID := make(map[int64]int, len(fairs))
	for i := range fairs {
		byID[fairs[i].ID] = i
	}
	for _, r := range rows {
		i := byID[r.FairID]
		fairs[i].Programmes = append(fairs[i].Programmes, r.Programme)
	}
	for i := range fairs {
		fairs[i].Programmes = sortedProgrammes(fairs[i].Programmes)
	}
	var counts []struct {
		FairID int64
		Status string
		N      int
	}
	if err := db.Raw("SELECT fair_id, status, COUNT(*) AS n FROM signups WHERE fair_id IN ? GROUP BY fair_id, status", ids).
		Scan(&counts).Error; err != nil {
		return fmt.Errorf("count signups: %w", err)
	}
	for i := range fairs {
		fairs[i].Signups = &SignupCounts{}
	}
	for _, c := range counts {
		sc := fairs[byID[c.FairID]].Signups
		switch c.Status {
		case SignupPending:
			sc.Pending = c.N
		case SignupApproved:
			sc.Approved = c.N
		case SignupDeclined:
			sc.Declined = c.N
		}
	}
	return nil
}

// FairFilter selects fairs.
type FairFilter struct {
	Year      int
	City      string
	Programme string
	Status    string
	Kind      string
	Q         string
	From, To  Date // start dates, both included
	Page
}

func (s *Store) fairQuery(ctx context.Context, f FairFilter, city string) *gorm.DB {
	q := s.read(ctx).Model(&Fair{})
	if f.Year != 0 {
		q = q.Where("start_date BETWEEN ? AND ?", YearStart(f.Year), YearEnd(f.Year))
	}
	if !f.From.IsZero() {
		q = q.Where("start_date >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("start_date <= ?", f.To)
	}
	if city != "" {
		q = q.Where("city = ?", city)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.Programme != "" {
		q = q.Where("EXISTS (SELECT 1 FROM fair_programmes fp WHERE fp.fair_id = fairs.id AND fp.programme = ?)", f.Programme)
	}
	q = s.searchWords(q, f.Q, fairSearch)
	return q
}

// ListFairs lists fairs, newest first. City-scoped officials and organisers
// see their city's; employers see every fair, to sign up.
func (s *Store) ListFairs(ctx context.Context, a Actor, f FairFilter) ([]Fair, int64, error) {
	city := f.City
	if !a.Is(RoleEmployer) {
		var ok bool
		if city, ok = a.ScopeCity(f.City); !ok {
			return nil, 0, errOtherCity
		}
	}
	return s.listFairs(ctx, f, city, "starts_at DESC, id DESC")
}

// PublicFair is a fair as anonymous visitors see it: what, where, when and
// who runs it, but not the organiser's account, the sign-ups or the results.
type PublicFair struct {
	ID           int64     `json:"id"`
	Title        string    `json:"title"`
	City         string    `json:"city"`
	Venue        string    `json:"venue"`
	StartsAt     time.Time `json:"starts_at"`
	EndsAt       time.Time `json:"ends_at"`
	Mode         string    `json:"mode"`
	Kind         string    `json:"kind"`
	Programmes   []string  `json:"programmes"`
	Status       string    `json:"status"`
	Organisation string    `json:"organisation"`
}

func publicFair(f *Fair) PublicFair {
	return PublicFair{ID: f.ID, Title: f.Title, City: f.City, Venue: f.Venue, StartsAt: f.StartsAt, EndsAt: f.EndsAt,
		Mode: f.Mode, Kind: f.Kind, Programmes: f.Programmes, Status: f.Status, Organisation: f.Organisation}
}

// ListPublicFairs lists planned and held fairs for anonymous visitors, soonest first.
func (s *Store) ListPublicFairs(ctx context.Context, f FairFilter) ([]PublicFair, int64, error) {
	q := s.fairQuery(ctx, f, f.City)
	if f.Status == "" {
		q = q.Where("status IN ?", []string{FairPlanned, FairHeld})
	}
	fairs, total, err := s.listFairsOf(ctx, q, f.Page, "starts_at ASC, id ASC")
	if err != nil {
		return nil, 0, err
	}
	items := make([]PublicFair, len(fairs))
	for i := range fairs {
		items[i] = publicFair(&fairs[i])
	}
	return items, total, nil
}

func (s *Store) listFairs(ctx context.Context, f FairFilter, city, order string) ([]Fair, int64, error) {
	return s.listFairsOf(ctx, s.fairQuery(ctx, f, city), f.Page, order)
}

func (s *Store) listFairsOf(ctx context.Context, q *gorm.DB, p Page, order string) ([]Fair, int64, error) {
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count fairs: %w", err)
	}
	var items []Fair
	if err := q.Order(order).Offset(p.Offset()).Limit(p.Size).Find(&items).Error; err != nil {
		return nil, 0, fmt.Errorf("list fairs: %w", err)
	}
	if err := loadProgrammes(s.read(ctx), items); err != nil {
		return nil, 0, err
	}
	return items, total, nil
}

func (a Actor) seesFair(f *Fair) bool {
	return a.Is(RoleEmployer) || a.SeesCity(f.City)
}

// GetFair finds a fair visible to the actor (nil actor: the public view, which
// shows no cancelled fair).
func (s *Store) GetFair(ctx context.Context, a *Actor, id int64) (*Fair, error) {
	f, err := s.findFair(s.read(ctx), id)
	if err != nil {
		return nil, err
	}
	if a == nil && f.Status == FairCancelled || a != nil && !a.seesFair(f) {
		return nil, fmt.Errorf("fair %d: %w", id, ErrNotFound)
	}
	if a != nil {
		if f.Recorded, err = recorded(s.read(ctx), id); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func (s *Store) findFair(db *gorm.DB, id int64) (*Fair, error) {
	var f Fair
	if err := db.First(&f, id).Error; err != nil {
		return nil, dbErr(err, fmt.Sprintf("find fair %d", id))
	}
	list := []Fair{f}
	if err := loadProgrammes(db, list); err != nil {
		return nil, err
	}
	return &list[0], nil
}

// mayChangeFair: admins, and the organiser who registered the fair.
func (a Actor) mayChangeFair(f *Fair) error {
	if a.Is(RoleAdmin) {
		return nil
	}
	if a.Is(RoleOrganiser) && f.OrganiserID != nil && *f.OrganiserID == a.UserID {
		return nil
	}
	if a.Is(RoleOrganiser) && !a.mayWriteCity(f.City) {
		return errOtherCity
	}
	return forbidden("只有招聘会的主办方可以修改它")
}

// UpdateFair edits a fair or moves its status (planned → held with results,
// or planned → cancelled), keeping the tallies in step.
func (s *Store) UpdateFair(ctx context.Context, a Actor, id int64, p FairPatch) (*Fair, error) {
	fields := CheckStruct(p)
	var out *Fair
	err := s.tx(ctx, func(tx *gorm.DB) error {
		f, err := s.findFair(tx, id)
		if err != nil {
			return err
		}
		if err := a.mayChangeFair(f); err != nil {
			return err
		}
		old := *f
		old.Programmes = append([]string(nil), f.Programmes...)
		if p.Status != nil && *p.Status == FairHeld && f.Status == FairPlanned {
			// Closing as held: a result not given is taken from what was recorded on the day.
			rec, err := recorded(tx, f.ID)
			if err != nil {
				return err
			}
			p.takeRecorded(rec)
		}
		if err := s.applyFairPatch(f, p, fields); err != nil {
			return err
		}
		if p.Programmes != nil {
			a.checkProgrammes(fields, old.Programmes, f.Programmes)
		}
		if err := Invalid(fields); err != nil {
			return err
		}
		if !a.mayWriteCity(f.City) {
			return errOtherCity
		}
		// Any change touches the month the fair was in and the one it moves to.
		if err := checkOpen(tx, "starts_at", old.month(), f.month()); err != nil {
			return err
		}
		if err := tx.Save(f).Error; err != nil {
			return err
		}
		if p.Programmes != nil {
			if err := writeProgrammes(tx, f); err != nil {
				return err
			}
		}
		d := Deltas{}
		fairDeltas(d, &old, -1)
		fairDeltas(d, f, +1)
		if err := d.apply(tx); err != nil {
			return err
		}
		action := ActionUpdate
		if old.Status != f.Status {
			action = ActionStatus
		}
		out = f
		return audit(tx, s.now(), a, action, "fair", f.ID, f.City, diff(old.snapshot(), f.snapshot()), "")
	})
	if err != nil {
		return nil, dbErr(err, fmt.Sprintf("update fair %d", id))
	}
	return out, nil
}

// takeRecorded fills the results p does not give with the recorded figures.
func (p *FairPatch) takeRecorded(r *Recorded) {
	fill := func(v **int, n int64) {
		if *v == nil {
			x := int(min(n, MaxFairResult))
			*v = &x
		}
	}
	fill(&p.Visitors, r.Checkins)
	fill(&p.EmployersAttended, r.EmployersApproved)
	fill(&p.PostsOffered, r.Posts)
	fill(&p.Intents, r.Intents)
}

func (s *Store) applyFairPatch(f *Fair, p FairPatch, fields map[string]string) error {
	// A held or cancelled fair keeps its facts: moving its date or city would
	// move it between years and cities in the rollups after the event.
	basics := p.Title != nil || p.City != nil || p.Venue != nil || p.StartsAt != nil || p.EndsAt != nil ||
		p.Mode != nil || p.Kind != nil || p.Programmes != nil
	if basics && f.Status != FairPlanned {
		return Errorf(EConflict, "招聘会%s，基本信息不能再修改；已举办的招聘会只能更正举办结果", statusName(f.Status))
	}
	if p.Title != nil {
		f.Title = strings.TrimSpace(*p.Title)
	}
	if p.City != nil {
		f.City = *p.City
	}
	if p.Venue != nil {
		f.Venue = strings.TrimSpace(*p.Venue)
	}
	if p.Mode != nil {
		f.Mode = *p.Mode
	}
	if p.Kind != nil {
		f.Kind = *p.Kind
	}
	if p.Programmes != nil {
		f.Programmes = sortedProgrammes(*p.Programmes)
	}
	starts, ends := f.StartsAt, f.EndsAt
	if p.StartsAt != nil {
		starts = parseTime(fields, "starts_at", *p.StartsAt)
		checkTimeYear(fields, "starts_at", starts, s.Today())
	}
	if p.EndsAt != nil {
		ends = parseTime(fields, "ends_at", *p.EndsAt)
		checkTimeYear(fields, "ends_at", ends, s.Today())
	}
	checkTimes(fields, starts, ends)
	if _, bad := fields["starts_at"]; !bad {
		f.setTimes(starts, ends)
	}
	results := p.Visitors != nil || p.EmployersAttended != nil || p.PostsOffered != nil || p.Intents != nil
	target := f.Status
	if p.Status != nil {
		target = *p.Status
	}
	if target != f.Status {
		if f.Status != FairPlanned {
			return Errorf(EConflict, "招聘会状态为「%s」，不能改为「%s」", statusName(f.Status), statusName(target))
		}
		if target == FairHeld && f.StartsAt.After(s.now()) {
			fields["status"] = "招聘会尚未开始，不能登记为已举办"
		}
	}
	switch target {
	case FairHeld:
		for name, v := range map[string]*int{"visitors": p.Visitors, "employers_attended": p.EmployersAttended,
			"posts_offered": p.PostsOffered, "intents": p.Intents} {
			if v == nil && f.Status != FairHeld {
				fields[name] = "登记为已举办时必须填写" + resultName(name)
			}
		}
		if p.Visitors != nil {
			f.Visitors = p.Visitors
		}
		if p.EmployersAttended != nil {
			f.EmployersAttended = p.EmployersAttended
		}
		if p.PostsOffered != nil {
			f.PostsOffered = p.PostsOffered
		}
		if p.Intents != nil {
			f.Intents = p.Intents
		}
	default:
		if results {
			fields["status"] = "只有登记为已举办（held）时才能填写举办结果"
		}
	}
	f.Status = target
	return nil
}

func statusName(s string) string {
	switch s {
	case FairPlanned:
		return "计划中"
	case FairHeld:
		return "已举办"
	case FairCancelled:
		return "已取消"
	}
	return s
}

func resultName(field string) string {
	return map[string]string{"visitors": "入场人数", "employers_attended": "参会单位数",
		"posts_offered": "提供岗位数", "intents": "达成意向数"}[field]
}

// DeleteFair removes a fair that no job, placement or sign-up points to.
func (s *Store) DeleteFair(ctx context.Context, a Actor, id int64) error {
	return dbErr(s.tx(ctx, func(tx *gorm.DB) error {
		f, err := s.findFair(tx, id)
		if err != nil {
			return err
		}
		if err := a.mayChangeFair(f); err != nil {
			return err
		}
		if err := checkOpen(tx, "starts_at", f.month()); err != nil {
			return err
		}
		for _, ref := range []struct{ table, what string }{
			{"jobs", "岗位"}, {"placements", "就业登记"}, {"signups", "用人单位报名"},
		} {
			var n int64
			if err := tx.Table(ref.table).Where("fair_id = ?", id).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return Errorf(EConflict, "该招聘会还有%d条%s记录，不能删除；可将其取消", n, ref.what)
			}
		}
		d := Deltas{}
		fairDeltas(d, f, -1)
		if err := d.apply(tx); err != nil {
			return err
		}
		if err := tx.Delete(&Fair{}, id).Error; err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionDelete, "fair", id, f.City, removed(f.snapshot()), "")
	}), fmt.Sprintf("delete fair %d", id))
}
