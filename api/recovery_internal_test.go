package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"jobfair/models"
)

// recoveryEngine is the router's middleware chain in front of a few test routes.
func recoveryEngine(log *slog.Logger) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(requestID(), observe(log, newMetrics(prometheus.NewRegistry())), recovery(log), securityHeaders())
	r.GET("/panic", func(c *gin.Context) { panic("secret internals: password=hunter2 at db.go:42") })
	r.GET("/plain-error", wrap(log, func(c *gin.Context) error { return errors.New("pq: relation \"fairs\" does not exist") }))
	r.GET("/unknown-code", wrap(log, func(c *gin.Context) error { return &models.Error{Code: "weird", Message: "奇怪"} }))
	r.GET("/domain", wrap(log, func(c *gin.Context) error {
		return fmt.Errorf("find fair 3: %w", models.Conflict("已存在", 7))
	}))
	return r
}

func serve(r http.Handler, path, requestID string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("X-Request-ID", requestID)
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	return w
}

func TestPanicAnswersInternal(t *testing.T) {
	for i, p := range []string{"/panic", "/plain-error", "/unknown-code"} {
		t.Run(p, func(t *testing.T) {
			var logBuf bytes.Buffer
			rid := fmt.Sprintf("rid-%d", i)
			w := serve(recoveryEngine(slog.New(slog.NewJSONHandler(&logBuf, nil))), p, rid)
			if w.Code != http.StatusInternalServerError {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			var body ErrorBody
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
				t.Fatalf("not the envelope: %s", w.Body)
			}
			if body.Error.Code != "internal" || !strings.Contains(body.Error.Message, "内部错误") ||
				!strings.Contains(body.Error.Message, rid) || body.Error.Fields != nil {
				t.Errorf("envelope %+v", body.Error)
			}
			for _, leak := range []string{"secret", "hunter2", ".go", "goroutine", "panic", "relation", "weird", "奇怪"} {
				if strings.Contains(w.Body.String(), leak) {
					t.Errorf("answer shows %q: %s", leak, w.Body)
				}
			}
			if w.Header().Get("X-Request-ID") != rid {
				t.Errorf("request id header %q", w.Header().Get("X-Request-ID"))
			}
			var failed, request bool
			for _, line := range strings.Split(strings.TrimSpace(logBuf.String()), "\n") {
				var entry map[string]any
				if err := json.Unmarshal([]byte(line), &entry); err != nil {
					t.Fatalf("log line %q: %v", line, err)
				}
				if entry["request_id"] != rid {
					t.Errorf("log line without the request id: %s", line)
				}
				switch entry["msg"] {
				case "request failed":
					failed = true
				case "request":
					request = entry["status"] == 500.0 && entry["level"] == "ERROR"
				}
			}
			if !failed || !request {
				t.Errorf("log lacks the failure or the request line: %s", logBuf.String())
			}
		})
	}
}

func TestWriteErrorMapsDomainErrors(t *testing.T) {
	var logBuf bytes.Buffer
	w := serve(recoveryEngine(slog.New(slog.NewJSONHandler(&logBuf, nil))), "/domain", "rid-domain")
	var body ErrorBody
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if w.Code != http.StatusConflict || body.Error.Code != models.EConflict || body.Error.ID != 7 || body.Error.Message != "已存在" {
		t.Errorf("%d %s", w.Code, w.Body)
	}
	if strings.Contains(logBuf.String(), "request failed") {
		t.Errorf("a domain error was logged as a failure: %s", logBuf.String())
	}
	for code, status := range map[string]int{models.EBadRequest: 400, models.EUnauthenticated: 401, models.EForbidden: 403,
		models.ENotFound: 404, models.EConflict: 409, models.ETooLarge: 413, models.EInvalid: 422, models.ERateLimited: 429} {
		if statusOf[code] != status {
			t.Errorf("%s answers %d, want %d", code, statusOf[code], status)
		}
	}
}
