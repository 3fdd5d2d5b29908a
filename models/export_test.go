package models

import "context"

// MigrateUpTo runs the migrations through version only, so that tests can
// build a database as an earlier release left it.
func (s *Store) MigrateUpTo(ctx context.Context, version int64) error {
	return s.MigrateFS(ctx, nil, version)
}

// ComparePassword lets tests watch which hashes a login compares against.
var ComparePassword = &comparePassword
