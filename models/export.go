package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Exports read a whole year or more in one query, row by row, and hand each
// row on before reading the next, so that memory stays flat.

// exportCheckEvery is how many rows an export on SQLite reads between two
// looks at its request's context.
const exportCheckEvery = 1000

// exportCtx is the context an export reads under. SQLite's driver watches a
// cancellable context by running each row's step in a goroutine of its own,
// which costs more than reading the row: on SQLite an export reads detached
// from ctx and looks at ctx itself every exportCheckEvery rows.
func (s *Store) exportCtx(ctx context.Context) context.Context {
	if s.Dialect == "postgres" {
		return ctx
	}
	return context.WithoutCancel(ctx)
}

// exportDay selects a date column for an export. SQLite's driver parses a
// DATE column into a time.Time trying format after format; as text it
// arrives as stored, and Date reads it directly.
func (s *Store) exportDay(col string) string {
	if s.Dialect == "postgres" {
		return col
	}
	return "CAST(" + col + " AS TEXT)"
}

// storedTime scans a timestamp that SQLite gives as text (selected through
// exportDay) or PostgreSQL as time.Time.
type storedTime struct{ t *time.Time }

func (st storedTime) Scan(v any) error {
	switch x := v.(type) {
	case time.Time:
		*st.t = x
		return nil
	case string:
		return st.parse(x)
	case []byte:
		return st.parse(string(x))
	case int64:
		*st.t = time.Unix(x, 0).UTC()
		return nil
	}
	return fmt.Errorf("scan time from %T", v)
}

// parse reads a timestamp as SQLite's driver writes and reads it: what it
// cannot read is the zero time, as the driver has it.
func (st storedTime) parse(s string) error {
	s = strings.TrimSuffix(s, "Z")
	for _, layout := range sqlite3.SQLiteTimestampFormats {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			*st.t = t
			return nil
		}
	}
	*st.t = time.Time{}
	return nil
}

// EachPlacement streams the placements of a filter in list order, for exports.
func (s *Store) EachPlacement(ctx context.Context, a Actor, f PlacementFilter, fn func(*Placement) error) error {
	city, err := a.placementScope(f)
	if err != nil {
		return err
	}
	// The columns are named and scanned directly rather than through gorm's
	// reflection, and the hash stays behind.
	rows, err := s.placementQuery(s.read(s.exportCtx(ctx)), f, city).
		Select("placements.id, placements.person_name, placements.id_masked, " + s.exportDay("placements.birth_date") +
			", placements.sex, placements.groups, placements.employer_id, employers.name, placements.job_id, placements.fair_id, " +
			"placements.city, " + s.exportDay("placements.placed_on") + ", " + s.exportDay("placements.created_at")).
		Order("placements.placed_on DESC, placements.id DESC").Rows()
	if err != nil {
		return fmt.Errorf("export placements: %w", err)
	}
	defer rows.Close()
	for n := 0; rows.Next(); n++ {
		if n%exportCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var p Placement
		if err := rows.Scan(&p.ID, &p.PersonName, &p.IDMasked, &p.BirthDate, &p.Sex, &p.Groups, &p.EmployerID,
			&p.EmployerName, &p.JobID, &p.FairID, &p.City, &p.PlacedOn, storedTime{&p.CreatedAt}); err != nil {
			return fmt.Errorf("scan placement: %w", err)
		}
		_ = p.AfterFind(nil)
		if err := fn(&p); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachJob streams the jobs of a filter in list order, in the actor's scope
// (an employer: its own), for exports.
func (s *Store) EachJob(ctx context.Context, a Actor, f JobFilter, fn func(*Job) error) error {
	f, city, err := a.jobScope(f)
	if err != nil {
		return err
	}
	rows, err := s.jobQuery(s.read(s.exportCtx(ctx)), f, city).
		Select("jobs.id, jobs.employer_id, employers.name, jobs.title, jobs.city, jobs.headcount, jobs.for_graduates, " +
			"jobs.fair_id, " + s.exportDay("jobs.posted_on") + ", jobs.salary_min, jobs.salary_max, jobs.education, " +
			s.exportDay("jobs.created_at")).
		Order("jobs.posted_on DESC, jobs.id DESC").Rows()
	if err != nil {
		return fmt.Errorf("export jobs: %w", err)
	}
	defer rows.Close()
	for n := 0; rows.Next(); n++ {
		if n%exportCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var j Job
		if err := rows.Scan(&j.ID, &j.EmployerID, &j.EmployerName, &j.Title, &j.City, &j.Headcount, &j.ForGraduates,
			&j.FairID, &j.PostedOn, &j.SalaryMin, &j.SalaryMax, &j.Education, storedTime{&j.CreatedAt}); err != nil {
			return fmt.Errorf("scan job: %w", err)
		}
		if err := fn(&j); err != nil {
			return err
		}
	}
	return rows.Err()
}
