package models_test

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"
	"time"

	"jobfair/models"
	"jobfair/models/storetest"
)

// A database of the release before visits and kinds: service_visits is a
// reported goal with monthly figures, a held fair is counted, organisers have
// no kind. The upgrade makes the goal computed (the figures stay, unread),
// counts every earlier fair as special, and makes the organisers "other".
func TestUpgradeToVisitsAndKinds(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			s, db := storeAt(t, d, 3)
			old := func(scope string) models.Goal {
				return models.Goal{Code: "service_visits", Name: "送政策送岗位送服务", Scope: scope, YearFrom: 2024, YearTo: 2024,
					Target: 150000, Unit: "次", Comparison: models.AtLeast, Source: models.SourceReported, Kind: models.KindFlow}
			}
			if _, err := s.SeedGoals(ctx, []models.Goal{old(models.ScopeProvince), old("沈阳市"),
				{Code: "special_fairs", Name: "专场招聘会", Scope: models.ScopeProvince, YearFrom: 2024, YearTo: 2024, Target: 1000,
					Unit: "场", Comparison: models.AtLeast, Source: models.SourceComputed, Kind: models.KindCount}}); err != nil {
				t.Fatal(err)
			}
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := db.ExecContext(ctx, bindFor(d, q), args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
			exec("INSERT INTO goal_reports (code, period, city, value, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
				"service_visits", "2024-05", "", 12000.0, now, now)
			exec("INSERT INTO users (username, password_hash, role, city, organisation, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
				"centre", "x", "organiser", "沈阳市", "沈阳市公共就业服务中心", now, now)
			exec("INSERT INTO users (username, password_hash, role, city, organisation, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
				"prov", "x", "official", "", "省人社厅", now, now)
			starts := time.Date(2024, 5, 10, 1, 0, 0, 0, time.UTC)
			exec(`INSERT INTO fairs (title, city, venue, starts_at, ends_at, start_date, mode, status, visitors,
				employers_attended, posts_offered, intents, organisation, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				"春风行动", "沈阳市", "会展中心", starts, starts.Add(5*time.Hour), "2024-05-10", "onsite", "held", 300, 20, 400, 50,
				"沈阳市公共就业服务中心", now, now)
			for _, m := range []struct {
				metric string
				n      int64
			}{{"fair_held", 1}, {"fair_posts", 400}, {"fair_intents", 50}, {"fair_visitors", 300}} {
				exec("INSERT INTO tallies (grain, period, city, metric, n) VALUES (?, ?, ?, ?, ?)", "d", "2024-05-10", "沈阳市", m.metric, m.n)
				exec("INSERT INTO tallies (grain, period, city, metric, n) VALUES (?, ?, ?, ?, ?)", "m", "2024-05", "沈阳市", m.metric, m.n)
			}

			if err := s.Migrate(ctx); err != nil {
				t.Fatalf("upgrade: %v", err)
			}
			if drift, err := s.Verify(ctx); err != nil || len(drift) > 0 {
				t.Fatalf("after the upgrade the tallies drift: %v %v", drift, err)
			}
			query := func(q string, dest ...any) {
				t.Helper()
				if err := db.QueryRowContext(ctx, q).Scan(dest...); err != nil && err != sql.ErrNoRows {
					t.Fatalf("%s: %v", q, err)
				}
			}
			var reported, kept int
			query("SELECT COUNT(*) FROM goals WHERE code = 'service_visits' AND (source <> 'computed' OR kind <> 'count')", &reported)
			query("SELECT COUNT(*) FROM goal_reports WHERE code = 'service_visits'", &kept)
			if reported != 0 || kept != 1 {
				t.Errorf("service_visits: %d entries still reported, %d figures kept (want 0, 1)", reported, kept)
			}
			var centre, prov, kind string
			query("SELECT organisation_kind FROM users WHERE username = 'centre'", &centre)
			query("SELECT organisation_kind FROM users WHERE username = 'prov'", &prov)
			query("SELECT kind FROM fairs", &kind)
			if centre != models.OrgOther || prov != "" || kind != models.FairSpecial {
				t.Errorf("organiser %q, official %q, fair %q", centre, prov, kind)
			}

			r, err := s.Rollup(ctx, models.System, models.RollupQuery{Year: 2024, AsOf: models.YearEnd(2024)})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]models.RollupGoal{}
			for _, g := range r.Goals {
				got[g.Code] = g
			}
			sv, sf := got["service_visits"], got["special_fairs"]
			if sv.Source != models.SourceComputed || sv.Actual == nil || *sv.Actual != 0 || sv.Records == nil {
				t.Errorf("service_visits after the upgrade: %+v", sv)
			}
			if sf.Actual == nil || *sf.Actual != 1 {
				t.Errorf("special_fairs after the upgrade: %+v", sf)
			}
			if _, err := s.CreateReport(ctx, models.System, "service_visits", models.ReportInput{Period: "2024-06", Value: ptr(1.0)}); models.ErrorCode(err) != models.EInvalid {
				t.Errorf("reporting service_visits after the upgrade: %v", err)
			}
		})
	}
}

func ptr(f float64) *float64 { return &f }

// storeAt is a store of dialect d whose schema is as migration version left
// it, with the reference data, and its database handle for plain SQL.
func storeAt(t *testing.T, d string, version int64) (*models.Store, *sql.DB) {
	t.Helper()
	ctx := context.Background()
	s, err := models.Open(ctx, storetest.DSN(t, d), storetest.Secret)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.MigrateUpTo(ctx, version); err != nil {
		t.Fatal(err)
	}
	if err := s.SeedReference(ctx); err != nil {
		t.Fatal(err)
	}
	db, err := s.SQLDB()
	if err != nil {
		t.Fatal(err)
	}
	return s, db
}

// bindFor writes q's ? placeholders as d's driver takes them.
func bindFor(d, q string) string {
	if d == "postgres" {
		for i := 1; strings.Contains(q, "?"); i++ {
			q = strings.Replace(q, "?", "$"+strconv.Itoa(i), 1)
		}
	}
	return q
}
