package api_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jobfair/api/apitest"
	"jobfair/models"
)

type reportItem struct {
	Goal          string   `json:"goal"`
	Period        string   `json:"period"`
	City          string   `json:"city"`
	Value         float64  `json:"value"`
	PreviousValue *float64 `json:"previous_value"`
	ReportedBy    string   `json:"reported_by"`
	ReportedAt    string   `json:"reported_at"`
	CorrectedAt   *string  `json:"corrected_at"`
}

func listReports(t *testing.T, env *apitest.Env, token, query string) map[string]reportItem {
	t.Helper()
	var out struct {
		Items []reportItem `json:"items"`
	}
	env.Must(http.StatusOK, token, "GET", "/api/v1/reports?"+query, nil).Decode(t, &out)
	m := map[string]reportItem{}
	for _, it := range out.Items {
		m[it.Goal+" "+it.Period+" "+it.City] = it
	}
	return m
}

func uploadReports(env *apitest.Env, token, query, name, content string) *apitest.Response {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	return env.Do(token, "POST", "/api/v1/reports/import?"+query, buf.Bytes(), "Content-Type", mw.FormDataContentType())
}

// TestMonthReportAllOrNothing: the figures of a city-month go in together, or
// none does, and every bad code or value is named.
func TestMonthReportAllOrNothing(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			sy := env.User("sy_rep", models.RoleOfficial, "沈阳市", 0)
			prov := env.User("prov_rep", models.RoleOfficial, "", 0)
			bad := []struct {
				name   string
				values map[string]any
				fields []string
			}{
				{"unknown code", map[string]any{"subsidised_training": 1200, "no_such_goal": 1}, []string{"no_such_goal"}},
				{"computed goal", map[string]any{"subsidised_training": 1200, "new_urban_jobs": 5}, []string{"new_urban_jobs"}},
				{"percent above 100", map[string]any{"subsidised_training": 1200, "urban_unemployment_rate": 100.5}, []string{"urban_unemployment_rate"}},
				{"negative", map[string]any{"subsidised_training": -1, "urban_unemployment_rate": 4.9}, []string{"subsidised_training"}},
				{"above 1e8", map[string]any{"subsidised_training": 1e8 + 1, "urban_unemployment_rate": 4.9}, []string{"subsidised_training"}},
				{"null value and unknown code", map[string]any{"subsidised_training": nil, "nope": 1}, []string{"subsidised_training", "nope"}},
				{"no values", map[string]any{}, []string{"values"}},
			}
			for _, c := range bad {
				before := apitest.Snapshot(t, env.Store)
				r := env.Do(sy, "PUT", "/api/v1/reports/2025-05", map[string]any{"city": "沈阳市", "values": c.values})
				if r.Code != http.StatusUnprocessableEntity {
					t.Errorf("%s: %d %s, want 422", c.name, r.Code, r.Body)
					continue
				}
				for _, f := range c.fields {
					if r.ErrorFields()[f] == nil {
						t.Errorf("%s: fields %v do not name %s", c.name, r.ErrorFields(), f)
					}
				}
				if after := apitest.Snapshot(t, env.Store); fmt.Sprint(after) != fmt.Sprint(before) {
					t.Errorf("%s was refused but changed %v -> %v", c.name, before, after)
				}
			}
			// Bounds: 0 and 100 for a percentage, 0 and 1e8 otherwise.
			env.Must(http.StatusOK, sy, "PUT", "/api/v1/reports/2025-04", map[string]any{"city": "沈阳市",
				"values": map[string]any{"urban_unemployment_rate": 100, "subsidised_training": 1e8}})
			env.Must(http.StatusOK, sy, "PUT", "/api/v1/reports/2025-03", map[string]any{"city": "沈阳市",
				"values": map[string]any{"urban_unemployment_rate": 0, "subsidised_training": 0}})
			// Scope: a city official reports its own city only; the province's own figure is the province's.
			for _, c := range []struct {
				token, city string
				want        int
			}{{sy, "大连市", 403}, {sy, "", 403}, {prov, "", 200}, {prov, "大连市", 200}} {
				r := env.Do(c.token, "PUT", "/api/v1/reports/2025-05", map[string]any{"city": c.city, "values": map[string]any{"subsidised_training": 10}})
				if r.Code != c.want {
					t.Errorf("city %q: %d %s, want %d", c.city, r.Code, r.Body, c.want)
				}
			}
			// Bad months: malformed, in the future.
			for _, p := range []string{"2025-13", "2025-7", "2025-07", "1999-12"} {
				if r := env.Do(sy, "PUT", "/api/v1/reports/"+p, map[string]any{"city": "沈阳市", "values": map[string]any{"subsidised_training": 1}}); r.Code != 422 || r.ErrorFields()["period"] == nil {
					t.Errorf("period %s: %d %s", p, r.Code, r.Body)
				}
			}
			// All good: every figure in one go.
			var saved struct {
				Items []reportItem `json:"items"`
			}
			env.Must(http.StatusOK, sy, "PUT", "/api/v1/reports/2025-05", map[string]any{"city": "沈阳市",
				"values": map[string]any{"subsidised_training": 1200, "urban_unemployment_rate": 5.2}}).Decode(t, &saved)
			if len(saved.Items) != 2 {
				t.Fatalf("saved %v", saved.Items)
			}
			got := listReports(t, env, sy, "period=2025-05&city=沈阳市")
			if it := got["urban_unemployment_rate 2025-05 沈阳市"]; it.Value != 5.2 || it.ReportedBy != "sy_rep" || it.PreviousValue != nil || it.CorrectedAt != nil {
				t.Errorf("listed: %+v", it)
			}
			// A submitted month takes no figures: 409 period_closed, nothing written.
			env.Must(http.StatusOK, sy, "POST", "/api/v1/periods/2025-05/submit", map[string]any{"city": "沈阳市"})
			before := apitest.Snapshot(t, env.Store)
			r := env.Do(prov, "PUT", "/api/v1/reports/2025-05", map[string]any{"city": "沈阳市", "values": map[string]any{"jobs_stabilised": 1}, "correct": true})
			if r.Code != http.StatusConflict || r.ErrorCode() != models.EPeriodClosed {
				t.Errorf("submitted month: %d %s", r.Code, r.Body)
			}
			if after := apitest.Snapshot(t, env.Store); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("refused write changed %v -> %v", before, after)
			}
		})
	}
}

// TestMonthReportCorrections: a figure that differs from the recorded one is
// refused unless it is a correction; a correction keeps the previous value,
// who corrected it and when; the same figure again changes nothing.
func TestMonthReportCorrections(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			sy := env.User("sy_cor", models.RoleOfficial, "沈阳市", 0)
			prov := env.User("prov_cor", models.RoleOfficial, "", 0)
			put := func(token string, values map[string]any, correct bool) *apitest.Response {
				return env.Do(token, "PUT", "/api/v1/reports/2024-05", map[string]any{"city": "沈阳市", "values": values, "correct": correct})
			}
			if r := put(sy, map[string]any{"urban_unemployment_rate": 5.2, "subsidised_training": 800}, false); r.Code != 200 {
				t.Fatalf("first: %d %s", r.Code, r.Body)
			}
			audits := apitest.Count(t, env.Store, "audit_log")
			// The same figures again: nothing changes.
			if r := put(sy, map[string]any{"urban_unemployment_rate": 5.2, "subsidised_training": 800}, false); r.Code != 200 {
				t.Errorf("same again: %d %s", r.Code, r.Body)
			}
			if n := apitest.Count(t, env.Store, "audit_log"); n != audits {
				t.Errorf("same figures wrote %d audit entries", n-audits)
			}
			// One differs: refused whole, naming the code; the new goal in the batch is not written either.
			before := apitest.Snapshot(t, env.Store)
			r := put(sy, map[string]any{"urban_unemployment_rate": 4.9, "subsidised_training": 800, "jobs_stabilised": 3}, false)
			if r.Code != http.StatusConflict || r.ErrorCode() != models.EConflict || r.ErrorFields()["urban_unemployment_rate"] == nil ||
				r.ErrorFields()["subsidised_training"] != nil {
				t.Errorf("differing figure: %d %s", r.Code, r.Body)
			}
			if after := apitest.Snapshot(t, env.Store); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("refused write changed %v -> %v", before, after)
			}
			// The old single-figure route follows the same rule.
			if r := env.Do(sy, "POST", "/api/v1/goals/urban_unemployment_rate/reports", map[string]any{"period": "2024-05", "city": "沈阳市", "value": 4.9}); r.Code != http.StatusConflict {
				t.Errorf("old route, differing figure: %d %s", r.Code, r.Body)
			}
			// As a correction it goes in, keeping the previous value.
			env.Clock.Advance(60e9)
			if r := put(prov, map[string]any{"urban_unemployment_rate": 4.9, "subsidised_training": 800, "jobs_stabilised": 3}, true); r.Code != 200 {
				t.Fatalf("correction: %d %s", r.Code, r.Body)
			}
			got := listReports(t, env, sy, "year=2024&goal=urban_unemployment_rate")
			it := got["urban_unemployment_rate 2024-05 沈阳市"]
			if it.Value != 4.9 || it.PreviousValue == nil || *it.PreviousValue != 5.2 || it.CorrectedAt == nil || it.ReportedBy != "prov_cor" || *it.CorrectedAt != it.ReportedAt {
				t.Errorf("corrected: %+v", it)
			}
			// A second correction through the old route: previous is the last value.
			env.Must(http.StatusCreated, sy, "POST", "/api/v1/goals/urban_unemployment_rate/reports",
				map[string]any{"period": "2024-05", "city": "沈阳市", "value": 4.8, "correct": true})
			it = listReports(t, env, sy, "period=2024-05&goal=urban_unemployment_rate&city=沈阳市")["urban_unemployment_rate 2024-05 沈阳市"]
			if it.Value != 4.8 || *it.PreviousValue != 4.9 || it.ReportedBy != "sy_cor" {
				t.Errorf("corrected twice: %+v", it)
			}
			if n := apitest.Count(t, env.Store, "goal_reports"); n != 3 {
				t.Errorf("goal_reports = %d, want 3", n)
			}
			var audit struct {
				Items []struct {
					Action string `json:"action"`
				} `json:"items"`
			}
			env.Must(http.StatusOK, env.Admin(), "GET", "/api/v1/audit?record_type=goal_report&action=report_replace", nil).Decode(t, &audit)
			if len(audit.Items) != 2 {
				t.Errorf("corrections audited %d times, want 2", len(audit.Items))
			}
		})
	}
}

// TestReportImport: the form of a city-month lists every reported goal; a
// filled form goes in under the PUT's rules, bad rows named by number.
func TestReportImport(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			sy := env.User("sy_imp", models.RoleOfficial, "沈阳市", 0)
			env.Must(http.StatusOK, sy, "PUT", "/api/v1/reports/2025-02", map[string]any{"city": "沈阳市", "values": map[string]any{"subsidised_training": 700}})

			r := env.Must(http.StatusOK, sy, "GET", "/api/v1/reports/template.xlsx?period=2025-02&city=沈阳市", nil)
			f, err := excelize.OpenReader(bytes.NewReader(r.Body))
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := f.GetRows("月度填报")
			if len(rows) < 3 || rows[0][0] != "指标代码" || rows[0][3] != "数值" {
				t.Fatalf("template rows %v", rows)
			}
			found := false
			for _, row := range rows[1:] {
				if row[0] == "subsidised_training" {
					found = len(row) == 4 && row[3] == "700"
				}
				if row[0] == "new_urban_jobs" {
					t.Errorf("the form lists a computed goal")
				}
			}
			if !found {
				t.Errorf("the form does not carry the recorded figure: %v", rows)
			}
			help, _ := f.GetRows("填写说明")
			if fmt.Sprint(help) == "" || !bytes.Contains([]byte(fmt.Sprint(help)), []byte("0至100）")) {
				t.Errorf("instructions lack the bounds: %v", help)
			}

			before := apitest.Snapshot(t, env.Store)
			bad := "指标代码,指标名称,单位,数值\n" +
				"urban_unemployment_rate,城镇调查失业率,%,101\n" + // row 2: out of bounds
				"no_such_goal,,,3\n" + // row 3: unknown
				"jobs_stabilised,,,abc\n" + // row 4: not a number
				"new_urban_jobs,,,5\n" + // row 5: computed
				"subsidised_training,,,\n" + // row 6: empty, skipped
				"jobs_stabilised,,,4\n" // row 7: same goal twice
			r = uploadReports(env, sy, "period=2025-03&city=沈阳市", "form.csv", bad)
			if r.Code != http.StatusUnprocessableEntity {
				t.Fatalf("bad form: %d %s", r.Code, r.Body)
			}
			var e struct {
				Error struct {
					Rows []struct {
						Row    int               `json:"row"`
						Fields map[string]string `json:"fields"`
					} `json:"rows"`
				} `json:"error"`
			}
			r.Decode(t, &e)
			want := map[int]string{2: "value", 3: "goal", 4: "value", 5: "goal", 7: "goal"}
			if len(e.Error.Rows) != len(want) {
				t.Errorf("rows %+v, want %v", e.Error.Rows, want)
			}
			for _, row := range e.Error.Rows {
				if row.Fields[want[row.Row]] == "" {
					t.Errorf("row %d: %v, want %s named", row.Row, row.Fields, want[row.Row])
				}
			}
			if after := apitest.Snapshot(t, env.Store); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("refused import changed %v -> %v", before, after)
			}
			// A differing figure: 409 naming its row, unless correct=true.
			form := "指标代码,数值\nurban_unemployment_rate,5.1\nsubsidised_training,750\n"
			r = uploadReports(env, sy, "period=2025-02&city=沈阳市", "form.csv", form)
			if r.Code != http.StatusConflict || !bytes.Contains(r.Body, []byte(`"row":3`)) {
				t.Errorf("differing import: %d %s", r.Code, r.Body)
			}
			if after := apitest.Snapshot(t, env.Store); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("refused import changed %v -> %v", before, after)
			}
			if r := uploadReports(env, sy, "period=2025-02&city=沈阳市&correct=true", "form.csv", form); r.Code != http.StatusCreated {
				t.Fatalf("import as a correction: %d %s", r.Code, r.Body)
			}
			got := listReports(t, env, sy, "period=2025-02&city=沈阳市")
			if it := got["subsidised_training 2025-02 沈阳市"]; it.Value != 750 || it.PreviousValue == nil || *it.PreviousValue != 700 {
				t.Errorf("imported correction: %+v", it)
			}
			if it := got["urban_unemployment_rate 2025-02 沈阳市"]; it.Value != 5.1 || it.PreviousValue != nil {
				t.Errorf("imported figure: %+v", it)
			}
			var audit struct {
				Total int `json:"total"`
			}
			env.Must(http.StatusOK, env.Admin(), "GET", "/api/v1/audit?record_type=goal_report&action=import", nil).Decode(t, &audit)
			if audit.Total != 1 {
				t.Errorf("imports audited %d times", audit.Total)
			}
		})
	}
}

// TestRollover: a year's single-year goals, city targets included, carried
// into the next year once; multi-year goals stay where they are.
func TestRollover(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			env.Clock.T = time.Date(2026, 3, 2, 10, 0, 0, 0, models.Shanghai) // 2026 has no goals yet
			admin := env.Admin()
			var empty struct {
				Goals []any `json:"goals"`
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup?year=2026", nil).Decode(t, &empty)
			if empty.Goals == nil || len(empty.Goals) != 0 {
				t.Errorf("a year without goals: %v", empty.Goals)
			}
			env.Must(http.StatusCreated, admin, "POST", "/api/v1/goals", map[string]any{"code": "special_fairs", "name": "专场招聘会",
				"scope": "沈阳市", "year_from": 2025, "year_to": 2025, "target": 80, "unit": "场", "comparison": "at_least", "source": "computed"})
			var single, multi int
			var goals struct {
				Items []models.Goal `json:"items"`
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/goals?year=2025&page_size=500", nil).Decode(t, &goals)
			for _, g := range goals.Items {
				if g.YearFrom == 2025 && g.YearTo == 2025 {
					single++
				} else {
					multi++
				}
			}
			if single == 0 || multi == 0 {
				t.Fatalf("seeds: %d single-year and %d multi-year goals in 2025", single, multi)
			}
			for _, c := range []struct {
				body  map[string]any
				field string
			}{{map[string]any{"from_year": 2025, "to_year": 2025}, "to_year"}, {map[string]any{"from_year": 1999, "to_year": 2026}, "from_year"},
				{map[string]any{"from_year": 2025}, "to_year"}} {
				if r := env.Do(admin, "POST", "/api/v1/goals/rollover", c.body); r.Code != 422 || r.ErrorFields()[c.field] == nil {
					t.Errorf("%v: %d %s", c.body, r.Code, r.Body)
				}
			}
			var res struct {
				Created int           `json:"created"`
				Goals   []models.Goal `json:"goals"`
			}
			env.Must(http.StatusCreated, admin, "POST", "/api/v1/goals/rollover", map[string]any{"from_year": 2025, "to_year": 2026}).Decode(t, &res)
			if res.Created != single || len(res.Goals) != single {
				t.Fatalf("created %d (%d listed), want %d", res.Created, len(res.Goals), single)
			}
			city := false
			for _, g := range res.Goals {
				if g.YearFrom != 2026 || g.YearTo != 2026 || !g.CarriedForward {
					t.Errorf("rolled over: %+v", g)
				}
				city = city || (g.Scope == "沈阳市" && g.Target == 80)
			}
			if !city {
				t.Errorf("the city target was not carried")
			}
			env.Must(http.StatusCreated, admin, "POST", "/api/v1/goals/rollover", map[string]any{"from_year": 2025, "to_year": 2026}).Decode(t, &res)
			if res.Created != 0 || len(res.Goals) != 0 {
				t.Errorf("second rollover created %d", res.Created)
			}
			var roll struct {
				Goals []struct {
					Code string `json:"code"`
				} `json:"goals"`
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup?year=2026", nil).Decode(t, &roll)
			if len(roll.Goals) == 0 {
				t.Errorf("2026 rollup has no goals after the rollover")
			}
			for _, g := range roll.Goals {
				if g.Code == "new_urban_jobs_2023_2025" {
					t.Errorf("a multi-year goal was carried")
				}
			}
			var years struct {
				Years []int `json:"years"`
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/goals/years", nil).Decode(t, &years)
			if fmt.Sprint(years.Years) != "[2023 2024 2025 2026]" {
				t.Errorf("goal years %v", years.Years)
			}
			if r := env.Do(env.User("prov_roll", models.RoleOfficial, "", 0), "POST", "/api/v1/goals/rollover", map[string]any{"from_year": 2025, "to_year": 2027}); r.Code != 403 {
				t.Errorf("official rollover: %d", r.Code)
			}
		})
	}
}

// TestOverdueMonths: the months cities have not submitted, counted overdue
// from the 10th of the following month, then the submitted ones to close.
func TestOverdueMonths(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect) // today is 2025-06-30
			prov := env.User("prov_due", models.RoleOfficial, "", 0)
			sy := env.User("sy_due", models.RoleOfficial, "沈阳市", 0)
			env.Must(http.StatusOK, sy, "POST", "/api/v1/periods/2025-05/submit", map[string]any{"city": "沈阳市"})
			env.Must(http.StatusOK, prov, "POST", "/api/v1/periods/2025-04/submit", map[string]any{"city": "大连市"})
			env.Must(http.StatusOK, prov, "POST", "/api/v1/periods/2025-04/close", map[string]any{"city": "大连市"})
			type item struct {
				Period      string `json:"period"`
				City        string `json:"city"`
				Status      string `json:"status"`
				DueOn       string `json:"due_on"`
				DaysOverdue int    `json:"days_overdue"`
			}
			var out struct {
				Items []item `json:"items"`
			}
			env.Must(http.StatusOK, prov, "GET", "/api/v1/periods/overdue", nil).Decode(t, &out)
			// 2024-01 … 2025-05: 17 months of 14 cities, less one closed.
			if len(out.Items) != 17*14-1 {
				t.Errorf("%d items", len(out.Items))
			}
			byKey := map[string]item{}
			for _, it := range out.Items {
				byKey[it.Period+" "+it.City] = it
			}
			if it := byKey["2025-05 大连市"]; it.Status != "open" || it.DueOn != "2025-06-10" || it.DaysOverdue != 20 {
				t.Errorf("大连市 May: %+v", it)
			}
			if it := byKey["2025-05 沈阳市"]; it.Status != "submitted" || it.DaysOverdue != 0 {
				t.Errorf("沈阳市 May: %+v", it)
			}
			if _, listed := byKey["2025-04 大连市"]; listed {
				t.Errorf("a closed month is listed")
			}
			if last := out.Items[len(out.Items)-1]; last.Status != "submitted" || out.Items[0].Period != "2024-01" {
				t.Errorf("order: first %+v last %+v", out.Items[0], last)
			}
			env.Must(http.StatusOK, sy, "GET", "/api/v1/periods/overdue", nil).Decode(t, &out)
			for _, it := range out.Items {
				if it.City != "沈阳市" {
					t.Fatalf("a city official sees %s", it.City)
				}
			}
		})
	}
}
