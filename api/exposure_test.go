package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"jobfair/api"
	"jobfair/api/apitest"
)

// TestPublicFairsShowNoAccountsOrCounts: anonymous visitors see a fair's
// what, where and when, not its organiser's account, sign-ups or results.
func TestPublicFairsShowNoAccountsOrCounts(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		id := w.fair(t, "秋季招聘会", "沈阳市", "2025-07-10", "chunnuan")
		w.Must(201, w.empTok, "POST", fmt.Sprintf("/api/v1/fairs/%d/signups", id), nil)
		var list struct{ Items []map[string]any }
		w.Must(200, "", "GET", "/api/v1/public/fairs", nil).Decode(t, &list)
		detail := w.Must(200, "", "GET", fmt.Sprintf("/api/v1/public/fairs/%d", id), nil).JSON()
		if len(list.Items) != 1 {
			t.Fatalf("public fairs: %v", list.Items)
		}
		for name, fair := range map[string]map[string]any{"list": list.Items[0], "detail": detail} {
			for _, hidden := range []string{"organiser_id", "signups", "visitors", "employers_attended", "posts_offered", "intents"} {
				if _, ok := fair[hidden]; ok {
					t.Errorf("public %s shows %s: %v", name, hidden, fair)
				}
			}
			for _, shown := range []string{"id", "title", "city", "venue", "starts_at", "ends_at", "mode", "programmes", "status", "organisation"} {
				if _, ok := fair[shown]; !ok {
					t.Errorf("public %s lacks %s: %v", name, shown, fair)
				}
			}
		}
		// Signed-in users still see the full record.
		if f := w.Must(200, w.org, "GET", fmt.Sprintf("/api/v1/fairs/%d", id), nil).JSON(); f["organiser_id"] == nil {
			t.Errorf("organiser's view lacks organiser_id: %v", f)
		}
	})
}

// TestContentSecurityPolicy: every answer, the web app's page included,
// carries a policy that allows no inline or evaluated script.
func TestContentSecurityPolicy(t *testing.T) {
	env := apitest.New(t, "sqlite")
	router, err := api.New(env.Handler, api.Options{Frontend: http.FS(fstest.MapFS{
		"index.html":     {Data: []byte("<!doctype html><title>x</title>")},
		"assets/app.js":  {Data: []byte("console.log(1)")},
		"assets/app.css": {Data: []byte("body{}")},
	})})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/public/fairs", "/assets/app.js", "/healthz", "/api/v1/public/fairs", "/api/v1/me"} {
		req := httptest.NewRequest("GET", p, nil)
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, req)
		csp := rec.Header().Get("Content-Security-Policy")
		if csp != api.ContentSecurityPolicy {
			t.Errorf("%s: Content-Security-Policy %q", p, csp)
		}
	}
	for _, want := range []string{"default-src 'self'", "script-src 'self';", "object-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(api.ContentSecurityPolicy, want) {
			t.Errorf("policy lacks %s", want)
		}
	}
	for _, unsafe := range []string{"unsafe-eval", "script-src 'self' 'unsafe-inline'", "*"} {
		if strings.Contains(api.ContentSecurityPolicy, unsafe) {
			t.Errorf("policy allows %s", unsafe)
		}
	}
}
