// Package seeds holds the reference data and the plan's goals (data files
// embedded in the binary, with their loader) and the demo generator.
package seeds

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"

	"jobfair/models"
)

//go:embed goals.json
var goalsJSON []byte

// Goals are the goals of the Liaoning 2023–2025 plan, as the seeds carry them.
func Goals() ([]models.Goal, error) {
	var goals []models.Goal
	if err := json.Unmarshal(goalsJSON, &goals); err != nil {
		return nil, fmt.Errorf("read goals.json: %w", err)
	}
	return goals, nil
}

// Load writes the reference data and the plan's goals; running it again
// changes nothing.
func Load(ctx context.Context, s *models.Store) error {
	if err := s.SeedReference(ctx); err != nil {
		return err
	}
	goals, err := Goals()
	if err != nil {
		return err
	}
	if _, err := s.SeedGoals(ctx, goals); err != nil {
		return err
	}
	return nil
}
