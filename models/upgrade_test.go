package models_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/crypto/bcrypt"

	"jobfair/models"
	"jobfair/models/storetest"
)

// fillRecords writes an employer, a held fair and n placements through the
// store, as the API would; tag 甲 or 乙 names the records and their people.
func fillRecords(t *testing.T, s *models.Store, tag string, n int) {
	t.Helper()
	ctx := context.Background()
	e, err := s.CreateEmployer(ctx, models.System, models.EmployerInput{Name: "沈阳" + tag + "机械有限公司",
		CreditCode: storetest.CreditCode(tag), City: "沈阳市", Industry: "装备制造"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.CreateFair(ctx, models.System, models.FairInput{Title: "春风行动专场" + tag, City: "沈阳市",
		StartsAt: "2025-03-01T09:00:00+08:00", EndsAt: "2025-03-01T15:00:00+08:00", Mode: "onsite",
		Programmes: []string{"chunnuan"}})
	if err != nil {
		t.Fatal(err)
	}
	held, visitors, posts := "held", 900, 300
	if _, err := s.UpdateFair(ctx, models.System, f.ID, models.FairPatch{Status: &held, Visitors: &visitors,
		EmployersAttended: &visitors, PostsOffered: &posts, Intents: &posts}); err != nil {
		t.Fatal(err)
	}
	area := map[string]string{"甲": "210102", "乙": "210203"}[tag]
	for i := 0; i < n; i++ {
		_, err := s.CreatePlacement(ctx, models.System, models.PlacementInput{PersonName: "张三",
			IDNumber: storetest.IDNumber(area, fmt.Sprintf("199%d-0%d-1%d", i%10, 1+i/10%9, i/90%10), i),
			Groups:   []string{"graduate"}, EmployerID: &e.ID, FairID: &f.ID, City: "沈阳市", PlacedOn: "2025-03-02"})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// plainSQL runs statements written with ? placeholders on either database.
type plainSQL struct {
	t  *testing.T
	db *sql.DB
	pg bool
}

func (p plainSQL) exec(q string, args ...any) {
	p.t.Helper()
	if p.pg {
		for i := 1; strings.Contains(q, "?"); i++ {
			q = strings.Replace(q, "?", fmt.Sprintf("$%d", i), 1)
		}
	}
	if _, err := p.db.Exec(q, args...); err != nil {
		p.t.Fatalf("%s: %v", q, err)
	}
}

// firstRelease is a database as the first release left it: only migration
// 00001 applied, and records written as that release wrote them, in plain
// SQL, with the tallies it kept beside them.
type firstRelease struct {
	people []string // raw ID numbers of the placements, to test that hashes still match
}

func buildFirstRelease(t *testing.T, s *models.Store, dialect string) firstRelease {
	t.Helper()
	ctx := context.Background()
	if err := s.MigrateFS(ctx, nil, 1); err != nil {
		t.Fatal(err)
	}
	if v, err := s.SchemaVersion(ctx); err != nil || v != 1 {
		t.Fatalf("schema version %d %v, want 1", v, err)
	}
	db, err := s.SQLDB()
	if err != nil {
		t.Fatal(err)
	}
	x := plainSQL{t, db, dialect == "postgres"}
	ts := "2025-03-01 09:00:00+08:00"
	x.exec("INSERT INTO cities (name, code, sort) VALUES ('沈阳市', '2101', 0), ('大连市', '2102', 1)")
	x.exec("INSERT INTO programmes (code, name, sort) VALUES ('chunnuan', '春暖辽沈·援企护航', 0), ('public_service', '公共人力资源服务机构招聘', 4)")
	x.exec("INSERT INTO person_groups (code, name, sort) VALUES ('graduate', '高校毕业生', 0), ('reemployed', '失业人员再就业', 3)")
	hash, _ := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	x.exec("INSERT INTO users (username, password_hash, role, city, organisation, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		"admin", string(hash), "admin", "", "", false, ts, ts)
	x.exec("INSERT INTO users (username, password_hash, role, city, organisation, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		"sy_org", string(hash), "organiser", "沈阳市", "沈阳市公共就业服务中心", false, ts, ts)
	x.exec("INSERT INTO employers (name, credit_code, city, industry, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		"沈阳示例机械有限公司", storetest.CreditCode("first"), "沈阳市", "装备制造", 2, ts, ts)
	x.exec(`INSERT INTO fairs (title, city, venue, starts_at, ends_at, start_date, mode, status, visitors, employers_attended,
		posts_offered, intents, organiser_id, organisation, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		"公共服务专场", "沈阳市", "沈阳市人力资源市场", ts, "2025-03-01 15:00:00+08:00", "2025-03-01", "onsite", "held",
		900, 40, 300, 120, 2, "沈阳市公共就业服务中心", ts, ts)
	x.exec("INSERT INTO fair_programmes (fair_id, programme) VALUES (1, 'public_service')")
	x.exec(`INSERT INTO jobs (employer_id, title, city, headcount, for_graduates, fair_id, posted_on, salary_min, salary_max,
		education, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		1, "数控车工", "沈阳市", 5, true, 1, "2025-03-01", 4500, 6500, "any", 2, ts, ts)

	secretHash := func(id string) string {
		m := hmac.New(sha256.New, storetest.Secret)
		m.Write([]byte(id))
		return hex.EncodeToString(m.Sum(nil))
	}
	var rel firstRelease
	tallies := map[[3]string]int64{} // day, city, metric
	add := func(day, metric string, n int64) { tallies[[3]string{day, "沈阳市", metric}] += n }
	add("2025-03-01", "fair_held", 1)
	add("2025-03-01", "fair_posts", 300)
	add("2025-03-01", "fair_intents", 120)
	add("2025-03-01", "fair_visitors", 900)
	add("2025-03-01", "fair_held:public_service", 1)
	add("2025-03-01", "fair_posts:public_service", 300)
	add("2025-03-01", "fair_intents:public_service", 120)
	add("2025-03-01", "job_posts", 5)
	add("2025-03-01", "graduate_posts", 5)
	people := []struct {
		birth, sex, groups string
		serial             int
	}{
		{"1999-05-01", "男", ",graduate,", 11},
		{"1970-02-03", "女", ",reemployed,", 22},
		{"2001-12-24", "男", ",graduate,reemployed,", 33},
	}
	for _, p := range people {
		id := storetest.IDNumber("210102", p.birth, p.serial)
		rel.people = append(rel.people, id)
		x.exec(`INSERT INTO placements (person_name, id_hash, id_masked, birth_date, sex, groups, employer_id, job_id, fair_id,
			city, placed_on, year, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			"张三", secretHash(id), id[:4]+strings.Repeat("*", 10)+id[14:], p.birth, p.sex, p.groups, 1, 1, 1,
			"沈阳市", "2025-03-02", 2025, 2, ts)
		add("2025-03-02", "placed", 1)
		for _, g := range strings.Split(strings.Trim(p.groups, ","), ",") {
			add("2025-03-02", "placed:"+g, 1)
		}
		if p.birth > "1979-03-02" { // 18 to 45 on the day
			add("2025-03-02", "placed_young", 1)
		}
	}
	for k, n := range tallies {
		x.exec("INSERT INTO tallies (grain, period, city, metric, n) VALUES ('d', ?, ?, ?, ?)", k[0], k[1], k[2], n)
	}
	months := map[[3]string]int64{}
	for k, n := range tallies {
		months[[3]string{k[0][:7], k[1], k[2]}] += n
	}
	for k, n := range months {
		x.exec("INSERT INTO tallies (grain, period, city, metric, n) VALUES ('m', ?, ?, ?, ?)", k[0], k[1], k[2], n)
	}
	for _, g := range []struct {
		code   string
		target float64
	}{{"new_urban_jobs", 10}, {"graduate_posts", 20}, {"public_service_fairs", 2}, {"public_service_posts", 500}} {
		x.exec(`INSERT INTO goals (code, name, scope, year_from, year_to, target, unit, comparison, source, kind,
			carried_forward, source_text, created_at, updated_at) VALUES (?, ?, 'province', 2025, 2025, ?, '', 'at_least', 'computed', 'count', ?, '', ?, ?)`,
			g.code, g.code, g.target, false, ts, ts)
	}
	x.exec("INSERT INTO audit_log (at, user_id, username, address, action, record_type, record_id, city) VALUES (?, 2, 'sy_org', '127.0.0.1', 'create', 'fair', 1, '沈阳市')", ts)
	return rel
}

// recordTables are the tables an upgrade must carry over row for row.
var recordTables = []string{"cities", "programmes", "person_groups", "users", "employers", "fairs", "fair_programmes",
	"jobs", "placements", "tallies", "goals", "audit_log"}

func TestUpgradeFromFirstRelease(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, d)
			old, err := models.Open(ctx, dsn, storetest.Secret)
			if err != nil {
				t.Fatal(err)
			}
			rel := buildFirstRelease(t, old, d)
			before := map[string]int64{}
			for _, table := range recordTables {
				before[table] = storetest.Count(t, old, table)
			}
			old.Close()

			// The current release opens it as a start does: open, migrate,
			// load the reference data.
			s, err := models.Open(ctx, dsn, storetest.Secret)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			s.Now = func() time.Time { return time.Date(2025, 6, 30, 12, 0, 0, 0, models.Shanghai) }
			if err := s.Migrate(ctx); err != nil {
				t.Fatalf("upgrade: %v", err)
			}
			if err := s.SeedReference(ctx); err != nil {
				t.Fatal(err)
			}
			latest, _ := models.LatestSchemaVersion(d)
			if v, err := s.SchemaVersion(ctx); err != nil || v != latest {
				t.Fatalf("schema version %d %v, want %d", v, err, latest)
			}
			if err := s.Ready(ctx); err != nil {
				t.Errorf("not ready after the upgrade: %v", err)
			}
			for _, table := range recordTables {
				if table == "cities" || table == "programmes" || table == "person_groups" {
					continue // the start adds the reference rows the first test database lacked
				}
				if table == "tallies" {
					continue // later releases count more (special fairs by kind): Verify below checks them
				}
				if n := storetest.Count(t, s, table); n != before[table] {
					t.Errorf("%s: %d rows before the upgrade, %d after", table, before[table], n)
				}
			}
			if drift, err := s.Verify(ctx); err != nil || len(drift) > 0 {
				t.Fatalf("the first release's tallies disagree with its records under this release: %v %v", drift, err)
			}

			// Records read back as they were written.
			p, err := s.GetPlacement(ctx, models.System, 3)
			if err != nil {
				t.Fatal(err)
			}
			if p.IDMasked != rel.people[2][:4]+"**********"+rel.people[2][14:] || p.PlacedOn.String() != "2025-03-02" ||
				strings.Join(p.GroupList(), ",") != "graduate,reemployed" || p.Sex != "男" || p.BirthDate.String() != "2001-12-24" {
				t.Errorf("placement read back as %+v", p)
			}
			f, err := s.GetFair(ctx, &models.System, 1)
			if err != nil || f.Status != "held" || deref(f.PostsOffered) != 300 || strings.Join(f.Programmes, ",") != "public_service" ||
				!f.StartsAt.Equal(time.Date(2025, 3, 1, 9, 0, 0, 0, models.Shanghai)) {
				t.Errorf("fair read back as %+v %v", f, err)
			}
			// Accounts still log in, and people are still recognised: the
			// same ID number in the same year is refused.
			if _, _, err := s.Login(ctx, "sy_org", testPassword, "127.0.0.1", models.DefaultSessionPolicy); err != nil {
				t.Errorf("login after the upgrade: %v", err)
			}
			emp := int64(1)
			_, err = s.CreatePlacement(ctx, models.System, models.PlacementInput{PersonName: "张三", IDNumber: rel.people[0],
				EmployerID: &emp, City: "沈阳市", PlacedOn: "2025-04-01"})
			if models.ErrorCode(err) != models.EConflict {
				t.Errorf("a person of the first release placed again in 2025: %v, want a conflict", err)
			}

			// The figures: the rollup reads the carried-over tallies.
			r, err := s.Rollup(ctx, models.System, models.RollupQuery{Year: 2025, AsOf: models.Date{Year: 2025, Month: 6, Day: 30}})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]float64{"new_urban_jobs": 3, "graduate_posts": 5, "public_service_fairs": 1, "public_service_posts": 300}
			for _, g := range r.Goals {
				if w, ok := want[g.Code]; ok {
					if g.Actual == nil || *g.Actual != w {
						t.Errorf("%s: actual %v, want %v", g.Code, g.Actual, w)
					}
					delete(want, g.Code)
				}
			}
			if len(want) > 0 {
				t.Errorf("rollup lacks %v", want)
			}
		})
	}
}

func deref(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}

// withMigration is the dialect's migrations plus extra files.
func withMigration(t *testing.T, dialect string, extra map[string]string) fs.FS {
	t.Helper()
	base, err := models.MigrationsFS(dialect)
	if err != nil {
		t.Fatal(err)
	}
	out := fstest.MapFS{}
	if err := fs.WalkDir(base, ".", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(base, path)
		out[path] = &fstest.MapFile{Data: data}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for name, body := range extra {
		out[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return out
}

// schemaOf describes the tables and their columns, to compare before and after.
func schemaOf(t *testing.T, s *models.Store, dialect string) string {
	t.Helper()
	db, err := s.SQLDB()
	if err != nil {
		t.Fatal(err)
	}
	q := `SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' ORDER BY 1`
	if dialect == "postgres" {
		q = `SELECT table_name || '.' || column_name FROM information_schema.columns
			WHERE table_schema = current_schema() ORDER BY 1`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		rows.Scan(&c)
		cols = append(cols, c)
	}
	idx := "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY 1"
	if dialect == "postgres" {
		idx = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1"
	}
	rows2, err := db.Query(idx)
	if err != nil {
		t.Fatal(err)
	}
	defer rows2.Close()
	for rows2.Next() {
		var c string
		rows2.Scan(&c)
		cols = append(cols, "index "+c)
	}
	return strings.Join(cols, "\n")
}

func TestFailedMigrationChangesNothing(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			s := storetest.NewStore(t, d)
			s.Now = func() time.Time { return time.Date(2025, 6, 30, 12, 0, 0, 0, models.Shanghai) }
			fillRecords(t, s, "甲", 4)
			latest, _ := models.LatestSchemaVersion(d)
			schema := schemaOf(t, s, d)
			rows := storetest.Snapshot(t, s)

			// A migration that fails midway: a new table, a new column, an
			// index and changed rows, then a statement that cannot run.
			broken := fmt.Sprintf("%05d_broken.sql", latest+1)
			body := `-- +goose Up
CREATE TABLE upgrade_probe (id INTEGER PRIMARY KEY);
INSERT INTO upgrade_probe (id) VALUES (1);
ALTER TABLE placements ADD COLUMN probe INTEGER;
CREATE INDEX placements_probe ON placements (probe);
UPDATE placements SET person_name = 'changed';
DELETE FROM tallies;
INSERT INTO no_such_table (x) VALUES (1);
`
			err := s.MigrateFS(ctx, withMigration(t, d, map[string]string{broken: body}), 0)
			if err == nil {
				t.Fatal("the broken migration succeeded")
			}
			check := func(what string, wantVersion int64) {
				t.Helper()
				if v, err := s.SchemaVersion(ctx); err != nil || v != wantVersion {
					t.Errorf("%s: schema version %d %v, want %d", what, v, err, wantVersion)
				}
				if got := schemaOf(t, s, d); got != schema {
					t.Errorf("%s: the schema changed:\n%s\nwant\n%s", what, got, schema)
				}
				after := storetest.Snapshot(t, s)
				for k, v := range rows {
					if after[k] != v {
						t.Errorf("%s: %s %d -> %d", what, k, v, after[k])
					}
				}
				p, err := s.GetPlacement(ctx, models.System, 1)
				if err != nil || p.PersonName == "changed" {
					t.Errorf("%s: a placement was changed: %+v %v", what, p, err)
				}
				if drift, err := s.Verify(ctx); err != nil || len(drift) > 0 {
					t.Errorf("%s: verify %v %v", what, drift, err)
				}
			}
			check("broken migration", latest)
			if err := s.Ready(ctx); err != nil {
				t.Errorf("after a failed upgrade the database is still the current release's: %v", err)
			}

			// Two migrations, the second broken: the first stands, alone.
			good := fmt.Sprintf("%05d_good.sql", latest+1)
			broken = fmt.Sprintf("%05d_broken.sql", latest+2)
			err = s.MigrateFS(ctx, withMigration(t, d, map[string]string{
				good:   "-- +goose Up\nCREATE INDEX placements_probe_good ON placements (year);\n",
				broken: body,
			}), 0)
			if err == nil {
				t.Fatal("the broken migration succeeded")
			}
			schema += "\nindex placements_probe_good"
			schema = sortedLines(schema)
			if got := sortedLines(schemaOf(t, s, d)); got != schema {
				t.Errorf("after good + broken the schema is\n%s\nwant\n%s", got, schema)
			}
			if v, _ := s.SchemaVersion(ctx); v != latest+1 {
				t.Errorf("schema version %d, want %d (the good one)", v, latest+1)
			}
		})
	}
}

func sortedLines(s string) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		for j := i + 1; j < len(lines); j++ {
			if lines[j] < lines[i] {
				lines[i], lines[j] = lines[j], lines[i]
			}
		}
	}
	return strings.Join(lines, "\n")
}

const testPassword = "Test12345678"

// TestMigrationsRunInTransactions keeps every migration all-or-nothing:
// none may opt out of goose's transaction.
func TestMigrationsRunInTransactions(t *testing.T) {
	for _, d := range storetest.Dialects {
		fsys, err := models.MigrationsFS(d)
		if err != nil {
			t.Fatal(err)
		}
		names, _ := models.MigrationFiles(d)
		for _, n := range names {
			data, err := fs.ReadFile(fsys, n)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(data), "NO TRANSACTION") {
				t.Errorf("%s/%s runs outside a transaction: a failure would leave it half applied", d, n)
			}
		}
	}
}
