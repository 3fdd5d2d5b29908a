package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Sign-up statuses.
const (
	SignupPending  = "pending"
	SignupApproved = "approved"
	SignupDeclined = "declined"
)

// Signup is an employer's request to take part in a fair.
type Signup struct {
	ID           int64      `json:"id"`
	FairID       int64      `json:"fair_id"`
	FairTitle    string     `json:"fair_title" gorm:"->"`
	EmployerID   int64      `json:"employer_id"`
	EmployerName string     `json:"employer_name" gorm:"->"`
	Status       string     `json:"status"`
	Reason       string     `json:"reason"`
	CreatedAt    time.Time  `json:"created_at"`
	DecidedAt    *time.Time `json:"decided_at"`
	DecidedBy    *int64     `json:"-"`
}

const signupSelect = "signups.*, fairs.title AS fair_title, employers.name AS employer_name"

func signupJoins(q *gorm.DB) *gorm.DB {
	return q.Table("signups").Select(signupSelect).
		Joins("JOIN fairs ON fairs.id = signups.fair_id").
		Joins("JOIN employers ON employers.id = signups.employer_id")
}

// CreateSignup signs the actor's employer up for a planned fair.
func (s *Store) CreateSignup(ctx context.Context, a Actor, fairID int64) (*Signup, error) {
	if !a.Is(RoleEmployer) || a.EmployerID == 0 {
		return nil, forbidden("只有用人单位账号可以报名参加招聘会")
	}
	var out Signup
	err := s.tx(ctx, func(tx *gorm.DB) error {
		f, err := s.findFair(tx, fairID)
		if err != nil {
			return err
		}
		if f.Status != FairPlanned {
			return Errorf(EConflict, "招聘会%s，不能报名", statusName(f.Status))
		}
		var existing Signup
		err = tx.Where("fair_id = ? AND employer_id = ?", fairID, a.EmployerID).First(&existing).Error
		if err == nil {
			return Conflict("已报名该招聘会", existing.ID)
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		su := Signup{FairID: fairID, EmployerID: a.EmployerID, Status: SignupPending, CreatedAt: s.now()}
		if err := tx.Omit("fair_title", "employer_name").Create(&su).Error; err != nil {
			return err
		}
		if err := audit(tx, s.now(), a, ActionCreate, "signup", su.ID, f.City,
			Changes{"fair_id": {nil, fairID}, "employer_id": {nil, a.EmployerID}}, ""); err != nil {
			return err
		}
		return signupJoins(tx).Where("signups.id = ?", su.ID).Take(&out).Error
	})
	if err != nil {
		return nil, dbErr(err, "sign up")
	}
	return &out, nil
}

// ListFairSignups lists a fair's sign-ups: its organiser, admins and officials
// see all; an employer sees its own.
func (s *Store) ListFairSignups(ctx context.Context, a Actor, fairID int64, p Page) ([]Signup, int64, error) {
	f, err := s.GetFair(ctx, &a, fairID)
	if err != nil {
		return nil, 0, err
	}
	q := signupJoins(s.read(ctx)).Where("signups.fair_id = ?", f.ID)
	switch {
	case a.Is(RoleEmployer):
		q = q.Where("signups.employer_id = ?", a.EmployerID)
	case a.Is(RoleOrganiser):
		if err := a.mayChangeFair(f); err != nil {
			return nil, 0, err
		}
	}
	return pageOf[Signup](q, p, "signups.id DESC")
}

// SignupFilter selects sign-ups across fairs.
type SignupFilter struct {
	Status string
	Page
}

// ListSignups lists sign-ups across fairs: an employer its own, an organiser
// those of its fairs, officials and admins all in their scope.
func (s *Store) ListSignups(ctx context.Context, a Actor, f SignupFilter) ([]Signup, int64, error) {
	q := signupJoins(s.read(ctx))
	// The count reads the sign-ups alone, and their fairs when the scope
	// needs them: every sign-up has its fair and employer.
	count := s.read(ctx).Table("signups")
	var scope string
	var arg any
	switch {
	case a.Is(RoleEmployer):
		scope, arg = "signups.employer_id = ?", a.EmployerID
	case a.Is(RoleOrganiser) && !a.Is(RoleAdmin):
		scope, arg = "fairs.organiser_id = ?", a.UserID
	case a.City != "" && !a.Is(RoleAdmin):
		scope, arg = "fairs.city = ?", a.City
	}
	if strings.HasPrefix(scope, "fairs.") {
		count = count.Joins("JOIN fairs ON fairs.id = signups.fair_id")
	}
	if scope != "" {
		q, count = q.Where(scope, arg), count.Where(scope, arg)
	}
	if f.Status != "" {
		q, count = q.Where("signups.status = ?", f.Status), count.Where("signups.status = ?", f.Status)
		return pageCounted[Signup](q, count, f.Page, "signups.id DESC")
	}
	// Pending sign-ups first: they wait for a decision. The order is that
	// of the index signups_pending_first (migration 00013).
	return pageCounted[Signup](q, count, f.Page, "CASE WHEN signups.status = 'pending' THEN 0 ELSE 1 END, signups.id DESC")
}

// SignupDecisionInput decides sign-ups: a decline says why.
type SignupDecisionInput struct {
	Status string `json:"status" validate:"required,oneof=approved declined"`
	Reason string `json:"reason" validate:"max=200"`
}

func (in SignupDecisionInput) check(fields map[string]string) {
	for k, v := range CheckStruct(in) {
		fields[k] = v
	}
	if in.Status == SignupDeclined && strings.TrimSpace(in.Reason) == "" && fields["reason"] == "" {
		fields["reason"] = "拒绝报名须填写理由，用人单位会看到"
	}
}

// DecideSignup approves or declines one sign-up of a fair.
func (s *Store) DecideSignup(ctx context.Context, a Actor, fairID, signupID int64, in SignupDecisionInput) (*Signup, error) {
	fields := map[string]string{}
	in.check(fields)
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	var out Signup
	err := s.tx(ctx, func(tx *gorm.DB) error {
		f, err := s.findFair(tx, fairID)
		if err != nil {
			return err
		}
		if err := a.mayChangeFair(f); err != nil {
			return err
		}
		var su Signup
		if err := tx.Omit("fair_title", "employer_name").Where("id = ? AND fair_id = ?", signupID, fairID).First(&su).Error; err != nil {
			return err
		}
		if err := s.decide(tx, a, f, &su, in); err != nil {
			return err
		}
		return signupJoins(tx).Where("signups.id = ?", su.ID).Take(&out).Error
	})
	if err != nil {
		return nil, dbErr(err, fmt.Sprintf("decide signup %d", signupID))
	}
	return &out, nil
}

// decide records a decision on su, audits it and tells the employer's users.
func (s *Store) decide(tx *gorm.DB, a Actor, f *Fair, su *Signup, in SignupDecisionInput) error {
	old := su.Status
	now := s.now()
	reason := ""
	if in.Status == SignupDeclined {
		reason = strings.TrimSpace(in.Reason)
	}
	if err := tx.Model(&Signup{}).Where("id = ?", su.ID).
		Updates(map[string]any{"status": in.Status, "reason": reason, "decided_at": now, "decided_by": a.UserID}).Error; err != nil {
		return err
	}
	changes := Changes{"status": {old, in.Status}}
	if reason != "" {
		changes["reason"] = Change{Old: su.Reason, New: reason}
	}
	if err := audit(tx, now, a, ActionStatus, "signup", su.ID, f.City, changes, ""); err != nil {
		return err
	}
	text := fmt.Sprintf("您单位报名的「%s」已通过审核，请按时参会", f.Title)
	kind := NoticeSignupApproved
	if in.Status == SignupDeclined {
		text, kind = fmt.Sprintf("您单位报名的「%s」未通过审核。理由：%s", f.Title, reason), NoticeSignupDeclined
	}
	return notifyWhere(tx, now, kind, text, "/signups", "role = ? AND employer_id = ?", RoleEmployer, su.EmployerID)
}

// SignupBatch decides several sign-ups at once.
type SignupBatch struct {
	IDs []int64 `json:"ids" validate:"required,min=1,max=500,unique"`
	SignupDecisionInput
}

// DecideSignups decides several pending sign-ups of fairs the actor runs,
// all or none.
func (s *Store) DecideSignups(ctx context.Context, a Actor, in SignupBatch) ([]Signup, error) {
	fields := CheckStruct(in)
	in.check(fields)
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	out := []Signup{}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var list []Signup
		if err := tx.Omit("fair_title", "employer_name").Where("id IN ?", in.IDs).Find(&list).Error; err != nil {
			return err
		}
		fairs := map[int64]*Fair{}
		var bad []string
		for i := range list {
			su := &list[i]
			f := fairs[su.FairID]
			if f == nil {
				var err error
				if f, err = s.findFair(tx, su.FairID); err != nil {
					return err
				}
				fairs[su.FairID] = f
			}
			if a.mayChangeFair(f) != nil || su.Status != SignupPending {
				bad = append(bad, fmt.Sprint(su.ID))
			}
		}
		if len(list) != len(in.IDs) || len(bad) > 0 {
			msg := "只能批量审核本人主办的招聘会中待审核的报名"
			if len(bad) > 0 {
				msg += "；不可审核的报名编号：" + strings.Join(bad, "、")
			}
			return Invalid(map[string]string{"ids": msg})
		}
		for i := range list {
			if err := s.decide(tx, a, fairs[list[i].FairID], &list[i], in.SignupDecisionInput); err != nil {
				return err
			}
		}
		return signupJoins(tx).Where("signups.id IN ?", in.IDs).Order("signups.id").Find(&out).Error
	})
	if err != nil {
		return nil, dbErr(err, "decide signups")
	}
	return out, nil
}

// pageOf counts q and reads one page of it.
func pageOf[T any](q *gorm.DB, p Page, order string) ([]T, int64, error) {
	return pageCounted[T](q, q.Session(&gorm.Session{}), p, order)
}

// pageCounted reads one page of q, and counts its rows with count: a query
// of the same rows that spares what only the page needs.
func pageCounted[T any](q, count *gorm.DB, p Page, order string) ([]T, int64, error) {
	var total int64
	if err := count.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count: %w", err)
	}
	items := []T{}
	if err := q.Order(order).Offset(p.Offset()).Limit(p.Size).Find(&items).Error; err != nil {
		return nil, 0, fmt.Errorf("list: %w", err)
	}
	return items, total, nil
}

// PublicFairView is a fair as anonymous visitors see it, with the employers
// approved for it and how many of the fair's jobs each brings; the jobs
// themselves are paged by PublicFairJobs.
type PublicFairView struct {
	PublicFair
	RegistrationsOpen bool             `json:"registrations_open"`
	Employers         []PublicEmployer `json:"employers"`
}

// PublicEmployer is an employer taking part in a fair.
type PublicEmployer struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	City      string `json:"city"`
	Industry  string `json:"industry"`
	JobsCount int    `json:"jobs_count"`
}

// PublicFair answers a fair's public page.
func (s *Store) PublicFair(ctx context.Context, id int64) (*PublicFairView, error) {
	f, err := s.GetFair(ctx, nil, id)
	if err != nil {
		return nil, err
	}
	view := &PublicFairView{PublicFair: publicFair(f), RegistrationsOpen: f.registrationsOpen(s.now()), Employers: []PublicEmployer{}}
	if err := s.read(ctx).Table("employers").
		Select("employers.id, employers.name, employers.city, employers.industry, "+
			"(SELECT COUNT(*) FROM jobs WHERE jobs.employer_id = employers.id AND jobs.fair_id = ?) AS jobs_count", id).
		Joins("JOIN signups ON signups.employer_id = employers.id").
		Where("signups.fair_id = ? AND signups.status = ?", id, SignupApproved).
		Order("employers.name").Limit(500).Scan(&view.Employers).Error; err != nil {
		return nil, fmt.Errorf("fair employers: %w", err)
	}
	return view, nil
}

// PublicFairJobs lists a fair's own jobs (not cancelled fairs'), newest first.
func (s *Store) PublicFairJobs(ctx context.Context, id int64, p Page) ([]Job, int64, error) {
	if _, err := s.GetFair(ctx, nil, id); err != nil {
		return nil, 0, err
	}
	return pageOf[Job](s.jobQuery(s.read(ctx), JobFilter{FairID: id}, ""), p, "jobs.posted_on DESC, jobs.id DESC")
}

// PublicJobView is a vacancy's public page: the job with its fair.
type PublicJobView struct {
	Job
	Fair *PublicJobFair `json:"fair,omitempty"`
}

// PublicJobFair is the fair a vacancy is offered at.
type PublicJobFair struct {
	ID       int64     `json:"id"`
	Title    string    `json:"title"`
	StartsAt time.Time `json:"starts_at"`
	Venue    string    `json:"venue"`
	City     string    `json:"city"`
}

// PublicJob answers a vacancy's public page.
func (s *Store) PublicJob(ctx context.Context, id int64) (*PublicJobView, error) {
	db := s.read(ctx)
	var j Job
	if err := s.jobQuery(db, JobFilter{}, "").Where("jobs.id = ?", id).Take(&j).Error; err != nil {
		return nil, dbErr(err, fmt.Sprintf("find job %d", id))
	}
	view := &PublicJobView{Job: j}
	if j.FairID != nil {
		if f, err := s.findFair(db, *j.FairID); err == nil && f.Status != FairCancelled {
			view.Fair = &PublicJobFair{ID: f.ID, Title: f.Title, StartsAt: f.StartsAt, Venue: f.Venue, City: f.City}
		}
	}
	return view, nil
}
