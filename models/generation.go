package models

import (
	"context"
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
//
// signIns is a second counter, for what is remembered of a session: it moves
// with every write too, except the statements of a context marked by
// leavesSignIns, which write no user and no session (placements recorded one
// by one from many clients would otherwise make every request read its
// session again).
type generation struct{ n, signIns atomic.Uint64 }

// Generation is the store's write counter.
func (s *Store) Generation() uint64 { return s.gen.n.Load() }

// signInGeneration is the counter of writes that may change a session or
// its user.
func (s *Store) signInGeneration() uint64 { return s.gen.signIns.Load() }

// Changed moves the generation: the caller wrote, or is about to write,
// without going through the store's own statements.
func (s *Store) Changed() {
	s.gen.n.Add(1)
	s.gen.signIns.Add(1)
}

// Writing moves the generation, not the sign-in one: a request that may
// write begins or ends. The statements it runs move both, unless marked by
// leavesSignIns, so that a session remembered is forgotten only when a write
// may have changed it.
func (s *Store) Writing() { s.gen.n.Add(1) }

// signInsLeft marks a context whose writes leave users and sessions alone.
type signInsLeft struct{}

// leavesSignIns marks ctx: its statements write no user and no session, and
// do not move the sign-in generation.
func leavesSignIns(ctx context.Context) context.Context {
	return context.WithValue(ctx, signInsLeft{}, true)
}

// wrote moves the generation after a statement of db that can write.
func (s *Store) wrote(db *gorm.DB) {
	s.gen.n.Add(1)
	if db.Statement.Context == nil || db.Statement.Context.Value(signInsLeft{}) == nil {
		s.gen.signIns.Add(1)
	}
}

// committed moves the generation once a transaction has ended, and the
// sign-in generation too when it moved since signIns, the value it had
// when the transaction began.
func (s *Store) committed(signIns uint64) {
	s.gen.n.Add(1)
	if s.gen.signIns.Load() != signIns {
		s.gen.signIns.Add(1)
	}
}

// watchWrites moves the generation after every statement that can write.
func (s *Store) watchWrites(db *gorm.DB) error {
	bump := s.wrote
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
