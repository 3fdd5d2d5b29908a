package models

import (
	"context"

	"gorm.io/gorm"
)

// MigrateUpTo runs the migrations through version only, so that tests can
// build a database as an earlier release left it.
func (s *Store) MigrateUpTo(ctx context.Context, version int64) error {
	return s.MigrateFS(ctx, nil, version)
}

// ComparePassword lets tests watch which hashes a login compares against.
var ComparePassword = &comparePassword

// BulkSetting is a PostgreSQL session setting as a bulk transaction (bulkTx)
// sees it.
func (s *Store) BulkSetting(ctx context.Context, name string) (string, error) {
	var v string
	err := s.bulkTx(ctx, func(tx *gorm.DB) error { return tx.Raw("SHOW " + name).Scan(&v).Error })
	return v, err
}

// SessionCacheAge lets tests remember sessions longer than a busy machine
// may take between two steps.
var SessionCacheAge = &sessionCacheAge
