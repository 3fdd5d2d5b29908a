package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"jobfair/api/apitest"
	"jobfair/models"
)

// limitCase is one call at a bound: just inside answers want (a 2xx), just
// outside answers 422 naming field and changes nothing.
type limitCase struct {
	name   string
	token  func(w *recWorld) string
	method string
	path   func(t *testing.T, w *recWorld) string
	body   map[string]any
	want   int
	field  string // "" for a call inside the bounds
}

func asAdmin(w *recWorld) string { return w.admin }
func asOrg(w *recWorld) string   { return w.org }
func asEmp(w *recWorld) string   { return w.empTok }

func fixedPath(p string) func(*testing.T, *recWorld) string {
	return func(*testing.T, *recWorld) string { return p }
}

// plannedFair is a fair of 2025-06-01 (before the clock's today) to close.
func plannedFair(t *testing.T, w *recWorld) string {
	return fmt.Sprintf("/api/v1/fairs/%d", w.fair(t, "边界测试招聘会", "沈阳市", "2025-06-01", "chunnuan"))
}

func held(field string, v int) map[string]any {
	b := map[string]any{"status": "held", "visitors": 1, "employers_attended": 1, "posts_offered": 1, "intents": 1}
	b[field] = v
	return b
}

func jobBody(over map[string]any) map[string]any {
	b := map[string]any{"title": "数控车工", "headcount": 1, "posted_on": "2025-06-01", "salary_min": 3000, "salary_max": 5000}
	for k, v := range over {
		b[k] = v
	}
	return b
}

func limitCases() []limitCase {
	var cases []limitCase
	for _, f := range []string{"visitors", "employers_attended", "posts_offered", "intents"} {
		cases = append(cases,
			limitCase{f + " at most", asOrg, "PATCH", plannedFair, held(f, models.MaxFairResult), 200, ""},
			limitCase{f + " zero", asOrg, "PATCH", plannedFair, held(f, 0), 200, ""},
			limitCase{f + " above", asOrg, "PATCH", plannedFair, held(f, models.MaxFairResult+1), 422, f},
			limitCase{f + " negative", asOrg, "PATCH", plannedFair, held(f, -1), 422, f},
		)
	}
	jobs := fixedPath("/api/v1/jobs")
	withEmp := func(over map[string]any) map[string]any { return jobBody(over) } // employer_id filled in below
	cases = append(cases,
		limitCase{"headcount at most", asAdmin, "POST", jobs, withEmp(map[string]any{"headcount": 10000}), 201, ""},
		limitCase{"headcount above", asAdmin, "POST", jobs, withEmp(map[string]any{"headcount": 10001}), 422, "headcount"},
		limitCase{"headcount zero", asAdmin, "POST", jobs, withEmp(map[string]any{"headcount": 0}), 422, "headcount"},
		limitCase{"salary at most", asAdmin, "POST", jobs, withEmp(map[string]any{"salary_min": 1000000, "salary_max": 1000000}), 201, ""},
		limitCase{"salary_max above", asAdmin, "POST", jobs, withEmp(map[string]any{"salary_max": 1000001}), 422, "salary_max"},
		limitCase{"salary_min negative", asAdmin, "POST", jobs, withEmp(map[string]any{"salary_min": -1}), 422, "salary_min"},
		limitCase{"posted_on first day", asAdmin, "POST", jobs, withEmp(map[string]any{"posted_on": "2000-01-01"}), 201, ""},
		limitCase{"posted_on before 2000", asAdmin, "POST", jobs, withEmp(map[string]any{"posted_on": "1999-12-31"}), 422, "posted_on"},
		limitCase{"posted_on year 1900", asAdmin, "POST", jobs, withEmp(map[string]any{"posted_on": "1900-01-01"}), 422, "posted_on"},
		limitCase{"posted_on today", asAdmin, "POST", jobs, withEmp(map[string]any{"posted_on": "2025-06-30"}), 201, ""},
		limitCase{"posted_on tomorrow", asAdmin, "POST", jobs, withEmp(map[string]any{"posted_on": "2025-07-01"}), 422, "posted_on"},
		limitCase{"employer 31 days back", asEmp, "POST", jobs, withEmp(map[string]any{"posted_on": "2025-05-30"}), 201, ""},
		limitCase{"employer 32 days back", asEmp, "POST", jobs, withEmp(map[string]any{"posted_on": "2025-05-29"}), 422, "posted_on"},
		limitCase{"organiser 32 days back", asOrg, "POST", jobs, withEmp(map[string]any{"posted_on": "2025-05-29"}), 201, ""},

		limitCase{"starts_at in 2000", asOrg, "POST", fixedPath("/api/v1/fairs"), fairInput("千禧招聘会", "沈阳市", "2000-01-01", "chunnuan"), 201, ""},
		limitCase{"starts_at in 1999", asOrg, "POST", fixedPath("/api/v1/fairs"), fairInput("旧招聘会", "沈阳市", "1999-12-31", "chunnuan"), 422, "starts_at"},
		limitCase{"starts_at in year 1", asOrg, "POST", fixedPath("/api/v1/fairs"), fairInput("远古招聘会", "沈阳市", "0001-06-01", "chunnuan"), 422, "starts_at"},
		limitCase{"starts_at next year", asOrg, "POST", fixedPath("/api/v1/fairs"), fairInput("明年招聘会", "沈阳市", "2026-12-31", "chunnuan"), 201, ""},
		limitCase{"starts_at in two years", asOrg, "POST", fixedPath("/api/v1/fairs"), fairInput("后年招聘会", "沈阳市", "2027-01-01", "chunnuan"), 422, "starts_at"},
		limitCase{"moved to two years on", asOrg, "PATCH", plannedFair, map[string]any{
			"starts_at": "2027-01-01T09:00:00+08:00", "ends_at": "2027-01-01T12:00:00+08:00"}, 422, "starts_at"},

		limitCase{"placed_on first day", asOrg, "POST", fixedPath("/api/v1/placements"), nil, 201, ""},
		limitCase{"placed_on before 2000", asOrg, "POST", fixedPath("/api/v1/placements"), map[string]any{"placed_on": "1999-12-31"}, 422, "placed_on"},

		limitCase{"percent at most", asAdmin, "POST", fixedPath("/api/v1/goals/urban_unemployment_rate/reports"), map[string]any{"period": "2025-05", "city": "沈阳市", "value": 100}, 201, ""},
		limitCase{"percent above", asAdmin, "POST", fixedPath("/api/v1/goals/urban_unemployment_rate/reports"), map[string]any{"period": "2025-05", "city": "沈阳市", "value": 100.01}, 422, "value"},
		limitCase{"percent 1e308", asAdmin, "POST", fixedPath("/api/v1/goals/urban_unemployment_rate/reports"), map[string]any{"period": "2025-05", "city": "沈阳市", "value": 1e308}, 422, "value"},
		limitCase{"percent negative", asAdmin, "POST", fixedPath("/api/v1/goals/urban_unemployment_rate/reports"), map[string]any{"period": "2025-05", "city": "沈阳市", "value": -0.5}, 422, "value"},
		limitCase{"count at most", asAdmin, "POST", fixedPath("/api/v1/goals/subsidised_training/reports"), map[string]any{"period": "2025-05", "city": "沈阳市", "value": 1e8}, 201, ""},
		limitCase{"count above", asAdmin, "POST", fixedPath("/api/v1/goals/subsidised_training/reports"), map[string]any{"period": "2025-05", "city": "沈阳市", "value": 1e8 + 1}, 422, "value"},
		limitCase{"count 1.5e308", asAdmin, "POST", fixedPath("/api/v1/goals/subsidised_training/reports"), map[string]any{"period": "2025-05", "city": "沈阳市", "value": 1.5e308}, 422, "value"},
		limitCase{"period 2000-01", asAdmin, "POST", fixedPath("/api/v1/goals/subsidised_training/reports"), map[string]any{"period": "2000-01", "city": "沈阳市", "value": 1}, 201, ""},
		limitCase{"period 1999-12", asAdmin, "POST", fixedPath("/api/v1/goals/subsidised_training/reports"), map[string]any{"period": "1999-12", "city": "沈阳市", "value": 1}, 422, "period"},

		limitCase{"percent target at most", asAdmin, "POST", fixedPath("/api/v1/goals"), goalBody("%", 100), 201, ""},
		limitCase{"percent target above", asAdmin, "POST", fixedPath("/api/v1/goals"), goalBody("%", 100.5), 422, "target"},
		limitCase{"target zero", asAdmin, "POST", fixedPath("/api/v1/goals"), goalBody("人", 0), 422, "target"},
		limitCase{"target at most", asAdmin, "POST", fixedPath("/api/v1/goals"), goalBody("人", 1e8), 201, ""},
		limitCase{"target above", asAdmin, "POST", fixedPath("/api/v1/goals"), goalBody("人", 1e8+1), 422, "target"},
		limitCase{"goal year after 2100", asAdmin, "POST", fixedPath("/api/v1/goals"), map[string]any{"code": "far_goal", "name": "远期目标",
			"scope": "province", "year_from": 2101, "year_to": 2101, "target": 1, "unit": "人", "comparison": "at_least",
			"source": "reported", "kind": "flow"}, 422, "year_from"},
	)
	return cases
}

var goalSeq int

func goalBody(unit string, target float64) map[string]any {
	goalSeq++
	return map[string]any{"code": fmt.Sprintf("bound_goal_%d", goalSeq), "name": "边界目标", "scope": "province",
		"year_from": 2025, "year_to": 2025, "target": target, "unit": unit, "comparison": "at_least",
		"source": "reported", "kind": "flow"}
}

// TestLimitsOnEveryFigure calls every bound just inside and just outside.
func TestLimitsOnEveryFigure(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		serial := 0
		for _, c := range limitCases() {
			path := c.path(t, w)
			body := map[string]any{}
			for k, v := range c.body {
				body[k] = v
			}
			switch {
			case strings.HasSuffix(path, "/jobs"):
				body["employer_id"] = w.emp
			case strings.HasSuffix(path, "/placements"):
				serial++
				p := map[string]any{"person_name": "边界", "id_number": apitest.IDNumber("210102", "1980-01-01", serial),
					"employer_id": w.emp, "city": "沈阳市", "placed_on": "2000-01-01"}
				for k, v := range body {
					p[k] = v
				}
				body = p
			}
			before := apitest.Snapshot(t, w.Store)
			r := w.Do(c.token(w), c.method, path, body)
			if r.Code != c.want {
				t.Errorf("%s: %s %s answered %d, want %d: %s", c.name, c.method, path, r.Code, c.want, r.Body)
				continue
			}
			if c.field == "" {
				continue
			}
			if r.ErrorCode() != models.EInvalid || r.ErrorFields()[c.field] == nil {
				t.Errorf("%s: want validation_failed naming %s, got %s", c.name, c.field, r.Body)
			}
			if after := apitest.Snapshot(t, w.Store); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("%s: refused but changed %v -> %v", c.name, before, after)
			}
		}
		if drift, err := w.Store.Verify(t.Context()); err != nil || len(drift) > 0 {
			t.Errorf("verify: %v %v", drift, err)
		}
	})
}

// TestGoalTargetPatchBounds edits a target and a unit across the bounds.
func TestGoalTargetPatchBounds(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		id := apitest.ID(t, w.Must(201, w.admin, "POST", "/api/v1/goals", goalBody("人", 500)))
		path := fmt.Sprintf("/api/v1/goals/%d", id)
		w.Must(200, w.admin, "PATCH", path, map[string]any{"target": 1e8})
		for _, body := range []map[string]any{{"target": 1e8 + 1}, {"target": 0}, {"target": -3}, {"unit": "%"}} {
			r := w.Do(w.admin, "PATCH", path, body)
			if r.Code != 422 || r.ErrorFields()["target"] == nil {
				t.Errorf("PATCH %v: %d %s, want 422 naming target", body, r.Code, r.Body)
			}
		}
		w.Must(200, w.admin, "PATCH", path, map[string]any{"unit": "%", "target": 99.5})
	})
}

// TestEmployerKeepsCityAndCreditCode: an employer user cannot move its record
// to another city or change its credit code, nor post vacancies elsewhere.
func TestEmployerKeepsCityAndCreditCode(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		path := fmt.Sprintf("/api/v1/employers/%d", w.emp)
		for _, body := range []map[string]any{{"city": "丹东市"}, {"credit_code": apitest.CreditCode("另一家")}} {
			before := apitest.Snapshot(t, w.Store)
			r := w.Do(w.empTok, "PATCH", path, body)
			if r.Code != http.StatusForbidden {
				t.Errorf("employer PATCH %v: %d %s, want 403", body, r.Code, r.Body)
			}
			if after := apitest.Snapshot(t, w.Store); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("refused but changed %v -> %v", before, after)
			}
		}
		// Sending its own values back, as the profile form does, is no change.
		w.Must(200, w.empTok, "PATCH", path, map[string]any{"city": "沈阳市", "credit_code": apitest.CreditCode("沈阳重型机械有限公司"), "industry": "装备制造"})
		// An admin may correct both; a credit code taken by another employer is a conflict.
		w.Must(200, w.admin, "PATCH", path, map[string]any{"credit_code": apitest.CreditCode("更正后的代码")})
		r := w.Do(w.admin, "PATCH", path, map[string]any{"credit_code": apitest.CreditCode("大连港湾物流有限公司")})
		if r.Code != http.StatusConflict {
			t.Errorf("taken credit code: %d %s, want 409", r.Code, r.Body)
		}
		var e models.Employer
		w.Must(200, w.admin, "PATCH", path, map[string]any{"city": "丹东市"}).Decode(t, &e)
		if e.City != "丹东市" || e.CreditCode != apitest.CreditCode("更正后的代码") {
			t.Errorf("admin's corrections not kept: %+v", e)
		}
		// Now in 丹东市: the employer's vacancies are there, not in 沈阳市.
		r = w.Do(w.empTok, "POST", "/api/v1/jobs", jobBody(map[string]any{"city": "沈阳市"}))
		if r.Code != http.StatusForbidden {
			t.Errorf("employer posting in another city: %d %s, want 403", r.Code, r.Body)
		}
		w.Must(201, w.empTok, "POST", "/api/v1/jobs", jobBody(nil))
	})
}

// TestRollupOfLargestValues fills a year with the largest allowed figures:
// every rollup, breakdown and the workbook still answer 200 with numbers.
func TestRollupOfLargestValues(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		all := []string{"chunnuan", "graduates", "key_groups", "veterans", "public_service", "new_forms"}
		const fairs = 20
		for i := 0; i < fairs; i++ {
			id := w.fair(t, fmt.Sprintf("大型招聘会%d", i), "沈阳市", fmt.Sprintf("2025-%02d-10", i%6+1), all...)
			w.Must(200, w.org, "PATCH", fmt.Sprintf("/api/v1/fairs/%d", id), map[string]any{"status": "held",
				"visitors": models.MaxFairResult, "employers_attended": models.MaxFairResult,
				"posts_offered": models.MaxFairResult, "intents": models.MaxFairResult})
		}
		for i := 0; i < 20; i++ {
			w.Must(201, w.admin, "POST", "/api/v1/jobs", map[string]any{"employer_id": w.emp, "title": "大批招聘",
				"headcount": models.MaxHeadcount, "for_graduates": true, "posted_on": "2025-06-01", "salary_max": models.MaxSalary})
		}
		for m := 1; m <= 6; m++ {
			for _, city := range []string{"", "沈阳市"} {
				w.Must(201, w.admin, "POST", "/api/v1/goals/subsidised_training/reports",
					map[string]any{"period": fmt.Sprintf("2025-%02d", m), "city": city, "value": models.MaxReportedValue})
				w.Must(201, w.admin, "POST", "/api/v1/goals/urban_unemployment_rate/reports",
					map[string]any{"period": fmt.Sprintf("2025-%02d", m), "city": city, "value": models.MaxPercent})
			}
		}
		var roll models.Rollup
		w.Must(200, w.admin, "GET", "/api/v1/rollup?year=2025", nil).Decode(t, &roll)
		want := map[string]float64{"special_fairs": fairs, "public_service_posts": fairs * models.MaxFairResult,
			"new_forms_matches": fairs * models.MaxFairResult, "graduate_posts": 20 * models.MaxHeadcount,
			"subsidised_training": 6 * models.MaxReportedValue, "urban_unemployment_rate": models.MaxPercent}
		for _, g := range roll.Goals {
			if v, ok := want[g.Code]; ok && (g.Actual == nil || *g.Actual != v) {
				t.Errorf("%s: actual %v, want %v", g.Code, g.Actual, v)
			}
		}
		for _, path := range []string{"/api/v1/rollup?year=2025&city=沈阳市", "/api/v1/rollup/cities?year=2025&goal=public_service_posts",
			"/api/v1/rollup/cities?year=2025&goal=subsidised_training", "/api/v1/rollup/months?year=2025&goal=new_forms_matches",
			"/api/v1/rollup/months?year=2025&goal=subsidised_training&city=沈阳市", "/api/v1/rollup/groups?year=2025"} {
			r := w.Must(200, w.admin, "GET", path, nil)
			if !json.Valid(r.Body) || len(r.Body) < 10 {
				t.Errorf("%s: not a JSON answer: %q", path, r.Body)
			}
		}
		if r := w.Must(200, w.admin, "GET", "/api/v1/rollup/export.xlsx?year=2025", nil); len(r.Body) < 100 {
			t.Errorf("workbook of %d bytes", len(r.Body))
		}
		if drift, err := w.Store.Verify(t.Context()); err != nil || len(drift) > 0 {
			t.Errorf("verify: %v %v", drift, err)
		}
	})
}
