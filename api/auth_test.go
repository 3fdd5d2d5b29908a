package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"jobfair/api/apitest"
	"jobfair/models"
)

func login(env *apitest.Env, username, password string, headers ...string) *apitest.Response {
	return env.Do("", "POST", "/api/v1/auth/login", map[string]string{"username": username, "password": password}, headers...)
}

func TestLoginAnswersTokenAndCookie(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			r := login(env, "admin", apitest.AdminPassword)
			if r.Code != 200 {
				t.Fatalf("login: %d %s", r.Code, r.Body)
			}
			var out struct {
				Token string
				User  struct {
					ID       int64
					Username string
					Role     string
				}
			}
			r.Decode(t, &out)
			if out.Token == "" || out.User.Username != "admin" || out.User.Role != "admin" {
				t.Fatalf("login answer: %s", r.Body)
			}
			if strings.Contains(string(r.Body), "password") {
				t.Errorf("login answer mentions a password: %s", r.Body)
			}
			ck := r.Header.Get("Set-Cookie")
			for _, want := range []string{"jobfair_session=" + out.Token, "HttpOnly", "SameSite=Lax", "Path=/"} {
				if !strings.Contains(ck, want) {
					t.Errorf("cookie %q lacks %q", ck, want)
				}
			}
			if strings.Contains(ck, "Secure") {
				t.Errorf("cookie over plain HTTP is Secure: %q", ck)
			}
			r = login(env, "admin", apitest.AdminPassword, "X-Forwarded-Proto", "https")
			if !strings.Contains(r.Header.Get("Set-Cookie"), "Secure") {
				t.Errorf("cookie behind TLS is not Secure: %q", r.Header.Get("Set-Cookie"))
			}
		})
	}
}

func TestUnknownUserAndWrongPasswordLookTheSame(t *testing.T) {
	env := apitest.New(t, "sqlite")
	a := login(env, "admin", "Wrong12345678")
	b := login(env, "nobody", "Wrong12345678")
	if a.Code != 401 || b.Code != 401 || string(a.Body) != string(b.Body) {
		t.Fatalf("wrong password %d %s, unknown user %d %s", a.Code, a.Body, b.Code, b.Body)
	}
}

func TestLockoutAndExpiry(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			env.User("sy_org", models.RoleOrganiser, "沈阳市", 0)
			for i := 0; i < 4; i++ {
				if r := login(env, "sy_org", "Wrong12345678"); r.Code != 401 {
					t.Fatalf("failure %d: %d", i+1, r.Code)
				}
				env.Clock.Advance(time.Minute)
			}
			// Four failures do not lock: the right password still works.
			if r := login(env, "sy_org", apitest.Password); r.Code != 200 {
				t.Fatalf("after 4 failures: %d %s", r.Code, r.Body)
			}
			// A success clears the count; five new failures lock the username.
			for i := 0; i < 5; i++ {
				login(env, "sy_org", "Wrong12345678")
			}
			r := login(env, "sy_org", apitest.Password)
			if r.Code != 429 || r.ErrorCode() != "rate_limited" {
				t.Fatalf("locked login with the right password: %d %s", r.Code, r.Body)
			}
			// Other users are not affected.
			if r := login(env, "admin", apitest.AdminPassword); r.Code != 200 {
				t.Fatalf("admin during another user's lock: %d", r.Code)
			}
			env.Clock.Advance(14 * time.Minute)
			if r := login(env, "sy_org", apitest.Password); r.Code != 429 {
				t.Fatalf("14 minutes into the lock: %d", r.Code)
			}
			env.Clock.Advance(2 * time.Minute)
			if r := login(env, "sy_org", apitest.Password); r.Code != 200 {
				t.Fatalf("after the lock: %d %s", r.Code, r.Body)
			}
			r = env.Must(200, env.Admin(), "GET", "/api/v1/audit?action=login_locked", nil)
			if total := r.JSON()["total"].(float64); total != 1 {
				t.Errorf("audit entries for the lock: %v, want 1", total)
			}
		})
	}
}

func TestAddressLimit(t *testing.T) {
	env := apitest.New(t, "sqlite")
	for i := 0; i < models.DefaultSessionPolicy.AddrFailures; i++ {
		login(env, fmt.Sprintf("guess%d", i), "Wrong12345678")
	}
	if r := login(env, "admin", apitest.AdminPassword); r.Code != 429 {
		t.Fatalf("login from a locked address: %d %s", r.Code, r.Body)
	}
}

func TestLogoutRevokesAtOnce(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			tok := env.Login("admin", apitest.AdminPassword)
			other := env.Login("admin", apitest.AdminPassword)
			env.Must(200, tok, "GET", "/api/v1/me", nil)
			env.Must(204, tok, "POST", "/api/v1/auth/logout", nil)
			if r := env.Do(tok, "GET", "/api/v1/me", nil); r.Code != 401 {
				t.Fatalf("after logout: %d", r.Code)
			}
			env.Must(200, other, "GET", "/api/v1/me", nil)
		})
	}
}

func TestIdleAndAbsoluteExpiry(t *testing.T) {
	env := apitest.New(t, "sqlite")
	tok := env.Login("admin", apitest.AdminPassword)
	env.Clock.Advance(29 * time.Minute)
	env.Must(200, tok, "GET", "/api/v1/me", nil)
	env.Clock.Advance(29 * time.Minute) // active a minute ago counts from the last use
	env.Must(200, tok, "GET", "/api/v1/me", nil)
	env.Clock.Advance(31 * time.Minute)
	if r := env.Do(tok, "GET", "/api/v1/me", nil); r.Code != 401 {
		t.Fatalf("after 31 idle minutes: %d", r.Code)
	}

	tok = env.Login("admin", apitest.AdminPassword)
	for elapsed := time.Duration(0); elapsed < 12*time.Hour-20*time.Minute; elapsed += 20 * time.Minute {
		env.Clock.Advance(20 * time.Minute)
		env.Must(200, tok, "GET", "/api/v1/me", nil)
	}
	env.Clock.Advance(21 * time.Minute)
	if r := env.Do(tok, "GET", "/api/v1/me", nil); r.Code != 401 {
		t.Fatalf("after 12 hours of use: %d", r.Code)
	}
}

func TestDisabledUserRefusedAtOnce(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			tok := env.User("sy_off", models.RoleOfficial, "沈阳市", 0)
			env.Must(200, tok, "GET", "/api/v1/me", nil)
			id := apitest.ID(t, env.Must(200, tok, "GET", "/api/v1/me", nil))
			env.Must(200, env.Admin(), "PATCH", fmt.Sprintf("/api/v1/users/%d", id), map[string]any{"disabled": true})
			if r := env.Do(tok, "GET", "/api/v1/me", nil); r.Code != 401 {
				t.Fatalf("disabled user's live token: %d", r.Code)
			}
			if r := login(env, "sy_off", apitest.Password); r.Code != 401 {
				t.Fatalf("disabled user's login: %d", r.Code)
			}
			env.Must(200, env.Admin(), "PATCH", fmt.Sprintf("/api/v1/users/%d", id), map[string]any{"disabled": false})
			if r := login(env, "sy_off", apitest.Password); r.Code != 200 {
				t.Fatalf("re-enabled user's login: %d", r.Code)
			}
		})
	}
}

// cookieRequest sends a request authenticated by the session cookie only.
func cookieRequest(env *apitest.Env, token, method, path, body string, headers ...string) int {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(&http.Cookie{Name: "jobfair_session", Value: token})
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return env.Serve(req).Code
}

func TestCSRFOnCookieWrites(t *testing.T) {
	env := apitest.New(t, "sqlite")
	tok := env.Admin()
	body := `{"name":"沈阳丙公司","credit_code":"` + apitest.CreditCode("丙") + `","city":"沈阳市"}`
	if code := cookieRequest(env, tok, "GET", "/api/v1/me", ""); code != 200 {
		t.Fatalf("cookie read: %d", code)
	}
	before := apitest.Count(t, env.Store, "employers")
	if code := cookieRequest(env, tok, "POST", "/api/v1/employers", body); code != 403 {
		t.Fatalf("cookie write without the header: %d", code)
	}
	if n := apitest.Count(t, env.Store, "employers"); n != before {
		t.Fatalf("refused write changed employers: %d -> %d", before, n)
	}
	if code := cookieRequest(env, tok, "POST", "/api/v1/employers", body, "X-Requested-With", "XMLHttpRequest"); code != 201 {
		t.Fatalf("cookie write with the header: %d", code)
	}
	// Bearer calls need no header.
	env.Must(201, tok, "POST", "/api/v1/employers", map[string]any{"name": "沈阳丁公司", "credit_code": apitest.CreditCode("丁"), "city": "沈阳市"})
}

func TestPasswordRules(t *testing.T) {
	env := apitest.New(t, "sqlite")
	for _, c := range []struct{ username, password, why string }{
		{"sy_a", "Short1", "short"},
		{"sy_b", "onlyletterspassword", "no digit"},
		{"sy_c", "1234567890123", "no letter"},
		{"liaoning", "Liaoning2025", "contains the username"},
		{"LIAONING2", "xliaoning2x99", "contains the username in another case"},
	} {
		r := env.Do(env.Admin(), "POST", "/api/v1/users", map[string]any{"username": c.username, "password": c.password, "role": "official"})
		if r.Code != 422 || r.ErrorFields()["password"] == nil {
			t.Errorf("%s (%s): %d %s", c.password, c.why, r.Code, r.Body)
		}
	}
	if n := apitest.Count(t, env.Store, "users"); n != 1 {
		t.Errorf("refused users were created: %d users", n)
	}
	r := env.Do(env.Admin(), "POST", "/api/v1/users", map[string]any{"username": "emp_x", "password": apitest.Password, "role": "employer"})
	if r.Code != 422 || r.ErrorFields()["employer_id"] == nil {
		t.Errorf("employer user without employer_id: %d %s", r.Code, r.Body)
	}
	env.User("dup", models.RoleOfficial, "", 0)
	r = env.Do(env.Admin(), "POST", "/api/v1/users", map[string]any{"username": "dup", "password": apitest.Password, "role": "official"})
	if r.Code != 409 {
		t.Errorf("duplicate username: %d %s", r.Code, r.Body)
	}
}

func TestChangeOwnPasswordEndsOtherSessions(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			env.User("sy_off", models.RoleOfficial, "沈阳市", 0)
			current := env.Login("sy_off", apitest.Password)
			other := env.Login("sy_off", apitest.Password)
			r := env.Do(current, "PATCH", "/api/v1/me/password", map[string]string{"old_password": "Wrong12345678", "new_password": "Newpass12345"})
			if r.Code != 422 || r.ErrorFields()["old_password"] == nil {
				t.Fatalf("wrong old password: %d %s", r.Code, r.Body)
			}
			r = env.Do(current, "PATCH", "/api/v1/me/password", map[string]string{"old_password": apitest.Password, "new_password": "short1"})
			if r.Code != 422 || r.ErrorFields()["new_password"] == nil {
				t.Fatalf("weak new password: %d %s", r.Code, r.Body)
			}
			env.Must(204, current, "PATCH", "/api/v1/me/password", map[string]string{"old_password": apitest.Password, "new_password": "Newpass12345"})
			env.Must(200, current, "GET", "/api/v1/me", nil)
			if r := env.Do(other, "GET", "/api/v1/me", nil); r.Code != 401 {
				t.Fatalf("other session after the change: %d", r.Code)
			}
			if r := login(env, "sy_off", apitest.Password); r.Code != 401 {
				t.Fatalf("old password still works: %d", r.Code)
			}
			tok := env.Login("sy_off", "Newpass12345")
			// An admin's reset ends every session of the user.
			id := apitest.ID(t, env.Must(200, tok, "GET", "/api/v1/me", nil))
			env.Must(204, env.Admin(), "POST", fmt.Sprintf("/api/v1/users/%d/password", id), map[string]string{"password": "Reset1234567"})
			if r := env.Do(tok, "GET", "/api/v1/me", nil); r.Code != 401 {
				t.Fatalf("session after an admin reset: %d", r.Code)
			}
			env.Login("sy_off", "Reset1234567")
		})
	}
}

func TestEnsureAdminOnlyOnce(t *testing.T) {
	env := apitest.New(t, "sqlite")
	made, err := env.Store.EnsureAdmin(context.Background(), "Another12345")
	if err != nil || made {
		t.Fatalf("second EnsureAdmin: made=%v err=%v", made, err)
	}
	env.Login("admin", apitest.AdminPassword)
}

// TestNoSecretsLeak drives logins, a password change and a placement, then
// looks for the passwords, the tokens and the raw ID number in every answer,
// the log and the audit trail.
func TestNoSecretsLeak(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			var bodies []string
			e1 := env.Employer("沈阳甲公司", "沈阳市")
			orgTok := env.User("sy_org", models.RoleOrganiser, "沈阳市", 0)
			login(env, "sy_org", "Wrong98765432")
			rawID := apitest.IDNumber("210102", "1990-01-02", 17)
			r := env.Must(201, orgTok, "POST", "/api/v1/placements", map[string]any{"person_name": "赵六", "id_number": rawID,
				"groups": []string{"reemployed"}, "employer_id": e1, "city": "沈阳市", "placed_on": "2025-05-05"})
			bodies = append(bodies, string(r.Body))
			bad := env.Do(orgTok, "POST", "/api/v1/placements", map[string]any{"person_name": "赵六", "id_number": rawID,
				"groups": []string{"reemployed"}, "employer_id": e1, "city": "沈阳市", "placed_on": "2025-06-05"})
			bodies = append(bodies, string(bad.Body))
			r = env.Must(204, orgTok, "PATCH", "/api/v1/me/password", map[string]string{"old_password": apitest.Password, "new_password": "Changed12345"})
			newTok := env.Login("sy_org", "Changed12345")
			for _, p := range []string{"/api/v1/placements", "/api/v1/audit?page_size=500", "/api/v1/users", "/api/v1/me"} {
				bodies = append(bodies, string(env.Must(200, env.Admin(), "GET", p, nil).Body))
			}
			db, _ := env.Store.SQLDB()
			rows, err := db.Query("SELECT changes || ' ' || detail || ' ' || username FROM audit_log")
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var s string
				rows.Scan(&s)
				bodies = append(bodies, s)
			}
			rows.Close()
			var stored string
			db.QueryRow("SELECT person_name || id_hash || id_masked FROM placements").Scan(&stored)
			bodies = append(bodies, stored, env.Log.String())
			all := strings.Join(bodies, "\n")
			for name, secret := range map[string]string{"raw ID number": rawID, "old password": apitest.Password,
				"new password": "Changed12345", "wrong password": "Wrong98765432", "admin password": apitest.AdminPassword,
				"organiser token": orgTok, "new token": newTok, "admin token": env.Admin()} {
				if strings.Contains(all, secret) {
					t.Errorf("%s found in answers, log or audit trail", name)
				}
			}
			if !strings.Contains(all, rawID[:4]+"**********"+rawID[14:]) {
				t.Errorf("masked ID number not shown")
			}
		})
	}
}

func TestAuditOfUserChanges(t *testing.T) {
	env := apitest.New(t, "sqlite")
	tok := env.User("sy_off", models.RoleOfficial, "沈阳市", 0)
	id := apitest.ID(t, env.Must(200, tok, "GET", "/api/v1/me", nil))
	env.Must(200, env.Admin(), "PATCH", fmt.Sprintf("/api/v1/users/%d", id), map[string]any{"role": "organiser"})
	r := env.Must(200, env.Admin(), "GET", fmt.Sprintf("/api/v1/audit?record_type=user&record_id=%d&action=update", id), nil)
	var out struct {
		Items []models.AuditEntry
	}
	r.Decode(t, &out)
	if len(out.Items) != 1 {
		t.Fatalf("audit entries: %s", r.Body)
	}
	ch := out.Items[0].Changes["role"]
	if ch.Old != "official" || ch.New != "organiser" || out.Items[0].Username != "admin" || out.Items[0].Address == "" {
		t.Errorf("audit entry: %+v", out.Items[0])
	}
	// The audit trail cannot be changed through the API.
	for _, m := range []string{"POST", "PATCH", "DELETE", "PUT"} {
		if r := env.Do(env.Admin(), m, "/api/v1/audit", nil); r.Code != 405 && r.Code != 404 {
			t.Errorf("%s /api/v1/audit: %d", m, r.Code)
		}
	}
}

func TestCityOfficialSeesItsCityAudit(t *testing.T) {
	env := apitest.New(t, "sqlite")
	env.Employer("沈阳甲公司", "沈阳市")
	env.Employer("大连乙公司", "大连市")
	tok := env.User("sy_off", models.RoleOfficial, "沈阳市", 0)
	var out struct {
		Items []models.AuditEntry
		Total int
	}
	env.Must(200, tok, "GET", "/api/v1/audit?record_type=employer", nil).Decode(t, &out)
	if out.Total != 1 || out.Items[0].City != "沈阳市" {
		t.Fatalf("city official's audit: %+v", out)
	}
	if r := env.Do(tok, "GET", "/api/v1/audit?city=大连市", nil); r.Code != 403 {
		t.Fatalf("another city's audit: %d", r.Code)
	}
}
