package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Goal sources and kinds.
const (
	SourceComputed = "computed"
	SourceReported = "reported"
	KindCount      = "count" // computed from the records, accrues through the year
	KindShare      = "share" // a fraction of the year's records; does not accrue
	KindStock      = "stock" // reported; the latest period counts
	KindFlow       = "flow"  // reported; periods add up
	ScopeProvince  = "province"
)

// Goal is a target of the plan in force over years YearFrom..YearTo, for the
// province or (Scope = a city name) for one city.
type Goal struct {
	ID             int64     `json:"id"`
	Code           string    `json:"code"`
	Name           string    `json:"name"`
	Scope          string    `json:"scope"`
	YearFrom       int       `json:"year_from"`
	YearTo         int       `json:"year_to"`
	Target         float64   `json:"target"`
	Unit           string    `json:"unit"`
	Comparison     string    `json:"comparison"`
	Source         string    `json:"source"`
	Kind           string    `json:"kind"`
	CarriedForward bool      `json:"carried_forward"`
	SourceText     string    `json:"source_text"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// SeedGoals inserts the goals that are not there yet, keyed by code, scope and
// years; goals admins have edited are left as they are.
func (s *Store) SeedGoals(ctx context.Context, goals []Goal) (int, error) {
	added := 0
	err := s.tx(ctx, func(tx *gorm.DB) error {
		for _, g := range goals {
			g.ID = 0
			res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&g)
			if res.Error != nil {
				return res.Error
			}
			added += int(res.RowsAffected)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("seed goals: %w", err)
	}
	return added, nil
}

// SeedReference writes the cities, programmes and person groups, idempotently.
func (s *Store) SeedReference(ctx context.Context) error {
	return dbErr(s.tx(ctx, func(tx *gorm.DB) error {
		for i, c := range Cities {
			if err := tx.Exec("INSERT INTO cities (name, code, sort) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET code = excluded.code, sort = excluded.sort",
				c.Name, c.Code, i).Error; err != nil {
				return err
			}
		}
		for table, list := range map[string][]Label{"programmes": Programmes, "person_groups": Groups} {
			for i, l := range list {
				if err := tx.Exec("INSERT INTO "+table+" (code, name, sort) VALUES (?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name, sort = excluded.sort",
					l.Code, l.Name, i).Error; err != nil {
					return err
				}
			}
		}
		return nil
	}), "seed reference data")
}

// IsEmpty reports whether no fair, employer, job or placement exists yet.
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	for _, t := range []string{"employers", "fairs", "jobs", "placements"} {
		var n int64
		if err := s.read(ctx).Table(t).Limit(1).Count(&n).Error; err != nil {
			return false, fmt.Errorf("count %s: %w", t, err)
		}
		if n > 0 {
			return false, nil
		}
	}
	return true, nil
}
