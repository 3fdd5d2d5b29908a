package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"jobfair/api/apitest"
	"jobfair/models"
	"jobfair/seeds"
)

type goalList struct {
	Items []models.Goal `json:"items"`
	Total int           `json:"total"`
}

func listGoals(t *testing.T, env *apitest.Env, token, query string) goalList {
	t.Helper()
	var l goalList
	env.Must(http.StatusOK, token, "GET", "/api/v1/goals?page_size=500&"+query, nil).Decode(t, &l)
	return l
}

func TestGoalCatalogue(t *testing.T) {
	catalogue, err := seeds.Goals()
	if err != nil {
		t.Fatal(err)
	}
	if len(catalogue) != 91 {
		t.Fatalf("the catalogue holds %d goals, want 91", len(catalogue))
	}
	inForce := map[int]int{}
	for _, g := range catalogue {
		for y := g.YearFrom; y <= g.YearTo; y++ {
			inForce[y]++
		}
		if c, ok := models.FindComputedGoal(g.Code); ok {
			if g.Source != models.SourceComputed || g.Kind != c.Kind {
				t.Errorf("%s %d: source %s kind %s", g.Code, g.YearFrom, g.Source, g.Kind)
			}
		} else if g.Source != models.SourceReported || g.Kind != models.KindStock && g.Kind != models.KindFlow {
			t.Errorf("%s %d: a reported goal must be stock or flow, not %s/%s", g.Code, g.YearFrom, g.Source, g.Kind)
		}
		if g.CarriedForward && g.YearFrom == 2023 {
			t.Errorf("%s: a 2023 target is the plan's own", g.Code)
		}
	}
	for _, c := range models.ComputedGoals {
		found := false
		for _, g := range catalogue {
			found = found || g.Code == c.Code
		}
		if !found {
			t.Errorf("computed goal %s has no entry in the catalogue", c.Code)
		}
	}
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			admin := env.Admin()
			// Loading the seeds again adds nothing.
			if n, err := env.Store.SeedGoals(t.Context(), catalogue); err != nil || n != 0 {
				t.Fatalf("seeding again added %d (%v)", n, err)
			}
			if n := apitest.Count(t, env.Store, "goals"); n != 91 {
				t.Fatalf("goals = %d", n)
			}
			for _, year := range []int{2023, 2024, 2025} {
				l := listGoals(t, env, admin, fmt.Sprintf("year=%d", year))
				if l.Total != inForce[year] {
					t.Errorf("%d: %d goals in force, want %d", year, l.Total, inForce[year])
				}
				for _, g := range l.Items {
					if g.YearFrom > year || g.YearTo < year {
						t.Errorf("%d: %s %d–%d is not in force", year, g.Code, g.YearFrom, g.YearTo)
					}
				}
			}
			if l := listGoals(t, env, admin, ""); l.Total != 91 {
				t.Errorf("every goal: %d", l.Total)
			}
			// The table of API.md.
			want := map[string]struct {
				target     float64
				comparison string
				from, to   int
			}{
				"special_fairs": {1000, "at_least", 2023, 2023}, "graduate_posts": {420000, "at_least", 2023, 2023},
				"new_urban_jobs": {450000, "about", 2023, 2023}, "reemployed": {350000, "at_least", 2023, 2023},
				"hard_to_employ": {60000, "at_least", 2023, 2023}, "public_service_fairs": {180, "at_least", 2023, 2023},
				"public_service_posts": {360000, "at_least", 2023, 2023}, "new_forms_fairs": {50, "at_least", 2023, 2023},
				"new_forms_matches": {50000, "at_least", 2023, 2023}, "young_share": {0.75, "at_least", 2025, 2025},
				"new_urban_jobs_2023_2025": {1380000, "at_least", 2023, 2025},
			}
			for _, g := range listGoals(t, env, admin, "scope=province").Items {
				w, ok := want[g.Code]
				if !ok || g.YearFrom != w.from {
					continue
				}
				if g.Target != w.target || g.Comparison != w.comparison || g.YearTo != w.to || g.Source != "computed" {
					t.Errorf("%s: %+v", g.Code, g)
				}
				delete(want, g.Code)
			}
			if len(want) > 0 {
				t.Errorf("missing from the catalogue: %v", want)
			}
			noDrift(t, env)
		})
	}
}

func TestGoalWrites(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			admin := env.Admin()
			shenyang := env.User("sy_official", models.RoleOfficial, "沈阳市", 0)
			province := env.User("prov", models.RoleOfficial, "", 0)
			good := func() map[string]any {
				return map[string]any{"code": "new_urban_jobs", "name": "城镇新增就业", "scope": "沈阳市", "year_from": 2023,
					"year_to": 2023, "target": 90000, "unit": "人", "comparison": "about", "source": "computed"}
			}
			with := func(k string, v any) map[string]any {
				b := good()
				if v == nil {
					delete(b, k)
				} else {
					b[k] = v
				}
				return b
			}
			cases := []struct {
				name   string
				token  string
				body   map[string]any
				status int
				fields []string
			}{
				{"official", province, good(), 403, nil},
				{"city official", shenyang, good(), 403, nil},
				{"upper case code", admin, with("code", "NewUrbanJobs"), 422, []string{"code"}},
				{"code with dash", admin, with("code", "new-urban-jobs"), 422, []string{"code"}},
				{"no name", admin, with("name", nil), 422, []string{"name"}},
				{"bad scope", admin, with("scope", "北京市"), 422, []string{"scope"}},
				{"years reversed", admin, with("year_from", 2025), 422, []string{"year_to"}},
				{"negative target", admin, with("target", -1), 422, []string{"target"}},
				{"no target", admin, with("target", nil), 422, []string{"target"}},
				{"bad comparison", admin, with("comparison", "more"), 422, []string{"comparison"}},
				{"bad source", admin, with("source", "guessed"), 422, []string{"source"}},
				{"computed, unknown code", admin, with("code", "happy_people"), 422, []string{"code"}},
				{"reported, computed code", admin, with("source", "reported"), 422, []string{"code"}},
				{"reported, no kind", admin, map[string]any{"code": "new_thing", "name": "新指标", "scope": "province",
					"year_from": 2023, "year_to": 2023, "target": 1, "comparison": "at_least", "source": "reported"}, 422, []string{"kind"}},
				{"share above 1", admin, map[string]any{"code": "young_share", "name": "占比", "scope": "province",
					"year_from": 2023, "year_to": 2023, "target": 75, "comparison": "at_least", "source": "computed"}, 422, []string{"target"}},
				{"every field at once", admin, map[string]any{"code": "X", "scope": "x", "year_from": 2024, "year_to": 2023,
					"target": -5, "comparison": "x", "source": "x"}, 422, []string{"code", "name", "scope", "year_to", "target", "comparison", "source"}},
				{"duplicate of the seeds", admin, with("scope", "province"), 409, nil},
				{"wrong type", admin, with("target", "many"), 400, nil},
			}
			before := apitest.Count(t, env.Store, "goals")
			for _, c := range cases {
				resp := env.Do(c.token, "POST", "/api/v1/goals", c.body)
				if resp.Code != c.status {
					t.Errorf("%s: %d, want %d: %s", c.name, resp.Code, c.status, resp.Body)
					continue
				}
				for _, f := range c.fields {
					if resp.ErrorFields()[f] == nil {
						t.Errorf("%s: no field %s in %s", c.name, f, resp.Body)
					}
				}
			}
			if n := apitest.Count(t, env.Store, "goals"); n != before {
				t.Fatalf("refused writes changed the goals: %d -> %d", before, n)
			}

			// A city target; again is a conflict naming it.
			var g models.Goal
			env.Must(http.StatusCreated, admin, "POST", "/api/v1/goals", with("kind", "flow")).Decode(t, &g) // the code sets the kind
			if g.Kind != models.KindCount || g.Scope != "沈阳市" || g.ID == 0 {
				t.Errorf("created: %+v", g)
			}
			resp := env.Do(admin, "POST", "/api/v1/goals", good())
			if resp.Code != http.StatusConflict || resp.JSON()["error"].(map[string]any)["id"] != float64(g.ID) {
				t.Errorf("duplicate: %d %s", resp.Code, resp.Body)
			}
			env.Must(http.StatusCreated, admin, "POST", "/api/v1/goals", with("scope", "大连市"))
			env.Must(http.StatusCreated, admin, "POST", "/api/v1/goals", map[string]any{"code": "green_jobs", "name": "绿色岗位",
				"scope": "province", "year_from": 2024, "year_to": 2025, "target": 1000, "unit": "个",
				"comparison": "at_least", "source": "reported", "kind": "flow"})

			// A city official sees the province's goals and its own city's, not another's.
			seen := map[string]bool{}
			for _, g := range listGoals(t, env, shenyang, "year=2023").Items {
				seen[g.Scope] = true
			}
			if !seen["province"] || !seen["沈阳市"] || seen["大连市"] {
				t.Errorf("city official sees scopes %v", seen)
			}
			if l := listGoals(t, env, shenyang, "year=2023&scope=沈阳市"); l.Total != 1 {
				t.Errorf("沈阳's own targets: %d", l.Total)
			}
			if resp := env.Do(shenyang, "GET", "/api/v1/goals?scope=大连市", nil); resp.Code != http.StatusForbidden {
				t.Errorf("another city's targets: %d", resp.Code)
			}
			if resp := env.Do(admin, "GET", "/api/v1/goals?scope=北京市", nil); resp.Code != http.StatusBadRequest {
				t.Errorf("unknown scope: %d", resp.Code)
			}
			if l := listGoals(t, env, province, "year=2023&scope=大连市"); l.Total != 1 {
				t.Errorf("province official, 大连's targets: %d", l.Total)
			}

			// Confirm a carried-forward goal; edit a target.
			var carried models.Goal
			for _, g := range listGoals(t, env, admin, "year=2024&scope=province").Items {
				if g.Code == "special_fairs" {
					carried = g
				}
			}
			if !carried.CarriedForward {
				t.Fatalf("special_fairs 2024 is carried forward in the seeds: %+v", carried)
			}
			path := fmt.Sprintf("/api/v1/goals/%d", carried.ID)
			for _, c := range []struct {
				token  string
				body   map[string]any
				status int
			}{
				{province, map[string]any{"carried_forward": false}, 403},
				{shenyang, map[string]any{"target": 1}, 403},
				{admin, map[string]any{"carried_forward": true}, 422},
				{admin, map[string]any{"target": -1}, 422},
				{admin, map[string]any{"comparison": "lots"}, 422},
				{admin, map[string]any{"name": " "}, 422},
			} {
				if resp := env.Do(c.token, "PATCH", path, c.body); resp.Code != c.status {
					t.Errorf("PATCH %v: %d, want %d: %s", c.body, resp.Code, c.status, resp.Body)
				}
			}
			var edited models.Goal
			env.Must(http.StatusOK, admin, "PATCH", path, map[string]any{"carried_forward": false, "target": 1200}).Decode(t, &edited)
			if edited.CarriedForward || edited.Target != 1200 || edited.Code != "special_fairs" || edited.YearFrom != 2024 {
				t.Errorf("edited: %+v", edited)
			}
			if resp := env.Do(admin, "PATCH", "/api/v1/goals/999999", map[string]any{"target": 1}); resp.Code != http.StatusNotFound {
				t.Errorf("unknown goal: %d", resp.Code)
			}
			if resp := env.Do(admin, "PATCH", "/api/v1/goals/special_fairs", map[string]any{"target": 1}); resp.Code != http.StatusNotFound {
				t.Errorf("a code for an id: %d", resp.Code)
			}
			r := getRollup(t, env, admin, "year=2024")
			expect(t, "confirmed", r.goal(t, "special_fairs"), map[string]any{"target": 1200, "carried_forward": false})
			expect(t, "still carried", r.goal(t, "graduate_posts"), map[string]any{"carried_forward": true})
			expect(t, "new reported goal", r.goal(t, "green_jobs"), map[string]any{"status": "no_data", "year_to": 2025})

			// Every write is audited.
			var audit struct {
				Items []struct {
					Action   string                    `json:"action"`
					RecordID int64                     `json:"record_id"`
					City     string                    `json:"city"`
					Changes  map[string]map[string]any `json:"changes"`
				} `json:"items"`
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/audit?record_type=goal", nil).Decode(t, &audit)
			actions := map[string]int{}
			for _, e := range audit.Items {
				actions[e.Action]++
				if e.Action == models.ActionUpdate {
					if e.RecordID != carried.ID || e.Changes["carried_forward"]["new"] != false || e.Changes["target"]["new"] != float64(1200) {
						t.Errorf("update audit: %+v", e)
					}
				}
				if e.Action == models.ActionCreate && e.RecordID == g.ID && e.City != "沈阳市" {
					t.Errorf("a city target's audit entry belongs to the city: %+v", e)
				}
			}
			if actions[models.ActionCreate] != 3 || actions[models.ActionUpdate] != 1 {
				t.Errorf("audit actions: %v", actions)
			}
			noDrift(t, env)
		})
	}
}

// TestCityTargetRemoved: an admin clears a city's target, the city is then
// judged without one, and a province goal cannot be removed.
func TestCityTargetRemoved(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			admin := env.Admin()
			shenyang := env.User("sy_official", models.RoleOfficial, "沈阳市", 0)
			var g models.Goal
			env.Must(http.StatusCreated, admin, "POST", "/api/v1/goals", map[string]any{"code": "special_fairs", "name": "专场招聘会",
				"scope": "沈阳市", "year_from": 2023, "year_to": 2023, "target": 80, "unit": "场", "comparison": "at_least",
				"source": "computed"}).Decode(t, &g)
			expect(t, "with a city target", getRollup(t, env, admin, "year=2023&city=沈阳市").goal(t, "special_fairs"),
				map[string]any{"target": 80})

			path := fmt.Sprintf("/api/v1/goals/%d", g.ID)
			var province int64
			for _, pg := range listGoals(t, env, admin, "year=2023&scope=province").Items {
				if pg.Code == "special_fairs" {
					province = pg.ID
				}
			}
			before := apitest.Count(t, env.Store, "goals")
			for _, c := range []struct {
				token, path string
				status      int
			}{
				{shenyang, path, http.StatusForbidden},
				{admin, fmt.Sprintf("/api/v1/goals/%d", province), http.StatusConflict},
				{admin, "/api/v1/goals/999999", http.StatusNotFound},
				{admin, "/api/v1/goals/special_fairs", http.StatusNotFound},
			} {
				if resp := env.Do(c.token, "DELETE", c.path, nil); resp.Code != c.status {
					t.Errorf("DELETE %s: %d, want %d: %s", c.path, resp.Code, c.status, resp.Body)
				}
			}
			if n := apitest.Count(t, env.Store, "goals"); n != before {
				t.Fatalf("refused deletes changed the goals: %d -> %d", before, n)
			}

			env.Must(http.StatusNoContent, admin, "DELETE", path, nil)
			expect(t, "without a city target", getRollup(t, env, admin, "year=2023&city=沈阳市").goal(t, "special_fairs"),
				map[string]any{"target": nil, "status": "no_target"})
			if l := listGoals(t, env, admin, "year=2023&scope=沈阳市"); l.Total != 0 {
				t.Errorf("沈阳's targets after the delete: %d", l.Total)
			}
			if resp := env.Do(admin, "DELETE", path, nil); resp.Code != http.StatusNotFound {
				t.Errorf("deleting again: %d", resp.Code)
			}

			// The delete is audited under the city, with the target it had.
			var audit struct {
				Items []struct {
					Action   string                    `json:"action"`
					RecordID int64                     `json:"record_id"`
					City     string                    `json:"city"`
					Changes  map[string]map[string]any `json:"changes"`
				} `json:"items"`
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/audit?record_type=goal&action=delete", nil).Decode(t, &audit)
			if len(audit.Items) != 1 || audit.Items[0].RecordID != g.ID || audit.Items[0].City != "沈阳市" ||
				audit.Items[0].Changes["target"]["old"] != float64(80) {
				t.Errorf("delete audit: %+v", audit.Items)
			}
		})
	}
}
