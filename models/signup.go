package models

import (
	"context"
	"errors"
	"fmt"
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
	switch {
	case a.Is(RoleEmployer):
		q = q.Where("signups.employer_id = ?", a.EmployerID)
	case a.Is(RoleOrganiser) && !a.Is(RoleAdmin):
		q = q.Where("fairs.organiser_id = ?", a.UserID)
	case a.City != "" && !a.Is(RoleAdmin):
		q = q.Where("fairs.city = ?", a.City)
	}
	if f.Status != "" {
		q = q.Where("signups.status = ?", f.Status)
	}
	return pageOf[Signup](q, f.Page, "signups.id DESC")
}

// DecideSignup approves or declines a sign-up: the fair's organiser or an admin.
func (s *Store) DecideSignup(ctx context.Context, a Actor, fairID, signupID int64, status string) (*Signup, error) {
	if status != SignupApproved && status != SignupDeclined {
		return nil, Invalid(map[string]string{"status": "状态必须是 approved 或 declined"})
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
		old := su.Status
		now := s.now()
		if err := tx.Model(&Signup{}).Where("id = ?", su.ID).
			Updates(map[string]any{"status": status, "decided_at": now, "decided_by": a.UserID}).Error; err != nil {
			return err
		}
		if err := audit(tx, now, a, ActionStatus, "signup", su.ID, f.City, Changes{"status": {old, status}}, ""); err != nil {
			return err
		}
		return signupJoins(tx).Where("signups.id = ?", su.ID).Take(&out).Error
	})
	if err != nil {
		return nil, dbErr(err, fmt.Sprintf("decide signup %d", signupID))
	}
	return &out, nil
}

// pageOf counts q and reads one page of it.
func pageOf[T any](q *gorm.DB, p Page, order string) ([]T, int64, error) {
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count: %w", err)
	}
	items := []T{}
	if err := q.Order(order).Offset(p.Offset()).Limit(p.Size).Find(&items).Error; err != nil {
		return nil, 0, fmt.Errorf("list: %w", err)
	}
	return items, total, nil
}

// PublicFairView is a fair as anonymous visitors see it, with the employers
// approved for it and their vacancies.
type PublicFairView struct {
	PublicFair
	Employers []PublicEmployer `json:"employers"`
}

// PublicEmployer is an employer taking part in a fair.
type PublicEmployer struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	City     string `json:"city"`
	Industry string `json:"industry"`
	Jobs     []Job  `json:"jobs"`
}

// PublicFair answers a planned or held fair with its approved employers and
// their vacancies (those posted for this fair, else their latest).
func (s *Store) PublicFair(ctx context.Context, id int64) (*PublicFairView, error) {
	f, err := s.GetFair(ctx, nil, id)
	if err != nil {
		return nil, err
	}
	view := &PublicFairView{PublicFair: publicFair(f), Employers: []PublicEmployer{}}
	var emps []Employer
	if err := s.read(ctx).Table("employers").Select("employers.*").
		Joins("JOIN signups ON signups.employer_id = employers.id").
		Where("signups.fair_id = ? AND signups.status = ?", id, SignupApproved).
		Order("employers.name").Limit(500).Find(&emps).Error; err != nil {
		return nil, fmt.Errorf("fair employers: %w", err)
	}
	for _, e := range emps {
		var jobs []Job
		if err := s.jobQuery(s.read(ctx), JobFilter{EmployerID: e.ID}, "").
			Order("CASE WHEN jobs.fair_id = " + fmt.Sprint(id) + " THEN 0 ELSE 1 END, jobs.posted_on DESC, jobs.id DESC").
			Limit(20).Find(&jobs).Error; err != nil {
			return nil, fmt.Errorf("fair employer jobs: %w", err)
		}
		view.Employers = append(view.Employers, PublicEmployer{ID: e.ID, Name: e.Name, City: e.City, Industry: e.Industry, Jobs: jobs})
	}
	return view, nil
}
