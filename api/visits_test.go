package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"jobfair/api/apitest"
	"jobfair/models"
)

type visitList struct {
	Items []struct {
		ID           int64    `json:"id"`
		On           string   `json:"on"`
		City         string   `json:"city"`
		Kind         string   `json:"kind"`
		Place        string   `json:"place"`
		Items        []string `json:"items"`
		Organisation string   `json:"organisation"`
		CreatedBy    *int64   `json:"created_by"`
	} `json:"items"`
	Total    int `json:"total"`
	Page     int `json:"page"`
	PageSize int `json:"page_size"`
}

func listVisits(t *testing.T, env *apitest.Env, token, query string) visitList {
	t.Helper()
	var l visitList
	env.Must(http.StatusOK, token, "GET", "/api/v1/visits?"+query, nil).Decode(t, &l)
	return l
}

func visitBody(on, city, kind, place string, items ...string) map[string]any {
	return map[string]any{"on": on, "city": city, "kind": kind, "place": place, "items": items}
}

// Every rule of a visit refuses with 422 naming the field, and writes nothing.
func TestVisitRules(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d) // today is 2025-06-30
			org := env.User("sy_org", models.RoleOrganiser, "沈阳市", 0)
			good := func() map[string]any {
				return visitBody("2025-06-30", "沈阳市", "enterprise", "沈阳华信机械制造有限公司", "policy", "jobs")
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
				name  string
				body  any
				field string
			}{
				{"tomorrow", with("on", "2025-07-01"), "on"},
				{"next year", with("on", "2026-01-05"), "on"},
				{"before 2000", with("on", "1999-12-31"), "on"},
				{"no date", with("on", nil), "on"},
				{"bad date", with("on", "2025-02-30"), "on"},
				{"bad city", with("city", "北京市"), "city"},
				{"no city", with("city", ""), "city"},
				{"bad kind", with("kind", "factory"), "kind"},
				{"no kind", with("kind", nil), "kind"},
				{"no place", with("place", "  "), "place"},
				{"long place", with("place", strings.Repeat("厂", 201)), "place"},
				{"control character", with("place", "沈阳\u0007社区"), "place"},
				{"no items", with("items", []string{}), "items"},
				{"items missing", with("items", nil), "items"},
				{"unknown item", with("items", []string{"policy", "money"}), "items[1]"},
				{"item twice", with("items", []string{"jobs", "jobs"}), "items"},
			}
			before := apitest.Snapshot(t, env.Store)
			for _, c := range cases {
				r := env.Do(org, "POST", "/api/v1/visits", c.body)
				if r.Code != http.StatusUnprocessableEntity || r.ErrorFields()[c.field] == nil {
					t.Errorf("%s: %d %s, want 422 naming %s", c.name, r.Code, r.Body, c.field)
				}
			}
			// Several bad fields are named at once.
			r := env.Do(org, "POST", "/api/v1/visits", map[string]any{"on": "2030-01-01", "city": "沈阳市", "kind": "x", "place": "", "items": []string{}})
			if f := r.ErrorFields(); r.Code != 422 || len(f) != 4 {
				t.Errorf("four bad fields: %d %s", r.Code, r.Body)
			}
			if r := env.Do(org, "POST", "/api/v1/visits", `{"on": 20250630}`); r.Code != http.StatusBadRequest {
				t.Errorf("wrong type: %d %s", r.Code, r.Body)
			}
			if after := apitest.Snapshot(t, env.Store); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("refused visits changed the database: %v -> %v", before, after)
			}
			// The edges are fine: 200 characters, today, 1 January 2000.
			env.Must(http.StatusCreated, org, "POST", "/api/v1/visits", with("place", strings.Repeat("厂", 200)))
			env.Must(http.StatusCreated, org, "POST", "/api/v1/visits", with("on", "2000-01-01"))
			noDrift(t, env)
		})
	}
}

// Visits are recorded by organisers and officials of their city and by
// admins, listed newest first with filters, read and deleted.
func TestVisits(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			admin := env.Admin()
			syOrg := env.User("sy_org", models.RoleOrganiser, "沈阳市", 0)
			syOff := env.User("sy_off", models.RoleOfficial, "沈阳市", 0)
			dlOff := env.User("dl_off", models.RoleOfficial, "大连市", 0)
			prov := env.User("prov", models.RoleOfficial, "", 0)
			emp := env.User("emp", models.RoleEmployer, "", env.Employer("沈阳甲公司", "沈阳市"))

			r := env.Must(http.StatusCreated, syOrg, "POST", "/api/v1/visits",
				visitBody("2025-03-01", "沈阳市", "campus", " 东北大学 ", "services", "policy"))
			var v struct {
				ID           int64
				On           string
				City, Kind   string
				Place        string
				Items        []string
				Organisation string
				CreatedBy    *int64 `json:"created_by"`
			}
			r.Decode(t, &v)
			if v.On != "2025-03-01" || v.Place != "东北大学" || fmt.Sprint(v.Items) != "[policy services]" ||
				v.Organisation != "sy_org机构" || v.CreatedBy == nil || v.Kind != "campus" {
				t.Errorf("created: %s", r.Body)
			}
			env.Must(http.StatusCreated, syOff, "POST", "/api/v1/visits", visitBody("2025-05-20", "沈阳市", "community", "沈阳市胜利街道幸福社区", "jobs"))
			env.Must(http.StatusCreated, dlOff, "POST", "/api/v1/visits", visitBody("2025-04-02", "大连市", "village", "大连市永安镇王家村", "policy", "jobs", "services"))
			env.Must(http.StatusCreated, prov, "POST", "/api/v1/visits", visitBody("2024-12-31", "大连市", "enterprise", "大连港", "jobs"))
			env.Must(http.StatusCreated, admin, "POST", "/api/v1/visits", visitBody("2025-01-02", "鞍山市", "enterprise", "鞍钢", "policy"))

			// City users write only their city; employers not at all.
			for _, c := range []struct {
				who, token string
				status     int
			}{{"沈阳 official for 大连", syOff, 403}, {"沈阳 organiser for 大连", syOrg, 403}, {"employer", emp, 403}} {
				if r := env.Do(c.token, "POST", "/api/v1/visits", visitBody("2025-03-01", "大连市", "campus", "大连理工大学", "jobs")); r.Code != c.status {
					t.Errorf("%s: %d %s", c.who, r.Code, r.Body)
				}
			}

			l := listVisits(t, env, admin, "")
			if l.Total != 5 || l.Page != 1 || l.PageSize != 50 {
				t.Fatalf("all visits: %+v", l)
			}
			var days []string
			for _, it := range l.Items {
				days = append(days, it.On)
			}
			if fmt.Sprint(days) != "[2025-05-20 2025-04-02 2025-03-01 2025-01-02 2024-12-31]" {
				t.Errorf("not newest first: %v", days)
			}
			for _, c := range []struct {
				who, token, query string
				want              int
			}{
				{"year", admin, "year=2025", 4},
				{"city", admin, "city=大连市", 2},
				{"kind", admin, "kind=enterprise", 2},
				{"item", admin, "item=services", 2},
				{"range", admin, "from=2025-01-02&to=2025-04-02", 3},
				{"year and city", prov, "year=2025&city=大连市", 1},
				{"a city official sees its city", syOff, "", 2},
				{"a city organiser too", syOrg, "year=2025", 2},
				{"page", admin, "page=2&page_size=2", 5},
			} {
				if got := listVisits(t, env, c.token, c.query); got.Total != c.want {
					t.Errorf("%s: total %d, want %d", c.who, got.Total, c.want)
				}
			}
			if l := listVisits(t, env, admin, "page=3&page_size=2"); len(l.Items) != 1 || l.Items[0].On != "2024-12-31" {
				t.Errorf("last page: %+v", l.Items)
			}
			for _, q := range []string{"city=大连市"} {
				if r := env.Do(syOff, "GET", "/api/v1/visits?"+q, nil); r.Code != http.StatusForbidden {
					t.Errorf("沈阳 official asking %s: %d", q, r.Code)
				}
			}
			for _, q := range []string{"kind=factory", "item=money", "year=abc", "from=2025-13-01", "city=北京市"} {
				if r := env.Do(admin, "GET", "/api/v1/visits?"+q, nil); r.Code != http.StatusBadRequest {
					t.Errorf("%s: %d, want 400", q, r.Code)
				}
			}
			if r := env.Do(emp, "GET", "/api/v1/visits", nil); r.Code != http.StatusForbidden {
				t.Errorf("employer lists visits: %d", r.Code)
			}

			path := fmt.Sprintf("/api/v1/visits/%d", v.ID)
			env.Must(http.StatusOK, syOff, "GET", path, nil)
			if r := env.Do(dlOff, "GET", path, nil); r.Code != http.StatusNotFound {
				t.Errorf("other city reads: %d", r.Code)
			}
			if r := env.Do(admin, "GET", "/api/v1/visits/99999", nil); r.Code != http.StatusNotFound {
				t.Errorf("no such visit: %d", r.Code)
			}
			// Only who recorded it (or an admin) deletes it.
			before := apitest.Snapshot(t, env.Store)
			for _, tok := range []string{syOff, dlOff, prov, emp} {
				if r := env.Do(tok, "DELETE", path, nil); r.Code != http.StatusForbidden {
					t.Errorf("delete by another: %d %s", r.Code, r.Body)
				}
			}
			if after := apitest.Snapshot(t, env.Store); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("refused deletes changed the database")
			}
			env.Must(http.StatusNoContent, syOrg, "DELETE", path, nil)
			if r := env.Do(syOrg, "GET", path, nil); r.Code != http.StatusNotFound {
				t.Errorf("deleted visit: %d", r.Code)
			}
			if l := listVisits(t, env, admin, "year=2025"); l.Total != 3 {
				t.Errorf("after delete: %d", l.Total)
			}
			var audit struct{ Total int }
			env.Must(http.StatusOK, admin, "GET", "/api/v1/audit?record_type=visit", nil).Decode(t, &audit)
			if audit.Total != 6 {
				t.Errorf("audit entries of visits: %d, want 5 created and 1 deleted", audit.Total)
			}
			noDrift(t, env)
		})
	}
}

// The visits goal counts the visits, worked out by hand: by 30 June 2024,
// in the year, by city and by month; its records link lists them.
func TestServiceVisitsGoal(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			admin := env.Admin()
			for _, v := range []struct{ on, city string }{
				{"2023-12-31", "沈阳市"}, // the year before
				{"2024-01-01", "沈阳市"},
				{"2024-01-20", "大连市"},
				{"2024-03-15", "沈阳市"},
				{"2024-06-30", "大连市"}, // the last day counted
				{"2024-07-01", "沈阳市"}, // after as_of
				{"2024-12-31", "鞍山市"},
			} {
				env.Must(http.StatusCreated, admin, "POST", "/api/v1/visits", visitBody(v.on, v.city, "community", "社区", "policy"))
			}
			// 2024 is a leap year: 30 June is day 182 of 366.
			r := getRollup(t, env, admin, "year=2024&as_of=2024-06-30")
			expect(t, "service_visits", r.goal(t, "service_visits"), map[string]any{"target": 150000, "actual": 4,
				"completion": 0.0, "status": "behind", "forecast": 8, "unit": "次", "source": "computed", "kind": "count",
				"time_progress": 0.4973, "records": "/api/v1/visits?year=2024&to=2024-06-30"})
			r = getRollup(t, env, admin, "year=2024")
			expect(t, "service_visits year", r.goal(t, "service_visits"), map[string]any{"actual": 6, "forecast": 6})
			r = getRollup(t, env, admin, "year=2024&as_of=2024-06-30&city=沈阳市")
			expect(t, "service_visits 沈阳", r.goal(t, "service_visits"), map[string]any{"actual": 2, "target": nil,
				"status": "no_target", "records": "/api/v1/visits?year=2024&to=2024-06-30&city=沈阳市"})
			r = getRollup(t, env, admin, "year=2023")
			expect(t, "service_visits 2023", r.goal(t, "service_visits"), map[string]any{"actual": 1})

			var cities struct {
				Items []struct {
					City   string
					Actual *float64
				}
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup/cities?year=2024&goal=service_visits&as_of=2024-06-30", nil).Decode(t, &cities)
			byCity := map[string]float64{}
			for _, it := range cities.Items {
				byCity[it.City] = *it.Actual
			}
			if len(cities.Items) != 14 || byCity["沈阳市"] != 2 || byCity["大连市"] != 2 || byCity["鞍山市"] != 0 {
				t.Errorf("by city: %v", byCity)
			}
			var months struct {
				Items []struct {
					Month              string
					Actual, Cumulative *float64
				}
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup/months?year=2024&goal=service_visits", nil).Decode(t, &months)
			var got []string
			for _, it := range months.Items {
				got = append(got, fmt.Sprintf("%v/%v", *it.Actual, *it.Cumulative))
			}
			if want := "[2/2 0/2 1/3 0/3 0/3 1/4 1/5 0/5 0/5 0/5 0/5 1/6]"; fmt.Sprint(got) != want {
				t.Errorf("by month: %v, want %s", got, want)
			}
			// The figure's link lists exactly the visits counted.
			if l := listVisits(t, env, admin, "year=2024&to=2024-06-30"); l.Total != 4 {
				t.Errorf("records link: %d", l.Total)
			}
			// Figures are no longer reported for it.
			resp := env.Do(admin, "POST", "/api/v1/goals/service_visits/reports", map[string]any{"period": "2024-05", "city": "", "value": 12000})
			if resp.Code != http.StatusUnprocessableEntity || resp.ErrorFields()["code"] == nil {
				t.Errorf("reporting a computed goal: %d %s", resp.Code, resp.Body)
			}
			// Deleting a visit takes it out of the figures.
			l := listVisits(t, env, admin, "year=2024&city=鞍山市")
			env.Must(http.StatusNoContent, admin, "DELETE", fmt.Sprintf("/api/v1/visits/%d", l.Items[0].ID), nil)
			r = getRollup(t, env, admin, "year=2024")
			expect(t, "service_visits after delete", r.goal(t, "service_visits"), map[string]any{"actual": 5})
			noDrift(t, env)
		})
	}
}

var visitHeader = []string{"走访日期", "城市", "走访类型", "走访地点", "服务内容"}

// Visit imports take names, codes and the usual spellings, write all rows or
// none, and name every bad row.
func TestImportVisits(t *testing.T) {
	onBothImport(t, func(t *testing.T, w *impWorld) {
		good := [][]string{
			{"2025-03-01", "沈阳市", "企业", "沈阳华信机械制造有限公司", "送政策；送岗位"},
			{"2025/3/2", "沈阳", "campus", "东北大学", "jobs;services"},
			{"2025年3月3日", "沈阳市", "社区", "沈阳市胜利街道幸福社区", "政策、服务"},
		}
		w.wantImported(t, upload(w.Env, w.syOrg, "/api/v1/visits/import", "visits.csv", csvFile(visitHeader, good)), 3)
		l := listVisits(t, w.Env, w.admin, "")
		if l.Total != 3 || l.Items[0].On != "2025-03-03" || fmt.Sprint(l.Items[0].Items) != "[policy services]" ||
			l.Items[1].Kind != "campus" || l.Items[2].City != "沈阳市" {
			t.Errorf("imported: %+v", l.Items)
		}
		r := getRollup(t, w.Env, w.admin, "year=2025")
		expect(t, "service_visits", r.goal(t, "service_visits"), map[string]any{"actual": 3})

		// Bad rows: every one named, nothing written.
		before := apitest.Snapshot(t, w.Store)
		bad := [][]string{
			{"2025-03-04", "沈阳市", "企业", "甲公司", "送政策"},
			{"2025-07-01", "沈阳市", "工厂", "", ""},
			{"2025-03-04", "大连市", "乡村", strings.Repeat("村", 201), "送钱"},
			{"昨天", "北京", "社区", "社区", "送服务"},
		}
		rows, n := rowErrors(t, upload(w.Env, w.syOrg, "/api/v1/visits/import", "bad.csv", csvFile(visitHeader, bad)))
		checkRowErrors(t, rows, map[int]map[string]string{
			3: {"on": "不能晚于今天", "kind": "未知的走访类型「工厂」", "place": "走访地点为必填", "items": "服务内容为必填"},
			4: {"city": "无权导入其他城市", "place": "200", "items": "未知的服务内容「送钱」"},
			5: {"on": "无法识别的日期", "city": "不是辽宁省的地级市"},
		})
		if n != 3 {
			t.Errorf("bad rows: %d", n)
		}
		if after := apitest.Snapshot(t, w.Store); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("a refused import changed the database: %v -> %v", before, after)
		}
		// A province official imports any city, from Excel with date cells.
		w.wantImported(t, upload(w.Env, w.User("imp_prov", models.RoleOfficial, "", 0), "/api/v1/visits/import", "v.xlsx",
			xlsxFile(t, visitHeader, [][]string{{"2025-02-01", "大连市", "village", "大连市永安镇王家村", "送岗位"}}, map[int]bool{0: true})), 1)
		if l := listVisits(t, w.Env, w.dlOff, ""); l.Total != 1 || l.Items[0].On != "2025-02-01" {
			t.Errorf("the 大连 official's list: %+v", l)
		}
		// Employers do not import visits.
		empTok := w.User("imp_emp", models.RoleEmployer, "", w.emp1)
		if r := upload(w.Env, empTok, "/api/v1/visits/import", "v.csv", csvFile(visitHeader, good)); r.Code != http.StatusForbidden {
			t.Errorf("employer import: %d", r.Code)
		}
	})
}

func TestVisitTemplateAndExport(t *testing.T) {
	onBothImport(t, func(t *testing.T, w *impWorld) {
		r := w.Must(http.StatusOK, w.dlOff, "GET", "/api/v1/visits/template.csv", nil)
		if string(r.Body) != "\uFEFF走访日期,城市,走访类型,走访地点,服务内容\r\n" {
			t.Errorf("csv template: %q", r.Body)
		}
		r = w.Must(http.StatusOK, w.dlOff, "GET", "/api/v1/visits/template.xlsx", nil)
		rows := xlsxRows(t, r.Body)
		if len(rows) != 1 || fmt.Sprint(rows[0]) != "[走访日期 城市 走访类型 走访地点 服务内容]" {
			t.Errorf("xlsx template: %v", rows)
		}
		// The empty template imports as "no rows".
		if r := upload(w.Env, w.dlOff, "/api/v1/visits/import", "t.xlsx", r.Body); r.Code != http.StatusUnprocessableEntity || r.ErrorFields()["file"] == nil {
			t.Errorf("empty template: %d %s", r.Code, r.Body)
		}
		w.Must(http.StatusCreated, w.syOrg, "POST", "/api/v1/visits", visitBody("2025-03-01", "沈阳市", "campus", "东北大学", "policy", "jobs"))
		w.Must(http.StatusCreated, w.dlOff, "POST", "/api/v1/visits", visitBody("2025-03-02", "大连市", "village", "王家村", "services"))
		rows = xlsxRows(t, w.Must(http.StatusOK, w.admin, "GET", "/api/v1/visits/export.xlsx?year=2025", nil).Body)
		if len(rows) != 3 || rows[0][1] != "走访日期" || rows[2][3] != "院校" || rows[2][5] != "送政策；送岗位" || rows[1][3] != "乡村" {
			t.Errorf("export: %v", rows)
		}
		rows = xlsxRows(t, w.Must(http.StatusOK, w.dlOff, "GET", "/api/v1/visits/export.xlsx", nil).Body)
		if len(rows) != 2 || rows[1][2] != "大连市" {
			t.Errorf("大连 official's export: %v", rows)
		}
		if r := w.Do(w.dlOff, "GET", "/api/v1/visits/export.xlsx?city=沈阳市", nil); r.Code != http.StatusForbidden {
			t.Errorf("other city's export: %d", r.Code)
		}
	})
}

// TestVisitsInClosedMonths: a visit counts toward service_visits, so one dated
// in a submitted or closed city-month is refused, by hand, by deletion and by
// import alike.
func TestVisitsInClosedMonths(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			admin := env.Admin()
			org := env.User("sy_org", models.RoleOrganiser, "沈阳市", 0)
			id := apitest.ID(t, env.Must(http.StatusCreated, org, "POST", "/api/v1/visits", visitBody("2025-04-02", "沈阳市", "enterprise", "甲公司", "policy")))
			env.Must(http.StatusOK, admin, "POST", "/api/v1/periods/2025-04/submit", map[string]any{"city": "沈阳市"})
			before := apitest.Snapshot(t, env.Store)
			resp := env.Do(org, "POST", "/api/v1/visits", visitBody("2025-04-03", "沈阳市", "enterprise", "乙公司", "policy"))
			if resp.Code != http.StatusConflict || resp.ErrorCode() != "period_closed" || resp.ErrorFields()["on"] == nil {
				t.Errorf("a visit in a submitted month: %d %s", resp.Code, resp.Body)
			}
			if resp := env.Do(org, "DELETE", fmt.Sprintf("/api/v1/visits/%d", id), nil); resp.Code != http.StatusConflict {
				t.Errorf("deleting a visit of a submitted month: %d %s", resp.Code, resp.Body)
			}
			csv := "走访日期,城市,走访类型,走访地点,服务内容\n2025-05-02,沈阳市,企业,丙公司,送政策\n2025-04-09,沈阳市,企业,丁公司,送政策\n"
			resp = upload(env, org, "/api/v1/visits/import", "visits.csv", []byte(csv))
			if resp.Code != http.StatusUnprocessableEntity || !strings.Contains(string(resp.Body), "沈阳市2025年4月已上报") {
				t.Errorf("an import into a submitted month: %d %s", resp.Code, resp.Body)
			}
			if after := apitest.Snapshot(t, env.Store); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("refused writes changed the database: %v -> %v", before, after)
			}
			// Another city's April is open.
			env.Must(http.StatusCreated, admin, "POST", "/api/v1/visits", visitBody("2025-04-03", "大连市", "enterprise", "戊公司", "policy"))
		})
	}
}

// TestVisitTotalsFromTallies: a visit list filtered by dates and city takes
// its total from the summary tables; it must equal the count of the same
// visits (asked through a kind filter, which the tables do not hold).
func TestVisitTotalsFromTallies(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d) // today is 2025-06-30
			org := env.User("tally_org", models.RoleOrganiser, "", 0)
			kinds := []string{"enterprise", "campus", "community", "village"}
			for i := range 60 {
				city := "沈阳市"
				if i%3 == 0 {
					city = "大连市"
				}
				on := fmt.Sprintf("2025-%02d-%02d", 1+i%6, 1+(i*7)%28)
				env.Must(http.StatusCreated, org, "POST", "/api/v1/visits", visitBody(on, city, kinds[i%4], fmt.Sprint("走访点", i), "policy"))
			}
			total := func(query string) int {
				return listVisits(t, env, org, query).Total
			}
			for _, q := range []string{"year=2025", "year=2024", "year=2025&city=大连市", "from=2025-02-10&to=2025-03-20",
				"from=2025-03-01&to=2025-03-31", "from=2025-04-08&to=2025-04-08", "to=2025-02-28&city=沈阳市", "", "from=2025-05-15"} {
				tallied, counted := total(q), 0
				for _, k := range kinds {
					counted += total(q + "&kind=" + k)
				}
				if tallied != counted {
					t.Errorf("%q: %d from the tallies, %d counted", q, tallied, counted)
				}
			}
			if n := total("year=2025"); n != 60 {
				t.Errorf("visits of 2025: %d, want 60", n)
			}
		})
	}
}
