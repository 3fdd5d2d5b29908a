// Package apitest builds what API and store tests need: a fresh migrated
// database per test (SQLite, or a schema of its own on PostgreSQL), the real
// router on it, users of each role and small request helpers.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"jobfair/api"
	"jobfair/handlers"
	"jobfair/models"
	"jobfair/models/storetest"
	"jobfair/seeds"
)

// PostgresEnv names the PostgreSQL server tests use.
const PostgresEnv = storetest.PostgresEnv

// Dialects are the databases every API test runs on.
var Dialects = storetest.Dialects

// Secret keys the ID hashes in tests.
var Secret = storetest.Secret

// DSN makes a fresh, empty database for one test; see storetest.DSN.
func DSN(t testing.TB, dialect string) string {
	t.Helper()
	return storetest.DSN(t, dialect)
}

// NewStore opens a fresh database of dialect, migrated and seeded with the
// reference data and the plan's goals.
func NewStore(t testing.TB, dialect string) *models.Store {
	t.Helper()
	s := storetest.NewStore(t, dialect)
	if err := seeds.Load(context.Background(), s); err != nil {
		t.Fatalf("seed: %v", err)
	}
	return s
}

// Clock is a settable clock for tests.
type Clock struct{ T time.Time }

// Now answers the clock's time.
func (c *Clock) Now() time.Time { return c.T }

// Advance moves the clock on.
func (c *Clock) Advance(d time.Duration) { c.T = c.T.Add(d) }

// Env is a router on a fresh database, with its store, clock and log.
type Env struct {
	T       testing.TB
	Store   *models.Store
	Handler *handlers.Handler
	Router  http.Handler
	Clock   *Clock
	Log     *bytes.Buffer
	Routes  []api.Route
	tokens  map[string]string
}

// New builds an Env on dialect. The clock starts at 2025-06-30 12:00 in Shanghai.
func New(t testing.TB, dialect string) *Env {
	t.Helper()
	s := NewStore(t, dialect)
	clock := &Clock{T: time.Date(2025, 6, 30, 12, 0, 0, 0, models.Shanghai)}
	s.Now = clock.Now
	var logBuf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&syncWriter{w: &logBuf}, nil))
	h := handlers.New(s, log, handlers.Config{Policy: models.DefaultSessionPolicy})
	r, err := api.New(h, api.Options{})
	if err != nil {
		t.Fatalf("router: %v", err)
	}
	if _, err := s.EnsureAdmin(context.Background(), AdminPassword); err != nil {
		t.Fatalf("admin: %v", err)
	}
	return &Env{T: t, Store: s, Handler: h, Router: r, Clock: clock, Log: &logBuf, Routes: api.Routes(h), tokens: map[string]string{}}
}

// AdminPassword is the password of the user admin in tests.
const AdminPassword = "Liaoning2025"

// Password is the password of every user tests create.
const Password = "Test12345678"

// Response is a recorded answer.
type Response struct {
	Code   int
	Body   []byte
	Header http.Header
}

// JSON decodes the body into a generic map.
func (r *Response) JSON() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(r.Body, &m)
	return m
}

// Decode decodes the body into v.
func (r *Response) Decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// ErrorCode is error.code of an error envelope.
func (r *Response) ErrorCode() string {
	e, _ := r.JSON()["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// ErrorFields is error.fields of an error envelope.
func (r *Response) ErrorFields() map[string]any {
	e, _ := r.JSON()["error"].(map[string]any)
	f, _ := e["fields"].(map[string]any)
	return f
}

// Do sends a request as the user whose token is given ("" for anonymous);
// body is JSON-encoded unless it is a string or []byte.
func (e *Env) Do(token, method, path string, body any, headers ...string) *Response {
	e.T.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			e.T.Fatalf("encode body: %v", err)
		}
		rd = bytes.NewReader(data)
	}
	req := httptest.NewRequest(method, path, rd)
	if rd != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return e.Serve(req)
}

// Must sends a request and fails the test unless the status is want.
func (e *Env) Must(want int, token, method, path string, body any) *Response {
	e.T.Helper()
	r := e.Do(token, method, path, body)
	if r.Code != want {
		e.T.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Code, want, r.Body)
	}
	return r
}

// Login answers a token for username.
func (e *Env) Login(username, password string) string {
	e.T.Helper()
	r := e.Must(http.StatusOK, "", "POST", "/api/v1/auth/login", map[string]string{"username": username, "password": password})
	var out struct{ Token string }
	r.Decode(e.T, &out)
	return out.Token
}

// Admin answers a token of the user admin.
func (e *Env) Admin() string {
	e.T.Helper()
	if tok, ok := e.tokens["admin"]; ok {
		return tok
	}
	e.tokens["admin"] = e.Login("admin", AdminPassword)
	return e.tokens["admin"]
}

// User creates a user (once per username) and answers its token.
func (e *Env) User(username, role, city string, employerID int64) string {
	e.T.Helper()
	if tok, ok := e.tokens[username]; ok {
		return tok
	}
	body := map[string]any{"username": username, "password": Password, "role": role, "city": city,
		"organisation": username + "机构"}
	if employerID != 0 {
		body["employer_id"] = employerID
	}
	e.Must(http.StatusCreated, e.Admin(), "POST", "/api/v1/users", body)
	e.tokens[username] = e.Login(username, Password)
	return e.tokens[username]
}

// Employer registers an employer with a generated valid credit code and answers its id.
func (e *Env) Employer(name, city string) int64 {
	e.T.Helper()
	r := e.Must(http.StatusCreated, e.Admin(), "POST", "/api/v1/employers",
		map[string]any{"name": name, "credit_code": CreditCode(name), "city": city, "industry": "制造业"})
	return ID(e.T, r)
}

// ID is the "id" of a JSON answer.
func ID(t testing.TB, r *Response) int64 {
	t.Helper()
	v, ok := r.JSON()["id"].(float64)
	if !ok {
		t.Fatalf("no id in %s", r.Body)
	}
	return int64(v)
}

// CreditCode makes a valid 统一社会信用代码 from a seed; see storetest.
func CreditCode(seed string) string { return storetest.CreditCode(seed) }

// IDNumber makes a valid 居民身份证号码; see storetest.
func IDNumber(area string, birth string, serial int) string {
	return storetest.IDNumber(area, birth, serial)
}

// Count counts the rows of a table; see storetest.
func Count(t testing.TB, s *models.Store, table string) int64 {
	t.Helper()
	return storetest.Count(t, s, table)
}

// Snapshot counts the rows of every record table; see storetest.
func Snapshot(t testing.TB, s *models.Store) map[string]int64 {
	t.Helper()
	return storetest.Snapshot(t, s)
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
