package models

import (
	"context"
	"fmt"
)

// EachJob streams the jobs of a filter in list order, in the actor's scope
// (an employer: its own), for exports.
func (s *Store) EachJob(ctx context.Context, a Actor, f JobFilter, fn func(*Job) error) error {
	f, city, err := a.jobScope(f)
	if err != nil {
		return err
	}
	rows, err := s.jobQuery(s.read(ctx), f, city).
		Select("jobs.id, jobs.employer_id, employers.name, jobs.title, jobs.city, jobs.headcount, jobs.for_graduates, " +
			"jobs.fair_id, jobs.posted_on, jobs.salary_min, jobs.salary_max, jobs.education, jobs.created_at").
		Order("jobs.posted_on DESC, jobs.id DESC").Rows()
	if err != nil {
		return fmt.Errorf("export jobs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var j Job
		if err := rows.Scan(&j.ID, &j.EmployerID, &j.EmployerName, &j.Title, &j.City, &j.Headcount, &j.ForGraduates,
			&j.FairID, &j.PostedOn, &j.SalaryMin, &j.SalaryMax, &j.Education, &j.CreatedAt); err != nil {
			return fmt.Errorf("scan job: %w", err)
		}
		if err := fn(&j); err != nil {
			return err
		}
	}
	return rows.Err()
}
