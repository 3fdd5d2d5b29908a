package api

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"jobfair/handlers"
	"jobfair/models"
)

const requestIDKey = "jobfair.request_id"

// requestID gives every request an id, taken from X-Request-ID when sane.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-ID")
		if len(id) == 0 || len(id) > 64 || strings.ContainsAny(id, " \t\r\n") {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		c.Set(requestIDKey, id)
		c.Header("X-Request-ID", id)
		c.Next()
	}
}

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jobfair_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "jobfair_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// observe logs one line per request and records its metrics. The path is
// logged without its query, which may carry names.
func observe(log *slog.Logger, m *metrics) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		d := time.Since(start)
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		status := c.Writer.Status()
		m.requests.WithLabelValues(c.Request.Method, route, strconv.Itoa(status)).Inc()
		m.duration.WithLabelValues(c.Request.Method, route).Observe(d.Seconds())
		var userID int64
		if u := handlers.UserOf(c); u != nil {
			userID = u.ID
		}
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		log.LogAttrs(c.Request.Context(), level, "request",
			slog.String("method", c.Request.Method), slog.String("path", c.Request.URL.Path),
			slog.Int("status", status), slog.Duration("duration", d),
			slog.Int64("user_id", userID), slog.String("request_id", c.GetString(requestIDKey)))
	}
}

// serverTiming tells the browser how long the server took before it began to
// answer (`Server-Timing: app;dur=<ms>`), which the browser's developer tools
// and the Resource Timing API show beside the network's share.
func serverTiming() gin.HandlerFunc {
	return func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			c.Writer = &timingWriter{ResponseWriter: c.Writer, start: time.Now()}
		}
		c.Next()
	}
}

type timingWriter struct {
	gin.ResponseWriter
	start   time.Time
	stamped bool
}

func (w *timingWriter) stamp() {
	if !w.stamped && !w.Written() {
		w.Header().Set("Server-Timing", fmt.Sprintf("app;dur=%.1f", float64(time.Since(w.start))/float64(time.Millisecond)))
	}
	w.stamped = true
}

func (w *timingWriter) Write(b []byte) (int, error) {
	w.stamp()
	return w.ResponseWriter.Write(b)
}

func (w *timingWriter) WriteString(s string) (int, error) {
	w.stamp()
	return w.ResponseWriter.WriteString(s)
}

func (w *timingWriter) WriteHeaderNow() {
	w.stamp()
	w.ResponseWriter.WriteHeaderNow()
}

// recovery answers a panic with the envelope and logs it with the request id.
func recovery(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				writeError(c, log, fmt.Errorf("panic: %v\n%s", r, debug.Stack()))
			}
		}()
		c.Next()
	}
}

// ContentSecurityPolicy lets pages load scripts, styles, fonts and data only
// from the server itself; no inline or evaluated script runs. Element Plus
// sets inline styles, hence 'unsafe-inline' for styles only; images may be
// data: or blob: URLs (icons, previews of a chosen file).
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		c.Next()
	}
}

// limitBody caps the request body; reading past the cap fails with a
// MaxBytesError, which bind turns into 413.
func limitBody(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > n {
			abort(c, models.ETooLarge, fmt.Sprintf("请求体超过%d字节上限", n))
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
		c.Next()
	}
}

// checkParams answers 404 for a path parameter that breaks the text rules:
// no record has such a key, and it must not reach a query.
func checkParams() gin.HandlerFunc {
	return func(c *gin.Context) {
		for _, p := range c.Params {
			if models.TextProblem(p.Value, models.MaxTextLen) != "" {
				abort(c, models.ENotFound, "记录不存在")
				return
			}
		}
		c.Next()
	}
}

// authenticate finds the session behind a Bearer token or the cookie and
// checks the caller's role. Cookie-authenticated writes must carry
// X-Requested-With, which a cross-site form cannot send.
func authenticate(h *handlers.Handler, roles []string) gin.HandlerFunc {
	return func(c *gin.Context) {
		token, byCookie := "", false
		if auth := c.GetHeader("Authorization"); strings.HasPrefix(auth, "Bearer ") {
			token = strings.TrimSpace(strings.TrimPrefix(auth, "Bearer "))
		} else if ck, err := c.Cookie(handlers.SessionCookie); err == nil {
			token, byCookie = ck, true
		}
		u, sessionID, err := h.Store.Authenticate(c.Request.Context(), token, h.Cfg.Policy)
		if err != nil {
			writeError(c, h.Log, err)
			return
		}
		handlers.SetUser(c, u, sessionID)
		if byCookie && !safeMethod(c.Request.Method) && c.GetHeader("X-Requested-With") != "XMLHttpRequest" {
			abort(c, models.EForbidden, "请求缺少 X-Requested-With 头（跨站请求防护）")
			return
		}
		for _, r := range roles {
			if r == u.Role {
				c.Next()
				return
			}
		}
		abort(c, models.EForbidden, "当前角色无权执行此操作")
	}
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}
