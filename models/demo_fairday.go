package models

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// DemoFairDayFair is a fair the demo gives fair-day records: its results and
// its jobs.
type DemoFairDayFair struct {
	ID       int64
	StartsAt time.Time
	EndsAt   time.Time
	Status   string
	Visitors int
	Intents  int
	Jobs     []int64
}

// DemoFairDayFairs lists the latest held fairs (at most held of them) and
// the planned ones, with their jobs.
func (s *Store) DemoFairDayFairs(ctx context.Context, held int) ([]DemoFairDayFair, error) {
	db := s.read(ctx)
	var fs, planned []Fair
	if err := db.Where("status = ?", FairHeld).Order("start_date DESC, id DESC").Limit(held).Find(&fs).Error; err != nil {
		return nil, fmt.Errorf("demo fair-day fairs: %w", err)
	}
	if err := db.Where("status = ?", FairPlanned).Order("id").Find(&planned).Error; err != nil {
		return nil, fmt.Errorf("demo fair-day fairs: %w", err)
	}
	fs = append(fs, planned...)
	out := make([]DemoFairDayFair, len(fs))
	idx := map[int64]int{}
	ids := make([]int64, len(fs))
	for i, f := range fs {
		out[i] = DemoFairDayFair{ID: f.ID, StartsAt: f.StartsAt, EndsAt: f.EndsAt, Status: f.Status,
			Visitors: deref(f.Visitors), Intents: deref(f.Intents)}
		idx[f.ID], ids[i] = i, f.ID
	}
	if len(ids) == 0 {
		return out, nil
	}
	err := queryIn(db, "SELECT fair_id, id FROM jobs WHERE fair_id IN (%s) ORDER BY fair_id, id", [][]any{anySlice(ids)},
		func(rows *sql.Rows) error {
			var fair, job int64
			if err := rows.Scan(&fair, &job); err != nil {
				return err
			}
			out[idx[fair]].Jobs = append(out[idx[fair]].Jobs, job)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("demo fair-day jobs: %w", err)
	}
	return out, nil
}

// RegistrationDraft is a generated registration with the jobs its seeker
// reached an intent for.
type RegistrationDraft struct {
	FairID       int64
	Name, Phone  string
	WalkIn       bool
	RegisteredAt time.Time
	CheckedInAt  *time.Time
	Jobs         []int64
}

// DemoRegistrations writes generated registrations and intents in one
// transaction, each with a fresh ticket.
func (s *Store) DemoRegistrations(ctx context.Context, drafts []RegistrationDraft) error {
	if len(drafts) == 0 {
		return nil
	}
	tickets := make([]string, len(drafts))
	for i := range tickets {
		t, err := NewTicket()
		if err != nil {
			return err
		}
		tickets[i] = t
	}
	err := s.demoTx(ctx, func(tx *gorm.DB) error {
		err := bulkInsert(tx, s.Dialect, "registrations", []string{"fair_id", "ticket", "name", "phone", "walk_in", "registered_at", "checked_in_at"},
			len(drafts), func(i int, args []any) []any {
				d := &drafts[i]
				var in any
				if d.CheckedInAt != nil {
					in = *d.CheckedInAt
				}
				return append(args, d.FairID, tickets[i], d.Name, d.Phone, d.WalkIn, d.RegisteredAt, in)
			})
		if err != nil {
			return err
		}
		// The intents need the registrations' ids and the jobs' employers.
		var fairs, jobs []int64
		seenFair, seenJob := map[int64]bool{}, map[int64]bool{}
		for _, d := range drafts {
			if !seenFair[d.FairID] {
				seenFair[d.FairID] = true
				fairs = append(fairs, d.FairID)
			}
			for _, j := range d.Jobs {
				if !seenJob[j] {
					seenJob[j] = true
					jobs = append(jobs, j)
				}
			}
		}
		if len(jobs) == 0 {
			return nil
		}
		regID := make(map[string]int64, len(drafts))
		err = queryIn(tx, "SELECT id, ticket FROM registrations WHERE fair_id IN (%s)", [][]any{anySlice(fairs)}, func(rows *sql.Rows) error {
			var id int64
			var t string
			if err := rows.Scan(&id, &t); err != nil {
				return err
			}
			regID[t] = id
			return nil
		})
		if err != nil {
			return err
		}
		employer := make(map[int64]int64, len(jobs))
		err = queryIn(tx, "SELECT id, employer_id FROM jobs WHERE id IN (%s)", [][]any{anySlice(jobs)}, func(rows *sql.Rows) error {
			var id, e int64
			if err := rows.Scan(&id, &e); err != nil {
				return err
			}
			employer[id] = e
			return nil
		})
		if err != nil {
			return err
		}
		type intent struct {
			fair, reg, job int64
			at             time.Time
		}
		var list []intent
		for i, d := range drafts {
			for k, j := range d.Jobs {
				list = append(list, intent{d.FairID, regID[tickets[i]], j, d.CheckedInAt.Add(time.Duration(20+15*k) * time.Minute)})
			}
		}
		return bulkInsert(tx, s.Dialect, "intents", []string{"fair_id", "registration_id", "job_id", "employer_id", "created_at"},
			len(list), func(i int, args []any) []any {
				it := &list[i]
				return append(args, it.fair, it.reg, it.job, employer[it.job], it.at)
			})
	})
	return dbErr(err, "write demo registrations")
}

// DemoJobDetails gives the jobs of the given fairs a description and a
// contact, as employers fill in for job seekers.
func (s *Store) DemoJobDetails(ctx context.Context, fairs []int64) error {
	if len(fairs) == 0 {
		return nil
	}
	q := "UPDATE jobs SET description = '岗位职责：负责' || title || '相关工作，服从班组安排。\n任职要求：身体健康，责任心强，有相关经验者优先。\n待遇：五险一金，带薪年假，节日福利。', " +
		"contact_name = '人力资源部', contact_phone = '024-2' || SUBSTR('000000' || CAST(id AS TEXT), -6, 6) WHERE fair_id IN ?"
	return dbErr(s.write(context.WithoutCancel(ctx)).Exec(q, fairs).Error, "write demo job details")
}
