package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// totalOf reads a list answer's total.
func totalOf(t *testing.T, w *recWorld, token, path string) int64 {
	t.Helper()
	var page listPage
	w.Must(http.StatusOK, token, "GET", path, nil).Decode(t, &page)
	return int64(page.Total)
}

// Kept answers never outlive a write through the server: each list shows the
// new record at once, for the writer and for everyone else.
func TestKeptAnswersEndAtEveryWrite(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		paths := []string{"/api/v1/fairs?page_size=50", "/api/v1/public/fairs?page_size=50"}
		before := map[string]int64{}
		for _, p := range paths {
			before[p] = totalOf(t, w, w.admin, p)
			if again := totalOf(t, w, w.admin, p); again != before[p] {
				t.Fatalf("%s: %d then %d without a write", p, before[p], again)
			}
		}
		id := w.fair(t, "缓存测试招聘会", "沈阳市", "2025-07-20", "chunnuan")
		for _, p := range paths {
			if got := totalOf(t, w, w.admin, p); got != before[p]+1 {
				t.Errorf("%s after a new fair: total %d, want %d", p, got, before[p]+1)
			}
		}
		w.Must(http.StatusOK, w.org, "PATCH", fmt.Sprintf("/api/v1/fairs/%d", id), map[string]any{"title": "改名后的招聘会"})
		if got := titlesOf(t, w, w.admin, "/api/v1/fairs?q=改名后", "title"); len(got) != 1 {
			t.Errorf("renamed fair not found: %q", got)
		}
		var page listPage
		w.Must(http.StatusOK, w.admin, "GET", "/api/v1/fairs?page_size=50", nil).Decode(t, &page)
		found := false
		for _, it := range page.Items {
			if it["title"] == "改名后的招聘会" {
				found = true
			}
			if it["title"] == "缓存测试招聘会" {
				t.Errorf("the list still shows the old title")
			}
		}
		if !found {
			t.Errorf("the list does not show the new title")
		}
		w.Must(http.StatusNoContent, w.org, "DELETE", fmt.Sprintf("/api/v1/fairs/%d", id), nil)
		if got := totalOf(t, w, w.admin, paths[0]); got != before[paths[0]] {
			t.Errorf("after the delete: total %d, want %d", got, before[paths[0]])
		}
	})
}

// An answer is kept for its caller only: an employer never gets the
// administrator's list of every employer's jobs.
func TestKeptAnswersBelongToTheirCaller(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		w.job(t, w.emp, "数控车床操作工", "2025-06-01", 3)
		w.job(t, w.emp2, "港口机械维修工", "2025-06-01", 2)
		const path = "/api/v1/jobs?page_size=20"
		if got := totalOf(t, w, w.admin, path); got != 2 {
			t.Fatalf("admin sees %d jobs, want 2", got)
		}
		if got := totalOf(t, w, w.empTok, path); got != 1 {
			t.Errorf("employer sees %d jobs after the admin's read, want its own 1", got)
		}
		if got := totalOf(t, w, "", "/api/v1/public/jobs?page_size=20"); got != 2 {
			t.Errorf("the public sees %d jobs, want 2", got)
		}
	})
}

// What another process writes (another instance, a command) is seen once
// the kept answer's second is over.
func TestKeptAnswersExpire(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		id := w.fair(t, "另一进程改名前", "沈阳市", "2025-07-20", "chunnuan")
		const path = "/api/v1/fairs?page_size=50"
		if got := titlesOf(t, w, w.admin, path, "title"); len(got) != 1 || got[0] != "另一进程改名前" {
			t.Fatalf("titles %q", got)
		}
		db, err := w.Store.SQLDB()
		if err != nil {
			t.Fatal(err)
		}
		q := "UPDATE fairs SET title = ? WHERE id = ?"
		if w.Store.Dialect == "postgres" {
			q = "UPDATE fairs SET title = $1 WHERE id = $2"
		}
		if _, err := db.Exec(q, "另一进程改名后", id); err != nil {
			t.Fatal(err)
		}
		w.Clock.Advance(time.Second)
		time.Sleep(time.Second)
		if got := titlesOf(t, w, w.admin, path, "title"); len(got) != 1 || got[0] != "另一进程改名后" {
			t.Errorf("after a second: titles %q, want the other process's", got)
		}
	})
}

// A signed-in session is remembered for a moment, but a logout ends it at
// once.
func TestLogoutEndsARememberedSession(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		tok := w.Login("organiser1", "Test12345678")
		w.Must(http.StatusOK, tok, "GET", "/api/v1/me", nil)
		w.Must(http.StatusOK, tok, "GET", "/api/v1/me", nil)
		w.Must(http.StatusNoContent, tok, "POST", "/api/v1/auth/logout", nil)
		if r := w.Do(tok, "GET", "/api/v1/me", nil); r.Code != http.StatusUnauthorized {
			t.Errorf("after logout: %d, want 401", r.Code)
		}
		if r := w.Do(tok, "GET", "/api/v1/fairs?page_size=50", nil); r.Code != http.StatusUnauthorized {
			t.Errorf("kept list after logout: %d, want 401", r.Code)
		}
	})
}
