package api_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"jobfair/api"
	"jobfair/api/apitest"
	"jobfair/handlers"
	"jobfair/models"
)

// get asks router for path, anonymously.
func get(router http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	router.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec
}

// TestReadiness: /readyz answers 200 only once the database answers and
// carries this release's migrations, and /healthz keeps its contract.
func TestReadiness(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			s, err := models.Open(ctx, apitest.DSN(t, d), apitest.Secret)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var log bytes.Buffer
			h := handlers.New(s, slog.New(slog.NewJSONHandler(&log, nil)), handlers.Config{Policy: models.DefaultSessionPolicy})
			extra := prometheus.NewCounter(prometheus.CounterOpts{Name: "jobfair_test_extra_total", Help: "A collector passed in."})
			const token = "metrics-token-0123456789abcdef0123"
			router, err := api.New(h, api.Options{Collectors: []prometheus.Collector{extra}, MetricsToken: token})
			if err != nil {
				t.Fatal(err)
			}
			notReady := func(what, says string) {
				t.Helper()
				r := get(router, "/readyz")
				if r.Code != http.StatusServiceUnavailable || !strings.Contains(r.Body.String(), `"unavailable"`) ||
					!strings.Contains(r.Body.String(), says) {
					t.Errorf("%s: /readyz %d %s, want 503 saying %q", what, r.Code, r.Body, says)
				}
			}
			notReady("before any migration", "结构版本")
			if err := s.MigrateFS(ctx, nil, 1); err != nil {
				t.Fatal(err)
			}
			notReady("migrations pending", "迁移尚未完成")
			if r := get(router, "/healthz"); r.Code != 200 {
				t.Errorf("/healthz while migrations are pending: %d (alive, if not ready)", r.Code)
			}
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			r := get(router, "/readyz")
			if r.Code != 200 || strings.TrimSpace(r.Body.String()) != `{"status":"ok"}` {
				t.Errorf("/readyz once migrated: %d %s", r.Code, r.Body)
			}
			if r := get(router, "/healthz"); r.Code != 200 || strings.TrimSpace(r.Body.String()) != `{"status":"ok"}` {
				t.Errorf("/healthz: %d %s", r.Code, r.Body)
			}
			mreq := httptest.NewRequest("GET", "/metrics", nil)
			mreq.Header.Set("Authorization", "Bearer "+token)
			mrec := httptest.NewRecorder()
			router.ServeHTTP(mrec, mreq)
			if !strings.Contains(mrec.Body.String(), "jobfair_test_extra_total") {
				t.Error("/metrics lacks a collector passed in the options")
			}
			s.Close()
			notReady("database closed", "数据库暂时无法访问")
			if !strings.Contains(log.String(), "readiness check failed") {
				t.Error("a failed readiness check was not logged")
			}
		})
	}
}

// Every API answer says how long the server took, for the browser's
// developer tools and the list budget test; the web app's files do not.
func TestServerTiming(t *testing.T) {
	e := apitest.New(t, "sqlite")
	tok := e.Admin()
	for _, path := range []string{"/api/v1/fairs", "/api/v1/fairs", "/api/v1/public/jobs", "/api/v1/nothing-here"} {
		r := e.Do(tok, "GET", path, nil)
		if !regexp.MustCompile(`^app;dur=\d+\.\d$`).MatchString(r.Header.Get("Server-Timing")) {
			t.Errorf("%s: Server-Timing %q", path, r.Header.Get("Server-Timing"))
		}
	}
	if got := e.Do("", "GET", "/healthz", nil).Header.Get("Server-Timing"); got != "" {
		t.Errorf("/healthz: Server-Timing %q", got)
	}
}
