package models

import (
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// SQLite's write-ahead log is copied back into the database file by a
// checkpoint. By default the connection that commits runs one whenever the
// log has passed 1,000 pages, inside the commit's call: a request that
// happened to commit then waited while thousands of pages were written and
// the file synced. The store's writer does not checkpoint; a connection of
// its own does, a moment after writes, while the writer goes on (a PASSIVE
// checkpoint takes no lock that writers wait for).

// checkpointEvery is how often the checkpointer looks for new writes.
const checkpointEvery = 250 * time.Millisecond

// checkpointer copies the write-ahead log of a SQLite database into the
// database file after writes.
type checkpointer struct {
	db   *sql.DB
	stop chan struct{}
	done chan struct{}
	once sync.Once // a store may be closed twice
}

// startCheckpoints turns off the writer's own checkpoints and starts the
// checkpointer on a connection of its own to the file path.
func (s *Store) startCheckpoints(writer *sql.DB, path, params string) error {
	db, err := sql.Open("sqlite3", "file:"+path+"?"+params)
	if err != nil {
		return fmt.Errorf("open sqlite checkpointer: %w", err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxIdleTime(0)
	if err := db.Ping(); err != nil {
		db.Close()
		return fmt.Errorf("open sqlite checkpointer: %w", err)
	}
	// The writer keeps one connection for its life (see Open); should the
	// pool ever open another, that one checkpoints by itself as before.
	if _, err := writer.Exec("PRAGMA wal_autocheckpoint = 0"); err != nil {
		db.Close()
		return fmt.Errorf("open sqlite: %w", err)
	}
	c := &checkpointer{db: db, stop: make(chan struct{}), done: make(chan struct{})}
	s.checkpoints = c
	go func() {
		defer close(c.done)
		tick := time.NewTicker(checkpointEvery)
		defer tick.Stop()
		seen := s.Generation()
		for {
			select {
			case <-c.stop:
				return
			case <-tick.C:
			}
			if g := s.Generation(); g != seen {
				seen = g
				if _, err := db.Exec("PRAGMA wal_checkpoint(PASSIVE)"); err != nil {
					slog.Warn("sqlite checkpoint", "err", err)
				}
			}
		}
	}()
	return nil
}

// close ends the checkpointer and closes its connection.
func (c *checkpointer) close() error {
	if c == nil {
		return nil
	}
	var err error
	c.once.Do(func() {
		close(c.stop)
		<-c.done
		err = c.db.Close()
	})
	return err
}
