package models_test

import (
	"context"
	"regexp"
	"slices"
	"sort"
	"testing"

	"jobfair/models"
	"jobfair/models/storetest"
)

func TestMigrationFilesInStep(t *testing.T) {
	lite, err := models.MigrationFiles("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	pg, err := models.MigrationFiles("postgres")
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 {
		t.Fatal("no migrations")
	}
	if !slices.Equal(lite, pg) {
		t.Errorf("migration files differ:\nsqlite   %v\npostgres %v", lite, pg)
	}
}

// column is what both databases must agree on.
type column struct {
	Name    string
	NotNull bool
}

// schema answers table -> columns of a migrated database.
func schema(t *testing.T, s *models.Store) map[string][]column {
	t.Helper()
	db, err := s.SQLDB()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]column{}
	switch s.Dialect {
	case "sqlite":
		var tables []string
		// Ordinary tables only: the text search's FTS5 tables (virtual, and
		// their shadow tables) have no counterpart on PostgreSQL.
		rows, err := db.Query("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				t.Fatal(err)
			}
			tables = append(tables, name)
		}
		rows.Close()
		for _, table := range tables {
			rows, err := db.Query("SELECT name, \"notnull\", pk FROM pragma_table_info(?)", table)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var c column
				var notNull, pk int
				if err := rows.Scan(&c.Name, &notNull, &pk); err != nil {
					t.Fatal(err)
				}
				c.NotNull = notNull == 1 || pk > 0
				out[table] = append(out[table], c)
			}
			rows.Close()
		}
	case "postgres":
		rows, err := db.Query(`SELECT table_name, column_name, is_nullable FROM information_schema.columns
			WHERE table_schema = current_schema()`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var table, nullable string
			var c column
			if err := rows.Scan(&table, &c.Name, &nullable); err != nil {
				t.Fatal(err)
			}
			c.NotNull = nullable == "NO"
			out[table] = append(out[table], c)
		}
	}
	for table := range out {
		sort.Slice(out[table], func(i, j int) bool { return out[table][i].Name < out[table][j].Name })
	}
	return out
}

func TestSchemasInStep(t *testing.T) {
	lite := schema(t, storetest.NewStore(t, "sqlite"))
	pg := schema(t, storetest.NewStore(t, "postgres"))
	for _, table := range []string{"employers", "fairs", "fair_programmes", "signups", "jobs", "placements",
		"visits", "tallies", "users", "sessions", "goals", "goal_reports", "audit_log"} {
		if _, ok := lite[table]; !ok {
			t.Errorf("table %s missing", table)
		}
	}
	for table, cols := range lite {
		if table == "goose_db_version" { // goose's own bookkeeping, created by its dialect
			continue
		}
		if !slices.Equal(cols, pg[table]) {
			t.Errorf("table %s differs:\nsqlite   %v\npostgres %v", table, cols, pg[table])
		}
	}
	for table := range pg {
		if _, ok := lite[table]; !ok {
			t.Errorf("table %s only on postgres", table)
		}
	}
}

func TestMigrateTwiceChangesNothing(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			s := storetest.NewStore(t, d)
			before := schema(t, s)
			if err := s.Migrate(context.Background()); err != nil {
				t.Fatalf("second migrate: %v", err)
			}
			after := schema(t, s)
			if len(before) != len(after) {
				t.Errorf("tables %d -> %d", len(before), len(after))
			}
			db, _ := s.SQLDB()
			var n int
			if err := db.QueryRow("SELECT COUNT(*) FROM cities").Scan(&n); err != nil || n != 14 {
				t.Errorf("cities: %d, %v", n, err)
			}
		})
	}
}

// On PostgreSQL a placement's city is checked against a list written into
// migration 00018 rather than looked up in cities: the list must be the
// cities the reference data seeds, neither more nor fewer.
func TestPlacementCityCheckListsTheCities(t *testing.T) {
	s := storetest.NewStore(t, "postgres")
	db, err := s.SQLDB()
	if err != nil {
		t.Fatal(err)
	}
	var def string
	err = db.QueryRow(`SELECT pg_get_constraintdef(oid) FROM pg_constraint
		WHERE conname = 'placements_city_check' AND conrelid = 'placements'::regclass`).Scan(&def)
	if err != nil {
		t.Fatalf("placements_city_check: %v", err)
	}
	var listed []string
	for _, m := range regexp.MustCompile(`'([^']*)'`).FindAllStringSubmatch(def, -1) {
		listed = append(listed, m[1])
	}
	var seeded []string
	for _, c := range models.Cities {
		seeded = append(seeded, c.Name)
	}
	slices.Sort(listed)
	slices.Sort(seeded)
	if !slices.Equal(listed, seeded) {
		t.Errorf("the check lists %v, the reference data seeds %v", listed, seeded)
	}
}
