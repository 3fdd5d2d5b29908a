package api_test

import (
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"

	"jobfair/api/apitest"
	"jobfair/models"
)

type periodList struct {
	Items []models.Period `json:"items"`
}

func movePeriod(w *recWorld, token, period, action string, body map[string]any) *apitest.Response {
	return w.Do(token, "POST", "/api/v1/periods/"+period+"/"+action, body)
}

func periodOf(t *testing.T, w *recWorld, token, year, city, period string) models.Period {
	t.Helper()
	var l periodList
	w.Must(200, token, "GET", "/api/v1/periods?year="+year+"&city="+city, nil).Decode(t, &l)
	for _, p := range l.Items {
		if p.Period == period && p.City == city {
			return p
		}
	}
	t.Fatalf("no %s %s in %+v", city, period, l.Items)
	return models.Period{}
}

// TestPeriodTransitions walks a month through every move, and every refused one.
func TestPeriodTransitions(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		sy := w.User("sy_off", models.RoleOfficial, "沈阳市", 0)
		dl := w.User("dl_off", models.RoleOfficial, "大连市", 0)
		prov := w.User("prov_off", models.RoleOfficial, "", 0)
		city := map[string]any{"city": "沈阳市"}
		why := map[string]any{"city": "沈阳市", "reason": "就业登记数据有误，请核实后重新上报"}

		steps := []struct {
			name          string
			token, period string
			action        string
			body          map[string]any
			status        int
			wantStatus    string // the month's status afterwards ("" unchanged)
		}{
			{"close an open month", prov, "2025-05", "close", city, 409, ""},
			{"return an open month", prov, "2025-05", "return", why, 409, ""},
			{"reopen an open month", prov, "2025-05", "reopen", why, 409, ""},
			{"submit the current month", sy, "2025-06", "submit", city, 422, ""},
			{"submit a future month", sy, "2025-09", "submit", city, 422, ""},
			{"submit a month of 2027", prov, "2027-01", "submit", city, 422, ""},
			{"submit a malformed month", sy, "2025-5", "submit", city, 422, ""},
			{"submit month 13", sy, "2025-13", "submit", city, 422, ""},
			{"submit without city", prov, "2025-05", "submit", map[string]any{}, 422, ""},
			{"submit an unknown city", prov, "2025-05", "submit", map[string]any{"city": "北京市"}, 422, ""},
			{"another city's official submits", dl, "2025-05", "submit", city, 403, ""},
			{"the city's official submits", sy, "2025-05", "submit", city, 200, models.PeriodSubmitted},
			{"submit again", sy, "2025-05", "submit", city, 409, ""},
			{"reopen a submitted month", prov, "2025-05", "reopen", why, 409, ""},
			{"the city's official closes", sy, "2025-05", "close", city, 403, ""},
			{"the city's official returns", sy, "2025-05", "return", why, 403, ""},
			{"return without reason", prov, "2025-05", "return", city, 422, ""},
			{"return with a blank reason", prov, "2025-05", "return", map[string]any{"city": "沈阳市", "reason": "  "}, 422, ""},
			{"return with reason", prov, "2025-05", "return", why, 200, models.PeriodOpen},
			{"submit once more", sy, "2025-05", "submit", city, 200, models.PeriodSubmitted},
			{"province closes", prov, "2025-05", "close", city, 200, models.PeriodClosed},
			{"close again", prov, "2025-05", "close", city, 409, ""},
			{"submit a closed month", sy, "2025-05", "submit", city, 409, ""},
			{"return a closed month", prov, "2025-05", "return", why, 409, ""},
			{"the city's official reopens", sy, "2025-05", "reopen", why, 403, ""},
			{"reopen without reason", prov, "2025-05", "reopen", city, 422, ""},
			{"reopen with reason", prov, "2025-05", "reopen", why, 200, models.PeriodOpen},
			{"province submits for the city", prov, "2025-05", "submit", city, 200, models.PeriodSubmitted},
			{"admin closes", w.admin, "2025-05", "close", city, 200, models.PeriodClosed},
		}
		for _, s := range steps {
			r := movePeriod(w, s.token, s.period, s.action, s.body)
			if r.Code != s.status {
				t.Fatalf("%s: %d %s, want %d", s.name, r.Code, r.Body, s.status)
			}
			if s.status >= 400 {
				want := map[int]string{409: models.EConflict, 422: models.EInvalid, 403: models.EForbidden}[s.status]
				if r.ErrorCode() != want {
					t.Errorf("%s: code %s, want %s", s.name, r.ErrorCode(), want)
				}
				continue
			}
			var p models.Period
			r.Decode(t, &p)
			if p.Status != s.wantStatus || p.Period != s.period || p.City != "沈阳市" {
				t.Errorf("%s: answered %+v, want status %s", s.name, p, s.wantStatus)
			}
		}
		p := periodOf(t, w, prov, "2025", "沈阳市", "2025-05")
		if p.Status != models.PeriodClosed || p.ClosedBy == nil || *p.ClosedBy != "admin" || p.SubmittedBy == nil || *p.SubmittedBy != "prov_off" {
			t.Errorf("listed %+v", p)
		}
		var actions []string
		for _, h := range p.History {
			actions = append(actions, h.Action+"/"+h.Username)
			if (h.Action == "return" || h.Action == "reopen") && h.Reason != why["reason"] {
				t.Errorf("%s kept reason %q", h.Action, h.Reason)
			}
		}
		want := "submit/sy_off return/prov_off submit/sy_off close/prov_off reopen/prov_off submit/prov_off close/admin"
		if strings.Join(actions, " ") != want {
			t.Errorf("history %v, want %s", actions, want)
		}
		// Every move is in the audit trail, which the city's official can read.
		var audit struct{ Items []models.AuditEntry }
		w.Must(200, sy, "GET", "/api/v1/audit?record_type=period", nil).Decode(t, &audit)
		if len(audit.Items) != 7 {
			t.Errorf("%d audit entries of periods, want 7", len(audit.Items))
		}
		for _, e := range audit.Items {
			if e.City != "沈阳市" || e.Detail != "2025-05" || !strings.HasPrefix(e.Action, "period_") {
				t.Errorf("audit entry %+v", e)
			}
		}
		// Other months and cities are untouched.
		if p := periodOf(t, w, prov, "2025", "大连市", "2025-05"); p.Status != models.PeriodOpen || len(p.History) != 0 {
			t.Errorf("大连市 2025-05: %+v", p)
		}
	})
}

// TestPeriodList: every city-month of the year up to the current month; a
// city official sees its city only.
func TestPeriodList(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		sy := w.User("sy_off", models.RoleOfficial, "沈阳市", 0)
		prov := w.User("prov_off", models.RoleOfficial, "", 0)
		for _, c := range []struct {
			token, query string
			status, n    int
		}{
			{prov, "year=2025", 200, 14 * 6},
			{prov, "year=2024", 200, 14 * 12},
			{prov, "year=2026", 200, 0},
			{prov, "year=2025&city=大连市", 200, 6},
			{sy, "year=2025", 200, 6},
			{sy, "year=2024&city=沈阳市", 200, 12},
			{sy, "year=2025&city=大连市", 403, 0},
			{prov, "year=2027", 422, 0},
			{prov, "year=1999", 400, 0},
			{prov, "city=北京市", 400, 0},
			{w.org, "year=2025", 403, 0},
		} {
			r := w.Do(c.token, "GET", "/api/v1/periods?"+c.query, nil)
			if r.Code != c.status {
				t.Errorf("%s: %d %s, want %d", c.query, r.Code, r.Body, c.status)
				continue
			}
			if c.status != 200 {
				continue
			}
			var l periodList
			r.Decode(t, &l)
			if len(l.Items) != c.n {
				t.Errorf("%s: %d items, want %d", c.query, len(l.Items), c.n)
			}
			for _, p := range l.Items {
				if p.Status != models.PeriodOpen || p.History == nil {
					t.Errorf("%s: %+v", c.query, p)
				}
			}
		}
		var l periodList
		w.Must(200, sy, "GET", "/api/v1/periods", nil).Decode(t, &l)
		if len(l.Items) != 6 || l.Items[0].Period != "2025-01" || l.Items[5].Period != "2025-06" || l.Items[0].City != "沈阳市" {
			t.Errorf("default year for a city official: %+v", l.Items)
		}
	})
}

// TestWritesInClosedMonths: while 沈阳市's May is submitted, then closed,
// every write dated in it is refused with period_closed and changes nothing;
// 大连市's May and 沈阳市's June stay open; reopened, the writes go through.
func TestWritesInClosedMonths(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		sy := w.User("sy_off", models.RoleOfficial, "沈阳市", 0)
		prov := w.User("prov_off", models.RoleOfficial, "", 0)
		org := w.User("sy_org", models.RoleOrganiser, "沈阳市", 0)
		// Records of May made while it is open.
		fairMay := func(title string) string {
			return fmt.Sprintf("/api/v1/fairs/%d", apitest.ID(t, w.Must(201, org, "POST", "/api/v1/fairs", fairInput(title, "沈阳市", "2025-05-10", "chunnuan"))))
		}
		fairHeld, fairCancel, fairDelete, fairEdit := fairMay("五月专场一"), fairMay("五月专场二"), fairMay("五月专场三"), fairMay("五月专场四")
		fairJune := fmt.Sprintf("/api/v1/fairs/%d", apitest.ID(t, w.Must(201, org, "POST", "/api/v1/fairs", fairInput("六月专场", "沈阳市", "2025-06-10", "chunnuan"))))
		fairDalian := fmt.Sprintf("/api/v1/fairs/%d", apitest.ID(t, w.Must(201, w.org, "POST", "/api/v1/fairs", fairInput("大连五月专场", "大连市", "2025-05-10", "chunnuan"))))
		heldFair := fairMay("五月已举办")
		w.Must(200, org, "PATCH", heldFair, map[string]any{"status": "held", "visitors": 10, "employers_attended": 2, "posts_offered": 30, "intents": 4})
		jobMay := fmt.Sprintf("/api/v1/jobs/%d", w.job(t, w.emp, "五月岗位", "2025-05-20", 3))
		jobJune := fmt.Sprintf("/api/v1/jobs/%d", w.job(t, w.emp, "六月岗位", "2025-06-20", 3))
		person := 0
		placement := func(city, day string) map[string]any {
			person++
			emp := w.emp
			if city == "大连市" {
				emp = w.emp2
			}
			return map[string]any{"person_name": "王五", "id_number": apitest.IDNumber("210102", "1990-01-01", person),
				"employer_id": emp, "city": city, "placed_on": day}
		}
		placeMay := fmt.Sprintf("/api/v1/placements/%d", apitest.ID(t, w.Must(201, w.admin, "POST", "/api/v1/placements", placement("沈阳市", "2025-05-03"))))
		w.Must(201, w.admin, "POST", "/api/v1/goals/subsidised_training/reports", map[string]any{"period": "2025-05", "city": "沈阳市", "value": 10})

		type write struct {
			name, method, path string
			body               map[string]any
			field              string
		}
		refused := []write{
			{"create a fair", "POST", "/api/v1/fairs", fairInput("新五月专场", "沈阳市", "2025-05-20", "chunnuan"), "starts_at"},
			{"create a fair on the month's last evening", "POST", "/api/v1/fairs", map[string]any{"title": "月末晚场", "city": "沈阳市",
				"starts_at": "2025-05-31T20:00:00+08:00", "ends_at": "2025-05-31T22:00:00+08:00", "mode": "online", "programmes": []string{"chunnuan"}}, "starts_at"},
			{"change a fair", "PATCH", fairEdit, map[string]any{"venue": "新会场"}, "starts_at"},
			{"move a fair out of the month", "PATCH", fairEdit, map[string]any{"starts_at": "2025-06-12T09:00:00+08:00", "ends_at": "2025-06-12T12:00:00+08:00"}, "starts_at"},
			{"move a fair into the month", "PATCH", fairJune, map[string]any{"starts_at": "2025-05-12T09:00:00+08:00", "ends_at": "2025-05-12T12:00:00+08:00"}, "starts_at"},
			{"move another city's fair into the month and city", "PATCH", fairDalian, map[string]any{"city": "沈阳市"}, "starts_at"},
			{"close a fair as held", "PATCH", fairHeld, map[string]any{"status": "held", "visitors": 1, "employers_attended": 1, "posts_offered": 1, "intents": 1}, "starts_at"},
			{"correct a held fair's results", "PATCH", heldFair, map[string]any{"visitors": 11}, "starts_at"},
			{"cancel a fair", "PATCH", fairCancel, map[string]any{"status": "cancelled"}, "starts_at"},
			{"delete a fair", "DELETE", fairDelete, nil, "starts_at"},
			{"create a job", "POST", "/api/v1/jobs", map[string]any{"employer_id": w.emp, "title": "新岗位", "headcount": 2, "posted_on": "2025-05-25"}, "posted_on"},
			{"change a job", "PATCH", jobMay, map[string]any{"headcount": 5}, "posted_on"},
			{"move a job out of the month", "PATCH", jobMay, map[string]any{"posted_on": "2025-06-02"}, "posted_on"},
			{"move a job into the month", "PATCH", jobJune, map[string]any{"posted_on": "2025-05-02"}, "posted_on"},
			{"delete a job", "DELETE", jobMay, nil, "posted_on"},
			{"create a placement", "POST", "/api/v1/placements", placement("沈阳市", "2025-05-04"), "placed_on"},
			{"delete a placement", "DELETE", placeMay, nil, "placed_on"},
			{"report a figure", "POST", "/api/v1/goals/subsidised_training/reports", map[string]any{"period": "2025-05", "city": "沈阳市", "value": 12}, "period"},
		}
		allowed := []write{
			{"a fair in 大连市's May", "POST", "/api/v1/fairs", fairInput("大连新专场", "大连市", "2025-05-20", "chunnuan"), ""},
			{"a fair in 沈阳市's June", "POST", "/api/v1/fairs", fairInput("沈阳六月新专场", "沈阳市", "2025-06-01", "chunnuan"), ""},
			{"a placement in 大连市's May", "POST", "/api/v1/placements", placement("大连市", "2025-05-04"), ""},
			{"a job in 沈阳市's June", "POST", "/api/v1/jobs", map[string]any{"employer_id": w.emp, "title": "六月新岗位", "headcount": 2, "posted_on": "2025-06-02"}, ""},
			{"大连市's figure for May", "POST", "/api/v1/goals/subsidised_training/reports", map[string]any{"period": "2025-05", "city": "大连市", "value": 12}, ""},
			{"the province's own figure for May", "POST", "/api/v1/goals/subsidised_training/reports", map[string]any{"period": "2025-05", "city": "", "value": 12}, ""},
		}
		check := func(word string) {
			t.Helper()
			for _, c := range refused {
				before := apitest.Snapshot(t, w.Store)
				r := w.Do(w.admin, c.method, c.path, c.body)
				wantMsg := "沈阳市2025年5月" + word + "，不能修改"
				if r.Code != http.StatusConflict || r.ErrorCode() != models.EPeriodClosed {
					t.Errorf("%s (%s): %d %s, want 409 period_closed", c.name, word, r.Code, r.Body)
					continue
				}
				e, _ := r.JSON()["error"].(map[string]any)
				if e["message"] != wantMsg || r.ErrorFields()[c.field] != wantMsg {
					t.Errorf("%s: message %v fields %v, want %q on %s", c.name, e["message"], r.ErrorFields(), wantMsg, c.field)
				}
				if after := apitest.Snapshot(t, w.Store); fmt.Sprint(after) != fmt.Sprint(before) {
					t.Errorf("%s was refused but changed %v -> %v", c.name, before, after)
				}
			}
		}
		w.Must(200, sy, "POST", "/api/v1/periods/2025-05/submit", map[string]any{"city": "沈阳市"})
		check("已上报")
		// An organiser of the city meets the same refusal.
		if r := w.Do(org, "POST", "/api/v1/fairs", fairInput("组织者五月专场", "沈阳市", "2025-05-21", "chunnuan")); r.Code != 409 || r.ErrorCode() != models.EPeriodClosed {
			t.Errorf("organiser: %d %s", r.Code, r.Body)
		}
		w.Must(200, prov, "POST", "/api/v1/periods/2025-05/close", map[string]any{"city": "沈阳市"})
		check("已结账")
		for _, c := range allowed {
			if r := w.Do(w.admin, c.method, c.path, c.body); r.Code >= 300 {
				t.Errorf("%s: %d %s", c.name, r.Code, r.Body)
			}
		}
		if drift, err := w.Store.Verify(t.Context()); err != nil || len(drift) > 0 {
			t.Errorf("verify: %v %v", drift, err)
		}
		// Reopened, the month takes writes again.
		w.Must(200, prov, "POST", "/api/v1/periods/2025-05/reopen", map[string]any{"city": "沈阳市", "reason": "补录遗漏的招聘会"})
		w.Must(201, w.admin, "POST", "/api/v1/fairs", fairInput("补录五月专场", "沈阳市", "2025-05-20", "chunnuan"))
		w.Must(200, w.admin, "PATCH", fairHeld, map[string]any{"status": "held", "visitors": 1, "employers_attended": 1, "posts_offered": 1, "intents": 1})
		w.Must(204, w.admin, "DELETE", jobMay, nil)
		w.Must(204, w.admin, "DELETE", placeMay, nil)
		w.Must(201, w.admin, "POST", "/api/v1/goals/subsidised_training/reports", map[string]any{"period": "2025-05", "city": "沈阳市", "value": 12, "correct": true})
	})
}

// TestImportsInClosedMonths: rows dated in a submitted or closed city-month
// are row errors, and nothing of the file is written; so are rows beyond the
// bounds. Rows of open months go through once the others are fixed.
func TestImportsInClosedMonths(t *testing.T) {
	onBothImport(t, func(t *testing.T, w *impWorld) {
		prov := w.User("imp_prov", models.RoleOfficial, "", 0)
		w.Must(200, prov, "POST", "/api/v1/periods/2025-03/submit", map[string]any{"city": "沈阳市"})
		w.Must(200, prov, "POST", "/api/v1/periods/2025-02/submit", map[string]any{"city": "大连市"})
		w.Must(200, prov, "POST", "/api/v1/periods/2025-02/close", map[string]any{"city": "大连市"})

		placements := [][]string{
			{"张三", idNo("19900307", 21), "", w.code1, "沈阳市", "2025-03-05"}, // 沈阳市 March: submitted
			{"李四", idNo("19850512", 22), "", w.code1, "沈阳市", "2025-04-02"}, // open
			{"王五", idNo("19880101", 23), "", w.code2, "大连市", "2025-02-10"}, // 大连市 February: closed
			{"赵六", idNo("19880101", 24), "", w.code2, "大连市", "2025-03-10"}, // open
			{"钱七", idNo("19880101", 25), "", w.code1, "沈阳市", "1999-12-31"}, // before 2000
		}
		before := apitest.Snapshot(t, w.Store)
		got, bad := rowErrors(t, upload(w.Env, w.org, "/api/v1/placements/import", "p.csv", csvFile(placementHeader, placements)))
		checkRowErrors(t, got, map[int]map[string]string{
			2: {"placed_on": "沈阳市2025年3月已上报，不能修改"},
			4: {"placed_on": "大连市2025年2月已结账，不能修改"},
			6: {"placed_on": "2000"},
		})
		if bad != 3 {
			t.Errorf("bad_rows %d, want 3", bad)
		}
		if after := apitest.Snapshot(t, w.Store); !maps.Equal(before, after) {
			t.Errorf("a refused import changed the database: %v -> %v", before, after)
		}

		header := []string{"岗位名称", "用人单位信用代码", "城市", "招聘人数", "面向高校毕业生", "发布日期", "最低月薪", "最高月薪", "学历要求"}
		jobs := [][]string{
			{"车工", w.code1, "", "3", "否", "2025-03-20", "", "", ""},               // city from the employer: 沈阳市, submitted
			{"铣工", w.code1, "沈阳市", "10000", "否", "2025-04-20", "", "1000000", ""}, // at the bounds
			{"叉车司机", w.code2, "大连市", "2", "否", "2025-02-28", "", "", ""},          // closed
			{"钳工", w.code1, "沈阳市", "10001", "否", "2025-04-20", "", "1000001", ""}, // beyond the bounds
			{"焊工", w.code1, "沈阳市", "2", "否", "1999-12-31", "", "", ""},            // before 2000
		}
		before = apitest.Snapshot(t, w.Store)
		got, _ = rowErrors(t, upload(w.Env, w.org, "/api/v1/jobs/import", "j.csv", csvFile(header, jobs)))
		checkRowErrors(t, got, map[int]map[string]string{
			2: {"posted_on": "沈阳市2025年3月已上报，不能修改"},
			4: {"posted_on": "大连市2025年2月已结账，不能修改"},
			5: {"headcount": "10,000", "salary_max": "1,000,000"},
			6: {"posted_on": "2000"},
		})
		if after := apitest.Snapshot(t, w.Store); !maps.Equal(before, after) {
			t.Errorf("a refused import changed the database: %v -> %v", before, after)
		}

		// Without the refused rows, the files go through.
		w.wantImported(t, upload(w.Env, w.org, "/api/v1/placements/import", "p.csv",
			csvFile(placementHeader, [][]string{placements[1], placements[3]})), 2)
		w.wantImported(t, upload(w.Env, w.org, "/api/v1/jobs/import", "j.csv", csvFile(header, [][]string{jobs[1]})), 1)
		// Returned to the city, 沈阳市's March takes the rows again.
		w.Must(200, prov, "POST", "/api/v1/periods/2025-03/return", map[string]any{"city": "沈阳市", "reason": "请补录"})
		w.wantImported(t, upload(w.Env, w.org, "/api/v1/placements/import", "p.csv", csvFile(placementHeader, placements[:1])), 1)
		w.wantImported(t, upload(w.Env, w.org, "/api/v1/jobs/import", "j.csv", csvFile(header, jobs[:1])), 1)
	})
}
