package models

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm"
)

// GraduateDraft is a generated graduate with its raw ID number and its
// contacts and services, which the store hashes, derives and writes like
// registered ones.
type GraduateDraft struct {
	Graduate
	IDNumber string
	Contacts []GraduateContact
	Services []GraduateService
}

// DemoGraduates records generated graduates with their logs in one
// transaction: the derived fields are computed from the logs and from the
// placements already written, and the tallies move as for single writes.
// progress hears how many graduates went in.
func (s *Store) DemoGraduates(ctx context.Context, drafts []GraduateDraft, progress func(int)) error {
	gs := make([]Graduate, len(drafts))
	years := map[int]bool{}
	for i := range drafts {
		d := &drafts[i]
		id, err := ParseIDNumber(d.IDNumber)
		if err != nil {
			return fmt.Errorf("demo graduate %d: %w", i, err)
		}
		g := d.Graduate
		g.IDHash, g.IDMasked = id.Hash(s.secret), id.Masked()
		g.ContactsCount = len(d.Contacts)
		for _, c := range d.Contacts {
			if c.Reached && (g.FirstReachedOn.IsZero() || c.On.Before(g.FirstReachedOn)) {
				g.FirstReachedOn = c.On
			}
			if c.On.After(g.LastContactOn) {
				g.LastContactOn = c.On
			}
		}
		for _, sv := range d.Services {
			g.ServiceCounts.add(sv.Kind, 1)
			if g.FirstServiceOn.IsZero() || sv.On.Before(g.FirstServiceOn) {
				g.FirstServiceOn = sv.On
			}
		}
		gs[i] = g
		years[g.GraduationYear] = true
	}
	err := s.demoTx(ctx, func(tx *gorm.DB) error {
		d := Deltas{}
		for start := 0; start < len(gs); start += demoSlice {
			if err := ctx.Err(); err != nil {
				return err
			}
			chunk := gs[start:min(start+demoSlice, len(gs))]
			if err := employAll(tx, chunk); err != nil {
				return err
			}
			if err := s.insertGraduates(tx, chunk, d); err != nil {
				return err
			}
			if progress != nil {
				progress(len(chunk))
			}
		}
		ids := make(map[personYear]int64, len(gs))
		list := make([]int, 0, len(years))
		for y := range years {
			list = append(list, y)
		}
		err := queryIn(tx, "SELECT id, id_hash, graduation_year FROM graduates WHERE graduation_year IN (%s)",
			[][]any{anySlice(list)}, func(rows *sql.Rows) error {
				var id int64
				var k personYear
				if err := rows.Scan(&id, &k.hash, &k.year); err != nil {
					return err
				}
				ids[k] = id
				return nil
			})
		if err != nil {
			return fmt.Errorf("read demo graduate ids: %w", err)
		}
		nc, ns := 0, 0
		for i := range drafts {
			nc += len(drafts[i].Contacts)
			ns += len(drafts[i].Services)
		}
		contacts := make([]GraduateContact, 0, nc)
		services := make([]GraduateService, 0, ns)
		for i := range drafts {
			id := ids[personYear{gs[i].IDHash, gs[i].GraduationYear}]
			for _, c := range drafts[i].Contacts {
				c.GraduateID = id
				contacts = append(contacts, c)
			}
			for _, sv := range drafts[i].Services {
				sv.GraduateID = id
				services = append(services, sv)
			}
		}
		now := s.now()
		err = bulkInsert(tx, s.Dialect, "graduate_contacts", []string{"graduate_id", "contacted_on", "channel", "reached", "note",
			"created_by", "created_at"}, len(contacts), func(i int, args []any) []any {
			c := &contacts[i]
			return append(args, c.GraduateID, c.On.String(), c.Channel, c.Reached, c.Note, nullID(c.CreatedBy), now)
		})
		if err != nil {
			return err
		}
		err = bulkInsert(tx, s.Dialect, "graduate_services", []string{"graduate_id", "served_on", "kind", "job_id", "note",
			"created_by", "created_at"}, len(services), func(i int, args []any) []any {
			sv := &services[i]
			return append(args, sv.GraduateID, sv.On.String(), sv.Kind, nullID(sv.JobID), sv.Note, nullID(sv.CreatedBy), now)
		})
		if err != nil {
			return err
		}
		return d.apply(tx)
	})
	return dbErr(err, "write demo graduates")
}
