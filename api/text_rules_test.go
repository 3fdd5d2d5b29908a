package api_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"jobfair/api/apitest"
)

// TestHostileTextIsRefused sends control characters, bidirectional
// overrides and oversized text in written fields, search terms and path
// parameters: each answers a 4xx naming the field and changes nothing.
func TestHostileTextIsRefused(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		fair := w.fair(t, "春季招聘会", "沈阳市", "2025-07-10", "chunnuan")
		job := apitest.ID(t, w.Must(201, w.admin, "POST", "/api/v1/jobs", map[string]any{"employer_id": w.emp, "title": "焊工",
			"city": "沈阳市", "headcount": 2, "posted_on": "2025-06-01"}))
		employer := func(field, value string) map[string]any {
			m := map[string]any{"name": "沈阳某某有限公司", "credit_code": apitest.CreditCode("hostile"), "city": "沈阳市", "industry": "制造业"}
			m[field] = value
			return m
		}
		fairWith := func(field, value string) map[string]any {
			m := fairInput("夏季招聘会", "沈阳市", "2025-07-20", "chunnuan")
			m[field] = value
			return m
		}
		placement := map[string]any{"person_name": "张\a三", "id_number": apitest.IDNumber("210102", "1990-01-02", 1) + "\x00",
			"groups": []string{"reemployed\u202e"}, "employer_id": w.emp, "city": "沈阳市", "placed_on": "2025-05-05"}
		cases := []rejected{
			{name: "NUL in an employer name", token: w.admin, method: "POST", path: "/api/v1/employers", body: employer("name", "沈阳\x00公司"),
				status: 422, code: "validation_failed", fields: []string{"name"}},
			{name: "BEL in an employer name", token: w.admin, method: "POST", path: "/api/v1/employers", body: employer("name", "沈阳\a公司"),
				status: 422, code: "validation_failed", fields: []string{"name"}},
			{name: "right-to-left override in an employer name", token: w.admin, method: "POST", path: "/api/v1/employers",
				body: employer("name", "沈阳\u202e司公"), status: 422, code: "validation_failed", fields: []string{"name"}},
			{name: "isolate in an industry", token: w.admin, method: "POST", path: "/api/v1/employers", body: employer("industry", "制造\u2067业"),
				status: 422, code: "validation_failed", fields: []string{"industry"}},
			{name: "newline in an employer name, with a bad credit code", token: w.admin, method: "POST", path: "/api/v1/employers",
				body: map[string]any{"name": "a\nb", "credit_code": "x", "city": "沈阳市"}, status: 422, code: "validation_failed",
				fields: []string{"name", "credit_code"}},
			{name: "NUL in an employer patch", token: w.admin, method: "PATCH", path: fmt.Sprintf("/api/v1/employers/%d", w.emp),
				body: map[string]any{"name": "\x00"}, status: 422, code: "validation_failed", fields: []string{"name"}},
			{name: "NUL in a fair title", token: w.org, method: "POST", path: "/api/v1/fairs", body: fairWith("title", "招聘\x00会"),
				status: 422, code: "validation_failed", fields: []string{"title"}},
			{name: "override in a venue", token: w.org, method: "POST", path: "/api/v1/fairs", body: fairWith("venue", "\u202d会展中心"),
				status: 422, code: "validation_failed", fields: []string{"venue"}},
			{name: "venue over 200 characters", token: w.org, method: "POST", path: "/api/v1/fairs", body: fairWith("venue", strings.Repeat("馆", 201)),
				status: 422, code: "validation_failed", fields: []string{"venue"}},
			{name: "NUL in a programme", token: w.org, method: "POST", path: "/api/v1/fairs",
				body: map[string]any{"title": "x", "city": "沈阳市", "mode": "onsite", "programmes": []string{"chunnuan", "graduates\x00"},
					"starts_at": "2025-07-20T09:00:00+08:00", "ends_at": "2025-07-20T16:00:00+08:00"},
				status: 422, code: "validation_failed", fields: []string{"programmes[1]"}},
			{name: "NUL in a fair patch", token: w.org, method: "PATCH", path: fmt.Sprintf("/api/v1/fairs/%d", fair),
				body: map[string]any{"venue": "a\x00"}, status: 422, code: "validation_failed", fields: []string{"venue"}},
			{name: "NUL in a job title", token: w.admin, method: "POST", path: "/api/v1/jobs",
				body:   map[string]any{"employer_id": w.emp, "title": "焊\x00工", "city": "沈阳市", "headcount": 1},
				status: 422, code: "validation_failed", fields: []string{"title"}},
			{name: "BEL in a job patch", token: w.admin, method: "PATCH", path: fmt.Sprintf("/api/v1/jobs/%d", job),
				body: map[string]any{"title": "焊工\a"}, status: 422, code: "validation_failed", fields: []string{"title"}},
			{name: "control characters in a placement", token: w.org, method: "POST", path: "/api/v1/placements", body: placement,
				status: 422, code: "validation_failed", fields: []string{"person_name", "id_number", "groups[0]"}, absent: "1990"},
			{name: "NUL in a new username and organisation", token: w.admin, method: "POST", path: "/api/v1/users",
				body:   map[string]any{"username": "new\x00user", "password": apitest.Password, "role": "official", "organisation": "\a"},
				status: 422, code: "validation_failed", fields: []string{"username", "organisation"}},
			{name: "a password bcrypt cannot take", token: w.admin, method: "POST", path: "/api/v1/users",
				body:   map[string]any{"username": "long_pw", "password": strings.Repeat("密码1", 20), "role": "official"},
				status: 422, code: "validation_failed", fields: []string{"password"}},
			{name: "NUL in a user patch", token: w.admin, method: "PATCH", path: "/api/v1/users/1",
				body: map[string]any{"organisation": "\x00"}, status: 422, code: "validation_failed", fields: []string{"organisation"}},
			{name: "NUL in a goal name", token: w.admin, method: "POST", path: "/api/v1/goals",
				body: map[string]any{"code": "x", "name": "目标\x00", "scope": "province", "year_from": 2025, "year_to": 2025,
					"target": 1, "comparison": "at_least", "source": "reported"},
				status: 422, code: "validation_failed", fields: []string{"name"}},
			{name: "NUL in a password change", token: w.admin, method: "PATCH", path: "/api/v1/me/password",
				body:   map[string]any{"old_password": apitest.AdminPassword, "new_password": "Newpass\x0012345"},
				status: 422, code: "validation_failed", fields: []string{"new_password"}},
			{name: "NUL in a path parameter", token: w.admin, method: "GET", path: "/api/v1/goals/%00/reports",
				status: 404, code: "not_found"},
			{name: "override in a path parameter", token: w.admin, method: "POST", path: "/api/v1/goals/" + url.PathEscape("x\u202e") + "/reports",
				body: map[string]any{"period": "2025-05", "value": 1}, status: 404, code: "not_found"},
			{name: "NUL in an audit filter", token: w.admin, method: "GET", path: "/api/v1/audit?action=%00",
				status: 422, code: "validation_failed", fields: []string{"action"}},
			{name: "a bad city and a NUL at once", token: w.admin, method: "GET", path: "/api/v1/fairs?city=北京市&q=%00",
				status: 400, code: "bad_request", fields: []string{"city", "q"}},
		}
		long := url.QueryEscape(strings.Repeat("岗", 50_001))
		for _, p := range []string{"/api/v1/public/jobs", "/api/v1/public/fairs", "/api/v1/employers", "/api/v1/fairs", "/api/v1/jobs",
			"/api/v1/users"} {
			token := w.admin
			if strings.Contains(p, "/public/") {
				token = ""
			}
			cases = append(cases,
				rejected{name: p + " q over 50,000 characters", token: token, method: "GET", path: p + "?q=" + long,
					status: 422, code: "validation_failed", fields: []string{"q"}},
				rejected{name: p + " q of 201 characters", token: token, method: "GET", path: p + "?q=" + strings.Repeat("a", 201),
					status: 422, code: "validation_failed", fields: []string{"q"}},
				rejected{name: p + " NUL in q", token: token, method: "GET", path: p + "?q=a%00b",
					status: 422, code: "validation_failed", fields: []string{"q"}},
				rejected{name: p + " invalid UTF-8 in q", token: token, method: "GET", path: p + "?q=%FF",
					status: 422, code: "validation_failed", fields: []string{"q"}},
			)
			if r := w.Do(token, "GET", p+"?q="+url.QueryEscape(strings.Repeat("岗", 200)), nil); r.Code != 200 {
				t.Errorf("%s with q of 200 characters: %d %s", p, r.Code, r.Body)
			}
		}
		checkRejected(t, w, cases)
	})
}
