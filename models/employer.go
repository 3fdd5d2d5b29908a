package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Employer is a company or institution that posts vacancies.
type Employer struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	CreditCode string    `json:"credit_code"`
	City       string    `json:"city"`
	Industry   string    `json:"industry"`
	CreatedBy  *int64    `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

func (e *Employer) snapshot() map[string]any {
	return map[string]any{"name": e.Name, "credit_code": e.CreditCode, "city": e.City, "industry": e.Industry}
}

// EmployerInput registers an employer.
type EmployerInput struct {
	Name       string `json:"name" validate:"required,notblank,max=200"`
	CreditCode string `json:"credit_code" validate:"required,credit_code"`
	City       string `json:"city" validate:"required,city"`
	Industry   string `json:"industry" validate:"max=100"`
}

// EmployerPatch changes an employer; nil fields stay.
type EmployerPatch struct {
	Name       *string `json:"name" validate:"omitempty,notblank,max=200"`
	CreditCode *string `json:"credit_code" validate:"omitempty,credit_code"`
	City       *string `json:"city" validate:"omitempty,city"`
	Industry   *string `json:"industry" validate:"omitempty,max=100"`
}

// CreateEmployer registers an employer (admins, and organisers in their city).
func (s *Store) CreateEmployer(ctx context.Context, a Actor, in EmployerInput) (*Employer, error) {
	if !a.Is(RoleAdmin, RoleOrganiser) {
		return nil, ErrForbidden
	}
	in.CreditCode = NormalizeCreditCode(in.CreditCode)
	if err := Invalid(CheckStruct(in)); err != nil {
		return nil, err
	}
	if !a.mayWriteCity(in.City) {
		return nil, errOtherCity
	}
	e := &Employer{Name: strings.TrimSpace(in.Name), CreditCode: in.CreditCode, City: in.City,
		Industry: strings.TrimSpace(in.Industry)}
	if a.UserID != 0 {
		e.CreatedBy = &a.UserID
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var existing Employer
		err := tx.Select("id").Where("credit_code = ?", e.CreditCode).First(&existing).Error
		if err == nil {
			return &Error{Code: EConflict, Message: "该统一社会信用代码已登记", ID: existing.ID,
				Fields: map[string]string{"credit_code": "该统一社会信用代码已登记"}}
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		if err := tx.Create(e).Error; err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionCreate, "employer", e.ID, e.City, created(e.snapshot()), "")
	})
	if err != nil {
		return nil, dbErr(err, "create employer")
	}
	return e, nil
}

// EmployerFilter selects employers.
type EmployerFilter struct {
	City, Q string
	Page
}

// ListEmployers lists employers in the actor's scope; an employer user sees only its own.
func (s *Store) ListEmployers(ctx context.Context, a Actor, f EmployerFilter) ([]Employer, int64, error) {
	city, ok := a.ScopeCity(f.City)
	if !ok {
		return nil, 0, errOtherCity
	}
	q := s.read(ctx).Model(&Employer{})
	if a.Is(RoleEmployer) {
		q = q.Where("id = ?", a.EmployerID)
	} else if city != "" {
		q = q.Where("city = ?", city)
	}
	q = s.searchWords(q, f.Q, employerSearch)
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count employers: %w", err)
	}
	var items []Employer
	err := q.Order("id DESC").Offset(f.Offset()).Limit(f.Size).Find(&items).Error
	return items, total, dbErr(err, "list employers")
}

func (a Actor) seesEmployer(e *Employer) bool {
	if a.Is(RoleEmployer) {
		return a.EmployerID == e.ID
	}
	return a.SeesCity(e.City)
}

// GetEmployer finds an employer visible to the actor.
func (s *Store) GetEmployer(ctx context.Context, a Actor, id int64) (*Employer, error) {
	var e Employer
	if err := s.read(ctx).First(&e, id).Error; err != nil {
		return nil, dbErr(err, fmt.Sprintf("find employer %d", id))
	}
	if !a.seesEmployer(&e) {
		return nil, fmt.Errorf("employer %d: %w", id, ErrNotFound)
	}
	return &e, nil
}

// UpdateEmployer changes an employer's record: admins, or the employer itself.
func (s *Store) UpdateEmployer(ctx context.Context, a Actor, id int64, p EmployerPatch) (*Employer, error) {
	if err := Invalid(CheckStruct(p)); err != nil {
		return nil, err
	}
	var e Employer
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&e, id).Error; err != nil {
			return err
		}
		if !(a.Is(RoleAdmin) || a.Is(RoleEmployer) && a.EmployerID == e.ID) {
			return ErrForbidden
		}
		before := e.snapshot()
		if p.Name != nil {
			e.Name = strings.TrimSpace(*p.Name)
		}
		// The city and the credit code decide where the employer's records
		// count and who it is: an employer user cannot change them itself.
		if p.City != nil && *p.City != e.City {
			if a.Is(RoleEmployer) {
				return forbidden("用人单位不能自行修改所在城市，请联系主办方或管理员")
			}
			e.City = *p.City
		}
		if p.CreditCode != nil && NormalizeCreditCode(*p.CreditCode) != e.CreditCode {
			if a.Is(RoleEmployer) {
				return forbidden("用人单位不能自行修改统一社会信用代码，请联系管理员")
			}
			e.CreditCode = NormalizeCreditCode(*p.CreditCode)
			var existing Employer
			err := tx.Select("id").Where("credit_code = ? AND id <> ?", e.CreditCode, e.ID).First(&existing).Error
			if err == nil {
				return &Error{Code: EConflict, Message: "该统一社会信用代码已登记", ID: existing.ID,
					Fields: map[string]string{"credit_code": "该统一社会信用代码已登记"}}
			}
			if !errors.Is(err, gorm.ErrRecordNotFound) {
				return err
			}
		}
		if p.Industry != nil {
			e.Industry = strings.TrimSpace(*p.Industry)
		}
		if err := tx.Save(&e).Error; err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionUpdate, "employer", e.ID, e.City, diff(before, e.snapshot()), "")
	})
	if err != nil {
		return nil, dbErr(err, fmt.Sprintf("update employer %d", id))
	}
	return &e, nil
}

// DeleteEmployer removes an employer no record points to (admins only).
func (s *Store) DeleteEmployer(ctx context.Context, a Actor, id int64) error {
	if !a.Is(RoleAdmin) {
		return ErrForbidden
	}
	return dbErr(s.tx(ctx, func(tx *gorm.DB) error {
		var e Employer
		if err := tx.First(&e, id).Error; err != nil {
			return err
		}
		for _, ref := range []struct{ table, what string }{
			{"jobs", "岗位"}, {"placements", "就业登记"}, {"signups", "招聘会报名"}, {"users", "用户账号"},
		} {
			var n int64
			if err := tx.Table(ref.table).Where("employer_id = ?", id).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return Errorf(EConflict, "该用人单位还有%d条%s记录，不能删除", n, ref.what)
			}
		}
		if err := tx.Delete(&Employer{}, id).Error; err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionDelete, "employer", id, e.City, removed(e.snapshot()), "")
	}), fmt.Sprintf("delete employer %d", id))
}

// EmployerIDsByCreditCode maps credit codes to employer ids, for imports.
func (s *Store) EmployerIDsByCreditCode(ctx context.Context, codes []string) (map[string]int64, error) {
	out := make(map[string]int64, len(codes))
	for start := 0; start < len(codes); start += 500 {
		end := min(start+500, len(codes))
		var rows []Employer
		if err := s.read(ctx).Select("id, credit_code").Where("credit_code IN ?", codes[start:end]).Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("find employers by credit code: %w", err)
		}
		for _, r := range rows {
			out[r.CreditCode] = r.ID
		}
	}
	return out, nil
}
