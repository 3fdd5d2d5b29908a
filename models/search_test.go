package models_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"jobfair/models"
	"jobfair/models/storetest"
)

// searchTexts are the names and titles the search tests write: Chinese
// names that hold one another (and 王伟伟明, which holds every pair of
// characters of 王伟明 but not the name), Latin letters in both cases (ASCII, accented,
// full-width), LIKE's own characters, quotes and backslashes.
var searchTexts = []string{
	"王伟", "王伟明", "大王伟", "李娜", "王", "沈阳高校毕业生专场", "大连高校招聘会", "沈阳软件工程师",
	"Java开发工程师", "JAVA高级工程师", "java", "ÉCOLE法语教师", "école", "ＡＢＣ全角", "ａｂｃ", "100%就业",
	"a_b测试", "axb测试", `引"号`, `反\斜杠`, "软件", "机械有限公司", "辽宁 沈阳", "工程",
	"王伟伟明",
}

// searchQueries are the searches compared: words of one, two and three or
// more characters, several words, a full-width space, %, _, quotes,
// backslashes, and Latin letters in other cases.
var searchQueries = []string{
	"王", "伟", "王伟", "伟明", "王伟明", "大王伟", "李", "李娜", "不存在", "王伟明明",
	"java", "JAVA", "Java开发", "jA", "ava", "AVA", "ÉCOLE", "école", "éc", "ÉC", "cole", "COLE",
	"ＡＢ", "ａｂ", "ａｂｃ", "ＡＢＣ", "abc", "全角",
	"100%", "%", "0%", "%就", "_", "a_b", "_b", "a_", "b测试",
	`"`, `引"`, `"号`, `\`, `反\`, `\斜杠`, `\斜`,
	"沈阳 高校", "沈阳　高校", "高校 沈阳 毕业", "沈阳 王", "工程师", "程师", "工程 师", "工程", "软件 沈阳",
	"有限公司", "测试", "市测", "测试有限", "机械", "招聘会", "会展", "中心", "沈阳",
}

// fillSearchRecords writes searchTexts through every way records come in:
// one by one, the demo's bulk loaders and imports; then renames and deletes
// some, so that the indexes must follow updates and deletions too.
func fillSearchRecords(t *testing.T, s *models.Store) {
	t.Helper()
	ctx := context.Background()
	sys := models.System
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var bulk []models.Employer
	var empIDs []int64
	for i, text := range searchTexts {
		if i%2 == 0 {
			e, err := s.CreateEmployer(ctx, sys, models.EmployerInput{Name: text, CreditCode: storetest.CreditCode("e" + text), City: "沈阳市"})
			must(err)
			empIDs = append(empIDs, e.ID)
		} else {
			bulk = append(bulk, models.Employer{Name: text, CreditCode: storetest.CreditCode("e" + text), City: "大连市"})
		}
	}
	byCode, err := s.DemoEmployers(ctx, bulk)
	must(err)
	for _, e := range bulk {
		empIDs = append(empIDs, byCode[e.CreditCode])
	}

	var fairIDs []int64
	for i, text := range searchTexts {
		f, err := s.CreateFair(ctx, sys, models.FairInput{Title: text, Venue: searchTexts[(i+5)%len(searchTexts)] + "会展中心",
			City: "沈阳市", StartsAt: "2025-03-01T09:00:00+08:00", EndsAt: "2025-03-01T15:00:00+08:00", Mode: "onsite",
			Programmes: []string{"chunnuan"}})
		must(err)
		fairIDs = append(fairIDs, f.ID)
	}

	var jobIDs []int64
	for i, text := range searchTexts {
		one := 1 + i%3
		j, err := s.CreateJob(ctx, sys, models.JobInput{EmployerID: &empIDs[(i*7)%len(empIDs)], Title: text, City: "沈阳市",
			Headcount: &one, PostedOn: "2025-03-01"})
		must(err)
		jobIDs = append(jobIDs, j.ID)
	}

	var drafts []models.PlacementDraft
	var importRows [][]string
	var placementIDs []int64
	born := time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, text := range searchTexts {
		id := storetest.IDNumber("210102", born.AddDate(0, 0, i).Format("2006-01-02"), i)
		switch i % 3 {
		case 0:
			p, err := s.CreatePlacement(ctx, sys, models.PlacementInput{PersonName: text, IDNumber: id,
				EmployerID: &empIDs[i%len(empIDs)], City: "沈阳市", PlacedOn: "2025-03-02"})
			must(err)
			placementIDs = append(placementIDs, p.ID)
		case 1:
			drafts = append(drafts, models.PlacementDraft{PersonName: text, IDNumber: id, EmployerID: empIDs[i%len(empIDs)],
				City: "沈阳市", PlacedOn: models.DateOf(time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC))})
		case 2:
			importRows = append(importRows, []string{text, id, "", storetest.CreditCode("e" + searchTexts[0]), "沈阳市", "2025-03-04"})
		}
	}
	batch, err := s.PreparePlacements(drafts)
	must(err)
	must(s.DemoPlacements(ctx, []*models.PlacementBatch{batch}, nil))
	_, err = s.ImportPlacements(ctx, sys, fileOf("search.csv", importRows))
	must(err)

	var grads []models.GraduateDraft
	var gradIDs []int64
	year := 2025
	for i, text := range searchTexts {
		id := storetest.IDNumber("210202", born.AddDate(0, 0, i).Format("2006-01-02"), 500+i)
		if i%2 == 0 {
			g, err := s.CreateGraduate(ctx, sys, models.GraduateInput{PersonName: text, IDNumber: id, School: "沈阳大学",
				Education: "bachelor", GraduationYear: &year, City: "沈阳市", RegisteredOn: "2025-03-01"})
			must(err)
			gradIDs = append(gradIDs, g.ID)
			continue
		}
		grads = append(grads, models.GraduateDraft{IDNumber: id, Graduate: models.Graduate{PersonName: text, School: "大连大学",
			Education: "bachelor", GraduationYear: year, City: "大连市", WantsJob: true, Status: "registered",
			RegisteredOn: models.DateOf(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC))}})
	}
	must(s.DemoGraduates(ctx, grads, nil))

	// Renames: the old words must no longer find the record, the new ones must.
	renamed := "改名后的王伟明"
	_, err = s.UpdateJob(ctx, sys, jobIDs[1], models.JobPatch{Title: &renamed})
	must(err)
	venue := "沈阳新会展中心"
	_, err = s.UpdateFair(ctx, sys, fairIDs[2], models.FairPatch{Title: &renamed, Venue: &venue})
	must(err)
	_, err = s.UpdateEmployer(ctx, sys, empIDs[3], models.EmployerPatch{Name: &renamed})
	must(err)
	must(s.DeleteJob(ctx, sys, jobIDs[0]))
	must(s.DeleteFair(ctx, sys, fairIDs[0]))
	must(s.DeletePlacement(ctx, sys, placementIDs[0]))
	must(s.DeleteGraduate(ctx, sys, gradIDs[0]))
}

// searchLists runs one search over every list that has one and answers
// each list's ids (all pages) and total.
func searchLists(t *testing.T, s *models.Store, q string) map[string]string {
	t.Helper()
	ctx := context.Background()
	page := models.Page{Number: 1, Size: 1000}
	out := map[string]string{}
	record := func(list string, total int64, err error, ids []int64) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s q=%q: %v", list, q, err)
		}
		slices.Sort(ids)
		out[list] = fmt.Sprintf("total %d ids %v", total, ids)
	}
	jobs, n, err := s.ListJobs(ctx, models.System, models.JobFilter{Q: q, Page: page})
	record("jobs", n, err, idsOf(jobs, func(j models.Job) int64 { return j.ID }))
	jobs, n, err = s.ListPublicJobs(ctx, models.JobFilter{Q: q, Page: page})
	record("public jobs", n, err, idsOf(jobs, func(j models.Job) int64 { return j.ID }))
	fairs, n, err := s.ListFairs(ctx, models.System, models.FairFilter{Q: q, Page: page})
	record("fairs", n, err, idsOf(fairs, func(f models.Fair) int64 { return f.ID }))
	pfairs, n, err := s.ListPublicFairs(ctx, models.FairFilter{Q: q, Page: page})
	record("public fairs", n, err, idsOf(pfairs, func(f models.PublicFair) int64 { return f.ID }))
	emps, n, err := s.ListEmployers(ctx, models.System, models.EmployerFilter{Q: q, Page: page})
	record("employers", n, err, idsOf(emps, func(e models.Employer) int64 { return e.ID }))
	ps, n, err := s.ListPlacements(ctx, models.System, models.PlacementFilter{Q: q, Page: page})
	record("placements", n, err, idsOf(ps, func(p models.Placement) int64 { return p.ID }))
	gs, n, err := s.ListGraduates(ctx, models.System, models.GraduateFilter{Q: q, Page: page})
	record("graduates", n, err, idsOf(gs, func(g models.Graduate) int64 { return g.ID }))
	us, n, err := s.ListUsers(ctx, models.System, models.UserFilter{Q: q, Page: page})
	record("users", n, err, idsOf(us, func(u models.User) int64 { return u.ID }))
	return out
}

func idsOf[T any](items []T, id func(T) int64) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

// The text search reads indexes (FTS5 trigrams on SQLite, pg_trgm and pairs
// of characters on PostgreSQL) and finds exactly what a plain LIKE scan of
// the same columns finds (ILIKE on PostgreSQL), with the same totals, over
// records written every way and then renamed or deleted.
func TestSearchIndexFindsWhatLikeFinds(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			s, _ := importStore(t, d)
			fillSearchRecords(t, s)
			found := 0
			for _, q := range append(searchQueries, "改名后", "王伟明 改名", "新会展") {
				*models.SearchIndexes = false
				want := searchLists(t, s, q)
				*models.SearchIndexes = true
				got := searchLists(t, s, q)
				// A page of many matches walks the list's order instead.
				above := *models.SearchScanAbove
				*models.SearchScanAbove = 0
				walked := searchLists(t, s, q)
				*models.SearchScanAbove = above
				for list, w := range want {
					if got[list] != w {
						t.Errorf("%s q=%q: with the index %s, scanning %s", list, q, got[list], w)
					}
					if walked[list] != w {
						t.Errorf("%s q=%q: walking the order %s, scanning %s", list, q, walked[list], w)
					}
					if !strings.HasPrefix(w, "total 0 ") {
						found++
					}
				}
			}
			// The comparison means something only if the searches find records.
			if found < 100 {
				t.Fatalf("only %d searches found anything", found)
			}
		})
	}
}

// Case: Latin letters match in either case on both databases. SQLite's LIKE
// folds only ASCII, so É and é stay apart there; PostgreSQL's ILIKE folds
// them too (under the cluster's UTF-8 locale).
func TestSearchIgnoresLatinCase(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			s, _ := importStore(t, d)
			fillSearchRecords(t, s)
			want := map[string]int{"JAVA": 3, "java": 3, "jAvA": 3, "Ja": 3, "JA": 3, "ÉCOLE": 2, "éCOLE": 2}
			if d == "sqlite" {
				want["ÉCOLE"], want["éCOLE"] = 1, 1
			}
			for q, n := range want {
				got := searchLists(t, s, q)
				for _, list := range []string{"placements", "graduates"} {
					if !strings.HasPrefix(got[list], fmt.Sprintf("total %d ", n)) {
						t.Errorf("%s q=%q: %s, want %d", list, q, got[list], n)
					}
				}
			}
		})
	}
}

// The indexes are what the search reads: on SQLite, a record taken out of
// the index is no longer found by a word of two or three characters (but
// still by one of one character, which scans), and the query plan names the
// FTS5 table; on PostgreSQL the plan of each kind of word names its index.
func TestSearchReadsTheIndexes(t *testing.T) {
	ctx := context.Background()
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			s, _ := importStore(t, d)
			fillSearchRecords(t, s)
			db, err := s.SQLDB()
			if err != nil {
				t.Fatal(err)
			}
			count := func(q string) int64 {
				t.Helper()
				_, n, err := s.ListPlacements(ctx, models.System, models.PlacementFilter{Q: q, Page: models.Page{Number: 1, Size: 10}})
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			if d == "sqlite" {
				if count("伟明") != 2 || count("王伟明") != 1 { // 王伟明 and 王伟伟明
					t.Fatalf("王伟明 not found before the test: %d, %d", count("伟明"), count("王伟明"))
				}
				if _, err := db.Exec("DELETE FROM placements_search WHERE rowid IN (SELECT id FROM placements WHERE person_name = '王伟明')"); err != nil {
					t.Fatal(err)
				}
				if n := count("伟明"); n != 1 {
					t.Errorf("a record out of the index is still found by a word of two characters (%d): the search scans", n)
				}
				if n := count("王伟明"); n != 0 {
					t.Errorf("a record out of the index is still found by a word of three characters (%d): the search scans", n)
				}
				if n := count("明"); n != 2 {
					t.Errorf("a word of one character finds %d, want 2 (it scans)", n)
				}
				for _, q := range []string{
					"SELECT rowid FROM placements_search WHERE placements_search MATCH '\"王伟明\"'",
					"SELECT doc FROM placements_search_terms WHERE term >= '王伟' AND term < '王伟x'",
				} {
					plan := explainSQLite(t, db, q)
					if !strings.Contains(plan, "VIRTUAL TABLE INDEX") {
						t.Errorf("plan of %s: %s", q, plan)
					}
				}
				return
			}
			for q, index := range map[string]string{
				"SELECT id FROM placements WHERE search_bigrams(person_name) @> search_bigrams('王伟明')": "placements_person_name_bigrams",
				"SELECT id FROM graduates WHERE search_bigrams(person_name) @> search_bigrams('王伟明')":  "graduates_person_name_bigrams",
				"SELECT id FROM placements WHERE search_bigrams(person_name) @> ARRAY[lower('王伟')]":    "placements_person_name_bigrams",
				"SELECT id FROM jobs WHERE title ILIKE '%java%'":                                       "jobs_title_trgm",
				"SELECT id FROM fairs WHERE search_bigrams(venue) @> ARRAY[lower('会展')]":               "fairs_venue_bigrams",
			} {
				if plan := explainPostgres(t, db, q); !strings.Contains(plan, index) {
					t.Errorf("plan of %s does not use %s:\n%s", q, index, plan)
				}
			}
		})
	}
}

func explainSQLite(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	rows, err := db.Query("EXPLAIN QUERY PLAN " + q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "\n")
}

// explainPostgres is the plan of q with sequential scans discouraged: the
// tables of a test are too small for the planner to choose an index itself.
func explainPostgres(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec("SET LOCAL enable_seqscan = off"); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query("EXPLAIN " + q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	return strings.Join(plan, "\n")
}

// Clearing the graduates' personal data clears their names from the search
// too: the old names find nobody, the placeholder finds them all.
func TestSearchForgetsPurgedNames(t *testing.T) {
	ctx := context.Background()
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			s, _ := importStore(t, d)
			fillSearchRecords(t, s)
			if got := searchLists(t, s, "王伟")["graduates"]; strings.HasPrefix(got, "total 0 ") {
				t.Fatalf("王伟 finds no graduate before the purge: %s", got)
			}
			n, err := s.PurgeGraduates(ctx, 2026, false)
			if err != nil || n == 0 {
				t.Fatalf("purge: %d, %v", n, err)
			}
			for _, q := range []string{"王伟", "王伟明", "java", "工程"} {
				if got := searchLists(t, s, q)["graduates"]; !strings.HasPrefix(got, "total 0 ") {
					t.Errorf("q=%q after the purge: %s", q, got)
				}
			}
			if got := searchLists(t, s, "已清除")["graduates"]; !strings.HasPrefix(got, fmt.Sprintf("total %d ", n)) {
				t.Errorf("q=已清除 after the purge: %s, want %d", got, n)
			}
		})
	}
}

// The server's PostgreSQL sessions plan for data in memory and plan each
// execution with its values (see plannerSettings), unless the DSN says
// otherwise; a bulk transaction reuses its plans.
func TestPostgresPlannerSettings(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t, "postgres")
	names := []string{"random_page_cost", "max_parallel_workers_per_gather", "plan_cache_mode"}
	show := func(dsn string) []string {
		t.Helper()
		s, err := models.Open(ctx, dsn, storetest.Secret)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		db, err := s.SQLDB()
		if err != nil {
			t.Fatal(err)
		}
		values := make([]string, len(names))
		for i, name := range names {
			if err := db.QueryRow("SHOW " + name).Scan(&values[i]); err != nil {
				t.Fatal(err)
			}
		}
		return values
	}
	if got, want := show(dsn), []string{"1.1", "0", "force_custom_plan"}; !slices.Equal(got, want) {
		t.Errorf("%v: %v, want %v", names, got, want)
	}
	s := storetest.NewStore(t, "postgres")
	if mode, err := s.BulkSetting(ctx, "plan_cache_mode"); err != nil || mode != "auto" {
		t.Errorf("plan_cache_mode in a bulk transaction: %q %v, want auto (it reuses its plans)", mode, err)
	}
	db, err := s.SQLDB()
	if err != nil {
		t.Fatal(err)
	}
	var mode string
	if err := db.QueryRow("SHOW plan_cache_mode").Scan(&mode); err != nil || mode != "force_custom_plan" {
		t.Errorf("plan_cache_mode after a bulk transaction: %q %v, want force_custom_plan", mode, err)
	}
	own := []string{"2", "1", "auto"}
	if got := show(dsn + "&random_page_cost=2&max_parallel_workers_per_gather=1&plan_cache_mode=auto"); !slices.Equal(got, own) {
		t.Errorf("the DSN's own settings were replaced: %v: %v, want %v", names, got, own)
	}
}

// TestPostgresBigrams checks that search_bigrams, a loop since migration
// 00014, gives the set of pairs that the SQL aggregate it replaced gave:
// since 00018 each pair as often as it occurs, which the GIN indexes keep
// once.
func TestPostgresBigrams(t *testing.T) {
	db, err := storetest.NewStore(t, "postgres").SQLDB()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"", "王", "王伟", "欧阳娜娜", "沈阳沈阳市", "Go开发GO", "ÄÖ·a b", "aaaa"} {
		var got, want string
		err := db.QueryRow(`SELECT array_to_string(ARRAY(SELECT DISTINCT x FROM unnest(search_bigrams($1)) x ORDER BY 1), '|'),
			COALESCE(array_to_string(ARRAY(SELECT DISTINCT lower(substr($1, i, 2)) FROM generate_series(1, length($1) - 1) i ORDER BY 1), '|'), '')`,
			text).Scan(&got, &want)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow("SELECT cardinality(search_bigrams($1))", text).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if pairs := max(utf8.RuneCountInString(text)-1, 0); got != want || n != pairs {
			t.Errorf("search_bigrams(%q) = %q (%d pairs), want %q (%d pairs)", text, got, n, want, pairs)
		}
	}
	var null sql.NullString
	if err := db.QueryRow("SELECT search_bigrams(NULL::text)::text").Scan(&null); err != nil || null.Valid {
		t.Errorf("search_bigrams(NULL) = %v, %v; want NULL", null, err)
	}
}
