package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// scratchPostgres opens the server of base, creates a thing of a random name
// with create (CREATE SCHEMA, CREATE DATABASE) and answers its name and a
// drop that removes it with dropSQL and closes the connection.
func scratchPostgres(ctx context.Context, base, create, dropSQL string) (name string, drop func() error, err error) {
	db, err := gorm.Open(postgres.Open(base), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return "", nil, fmt.Errorf("open postgres: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name = "t_" + hex.EncodeToString(b)
	if err := db.WithContext(ctx).Exec(fmt.Sprintf(create, name)).Error; err != nil {
		sqlDB.Close()
		return "", nil, fmt.Errorf("%s: %w", fmt.Sprintf(create, name), err)
	}
	return name, func() error {
		defer sqlDB.Close()
		return db.Exec(fmt.Sprintf(dropSQL, name)).Error
	}, nil
}

// NewPostgresSchema makes an empty schema of its own on the PostgreSQL
// server of base and answers a DSN that works in it, and a drop that removes
// it with all it holds. Tests and the bench use it to get a fresh database
// per run without creating databases.
func NewPostgresSchema(ctx context.Context, base string) (dsn string, drop func() error, err error) {
	schema, drop, err := scratchPostgres(ctx, base, "CREATE SCHEMA %s", "DROP SCHEMA %s CASCADE")
	if err != nil {
		return "", nil, err
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema, drop, nil
}

// CountRows counts the rows of one of the platform's tables, named in
// lower case and underscores (it goes into the SQL as it is).
func (s *Store) CountRows(ctx context.Context, table string) (int64, error) {
	if table == "" || strings.Trim(table, "abcdefghijklmnopqrstuvwxyz_") != "" {
		return 0, fmt.Errorf("count rows: bad table name %q", table)
	}
	var n int64
	if err := s.read(ctx).Raw("SELECT COUNT(*) FROM " + table).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("count %s: %w", table, err)
	}
	return n, nil
}

// NewPostgresDatabase makes an empty database on the PostgreSQL server of
// base (whose role may create databases) and answers its DSN, and a drop
// that removes it, closing whatever is still connected to it.
func NewPostgresDatabase(ctx context.Context, base string) (dsn string, drop func() error, err error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	name, drop, err := scratchPostgres(ctx, base, "CREATE DATABASE %s", "DROP DATABASE %s WITH (FORCE)")
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}
