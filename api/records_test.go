package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"jobfair/api/apitest"
	"jobfair/models"
)

// onBoth runs fn on a fresh router and database of each dialect.
func onBoth(t *testing.T, fn func(t *testing.T, w *recWorld)) {
	t.Helper()
	onBothAt(t, time.Time{}, fn)
}

// onBothAt is onBoth with the clock set to at (zero: apitest's default)
// before anyone logs in.
func onBothAt(t *testing.T, at time.Time, fn func(t *testing.T, w *recWorld)) {
	t.Helper()
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			e := apitest.New(t, d)
			if !at.IsZero() {
				e.Clock.T = at
			}
			fn(t, newRecWorld(t, e))
		})
	}
}

// recWorld is a router on a fresh database with the users and employers most
// record tests need.
type recWorld struct {
	*apitest.Env
	admin  string // token of admin
	org    string // a province-wide organiser
	emp    int64  // an employer in 沈阳市
	emp2   int64  // an employer in 大连市
	empTok string // the user of emp
}

func newRecWorld(t *testing.T, e *apitest.Env) *recWorld {
	t.Helper()
	w := &recWorld{Env: e, admin: e.Admin()}
	w.org = e.User("organiser1", models.RoleOrganiser, "", 0)
	w.emp = e.Employer("沈阳重型机械有限公司", "沈阳市")
	w.emp2 = e.Employer("大连港湾物流有限公司", "大连市")
	w.empTok = e.User("employer1", models.RoleEmployer, "", w.emp)
	return w
}

// fairInput is a valid new fair starting on day (YYYY-MM-DD) at 09:00 in Shanghai.
func fairInput(title, city, day string, programmes ...string) map[string]any {
	return map[string]any{"title": title, "city": city, "venue": "会展中心", "mode": "onsite",
		"starts_at": day + "T09:00:00+08:00", "ends_at": day + "T16:00:00+08:00", "programmes": programmes}
}

func (w *recWorld) fair(t *testing.T, title, city, day string, programmes ...string) int64 {
	t.Helper()
	return apitest.ID(t, w.Must(http.StatusCreated, w.org, "POST", "/api/v1/fairs", fairInput(title, city, day, programmes...)))
}

func (w *recWorld) holdFair(t *testing.T, id int64) {
	t.Helper()
	w.Must(http.StatusOK, w.org, "PATCH", fmt.Sprintf("/api/v1/fairs/%d", id),
		map[string]any{"status": "held", "visitors": 100, "employers_attended": 10, "posts_offered": 300, "intents": 40})
}

func (w *recWorld) job(t *testing.T, employerID int64, title, postedOn string, headcount int) int64 {
	t.Helper()
	return apitest.ID(t, w.Must(http.StatusCreated, w.admin, "POST", "/api/v1/jobs",
		map[string]any{"employer_id": employerID, "title": title, "headcount": headcount, "posted_on": postedOn}))
}

func placementInput(name, idNumber string, employerID int64, city, placedOn string, groups ...string) map[string]any {
	if groups == nil {
		groups = []string{}
	}
	return map[string]any{"person_name": name, "id_number": idNumber, "groups": groups,
		"employer_id": employerID, "city": city, "placed_on": placedOn}
}

func (w *recWorld) placement(t *testing.T, body map[string]any) int64 {
	t.Helper()
	return apitest.ID(t, w.Must(http.StatusCreated, w.org, "POST", "/api/v1/placements", body))
}

// checkTallies fails when the tallies differ from a recount of the records.
func checkTallies(t *testing.T, e *apitest.Env) {
	t.Helper()
	drift, err := e.Store.Verify(t.Context())
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if len(drift) > 0 {
		t.Errorf("tallies drift from the records: %+v", drift)
	}
}

// listPage is a decoded list answer.
type listPage struct {
	Items    []map[string]any `json:"items"`
	Total    int              `json:"total"`
	Page     int              `json:"page"`
	PageSize int              `json:"page_size"`
}

func (p listPage) ids() []int64 {
	out := make([]int64, 0, len(p.Items))
	for _, it := range p.Items {
		v, _ := it["id"].(float64)
		out = append(out, int64(v))
	}
	return out
}

func getList(t *testing.T, e *apitest.Env, token, url string) listPage {
	t.Helper()
	var p listPage
	e.Must(http.StatusOK, token, "GET", url, nil).Decode(t, &p)
	if p.Items == nil {
		t.Fatalf("GET %s: no items array", url)
	}
	if p.Total < len(p.Items) {
		t.Fatalf("GET %s: total %d below %d items", url, p.Total, len(p.Items))
	}
	return p
}

// wantListIDs checks a list's ids, in order.
func wantListIDs(t *testing.T, e *apitest.Env, token, url string, want ...int64) listPage {
	t.Helper()
	p := getList(t, e, token, url)
	if want == nil {
		want = []int64{}
	}
	if got := p.ids(); !slices.Equal(got, want) || p.Total != len(want) {
		t.Errorf("GET %s: ids %v (total %d), want %v", url, got, p.Total, want)
	}
	return p
}

// rejected is a call that must fail, name its bad fields and change nothing.
type rejected struct {
	name   string
	token  string
	method string
	path   string
	body   any
	status int
	code   string
	// fields must each be named in error.fields (a name ending in "*" is a prefix).
	fields []string
	// id, when set, is the error.id a conflict must name.
	id int64
	// absent must not appear anywhere in the answer.
	absent string
}

var hanRune = regexp.MustCompile(`\p{Han}`)

// dbState is everything a rejected call must leave as it was.
func dbState(t *testing.T, e *apitest.Env) map[string]int64 {
	t.Helper()
	s := apitest.Snapshot(t, e.Store)
	s["audit_log"] = apitest.Count(t, e.Store, "audit_log")
	db, err := e.Store.SQLDB()
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	if err := db.QueryRow("SELECT COALESCE(SUM(n), 0) FROM tallies").Scan(&sum); err != nil {
		t.Fatal(err)
	}
	s["tallies.sum"] = sum
	return s
}

func checkRejected(t *testing.T, w *recWorld, cases []rejected) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := dbState(t, w.Env)
			viewBefore := w.Do(w.admin, "GET", c.path, nil)
			r := w.Do(c.token, c.method, c.path, c.body)
			if r.Code != c.status || r.ErrorCode() != c.code {
				t.Fatalf("%s %s: %d %q, want %d %q: %s", c.method, c.path, r.Code, r.ErrorCode(), c.status, c.code, r.Body)
			}
			env, _ := r.JSON()["error"].(map[string]any)
			if msg, _ := env["message"].(string); !hanRune.MatchString(msg) {
				t.Errorf("message %q is not in Chinese", msg)
			}
			fields := r.ErrorFields()
			for _, want := range c.fields {
				key, ok := namedField(fields, want)
				if !ok {
					t.Errorf("field %s not named: %s", want, r.Body)
					continue
				}
				msg, _ := fields[key].(string)
				if !hanRune.MatchString(msg) {
					t.Errorf("field %s: message %q is not in Chinese", key, msg)
				}
				if c.status == http.StatusUnprocessableEntity && strings.Contains(msg, strings.TrimSuffix(want, "*")) {
					t.Errorf("field %s: message %q shows the JSON name instead of the Chinese one", key, msg)
				}
			}
			if c.id != 0 {
				if got, _ := env["id"].(float64); int64(got) != c.id {
					t.Errorf("error.id %v, want %d: %s", env["id"], c.id, r.Body)
				}
			}
			if c.absent != "" && bytes.Contains(bytes.ToUpper(r.Body), []byte(strings.ToUpper(c.absent))) {
				t.Errorf("answer contains %q: %s", c.absent, r.Body)
			}
			if after := dbState(t, w.Env); !mapsEqual(before, after) {
				t.Errorf("database changed: %v -> %v", before, after)
			}
			if viewAfter := w.Do(w.admin, "GET", c.path, nil); viewAfter.Code != viewBefore.Code || !bytes.Equal(viewAfter.Body, viewBefore.Body) {
				t.Errorf("GET %s changed:\n%s\n%s", c.path, viewBefore.Body, viewAfter.Body)
			}
		})
	}
}

func namedField(fields map[string]any, want string) (string, bool) {
	if p, ok := strings.CutSuffix(want, "*"); ok {
		for k := range fields {
			if strings.HasPrefix(k, p) {
				return k, true
			}
		}
		return "", false
	}
	_, ok := fields[want]
	return want, ok
}

func mapsEqual(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func pathf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func TestReferenceLists(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		cities := []string{"沈阳市", "大连市", "鞍山市", "抚顺市", "本溪市", "丹东市", "锦州市", "营口市", "阜新市",
			"辽阳市", "盘锦市", "铁岭市", "朝阳市", "葫芦岛市"}
		for _, prefix := range []string{"/api/v1", "/api/v1/public"} {
			token := w.empTok
			if strings.HasSuffix(prefix, "public") {
				token = ""
			}
			var got struct {
				Items []struct{ Name, Code string }
				Total int
			}
			w.Must(http.StatusOK, token, "GET", prefix+"/cities", nil).Decode(t, &got)
			var names []string
			for _, c := range got.Items {
				names = append(names, c.Name)
				if len(c.Code) != 4 || !strings.HasPrefix(c.Code, "21") {
					t.Errorf("city %s has code %q", c.Name, c.Code)
				}
			}
			if !slices.Equal(names, cities) || got.Total != 14 {
				t.Errorf("%s/cities = %v (total %d)", prefix, names, got.Total)
			}
			for list, want := range map[string][]string{
				"/programmes": {"chunnuan", "graduates", "key_groups", "veterans", "public_service", "new_forms"},
				"/groups":     {"graduate", "rural_migrant", "poverty_alleviated", "reemployed", "hard_to_employ", "veteran", "disabled"},
				"/educations": {"any", "junior_high", "senior_high", "college", "bachelor", "master", "doctor"},
			} {
				var got struct {
					Items []struct{ Code, Name string }
					Total int
				}
				w.Must(http.StatusOK, token, "GET", prefix+list, nil).Decode(t, &got)
				var codes []string
				for _, it := range got.Items {
					codes = append(codes, it.Code)
					if !hanRune.MatchString(it.Name) {
						t.Errorf("%s %s: name %q", list, it.Code, it.Name)
					}
				}
				if !slices.Equal(codes, want) || got.Total != len(want) {
					t.Errorf("%s%s = %v", prefix, list, codes)
				}
			}
		}
		if r := w.Do("", "GET", "/api/v1/cities", nil); r.Code != http.StatusUnauthorized || r.ErrorCode() != "unauthenticated" {
			t.Errorf("anonymous /cities: %d %s", r.Code, r.Body)
		}
	})
}

func TestEmployers(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		code := apitest.CreditCode("鞍山钢铁")
		r := w.Must(http.StatusCreated, w.org, "POST", "/api/v1/employers", map[string]any{
			"name": " 鞍山钢铁集团 ", "credit_code": "  " + strings.ToLower(code) + " ", "city": "鞍山市", "industry": "制造业"})
		var e struct {
			ID                               int64
			Name, CreditCode, City, Industry string
			CreatedAt                        time.Time `json:"created_at"`
		}
		r.Decode(t, &e)
		e.CreditCode = r.JSON()["credit_code"].(string)
		if e.Name != "鞍山钢铁集团" || e.CreditCode != code || e.City != "鞍山市" || e.Industry != "制造业" || e.CreatedAt.IsZero() {
			t.Errorf("created %+v from %s", e, r.Body)
		}
		id := e.ID
		if got := w.Must(http.StatusOK, w.admin, "GET", pathf("/api/v1/employers/%d", id), nil).JSON(); got["name"] != "鞍山钢铁集团" {
			t.Errorf("GET: %v", got)
		}

		// Newest first, paginated, filtered.
		p := wantListIDs(t, w.Env, w.admin, "/api/v1/employers", id, w.emp2, w.emp)
		if p.Page != 1 || p.PageSize != 50 {
			t.Errorf("page %d size %d", p.Page, p.PageSize)
		}
		p = getList(t, w.Env, w.admin, "/api/v1/employers?page=2&page_size=1")
		if !slices.Equal(p.ids(), []int64{w.emp2}) || p.Total != 3 || p.Page != 2 || p.PageSize != 1 {
			t.Errorf("page 2 of 1: %+v", p)
		}
		if p := getList(t, w.Env, w.admin, "/api/v1/employers?page=4&page_size=1"); len(p.Items) != 0 || p.Total != 3 || p.Page != 4 {
			t.Errorf("past the last page: %+v", p)
		}
		wantListIDs(t, w.Env, w.admin, "/api/v1/employers?city=大连市", w.emp2)
		wantListIDs(t, w.Env, w.admin, "/api/v1/employers?q=鞍山", id)
		wantListIDs(t, w.Env, w.admin, "/api/v1/employers?q="+strings.ToLower(code), id)
		wantListIDs(t, w.Env, w.empTok, "/api/v1/employers", w.emp)

		// Edit.
		r = w.Must(http.StatusOK, w.admin, "PATCH", pathf("/api/v1/employers/%d", id), map[string]any{"industry": "冶金", "city": "辽阳市"})
		if got := r.JSON(); got["industry"] != "冶金" || got["city"] != "辽阳市" || got["name"] != "鞍山钢铁集团" || got["credit_code"] != code {
			t.Errorf("PATCH: %s", r.Body)
		}
		w.Must(http.StatusOK, w.empTok, "PATCH", pathf("/api/v1/employers/%d", w.emp), map[string]any{"name": "沈阳重型机械集团"})

		// Records that point to an employer keep it.
		fairID := w.fair(t, "沈阳春季招聘会", "沈阳市", "2025-07-10", "chunnuan")
		w.Must(http.StatusCreated, w.empTok, "POST", pathf("/api/v1/fairs/%d/signups", fairID), map[string]any{})
		withJob := w.Employer("有岗位的单位", "沈阳市")
		w.job(t, withJob, "焊工", "2025-06-01", 3)
		withPlacement := w.Employer("有就业登记的单位", "沈阳市")
		w.placement(t, placementInput("张三", apitest.IDNumber("210102", "1990-01-01", 11), withPlacement, "沈阳市", "2025-06-01"))
		withUser := w.Employer("有账号的单位", "沈阳市")
		w.User("employer2", models.RoleEmployer, "", withUser)

		bad := apitest.CreditCode("坏码")
		badCheck := bad[:17] + string("0123456789ABCDEFGHJKLMNPQRTUWXY"[(strings.IndexByte("0123456789ABCDEFGHJKLMNPQRTUWXY", bad[17])+1)%31])
		checkRejected(t, w, []rejected{
			{name: "every missing field named", token: w.org, method: "POST", path: "/api/v1/employers", body: map[string]any{},
				status: 422, code: "validation_failed", fields: []string{"name", "credit_code", "city"}},
			{name: "bad check character", token: w.org, method: "POST", path: "/api/v1/employers",
				body:   map[string]any{"name": "某公司", "credit_code": badCheck, "city": "沈阳市"},
				status: 422, code: "validation_failed", fields: []string{"credit_code"}},
			{name: "17 characters", token: w.org, method: "POST", path: "/api/v1/employers",
				body:   map[string]any{"name": "某公司", "credit_code": code[:17], "city": "沈阳市"},
				status: 422, code: "validation_failed", fields: []string{"credit_code"}},
			{name: "city outside Liaoning and blank name", token: w.org, method: "POST", path: "/api/v1/employers",
				body:   map[string]any{"name": "  ", "credit_code": apitest.CreditCode("x"), "city": "北京市"},
				status: 422, code: "validation_failed", fields: []string{"name", "city"}},
			{name: "duplicate credit code", token: w.org, method: "POST", path: "/api/v1/employers",
				body:   map[string]any{"name": "另一家", "credit_code": code, "city": "沈阳市"},
				status: 409, code: "conflict", fields: []string{"credit_code"}, id: id},
			{name: "duplicate credit code in lower case", token: w.admin, method: "POST", path: "/api/v1/employers",
				body:   map[string]any{"name": "另一家", "credit_code": strings.ToLower(code), "city": "沈阳市"},
				status: 409, code: "conflict", fields: []string{"credit_code"}},
			{name: "name of wrong type", token: w.org, method: "POST", path: "/api/v1/employers",
				body:   map[string]any{"name": 123, "credit_code": apitest.CreditCode("y"), "city": "沈阳市"},
				status: 400, code: "bad_request", fields: []string{"name"}},
			{name: "patch city outside Liaoning", token: w.admin, method: "PATCH", path: pathf("/api/v1/employers/%d", id),
				body: map[string]any{"city": "北京市", "name": ""}, status: 422, code: "validation_failed", fields: []string{"city", "name"}},
			{name: "patch unknown employer", token: w.admin, method: "PATCH", path: "/api/v1/employers/99999",
				body: map[string]any{"industry": "x"}, status: 404, code: "not_found"},
			{name: "delete unknown employer", token: w.admin, method: "DELETE", path: "/api/v1/employers/99999", status: 404, code: "not_found"},
			{name: "delete employer with jobs", token: w.admin, method: "DELETE", path: pathf("/api/v1/employers/%d", withJob), status: 409, code: "conflict"},
			{name: "delete employer with placements", token: w.admin, method: "DELETE", path: pathf("/api/v1/employers/%d", withPlacement), status: 409, code: "conflict"},
			{name: "delete employer with sign-ups", token: w.admin, method: "DELETE", path: pathf("/api/v1/employers/%d", w.emp), status: 409, code: "conflict"},
			{name: "delete employer with a user", token: w.admin, method: "DELETE", path: pathf("/api/v1/employers/%d", withUser), status: 409, code: "conflict"},
			{name: "get unknown employer", token: w.admin, method: "GET", path: "/api/v1/employers/99999", status: 404, code: "not_found"},
		})

		w.Must(http.StatusNoContent, w.admin, "DELETE", pathf("/api/v1/employers/%d", id), nil)
		w.Must(http.StatusNotFound, w.admin, "GET", pathf("/api/v1/employers/%d", id), nil)
	})
}

func TestFairs(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		r := w.Must(http.StatusCreated, w.org, "POST", "/api/v1/fairs", fairInput("沈阳春季招聘会", "沈阳市", "2025-03-01", "graduates", "chunnuan"))
		var f struct {
			ID                int64
			Title, City, Mode string
			Status            string
			Programmes        []string
			StartsAt          time.Time `json:"starts_at"`
			Visitors          *int
			OrganiserID       *int64         `json:"organiser_id"`
			Signups           map[string]int `json:"signups"`
			PostsOffered      *int           `json:"posts_offered"`
			EmployersAttended *int           `json:"employers_attended"`
			Intents           *int
			Organisation      string
		}
		r.Decode(t, &f)
		if f.Status != "planned" || !slices.Equal(f.Programmes, []string{"chunnuan", "graduates"}) || f.Visitors != nil ||
			f.OrganiserID == nil || f.Signups == nil || f.Signups["pending"] != 0 || f.Organisation != "organiser1机构" ||
			!f.StartsAt.Equal(time.Date(2025, 3, 1, 1, 0, 0, 0, time.UTC)) {
			t.Errorf("created fair: %s", r.Body)
		}
		spring := f.ID
		old := w.fair(t, "大连公共服务专场", "大连市", "2024-05-01", "public_service")
		future := w.fair(t, "新就业形态专场", "沈阳市", "2025-07-10", "new_forms")
		may := w.fair(t, "五月招聘会", "沈阳市", "2025-05-01", "key_groups")

		// Newest first, paginated and filtered.
		wantListIDs(t, w.Env, w.admin, "/api/v1/fairs", future, may, spring, old)
		p := getList(t, w.Env, w.admin, "/api/v1/fairs?page=2&page_size=3")
		if !slices.Equal(p.ids(), []int64{old}) || p.Total != 4 || p.Page != 2 || p.PageSize != 3 {
			t.Errorf("page 2: %+v", p)
		}
		wantListIDs(t, w.Env, w.admin, "/api/v1/fairs?year=2024", old)
		wantListIDs(t, w.Env, w.admin, "/api/v1/fairs?year=2025&city=沈阳市", future, may, spring)
		wantListIDs(t, w.Env, w.admin, "/api/v1/fairs?city=大连市", old)
		wantListIDs(t, w.Env, w.admin, "/api/v1/fairs?programme=chunnuan", spring)
		wantListIDs(t, w.Env, w.admin, "/api/v1/fairs?programme=veterans")
		wantListIDs(t, w.Env, w.admin, "/api/v1/fairs?q=春季", spring)
		// A fair's year is that of its start in Shanghai: 00:30 on 1 January there is still 2024 in UTC.
		newYear := fairInput("元旦招聘会", "抚顺市", "2025-01-01", "chunnuan")
		newYear["starts_at"], newYear["ends_at"] = "2025-01-01T00:30:00+08:00", "2025-01-01T03:00:00+08:00"
		ny := apitest.ID(t, w.Must(http.StatusCreated, w.org, "POST", "/api/v1/fairs", newYear))
		wantListIDs(t, w.Env, w.admin, "/api/v1/fairs?year=2025&city=抚顺市", ny)
		wantListIDs(t, w.Env, w.admin, "/api/v1/fairs?year=2024&city=抚顺市")
		w.holdFair(t, ny)
		// Results of a held fair may be corrected.
		r = w.Must(http.StatusOK, w.org, "PATCH", pathf("/api/v1/fairs/%d", ny), map[string]any{"visitors": 150})
		if got := r.JSON(); got["visitors"] != 150.0 || got["status"] != "held" || got["posts_offered"] != 300.0 {
			t.Errorf("corrected results: %s", r.Body)
		}

		// Status moves.
		r = w.Must(http.StatusOK, w.org, "PATCH", pathf("/api/v1/fairs/%d", spring),
			map[string]any{"status": "held", "visitors": 1000, "employers_attended": 50, "posts_offered": 800, "intents": 120})
		if got := r.JSON(); got["status"] != "held" || got["visitors"] != 1000.0 || got["posts_offered"] != 800.0 || got["intents"] != 120.0 || got["employers_attended"] != 50.0 {
			t.Errorf("held: %s", r.Body)
		}
		w.Must(http.StatusOK, w.org, "PATCH", pathf("/api/v1/fairs/%d", old), map[string]any{"status": "cancelled"})
		r = w.Must(http.StatusOK, w.org, "PATCH", pathf("/api/v1/fairs/%d", future),
			map[string]any{"title": "新就业形态劳动者专场", "programmes": []string{"new_forms", "chunnuan"}, "ends_at": "2025-07-11T12:00:00+08:00"})
		if got := r.JSON(); got["title"] != "新就业形态劳动者专场" || fmt.Sprint(got["programmes"]) != "[chunnuan new_forms]" {
			t.Errorf("edit: %s", r.Body)
		}
		wantListIDs(t, w.Env, w.admin, "/api/v1/fairs?status=held", spring, ny)
		wantListIDs(t, w.Env, w.admin, "/api/v1/fairs?status=cancelled", old)
		wantListIDs(t, w.Env, w.admin, "/api/v1/fairs?status=planned&programme=chunnuan", future)

		withJob := w.fair(t, "有岗位的招聘会", "沈阳市", "2025-04-01", "chunnuan")
		jobBody := map[string]any{"employer_id": w.emp, "title": "钳工", "headcount": 2, "fair_id": withJob}
		w.Must(http.StatusCreated, w.admin, "POST", "/api/v1/jobs", jobBody)
		withPlacement := w.fair(t, "有就业登记的招聘会", "沈阳市", "2025-04-02", "chunnuan")
		pb := placementInput("李四", apitest.IDNumber("210102", "1991-02-03", 22), w.emp, "沈阳市", "2025-04-02")
		pb["fair_id"] = withPlacement
		w.placement(t, pb)
		withSignup := w.fair(t, "有报名的招聘会", "沈阳市", "2025-08-01", "chunnuan")
		w.Must(http.StatusCreated, w.empTok, "POST", pathf("/api/v1/fairs/%d/signups", withSignup), map[string]any{})

		results := map[string]any{"status": "held", "visitors": 1, "employers_attended": 1, "posts_offered": 1, "intents": 1}
		endsBefore := fairInput("倒序时间", "沈阳市", "2025-03-01", "chunnuan")
		endsBefore["ends_at"] = "2025-03-01T08:00:00+08:00"
		withType := func(k string, v any) map[string]any {
			b := fairInput("类型错误", "沈阳市", "2025-03-01", "chunnuan")
			b[k] = v
			return b
		}
		checkRejected(t, w, []rejected{
			{name: "every missing field named", token: w.org, method: "POST", path: "/api/v1/fairs", body: map[string]any{},
				status: 422, code: "validation_failed", fields: []string{"title", "city", "starts_at", "ends_at", "mode", "programmes"}},
			{name: "ends before it starts", token: w.org, method: "POST", path: "/api/v1/fairs", body: endsBefore,
				status: 422, code: "validation_failed", fields: []string{"ends_at"}},
			{name: "unknown programme", token: w.org, method: "POST", path: "/api/v1/fairs", body: fairInput("x", "沈阳市", "2025-03-01", "chunnuan", "x"),
				status: 422, code: "validation_failed", fields: []string{"programmes*"}},
			{name: "no programme", token: w.org, method: "POST", path: "/api/v1/fairs", body: fairInput("x", "沈阳市", "2025-03-01"),
				status: 422, code: "validation_failed", fields: []string{"programmes"}},
			{name: "repeated programme", token: w.org, method: "POST", path: "/api/v1/fairs", body: fairInput("x", "沈阳市", "2025-03-01", "chunnuan", "chunnuan"),
				status: 422, code: "validation_failed", fields: []string{"programmes"}},
			{name: "bad mode, city and times at once", token: w.org, method: "POST", path: "/api/v1/fairs",
				body:   map[string]any{"title": "x", "city": "北京市", "mode": "hybrid", "starts_at": "2025-03-01", "ends_at": "明天", "programmes": []string{"chunnuan"}},
				status: 422, code: "validation_failed", fields: []string{"city", "mode", "starts_at", "ends_at"}},
			{name: "programmes not an array", token: w.org, method: "POST", path: "/api/v1/fairs", body: withType("programmes", "chunnuan"),
				status: 400, code: "bad_request", fields: []string{"programmes"}},
			{name: "title not a string", token: w.org, method: "POST", path: "/api/v1/fairs", body: withType("title", []int{1}),
				status: 400, code: "bad_request", fields: []string{"title"}},
			{name: "held to cancelled", token: w.org, method: "PATCH", path: pathf("/api/v1/fairs/%d", spring),
				body: map[string]any{"status": "cancelled"}, status: 409, code: "conflict"},
			{name: "held to planned", token: w.org, method: "PATCH", path: pathf("/api/v1/fairs/%d", spring),
				body: map[string]any{"status": "planned"}, status: 409, code: "conflict"},
			{name: "cancelled to held", token: w.org, method: "PATCH", path: pathf("/api/v1/fairs/%d", old),
				body: results, status: 409, code: "conflict"},
			{name: "cancelled to planned", token: w.admin, method: "PATCH", path: pathf("/api/v1/fairs/%d", old),
				body: map[string]any{"status": "planned"}, status: 409, code: "conflict"},
			{name: "negative results", token: w.org, method: "PATCH", path: pathf("/api/v1/fairs/%d", may),
				body:   map[string]any{"status": "held", "visitors": -1, "employers_attended": 3, "posts_offered": -20, "intents": 0},
				status: 422, code: "validation_failed", fields: []string{"visitors", "posts_offered"}},
			{name: "held before it starts", token: w.org, method: "PATCH", path: pathf("/api/v1/fairs/%d", future),
				body: results, status: 422, code: "validation_failed", fields: []string{"status"}},
			{name: "results on a cancellation", token: w.org, method: "PATCH", path: pathf("/api/v1/fairs/%d", may),
				body: map[string]any{"status": "cancelled", "visitors": 3}, status: 422, code: "validation_failed", fields: []string{"status"}},
			{name: "unknown status", token: w.org, method: "PATCH", path: pathf("/api/v1/fairs/%d", may),
				body: map[string]any{"status": "done"}, status: 422, code: "validation_failed", fields: []string{"status"}},
			{name: "patch ends before start", token: w.org, method: "PATCH", path: pathf("/api/v1/fairs/%d", may),
				body: map[string]any{"ends_at": "2025-04-30T10:00:00+08:00"}, status: 422, code: "validation_failed", fields: []string{"ends_at"}},
			{name: "patch empty programmes", token: w.org, method: "PATCH", path: pathf("/api/v1/fairs/%d", may),
				body: map[string]any{"programmes": []string{}}, status: 422, code: "validation_failed", fields: []string{"programmes"}},
			{name: "patch unknown fair", token: w.org, method: "PATCH", path: "/api/v1/fairs/99999",
				body: map[string]any{"title": "x"}, status: 404, code: "not_found"},
			{name: "get unknown fair", token: w.org, method: "GET", path: "/api/v1/fairs/99999", status: 404, code: "not_found"},
			{name: "delete unknown fair", token: w.org, method: "DELETE", path: "/api/v1/fairs/99999", status: 404, code: "not_found"},
			{name: "delete fair with jobs", token: w.org, method: "DELETE", path: pathf("/api/v1/fairs/%d", withJob), status: 409, code: "conflict"},
			{name: "delete fair with placements", token: w.org, method: "DELETE", path: pathf("/api/v1/fairs/%d", withPlacement), status: 409, code: "conflict"},
			{name: "delete fair with sign-ups", token: w.admin, method: "DELETE", path: pathf("/api/v1/fairs/%d", withSignup), status: 409, code: "conflict"},
		})

		w.Must(http.StatusNoContent, w.org, "DELETE", pathf("/api/v1/fairs/%d", spring), nil)
		w.Must(http.StatusNotFound, w.admin, "GET", pathf("/api/v1/fairs/%d", spring), nil)
		checkTallies(t, w.Env)
	})
}

func TestSignupsAndPublicPages(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		planned := w.fair(t, "七月招聘会", "沈阳市", "2025-07-10", "chunnuan")
		held := w.fair(t, "六月招聘会", "沈阳市", "2025-06-01", "chunnuan")
		w.holdFair(t, held)
		cancelled := w.fair(t, "取消的招聘会", "沈阳市", "2025-07-20", "chunnuan")
		w.Must(http.StatusOK, w.org, "PATCH", pathf("/api/v1/fairs/%d", cancelled), map[string]any{"status": "cancelled"})

		r := w.Must(http.StatusCreated, w.empTok, "POST", pathf("/api/v1/fairs/%d/signups", planned), map[string]any{})
		su := r.JSON()
		if su["status"] != "pending" || su["fair_title"] != "七月招聘会" || su["employer_name"] != "沈阳重型机械有限公司" || su["decided_at"] != nil {
			t.Errorf("sign-up: %s", r.Body)
		}
		suID := apitest.ID(t, r)

		checkRejected(t, w, []rejected{
			{name: "duplicate sign-up", token: w.empTok, method: "POST", path: pathf("/api/v1/fairs/%d/signups", planned),
				body: map[string]any{}, status: 409, code: "conflict", id: suID},
			{name: "held fair", token: w.empTok, method: "POST", path: pathf("/api/v1/fairs/%d/signups", held),
				body: map[string]any{}, status: 409, code: "conflict"},
			{name: "cancelled fair", token: w.empTok, method: "POST", path: pathf("/api/v1/fairs/%d/signups", cancelled),
				body: map[string]any{}, status: 409, code: "conflict"},
			{name: "unknown fair", token: w.empTok, method: "POST", path: "/api/v1/fairs/99999/signups",
				body: map[string]any{}, status: 404, code: "not_found"},
			{name: "decide with a bad status", token: w.org, method: "PATCH", path: pathf("/api/v1/fairs/%d/signups/%d", planned, suID),
				body: map[string]any{"status": "maybe"}, status: 422, code: "validation_failed", fields: []string{"status"}},
			{name: "decide on another fair", token: w.org, method: "PATCH", path: pathf("/api/v1/fairs/%d/signups/%d", held, suID),
				body: map[string]any{"status": "approved"}, status: 404, code: "not_found"},
			{name: "list with a bad status", token: w.empTok, method: "GET", path: "/api/v1/signups?status=foo",
				status: 400, code: "bad_request", fields: []string{"status"}},
		})

		wantListIDs(t, w.Env, w.org, pathf("/api/v1/fairs/%d/signups", planned), suID)
		wantListIDs(t, w.Env, w.empTok, "/api/v1/signups", suID)
		wantListIDs(t, w.Env, w.empTok, "/api/v1/signups?status=pending", suID)
		wantListIDs(t, w.Env, w.empTok, "/api/v1/signups?status=approved")

		r = w.Must(http.StatusOK, w.org, "PATCH", pathf("/api/v1/fairs/%d/signups/%d", planned, suID), map[string]any{"status": "approved"})
		if got := r.JSON(); got["status"] != "approved" || got["decided_at"] == nil {
			t.Errorf("decided: %s", r.Body)
		}
		if got := w.Must(http.StatusOK, w.admin, "GET", pathf("/api/v1/fairs/%d", planned), nil).JSON(); fmt.Sprint(got["signups"]) != "map[approved:1 declined:0 pending:0]" {
			t.Errorf("counts: %v", got["signups"])
		}
		wantListIDs(t, w.Env, w.empTok, "/api/v1/signups?status=approved", suID)

		// Public pages: upcoming planned fairs, a fair with its approved employers and their jobs.
		forFair := apitest.ID(t, w.Must(http.StatusCreated, w.empTok, "POST", "/api/v1/jobs",
			map[string]any{"title": "数控车工", "headcount": 4, "fair_id": planned, "for_graduates": true, "posted_on": "2025-06-20"}))
		other := w.job(t, w.emp2, "仓库管理员", "2025-06-21", 1)
		wantListIDs(t, w.Env, "", "/api/v1/public/fairs", planned)
		wantListIDs(t, w.Env, "", "/api/v1/public/fairs?year=2025&status=held", held)
		wantListIDs(t, w.Env, "", "/api/v1/public/fairs?from=2025-01-01", held, planned)
		var view struct {
			ID          int64
			Title       string
			OrganiserID *int64 `json:"organiser_id"`
			Employers   []struct {
				ID        int64
				Name      string
				JobsCount int `json:"jobs_count"`
			}
		}
		w.Must(http.StatusOK, "", "GET", pathf("/api/v1/public/fairs/%d", planned), nil).Decode(t, &view)
		if view.ID != planned || len(view.Employers) != 1 || view.Employers[0].ID != w.emp ||
			view.Employers[0].JobsCount != 1 || view.OrganiserID != nil {
			t.Errorf("public fair: %+v", view)
		}
		// The fair's page lists its own jobs only.
		wantListIDs(t, w.Env, "", pathf("/api/v1/public/fairs/%d/jobs", planned), forFair)
		w.Must(http.StatusNotFound, "", "GET", pathf("/api/v1/public/fairs/%d", cancelled), nil)
		w.Must(http.StatusNotFound, "", "GET", "/api/v1/public/fairs/99999", nil)
		wantListIDs(t, w.Env, "", "/api/v1/public/jobs", other, forFair)
		wantListIDs(t, w.Env, "", "/api/v1/public/jobs?for_graduates=true", forFair)
		wantListIDs(t, w.Env, "", "/api/v1/public/jobs?city=大连市", other)
		wantListIDs(t, w.Env, "", "/api/v1/public/jobs?q=数控", forFair)
		if r := w.Do("", "GET", "/api/v1/public/fairs?status=cancelled", nil); r.Code != 400 || r.ErrorFields()["status"] == nil {
			t.Errorf("public cancelled fairs: %d %s", r.Code, r.Body)
		}
	})
}

func TestJobs(t *testing.T) {
	// 17:00 UTC on 30 June is 1 July in Shanghai: the default day is Shanghai's.
	onBothAt(t, time.Date(2025, 6, 30, 17, 0, 0, 0, time.UTC), func(t *testing.T, w *recWorld) {
		r := w.Must(http.StatusCreated, w.admin, "POST", "/api/v1/jobs",
			map[string]any{"employer_id": w.emp, "title": "机械工程师", "headcount": 3, "salary_min": 6000, "salary_max": 9000})
		got := r.JSON()
		if got["posted_on"] != "2025-07-01" || got["city"] != "沈阳市" || got["education"] != "any" ||
			got["employer_name"] != "沈阳重型机械有限公司" || got["fair_id"] != nil || got["for_graduates"] != false || got["headcount"] != 3.0 {
			t.Errorf("created job: %s", r.Body)
		}
		today := apitest.ID(t, r)
		grad := apitest.ID(t, w.Must(http.StatusCreated, w.org, "POST", "/api/v1/jobs",
			map[string]any{"employer_id": w.emp, "title": "管培生", "headcount": 10, "for_graduates": true, "posted_on": "2024-03-01", "education": "bachelor"}))
		fairID := w.fair(t, "大连招聘会", "大连市", "2025-02-01", "chunnuan")
		dalian := apitest.ID(t, w.Must(http.StatusCreated, w.admin, "POST", "/api/v1/jobs",
			map[string]any{"employer_id": w.emp2, "title": "叉车司机", "headcount": 5, "fair_id": fairID, "posted_on": "2025-02-01"}))
		own := apitest.ID(t, w.Must(http.StatusCreated, w.empTok, "POST", "/api/v1/jobs",
			map[string]any{"title": "质检员", "headcount": 1, "posted_on": "2025-06-01"}))
		if got := w.Must(http.StatusOK, w.empTok, "GET", pathf("/api/v1/jobs/%d", own), nil).JSON(); got["employer_id"] != float64(w.emp) {
			t.Errorf("employer's own job: %v", got)
		}

		wantListIDs(t, w.Env, w.admin, "/api/v1/jobs", today, own, dalian, grad)
		p := getList(t, w.Env, w.admin, "/api/v1/jobs?page_size=2&page=2")
		if !slices.Equal(p.ids(), []int64{dalian, grad}) || p.Total != 4 || p.PageSize != 2 || p.Page != 2 {
			t.Errorf("page 2: %+v", p)
		}
		wantListIDs(t, w.Env, w.admin, "/api/v1/jobs?year=2024", grad)
		wantListIDs(t, w.Env, w.admin, "/api/v1/jobs?year=2025&city=沈阳市", today, own)
		wantListIDs(t, w.Env, w.admin, "/api/v1/jobs?city=大连市", dalian)
		wantListIDs(t, w.Env, w.admin, pathf("/api/v1/jobs?employer_id=%d", w.emp2), dalian)
		wantListIDs(t, w.Env, w.admin, "/api/v1/jobs?for_graduates=true", grad)
		wantListIDs(t, w.Env, w.admin, "/api/v1/jobs?for_graduates=false&year=2025", today, own, dalian)
		wantListIDs(t, w.Env, w.admin, pathf("/api/v1/jobs?fair_id=%d", fairID), dalian)
		wantListIDs(t, w.Env, w.empTok, "/api/v1/jobs", today, own, grad)

		r = w.Must(http.StatusOK, w.empTok, "PATCH", pathf("/api/v1/jobs/%d", own), map[string]any{"headcount": 2, "salary_max": 5000})
		if got := r.JSON(); got["headcount"] != 2.0 || got["salary_max"] != 5000.0 || got["title"] != "质检员" {
			t.Errorf("patched: %s", r.Body)
		}
		// Moving a job to another year and city moves its posts in the tallies.
		r = w.Must(http.StatusOK, w.admin, "PATCH", pathf("/api/v1/jobs/%d", grad), map[string]any{"posted_on": "2023-12-31", "city": "锦州市", "fair_id": fairID})
		if got := r.JSON(); got["posted_on"] != "2023-12-31" || got["city"] != "锦州市" || got["fair_id"] != float64(fairID) {
			t.Errorf("moved: %s", r.Body)
		}
		checkTallies(t, w.Env)
		w.Must(http.StatusOK, w.admin, "PATCH", pathf("/api/v1/jobs/%d", grad), map[string]any{"posted_on": "2024-03-01", "city": "沈阳市", "fair_id": 0})
		placed := w.job(t, w.emp, "装配工", "2025-06-01", 2)
		pb := placementInput("王五", apitest.IDNumber("210102", "1992-03-04", 33), w.emp, "沈阳市", "2025-06-02")
		pb["job_id"] = placed
		w.placement(t, pb)

		several := map[string]any{"employer_id": 99999, "title": "", "headcount": 0, "city": "北京市", "education": "phd", "fair_id": 99999}
		checkRejected(t, w, []rejected{
			{name: "headcount 0", token: w.admin, method: "POST", path: "/api/v1/jobs",
				body: map[string]any{"employer_id": w.emp, "title": "x", "headcount": 0}, status: 422, code: "validation_failed", fields: []string{"headcount"}},
			{name: "no headcount", token: w.admin, method: "POST", path: "/api/v1/jobs",
				body: map[string]any{"employer_id": w.emp, "title": "x"}, status: 422, code: "validation_failed", fields: []string{"headcount"}},
			{name: "salary_min above salary_max", token: w.admin, method: "POST", path: "/api/v1/jobs",
				body:   map[string]any{"employer_id": w.emp, "title": "x", "headcount": 1, "salary_min": 9000, "salary_max": 5000},
				status: 422, code: "validation_failed", fields: []string{"salary_*"}},
			{name: "unknown employer", token: w.admin, method: "POST", path: "/api/v1/jobs",
				body: map[string]any{"employer_id": 99999, "title": "x", "headcount": 1}, status: 422, code: "validation_failed", fields: []string{"employer_id"}},
			{name: "no employer", token: w.admin, method: "POST", path: "/api/v1/jobs",
				body: map[string]any{"title": "x", "headcount": 1}, status: 422, code: "validation_failed", fields: []string{"employer_id"}},
			{name: "unknown fair", token: w.admin, method: "POST", path: "/api/v1/jobs",
				body: map[string]any{"employer_id": w.emp, "title": "x", "headcount": 1, "fair_id": 99999}, status: 422, code: "validation_failed", fields: []string{"fair_id"}},
			{name: "several bad fields at once", token: w.admin, method: "POST", path: "/api/v1/jobs", body: several,
				status: 422, code: "validation_failed", fields: []string{"employer_id", "title", "headcount", "city", "education", "fair_id"}},
			{name: "posted tomorrow", token: w.admin, method: "POST", path: "/api/v1/jobs",
				body: map[string]any{"employer_id": w.emp, "title": "x", "headcount": 1, "posted_on": "2025-07-02"}, status: 422, code: "validation_failed", fields: []string{"posted_on"}},
			{name: "bad date", token: w.admin, method: "POST", path: "/api/v1/jobs",
				body: map[string]any{"employer_id": w.emp, "title": "x", "headcount": 1, "posted_on": "2025/07/01"}, status: 422, code: "validation_failed", fields: []string{"posted_on"}},
			{name: "for_graduates not a boolean", token: w.admin, method: "POST", path: "/api/v1/jobs",
				body: map[string]any{"employer_id": w.emp, "title": "x", "headcount": 1, "for_graduates": "yes"}, status: 400, code: "bad_request", fields: []string{"for_graduates"}},
			{name: "headcount a string", token: w.admin, method: "POST", path: "/api/v1/jobs",
				body: map[string]any{"employer_id": w.emp, "title": "x", "headcount": "5"}, status: 400, code: "bad_request", fields: []string{"headcount"}},
			{name: "headcount a fraction", token: w.admin, method: "POST", path: "/api/v1/jobs",
				body: map[string]any{"employer_id": w.emp, "title": "x", "headcount": 1.5}, status: 400, code: "bad_request", fields: []string{"headcount"}},
			{name: "patch salary_min above salary_max", token: w.admin, method: "PATCH", path: pathf("/api/v1/jobs/%d", today),
				body: map[string]any{"salary_min": 10000}, status: 422, code: "validation_failed", fields: []string{"salary_*"}},
			{name: "patch unknown fair and headcount 0", token: w.admin, method: "PATCH", path: pathf("/api/v1/jobs/%d", today),
				body: map[string]any{"fair_id": 99999, "headcount": 0}, status: 422, code: "validation_failed", fields: []string{"fair_id", "headcount"}},
			{name: "patch unknown job", token: w.admin, method: "PATCH", path: "/api/v1/jobs/99999",
				body: map[string]any{"headcount": 1}, status: 404, code: "not_found"},
			{name: "delete job with placements", token: w.admin, method: "DELETE", path: pathf("/api/v1/jobs/%d", placed), status: 409, code: "conflict"},
			{name: "list with bad filters", token: w.admin, method: "GET", path: "/api/v1/jobs?employer_id=abc&for_graduates=maybe&city=北京市&year=1999",
				status: 400, code: "bad_request", fields: []string{"employer_id", "for_graduates", "city", "year"}},
		})

		w.Must(http.StatusNoContent, w.admin, "DELETE", pathf("/api/v1/jobs/%d", dalian), nil)
		w.Must(http.StatusNotFound, w.admin, "GET", pathf("/api/v1/jobs/%d", dalian), nil)
		checkTallies(t, w.Env)
	})
}

func TestPlacements(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		raw := apitest.IDNumber("210102", "1990-05-01", 123) // 17th digit 3: a man
		r := w.Must(http.StatusCreated, w.org, "POST", "/api/v1/placements",
			placementInput("赵六", raw, w.emp, "沈阳市", "2025-03-01", "reemployed", "graduate"))
		var p struct {
			ID           int64
			PersonName   string `json:"person_name"`
			IDNumber     string `json:"id_number"`
			BirthDate    string `json:"birth_date"`
			Sex          string
			Age          int
			Groups       []string
			EmployerName string `json:"employer_name"`
			PlacedOn     string `json:"placed_on"`
			IDHash       any    `json:"id_hash"`
		}
		r.Decode(t, &p)
		if p.IDNumber != raw[:4]+"**********"+raw[14:] || p.BirthDate != "1990-05-01" || p.Sex != "男" || p.Age != 34 ||
			!slices.Equal(p.Groups, []string{"graduate", "reemployed"}) || p.EmployerName != "沈阳重型机械有限公司" ||
			p.PlacedOn != "2025-03-01" || p.PersonName != "赵六" || p.IDHash != nil {
			t.Errorf("created: %s", r.Body)
		}
		if bytes.Contains(r.Body, []byte(raw)) {
			t.Errorf("answer carries the raw number: %s", r.Body)
		}
		first := p.ID
		// The answer is built from the record as written; reading it back
		// gives the same fields (the time of creation aside, which a
		// database may store less precisely).
		answer := r.JSON()
		got := w.Must(http.StatusOK, w.org, "GET", pathf("/api/v1/placements/%d", first), nil).JSON()
		delete(answer, "created_at")
		delete(got, "created_at")
		if !reflect.DeepEqual(answer, got) {
			t.Errorf("created %v, read back %v", answer, got)
		}
		lastYear := w.placement(t, placementInput("赵六", raw, w.emp, "沈阳市", "2024-12-31"))
		woman := apitest.IDNumber("210202", "1985-11-30", 124)
		dalian := w.placement(t, placementInput("孙七", woman, w.emp2, "大连市", "2024-06-01", "hard_to_employ"))
		if got := w.Must(http.StatusOK, w.admin, "GET", pathf("/api/v1/placements/%d", dalian), nil).JSON(); got["sex"] != "女" || got["age"] != 38.0 {
			t.Errorf("derived: %v", got)
		}

		list := wantListIDs(t, w.Env, w.admin, "/api/v1/placements", first, lastYear, dalian)
		if it := list.Items[2]; it["age"] != 38.0 || fmt.Sprint(it["groups"]) != "[hard_to_employ]" || it["employer_name"] != "大连港湾物流有限公司" ||
			it["id_number"] != woman[:4]+"**********"+woman[14:] {
			t.Errorf("list item: %v", it)
		}
		if it := list.Items[1]; it["groups"] == nil || len(it["groups"].([]any)) != 0 {
			t.Errorf("no groups should be an empty array: %v", it)
		}
		pg := getList(t, w.Env, w.org, "/api/v1/placements?page=2&page_size=2")
		if !slices.Equal(pg.ids(), []int64{dalian}) || pg.Total != 3 || pg.Page != 2 || pg.PageSize != 2 {
			t.Errorf("page 2: %+v", pg)
		}
		wantListIDs(t, w.Env, w.admin, "/api/v1/placements?year=2024", lastYear, dalian)
		wantListIDs(t, w.Env, w.admin, "/api/v1/placements?year=2025", first)
		wantListIDs(t, w.Env, w.admin, "/api/v1/placements?city=大连市", dalian)
		wantListIDs(t, w.Env, w.admin, "/api/v1/placements?group=graduate", first)
		wantListIDs(t, w.Env, w.admin, "/api/v1/placements?group=hard_to_employ&year=2024", dalian)
		wantListIDs(t, w.Env, w.admin, "/api/v1/placements?group=veteran")
		wantListIDs(t, w.Env, w.admin, pathf("/api/v1/placements?employer_id=%d", w.emp2), dalian)

		badCheck := raw[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", raw[17])+1)%11])
		job2 := w.job(t, w.emp2, "理货员", "2025-01-01", 1)
		otherJob := placementInput("周八", apitest.IDNumber("210102", "1993-01-01", 5), w.emp, "沈阳市", "2025-03-01")
		otherJob["job_id"] = job2
		unknownRefs := placementInput("周八", apitest.IDNumber("210102", "1993-01-01", 5), 99999, "沈阳市", "2025-03-01")
		unknownRefs["fair_id"] = 99999
		unknownRefs["job_id"] = 99999
		unknownEmployer := placementInput("周八", apitest.IDNumber("210102", "1993-01-01", 5), 99999, "沈阳市", "2025-03-01")
		unknownFair := placementInput("周八", apitest.IDNumber("210102", "1993-01-01", 5), w.emp, "沈阳市", "2025-03-01")
		unknownFair["fair_id"] = 99999
		checkRejected(t, w, []rejected{
			{name: "unknown employer, left to the foreign key", token: w.org, method: "POST", path: "/api/v1/placements",
				body: unknownEmployer, status: 422, code: "validation_failed", fields: []string{"employer_id"}},
			{name: "unknown fair, left to the foreign key", token: w.org, method: "POST", path: "/api/v1/placements",
				body: unknownFair, status: 422, code: "validation_failed", fields: []string{"fair_id"}},
			{name: "bad check digit", token: w.org, method: "POST", path: "/api/v1/placements",
				body:   placementInput("周八", badCheck, w.emp, "沈阳市", "2025-03-01"),
				status: 422, code: "validation_failed", fields: []string{"id_number"}, absent: badCheck},
			{name: "30 February in the number", token: w.org, method: "POST", path: "/api/v1/placements",
				body:   placementInput("周八", apitest.IDNumber("210102", "1999-02-30", 5), w.emp, "沈阳市", "2025-03-01"),
				status: 422, code: "validation_failed", fields: []string{"id_number"}, absent: apitest.IDNumber("210102", "1999-02-30", 5)},
			{name: "same person again in one year", token: w.org, method: "POST", path: "/api/v1/placements",
				body:   placementInput("赵六", strings.ToLower(raw), w.emp2, "大连市", "2025-06-01"),
				status: 409, code: "conflict", id: first, absent: raw},
			{name: "placed tomorrow", token: w.org, method: "POST", path: "/api/v1/placements",
				body:   placementInput("周八", apitest.IDNumber("210102", "1993-01-01", 5), w.emp, "沈阳市", "2025-07-01"),
				status: 422, code: "validation_failed", fields: []string{"placed_on"}},
			{name: "placed before 16", token: w.org, method: "POST", path: "/api/v1/placements",
				body:   placementInput("周八", apitest.IDNumber("210102", "2010-01-01", 5), w.emp, "沈阳市", "2025-03-01"),
				status: 422, code: "validation_failed", fields: []string{"placed_on"}},
			{name: "every bad field at once", token: w.org, method: "POST", path: "/api/v1/placements",
				body:   map[string]any{"person_name": "", "id_number": "123", "groups": []string{"x"}, "city": "北京市", "placed_on": "2025-13-01"},
				status: 422, code: "validation_failed", fields: []string{"person_name", "id_number", "groups*", "employer_id", "city", "placed_on"}},
			{name: "unknown employer, fair and job", token: w.org, method: "POST", path: "/api/v1/placements", body: unknownRefs,
				status: 422, code: "validation_failed", fields: []string{"employer_id", "fair_id", "job_id"}},
			{name: "job of another employer", token: w.org, method: "POST", path: "/api/v1/placements", body: otherJob,
				status: 422, code: "validation_failed", fields: []string{"job_id"}},
			{name: "groups not an array", token: w.org, method: "POST", path: "/api/v1/placements",
				body:   map[string]any{"person_name": "x", "id_number": raw, "groups": "graduate", "employer_id": w.emp, "city": "沈阳市", "placed_on": "2025-03-01"},
				status: 400, code: "bad_request", fields: []string{"groups"}, absent: raw},
			{name: "list with a bad group", token: w.admin, method: "GET", path: "/api/v1/placements?group=x&city=北京市",
				status: 400, code: "bad_request", fields: []string{"group", "city"}},
			{name: "unknown placement", token: w.admin, method: "DELETE", path: "/api/v1/placements/99999", status: 404, code: "not_found"},
		})

		w.Must(http.StatusNoContent, w.org, "DELETE", pathf("/api/v1/placements/%d", lastYear), nil)
		w.Must(http.StatusNotFound, w.admin, "GET", pathf("/api/v1/placements/%d", lastYear), nil)
		checkTallies(t, w.Env)
	})
}

// The raw ID number is kept nowhere: not in any column, not in the audit
// log, not in the server's log, not in any answer.
func TestIDNumberNeverStored(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		raw := apitest.IDNumber("210102", "1988-08-08", 808)
		id := w.placement(t, placementInput("钱九", raw, w.emp, "沈阳市", "2025-02-02", "veteran"))
		w.Do(w.org, "POST", "/api/v1/placements", placementInput("钱九", raw, w.emp, "沈阳市", "2025-02-03"))
		bodies := [][]byte{
			w.Must(http.StatusOK, w.admin, "GET", pathf("/api/v1/placements/%d", id), nil).Body,
			w.Must(http.StatusOK, w.admin, "GET", "/api/v1/placements", nil).Body,
			w.Must(http.StatusOK, w.admin, "GET", "/api/v1/audit?record_type=placement", nil).Body,
		}
		w.Must(http.StatusNoContent, w.admin, "DELETE", pathf("/api/v1/placements/%d", id), nil)
		for _, b := range bodies {
			if bytes.Contains(bytes.ToUpper(b), []byte(raw)) {
				t.Errorf("answer carries the raw number: %s", b)
			}
		}
		if bytes.Contains(bodies[2], []byte("钱九")) {
			t.Errorf("audit log carries the full name: %s", bodies[2])
		}
		if !bytes.Contains(bodies[0], []byte(`"id_number":"`+raw[:4]+"**********"+raw[14:]+`"`)) {
			t.Errorf("masked number missing: %s", bodies[0])
		}
		db, err := w.Store.SQLDB()
		if err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"placements", "audit_log", "tallies"} {
			rows, err := db.Query("SELECT * FROM " + table)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			n := 0
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				for i, v := range vals {
					s := fmt.Sprint(v)
					if b, ok := v.([]byte); ok {
						s = string(b)
					}
					if strings.Contains(strings.ToUpper(s), raw) || strings.Contains(s, raw[6:14]+raw[14:17]) {
						t.Errorf("%s.%s holds the raw number: %q", table, cols[i], s)
					}
				}
				n++
			}
			rows.Close()
			if table == "audit_log" && n == 0 {
				t.Error("no audit entries")
			}
		}
		if log := w.Log.String(); strings.Contains(log, raw) || strings.Contains(log, "钱九") {
			t.Errorf("log carries personal data: %s", log)
		}
	})
}
