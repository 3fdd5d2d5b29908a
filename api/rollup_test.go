package api_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jobfair/api/apitest"
	"jobfair/models"
)

// fixture is a small hand-made data set whose rollups are worked out by hand
// in the tests below.
type fixture struct {
	env   *apitest.Env
	org   string // a province-wide organiser
	emp   map[string]int64
	fairs map[string]int64
}

func newFixture(t *testing.T, dialect string) *fixture {
	t.Helper()
	env := apitest.New(t, dialect)
	fx := &fixture{env: env, org: env.User("org", models.RoleOrganiser, "", 0), emp: map[string]int64{}, fairs: map[string]int64{}}
	for _, city := range []string{"沈阳市", "大连市", "鞍山市"} {
		fx.emp[city] = env.Employer(city+"测试单位", city)
	}
	return fx
}

// fair registers a fair starting at start (Shanghai time) and moves it to
// status: "held" with posts and intents, "cancelled", or "planned".
func (fx *fixture) fair(t *testing.T, name, city, start string, programmes []string, status string, posts, intents int) {
	t.Helper()
	starts, err := time.ParseInLocation("2006-01-02 15:04", start, models.Shanghai)
	if err != nil {
		t.Fatal(err)
	}
	r := fx.env.Must(http.StatusCreated, fx.org, "POST", "/api/v1/fairs", map[string]any{
		"title": name, "city": city, "venue": "会展中心", "mode": "onsite", "programmes": programmes,
		"starts_at": starts.Format(time.RFC3339), "ends_at": starts.Add(3 * time.Hour).Format(time.RFC3339)})
	id := apitest.ID(t, r)
	fx.fairs[name] = id
	path := fmt.Sprintf("/api/v1/fairs/%d", id)
	switch status {
	case models.FairHeld:
		fx.env.Must(http.StatusOK, fx.org, "PATCH", path, map[string]any{"status": "held", "visitors": 10 * posts,
			"employers_attended": 5, "posts_offered": posts, "intents": intents})
	case models.FairCancelled:
		fx.env.Must(http.StatusOK, fx.org, "PATCH", path, map[string]any{"status": "cancelled"})
	}
}

func (fx *fixture) job(t *testing.T, city, postedOn string, headcount int, forGraduates bool) {
	t.Helper()
	fx.env.Must(http.StatusCreated, fx.org, "POST", "/api/v1/jobs", map[string]any{"employer_id": fx.emp[city],
		"title": "岗位" + postedOn, "city": city, "headcount": headcount, "for_graduates": forGraduates, "posted_on": postedOn})
}

func (fx *fixture) place(t *testing.T, city, placedOn, birth string, serial int, groups ...string) {
	t.Helper()
	if groups == nil {
		groups = []string{}
	}
	fx.env.Must(http.StatusCreated, fx.org, "POST", "/api/v1/placements", map[string]any{
		"person_name": "测试人员", "id_number": apitest.IDNumber("210102", birth, serial), "groups": groups,
		"employer_id": fx.emp[city], "city": city, "placed_on": placedOn})
}

// load writes the data set:
//
//	fairs  F1 沈阳 2023-01-01 00:30 public_service held (posts 100, intents 10)
//	       F2 大连 2023-06-30 23:30 new_forms held (50, 7)      — last minutes of as_of
//	       F3 沈阳 2023-07-01 09:00 new_forms+public_service held (30, 5) — after as_of
//	       F4 大连 2023-03-10 chunnuan cancelled; F6 鞍山 2023-05-05 planned
//	       F5 沈阳 2023-12-31 20:00 chunnuan held (10, 1); F7 沈阳 2024-02-29 graduates held (20, 2)
//	jobs   沈阳 2023-01-01 5 graduates; 大连 2023-06-30 7 graduates; 沈阳 2023-07-01 11 graduates;
//	       沈阳 2023-03-01 100 not for graduates; 大连 2023-12-31 3 graduates
//	people P1 沈阳 2023-01-01 aged 18 that day, reemployed; P2 沈阳 2023-06-30 aged 17, hard_to_employ;
//	       P3 大连 2023-03-15 aged 46 that day, reemployed+hard_to_employ; P4 大连 2023-06-30 aged 45;
//	       P5 沈阳 2023-07-01 (person X) reemployed; P6 大连 2023-12-31 graduate;
//	       P7 沈阳 2024-02-29 person X again; P8 鞍山 2024-03-01
func (fx *fixture) load(t *testing.T) {
	t.Helper()
	fx.fair(t, "F1", "沈阳市", "2023-01-01 00:30", []string{"public_service"}, models.FairHeld, 100, 10)
	fx.fair(t, "F2", "大连市", "2023-06-30 23:30", []string{"new_forms"}, models.FairHeld, 50, 7)
	fx.fair(t, "F3", "沈阳市", "2023-07-01 09:00", []string{"new_forms", "public_service"}, models.FairHeld, 30, 5)
	fx.fair(t, "F4", "大连市", "2023-03-10 09:00", []string{"chunnuan"}, models.FairCancelled, 0, 0)
	fx.fair(t, "F5", "沈阳市", "2023-12-31 20:00", []string{"chunnuan"}, models.FairHeld, 10, 1)
	fx.fair(t, "F6", "鞍山市", "2023-05-05 09:00", []string{"chunnuan"}, models.FairPlanned, 0, 0)
	fx.fair(t, "F7", "沈阳市", "2024-02-29 10:00", []string{"graduates"}, models.FairHeld, 20, 2)

	fx.job(t, "沈阳市", "2023-01-01", 5, true)
	fx.job(t, "大连市", "2023-06-30", 7, true)
	fx.job(t, "沈阳市", "2023-07-01", 11, true)
	fx.job(t, "沈阳市", "2023-03-01", 100, false)
	fx.job(t, "大连市", "2023-12-31", 3, true)

	fx.place(t, "沈阳市", "2023-01-01", "2005-01-01", 1, "reemployed")
	fx.place(t, "沈阳市", "2023-06-30", "2005-07-01", 2, "hard_to_employ")
	fx.place(t, "大连市", "2023-03-15", "1977-03-15", 3, "reemployed", "hard_to_employ")
	fx.place(t, "大连市", "2023-06-30", "1977-07-01", 4)
	fx.place(t, "沈阳市", "2023-07-01", "1990-05-05", 5, "reemployed")
	fx.place(t, "大连市", "2023-12-31", "1985-01-01", 6, "graduate")
	fx.place(t, "沈阳市", "2024-02-29", "1990-05-05", 5)
	fx.place(t, "鞍山市", "2024-03-01", "2000-01-01", 8)

	// The plan sets the young share for 2025 only; a 2023 entry lets the
	// ages of the 2023 placements be checked.
	fx.env.Must(http.StatusCreated, fx.env.Admin(), "POST", "/api/v1/goals", map[string]any{
		"code": "young_share", "name": "18-45岁中青年群体新就业占比", "scope": "province", "year_from": 2023,
		"year_to": 2023, "target": 0.75, "comparison": "at_least", "source": "computed"})
}

// noDrift checks that the tallies agree with a recount of the records.
func noDrift(t *testing.T, env *apitest.Env) {
	t.Helper()
	drift, err := env.Store.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(drift) > 0 {
		t.Fatalf("tallies drift from the records: %+v", drift)
	}
}

type rollupBody struct {
	Year         int              `json:"year"`
	AsOf         string           `json:"as_of"`
	City         string           `json:"city"`
	TimeProgress float64          `json:"time_progress"`
	Goals        []map[string]any `json:"goals"`
}

func getRollup(t *testing.T, env *apitest.Env, token, query string) rollupBody {
	t.Helper()
	var r rollupBody
	env.Must(http.StatusOK, token, "GET", "/api/v1/rollup?"+query, nil).Decode(t, &r)
	return r
}

func (r rollupBody) goal(t *testing.T, code string) map[string]any {
	t.Helper()
	for _, g := range r.Goals {
		if g["code"] == code {
			return g
		}
	}
	t.Fatalf("no goal %s in the rollup of %d (city %q)", code, r.Year, r.City)
	return nil
}

// expect compares fields of a JSON object with wanted values; ints stand for
// JSON numbers and nil for null.
func expect(t *testing.T, what string, got map[string]any, want map[string]any) {
	t.Helper()
	for k, w := range want {
		if i, ok := w.(int); ok {
			w = float64(i)
		}
		g, present := got[k]
		if !present {
			t.Errorf("%s: no field %s in %v", what, k, got)
			continue
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: %s = %v (%T), want %v (%T)", what, k, g, g, w, w)
		}
	}
}

func TestRollupHandComputed(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			fx := newFixture(t, dialect)
			fx.load(t)
			env, admin := fx.env, fx.env.Admin()
			noDrift(t, env)

			// 30 June 2023, end of day: 181 of 365 days.
			r := getRollup(t, env, admin, "year=2023&as_of=2023-06-30")
			if r.Year != 2023 || r.AsOf != "2023-06-30" || r.City != "" || r.TimeProgress != 0.4959 {
				t.Fatalf("head: %+v", r)
			}
			expect(t, "special_fairs", r.goal(t, "special_fairs"), map[string]any{"target": 1000, "actual": 2,
				"completion": 0.002, "status": "behind", "forecast": 4, "unit": "场", "time_progress": 0.4959,
				"comparison": "at_least", "source": "computed", "kind": "count", "carried_forward": false,
				"records": "/api/v1/fairs?year=2023&to=2023-06-30&status=held&kind=special", "city_targets_sum": nil, "city_targets_short": false})
			expect(t, "graduate_posts", r.goal(t, "graduate_posts"), map[string]any{"actual": 12, "completion": 0.0,
				"status": "behind", "forecast": 24, "records": "/api/v1/jobs?year=2023&to=2023-06-30&for_graduates=true"})
			expect(t, "new_urban_jobs", r.goal(t, "new_urban_jobs"), map[string]any{"actual": 4, "comparison": "about",
				"forecast": 8, "status": "behind", "records": "/api/v1/placements?year=2023&to=2023-06-30"})
			expect(t, "reemployed", r.goal(t, "reemployed"), map[string]any{"actual": 2, "forecast": 4,
				"records": "/api/v1/placements?year=2023&to=2023-06-30&group=reemployed"})
			expect(t, "hard_to_employ", r.goal(t, "hard_to_employ"), map[string]any{"actual": 2})
			expect(t, "public_service_fairs", r.goal(t, "public_service_fairs"), map[string]any{"actual": 1,
				"records": "/api/v1/fairs?year=2023&to=2023-06-30&status=held&programme=public_service"})
			expect(t, "public_service_posts", r.goal(t, "public_service_posts"), map[string]any{"actual": 100})
			expect(t, "new_forms_fairs", r.goal(t, "new_forms_fairs"), map[string]any{"actual": 1,
				"records": "/api/v1/fairs?year=2023&to=2023-06-30&status=held&programme=new_forms"})
			expect(t, "new_forms_matches", r.goal(t, "new_forms_matches"), map[string]any{"actual": 7})
			// Ages on placed_on: 18 (birthday) and 45 count, 17 and 46 (birthday) do not: 2 of 4.
			expect(t, "young_share", r.goal(t, "young_share"), map[string]any{"target": 0.75, "actual": 0.5,
				"completion": 0.6667, "status": "behind", "forecast": 0.5, "kind": "share"})
			// 2023–2025 spans 1,096 days; 181 of them have passed.
			expect(t, "new_urban_jobs_2023_2025", r.goal(t, "new_urban_jobs_2023_2025"), map[string]any{"target": 1380000,
				"actual": 4, "time_progress": 0.1651, "status": "behind", "forecast": 24, "year_from": 2023, "year_to": 2025})
			expect(t, "jobs_stabilised", r.goal(t, "jobs_stabilised"), map[string]any{"actual": nil, "completion": nil,
				"status": "no_data", "forecast": nil, "records": nil, "source": "reported", "kind": "flow"})

			// The day before: F2, the job and P4 of 30 June drop out.
			r = getRollup(t, env, admin, "year=2023&as_of=2023-06-29")
			if r.TimeProgress != 0.4932 {
				t.Errorf("time_progress on 29 June = %v, want 0.4932 (180/365)", r.TimeProgress)
			}
			expect(t, "special_fairs 06-29", r.goal(t, "special_fairs"), map[string]any{"actual": 1})
			expect(t, "graduate_posts 06-29", r.goal(t, "graduate_posts"), map[string]any{"actual": 5})
			expect(t, "new_urban_jobs 06-29", r.goal(t, "new_urban_jobs"), map[string]any{"actual": 2})

			// 1 January: F1 at half past midnight, P1 and the job of that day.
			r = getRollup(t, env, admin, "year=2023&as_of=2023-01-01")
			if r.TimeProgress != 0.0027 {
				t.Errorf("time_progress on 1 January = %v, want 0.0027 (1/365)", r.TimeProgress)
			}
			expect(t, "special_fairs 01-01", r.goal(t, "special_fairs"), map[string]any{"actual": 1, "forecast": 365})
			expect(t, "new_urban_jobs 01-01", r.goal(t, "new_urban_jobs"), map[string]any{"actual": 1})
			expect(t, "young_share 01-01", r.goal(t, "young_share"), map[string]any{"actual": 1, "status": "met"})

			// The whole year: as_of defaults to today (2025) and is clamped to 31 December.
			r = getRollup(t, env, admin, "year=2023")
			if r.AsOf != "2023-12-31" || r.TimeProgress != 1 {
				t.Fatalf("year end head: %+v", r)
			}
			expect(t, "special_fairs 12-31", r.goal(t, "special_fairs"), map[string]any{"actual": 4, "forecast": 4})
			expect(t, "graduate_posts 12-31", r.goal(t, "graduate_posts"), map[string]any{"actual": 26})
			expect(t, "new_urban_jobs 12-31", r.goal(t, "new_urban_jobs"), map[string]any{"actual": 6})
			expect(t, "reemployed 12-31", r.goal(t, "reemployed"), map[string]any{"actual": 3})
			expect(t, "public_service_fairs 12-31", r.goal(t, "public_service_fairs"), map[string]any{"actual": 2})
			expect(t, "public_service_posts 12-31", r.goal(t, "public_service_posts"), map[string]any{"actual": 130})
			expect(t, "new_forms_fairs 12-31", r.goal(t, "new_forms_fairs"), map[string]any{"actual": 2})
			expect(t, "new_forms_matches 12-31", r.goal(t, "new_forms_matches"), map[string]any{"actual": 12})
			expect(t, "young_share 12-31", r.goal(t, "young_share"), map[string]any{"actual": 0.6667, "completion": 0.8889})
			expect(t, "new_urban_jobs_2023_2025 12-31", r.goal(t, "new_urban_jobs_2023_2025"),
				map[string]any{"actual": 6, "time_progress": 0.333})

			// 2024 is a leap year: 29 February is day 60 of 366. Person X counts again.
			r = getRollup(t, env, admin, "year=2024&as_of=2024-02-29")
			if r.TimeProgress != 0.1639 {
				t.Errorf("time_progress on 29 February 2024 = %v, want 0.1639 (60/366)", r.TimeProgress)
			}
			expect(t, "special_fairs 2024", r.goal(t, "special_fairs"), map[string]any{"actual": 1, "carried_forward": true,
				"records": "/api/v1/fairs?year=2024&to=2024-02-29&status=held&kind=special"})
			expect(t, "new_urban_jobs 2024", r.goal(t, "new_urban_jobs"), map[string]any{"actual": 1, "forecast": 6})
			expect(t, "new_urban_jobs_2023_2025 2024", r.goal(t, "new_urban_jobs_2023_2025"),
				map[string]any{"actual": 7, "time_progress": 0.3878, "forecast": 18})
			r = getRollup(t, env, admin, "year=2024")
			if r.AsOf != "2024-12-31" {
				t.Errorf("2024 as_of = %s", r.AsOf)
			}
			expect(t, "new_urban_jobs 2024 end", r.goal(t, "new_urban_jobs"), map[string]any{"actual": 2})
			for _, g := range r.Goals {
				if g["code"] == "young_share" {
					t.Errorf("young_share is not in force in 2024")
				}
			}

			// An as_of before the year begins is refused, naming as_of.
			resp := env.Do(admin, "GET", "/api/v1/rollup?year=2024&as_of=2023-12-31", nil)
			if resp.Code != http.StatusUnprocessableEntity || resp.ErrorFields()["as_of"] == nil {
				t.Errorf("as_of before the year: %d %s", resp.Code, resp.Body)
			}
			if resp := env.Do(admin, "GET", "/api/v1/rollup?year=2023&as_of=2023-02-30", nil); resp.Code != http.StatusBadRequest {
				t.Errorf("bad as_of: %d", resp.Code)
			}
			// No year: the current year (the clock says 2025-06-30).
			r = getRollup(t, env, admin, "")
			if r.Year != 2025 || r.AsOf != "2025-06-30" || r.TimeProgress != 0.4959 {
				t.Errorf("default year: %+v", r)
			}
			noDrift(t, env)
		})
	}
}

func TestRollupCityTargets(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			fx := newFixture(t, dialect)
			fx.load(t)
			env, admin := fx.env, fx.env.Admin()
			target := func(code, city string, value float64) {
				env.Must(http.StatusCreated, admin, "POST", "/api/v1/goals", map[string]any{"code": code, "name": city + "目标",
					"scope": city, "year_from": 2023, "year_to": 2023, "target": value, "unit": "场",
					"comparison": "at_least", "source": "computed"})
			}
			target("special_fairs", "沈阳市", 2)
			target("special_fairs", "大连市", 1)
			target("new_urban_jobs", "大连市", 10)

			// Province view: the cities' targets add up to 3, short of 1,000.
			r := getRollup(t, env, admin, "year=2023&as_of=2023-06-30")
			expect(t, "special_fairs", r.goal(t, "special_fairs"), map[string]any{"target": 1000,
				"city_targets_sum": 3, "city_targets_short": true})
			expect(t, "graduate_posts", r.goal(t, "graduate_posts"), map[string]any{"city_targets_sum": nil,
				"city_targets_short": false})

			// 沈阳: F1 by 30 June (F3 is on 1 July) — 1 of 2, ahead of 0.4959.
			r = getRollup(t, env, admin, "year=2023&as_of=2023-06-30&city=沈阳市")
			if r.City != "沈阳市" {
				t.Fatalf("city = %q", r.City)
			}
			expect(t, "沈阳 special_fairs", r.goal(t, "special_fairs"), map[string]any{"target": 2, "actual": 1,
				"completion": 0.5, "status": "ahead", "forecast": 2, "city_targets_sum": nil,
				"records": "/api/v1/fairs?year=2023&to=2023-06-30&status=held&kind=special&city=沈阳市"})
			// No target for 沈阳: its actual, with nulls and no_target.
			expect(t, "沈阳 graduate_posts", r.goal(t, "graduate_posts"), map[string]any{"target": nil, "actual": 5,
				"completion": nil, "forecast": nil, "status": "no_target"})
			expect(t, "沈阳 new_urban_jobs", r.goal(t, "new_urban_jobs"), map[string]any{"actual": 2, "status": "no_target"})
			expect(t, "沈阳 young_share", r.goal(t, "young_share"), map[string]any{"actual": 0.5, "status": "no_target"})

			// 大连: F2 in the last half hour of 30 June meets its target of 1.
			r = getRollup(t, env, admin, "year=2023&as_of=2023-06-30&city=大连市")
			expect(t, "大连 special_fairs", r.goal(t, "special_fairs"), map[string]any{"target": 1, "actual": 1,
				"completion": 1, "status": "met", "forecast": 2})
			expect(t, "大连 new_urban_jobs", r.goal(t, "new_urban_jobs"), map[string]any{"target": 10, "actual": 2,
				"completion": 0.2, "status": "behind", "forecast": 4})

			// By city: every city, ranked by completion, then the rest by actual.
			var cities struct {
				Year  int              `json:"year"`
				AsOf  string           `json:"as_of"`
				Goal  map[string]any   `json:"goal"`
				Items []map[string]any `json:"items"`
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup/cities?year=2023&goal=special_fairs&as_of=2023-06-30", nil).Decode(t, &cities)
			if len(cities.Items) != 14 || cities.Goal["code"] != "special_fairs" || cities.AsOf != "2023-06-30" {
				t.Fatalf("cities: %+v", cities)
			}
			byCity := map[string]map[string]any{}
			for _, it := range cities.Items {
				byCity[it["city"].(string)] = it
			}
			expect(t, "cities 大连", byCity["大连市"], map[string]any{"actual": 1, "target": 1, "completion": 1, "status": "met", "rank": 1})
			expect(t, "cities 沈阳", byCity["沈阳市"], map[string]any{"actual": 1, "target": 2, "completion": 0.5, "status": "ahead", "rank": 2})
			expect(t, "cities 鞍山", byCity["鞍山市"], map[string]any{"actual": 0, "target": nil, "completion": nil, "status": "no_target", "rank": 3})
			expect(t, "cities 葫芦岛", byCity["葫芦岛市"], map[string]any{"actual": 0, "rank": 14})

			// The year to date, by city, counts F3 and F5 for 沈阳.
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup/cities?year=2023&goal=special_fairs", nil).Decode(t, &cities)
			for _, it := range cities.Items {
				if it["city"] == "沈阳市" {
					expect(t, "cities 沈阳 year", it, map[string]any{"actual": 3, "completion": 1.5, "status": "met", "rank": 1})
				}
			}

			// By month: 12 rows, nothing after as_of, pace at each month's end.
			var months struct {
				Goal   map[string]any   `json:"goal"`
				Target *float64         `json:"target"`
				Items  []map[string]any `json:"items"`
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup/months?year=2023&goal=special_fairs&as_of=2023-06-30", nil).Decode(t, &months)
			if len(months.Items) != 12 || months.Target == nil || *months.Target != 1000 {
				t.Fatalf("months: %+v", months)
			}
			expect(t, "month 1", months.Items[0], map[string]any{"month": "2023-01", "actual": 1, "cumulative": 1, "pace": 84.9315})
			expect(t, "month 2", months.Items[1], map[string]any{"month": "2023-02", "actual": 0, "cumulative": 1})
			expect(t, "month 6", months.Items[5], map[string]any{"month": "2023-06", "actual": 1, "cumulative": 2, "pace": 495.8904})
			expect(t, "month 7", months.Items[6], map[string]any{"month": "2023-07", "actual": nil, "cumulative": nil})
			expect(t, "month 12", months.Items[11], map[string]any{"pace": 1000})
			// A city's months use the city's target.
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup/months?year=2023&goal=special_fairs&city=沈阳市", nil).Decode(t, &months)
			expect(t, "沈阳 month 7", months.Items[6], map[string]any{"actual": 1, "cumulative": 2})
			expect(t, "沈阳 month 12", months.Items[11], map[string]any{"actual": 1, "cumulative": 3, "pace": 2})
			// The span goal's months start from its running total.
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup/months?year=2024&goal=new_urban_jobs_2023_2025", nil).Decode(t, &months)
			expect(t, "span month 2", months.Items[1], map[string]any{"actual": 1, "cumulative": 7})
			expect(t, "span month 3", months.Items[2], map[string]any{"actual": 1, "cumulative": 8})

			// Person groups.
			var groups struct {
				Total int64            `json:"total"`
				Items []map[string]any `json:"items"`
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup/groups?year=2023", nil).Decode(t, &groups)
			if groups.Total != 6 || len(groups.Items) != len(models.Groups) {
				t.Fatalf("groups: %+v", groups)
			}
			counts := map[string]float64{}
			for _, it := range groups.Items {
				counts[it["code"].(string)] = it["count"].(float64)
			}
			if counts["reemployed"] != 3 || counts["hard_to_employ"] != 2 || counts["graduate"] != 1 || counts["veteran"] != 0 {
				t.Errorf("group counts: %v", counts)
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup/groups?year=2023&city=大连市&as_of=2023-06-30", nil).Decode(t, &groups)
			if groups.Total != 2 {
				t.Errorf("大连 placements by 30 June: %d", groups.Total)
			}

			for _, path := range []string{"/api/v1/rollup/cities?year=2023&goal=nope", "/api/v1/rollup/months?year=2023&goal=nope",
				"/api/v1/rollup/months?year=2024&goal=young_share"} {
				if resp := env.Do(admin, "GET", path, nil); resp.Code != http.StatusNotFound {
					t.Errorf("%s: %d, want 404", path, resp.Code)
				}
			}
			noDrift(t, env)
		})
	}
}

func TestRollupReportedGoals(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			admin := env.Admin()
			province := env.User("prov", models.RoleOfficial, "", 0)
			shenyang := env.User("sy_official", models.RoleOfficial, "沈阳市", 0)
			report := func(token, code, period, city string, value float64, want int) {
				t.Helper()
				env.Must(want, token, "POST", "/api/v1/goals/"+code+"/reports",
					map[string]any{"period": period, "city": city, "value": value})
			}
			// Unemployment rate: a stock, at most 5.5 — the latest figure counts.
			report(province, "urban_unemployment_rate", "2023-03", "", 5.8, http.StatusCreated)
			report(province, "urban_unemployment_rate", "2023-05", "", 5.4, http.StatusCreated)
			report(admin, "urban_unemployment_rate", "2023-08", "", 5.6, http.StatusCreated)
			// Subsidised training: a flow — the months add up.
			report(province, "subsidised_training", "2023-01", "", 20000, http.StatusCreated)
			report(province, "subsidised_training", "2023-06", "", 150000, http.StatusCreated)
			report(province, "subsidised_training", "2023-07", "", 30000, http.StatusCreated)
			report(shenyang, "subsidised_training", "2023-06", "沈阳市", 5000, http.StatusCreated)

			r := getRollup(t, env, admin, "year=2023&as_of=2023-06-30")
			expect(t, "unemployment", r.goal(t, "urban_unemployment_rate"), map[string]any{"target": 5.5, "actual": 5.4,
				"completion": 1.0185, "status": "met", "forecast": 5.4, "kind": "stock", "records": nil})
			expect(t, "training", r.goal(t, "subsidised_training"), map[string]any{"target": 320000, "actual": 170000,
				"completion": 0.5313, "status": "ahead", "forecast": 342817})

			// A different figure for May is refused unless sent as a correction;
			// the correction keeps the first, and the audit log both.
			if r := env.Do(province, "POST", "/api/v1/goals/urban_unemployment_rate/reports",
				map[string]any{"period": "2023-05", "city": "", "value": 5.7}); r.Code != http.StatusConflict || r.ErrorFields()["value"] == "" {
				t.Errorf("a different figure without correct: %d %s", r.Code, r.Body)
			}
			var replaced map[string]any
			env.Must(http.StatusCreated, province, "POST", "/api/v1/goals/urban_unemployment_rate/reports",
				map[string]any{"period": "2023-05", "city": "", "value": 5.7, "correct": true}).Decode(t, &replaced)
			if replaced["previous_value"] != 5.4 || replaced["value"] != 5.7 || replaced["corrected_at"] == nil || replaced["reported_by"] != "prov" {
				t.Errorf("correction answer: %v", replaced)
			}
			r = getRollup(t, env, admin, "year=2023&as_of=2023-06-30")
			expect(t, "unemployment replaced", r.goal(t, "urban_unemployment_rate"), map[string]any{"actual": 5.7,
				"completion": 0.9649, "status": "behind", "forecast": 5.7})
			var audit struct {
				Items []struct {
					Action  string                    `json:"action"`
					Changes map[string]map[string]any `json:"changes"`
				} `json:"items"`
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/audit?record_type=goal_report", nil).Decode(t, &audit)
			actions := map[string]int{}
			for _, e := range audit.Items {
				actions[e.Action]++
				if e.Action == models.ActionReportChange {
					if e.Changes["value"]["old"] != 5.4 || e.Changes["value"]["new"] != 5.7 {
						t.Errorf("replacement audit: %v", e.Changes)
					}
				}
			}
			if actions[models.ActionReport] != 7 || actions[models.ActionReportChange] != 1 {
				t.Errorf("audit actions: %v", actions)
			}
			if n := apitest.Count(t, env.Store, "goal_reports"); n != 7 {
				t.Errorf("goal_reports rows = %d, want 7", n)
			}

			// Year end: the August rate; July's training added.
			r = getRollup(t, env, admin, "year=2023")
			expect(t, "unemployment year", r.goal(t, "urban_unemployment_rate"), map[string]any{"actual": 5.6, "status": "behind"})
			expect(t, "training year", r.goal(t, "subsidised_training"), map[string]any{"actual": 200000, "status": "behind"})

			// 沈阳 sees its own figures: a target of its own gives no_data, none gives no_target.
			env.Must(http.StatusCreated, admin, "POST", "/api/v1/goals", map[string]any{"code": "jobs_stabilised",
				"name": "帮助企业稳定岗位", "scope": "沈阳市", "year_from": 2023, "year_to": 2023, "target": 200000,
				"unit": "个", "comparison": "at_least", "source": "reported", "kind": "flow"})
			r = getRollup(t, env, shenyang, "year=2023&as_of=2023-06-30")
			if r.City != "沈阳市" {
				t.Fatalf("a city official's rollup is its city's: %q", r.City)
			}
			expect(t, "沈阳 training", r.goal(t, "subsidised_training"), map[string]any{"actual": 5000, "target": nil, "status": "no_target"})
			expect(t, "沈阳 stabilised", r.goal(t, "jobs_stabilised"), map[string]any{"actual": nil, "target": 200000, "status": "no_data"})
			expect(t, "沈阳 unemployment", r.goal(t, "urban_unemployment_rate"), map[string]any{"actual": nil, "status": "no_target"})

			// Months of a stock and a flow.
			var months struct {
				Items []map[string]any `json:"items"`
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup/months?year=2023&goal=urban_unemployment_rate&as_of=2023-06-30", nil).Decode(t, &months)
			expect(t, "rate 4", months.Items[3], map[string]any{"actual": nil, "cumulative": 5.8, "pace": 5.5})
			expect(t, "rate 5", months.Items[4], map[string]any{"actual": 5.7, "cumulative": 5.7})
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup/months?year=2023&goal=subsidised_training", nil).Decode(t, &months)
			expect(t, "training 6", months.Items[5], map[string]any{"actual": 150000, "cumulative": 170000})
			expect(t, "training 7", months.Items[6], map[string]any{"actual": 30000, "cumulative": 200000})
			// By city: 沈阳's figure, the others have none.
			var cities struct {
				Items []map[string]any `json:"items"`
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup/cities?year=2023&goal=subsidised_training", nil).Decode(t, &cities)
			expect(t, "training 沈阳", cities.Items[0], map[string]any{"city": "沈阳市", "actual": 5000, "rank": 1})
			expect(t, "training 大连", cities.Items[1], map[string]any{"city": "大连市", "actual": nil, "status": "no_target"})

			// GET reports: a city official sees its city's and the province's figures.
			var list struct {
				Items []map[string]any `json:"items"`
				Total int              `json:"total"`
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/goals/subsidised_training/reports?year=2023", nil).Decode(t, &list)
			if list.Total != 4 || list.Items[0]["period"] != "2023-07" {
				t.Errorf("reports: %+v", list)
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/goals/subsidised_training/reports?year=2023&city=沈阳市", nil).Decode(t, &list)
			if list.Total != 1 || list.Items[0]["reported_by"] != "sy_official" {
				t.Errorf("沈阳 reports (with who reported): %+v", list)
			}
			env.Must(http.StatusOK, shenyang, "GET", "/api/v1/goals/subsidised_training/reports?year=2024", nil).Decode(t, &list)
			if list.Total != 0 {
				t.Errorf("2024 reports: %+v", list)
			}

			// Refusals.
			cases := []struct {
				name, token, code string
				body              map[string]any
				status            int
				field             string
			}{
				{"computed goal", admin, "new_urban_jobs", map[string]any{"period": "2023-06", "city": "", "value": 1}, 422, "code"},
				{"unknown goal", admin, "no_such_goal", map[string]any{"period": "2023-06", "city": "", "value": 1}, 404, ""},
				{"bad month", admin, "subsidised_training", map[string]any{"period": "2023-13", "city": "", "value": 1}, 422, "period"},
				{"bad period", admin, "subsidised_training", map[string]any{"period": "2023-6", "city": "", "value": 1}, 422, "period"},
				{"future month", admin, "subsidised_training", map[string]any{"period": "2025-07", "city": "", "value": 1}, 422, "period"},
				{"negative", admin, "subsidised_training", map[string]any{"period": "2023-06", "city": "", "value": -1}, 422, "value"},
				{"no value", admin, "subsidised_training", map[string]any{"period": "2023-06", "city": ""}, 422, "value"},
				{"bad city", admin, "subsidised_training", map[string]any{"period": "2023-06", "city": "北京市", "value": 1}, 422, "city"},
				{"other city", shenyang, "subsidised_training", map[string]any{"period": "2023-06", "city": "大连市", "value": 1}, 403, ""},
				{"province by a city", shenyang, "subsidised_training", map[string]any{"period": "2023-06", "city": "", "value": 1}, 403, ""},
				{"organiser", env.User("org", models.RoleOrganiser, "", 0), "subsidised_training", map[string]any{"period": "2023-06", "city": "", "value": 1}, 403, ""},
			}
			for _, c := range cases {
				resp := env.Do(c.token, "POST", "/api/v1/goals/"+c.code+"/reports", c.body)
				if resp.Code != c.status {
					t.Errorf("%s: %d, want %d: %s", c.name, resp.Code, c.status, resp.Body)
				} else if c.field != "" && resp.ErrorFields()[c.field] == nil {
					t.Errorf("%s: no field %s in %s", c.name, c.field, resp.Body)
				}
			}
			report(province, "subsidised_training", "2025-06", "", 1, http.StatusCreated) // the current month is fine
			noDrift(t, env)
		})
	}
}

// Officials reporting the same month at once: one figure stands, every
// report is answered 201 and audited.
func TestReportConcurrentReplace(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			token := env.User("prov", models.RoleOfficial, "", 0)
			const n = 8
			// post sends n different figures for one month at once and counts the answers.
			post := func(period string, correct bool) map[int]int {
				codes := make(chan int, n)
				var wg sync.WaitGroup
				for i := range n {
					wg.Add(1)
					go func() {
						defer wg.Done()
						codes <- env.Do(token, "POST", "/api/v1/goals/jobs_stabilised/reports",
							map[string]any{"period": period, "city": "", "value": 1000 + i, "correct": correct}).Code
					}()
				}
				wg.Wait()
				close(codes)
				got := map[int]int{}
				for c := range codes {
					got[c]++
				}
				return got
			}
			// As corrections, each goes in after the other: one figure, every change audited.
			if got := post("2024-03", true); got[http.StatusCreated] != n {
				t.Errorf("corrections: %v", got)
			}
			if rows := apitest.Count(t, env.Store, "goal_reports"); rows != 1 {
				t.Errorf("goal_reports rows = %d, want 1", rows)
			}
			var audit struct {
				Total int `json:"total"`
			}
			env.Must(http.StatusOK, env.Admin(), "GET", "/api/v1/audit?record_type=goal_report", nil).Decode(t, &audit)
			if audit.Total != n {
				t.Errorf("audit entries = %d, want %d", audit.Total, n)
			}
			// Not as corrections, the first wins and the others are told it differs.
			if got := post("2024-04", false); got[http.StatusCreated] != 1 || got[http.StatusConflict] != n-1 {
				t.Errorf("plain reports: %v", got)
			}
			if rows := apitest.Count(t, env.Store, "goal_reports"); rows != 2 {
				t.Errorf("goal_reports rows = %d, want 2", rows)
			}
		})
	}
}

func TestRollupAccess(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			fx := newFixture(t, dialect)
			env := fx.env
			fx.place(t, "沈阳市", "2023-05-01", "1990-01-01", 1)
			fx.place(t, "大连市", "2023-05-01", "1990-01-01", 2)
			shenyang := env.User("sy_official", models.RoleOfficial, "沈阳市", 0)
			province := env.User("prov", models.RoleOfficial, "", 0)
			employer := env.User("emp", models.RoleEmployer, "", fx.emp["沈阳市"])
			cases := []struct {
				name, token, path string
				status            int
			}{
				{"city official, own city", shenyang, "/api/v1/rollup?year=2023&city=沈阳市", 200},
				{"city official, other city", shenyang, "/api/v1/rollup?year=2023&city=大连市", 403},
				{"city official, months of other city", shenyang, "/api/v1/rollup/months?year=2023&goal=new_urban_jobs&city=大连市", 403},
				{"city official, groups of other city", shenyang, "/api/v1/rollup/groups?year=2023&city=大连市", 403},
				{"city official, export of other city", shenyang, "/api/v1/rollup/export.xlsx?year=2023&city=大连市", 403},
				{"province official, any city", province, "/api/v1/rollup?year=2023&city=大连市", 200},
				{"organiser", fx.org, "/api/v1/rollup?year=2023", 403},
				{"organiser goals", fx.org, "/api/v1/goals?year=2023", 403},
				{"organiser cities", fx.org, "/api/v1/rollup/cities?year=2023&goal=new_urban_jobs", 403},
				{"city official, cities compared", shenyang, "/api/v1/rollup/cities?year=2023&goal=new_urban_jobs", 403},
				{"province official, cities compared", province, "/api/v1/rollup/cities?year=2023&goal=new_urban_jobs", 200},
				{"employer", employer, "/api/v1/rollup?year=2023", 403},
				{"employer goals", employer, "/api/v1/goals", 403},
				{"employer export", employer, "/api/v1/rollup/export.xlsx?year=2023", 403},
				{"anonymous", "", "/api/v1/rollup?year=2023", 401},
				{"unknown city", province, "/api/v1/rollup?year=2023&city=北京市", 400},
				{"missing goal", province, "/api/v1/rollup/cities?year=2023", 400},
			}
			for _, c := range cases {
				if resp := env.Do(c.token, "GET", c.path, nil); resp.Code != c.status {
					t.Errorf("%s: %d, want %d: %s", c.name, resp.Code, c.status, resp.Body)
				}
			}
			// A city official's empty city means its own.
			r := getRollup(t, env, shenyang, "year=2023")
			if r.City != "沈阳市" {
				t.Errorf("city = %q", r.City)
			}
			expect(t, "沈阳 new_urban_jobs", r.goal(t, "new_urban_jobs"), map[string]any{"actual": 1,
				"records": "/api/v1/placements?year=2023&city=沈阳市"})
			expect(t, "province view", getRollup(t, env, province, "year=2023").goal(t, "new_urban_jobs"), map[string]any{"actual": 2})
			noDrift(t, env)
		})
	}
}

func TestRollupExport(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			fx := newFixture(t, dialect)
			fx.load(t)
			env := fx.env
			resp := env.Must(http.StatusOK, env.Admin(), "GET", "/api/v1/rollup/export.xlsx?year=2023&as_of=2023-06-30", nil)
			cd := resp.Header.Get("Content-Disposition")
			want := "filename*=UTF-8''" + strings.ReplaceAll(url.PathEscape("目标完成情况_2023年_全省_截至2023-06-30.xlsx"), "%2D", "-")
			if !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, want) {
				t.Errorf("Content-Disposition = %q, want it to contain %q", cd, want)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
				t.Errorf("Content-Type = %q", ct)
			}
			f, err := excelize.OpenReader(bytes.NewReader(resp.Body))
			if err != nil {
				t.Fatalf("open workbook: %v", err)
			}
			defer f.Close()
			if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"汇总", "分城市", "分月"}) {
				t.Fatalf("sheets = %v", got)
			}
			cell := func(sheet, ref string) string {
				t.Helper()
				v, err := f.GetCellValue(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				return v
			}
			if title := cell("汇总", "A1"); !strings.Contains(title, "2023") {
				t.Errorf("title = %q", title)
			}
			if asOf := cell("汇总", "A2"); !strings.Contains(asOf, "2023-06-30") {
				t.Errorf("as_of row = %q", asOf)
			}
			if gen := cell("汇总", "A3"); !strings.Contains(gen, "2025-06-30 12:00") {
				t.Errorf("generated row = %q", gen)
			}
			header := []string{"目标名称", "目标值", "完成值", "完成率", "序时进度", "状态", "年底预测", "单位", "数据来源"}
			for i, h := range header {
				ref, _ := excelize.CoordinatesToCellName(i+1, 4)
				if got := cell("汇总", ref); got != h {
					t.Errorf("header %s = %q, want %q", ref, got, h)
				}
			}
			// Row 5 is the first goal of the catalogue: 专场招聘会, 2 of 1,000, behind.
			if got := cell("汇总", "A5"); got != "专场招聘会" {
				t.Errorf("A5 = %q", got)
			}
			if got := cell("汇总", "C5"); got != "2" {
				t.Errorf("C5 = %q", got)
			}
			if got := cell("汇总", "B5"); got != "1,000" {
				t.Errorf("B5 = %q, want 1,000 (#,##0)", got)
			}
			if got := cell("汇总", "F5"); got != "滞后" {
				t.Errorf("F5 = %q", got)
			}
			if got := cell("汇总", "I5"); got != "计算" {
				t.Errorf("I5 = %q", got)
			}
			if got := cell("汇总", "E5"); got != "49.59%" {
				t.Errorf("E5 = %q, want 49.59%%", got)
			}
			styleID, err := f.GetCellStyle("汇总", "D5")
			if err != nil {
				t.Fatal(err)
			}
			style, err := f.GetStyle(styleID)
			if err != nil {
				t.Fatal(err)
			}
			if style.NumFmt != 10 {
				t.Errorf("完成率 number format = %d, want 10 (0.00%%)", style.NumFmt)
			}
			statusStyle, _ := f.GetCellStyle("汇总", "F5")
			if st, _ := f.GetStyle(statusStyle); st == nil || len(st.Fill.Color) == 0 {
				t.Errorf("the status cell has no fill")
			}
			panes, err := f.GetPanes("汇总")
			if err != nil || !panes.Freeze || panes.YSplit != 4 {
				t.Errorf("panes = %+v, %v", panes, err)
			}
			// Reported goals show 暂无数据 and 填报.
			rows, err := f.GetRows("汇总")
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, row := range rows {
				if len(row) > 9 && row[9] == "jobs_stabilised" {
					found = true
					if row[5] != "暂无数据" || row[8] != "填报" {
						t.Errorf("jobs_stabilised row = %v", row)
					}
				}
			}
			if !found {
				t.Errorf("no jobs_stabilised row")
			}
			if got := cell("分城市", "A6"); got != "沈阳市" {
				t.Errorf("分城市 A6 = %q", got)
			}
			if got := cell("分城市", "B4"); !strings.HasPrefix(got, "专场招聘会") {
				t.Errorf("分城市 B4 = %q", got)
			}
			if got := cell("分城市", "B6"); got != "1" {
				t.Errorf("分城市 B6 (沈阳 fairs) = %q", got)
			}
			if got := cell("分月", "A6"); got != "2023年1月" {
				t.Errorf("分月 A6 = %q", got)
			}
			if got := cell("分月", "B11"); got != "1" { // June
				t.Errorf("分月 B11 = %q", got)
			}
			if got := cell("分月", "B12"); got != "" { // July is after as_of
				t.Errorf("分月 B12 = %q", got)
			}

			// A city official's workbook is its city's.
			token := env.User("sy_official", models.RoleOfficial, "沈阳市", 0)
			resp = env.Must(http.StatusOK, token, "GET", "/api/v1/rollup/export.xlsx?year=2023", nil)
			if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, url.PathEscape("沈阳市")) {
				t.Errorf("city workbook name: %q", cd)
			}
			g, err := excelize.OpenReader(bytes.NewReader(resp.Body))
			if err != nil {
				t.Fatal(err)
			}
			defer g.Close()
			if v, _ := g.GetCellValue("分城市", "A6"); v != "沈阳市" {
				t.Errorf("city workbook 分城市 A6 = %q", v)
			}
			if v, _ := g.GetCellValue("分城市", "A7"); v != "" {
				t.Errorf("city workbook shows another city: %q", v)
			}
			noDrift(t, env)
		})
	}
}
