package models

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

//go:embed migrations
var migrations embed.FS

// Store is the platform's storage: every query lives behind its methods.
type Store struct {
	// db serves reads; wdb serves writes. On SQLite wdb holds a single
	// connection, so writers queue in Go instead of failing with SQLITE_BUSY.
	db  *gorm.DB
	wdb *gorm.DB
	// Dialect is "sqlite" or "postgres".
	Dialect string
	secret  []byte
	// dsn is what Open was given: backups of PostgreSQL hand it to pg_dump.
	dsn string
	// Now is the clock; tests replace it.
	Now func() time.Time
	// gen counts writes; sessions remembers recent sign-ins (see Authenticate).
	gen      generation
	sessions sessionCache
	// placements writes concurrent placements in groups.
	placements placementBatcher
	// checkpoints copies SQLite's write-ahead log into the file (see checkpointer).
	checkpoints *checkpointer
}

// IsPostgres reports whether a DSN names a PostgreSQL server (else it is a
// SQLite file).
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// plannerSettings are the server's PostgreSQL session settings, for a
// database whose working set is in memory and whose queries each read a
// page of rows: a random read costs about what a sequential one does (1.1,
// as usual for SSDs and cached data, against the default 4, which made
// searches read a whole table rather than an index of a few hundred rows),
// no parallel workers (starting them cost more than the 20-row pages they
// served: a search went from 60 to 280 ms with them), and a plan of its own
// for every execution of a prepared statement. pgx prepares each query once
// per connection; from the sixth execution PostgreSQL would otherwise switch
// to a generic plan, made without the values, whenever it looks cheaper on
// average: a name search then went from 40 to 450 ms, on every later request
// of the connection. A DSN that sets any of them keeps its own.
var plannerSettings = [][2]string{{"random_page_cost", "1.1"}, {"max_parallel_workers_per_gather", "0"},
	{"plan_cache_mode", "force_custom_plan"}}

// Open connects to dsn: a postgres:// URL selects PostgreSQL, anything else is
// a SQLite file path. secret keys the hashes of ID numbers.
func Open(ctx context.Context, dsn string, secret []byte) (*Store, error) {
	cfg := &gorm.Config{
		Logger:                 logger.Discard, // SQL carries personal data; it never enters a log
		TranslateError:         true,
		SkipDefaultTransaction: true,
	}
	s := &Store{secret: secret, dsn: dsn, Now: time.Now}
	// Row timestamps follow the store's clock, as the audit trail does.
	cfg.NowFunc = s.now
	if IsPostgres(dsn) {
		db, err := gorm.Open(postgres.Open(withURLDefaults(withApplicationName(dsn, ApplicationName), plannerSettings...)), cfg)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		sqlDB, err := db.DB()
		if err != nil {
			return nil, err
		}
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(20)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		s.db, s.wdb, s.Dialect = db, db, "postgres"
	} else {
		if err := createPrivate(dsn); err != nil {
			return nil, err
		}
		params := "_journal_mode=WAL&_foreign_keys=on&_busy_timeout=10000&_synchronous=NORMAL"
		wdb, err := gorm.Open(sqlite.Open("file:"+dsn+"?"+params+"&_txlock=immediate&_cache_size=-65536"), cfg)
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		w, err := wdb.DB()
		if err != nil {
			return nil, err
		}
		if err := requireFTS5(w); err != nil {
			w.Close()
			return nil, err
		}
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		w.SetConnMaxIdleTime(0)
		// Readers keep prepared statements: parsing is a large share of a
		// small query's cost on SQLite. The writer must not: gorm prepares
		// on the pool, and with one connection held by a transaction that
		// waits for ever. (PostgreSQL's driver caches statements itself.)
		rcfg := *cfg
		rcfg.PrepareStmt = true
		rcfg.PrepareStmtMaxSize = 500
		rcfg.PrepareStmtTTL = time.Hour
		rdb, err := gorm.Open(sqlite.Open("file:"+dsn+"?"+params+"&mode=ro"), &rcfg)
		if err != nil {
			return nil, fmt.Errorf("open sqlite reader: %w", err)
		}
		r, err := rdb.DB()
		if err != nil {
			return nil, err
		}
		r.SetMaxOpenConns(8)
		r.SetMaxIdleConns(8)
		s.db, s.wdb, s.Dialect = rdb, wdb, "sqlite"
		if err := s.startCheckpoints(w, dsn, params); err != nil {
			s.Close()
			return nil, err
		}
	}
	if err := s.watchWrites(s.wdb); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// ErrNoFTS5 is Open's answer on SQLite when the binary was built without
// FTS5, which text search needs.
var ErrNoFTS5 = errors.New("this binary was built without SQLite's FTS5, which text search needs: " +
	"build it with the tag sqlite_fts5 (go build -tags sqlite_fts5, as make build does; " +
	"for go test and go run, GOFLAGS=-tags=sqlite_fts5)")

// requireFTS5 checks that the SQLite linked in has FTS5 (mattn/go-sqlite3
// compiles it in only with the build tag sqlite_fts5).
func requireFTS5(db *sql.DB) error {
	var on bool
	if err := db.QueryRow("SELECT sqlite_compileoption_used('ENABLE_FTS5')").Scan(&on); err != nil {
		return fmt.Errorf("open sqlite: %w", err)
	}
	if !on {
		return ErrNoFTS5
	}
	return nil
}

// createPrivate makes the folder (0700) and the empty file (0600) of a SQLite
// database that does not exist yet, since it holds personal data; SQLite
// gives its -wal and -shm files the database file's mode.
func createPrivate(path string) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("create database folder: %w", err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	return f.Close()
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.WithContext(ctx).Raw("SELECT 1").Scan(&one).Error; err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Close stops the placement writer and the checkpointer, and releases the pools.
func (s *Store) Close() error {
	s.stopPlacementGroups()
	errs := []error{s.checkpoints.close()}
	pools := []*gorm.DB{s.db}
	if s.wdb != s.db {
		pools = append(pools, s.wdb)
	}
	for _, g := range pools {
		if d, err := g.DB(); err == nil {
			errs = append(errs, d.Close())
		}
	}
	return errors.Join(errs...)
}

// Migrate runs the versioned migrations not yet applied, each in its own
// transaction, recorded in goose_db_version (see MigrateFS).
func (s *Store) Migrate(ctx context.Context) error {
	return s.MigrateFS(ctx, nil, 0)
}

// MigrationFiles lists the migration files of a dialect, for the test that
// keeps both dialects in step.
func MigrationFiles(dialect string) ([]string, error) {
	entries, err := migrations.ReadDir("migrations/" + dialect)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names, nil
}

// SQLDB is the writer's database/sql handle, for tools that speak plain SQL.
func (s *Store) SQLDB() (*sql.DB, error) { return s.wdb.DB() }

// read and write are the pools bound to ctx.
func (s *Store) read(ctx context.Context) *gorm.DB  { return s.db.WithContext(ctx) }
func (s *Store) write(ctx context.Context) *gorm.DB { return s.wdb.WithContext(ctx) }

// tx runs fn in one write transaction.
func (s *Store) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	// Readers that began during the transaction may remember what it had not
	// yet committed; moving the generation again after the commit ends that.
	defer s.committed(s.signInGeneration())
	return s.write(ctx).Transaction(fn)
}

// dbErr turns gorm's not-found and constraint errors into domain errors.
func dbErr(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return fmt.Errorf("%s: %w", what, &Error{Code: EConflict, Message: "记录已存在"})
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return fmt.Errorf("%s: %w", what, &Error{Code: EConflict, Message: "有其他记录引用此记录，无法完成操作"})
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}

// Now in UTC, from the store's clock.
func (s *Store) now() time.Time { return s.Now().UTC() }

// Today in Asia/Shanghai, from the store's clock.
func (s *Store) Today() Date { return Today(s.Now()) }
