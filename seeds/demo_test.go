package seeds_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"strings"
	"testing"
	"time"

	"jobfair/models"
	"jobfair/models/storetest"
	"jobfair/seeds"
)

// demoNow is the demo's "today" in the tests: 2026-11-27, so 2023–2025 are complete.
var demoNow = time.Date(2026, 11, 27, 10, 0, 0, 0, models.Shanghai)

func demoStore(t *testing.T, dialect string) *models.Store {
	t.Helper()
	s := storetest.NewStore(t, dialect)
	if err := seeds.Load(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return demoNow }
	return s
}

// count runs a COUNT-like query.
func count(t *testing.T, s *models.Store, q string) int {
	t.Helper()
	db, err := s.SQLDB()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestDemoSmallScale(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			s := demoStore(t, d)
			ctx := context.Background()
			var out bytes.Buffer
			rep, err := seeds.RunDemo(ctx, s, seeds.DemoOptions{Scale: 0.01, Years: []int{2023}, Progress: &out})
			if err != nil {
				t.Fatal(err)
			}
			drift, err := s.Verify(ctx)
			if err != nil || len(drift) > 0 {
				t.Fatalf("tallies drift from the records: %v %v", drift, err)
			}
			y := rep.Years[2023]
			if y == nil || y.Placements == 0 || y.FairsHeld == 0 {
				t.Fatalf("report: %+v", rep)
			}
			// The database holds what the generator says it wrote.
			pg := d == "postgres"
			yearOf := func(col string) string {
				if pg {
					return "EXTRACT(YEAR FROM " + col + ") = 2023"
				}
				return "substr(" + col + ", 1, 4) = '2023'"
			}
			checks := []struct {
				what string
				got  int
				want int
			}{
				{"held fairs", count(t, s, "SELECT COUNT(*) FROM fairs WHERE status = 'held' AND "+yearOf("start_date")), y.FairsHeld},
				{"public-service fairs", count(t, s, "SELECT COUNT(*) FROM fairs f JOIN fair_programmes p ON p.fair_id = f.id WHERE f.status = 'held' AND p.programme = 'public_service'"), y.PublicServiceFairs},
				{"placements", count(t, s, "SELECT COUNT(*) FROM placements WHERE year = 2023"), y.Placements},
				{"graduate posts", count(t, s, "SELECT COALESCE(SUM(headcount), 0) FROM jobs WHERE for_graduates AND "+yearOf("posted_on")), y.GraduatePosts},
				{"re-employed", count(t, s, "SELECT COUNT(*) FROM placements WHERE groups LIKE '%,reemployed,%'"), y.Groups["reemployed"]},
				{"young", count(t, s, "SELECT COALESCE(SUM(n), 0) FROM tallies WHERE grain = 'm' AND metric = 'placed_young' AND city <> ''"), y.Young},
				{"all placements", count(t, s, "SELECT COUNT(*) FROM placements"), rep.Placements},
				{"employers", count(t, s, "SELECT COUNT(*) FROM employers"), rep.Employers},
				{"jobs", count(t, s, "SELECT COUNT(*) FROM jobs"), rep.Jobs},
				{"fairs", count(t, s, "SELECT COUNT(*) FROM fairs"), rep.Fairs},
				{"sign-ups", count(t, s, "SELECT COUNT(*) FROM signups"), rep.Signups},
				{"reports", count(t, s, "SELECT COUNT(*) FROM goal_reports"), rep.Reports},
				{"special fairs", count(t, s, "SELECT COUNT(*) FROM fairs WHERE status = 'held' AND kind = 'special' AND "+yearOf("start_date")), y.SpecialFairs},
				{"general fairs", count(t, s, "SELECT COUNT(*) FROM fairs WHERE status = 'held' AND kind = 'general' AND "+yearOf("start_date")), y.GeneralFairs},
				{"visits", count(t, s, "SELECT COUNT(*) FROM visits WHERE "+yearOf("visited_on")), y.Visits},
				{"all visits", count(t, s, "SELECT COUNT(*) FROM visits"), rep.Visits},
				{"visits counted", count(t, s, "SELECT COALESCE(SUM(n), 0) FROM tallies WHERE grain = 'm' AND metric = 'visits'"), rep.Visits},
				{"reported visits", count(t, s, "SELECT COUNT(*) FROM goal_reports WHERE code = 'service_visits'"), 0},
				{"graduates", count(t, s, "SELECT COUNT(*) FROM graduates WHERE graduation_year = 2023"), y.Graduates},
				{"graduates counted", count(t, s, "SELECT COALESCE(SUM(n), 0) FROM tallies WHERE grain = 'm' AND metric = 'graduates:2023'"), y.Graduates},
				{"referrals without a job", count(t, s, "SELECT COUNT(*) FROM graduate_services WHERE kind = 'job_referral' AND job_id IS NULL"), 0},
				{"contacts before registration", count(t, s, "SELECT COUNT(*) FROM graduate_contacts c JOIN graduates g ON g.id = c.graduate_id WHERE c.contacted_on < g.registered_on"), 0},
				{"services before registration", count(t, s, "SELECT COUNT(*) FROM graduate_services v JOIN graduates g ON g.id = v.graduate_id WHERE v.served_on < g.registered_on"), 0},
				{"registrations", count(t, s, "SELECT COUNT(*) FROM registrations"), rep.Registrations},
				{"fairs with check-ins other than their visitors", count(t, s, `SELECT COUNT(*) FROM fairs f WHERE f.status = 'held'
					AND EXISTS (SELECT 1 FROM registrations r WHERE r.fair_id = f.id)
					AND f.visitors <> (SELECT COUNT(*) FROM registrations r WHERE r.fair_id = f.id AND r.checked_in_at IS NOT NULL)`), 0},
				{"intents at a fair's own jobs only", count(t, s, "SELECT COUNT(*) FROM intents i JOIN jobs j ON j.id = i.job_id WHERE j.fair_id <> i.fair_id OR j.employer_id <> i.employer_id"), 0},
				{"months", count(t, s, "SELECT COUNT(*) FROM periods"), rep.Months},
				{"months of the year", rep.Months, 12 * 14},
				{"closed months", count(t, s, "SELECT COUNT(*) FROM periods WHERE status = 'closed'"), rep.Months - 4},
				{"submitted months", count(t, s, "SELECT COUNT(*) FROM periods WHERE status = 'submitted' AND period IN ('2023-11', '2023-12') AND city IN ('沈阳市', '大连市')"), 4},
				{"month moves", count(t, s, "SELECT COUNT(*) FROM period_events"), 2*rep.Months - 4},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s: %d in the database, the demo reports %d", c.what, c.got, c.want)
				}
			}
			// The mix lands where the generator aimed.
			for _, g := range []string{"reemployed", "hard_to_employ", "graduate"} {
				got := float64(y.Groups[g]) / float64(y.Placements)
				if want := y.PlannedShares[g]; math.Abs(got-want) > 0.03 {
					t.Errorf("%s share %.3f, planned %.3f", g, got, want)
				}
			}
			if young := float64(y.Young) / float64(y.Placements); young < 0.74 || young > 0.81 {
				t.Errorf("young share %.3f, want 0.75–0.80", young)
			}
			// About 156,000 visits a year at scale 1, of every kind; some general fairs.
			if y.Visits < 1500 || y.Visits > 1620 {
				t.Errorf("%d visits at scale 0.01, want about 1,560", y.Visits)
			}
			// About 30,000 graduates a year at scale 1, most of them placed by the year's end; the
			// rates end near 100%, some cities short of it.
			if y.Graduates < 280 || y.Graduates > 320 {
				t.Errorf("%d graduates at scale 0.01, want about 300", y.Graduates)
			}
			if n := count(t, s, "SELECT COUNT(*) FROM graduates WHERE status = 'employed'"); n < y.Graduates*6/10 || n > y.Graduates*8/10 {
				t.Errorf("%d of %d graduates employed, want about 70%%", n, y.Graduates)
			}
			if n := count(t, s, "SELECT COUNT(*) FROM graduates WHERE first_reached_on IS NULL"); n == 0 || n > y.Graduates*3/100 {
				t.Errorf("%d of %d graduates never reached, want a few", n, y.Graduates)
			}
			if n := count(t, s, "SELECT COUNT(*) FROM graduates WHERE services_1131"); n == 0 {
				t.Error("no graduate has had the whole 1131 service")
			}
			if n := count(t, s, "SELECT COUNT(DISTINCT city) FROM graduates"); n != 14 {
				t.Errorf("graduates in %d cities", n)
			}
			if rep.Registrations == 0 || count(t, s, "SELECT COUNT(*) FROM intents") == 0 {
				t.Errorf("fair day: %d registrations, %d intents", rep.Registrations, count(t, s, "SELECT COUNT(*) FROM intents"))
			}
			if n := count(t, s, "SELECT COUNT(DISTINCT kind) FROM visits"); n != 4 {
				t.Errorf("visits of %d kinds", n)
			}
			if y.GeneralFairs == 0 || y.SpecialFairs < y.FairsHeld*8/10 {
				t.Errorf("held fairs: %d special, %d general", y.SpecialFairs, y.GeneralFairs)
			}
			// Organisers have kinds; public-service fairs are held by public-service organisations.
			if n := count(t, s, "SELECT COUNT(*) FROM users WHERE role = 'organiser' AND organisation_kind NOT IN ('public_service', 'university', 'hr_agency', 'other')"); n != 0 {
				t.Errorf("%d organisers without a kind", n)
			}
			if n := count(t, s, "SELECT COUNT(DISTINCT organisation_kind) FROM users WHERE role = 'organiser'"); n != 3 {
				t.Errorf("organisers of %d kinds, want public service centres, a university and an agency", n)
			}
			if n := count(t, s, `SELECT COUNT(*) FROM fairs f JOIN fair_programmes p ON p.fair_id = f.id JOIN users u ON u.id = f.organiser_id
				WHERE p.programme = 'public_service' AND u.organisation_kind <> 'public_service'`); n != 0 {
				t.Errorf("%d public-service fairs held by other organisations", n)
			}
			if n := count(t, s, "SELECT COUNT(*) FROM fairs f JOIN users u ON u.id = f.organiser_id WHERE u.username = 'sy_university'"); n == 0 {
				t.Error("the university holds no fairs")
			}
			if n := count(t, s, "SELECT COUNT(*) FROM visits v JOIN users u ON u.id = v.created_by WHERE u.username = 'sy_organiser'"); n == 0 {
				t.Error("sy_organiser recorded no visits")
			}
			// Nothing after today, and fairs ahead are planned, with sign-ups to decide.
			if n := count(t, s, "SELECT COUNT(*) FROM placements WHERE placed_on > '2026-11-27'"); n != 0 {
				t.Errorf("%d placements after today", n)
			}
			if n := count(t, s, "SELECT COUNT(*) FROM fairs WHERE start_date > '2026-11-27' AND status <> 'planned'"); n != 0 {
				t.Errorf("%d fairs after today are not planned", n)
			}
			if n := count(t, s, "SELECT COUNT(*) FROM signups s JOIN fairs f ON f.id = s.fair_id JOIN users u ON u.id = f.organiser_id WHERE s.status = 'pending' AND u.username = 'sy_organiser'"); n == 0 {
				t.Error("sy_organiser has no sign-ups to decide")
			}
			if n := count(t, s, "SELECT COUNT(*) FROM fairs f JOIN users u ON u.id = f.organiser_id WHERE u.username = 'dl_organiser'"); n == 0 {
				t.Error("dl_organiser has no fairs")
			}
			if n := count(t, s, "SELECT COUNT(*) FROM jobs j JOIN users u ON u.employer_id = j.employer_id WHERE u.username = 'employer'"); n == 0 {
				t.Error("the demo employer has no jobs")
			}
			// Every demo account exists, and the output lists them.
			for _, name := range []string{"demo_admin", "official", "sy_official", "dl_official", "organiser", "sy_organiser", "dl_organiser", "sy_university", "dl_agency", "employer", "dl_employer"} {
				if n := count(t, s, "SELECT COUNT(*) FROM users WHERE username = '"+name+"'"); n != 1 {
					t.Errorf("user %s: %d", name, n)
				}
				if !strings.Contains(out.String(), name) {
					t.Errorf("output does not list %s", name)
				}
			}
			if !strings.Contains(out.String(), seeds.DemoPassword) {
				t.Error("output lacks the password")
			}

			// Every decision comes after its sign-up, and nothing lies in the future.
			checkSignupTimes(t, s)

			// Every reference points at a record (SQLite loads the demo without
			// looking them up row by row), and the writer checks them again.
			if !pg {
				if n := count(t, s, "SELECT COUNT(*) FROM pragma_foreign_key_check"); n != 0 {
					t.Errorf("%d references to missing records", n)
				}
				if n := count(t, s, "PRAGMA foreign_keys"); n != 1 {
					t.Error("foreign keys are not checked after the demo")
				}
			}

			// A second run writes nothing and prints the logins again.
			before := storetest.Snapshot(t, s)
			out.Reset()
			again, err := seeds.RunDemo(ctx, s, seeds.DemoOptions{Scale: 0.01, Years: []int{2023}, Progress: &out})
			if err != nil || !again.Skipped {
				t.Fatalf("second run: %+v %v", again, err)
			}
			if after := storetest.Snapshot(t, s); !maps.Equal(before, after) {
				t.Errorf("second run changed the database:\n%v\n%v", before, after)
			}
			if !strings.Contains(out.String(), "sy_organiser") {
				t.Errorf("second run does not print the logins: %q", out.String())
			}
		})
	}
}

func TestDemoLoginsWork(t *testing.T) {
	s := demoStore(t, "sqlite")
	ctx := context.Background()
	if err := seeds.LoadDemo(ctx, s, seeds.DemoOptions{Scale: 0.002, Years: []int{2025}}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"demo_admin", "sy_official", "sy_organiser", "employer"} {
		token, u, err := s.Login(ctx, name, seeds.DemoPassword, "127.0.0.1", models.DefaultSessionPolicy)
		if err != nil || token == "" || u.Username != name {
			t.Errorf("login %s: %v", name, err)
		}
	}
}

// fingerprint sums up what a demo wrote, without the keyed hashes.
func fingerprint(t *testing.T, s *models.Store) string {
	t.Helper()
	db, err := s.SQLDB()
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, q := range []string{
		"SELECT name || credit_code || city FROM employers ORDER BY id",
		"SELECT title || city || status || COALESCE(posts_offered, 0) FROM fairs ORDER BY id",
		"SELECT title || headcount || posted_on || employer_id FROM jobs ORDER BY id",
		"SELECT person_name || id_masked || groups || placed_on || employer_id FROM placements ORDER BY placed_on, id_masked, person_name",
		"SELECT kind || COALESCE(organiser_id, 0) FROM fairs ORDER BY id",
		"SELECT visited_on || city || kind || place || items || COALESCE(created_by, 0) FROM visits ORDER BY id",
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v string
			rows.Scan(&v)
			fmt.Fprintln(h, v)
		}
		rows.Close()
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestDemoIsDeterministic(t *testing.T) {
	var prints []string
	for _, seed := range []uint64{0, 0, 1} {
		s := demoStore(t, "sqlite")
		if _, err := seeds.RunDemo(context.Background(), s, seeds.DemoOptions{Scale: 0.003, Years: []int{2024}, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		prints = append(prints, fingerprint(t, s))
	}
	if prints[0] != prints[1] {
		t.Error("two runs with the same seed differ")
	}
	if prints[0] == prints[2] {
		t.Error("another seed gives the same demo")
	}
}

func TestParseDemoFlags(t *testing.T) {
	o, err := seeds.ParseDemoFlags([]string{"--scale", "0.1", "--years", "2023"})
	if err != nil || o.Scale != 0.1 || len(o.Years) != 1 || o.Years[0] != 2023 {
		t.Errorf("%+v %v", o, err)
	}
	o, err = seeds.ParseDemoFlags(nil)
	if err != nil || o.Scale != 1 || fmt.Sprint(o.Years) != "[2023 2024 2025]" {
		t.Errorf("defaults: %+v %v", o, err)
	}
	o, err = seeds.ParseDemoFlags([]string{"-years", "2025,2023-2024"})
	if err != nil || fmt.Sprint(o.Years) != "[2023 2024 2025]" {
		t.Errorf("list: %+v %v", o, err)
	}
	for _, bad := range [][]string{{"--scale", "0"}, {"--scale", "-1"}, {"--years", "23"}, {"--years", "2025-2023"}, {"--nonsense"}} {
		if _, err := seeds.ParseDemoFlags(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// checkSignupTimes fails on a sign-up decided before it was made, or made or
// decided after the store's now.
func checkSignupTimes(t *testing.T, s *models.Store) {
	t.Helper()
	db, err := s.SQLDB()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query("SELECT id, created_at, decided_at FROM signups")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	now, n := s.Now(), 0
	for rows.Next() {
		var id int64
		var created time.Time
		var decided sql.NullTime
		if err := rows.Scan(&id, &created, &decided); err != nil {
			t.Fatal(err)
		}
		n++
		if created.After(now) {
			t.Errorf("sign-up %d made in the future: %s", id, created)
		}
		if decided.Valid && (decided.Time.Before(created) || decided.Time.After(now)) {
			t.Errorf("sign-up %d made %s, decided %s (now %s)", id, created, decided.Time, now)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("the demo made no sign-ups")
	}
}

// TestDemoEmploysEarlierGraduates: a graduate not employed by the year's end
// whose ID number comes up in a later year's placements is employed in the
// ledger, as after an import, and the tallies agree.
func TestDemoEmploysEarlierGraduates(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			s := demoStore(t, d)
			ctx := context.Background()
			if _, err := seeds.RunDemo(ctx, s, seeds.DemoOptions{Scale: 0.02}); err != nil {
				t.Fatal(err)
			}
			if n := count(t, s, `SELECT COUNT(*) FROM graduates g WHERE g.employed_on IS NULL AND EXISTS
				(SELECT 1 FROM placements p WHERE p.id_hash = g.id_hash AND p.placed_on >= g.registered_on)`); n != 0 {
				t.Errorf("%d graduates placed in a later year are not employed in the ledger", n)
			}
			if n := count(t, s, `SELECT COUNT(*) FROM graduates g WHERE g.employed_on > '`+"2023-12-31"+`' AND g.graduation_year = 2023`); n == 0 {
				t.Error("no graduate of 2023 is employed by a later year's placement: the check above proves nothing")
			}
			drift, err := s.Verify(ctx)
			if err != nil || len(drift) > 0 {
				t.Fatalf("tallies drift from the records: %v %v", drift, err)
			}
		})
	}
}

// schemaObjects lists the indexes of the database with their definitions,
// and its triggers on SQLite and foreign keys on PostgreSQL, the test's own
// schema name left out.
func schemaObjects(t *testing.T, s *models.Store) []string {
	t.Helper()
	db, err := s.SQLDB()
	if err != nil {
		t.Fatal(err)
	}
	q := "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name"
	if s.Dialect == "postgres" {
		q = `SELECT indexname, replace(indexdef, current_schema() || '.', '') FROM pg_indexes WHERE schemaname = current_schema()
			UNION ALL SELECT conrelid::regclass || '.' || conname, pg_get_constraintdef(oid) FROM pg_constraint
			WHERE connamespace = current_schema()::regnamespace AND contype = 'f' ORDER BY 1`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			t.Fatal(err)
		}
		out = append(out, name+": "+def)
	}
	return out
}

// The demo sets the big tables' indexes and text-search triggers aside while
// it loads, and builds them again: afterwards the schema is what the
// migrations made, and the text search finds every record, as a scan does.
func TestDemoRebuildsItsIndexes(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			s := demoStore(t, d)
			ctx := context.Background()
			before := schemaObjects(t, s)
			if !strings.Contains(strings.Join(before, "\n"), "placements_placed") {
				t.Fatalf("the placements' date index is not among %v", before)
			}
			if _, err := seeds.RunDemo(ctx, s, seeds.DemoOptions{Scale: 0.01, Years: []int{2023}}); err != nil {
				t.Fatal(err)
			}
			if after := schemaObjects(t, s); strings.Join(after, "\n") != strings.Join(before, "\n") {
				t.Errorf("schema after the demo:\n%s\nbefore:\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
			}
			db, err := s.SQLDB()
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct{ list, table, col string }{{"placements", "placements", "person_name"}, {"jobs", "jobs", "title"}} {
				rows, err := db.Query("SELECT DISTINCT " + c.col + " FROM " + c.table + " ORDER BY " + c.col + " LIMIT 5")
				if err != nil {
					t.Fatal(err)
				}
				var words []string
				for rows.Next() {
					var w string
					if err := rows.Scan(&w); err != nil {
						t.Fatal(err)
					}
					words = append(words, w)
				}
				rows.Close()
				if len(words) < 5 {
					t.Fatalf("%s: only %d distinct values", c.table, len(words))
				}
				for _, w := range words {
					var n int64
					page := models.Page{Number: 1, Size: 1}
					if c.list == "placements" {
						_, n, err = s.ListPlacements(ctx, models.System, models.PlacementFilter{Q: w, Page: page})
					} else {
						_, n, err = s.ListJobs(ctx, models.System, models.JobFilter{Q: w, Page: page})
					}
					if err != nil {
						t.Fatal(err)
					}
					like := fmt.Sprintf("SELECT COUNT(*) FROM %s WHERE %s LIKE '%%%s%%'", c.table, c.col, w)
					if c.list == "jobs" {
						like = fmt.Sprintf("SELECT COUNT(*) FROM jobs JOIN employers e ON e.id = jobs.employer_id WHERE jobs.title LIKE '%%%[1]s%%' OR e.name LIKE '%%%[1]s%%'", w)
					}
					if want := count(t, s, like); n != int64(want) || n == 0 {
						t.Errorf("%s q=%q: search finds %d, a scan %d", c.list, w, n, want)
					}
				}
			}
		})
	}
}
