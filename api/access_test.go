package api_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gin-gonic/gin"

	"jobfair/api/apitest"
	"jobfair/models"
)

// Callers of the access matrix. Every target record lives in 沈阳市, belongs to
// employer E1 and (for fairs, jobs and placements posted by organisers) to
// the organiser "org"; the "2" callers are the same role in 大连市 or another employer.
var callers = []string{"anon", "emp", "emp2", "org", "org2", "off", "off2", "offp", "admin"}

// world is the fixture the matrix runs against.
type world struct {
	env    *apitest.Env
	tokens map[string]string
	e1, e2 int64
	n      atomic.Int64
	months atomic.Int64 // fresh months of 2001 on, apart from n so that they stay in the past
}

func newWorld(t *testing.T, dialect string) *world {
	env := apitest.New(t, dialect)
	w := &world{env: env, tokens: map[string]string{}}
	w.e1 = env.Employer("沈阳甲公司", "沈阳市")
	w.e2 = env.Employer("大连乙公司", "大连市")
	env.User("emp", models.RoleEmployer, "", w.e1)
	env.User("emp2", models.RoleEmployer, "", w.e2)
	env.User("org", models.RoleOrganiser, "沈阳市", 0)
	env.User("org2", models.RoleOrganiser, "大连市", 0)
	env.User("off", models.RoleOfficial, "沈阳市", 0)
	env.User("off2", models.RoleOfficial, "大连市", 0)
	env.User("offp", models.RoleOfficial, "", 0)
	return w
}

// token logs the caller in afresh, so that a logout or password change of
// one case cannot spoil the next.
func (w *world) token(caller string) string {
	switch caller {
	case "anon":
		return ""
	case "admin":
		return w.env.Login("admin", apitest.AdminPassword)
	}
	return w.env.Login(caller, apitest.Password)
}

func (w *world) seq() int64 { return w.n.Add(1) }

// Fresh target records, each made by its rightful owner.
func (w *world) fair() int64 {
	r := w.env.Must(201, w.token("org"), "POST", "/api/v1/fairs", map[string]any{
		"title": fmt.Sprintf("春暖辽沈专场%d", w.seq()), "city": "沈阳市", "venue": "沈阳人才大厦",
		"starts_at": "2025-07-10T09:00:00+08:00", "ends_at": "2025-07-10T16:00:00+08:00",
		"mode": "onsite", "programmes": []string{"chunnuan"}})
	return apitest.ID(w.env.T, r)
}

func (w *world) job(byEmployer bool) int64 {
	who := "org"
	if byEmployer {
		who = "emp"
	}
	r := w.env.Must(201, w.token(who), "POST", "/api/v1/jobs", map[string]any{
		"employer_id": w.e1, "title": "数控车工", "city": "沈阳市", "headcount": 3, "for_graduates": true,
		"posted_on": "2025-06-01", "salary_min": 4000, "salary_max": 6000, "education": "college"})
	return apitest.ID(w.env.T, r)
}

func (w *world) person() string {
	return apitest.IDNumber("210102", "1995-03-15", int(w.seq()))
}

func (w *world) placementBody() map[string]any {
	return map[string]any{"person_name": "王小明", "id_number": w.person(), "groups": []string{"graduate"},
		"employer_id": w.e1, "city": "沈阳市", "placed_on": "2025-06-01"}
}

func (w *world) placement() int64 {
	r := w.env.Must(201, w.token("org"), "POST", "/api/v1/placements", w.placementBody())
	return apitest.ID(w.env.T, r)
}

func (w *world) visitBody() map[string]any {
	return map[string]any{"on": "2025-06-01", "city": "沈阳市", "kind": "enterprise", "place": "沈阳甲公司",
		"items": []string{"policy", "jobs"}}
}

// graduateBody registers a fresh graduate of 沈阳市.
func (w *world) graduateBody() map[string]any {
	return map[string]any{"person_name": "张毕业", "id_number": apitest.IDNumber("210102", "20020301", int(w.seq()%999)+1),
		"school": "沈阳工业大学", "education": "bachelor", "graduation_year": 2025, "city": "沈阳市",
		"phone": "13800001234", "registered_on": "2025-06-20"}
}

func (w *world) graduate() int64 {
	r := w.env.Must(201, w.token("org"), "POST", "/api/v1/graduates", w.graduateBody())
	return apitest.ID(w.env.T, r)
}

func (w *world) visit() int64 {
	r := w.env.Must(201, w.token("org"), "POST", "/api/v1/visits", w.visitBody())
	return apitest.ID(w.env.T, r)
}

func (w *world) signup(fair int64) int64 {
	r := w.env.Must(201, w.token("emp"), "POST", fmt.Sprintf("/api/v1/fairs/%d/signups", fair), map[string]any{})
	return apitest.ID(w.env.T, r)
}

// phone is a fresh mobile number.
func (w *world) phone() string { return fmt.Sprintf("139%08d", w.seq()) }

// ticket registers a job seeker for fair and answers the ticket.
func (w *world) ticket(fair int64) string {
	var r models.Registered
	w.env.Must(201, "", "POST", fmt.Sprintf("/api/v1/public/fairs/%d/registrations", fair),
		map[string]any{"name": "求职者", "phone": w.phone(), "consent": true}).Decode(w.env.T, &r)
	return r.Ticket
}

// boothReady is a fair with a checked-in seeker and a job of the employer
// emp, whose sign-up the organiser approved.
func (w *world) boothReady() (fair int64, ticket string, job int64) {
	fair = w.fair()
	ticket = w.ticket(fair)
	w.env.Must(201, w.token("org"), "POST", fmt.Sprintf("/api/v1/fairs/%d/checkins", fair), map[string]any{"ticket": ticket})
	w.env.Must(200, w.token("org"), "PATCH", fmt.Sprintf("/api/v1/fairs/%d/signups/%d", fair, w.signup(fair)),
		map[string]any{"status": "approved"})
	r := w.env.Must(201, w.token("emp"), "POST", "/api/v1/jobs", map[string]any{"title": "展位岗位", "headcount": 2,
		"posted_on": "2025-06-01", "fair_id": fair})
	return fair, ticket, apitest.ID(w.env.T, r)
}

// notice is a fresh notification of the employer emp: a decision on its sign-up.
func (w *world) notice() int64 {
	fair := w.fair()
	w.env.Must(200, w.token("org"), "PATCH", fmt.Sprintf("/api/v1/fairs/%d/signups/%d", fair, w.signup(fair)),
		map[string]any{"status": "declined", "reason": "展位已满"})
	var l struct {
		Items []models.Notification `json:"items"`
	}
	w.env.Must(200, w.token("emp"), "GET", "/api/v1/notifications", nil).Decode(w.env.T, &l)
	return l.Items[0].ID
}

func (w *world) user() int64 {
	r := w.env.Must(201, w.token("admin"), "POST", "/api/v1/users", map[string]any{
		"username": fmt.Sprintf("u%d", w.seq()), "password": apitest.Password, "role": "official", "city": "沈阳市"})
	return apitest.ID(w.env.T, r)
}

func (w *world) employer() int64 {
	n := w.seq()
	r := w.env.Must(201, w.token("admin"), "POST", "/api/v1/employers", map[string]any{
		"name": fmt.Sprintf("临时单位%d", n), "credit_code": apitest.CreditCode(fmt.Sprint("tmp", n)), "city": "沈阳市"})
	return apitest.ID(w.env.T, r)
}

func (w *world) goalID() int64 {
	var g models.Goal
	db, _ := w.env.Store.SQLDB()
	if err := db.QueryRow("SELECT id FROM goals WHERE code = 'special_fairs' AND year_from = 2025").Scan(&g.ID); err != nil {
		w.env.T.Fatal(err)
	}
	return g.ID
}

// cityGoal is a fresh city target of 沈阳市, in a year of its own.
func (w *world) cityGoal() int64 {
	y := w.goalYear()
	r := w.env.Must(201, w.token("admin"), "POST", "/api/v1/goals", map[string]any{"code": "special_fairs", "name": "专场招聘会",
		"scope": "沈阳市", "year_from": y, "year_to": y, "target": 80, "unit": "场", "comparison": "at_least", "source": "computed"})
	return apitest.ID(w.env.T, r)
}

// period answers a fresh month of 沈阳市 (in the years before the records the
// matrix writes) moved steps along open -> submitted -> closed by admin.
func (w *world) period(steps int) string {
	n := w.months.Add(1)
	p := fmt.Sprintf("%04d-%02d", 2001+n/12, n%12+1)
	for _, action := range []string{"submit", "close"}[:steps] {
		w.env.Must(200, w.token("admin"), "POST", "/api/v1/periods/"+p+"/"+action, map[string]any{"city": "沈阳市"})
	}
	return p
}

// goalYear is a year of its own for a new goal entry, within the goals' bounds.
func (w *world) goalYear() int { return 2030 + int(w.seq()%60) }

func (w *world) upload(name, content string) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// request is one call of a case: its path, body and extra headers.
type request struct {
	path    string
	body    any
	headers []string
}

// accessCase is one route with the status each caller must get.
type accessCase struct {
	method, path string
	make         func(w *world) request
	want         map[string]int
}

// all gives every caller but the anonymous one the same status.
func all(status int) map[string]int {
	m := map[string]int{"anon": 401}
	for _, c := range callers[1:] {
		m[c] = status
	}
	return m
}

// only gives the listed callers their status and every other signed-in caller 403.
func only(pairs map[string]int) map[string]int {
	m := all(403)
	for k, v := range pairs {
		m[k] = v
	}
	return m
}

func public(status int) map[string]int {
	m := all(status)
	m["anon"] = status
	return m
}

func fixed(p string) func(*world) request { return func(*world) request { return request{path: p} } }

func accessCases() []accessCase {
	officials := func(st int) map[string]int {
		return only(map[string]int{"off": st, "off2": st, "offp": st, "admin": st})
	}
	sameCity := func(st int) map[string]int {
		return only(map[string]int{"off": st, "off2": 403, "offp": st, "admin": st})
	}
	readers := func(st int) map[string]int {
		return only(map[string]int{"org": st, "org2": st, "off": st, "off2": st, "offp": st, "admin": st})
	}
	// seen: 200 for whoever may see a 沈阳市 record of E1, 404 for the others.
	seen := map[string]int{"anon": 401, "emp": 200, "emp2": 404, "org": 200, "org2": 404, "off": 200, "off2": 404, "offp": 200, "admin": 200}
	return []accessCase{
		{"GET", "/healthz", fixed("/healthz"), public(200)},
		{"GET", "/readyz", fixed("/readyz"), public(200)},
		{"GET", "/metrics", fixed("/metrics"), public(404)},
		{"GET", "/api/openapi.json", fixed("/api/openapi.json"), public(200)},
		{"POST", "/api/v1/auth/login", func(*world) request {
			return request{path: "/api/v1/auth/login", body: map[string]string{"username": "admin", "password": apitest.AdminPassword}}
		}, public(200)},
		{"GET", "/api/v1/public/fairs", fixed("/api/v1/public/fairs"), public(200)},
		{"GET", "/api/v1/public/fairs/:id", func(w *world) request { return request{path: fmt.Sprintf("/api/v1/public/fairs/%d", w.fair())} }, public(200)},
		{"GET", "/api/v1/public/jobs", fixed("/api/v1/public/jobs"), public(200)},
		{"GET", "/api/v1/public/jobs/:id", func(w *world) request { return request{path: fmt.Sprintf("/api/v1/public/jobs/%d", w.job(true))} }, public(200)},
		{"GET", "/api/v1/public/fairs/:id/jobs", func(w *world) request {
			return request{path: fmt.Sprintf("/api/v1/public/fairs/%d/jobs", w.fair())}
		}, public(200)},
		{"POST", "/api/v1/public/fairs/:id/registrations", func(w *world) request {
			return request{path: fmt.Sprintf("/api/v1/public/fairs/%d/registrations", w.fair()),
				body: map[string]any{"name": "求职者", "phone": w.phone(), "consent": true}}
		}, public(201)},
		{"GET", "/api/v1/public/tickets/:ticket", func(w *world) request { return request{path: "/api/v1/public/tickets/" + w.ticket(w.fair())} }, public(200)},
		{"GET", "/api/v1/public/tickets/:ticket/qr.png", func(w *world) request {
			return request{path: "/api/v1/public/tickets/" + w.ticket(w.fair()) + "/qr.png"}
		}, public(200)},
		{"POST", "/api/v1/fairs/:id/checkins", func(w *world) request {
			f := w.fair()
			return request{path: fmt.Sprintf("/api/v1/fairs/%d/checkins", f), body: map[string]any{"ticket": w.ticket(f)}}
		}, only(map[string]int{"org": 201, "admin": 201})},
		{"GET", "/api/v1/fairs/:id/registrations", func(w *world) request {
			return request{path: fmt.Sprintf("/api/v1/fairs/%d/registrations", w.fair())}
		}, only(map[string]int{"org": 200, "org2": 404, "off": 200, "off2": 404, "offp": 200, "admin": 200})},
		{"POST", "/api/v1/fairs/:id/intents", func(w *world) request {
			f, ticket, job := w.boothReady()
			return request{path: fmt.Sprintf("/api/v1/fairs/%d/intents", f), body: map[string]any{"ticket": ticket, "job_id": job}}
		}, only(map[string]int{"org": 201, "emp": 201, "admin": 201})},
		{"GET", "/api/v1/fairs/:id/intents", func(w *world) request {
			return request{path: fmt.Sprintf("/api/v1/fairs/%d/intents", w.fair())}
		}, only(map[string]int{"org": 200, "org2": 404, "off": 200, "off2": 404, "offp": 200, "admin": 200, "emp": 200, "emp2": 200})},
		{"POST", "/api/v1/signups/decisions", func(w *world) request {
			f := w.fair()
			return request{path: "/api/v1/signups/decisions", body: map[string]any{"ids": []int64{w.signup(f)}, "status": "approved"}}
		}, only(map[string]int{"org": 200, "org2": 422, "admin": 200})},
		{"GET", "/api/v1/notifications", fixed("/api/v1/notifications"), all(200)},
		{"GET", "/api/v1/notifications/unread", fixed("/api/v1/notifications/unread"), all(200)},
		{"POST", "/api/v1/notifications/read", fixed("/api/v1/notifications/read"), all(204)},
		{"POST", "/api/v1/notifications/:id/read", func(w *world) request {
			return request{path: fmt.Sprintf("/api/v1/notifications/%d/read", w.notice())}
		}, func() map[string]int { m := all(404); m["anon"] = 401; m["emp"] = 204; return m }()},
		{"GET", "/api/v1/public/cities", fixed("/api/v1/public/cities"), public(200)},
		{"GET", "/api/v1/public/programmes", fixed("/api/v1/public/programmes"), public(200)},
		{"GET", "/api/v1/public/groups", fixed("/api/v1/public/groups"), public(200)},
		{"GET", "/api/v1/public/educations", fixed("/api/v1/public/educations"), public(200)},

		{"POST", "/api/v1/auth/logout", fixed("/api/v1/auth/logout"), all(204)},
		{"GET", "/api/v1/me", fixed("/api/v1/me"), all(200)},
		{"PATCH", "/api/v1/me/password", func(w *world) request {
			return request{path: "/api/v1/me/password", body: map[string]string{"old_password": "", "new_password": ""}}
		}, all(422)},
		{"GET", "/api/v1/cities", fixed("/api/v1/cities"), all(200)},
		{"GET", "/api/v1/programmes", fixed("/api/v1/programmes"), all(200)},
		{"GET", "/api/v1/groups", fixed("/api/v1/groups"), all(200)},
		{"GET", "/api/v1/educations", fixed("/api/v1/educations"), all(200)},
		{"GET", "/api/v1/fairs", fixed("/api/v1/fairs"), all(200)},
		{"GET", "/api/v1/fairs/:id", func(w *world) request { return request{path: fmt.Sprintf("/api/v1/fairs/%d", w.fair())} },
			map[string]int{"anon": 401, "emp": 200, "emp2": 200, "org": 200, "org2": 404, "off": 200, "off2": 404, "offp": 200, "admin": 200}},
		{"GET", "/api/v1/fairs/:id/signups", func(w *world) request {
			f := w.fair()
			w.signup(f)
			return request{path: fmt.Sprintf("/api/v1/fairs/%d/signups", f)}
		}, map[string]int{"anon": 401, "emp": 200, "emp2": 200, "org": 200, "org2": 404, "off": 200, "off2": 404, "offp": 200, "admin": 200}},
		{"GET", "/api/v1/signups", fixed("/api/v1/signups"), all(200)},
		{"GET", "/api/v1/employers", fixed("/api/v1/employers"), all(200)},
		{"GET", "/api/v1/employers/:id", func(w *world) request { return request{path: fmt.Sprintf("/api/v1/employers/%d", w.e1)} }, seen},
		{"GET", "/api/v1/jobs", fixed("/api/v1/jobs"), all(200)},
		{"GET", "/api/v1/jobs/:id", func(w *world) request { return request{path: fmt.Sprintf("/api/v1/jobs/%d", w.job(true))} }, seen},
		{"GET", "/api/v1/jobs/template.csv", fixed("/api/v1/jobs/template.csv"), all(200)},
		{"GET", "/api/v1/jobs/template.xlsx", fixed("/api/v1/jobs/template.xlsx"), all(200)},
		{"GET", "/api/v1/jobs/export.xlsx", fixed("/api/v1/jobs/export.xlsx"), all(200)},

		{"POST", "/api/v1/fairs/:id/signups", func(w *world) request {
			return request{path: fmt.Sprintf("/api/v1/fairs/%d/signups", w.fair()), body: map[string]any{}}
		}, only(map[string]int{"emp": 201, "emp2": 201})},
		{"PATCH", "/api/v1/employers/:id", func(w *world) request {
			return request{path: fmt.Sprintf("/api/v1/employers/%d", w.e1), body: map[string]any{"industry": "装备制造"}}
		}, only(map[string]int{"emp": 200, "admin": 200})},
		{"POST", "/api/v1/jobs", func(w *world) request {
			return request{path: "/api/v1/jobs", body: map[string]any{"employer_id": w.e1, "title": "焊工", "city": "沈阳市", "headcount": 2}}
		}, only(map[string]int{"emp": 201, "org": 201, "admin": 201})},
		{"PATCH", "/api/v1/jobs/:id", func(w *world) request {
			return request{path: fmt.Sprintf("/api/v1/jobs/%d", w.job(true)), body: map[string]any{"headcount": 4}}
		}, only(map[string]int{"emp": 200, "admin": 200})},
		{"DELETE", "/api/v1/jobs/:id", func(w *world) request {
			return request{path: fmt.Sprintf("/api/v1/jobs/%d", w.job(true))}
		}, only(map[string]int{"emp": 204, "admin": 204})},

		{"POST", "/api/v1/fairs", func(w *world) request {
			return request{path: "/api/v1/fairs", body: map[string]any{"title": "退役军人专场", "city": "沈阳市",
				"starts_at": "2025-08-01T09:00:00+08:00", "ends_at": "2025-08-01T12:00:00+08:00", "mode": "online",
				"programmes": []string{"veterans"}}}
		}, only(map[string]int{"org": 201, "admin": 201})},
		{"PATCH", "/api/v1/fairs/:id", func(w *world) request {
			return request{path: fmt.Sprintf("/api/v1/fairs/%d", w.fair()), body: map[string]any{"venue": "新会场"}}
		}, only(map[string]int{"org": 200, "admin": 200})},
		{"DELETE", "/api/v1/fairs/:id", func(w *world) request { return request{path: fmt.Sprintf("/api/v1/fairs/%d", w.fair())} },
			only(map[string]int{"org": 204, "admin": 204})},
		{"PATCH", "/api/v1/fairs/:id/signups/:signup_id", func(w *world) request {
			f := w.fair()
			return request{path: fmt.Sprintf("/api/v1/fairs/%d/signups/%d", f, w.signup(f)), body: map[string]string{"status": "approved"}}
		}, only(map[string]int{"org": 200, "admin": 200})},
		{"POST", "/api/v1/employers", func(w *world) request {
			n := w.seq()
			return request{path: "/api/v1/employers", body: map[string]any{"name": fmt.Sprintf("新单位%d", n),
				"credit_code": apitest.CreditCode(fmt.Sprint("new", n)), "city": "沈阳市"}}
		}, only(map[string]int{"org": 201, "admin": 201})},
		{"POST", "/api/v1/jobs/import", func(w *world) request {
			csv := fmt.Sprintf("岗位名称,用人单位信用代码,城市,招聘人数,面向高校毕业生,发布日期,最低月薪,最高月薪,学历要求\n电工,%s,沈阳市,2,否,2025-06-01,4000,5000,不限\n",
				apitest.CreditCode("沈阳甲公司"))
			body, ct := w.upload("jobs.csv", csv)
			return request{path: "/api/v1/jobs/import", body: body, headers: []string{"Content-Type", ct}}
		}, only(map[string]int{"org": 201, "org2": 422, "admin": 201})},
		{"POST", "/api/v1/placements", func(w *world) request { return request{path: "/api/v1/placements", body: w.placementBody()} },
			only(map[string]int{"org": 201, "admin": 201})},
		{"DELETE", "/api/v1/placements/:id", func(w *world) request { return request{path: fmt.Sprintf("/api/v1/placements/%d", w.placement())} },
			only(map[string]int{"org": 204, "admin": 204})},
		{"POST", "/api/v1/placements/import", func(w *world) request {
			csv := fmt.Sprintf("姓名,身份证号,人员类别,用人单位信用代码,城市,就业日期\n李四,%s,高校毕业生,%s,沈阳市,2025-06-01\n",
				w.person(), apitest.CreditCode("沈阳甲公司"))
			body, ct := w.upload("placements.csv", csv)
			return request{path: "/api/v1/placements/import", body: body, headers: []string{"Content-Type", ct}}
		}, only(map[string]int{"org": 201, "org2": 422, "admin": 201})},

		{"GET", "/api/v1/placements", fixed("/api/v1/placements"), readers(200)},
		{"GET", "/api/v1/placements/:id", func(w *world) request { return request{path: fmt.Sprintf("/api/v1/placements/%d", w.placement())} },
			only(map[string]int{"org": 200, "org2": 404, "off": 200, "off2": 404, "offp": 200, "admin": 200})},
		{"GET", "/api/v1/placements/template.csv", fixed("/api/v1/placements/template.csv"), readers(200)},
		{"GET", "/api/v1/placements/template.xlsx", fixed("/api/v1/placements/template.xlsx"), readers(200)},
		{"GET", "/api/v1/placements/export.xlsx", fixed("/api/v1/placements/export.xlsx?city=沈阳市"),
			only(map[string]int{"org": 200, "org2": 403, "off": 200, "off2": 403, "offp": 200, "admin": 200})},

		{"POST", "/api/v1/graduates", func(w *world) request { return request{path: "/api/v1/graduates", body: w.graduateBody()} },
			only(map[string]int{"org": 201, "admin": 201})},
		{"GET", "/api/v1/graduates", fixed("/api/v1/graduates"), readers(200)},
		{"GET", "/api/v1/graduates/attention", fixed("/api/v1/graduates/attention?year=2025"), readers(200)},
		{"GET", "/api/v1/graduates/:id", func(w *world) request { return request{path: fmt.Sprintf("/api/v1/graduates/%d", w.graduate())} },
			only(map[string]int{"org": 200, "org2": 404, "off": 200, "off2": 404, "offp": 200, "admin": 200})},
		{"DELETE", "/api/v1/graduates/:id", func(w *world) request { return request{path: fmt.Sprintf("/api/v1/graduates/%d", w.graduate())} },
			only(map[string]int{"org": 204, "org2": 404, "admin": 204})},
		{"POST", "/api/v1/graduates/:id/contacts", func(w *world) request {
			return request{path: fmt.Sprintf("/api/v1/graduates/%d/contacts", w.graduate()),
				body: map[string]any{"on": "2025-06-25", "channel": "phone", "reached": true}}
		}, only(map[string]int{"org": 201, "org2": 404, "admin": 201})},
		{"POST", "/api/v1/graduates/:id/services", func(w *world) request {
			return request{path: fmt.Sprintf("/api/v1/graduates/%d/services", w.graduate()),
				body: map[string]any{"on": "2025-06-25", "kind": "policy"}}
		}, only(map[string]int{"org": 201, "org2": 404, "admin": 201})},
		{"POST", "/api/v1/graduates/import", func(w *world) request {
			id := apitest.IDNumber("210102", "20020302", int(w.seq()%999)+1)
			body, ct := w.upload("graduates.csv", "姓名,身份证号,毕业院校,学历,毕业年份,城市,登记日期\n李毕业,"+id+",东北大学,本科,2025,沈阳市,2025-06-21\n")
			return request{path: "/api/v1/graduates/import", body: body, headers: []string{"Content-Type", ct}}
		}, only(map[string]int{"org": 201, "org2": 422, "admin": 201})},
		{"GET", "/api/v1/graduates/template.csv", fixed("/api/v1/graduates/template.csv"), readers(200)},
		{"GET", "/api/v1/graduates/template.xlsx", fixed("/api/v1/graduates/template.xlsx"), readers(200)},
		{"POST", "/api/v1/visits", func(w *world) request { return request{path: "/api/v1/visits", body: w.visitBody()} },
			only(map[string]int{"org": 201, "off": 201, "offp": 201, "admin": 201})},
		{"GET", "/api/v1/visits", fixed("/api/v1/visits"), readers(200)},
		{"GET", "/api/v1/visits/:id", func(w *world) request { return request{path: fmt.Sprintf("/api/v1/visits/%d", w.visit())} },
			only(map[string]int{"org": 200, "org2": 404, "off": 200, "off2": 404, "offp": 200, "admin": 200})},
		{"DELETE", "/api/v1/visits/:id", func(w *world) request { return request{path: fmt.Sprintf("/api/v1/visits/%d", w.visit())} },
			only(map[string]int{"org": 204, "admin": 204})},
		{"POST", "/api/v1/visits/import", func(w *world) request {
			body, ct := w.upload("visits.csv", "走访日期,城市,走访类型,走访地点,服务内容\n2025-06-02,沈阳市,社区,沈阳市胜利街道幸福社区,送政策;送服务\n")
			return request{path: "/api/v1/visits/import", body: body, headers: []string{"Content-Type", ct}}
		}, only(map[string]int{"org": 201, "org2": 422, "off": 201, "off2": 422, "offp": 201, "admin": 201})},
		{"GET", "/api/v1/visits/template.csv", fixed("/api/v1/visits/template.csv"), readers(200)},
		{"GET", "/api/v1/visits/template.xlsx", fixed("/api/v1/visits/template.xlsx"), readers(200)},
		{"GET", "/api/v1/visits/export.xlsx", fixed("/api/v1/visits/export.xlsx?city=沈阳市"),
			only(map[string]int{"org": 200, "org2": 403, "off": 200, "off2": 403, "offp": 200, "admin": 200})},

		{"GET", "/api/v1/goals", fixed("/api/v1/goals?year=2025"), officials(200)},
		{"GET", "/api/v1/goals/:code/reports", fixed("/api/v1/goals/subsidised_training/reports?year=2025"), officials(200)},
		{"POST", "/api/v1/goals/:code/reports", func(*world) request {
			return request{path: "/api/v1/goals/subsidised_training/reports", body: map[string]any{"period": "2025-05", "city": "沈阳市", "value": 1200}}
		}, sameCity(201)},
		{"GET", "/api/v1/goals/years", fixed("/api/v1/goals/years"), officials(200)},
		{"GET", "/api/v1/reports", fixed("/api/v1/reports?year=2025&city=沈阳市"), sameCity(200)},
		{"PUT", "/api/v1/reports/:period", func(*world) request {
			return request{path: "/api/v1/reports/2025-04", body: map[string]any{"city": "沈阳市",
				"values": map[string]any{"subsidised_training": 1300, "urban_unemployment_rate": 4.9}}}
		}, sameCity(200)},
		{"GET", "/api/v1/reports/template.xlsx", fixed("/api/v1/reports/template.xlsx?period=2025-04&city=沈阳市"), sameCity(200)},
		{"POST", "/api/v1/reports/import", func(w *world) request {
			body, ct := w.upload("reports.csv", "指标代码,数值\nsubsidised_training,1400\n")
			return request{path: "/api/v1/reports/import?period=2025-03&city=沈阳市", body: body, headers: []string{"Content-Type", ct}}
		}, sameCity(201)},
		{"GET", "/api/v1/rollup", fixed("/api/v1/rollup?year=2025&city=沈阳市"), sameCity(200)},
		{"GET", "/api/v1/rollup/cities", fixed("/api/v1/rollup/cities?year=2025&goal=new_urban_jobs"),
			only(map[string]int{"off": 403, "off2": 403, "offp": 200, "admin": 200})},
		{"GET", "/api/v1/rollup/months", fixed("/api/v1/rollup/months?year=2025&goal=new_urban_jobs&city=沈阳市"), sameCity(200)},
		{"GET", "/api/v1/rollup/groups", fixed("/api/v1/rollup/groups?year=2025&city=沈阳市"), sameCity(200)},
		{"GET", "/api/v1/rollup/export.xlsx", fixed("/api/v1/rollup/export.xlsx?year=2025&city=沈阳市"), sameCity(200)},
		{"GET", "/api/v1/audit", fixed("/api/v1/audit?city=沈阳市"), sameCity(200)},
		{"GET", "/api/v1/periods", fixed("/api/v1/periods?year=2025&city=沈阳市"), sameCity(200)},
		{"GET", "/api/v1/periods/overdue", fixed("/api/v1/periods/overdue"), officials(200)},
		{"POST", "/api/v1/periods/:period/submit", func(w *world) request {
			return request{path: "/api/v1/periods/" + w.period(0) + "/submit", body: map[string]any{"city": "沈阳市"}}
		}, sameCity(200)},
		{"POST", "/api/v1/periods/:period/close", func(w *world) request {
			return request{path: "/api/v1/periods/" + w.period(1) + "/close", body: map[string]any{"city": "沈阳市"}}
		}, only(map[string]int{"offp": 200, "admin": 200})},
		{"POST", "/api/v1/periods/:period/return", func(w *world) request {
			return request{path: "/api/v1/periods/" + w.period(1) + "/return", body: map[string]any{"city": "沈阳市", "reason": "数据待核实"}}
		}, only(map[string]int{"offp": 200, "admin": 200})},
		{"POST", "/api/v1/periods/:period/reopen", func(w *world) request {
			return request{path: "/api/v1/periods/" + w.period(2) + "/reopen", body: map[string]any{"city": "沈阳市", "reason": "补录数据"}}
		}, only(map[string]int{"offp": 200, "admin": 200})},

		{"POST", "/api/v1/users", func(w *world) request {
			return request{path: "/api/v1/users", body: map[string]any{"username": fmt.Sprintf("nu%d", w.seq()), "password": apitest.Password,
				"role": "organiser", "city": "沈阳市"}}
		}, only(map[string]int{"admin": 201})},
		{"GET", "/api/v1/users", fixed("/api/v1/users"), only(map[string]int{"admin": 200})},
		{"GET", "/api/v1/users/:id", func(w *world) request { return request{path: fmt.Sprintf("/api/v1/users/%d", w.user())} },
			only(map[string]int{"admin": 200})},
		{"PATCH", "/api/v1/users/:id", func(w *world) request {
			return request{path: fmt.Sprintf("/api/v1/users/%d", w.user()), body: map[string]any{"organisation": "沈阳市人社局"}}
		}, only(map[string]int{"admin": 200})},
		{"POST", "/api/v1/users/:id/password", func(w *world) request {
			return request{path: fmt.Sprintf("/api/v1/users/%d/password", w.user()), body: map[string]any{"password": "Another12345"}}
		}, only(map[string]int{"admin": 204})},
		{"POST", "/api/v1/goals", func(w *world) request {
			return request{path: "/api/v1/goals", body: map[string]any{"code": "special_fairs", "name": "专场招聘会", "scope": "沈阳市",
				"year_from": w.goalYear(), "year_to": 2099, "target": 80, "unit": "场", "comparison": "at_least", "source": "computed"}}
		}, only(map[string]int{"admin": 201})},
		{"POST", "/api/v1/goals/rollover", func(w *world) request {
			return request{path: "/api/v1/goals/rollover", body: map[string]any{"from_year": 2025, "to_year": w.goalYear()}}
		}, only(map[string]int{"admin": 201})},
		{"PATCH", "/api/v1/goals/:code", func(w *world) request {
			return request{path: fmt.Sprintf("/api/v1/goals/%d", w.goalID()), body: map[string]any{"carried_forward": false}}
		}, only(map[string]int{"admin": 200})},
		{"DELETE", "/api/v1/goals/:code", func(w *world) request { return request{path: fmt.Sprintf("/api/v1/goals/%d", w.cityGoal())} },
			only(map[string]int{"admin": 204})},
		{"DELETE", "/api/v1/employers/:id", func(w *world) request { return request{path: fmt.Sprintf("/api/v1/employers/%d", w.employer())} },
			only(map[string]int{"admin": 204})},
	}
}

// TestAccessMatrix calls every route of the router as every kind of caller.
// A route with no row here fails the test, so a new route cannot go unchecked.
func TestAccessMatrix(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			w := newWorld(t, dialect)
			cases := accessCases()
			covered := map[string]bool{}
			for _, c := range cases {
				covered[c.method+" "+c.path] = true
			}
			for _, r := range w.env.Router.(*gin.Engine).Routes() {
				if !covered[r.Method+" "+r.Path] {
					t.Errorf("route %s %s has no row in the access matrix", r.Method, r.Path)
				}
			}
			for _, c := range cases {
				if len(c.want) != len(callers) {
					t.Fatalf("%s %s: expectations for %d callers, want %d", c.method, c.path, len(c.want), len(callers))
				}
				for _, caller := range callers {
					req := c.make(w)
					before := apitest.Snapshot(t, w.env.Store)
					r := w.env.Do(w.token(caller), c.method, req.path, req.body, req.headers...)
					want := c.want[caller]
					if r.Code != want {
						t.Errorf("%s %s as %s: status %d, want %d: %.200s", c.method, req.path, caller, r.Code, want, r.Body)
						continue
					}
					if want >= 400 && !strings.Contains(string(r.Body), `"error"`) {
						t.Errorf("%s %s as %s: %d without the error envelope", c.method, req.path, caller, r.Code)
					}
					if (want == 401 || want == 403 || want == 404) && c.method != "GET" {
						after := apitest.Snapshot(t, w.env.Store)
						delete(before, "users") // logging in touches nothing counted, but be explicit
						delete(after, "users")
						for k, v := range before {
							if after[k] != v {
								t.Errorf("%s %s as %s was refused but changed %s: %d -> %d", c.method, req.path, caller, k, v, after[k])
							}
						}
					}
				}
			}
			if drift, err := w.env.Store.Verify(t.Context()); err != nil || len(drift) > 0 {
				t.Errorf("verify after the matrix: %v %v", drift, err)
			}
			_ = http.StatusOK
		})
	}
}
