package models

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Fair day: a job seeker registers for a planned fair and gets a ticket, is
// checked in at the door by the fair's organiser, and employers record the
// intents (达成意向) they reach at their booths. The fair's page shows what was
// recorded, and closing it as held proposes those figures.

// Registration is a job seeker's registration for a fair. Only the name and
// phone are kept, for the stated use; a year after the fair they are cleared.
type Registration struct {
	ID           int64      `json:"id"`
	FairID       int64      `json:"fair_id"`
	Ticket       string     `json:"-"`
	Name         string     `json:"name"`
	Phone        *string    `json:"phone"`
	WalkIn       bool       `json:"walk_in"`
	RegisteredAt time.Time  `json:"registered_at"`
	CheckedInAt  *time.Time `json:"checked_in_at"`
	CheckedInBy  *int64     `json:"-"`
}

// RegistrationInput registers for a fair (anonymous) or a walk-in at the door.
type RegistrationInput struct {
	Name    string `json:"name" validate:"required,notblank,max=50"`
	Phone   string `json:"phone" validate:"required"`
	Consent bool   `json:"consent"`
}

// TicketInfo is what a ticket's page shows.
type TicketInfo struct {
	Ticket       string     `json:"ticket"`
	FairID       int64      `json:"fair_id"`
	Name         string     `json:"name"`
	Phone        string     `json:"phone"`
	RegisteredAt time.Time  `json:"registered_at"`
	CheckedInAt  *time.Time `json:"checked_in_at"`
	Fair         PublicFair `json:"fair"`
}

// Registered answers a registration: the ticket that is its only key.
type Registered struct {
	Ticket string `json:"ticket"`
	FairID int64  `json:"fair_id"`
}

// ticketBytes is the ticket's randomness: 128 bits from the system's
// cryptographic source, written as 26 base32 characters.
const ticketBytes = 16

var ticketEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTicket draws a ticket.
func NewTicket() (string, error) {
	b := make([]byte, ticketBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("draw ticket: %w", err)
	}
	return strings.ToLower(ticketEncoding.EncodeToString(b)), nil
}

// normalTicket reads a ticket as typed: case and spaces do not matter.
func normalTicket(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

func checkRegistration(in RegistrationInput, fields map[string]string) (name, phone string) {
	for k, v := range CheckStruct(in) {
		fields[k] = v
	}
	name, phone = strings.TrimSpace(in.Name), strings.TrimSpace(in.Phone)
	if _, bad := fields["phone"]; !bad && !mobilePattern.MatchString(phone) {
		fields["phone"] = "手机号应为11位大陆手机号码"
	}
	return name, phone
}

// registrationsOpen reports whether job seekers may still register: a
// planned fair that has not ended.
func (f *Fair) registrationsOpen(now time.Time) bool {
	return f.Status == FairPlanned && f.EndsAt.After(now)
}

// Register registers a job seeker for a planned fair (anonymous): name and
// phone, with consent to their stated use. The same phone twice is a conflict.
func (s *Store) Register(ctx context.Context, fairID int64, in RegistrationInput) (*Registered, error) {
	fields := map[string]string{}
	name, phone := checkRegistration(in, fields)
	if !in.Consent {
		fields["consent"] = "请阅读并同意个人信息的使用说明"
	}
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	ticket, err := NewTicket()
	if err != nil {
		return nil, err
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		f, err := s.findFair(tx, fairID)
		if err != nil {
			return err
		}
		if !f.registrationsOpen(s.now()) {
			return Errorf(EConflict, "招聘会%s，不再接受报名", closedReason(f, s.now()))
		}
		r := &Registration{FairID: fairID, Ticket: ticket, Name: name, Phone: &phone, RegisteredAt: s.now()}
		return tx.Create(r).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		err = Errorf(EConflict, "该手机号已报名本场招聘会")
	}
	if err != nil {
		return nil, dbErr(err, fmt.Sprintf("register for fair %d", fairID))
	}
	return &Registered{Ticket: ticket, FairID: fairID}, nil
}

func closedReason(f *Fair, now time.Time) string {
	if f.Status != FairPlanned {
		return statusName(f.Status)
	}
	return "已结束"
}

// Ticket answers a ticket's page; the name and phone are masked.
func (s *Store) Ticket(ctx context.Context, ticket string) (*TicketInfo, error) {
	db := s.read(ctx)
	var r Registration
	if err := db.Where("ticket = ?", normalTicket(ticket)).Take(&r).Error; err != nil {
		return nil, dbErr(err, "find ticket")
	}
	f, err := s.findFair(db, r.FairID)
	if err != nil {
		return nil, err
	}
	return &TicketInfo{Ticket: r.Ticket, FairID: r.FairID, Name: maskName(r.Name), Phone: MaskPhone(deref64(r.Phone)),
		RegisteredAt: r.RegisteredAt, CheckedInAt: r.CheckedInAt, Fair: publicFair(f)}, nil
}

func deref64(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// mayRunFairDay: the fair's organiser and admins run its door.
func (a Actor) mayRunFairDay(f *Fair) error {
	if a.Is(RoleAdmin) || a.Is(RoleOrganiser) && f.OrganiserID != nil && *f.OrganiserID == a.UserID {
		return nil
	}
	return forbidden("只有本场招聘会的主办方可以签到")
}

// CheckinInput checks a ticket in, or registers a walk-in and checks it in.
type CheckinInput struct {
	Ticket string `json:"ticket" validate:"max=64"`
	Name   string `json:"name" validate:"max=50"`
	Phone  string `json:"phone" validate:"max=20"`
}

// Checkin answers a check-in at the door.
type Checkin struct {
	RegistrationID int64     `json:"registration_id"`
	CheckedInAt    time.Time `json:"checked_in_at"`
	Name           string    `json:"name"`
	WalkIn         bool      `json:"walk_in"`
	Checkins       int64     `json:"checkins"`
}

// CheckIn checks a ticket in at the fair's door, or registers a walk-in and
// checks it in at once. A second scan of a ticket is a conflict naming the time.
func (s *Store) CheckIn(ctx context.Context, a Actor, fairID int64, in CheckinInput) (*Checkin, error) {
	fields := CheckStruct(in)
	ticket := normalTicket(in.Ticket)
	walkIn := ticket == ""
	var name, phone string
	if walkIn {
		if strings.TrimSpace(in.Name) == "" && strings.TrimSpace(in.Phone) == "" {
			fields["ticket"] = "请扫描或输入入场票号，或填写现场登记的姓名和手机号"
		} else {
			name, phone = checkRegistration(RegistrationInput{Name: in.Name, Phone: in.Phone}, fields)
		}
	}
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	now := s.now()
	out := &Checkin{CheckedInAt: now, WalkIn: walkIn}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		f, err := s.findFair(tx, fairID)
		if err != nil {
			return err
		}
		if err := a.mayRunFairDay(f); err != nil {
			return err
		}
		if f.Status == FairCancelled {
			return Errorf(EConflict, "招聘会已取消")
		}
		var r Registration
		if walkIn {
			t, err := NewTicket()
			if err != nil {
				return err
			}
			r = Registration{FairID: fairID, Ticket: t, Name: name, Phone: &phone, WalkIn: true, RegisteredAt: now,
				CheckedInAt: &now, CheckedInBy: &a.UserID}
			if err := tx.Create(&r).Error; err != nil {
				if errors.Is(err, gorm.ErrDuplicatedKey) {
					return Invalid(map[string]string{"phone": "该手机号已报名本场招聘会，请扫描其入场票"})
				}
				return err
			}
		} else {
			res := tx.Model(&Registration{}).Where("ticket = ? AND fair_id = ? AND checked_in_at IS NULL", ticket, fairID).
				Updates(map[string]any{"checked_in_at": now, "checked_in_by": a.UserID})
			if res.Error != nil {
				return res.Error
			}
			if err := tx.Where("ticket = ?", ticket).Take(&r).Error; err != nil {
				if errors.Is(err, gorm.ErrRecordNotFound) {
					return Invalid(map[string]string{"ticket": "票号无效：没有这张入场票"})
				}
				return err
			}
			switch {
			case r.FairID != fairID:
				return Invalid(map[string]string{"ticket": "这张入场票不是本场招聘会的"})
			case res.RowsAffected == 0:
				return Errorf(EConflict, "已签到（%s）", r.CheckedInAt.In(Shanghai).Format("15:04"))
			}
		}
		out.RegistrationID, out.Name = r.ID, maskName(r.Name)
		return tx.Model(&Registration{}).Where("fair_id = ? AND checked_in_at IS NOT NULL", fairID).Count(&out.Checkins).Error
	})
	if err != nil {
		return nil, dbErr(err, fmt.Sprintf("check in at fair %d", fairID))
	}
	return out, nil
}

// RegistrationFilter selects a fair's registrations.
type RegistrationFilter struct {
	CheckedIn *bool
	Q         string // name or phone
	Page
}

// ListRegistrations lists a fair's registrations, latest check-in first. The
// fair's organiser and admins see phones in full; officials of the city masked.
func (s *Store) ListRegistrations(ctx context.Context, a Actor, fairID int64, f RegistrationFilter) ([]Registration, int64, error) {
	db := s.read(ctx)
	fair, err := s.findFair(db, fairID)
	if err != nil {
		return nil, 0, err
	}
	if !a.SeesCity(fair.City) {
		return nil, 0, fmt.Errorf("fair %d: %w", fairID, ErrNotFound)
	}
	full := a.mayRunFairDay(fair) == nil
	if !full && !a.Is(RoleOfficial) {
		return nil, 0, forbidden("只有本场招聘会的主办方可以查看报名人员")
	}
	q := db.Model(&Registration{}).Where("fair_id = ?", fairID)
	if f.CheckedIn != nil {
		if *f.CheckedIn {
			q = q.Where("checked_in_at IS NOT NULL")
		} else {
			q = q.Where("checked_in_at IS NULL")
		}
	}
	for _, w := range strings.Fields(f.Q) {
		q = q.Where(`(name LIKE ? ESCAPE '\' OR phone = ?)`, containsPattern(w), w)
	}
	items, total, err := pageOf[Registration](q, f.Page, "checked_in_at DESC, id DESC")
	if !full {
		for i := range items {
			items[i].Name = maskName(items[i].Name)
			if items[i].Phone != nil {
				m := MaskPhone(*items[i].Phone)
				items[i].Phone = &m
			}
		}
	}
	return items, total, err
}

// Recorded are a fair's figures as the platform recorded them on the day.
type Recorded struct {
	Registrations     int64 `json:"registrations"`
	Checkins          int64 `json:"checkins"`
	EmployersApproved int64 `json:"employers_approved"`
	Intents           int64 `json:"intents"` // distinct checked-in people with an intent
	Posts             int64 `json:"posts"`   // headcount of the fair's jobs
}

// recorded counts a fair's recorded figures.
func recorded(db *gorm.DB, fairID int64) (*Recorded, error) {
	r := &Recorded{}
	err := db.Raw(`SELECT
		(SELECT COUNT(*) FROM registrations WHERE fair_id = ?) AS registrations,
		(SELECT COUNT(*) FROM registrations WHERE fair_id = ? AND checked_in_at IS NOT NULL) AS checkins,
		(SELECT COUNT(*) FROM signups WHERE fair_id = ? AND status = ?) AS employers_approved,
		(SELECT COUNT(DISTINCT registration_id) FROM intents WHERE fair_id = ?) AS intents,
		(SELECT COALESCE(SUM(headcount), 0) FROM jobs WHERE fair_id = ?) AS posts`,
		fairID, fairID, fairID, SignupApproved, fairID, fairID).Scan(r).Error
	if err != nil {
		return nil, fmt.Errorf("recorded figures of fair %d: %w", fairID, err)
	}
	return r, nil
}

// IntentInput records an intent reached at a booth.
type IntentInput struct {
	Ticket string `json:"ticket" validate:"required,max=64"`
	JobID  *int64 `json:"job_id" validate:"required"`
}

// Intent is an intent (达成意向) between a checked-in job seeker and a job.
type Intent struct {
	ID             int64     `json:"id"`
	FairID         int64     `json:"-"`
	RegistrationID int64     `json:"registration_id"`
	JobID          int64     `json:"job_id"`
	JobTitle       string    `json:"job_title" gorm:"->"`
	EmployerID     int64     `json:"employer_id"`
	EmployerName   string    `json:"employer_name" gorm:"->"`
	Name           string    `json:"name" gorm:"->"`
	CreatedBy      *int64    `json:"-"`
	CreatedAt      time.Time `json:"created_at"`
}

// RecordIntent records an intent: by an employer approved for the fair, for
// its own job of the fair, or by the fair's organiser; the seeker's ticket
// must be checked in. The same ticket and job twice is a conflict.
func (s *Store) RecordIntent(ctx context.Context, a Actor, fairID int64, in IntentInput) (*Intent, error) {
	fields := CheckStruct(in)
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	var out *Intent
	err := s.tx(ctx, func(tx *gorm.DB) error {
		f, err := s.findFair(tx, fairID)
		if err != nil {
			return err
		}
		switch {
		case a.Is(RoleEmployer):
			var n int64
			if err := tx.Model(&Signup{}).Where("fair_id = ? AND employer_id = ? AND status = ?", fairID, a.EmployerID, SignupApproved).
				Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				return forbidden("本单位的报名尚未获准参加这场招聘会")
			}
		default:
			if err := a.mayRunFairDay(f); err != nil {
				return err
			}
		}
		var j Job
		if err := tx.Select("id, employer_id, title, fair_id").Where("id = ?", *in.JobID).Take(&j).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				fields["job_id"] = "岗位不存在"
			} else {
				return err
			}
		} else if j.FairID == nil || *j.FairID != fairID {
			fields["job_id"] = "该岗位不属于本场招聘会"
		} else if a.Is(RoleEmployer) && j.EmployerID != a.EmployerID {
			fields["job_id"] = "只能为本单位的岗位登记意向"
		}
		var r Registration
		if err := tx.Where("ticket = ?", normalTicket(in.Ticket)).Take(&r).Error; err != nil {
			if !errors.Is(err, gorm.ErrRecordNotFound) {
				return err
			}
			fields["ticket"] = "票号无效：没有这张入场票"
		} else if r.FairID != fairID {
			fields["ticket"] = "这张入场票不是本场招聘会的"
		} else if r.CheckedInAt == nil {
			fields["ticket"] = "求职者尚未签到入场"
		}
		if err := Invalid(fields); err != nil {
			return err
		}
		it := &Intent{FairID: fairID, RegistrationID: r.ID, JobID: j.ID, EmployerID: j.EmployerID, CreatedAt: s.now()}
		if a.UserID != 0 {
			it.CreatedBy = &a.UserID
		}
		if err := tx.Omit("job_title", "employer_name", "name").Create(it).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return Errorf(EConflict, "已为该求职者登记过这个岗位的意向")
			}
			return err
		}
		it.JobTitle, it.Name = j.Title, maskName(r.Name)
		out = it
		return nil
	})
	if err != nil {
		return nil, dbErr(err, fmt.Sprintf("record intent at fair %d", fairID))
	}
	return out, nil
}

// ListIntents lists a fair's intents, newest first: an employer its own; the
// fair's organiser, admins and the city's officials all. Names are masked.
func (s *Store) ListIntents(ctx context.Context, a Actor, fairID int64, p Page) ([]Intent, int64, error) {
	db := s.read(ctx)
	f, err := s.findFair(db, fairID)
	if err != nil {
		return nil, 0, err
	}
	q := db.Table("intents").Select("intents.*, jobs.title AS job_title, employers.name AS employer_name, registrations.name AS name").
		Joins("JOIN jobs ON jobs.id = intents.job_id").Joins("JOIN employers ON employers.id = intents.employer_id").
		Joins("JOIN registrations ON registrations.id = intents.registration_id").Where("intents.fair_id = ?", fairID)
	switch {
	case a.Is(RoleEmployer):
		q = q.Where("intents.employer_id = ?", a.EmployerID)
	case !a.SeesCity(f.City):
		return nil, 0, fmt.Errorf("fair %d: %w", fairID, ErrNotFound)
	case a.mayRunFairDay(f) == nil, a.Is(RoleOfficial):
	default:
		return nil, 0, forbidden("只有本场招聘会的主办方可以查看意向")
	}
	items, total, err := pageOf[Intent](q, p, "intents.id DESC")
	for i := range items {
		items[i].Name = maskName(items[i].Name)
	}
	return items, total, err
}

// PurgeRegistrations clears the names and phones of the registrations of
// fairs that ended more than a year before today, keeping the rows so that
// the recorded figures stand. It answers how many it cleared; with dryRun it
// only counts them.
func (s *Store) PurgeRegistrations(ctx context.Context, dryRun bool) (int64, error) {
	cutoff := s.now().AddDate(-1, 0, 0)
	var n int64
	err := s.tx(ctx, func(tx *gorm.DB) error {
		fairs := tx.Model(&Fair{}).Select("id").Where("ends_at < ?", cutoff)
		q := tx.Model(&Registration{}).Where("fair_id IN (?) AND phone IS NOT NULL", fairs)
		if err := q.Count(&n).Error; err != nil {
			return err
		}
		if dryRun || n == 0 {
			return nil
		}
		if err := tx.Model(&Registration{}).Where("fair_id IN (?) AND phone IS NOT NULL", fairs).
			Updates(map[string]any{"name": "", "phone": nil}).Error; err != nil {
			return err
		}
		return audit(tx, s.now(), System, ActionDelete, "registration", 0, "", nil,
			fmt.Sprintf("清除%s以前结束的招聘会的报名人员信息：%d条", DateOf(cutoff), n))
	})
	if err != nil {
		return 0, fmt.Errorf("purge registrations: %w", err)
	}
	return n, nil
}
