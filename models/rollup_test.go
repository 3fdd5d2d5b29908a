package models_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"jobfair/models"
	"jobfair/models/storetest"
)

func date(t testing.TB, s string) models.Date {
	t.Helper()
	d, err := models.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestTimeProgress(t *testing.T) {
	cases := []struct {
		from, to, asOf string
		want           float64
	}{
		{"2023-01-01", "2023-12-31", "2023-06-30", 0.4959}, // 181/365, API.md's example
		{"2023-01-01", "2023-12-31", "2023-01-01", 0.0027}, // 1/365: the first day counts
		{"2023-01-01", "2023-12-31", "2023-12-31", 1},
		{"2024-01-01", "2024-12-31", "2024-02-29", 0.1639}, // 60/366
		{"2024-01-01", "2024-12-31", "2024-12-30", 0.9973}, // 365/366
		{"2023-01-01", "2025-12-31", "2023-06-30", 0.1651}, // 181/1096
		{"2023-01-01", "2025-12-31", "2025-12-31", 1},
	}
	for _, c := range cases {
		if got := models.TimeProgress(date(t, c.from), date(t, c.to), date(t, c.asOf)); got != c.want {
			t.Errorf("TimeProgress(%s..%s, %s) = %v, want %v", c.from, c.to, c.asOf, got, c.want)
		}
	}
	if n := models.DaysBetween(date(t, "2023-01-01"), date(t, "2025-12-31")); n != 1096 {
		t.Errorf("2023–2025 has %d days, want 1096", n)
	}
}

func TestParsePeriod(t *testing.T) {
	for s, ok := range map[string]bool{"2023-06": true, "2023-12": true, "2023-13": false, "2023-00": false,
		"2023-6": false, "23-06": false, "2023-06-01": false, "": false, "1999-12": false} {
		if _, _, got := models.ParsePeriod(s); got != ok {
			t.Errorf("ParsePeriod(%q) ok = %v, want %v", s, got, ok)
		}
	}
}

func TestComputedGoalRecords(t *testing.T) {
	end, june := models.YearEnd(2023), models.Date{Year: 2023, Month: 6, Day: 30}
	cases := []struct {
		code     string
		from, to int
		city     string
		asOf     models.Date
		want     string
	}{
		{"special_fairs", 2023, 2023, "", end, "/api/v1/fairs?year=2023&status=held&kind=special"},
		{"special_fairs", 2023, 2023, "沈阳市", end, "/api/v1/fairs?year=2023&status=held&kind=special&city=沈阳市"},
		{"special_fairs", 2023, 2023, "", june, "/api/v1/fairs?year=2023&to=2023-06-30&status=held&kind=special"},
		{"service_visits", 2024, 2024, "大连市", models.Date{Year: 2024, Month: 6, Day: 30}, "/api/v1/visits?year=2024&to=2024-06-30&city=大连市"},
		{"new_forms_matches", 2023, 2023, "", end, "/api/v1/fairs?year=2023&status=held&programme=new_forms"},
		{"graduate_posts", 2023, 2023, "", end, "/api/v1/jobs?year=2023&for_graduates=true"},
		{"reemployed", 2023, 2023, "", june, "/api/v1/placements?year=2023&to=2023-06-30&group=reemployed"},
		{"new_urban_jobs_2023_2025", 2023, 2025, "", june, "/api/v1/placements?from=2023-01-01&to=2023-06-30"},
	}
	for _, c := range cases {
		g, ok := models.FindComputedGoal(c.code)
		if !ok {
			t.Fatalf("no computed goal %s", c.code)
		}
		if got := g.Records(c.from, c.to, c.city, c.asOf); got != c.want {
			t.Errorf("%s %d–%d %s %s: %s, want %s", c.code, c.from, c.to, c.city, c.asOf, got, c.want)
		}
	}
}

// benchMetrics are the 25 metrics the benchmark fills for every day and city.
var benchMetrics = func() []string {
	m := []string{models.MetricPlaced, models.MetricPlacedYoung, models.MetricJobPosts, models.MetricGraduatePosts}
	for _, g := range models.Groups {
		m = append(m, models.MetricPlaced+":"+g.Code)
	}
	m = append(m, models.MetricFairsHeld, models.MetricFairPosts, models.MetricFairIntents, models.MetricFairVisitors)
	for _, p := range models.Programmes {
		m = append(m, models.MetricFairsHeld+":"+p.Code)
	}
	for _, p := range []string{"public_service", "new_forms"} {
		m = append(m, models.MetricFairPosts+":"+p, models.MetricFairIntents+":"+p)
	}
	return m[:25]
}()

// fillTallies writes day and month rows for every day of years, every city
// and every bench metric: about 128,000 day rows a year, as 1.4M placements
// over three years leave.
func fillTallies(b *testing.B, s *models.Store, years []int) {
	b.Helper()
	db, err := s.SQLDB()
	if err != nil {
		b.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	stmt, err := tx.Prepare("INSERT INTO tallies (grain, period, city, metric, n) VALUES (?, ?, ?, ?, ?)")
	if err != nil {
		b.Fatal(err)
	}
	for _, y := range years {
		type monthKey struct{ period, city, metric string }
		month := map[monthKey]int64{}
		for d := models.YearStart(y); !d.After(models.YearEnd(y)); d = d.AddDays(1) {
			for ci, c := range models.Cities {
				for mi, m := range benchMetrics {
					n := int64(1 + (d.Day*7+ci*13+mi*3)%90)
					if _, err := stmt.Exec("d", d.String(), c.Name, m, n); err != nil {
						b.Fatal(err)
					}
					month[monthKey{d.String()[:7], c.Name, m}] += n
				}
			}
		}
		for k, n := range month {
			if _, err := stmt.Exec("m", k.period, k.city, k.metric, n); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	// Statistics for the planner and the WAL folded into the database, as a
	// long-running server has them.
	for _, q := range []string{"ANALYZE", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if _, err := db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRollup times GET /rollup's store call for 2025 on SQLite, with
// tallies of one year (2025) and of three (2023–2025); the three-year span
// goal reads the earlier years' month rows.
func BenchmarkRollup(b *testing.B) {
	for _, bc := range []struct {
		name  string
		years []int
		asOf  string
		city  string
	}{
		{"1y", []int{2025}, "2025-06-15", ""},
		{"3y", []int{2023, 2024, 2025}, "2025-06-15", ""},
		{"1y/year-end", []int{2025}, "2025-12-31", ""},
		{"3y/year-end", []int{2023, 2024, 2025}, "2025-12-31", ""},
		{"3y/city", []int{2023, 2024, 2025}, "2025-06-15", "沈阳市"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := storetest.NewStore(b, "sqlite", planGoals(b)...)
			s.Now = func() time.Time { return time.Date(2026, 1, 10, 12, 0, 0, 0, models.Shanghai) }
			fillTallies(b, s, bc.years)
			ctx := context.Background()
			q := models.RollupQuery{Year: 2025, AsOf: date(b, bc.asOf), City: bc.city}
			r, err := s.Rollup(ctx, models.System, q)
			if err != nil {
				b.Fatal(err)
			}
			if len(r.Goals) == 0 || r.Goals[0].Actual == nil || *r.Goals[0].Actual == 0 {
				b.Fatalf("the rollup counted nothing: %+v", r.Goals)
			}
			for b.Loop() {
				if _, err := s.Rollup(ctx, models.System, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// planGoals are the plan's goals as the seeds carry them.
func planGoals(t testing.TB) []models.Goal {
	t.Helper()
	data, err := os.ReadFile("../seeds/goals.json")
	if err != nil {
		t.Fatal(err)
	}
	var goals []models.Goal
	if err := json.Unmarshal(data, &goals); err != nil {
		t.Fatal(err)
	}
	return goals
}
