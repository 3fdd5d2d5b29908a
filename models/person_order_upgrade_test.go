package models_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"jobfair/models"
	"jobfair/models/storetest"
)

// Migration 00016 orders the person index by year first; on SQLite it copies
// the placements table. The placements, the graduates' links to them, the
// sequence of ids, the one-placement-a-year rule and the name search all
// come through, and a person is still found by ID number.
func TestUpgradeToPersonYearOrder(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			s, db := storeAt(t, d, 15)
			bind := func(q string) string { return bindFor(d, q) }
			insertID := func(q string, args ...any) int64 {
				t.Helper()
				var id int64
				if err := db.QueryRowContext(ctx, bind(q+" RETURNING id"), args...).Scan(&id); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				return id
			}
			now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
			emp := insertID("INSERT INTO employers (name, credit_code, city, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
				"沈阳测试机械有限公司", "91210100MA0TEST01X", "沈阳市", now, now)
			idNumber := storetest.IDNumber("210102", "1999-03-04", 7)
			id, err := models.ParseIDNumber(idNumber)
			if err != nil {
				t.Fatal(err)
			}
			hash := id.Hash(storetest.Secret)
			const insertPlacement = "INSERT INTO placements (person_name, id_hash, id_masked, birth_date, sex, groups, employer_id, city, placed_on, year, created_at) " +
				"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			kept := insertID(insertPlacement, "王晓明", hash, id.Masked(), "1999-03-04", "男", ",graduate,", emp, "沈阳市", "2025-05-06", 2025, now)
			gone := insertID(insertPlacement, "李四", "other-hash", "2101**********0000", "1990-01-01", "女", "", emp, "沈阳市", "2025-05-07", 2025, now)
			if _, err := db.ExecContext(ctx, bind("DELETE FROM placements WHERE id = ?"), gone); err != nil {
				t.Fatal(err)
			}
			graduate := insertID("INSERT INTO graduates (person_name, id_hash, id_masked, school, education, graduation_year, city, registered_on, status, employed_on, placement_id, created_at) "+
				"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				"王晓明", hash, id.Masked(), "东北大学", "bachelor", 2025, "沈阳市", "2025-04-01", "employed", "2025-05-06", kept, now)

			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}

			var link int64
			if err := db.QueryRowContext(ctx, bind("SELECT placement_id FROM graduates WHERE id = ?"), graduate).Scan(&link); err != nil || link != kept {
				t.Errorf("the graduate's placement after the upgrade: %d %v, want %d", link, err, kept)
			}
			if next := insertID(insertPlacement, "赵六", "third-hash", "2101**********0000", "1991-01-01", "男", "", emp, "沈阳市", "2025-05-08", 2025, now); next <= gone {
				t.Errorf("a placement written after the upgrade has id %d, reusing the deleted %d", next, gone)
			}
			if _, err := db.ExecContext(ctx, bind(insertPlacement), "王晓明", hash, id.Masked(), "1999-03-04", "男", "", emp, "沈阳市", "2025-09-01", 2025, now); err == nil {
				t.Error("the same person was placed twice in 2025 after the upgrade")
			}
			admin := models.Actor{UserID: 1, Role: models.RoleAdmin}
			for _, q := range []string{idNumber, "晓明", "赵六"} {
				items, total, err := s.ListPlacements(ctx, admin, models.PlacementFilter{Q: q, Page: models.Page{Number: 1, Size: 20}})
				if err != nil || total != 1 || len(items) != 1 {
					t.Errorf("q=%s after the upgrade: total %d, %d items, %v; want one", q, total, len(items), err)
				}
			}
		})
	}
}

// A person is looked up through the person index, one year at a time, and
// the years are read from it without a scan.
func TestPersonIndexPlans(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			db, err := storetest.NewStore(t, d).SQLDB()
			if err != nil {
				t.Fatal(err)
			}
			index, explain := "sqlite_autoindex_placements_1", explainSQLite
			if d == "postgres" {
				index, explain = "placements_year_id_hash_key", explainPostgres
			}
			for _, q := range []string{
				"SELECT id, placed_on FROM placements WHERE year IN (2024, 2025) AND id_hash = 'x'",
				"SELECT id_hash, id FROM placements WHERE year IN (2024, 2025) AND id_hash IN ('x', 'y')",
				"SELECT MIN(year) FROM placements WHERE year > 2024",
			} {
				plan := explain(t, db, q)
				if !strings.Contains(plan, index) || d == "sqlite" && strings.Contains(plan, "SCAN") {
					t.Errorf("plan of %s does not look up %s:\n%s", q, index, plan)
				}
			}
		})
	}
}
