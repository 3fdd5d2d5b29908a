package api_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

	"jobfair/api/apitest"
	"jobfair/models"
)

// TestConcurrentWrongLoginsHoldTheLock sends many wrong passwords for one
// username at the same moment: no more than the limit's number may be
// checked (401), every other one is refused (429), and the right password
// sent afterwards is refused too.
func TestConcurrentWrongLoginsHoldTheLock(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			env.User("sy_org", models.RoleOrganiser, "沈阳市", 0)
			const n = 150
			codes := make([]int, n)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					codes[i] = login(env, "sy_org", fmt.Sprintf("Wrong%08d", i)).Code
				}()
			}
			close(start)
			wg.Wait()
			counts := map[int]int{}
			for _, c := range codes {
				counts[c]++
			}
			if counts[401] > models.DefaultSessionPolicy.MaxFailures || counts[401] == 0 || counts[401]+counts[429] != n {
				t.Fatalf("answers to %d wrong passwords at once: %v; want at most %d checked (401), the rest 429",
					n, counts, models.DefaultSessionPolicy.MaxFailures)
			}
			if r := login(env, "sy_org", apitest.Password); r.Code != 429 || r.ErrorCode() != "rate_limited" {
				t.Fatalf("the right password after the burst: %d %s", r.Code, r.Body)
			}
			var failed, locked struct{ Total int }
			env.Must(200, env.Admin(), "GET", "/api/v1/audit?action=login_failed", nil).Decode(t, &failed)
			env.Must(200, env.Admin(), "GET", "/api/v1/audit?action=login_locked", nil).Decode(t, &locked)
			if failed.Total != counts[401] || locked.Total != 1 {
				t.Errorf("audit: %d failures, %d locks; want %d and 1", failed.Total, locked.Total, counts[401])
			}
		})
	}
}

// TestDisabledAccountAnswersLikeAWrongPassword: the right password of a
// disabled account must not be confirmed; the reason is in the audit trail.
func TestDisabledAccountAnswersLikeAWrongPassword(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			tok := env.User("sy_off", models.RoleOfficial, "沈阳市", 0)
			id := apitest.ID(t, env.Must(200, tok, "GET", "/api/v1/me", nil))
			env.Must(200, env.Admin(), "PATCH", fmt.Sprintf("/api/v1/users/%d", id), map[string]any{"disabled": true})
			right := login(env, "sy_off", apitest.Password)
			wrong := login(env, "sy_off", "Wrong12345678")
			if right.Code != 401 || wrong.Code != 401 || !bytes.Equal(right.Body, wrong.Body) {
				t.Fatalf("disabled account, right password: %d %s; wrong password: %d %s", right.Code, right.Body, wrong.Code, wrong.Body)
			}
			var out struct {
				Items []models.AuditEntry
			}
			env.Must(200, env.Admin(), "GET", fmt.Sprintf("/api/v1/audit?action=login_failed&record_id=%d", id), nil).Decode(t, &out)
			if len(out.Items) != 1 || out.Items[0].Detail != "账号已停用" || out.Items[0].City != "沈阳市" {
				t.Fatalf("audit of the refused login: %+v", out.Items)
			}
		})
	}
}

// TestHostileLoginNamesAreNotKept: oversized and hostile usernames answer
// 422 and leave nothing in the audit trail or the failure counts; a
// plausible unknown name is kept whole, as it is short.
func TestHostileLoginNamesAreNotKept(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			auditBefore := apitest.Count(t, env.Store, "audit_log")
			for i, name := range []string{strings.Repeat("a", 1_000_000), strings.Repeat("名", 65), "ad\x00min", "admin\a",
				"nimda\u202e", "a\u2066b", "\x7f"} {
				for range 2 {
					r := login(env, name, "Wrong12345678")
					if r.Code != 422 || r.ErrorFields()["username"] == nil {
						t.Fatalf("name %d: %d %.300s", i, r.Code, r.Body)
					}
				}
			}
			if n := apitest.Count(t, env.Store, "audit_log"); n != auditBefore {
				t.Errorf("refused logins left %d audit entries", n-auditBefore)
			}
			if n := apitest.Count(t, env.Store, "login_failures"); n != 0 {
				t.Errorf("refused logins left %d failure records", n)
			}
			name := strings.Repeat("名", 64)
			if r := login(env, name, "Wrong12345678"); r.Code != 401 {
				t.Fatalf("64-character unknown name: %d %s", r.Code, r.Body)
			}
			db, _ := env.Store.SQLDB()
			var longest int
			if err := db.QueryRow("SELECT MAX(LENGTH(username)) FROM audit_log").Scan(&longest); err != nil || longest != 64 {
				t.Errorf("longest username kept: %d (%v)", longest, err)
			}
			if err := db.QueryRow("SELECT MAX(LENGTH(key)) FROM login_failures").Scan(&longest); err != nil || longest > 64+len("user:") {
				t.Errorf("longest failure key kept: %d (%v)", longest, err)
			}
		})
	}
}
