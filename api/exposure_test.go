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

// TestMetricsAreNotPublic: without a token the public port answers 404 at
// /metrics; with one, only a caller presenting it reads the figures.
func TestMetricsAreNotPublic(t *testing.T) {
	env := apitest.New(t, "sqlite")
	wantEnvelope(t, env.Do("", "GET", "/metrics", nil), 404, "not_found")
	wantEnvelope(t, env.Do(env.Admin(), "GET", "/metrics", nil), 404, "not_found")

	reg := api.NewRegistry()
	router, err := api.New(env.Handler, api.Options{Metrics: reg, MetricsToken: "metrics-token-0123456789"})
	if err != nil {
		t.Fatal(err)
	}
	get := func(h http.Handler, path string, headers ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	get(router, "/api/v1/fairs?status=foo")
	for _, auth := range []string{"", "Bearer wrong", "Bearer " + env.Admin(), "metrics-token-0123456789"} {
		if rec := get(router, "/metrics", "Authorization", auth); rec.Code != 401 || strings.Contains(rec.Body.String(), "jobfair_") {
			t.Errorf("metrics with %q: %d %.200s", auth, rec.Code, rec.Body)
		}
	}
	rec := get(router, "/metrics", "Authorization", "Bearer metrics-token-0123456789")
	for _, want := range []string{"jobfair_http_requests_total", `route="/api/v1/fairs",status="401"`, "jobfair_http_request_duration_seconds", "go_goroutines"} {
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("metrics with the token: %d, lack %s", rec.Code, want)
		}
	}
	// The handler for a separate address serves the same registry.
	if rec := get(api.MetricsHandler(reg, ""), "/metrics"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "jobfair_http_requests_total") {
		t.Errorf("metrics address: %d", rec.Code)
	}
	if rec := get(api.MetricsHandler(reg, "t0ken-for-metrics"), "/metrics"); rec.Code != 401 {
		t.Errorf("metrics address without its token: %d", rec.Code)
	}
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
