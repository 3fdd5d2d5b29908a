package models

import (
	"context"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// MigrationsFS is the embedded migrations of a dialect ("sqlite" or
// "postgres"), one SQL file per version.
func MigrationsFS(dialect string) (fs.FS, error) {
	return fs.Sub(migrations, "migrations/"+dialect)
}

// MigrateFS runs the migrations in fsys (nil: the embedded ones) that are
// not yet applied, up to version upTo (0: all). Each migration runs in its own
// transaction with its row in goose_db_version, so one that fails leaves the
// schema and the recorded version as the previous migration left them; both
// SQLite and PostgreSQL change their schema transactionally. On PostgreSQL,
// instances starting together take turns under an advisory lock of their
// schema, so only one of them migrates.
func (s *Store) MigrateFS(ctx context.Context, fsys fs.FS, upTo int64) error {
	sqlDB, err := s.wdb.DB()
	if err != nil {
		return err
	}
	if fsys == nil {
		if fsys, err = MigrationsFS(s.Dialect); err != nil {
			return err
		}
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if s.Dialect == "postgres" {
		dialect = goose.DialectPostgres
		var schema string
		if err := s.write(ctx).Raw("SELECT current_schema()").Scan(&schema).Error; err != nil {
			return fmt.Errorf("migrations: %w", err)
		}
		h := fnv.New64a()
		h.Write([]byte("jobfair migrations " + schema))
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64()>>1)), lock.WithLockTimeout(1, 900))
		if err != nil {
			return fmt.Errorf("migrations: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, sqlDB, fsys, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if upTo > 0 {
		_, err = p.UpTo(ctx, upTo)
	} else {
		_, err = p.Up(ctx)
	}
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// LatestSchemaVersion is the version of the newest migration this release
// carries for a dialect.
func LatestSchemaVersion(dialect string) (int64, error) {
	names, err := MigrationFiles(dialect)
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, n := range names {
		if path.Ext(n) != ".sql" {
			continue
		}
		digits, _, _ := strings.Cut(n, "_")
		v, err := strconv.ParseInt(digits, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("migration %s: no version number", n)
		}
		latest = max(latest, v)
	}
	return latest, nil
}

// SchemaVersion is the newest migration applied to the database (0 before
// the first start).
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	exists, err := s.hasTable(ctx, "goose_db_version")
	if err != nil || !exists {
		return 0, err
	}
	var v int64
	if err := s.read(ctx).Raw("SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied").Scan(&v).Error; err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// hasTable reports whether the database (on PostgreSQL: the schema in the
// search path) has a table of that name.
func (s *Store) hasTable(ctx context.Context, table string) (bool, error) {
	q := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	if s.Dialect == "postgres" {
		q = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"
	}
	var n int64
	if err := s.read(ctx).Raw(q, table).Scan(&n).Error; err != nil {
		return false, fmt.Errorf("look for table %s: %w", table, err)
	}
	return n > 0, nil
}

// NotReady says why the server should not be sent requests yet.
type NotReady struct{ Reason string }

func (e *NotReady) Error() string { return e.Reason }

// Ready checks what a load balancer needs before it sends requests: the
// database answers, and its schema is the one this release migrates to (a
// database that is behind still has migrations to run; one that is ahead was
// upgraded by a newer release). It answers a *NotReady when it is not.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return &NotReady{Reason: "数据库暂时无法访问"}
	}
	have, err := s.SchemaVersion(ctx)
	if err != nil {
		return &NotReady{Reason: "无法读取数据库结构版本"}
	}
	want, err := LatestSchemaVersion(s.Dialect)
	if err != nil {
		return err
	}
	switch {
	case have < want:
		return &NotReady{Reason: fmt.Sprintf("数据库结构版本为 %d，本版本需要 %d：迁移尚未完成", have, want)}
	case have > want:
		return &NotReady{Reason: fmt.Sprintf("数据库结构版本为 %d，比本版本（%d）新：请运行新版本", have, want)}
	}
	return nil
}
