package models

import (
	"context"
	"fmt"
)

// MigrateUpTo runs the migrations through version only, so that tests can
// build a database as an earlier release left it.
func (s *Store) MigrateUpTo(ctx context.Context, version int64) error {
	p, err := s.migrations()
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("migrate to %d: %w", version, err)
	}
	return nil
}
