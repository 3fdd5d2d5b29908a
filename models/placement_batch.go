package models

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"gorm.io/gorm"
)

// Placements recorded one by one from many clients at once (a fair's desk,
// an office's clerks) are written together: whoever arrives while the
// writer is busy waits for its next group, which takes everyone waiting. A
// transaction's fixed costs (its commit, the summary rows it moves, the
// graduates it looks up) are then paid once for many placements. Each
// placement still succeeds or fails on its own: when any write of a group
// fails, the group is rolled back and every placement is written again in a
// transaction of its own, so that one person's conflict is that person's
// answer only.
type placementBatcher struct {
	start   sync.Once
	stop    sync.Once
	queue   chan *placementWrite
	stopped chan struct{}
}

// maxPlacementGroup bounds the placements written in one transaction.
const maxPlacementGroup = 64

type placementWrite struct {
	a      Actor
	p      *Placement
	fields map[string]string
	done   chan error
}

var errStoreClosed = errors.New("the store is closed")

// writePlacement writes w's placement in the next group and answers its own
// outcome.
func (s *Store) writePlacement(w *placementWrite) error {
	b := &s.placements
	b.start.Do(func() {
		b.queue = make(chan *placementWrite, maxPlacementGroup)
		b.stopped = make(chan struct{})
		go s.writePlacementGroups()
	})
	w.done = make(chan error, 1)
	select {
	case b.queue <- w:
	case <-b.stopped:
		return errStoreClosed
	}
	// The group is not the caller's: it runs to its end even if this
	// caller goes away, and the answer says what happened to the record.
	return <-w.done
}

// stopPlacementGroups ends the writer of groups; placements still queued are
// refused.
func (s *Store) stopPlacementGroups() {
	b := &s.placements
	b.start.Do(func() { b.stopped = make(chan struct{}) })
	b.stop.Do(func() { close(b.stopped) })
}

// writePlacementGroups writes the queued placements in groups until the
// store closes. One goroutine runs it, on both databases: SQLite has one
// writer anyway, and on PostgreSQL several writers of groups waited on each
// other's summary rows and wrote smaller groups, so that one writes more
// placements a second, with shorter waits (see BENCHMARKS.md).
func (s *Store) writePlacementGroups() {
	b := &s.placements
	for {
		var first *placementWrite
		select {
		case first = <-b.queue:
		case <-b.stopped:
			for {
				select {
				case w := <-b.queue:
					w.done <- errStoreClosed
				default:
					return
				}
			}
		}
		group := []*placementWrite{first}
	more:
		for len(group) < maxPlacementGroup {
			select {
			case w := <-b.queue:
				group = append(group, w)
			default:
				break more
			}
		}
		s.writePlacementGroup(group)
	}
}

// errGroupFailed rolls a group back; its placements are then written alone.
var errGroupFailed = errors.New("a placement of the group failed")

func (s *Store) writePlacementGroup(group []*placementWrite) {
	// A group writes placements, summaries, graduates and audit entries,
	// never a user or a session: the sessions remembered stay valid.
	ctx := leavesSignIns(context.Background())
	if len(group) > 1 {
		err := s.tx(ctx, func(tx *gorm.DB) error {
			if s.insertPlacementGroup(tx, group) != nil {
				return errGroupFailed
			}
			return nil
		})
		if err == nil {
			for _, w := range group {
				w.done <- nil
			}
			return
		}
		for _, w := range group {
			w.p.ID = 0
		}
	}
	for _, w := range group {
		w.done <- s.tx(ctx, func(tx *gorm.DB) error { return s.insertPlacementGroup(tx, []*placementWrite{w}) })
	}
}

// insertPlacementGroup writes the group's placements, the summary rows they move,
// the graduates they employ and their audit entries, in tx.
func (s *Store) insertPlacementGroup(tx *gorm.DB, group []*placementWrite) error {
	d := Deltas{}
	hashes := make([]string, 0, len(group))
	entries := make([]AuditEntry, 0, len(group))
	now := s.now()
	// The group's months are checked in one read; if one is closed, the
	// group fails and each placement, written alone, gets its own answer.
	months := make([]cityMonth, len(group))
	for i, w := range group {
		months[i] = cityMonth{w.p.City, monthOf(w.p.PlacedOn)}
	}
	if err := checkOpen(tx, "placed_on", months...); err != nil {
		return err
	}
	ps := make([]*Placement, len(group))
	for i, w := range group {
		p := w.p
		if p.JobID != nil {
			s.checkPlacementRefs(tx, p, w.fields)
			if err := Invalid(w.fields); err != nil {
				return err
			}
		}
		ps[i] = p
	}
	// One INSERT for the group: the ids come back in its order.
	if err := tx.Omit("employer_name").Create(&ps).Error; err != nil {
		return err
	}
	if err := employerNames(tx, ps); err != nil {
		return err
	}
	for _, w := range group {
		p := w.p
		placementDeltas(d, p, +1)
		hashes = append(hashes, p.IDHash)
		entries = append(entries, auditEntry(now, w.a, ActionCreate, "placement", p.ID, p.City, created(p.snapshot()), ""))
	}
	if err := d.apply(tx); err != nil {
		return err
	}
	if err := refreshEmployment(tx, hashes); err != nil {
		return err
	}
	if err := tx.Create(&entries).Error; err != nil {
		return err
	}
	return nil
}

// employerNames gives each placement its employer's name, for the answers,
// in one read for the group: a read per placement cost PostgreSQL a plan
// each.
func employerNames(tx *gorm.DB, ps []*Placement) error {
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.EmployerID
	}
	var rows []struct {
		ID   int64
		Name string
	}
	if err := tx.Table("employers").Select("id, name").Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return fmt.Errorf("employers' names: %w", err)
	}
	names := make(map[int64]string, len(rows))
	for _, r := range rows {
		names[r.ID] = r.Name
	}
	for _, p := range ps {
		p.EmployerName = names[p.EmployerID]
	}
	return nil
}
