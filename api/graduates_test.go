package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"jobfair/api/apitest"
	"jobfair/models"
)

// graduateDetail is what GET /graduates/{id} answers, as the tests read it.
type graduateDetail struct {
	models.Graduate
	Contacts  []models.GraduateContact `json:"contacts"`
	Services  []models.GraduateService `json:"services"`
	Placement *struct {
		ID       int64  `json:"id"`
		PlacedOn string `json:"placed_on"`
	} `json:"placement"`
}

func getGraduate(t *testing.T, env *apitest.Env, token string, id int64) graduateDetail {
	t.Helper()
	var g graduateDetail
	env.Must(http.StatusOK, token, "GET", fmt.Sprintf("/api/v1/graduates/%d", id), nil).Decode(t, &g)
	return g
}

type graduateList struct {
	Items []models.Graduate `json:"items"`
	Total int64             `json:"total"`
}

func listGraduates(t *testing.T, env *apitest.Env, token, query string) graduateList {
	t.Helper()
	var l graduateList
	env.Must(http.StatusOK, token, "GET", "/api/v1/graduates?"+query, nil).Decode(t, &l)
	return l
}

func graduateIn(id, city, on string) map[string]any {
	return map[string]any{"person_name": "王小雨", "id_number": id, "school": "沈阳师范大学", "major": "汉语言文学",
		"education": "bachelor", "graduation_year": 2025, "city": city, "phone": "13912345678", "registered_on": on}
}

func TestGraduateRegister(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			org := env.User("sy_org", models.RoleOrganiser, "沈阳市", 0)
			id := apitest.IDNumber("210102", "20030115", 11)

			// Every bad field at once is named, and nothing is written.
			before := apitest.Snapshot(t, env.Store)
			resp := env.Do(org, "POST", "/api/v1/graduates", map[string]any{"person_name": " ", "id_number": "210102200301151234",
				"school": "", "education": "primary", "graduation_year": 2031, "city": "北京市", "phone": "12345",
				"registered_on": "2025-07-30"})
			if resp.Code != http.StatusUnprocessableEntity {
				t.Fatalf("bad graduate: %d %s", resp.Code, resp.Body)
			}
			for _, f := range []string{"person_name", "id_number", "school", "education", "graduation_year", "city", "phone", "registered_on"} {
				if resp.ErrorFields()[f] == nil {
					t.Errorf("no error for %s: %s", f, resp.Body)
				}
			}
			early := graduateIn(id, "沈阳市", "2024-12-31")
			if resp := env.Do(org, "POST", "/api/v1/graduates", early); resp.Code != 422 || resp.ErrorFields()["registered_on"] == nil {
				t.Errorf("registered before the graduation year: %d %s", resp.Code, resp.Body)
			}
			if resp := env.Do(org, "POST", "/api/v1/graduates", graduateIn(id, "大连市", "2025-06-01")); resp.Code != http.StatusForbidden {
				t.Errorf("an organiser of 沈阳 registering in 大连: %d", resp.Code)
			}
			if after := apitest.Snapshot(t, env.Store); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Fatalf("refused writes changed the store: %v -> %v", before, after)
			}

			// registered_on defaults to today; the ID number and, in lists, the phone are masked.
			in := graduateIn(id, "沈阳市", "")
			delete(in, "registered_on")
			var g models.Graduate
			resp = env.Must(http.StatusCreated, org, "POST", "/api/v1/graduates", in)
			resp.Decode(t, &g)
			if g.RegisteredOn.String() != "2025-06-30" || g.Status != models.GraduateRegistered || g.IDMasked != "2101**********"+id[14:] ||
				!g.WantsJob || g.Services1131 {
				t.Errorf("created: %+v", g)
			}
			if strings.Contains(string(resp.Body), id) {
				t.Errorf("the raw ID number is answered")
			}
			l := listGraduates(t, env, org, "year=2025")
			if l.Total != 1 || l.Items[0].Phone != "139****5678" {
				t.Errorf("list: %+v", l)
			}
			if d := getGraduate(t, env, org, g.ID); d.Phone != "13912345678" || len(d.Contacts) != 0 || d.Placement != nil {
				t.Errorf("detail: %+v", d)
			}
			// The same person again for 2025 is a conflict naming the record; for 2024 it is not.
			resp = env.Do(org, "POST", "/api/v1/graduates", graduateIn(id, "沈阳市", "2025-06-02"))
			if resp.Code != http.StatusConflict || resp.JSON()["error"].(map[string]any)["id"] != float64(g.ID) {
				t.Errorf("duplicate: %d %s", resp.Code, resp.Body)
			}
			other := graduateIn(id, "沈阳市", "2024-08-01")
			other["graduation_year"] = 2024
			env.Must(http.StatusCreated, org, "POST", "/api/v1/graduates", other)
			// A search by the full ID number finds both years; by name, all words must match.
			if l := listGraduates(t, env, org, "q="+id); l.Total != 2 {
				t.Errorf("by ID number: %d", l.Total)
			}
			if l := listGraduates(t, env, org, "q="+url.QueryEscape("王 雨")); l.Total != 2 {
				t.Errorf("by name words: %d", l.Total)
			}
			if l := listGraduates(t, env, org, "q="+url.QueryEscape("王 风")); l.Total != 0 {
				t.Errorf("by a word no name has: %d", l.Total)
			}
			var audit struct {
				Items []struct {
					Changes map[string]map[string]any `json:"changes"`
				} `json:"items"`
			}
			env.Must(http.StatusOK, env.Admin(), "GET", "/api/v1/audit?record_type=graduate", nil).Decode(t, &audit)
			if len(audit.Items) != 2 || audit.Items[0].Changes["phone"]["new"] != "139****5678" || audit.Items[0].Changes["person_name"]["new"] != "王**" {
				t.Errorf("the audit log keeps personal data masked: %+v", audit.Items)
			}
			noDrift(t, env)
		})
	}
}

// TestGraduateStatus follows one graduate through contacts, services and a
// placement, and checks the status order and the 1131 badge.
func TestGraduateStatus(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			admin := env.Admin()
			org := env.User("sy_org", models.RoleOrganiser, "沈阳市", 0)
			org2 := env.User("dl_org", models.RoleOrganiser, "大连市", 0)
			employer := env.Employer("沈阳科技公司", "沈阳市")
			var job models.Job
			env.Must(http.StatusCreated, admin, "POST", "/api/v1/jobs", map[string]any{"employer_id": employer, "title": "软件测试工程师",
				"city": "沈阳市", "headcount": 3, "for_graduates": true, "posted_on": "2025-06-01"}).Decode(t, &job)
			id := apitest.IDNumber("210102", "20030220", 21)
			gid := apitest.ID(t, env.Must(http.StatusCreated, org, "POST", "/api/v1/graduates", graduateIn(id, "沈阳市", "2025-06-05")))
			path := fmt.Sprintf("/api/v1/graduates/%d", gid)
			status := func(want string, want1131 bool) {
				t.Helper()
				g := getGraduate(t, env, org, gid)
				if g.Status != want || g.Services1131 != want1131 {
					t.Errorf("status %s/%v, want %s/%v: %+v", g.Status, g.Services1131, want, want1131, g.Graduate)
				}
			}

			// Bad contacts and services change nothing.
			for _, c := range []struct {
				path   string
				body   map[string]any
				fields []string
			}{
				{"/contacts", map[string]any{"on": "2025-06-04", "channel": "phone", "reached": true}, []string{"on"}},
				{"/contacts", map[string]any{"on": "2025-07-01", "channel": "pigeon"}, []string{"on", "channel", "reached"}},
				{"/services", map[string]any{"on": "2025-06-10", "kind": "job_referral"}, []string{"job_id"}},
				{"/services", map[string]any{"on": "2025-06-10", "kind": "policy", "job_id": job.ID}, []string{"job_id"}},
				{"/services", map[string]any{"on": "2025-06-10", "kind": "job_referral", "job_id": 999999}, []string{"job_id"}},
				{"/services", map[string]any{"on": "", "kind": "massage"}, []string{"on", "kind"}},
			} {
				resp := env.Do(org, "POST", path+c.path, c.body)
				if resp.Code != http.StatusUnprocessableEntity {
					t.Errorf("%s %v: %d %s", c.path, c.body, resp.Code, resp.Body)
					continue
				}
				for _, f := range c.fields {
					if resp.ErrorFields()[f] == nil {
						t.Errorf("%s %v: no error for %s: %s", c.path, c.body, f, resp.Body)
					}
				}
			}
			if resp := env.Do(org2, "POST", path+"/contacts", map[string]any{"on": "2025-06-06", "channel": "phone", "reached": true}); resp.Code != http.StatusNotFound {
				t.Errorf("another city's organiser: %d", resp.Code)
			}
			status(models.GraduateRegistered, false)

			// A contact that did not reach the graduate is logged but changes nothing.
			env.Must(http.StatusCreated, org, "POST", path+"/contacts", map[string]any{"on": "2025-06-06", "channel": "phone", "reached": false})
			status(models.GraduateRegistered, false)
			var c models.GraduateContact
			env.Must(http.StatusCreated, org, "POST", path+"/contacts", map[string]any{"on": "2025-06-08", "channel": "visit", "reached": true, "note": "已上门"}).Decode(t, &c)
			if c.CreatedByName != "sy_org" || c.Note != "已上门" || !c.Reached {
				t.Errorf("contact: %+v", c)
			}
			status(models.GraduateFollowedUp, false)

			service := func(kind string, job any) {
				t.Helper()
				env.Must(http.StatusCreated, org, "POST", path+"/services", map[string]any{"on": "2025-06-10", "kind": kind, "job_id": job})
			}
			service(models.ServicePolicy, nil)
			status(models.GraduateServed, false)
			service(models.ServiceGuidance, nil)
			service(models.ServiceJobReferral, job.ID)
			service(models.ServiceJobReferral, job.ID)
			service(models.ServiceInternship, nil)
			status(models.GraduateServed, false) // two referrals of three
			service(models.ServiceJobReferral, job.ID)
			status(models.GraduateServed, true)
			g := getGraduate(t, env, org, gid)
			if g.ServiceCounts != (models.ServiceCounts{Policy: 1, Guidance: 1, JobReferral: 3, Internship: 1}) ||
				g.ContactsCount != 2 || g.FirstReachedOn.String() != "2025-06-08" || g.LastContactOn.String() != "2025-06-08" ||
				len(g.Services) != 6 || g.Services[2].JobTitle != "软件测试工程师" || len(g.Contacts) != 2 {
				t.Errorf("detail: %+v", g)
			}

			// A placement of the same person before the registration does not count; one after does,
			// and its removal takes the employment back.
			placement := func(on string) int64 {
				t.Helper()
				return apitest.ID(t, env.Must(http.StatusCreated, admin, "POST", "/api/v1/placements", map[string]any{
					"person_name": "王小雨", "id_number": id, "groups": []string{"graduate"}, "employer_id": employer,
					"city": "沈阳市", "placed_on": on}))
			}
			early := placement("2024-12-20")
			status(models.GraduateServed, true)
			env.Must(http.StatusNoContent, admin, "DELETE", fmt.Sprintf("/api/v1/placements/%d", early), nil)
			later := placement("2025-06-20")
			g = getGraduate(t, env, org, gid)
			if g.Status != models.GraduateEmployed || g.EmployedOn.String() != "2025-06-20" || g.Placement == nil || g.Placement.ID != later {
				t.Errorf("employed: %+v %+v", g.Graduate, g.Placement)
			}
			if l := listGraduates(t, env, org, "status=employed"); l.Total != 1 {
				t.Errorf("employed graduates: %d", l.Total)
			}
			env.Must(http.StatusNoContent, admin, "DELETE", fmt.Sprintf("/api/v1/placements/%d", later), nil)
			status(models.GraduateServed, true)
			noDrift(t, env)

			// Removing the graduate takes its logs with it.
			env.Must(http.StatusNoContent, org, "DELETE", path, nil)
			for _, table := range []string{"graduates", "graduate_contacts", "graduate_services"} {
				if n := apitest.Count(t, env.Store, table); n != 0 {
					t.Errorf("%s after the delete: %d", table, n)
				}
			}
			noDrift(t, env)
		})
	}
}

// TestGraduateRates checks the three computed rates against a count by hand.
func TestGraduateRates(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			admin := env.Admin()
			employer := env.Employer("沈阳科技公司", "沈阳市")
			// 沈阳: five graduates, two of them needy and wanting a job; 大连: one.
			type grad struct {
				city, on       string
				needy, wants   bool
				reachedOn      string
				servedOn       string
				placedOn       string
				registeredYear int
			}
			grads := []grad{
				{city: "沈阳市", on: "2025-03-01", reachedOn: "2025-03-05", servedOn: "2025-04-01"},
				{city: "沈阳市", on: "2025-03-02", reachedOn: "2025-06-20"},
				{city: "沈阳市", on: "2025-05-10", needy: true, wants: true, reachedOn: "2025-05-11", servedOn: "2025-05-12", placedOn: "2025-06-01"},
				{city: "沈阳市", on: "2025-05-11", needy: true, wants: true},
				{city: "沈阳市", on: "2025-06-01", needy: true, wants: false},
				{city: "大连市", on: "2025-04-01", reachedOn: "2025-04-02"},
			}
			for i, gr := range grads {
				id := apitest.IDNumber("210102", "20020101", 100+i)
				in := graduateIn(id, gr.city, gr.on)
				in["needy_family"], in["wants_job"] = gr.needy, gr.wants || !gr.needy
				gid := apitest.ID(t, env.Must(http.StatusCreated, admin, "POST", "/api/v1/graduates", in))
				if gr.reachedOn != "" {
					env.Must(http.StatusCreated, admin, "POST", fmt.Sprintf("/api/v1/graduates/%d/contacts", gid),
						map[string]any{"on": gr.reachedOn, "channel": "phone", "reached": true})
				}
				if gr.servedOn != "" {
					env.Must(http.StatusCreated, admin, "POST", fmt.Sprintf("/api/v1/graduates/%d/services", gid),
						map[string]any{"on": gr.servedOn, "kind": "guidance"})
				}
				if gr.placedOn != "" {
					env.Must(http.StatusCreated, admin, "POST", "/api/v1/placements", map[string]any{"person_name": "王小雨",
						"id_number": id, "employer_id": employer, "city": gr.city, "placed_on": gr.placedOn})
				}
			}
			// A graduate of 2024 registered in 2025 belongs to 2024's figures, not 2025's.
			old := graduateIn(apitest.IDNumber("210102", "20010101", 7), "沈阳市", "2025-02-01")
			old["graduation_year"] = 2024
			env.Must(http.StatusCreated, admin, "POST", "/api/v1/graduates", old)

			rate := func(query, code string) map[string]any {
				t.Helper()
				return getRollup(t, env, admin, query).goal(t, code)
			}
			// Province, as of today (2025-06-30): 6 graduates, 4 reached, 2 served; needy wanting 2, 1 employed.
			expect(t, "followup", rate("year=2025", "graduate_followup_rate"),
				map[string]any{"actual": 66.67, "target": 100, "status": "behind", "kind": "rate", "unit": "%", "source": "computed"})
			expect(t, "service", rate("year=2025", "graduate_service_rate"), map[string]any{"actual": 33.33})
			expect(t, "needy", rate("year=2025", "needy_family_graduate_employment_rate"), map[string]any{"actual": 50,
				"records": "/api/v1/graduates?year=2025&to=2025-06-30&needy_family=true&wants_job=true"})
			// 沈阳 alone: 5 graduates, 3 reached.
			expect(t, "沈阳 followup", rate("year=2025&city=沈阳市", "graduate_followup_rate"), map[string]any{"actual": 60,
				"records": "/api/v1/graduates?year=2025&to=2025-06-30&city=沈阳市"})
			// As of 31 May: 4 graduates registered (3 in 沈阳, 1 in 大连), 3 reached by then; no needy employed yet.
			expect(t, "followup on 31 May", rate("year=2025&as_of=2025-05-31", "graduate_followup_rate"), map[string]any{"actual": 60})
			expect(t, "needy on 31 May", rate("year=2025&as_of=2025-05-31", "needy_family_graduate_employment_rate"), map[string]any{"actual": 0})
			// 2024: one graduate, registered in 2025, after the year's end: none counted yet.
			expect(t, "2024", rate("year=2024", "graduate_followup_rate"), map[string]any{"actual": nil, "status": "no_data"})

			// The breakdowns agree.
			var cities struct {
				Items []struct {
					City   string   `json:"city"`
					Actual *float64 `json:"actual"`
				} `json:"items"`
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup/cities?year=2025&goal=graduate_followup_rate", nil).Decode(t, &cities)
			got := map[string]any{}
			for _, it := range cities.Items {
				if it.Actual != nil {
					got[it.City] = *it.Actual
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(map[string]any{"沈阳市": 60.0, "大连市": 100.0}) {
				t.Errorf("by city: %v", got)
			}
			var months struct {
				Items []struct {
					Month      string   `json:"month"`
					Cumulative *float64 `json:"cumulative"`
				} `json:"items"`
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup/months?year=2025&goal=graduate_followup_rate", nil).Decode(t, &months)
			cum := map[string]float64{}
			for _, it := range months.Items {
				if it.Cumulative != nil {
					cum[it.Month] = *it.Cumulative
				}
			}
			// March: 2 registered, 1 reached; April: 3, 2; May: 5, 3; June: 6, 4.
			want := map[string]float64{"2025-03": 50, "2025-04": 66.67, "2025-05": 60, "2025-06": 66.67}
			if fmt.Sprint(cum) != fmt.Sprint(want) {
				t.Errorf("by month: %v, want %v", cum, want)
			}
			// The records behind the needy rate are the needy graduates wanting a job.
			if l := listGraduates(t, env, admin, "year=2025&needy_family=true&wants_job=true"); l.Total != 2 {
				t.Errorf("needy graduates wanting a job: %d", l.Total)
			}
			// The Excel report carries the rates.
			if resp := env.Do(admin, "GET", "/api/v1/rollup/export.xlsx?year=2025", nil); resp.Code != http.StatusOK {
				t.Errorf("export: %d", resp.Code)
			}
			noDrift(t, env)
		})
	}
}

// TestGraduateScopeAndClosedMonths: a city official reads only its city, and
// a contact in a submitted month is refused.
func TestGraduateScopeAndClosedMonths(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			admin := env.Admin()
			official := env.User("sy_off", models.RoleOfficial, "沈阳市", 0)
			sy := apitest.ID(t, env.Must(http.StatusCreated, admin, "POST", "/api/v1/graduates",
				graduateIn(apitest.IDNumber("210102", "20020101", 1), "沈阳市", "2025-05-03")))
			dl := apitest.ID(t, env.Must(http.StatusCreated, admin, "POST", "/api/v1/graduates",
				graduateIn(apitest.IDNumber("210202", "20020101", 2), "大连市", "2025-05-04")))
			if l := listGraduates(t, env, official, ""); l.Total != 1 || l.Items[0].ID != sy {
				t.Errorf("a city official's list: %+v", l)
			}
			if resp := env.Do(official, "GET", "/api/v1/graduates?city=大连市", nil); resp.Code != http.StatusForbidden {
				t.Errorf("another city's list: %d", resp.Code)
			}
			if resp := env.Do(official, "GET", fmt.Sprintf("/api/v1/graduates/%d", dl), nil); resp.Code != http.StatusNotFound {
				t.Errorf("another city's graduate: %d", resp.Code)
			}
			if resp := env.Do(official, "POST", fmt.Sprintf("/api/v1/graduates/%d/contacts", sy),
				map[string]any{"on": "2025-05-05", "channel": "phone", "reached": true}); resp.Code != http.StatusForbidden {
				t.Errorf("an official writing: %d", resp.Code)
			}
			var attention models.GraduateAttention
			env.Must(http.StatusOK, official, "GET", "/api/v1/graduates/attention?year=2025", nil).Decode(t, &attention)
			if attention != (models.GraduateAttention{Unreached: 1, NeedyUnemployed: 0, Incomplete1131: 1}) {
				t.Errorf("attention: %+v", attention)
			}
			if l := listGraduates(t, env, official, "attention=unreached"); l.Total != 1 {
				t.Errorf("unreached: %d", l.Total)
			}

			// 沈阳's May is submitted: a contact dated in May is refused, one in June is not.
			env.Must(http.StatusOK, admin, "POST", "/api/v1/periods/2025-05/submit", map[string]any{"city": "沈阳市"})
			resp := env.Do(admin, "POST", fmt.Sprintf("/api/v1/graduates/%d/contacts", sy), map[string]any{"on": "2025-05-20", "channel": "phone", "reached": true})
			if resp.Code != http.StatusConflict || resp.ErrorCode() != "period_closed" || resp.ErrorFields()["on"] == nil {
				t.Errorf("a contact in a submitted month: %d %s", resp.Code, resp.Body)
			}
			env.Must(http.StatusCreated, admin, "POST", fmt.Sprintf("/api/v1/graduates/%d/contacts", sy), map[string]any{"on": "2025-06-02", "channel": "phone", "reached": true})
			if resp := env.Do(admin, "DELETE", fmt.Sprintf("/api/v1/graduates/%d", sy), nil); resp.Code != http.StatusConflict {
				t.Errorf("deleting a graduate counted in a submitted month: %d", resp.Code)
			}
			if resp := env.Do(admin, "POST", "/api/v1/graduates", graduateIn(apitest.IDNumber("210102", "20020101", 3), "沈阳市", "2025-05-06")); resp.Code != http.StatusConflict {
				t.Errorf("registering in a submitted month: %d", resp.Code)
			}
			noDrift(t, env)
		})
	}
}

func TestGraduateImport(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			org := env.User("sy_org", models.RoleOrganiser, "沈阳市", 0)
			a, b := apitest.IDNumber("210102", "20020101", 31), apitest.IDNumber("210102", "20020101", 32)
			header := "姓名,身份证号,毕业院校,专业,学历,毕业年份,城市,手机号,困难家庭,有就业意愿,登记日期\n"
			bad := header +
				"赵一," + a + ",东北大学,机械,本科,2025,沈阳市,13800000001,是,是,2025-06-01\n" +
				"钱二,210102200201011234,东北大学,机械,小学,二零二五,沈阳市,123,也许,是,2025-06-01\n" +
				"孙三," + a + ",东北大学,机械,硕士,2025,沈阳市,,否,,2025-06-02\n" +
				"李四," + b + ",大连理工大学,化工,博士,2025,大连市,,否,否,2025-06-03\n"
			before := apitest.Snapshot(t, env.Store)
			resp := upload(env, org, "/api/v1/graduates/import", "graduates.csv", []byte(bad))
			if resp.Code != http.StatusUnprocessableEntity {
				t.Fatalf("bad import: %d %s", resp.Code, resp.Body)
			}
			rows := map[float64]map[string]any{}
			for _, r := range resp.JSON()["error"].(map[string]any)["rows"].([]any) {
				row := r.(map[string]any)
				rows[row["row"].(float64)] = row["fields"].(map[string]any)
			}
			for row, fields := range map[float64][]string{3: {"id_number", "education", "graduation_year", "phone", "needy_family"}, 4: {"id_number"}, 5: {"city"}} {
				for _, f := range fields {
					if rows[row][f] == nil {
						t.Errorf("row %v: no error for %s: %v", row, f, rows[row])
					}
				}
			}
			if rows[2] != nil {
				t.Errorf("a good row reported: %v", rows[2])
			}
			if after := apitest.Snapshot(t, env.Store); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Fatalf("a refused import wrote: %v -> %v", before, after)
			}

			good := header + "赵一," + a + ",东北大学,机械,本科,2025,沈阳市,13800000001,是,是,2025-06-01\n" +
				"孙三," + b + ",东北大学,机械,硕士研究生,2025,沈阳市,,否,,\n"
			resp = upload(env, org, "/api/v1/graduates/import", "graduates.csv", []byte(good))
			if resp.Code != http.StatusCreated || resp.JSON()["imported"] != float64(2) {
				t.Fatalf("import: %d %s", resp.Code, resp.Body)
			}
			l := listGraduates(t, env, org, "year=2025")
			if l.Total != 2 {
				t.Fatalf("imported: %+v", l)
			}
			for _, g := range l.Items {
				switch g.PersonName {
				case "赵一":
					if !g.NeedyFamily || !g.WantsJob || g.Phone != "138****0001" || g.RegisteredOn.String() != "2025-06-01" {
						t.Errorf("赵一: %+v", g)
					}
				case "孙三":
					if g.Education != "master" || !g.WantsJob || g.RegisteredOn.String() != "2025-06-30" {
						t.Errorf("孙三: %+v", g)
					}
				}
			}
			// Importing the same list again: every row is a duplicate.
			if resp := upload(env, org, "/api/v1/graduates/import", "graduates.csv", []byte(good)); resp.Code != http.StatusUnprocessableEntity {
				t.Errorf("the same list twice: %d %s", resp.Code, resp.Body)
			}
			for _, p := range []string{"/api/v1/graduates/template.xlsx", "/api/v1/graduates/template.csv"} {
				if resp := env.Do(org, "GET", p, nil); resp.Code != http.StatusOK || len(resp.Body) == 0 {
					t.Errorf("%s: %d", p, resp.Code)
				}
			}
			noDrift(t, env)
		})
	}
}

// TestGraduatePurge: clearing the personal data of older graduation years
// keeps their rates, and leaves the later years alone.
func TestGraduatePurge(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			env := apitest.New(t, dialect)
			admin := env.Admin()
			employer := env.Employer("沈阳科技公司", "沈阳市")
			oldID := apitest.IDNumber("210102", "20000101", 5)
			old := graduateIn(oldID, "沈阳市", "2023-07-01")
			old["graduation_year"], old["needy_family"] = 2023, true
			oldG := apitest.ID(t, env.Must(http.StatusCreated, admin, "POST", "/api/v1/graduates", old))
			env.Must(http.StatusCreated, admin, "POST", fmt.Sprintf("/api/v1/graduates/%d/contacts", oldG),
				map[string]any{"on": "2023-07-03", "channel": "phone", "reached": true, "note": "本人在家，手机13912345678"})
			env.Must(http.StatusCreated, admin, "POST", "/api/v1/placements", map[string]any{"person_name": "王小雨",
				"id_number": oldID, "employer_id": employer, "city": "沈阳市", "placed_on": "2023-09-01"})
			newID := apitest.IDNumber("210102", "20030101", 6)
			newG := apitest.ID(t, env.Must(http.StatusCreated, admin, "POST", "/api/v1/graduates", graduateIn(newID, "沈阳市", "2025-06-01")))
			before := fmt.Sprint(getRollup(t, env, admin, "year=2023").Goals)

			ctx := t.Context()
			if n, err := env.Store.PurgeGraduates(ctx, 2024, true); err != nil || n != 1 {
				t.Fatalf("dry run: %d %v", n, err)
			}
			if g := getGraduate(t, env, admin, oldG); g.PersonName != "王小雨" {
				t.Fatalf("a dry run changed the graduate: %+v", g.Graduate)
			}
			if n, err := env.Store.PurgeGraduates(ctx, 2024, false); err != nil || n != 1 {
				t.Fatalf("purge: %d %v", n, err)
			}
			g := getGraduate(t, env, admin, oldG)
			if g.PersonName != "（已清除）" || g.Phone != "" || g.IDMasked != "" || g.Contacts[0].Note != "" ||
				g.Status != models.GraduateEmployed || g.EmployedOn.String() != "2023-09-01" {
				t.Errorf("purged: %+v %+v", g.Graduate, g.Contacts)
			}
			if l := listGraduates(t, env, admin, "q="+oldID); l.Total != 0 {
				t.Errorf("the ID number still finds the purged graduate")
			}
			if after := fmt.Sprint(getRollup(t, env, admin, "year=2023").Goals); after != before {
				t.Errorf("2023's figures changed:\n%s\n%s", before, after)
			}
			if g := getGraduate(t, env, admin, newG); g.PersonName != "王小雨" || g.Phone != "13912345678" {
				t.Errorf("a later graduate was touched: %+v", g.Graduate)
			}
			if n, err := env.Store.PurgeGraduates(ctx, 2024, false); err != nil || n != 0 {
				t.Errorf("a second purge: %d %v", n, err)
			}
			noDrift(t, env)
		})
	}
}
