package models

import (
	"sync/atomic"

	"gorm.io/gorm"
)

// The store's generation moves on every write: at the write's statements and
// again once its transaction has committed. Whatever is remembered of a read
// (a session, an answer; see api/cache.go) keeps the generation it was read
// at, and is stale as soon as the generation moves. It counts the writes of
// this process only: what other processes write (another instance behind the
// load balancer, a command such as `jobfair purge`) is seen when the memory
// expires, which its keeper bounds to about a second.
type generation struct{ n atomic.Uint64 }

// Generation is the store's write counter.
func (s *Store) Generation() uint64 { return s.gen.n.Load() }

// Changed moves the generation: the caller wrote, or is about to write,
// without going through the store's own statements.
func (s *Store) Changed() { s.gen.n.Add(1) }

// watchWrites moves the generation after every statement that can write.
func (s *Store) watchWrites(db *gorm.DB) error {
	bump := func(*gorm.DB) { s.Changed() }
	cb := db.Callback()
	if err := cb.Create().After("gorm:create").Register("jobfair:changed", bump); err != nil {
		return err
	}
	if err := cb.Update().After("gorm:update").Register("jobfair:changed", bump); err != nil {
		return err
	}
	if err := cb.Delete().After("gorm:delete").Register("jobfair:changed", bump); err != nil {
		return err
	}
	return cb.Raw().After("gorm:raw").Register("jobfair:changed", bump)
}
