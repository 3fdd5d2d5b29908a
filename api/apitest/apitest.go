// Package apitest builds what API and store tests need: a fresh migrated
// database per test (SQLite, or a schema of its own on PostgreSQL), the real
// router on it, users of each role and small request helpers.
package apitest

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the driver for creating test schemas
	"golang.org/x/crypto/bcrypt"

	"jobfair/api"
	"jobfair/handlers"
	"jobfair/models"
	"jobfair/seeds"
)

func init() { models.BcryptCost = bcrypt.MinCost }

// PostgresEnv names the PostgreSQL server tests use; `make test` starts a
// throwaway cluster and sets it.
const PostgresEnv = "JOBFAIR_TEST_POSTGRES"

// Dialects are the databases every store test runs on.
var Dialects = []string{"sqlite", "postgres"}

// Secret keys the ID hashes in tests.
var Secret = []byte("test-secret-0123456789abcdef0123")

// DSN makes a fresh, empty database for one test and answers its DSN. On
// PostgreSQL it is a schema of its own, dropped when the test ends; without
// JOBFAIR_TEST_POSTGRES the test fails rather than skips.
func DSN(t testing.TB, dialect string) string {
	t.Helper()
	switch dialect {
	case "sqlite":
		return filepath.Join(t.TempDir(), "test.db")
	case "postgres":
		base := os.Getenv(PostgresEnv)
		if base == "" {
			t.Fatalf("%s is not set: run the tests with `make test`, which starts PostgreSQL", PostgresEnv)
		}
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		schema := "t_" + hex.EncodeToString(b)
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Fatalf("open postgres: %v", err)
		}
		if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
			t.Fatalf("create schema: %v", err)
		}
		t.Cleanup(func() {
			_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
			admin.Close()
		})
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		return base + sep + "search_path=" + schema
	}
	t.Fatalf("unknown dialect %q", dialect)
	return ""
}

// NewStore opens a fresh database of dialect, migrated and seeded.
func NewStore(t testing.TB, dialect string) *models.Store {
	t.Helper()
	ctx := context.Background()
	s, err := models.Open(ctx, DSN(t, dialect), Secret)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if err := seeds.Load(ctx, s); err != nil {
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

// CreditCode makes a valid 统一社会信用代码 from a seed string.
func CreditCode(seed string) string {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	h := uint64(14695981039346656037)
	for _, c := range []byte(seed) {
		h = (h ^ uint64(c)) * 1099511628211
	}
	b := []byte("91210100")
	for len(b) < 17 {
		b = append(b, chars[h%31])
		h /= 31
		if h == 0 {
			h = 7919
		}
	}
	check, _ := models.CreditCodeCheckChar(string(b))
	return string(append(b, check))
}

// IDNumber makes a valid 居民身份证号码 in a Liaoning city born on birth, with a serial.
func IDNumber(area string, birth string, serial int) string {
	first := fmt.Sprintf("%s%s%03d", area, strings.ReplaceAll(birth, "-", ""), serial%1000)
	check, _ := models.IDCheckDigit(first)
	return first + string(check)
}

// Count counts the rows of a table, for checks that a rejected call changed nothing.
func Count(t testing.TB, s *models.Store, table string) int64 {
	t.Helper()
	db, err := s.SQLDB()
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// Snapshot counts the rows of every record table, to compare before and after a call.
func Snapshot(t testing.TB, s *models.Store) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, table := range []string{"employers", "fairs", "fair_programmes", "signups", "jobs", "placements",
		"tallies", "users", "goals", "goal_reports"} {
		out[table] = Count(t, s, table)
	}
	return out
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
