package models_test

import (
	"context"
	"testing"
	"time"

	"jobfair/api/apitest"
	"jobfair/models"
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
	cases := map[string][3]string{
		"special_fairs":            {"/api/v1/fairs?year=2023&status=held", "/api/v1/fairs?year=2023&status=held&city=沈阳市", ""},
		"new_forms_matches":        {"/api/v1/fairs?year=2023&status=held&programme=new_forms", "", ""},
		"graduate_posts":           {"/api/v1/jobs?year=2023&for_graduates=true", "", ""},
		"reemployed":               {"/api/v1/placements?year=2023&group=reemployed", "", ""},
		"new_urban_jobs_2023_2025": {"", "", "/api/v1/placements"},
	}
	for code, want := range cases {
		c, ok := models.FindComputedGoal(code)
		if !ok {
			t.Fatalf("no computed goal %s", code)
		}
		if want[0] != "" {
			if got := c.Records(2023, 2023, ""); got != want[0] {
				t.Errorf("%s: %s, want %s", code, got, want[0])
			}
		}
		if want[1] != "" {
			if got := c.Records(2023, 2023, "沈阳市"); got != want[1] {
				t.Errorf("%s in 沈阳: %s, want %s", code, got, want[1])
			}
		}
		if want[2] != "" {
			if got := c.Records(2023, 2025, ""); got != want[2] {
				t.Errorf("%s over the span: %s, want %s", code, got, want[2])
			}
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
			s := apitest.NewStore(b, "sqlite")
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
