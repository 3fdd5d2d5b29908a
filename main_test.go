package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"gopkg.in/yaml.v3"

	"jobfair/api"
	"jobfair/api/apitest"
	"jobfair/models"
)

// TestComposeMatchesSettings reads docker-compose.yml and checks its services
// against what the server reads, since no Docker engine runs the file here.
func TestComposeMatchesSettings(t *testing.T) {
	data, err := os.ReadFile("docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Build       any               `yaml:"build"`
			Environment map[string]string `yaml:"environment"`
			DependsOn   map[string]struct {
				Condition string `yaml:"condition"`
			} `yaml:"depends_on"`
			Healthcheck *struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
			Volumes []string `yaml:"volumes"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	if err := yaml.Unmarshal(data, &compose); err != nil {
		t.Fatalf("parse docker-compose.yml: %v", err)
	}
	app, ok := compose.Services["app"]
	if !ok {
		t.Fatal("no service app")
	}
	db, ok := compose.Services["db"]
	if !ok {
		t.Fatal("no service db")
	}
	if !strings.HasPrefix(db.Image, "postgres:15") {
		t.Errorf("db image %q, want postgres:15", db.Image)
	}
	if db.Healthcheck == nil || len(db.Healthcheck.Test) == 0 {
		t.Error("db has no health check")
	}
	if len(db.Volumes) == 0 || len(compose.Volumes) == 0 {
		t.Error("db keeps its data in no volume")
	}
	if app.DependsOn["db"].Condition != "service_healthy" {
		t.Error("app does not wait for a healthy db")
	}
	if app.Build == nil {
		t.Error("app is not built from the Dockerfile")
	}
	known := map[string]bool{}
	for _, s := range Settings {
		known[s.Name] = true
	}
	for name := range app.Environment {
		if !known[name] {
			t.Errorf("app sets %s, which the server does not read", name)
		}
	}
	dsn := app.Environment["JOBFAIR_DB"]
	if !models.IsPostgres(dsn) || !strings.Contains(dsn, "@db:5432/") {
		t.Errorf("JOBFAIR_DB %q does not point at the db service", dsn)
	}
	if _, ok := app.Environment["JOBFAIR_SECRET"]; !ok {
		t.Error("app does not set JOBFAIR_SECRET: instances behind a load balancer must share it")
	}
}

// TestReadmeListsSettings keeps the README's settings table true to the code.
func TestReadmeListsSettings(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Settings {
		if !strings.Contains(string(data), "`"+s.Name+"`") {
			t.Errorf("README.md does not describe %s", s.Name)
		}
	}
	for _, cmd := range []string{"make run", "make test"} {
		if !strings.Contains(string(data), cmd) {
			t.Errorf("README.md does not show %q", cmd)
		}
	}
}

// TestOpenAPIMatchesRouter compares the document's paths with the router's
// routes, so that neither can drift.
func TestOpenAPIMatchesRouter(t *testing.T) {
	env := apitest.New(t, "sqlite")
	r := env.Must(200, "", "GET", "/api/openapi.json", nil)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	r.Decode(t, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	inRouter := map[string]bool{}
	for _, rt := range env.Router.(*gin.Engine).Routes() {
		key := strings.ToLower(rt.Method) + " " + api.OpenAPIPath(rt.Path)
		inRouter[key] = true
		if _, ok := doc.Paths[api.OpenAPIPath(rt.Path)][strings.ToLower(rt.Method)]; !ok {
			t.Errorf("router has %s %s, the document does not", rt.Method, rt.Path)
		}
	}
	for p, ops := range doc.Paths {
		for m := range ops {
			if !inRouter[m+" "+p] {
				t.Errorf("document has %s %s, the router does not", m, p)
			}
		}
	}
}

// TestStopsCleanly starts the server, keeps writes in flight, stops it and
// checks that every write it accepted is in the database.
func TestStopsCleanly(t *testing.T) {
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cfg := config{Addr: addr, DB: filepath.Join(dir, "j.db"), AdminPassword: apitest.AdminPassword,
		Secret: string(apitest.Secret), LogFormat: "json", Policy: models.DefaultSessionPolicy}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, newLogger("text")) }()
	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		if r, err := http.Get(base + "/healthz"); err == nil && r.StatusCode == 200 {
			r.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("server did not start")
		}
		time.Sleep(50 * time.Millisecond)
	}
	post := func(path, token string, body any) (*http.Response, error) {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", base+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return http.DefaultClient.Do(req)
	}
	r, err := post("/api/v1/auth/login", "", map[string]string{"username": "admin", "password": apitest.AdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	var login struct{ Token string }
	json.NewDecoder(r.Body).Decode(&login)
	r.Body.Close()

	// Workers post until the server goes away; the stop comes once some
	// writes were accepted, so that others are in flight when it does.
	var wg sync.WaitGroup
	var accepted, sent atomic.Int64
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				n := sent.Add(1)
				r, err := post("/api/v1/employers", login.Token, map[string]any{
					"name": fmt.Sprintf("单位%d", n), "credit_code": apitest.CreditCode(fmt.Sprint("stop", n)), "city": "沈阳市"})
				if err != nil {
					return // refused once the listener closed
				}
				r.Body.Close()
				if r.StatusCode == 201 {
					accepted.Add(1)
				}
			}
		}(w)
	}
	for accepted.Load() < 20 {
		if time.Now().After(deadline) {
			t.Fatal("no writes accepted")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	wg.Wait()
	if err := <-done; err != nil {
		t.Fatalf("serve returned %v", err)
	}
	store, err := models.Open(context.Background(), cfg.DB, apitest.Secret)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if n := apitest.Count(t, store, "employers"); n != accepted.Load() {
		t.Fatalf("accepted %d writes, %d in the database", accepted.Load(), n)
	}
}

// secretCfg is a config on a fresh database of dialect with an explicit secret.
func secretCfg(t *testing.T, dialect, secret string) config {
	t.Helper()
	return config{DB: apitest.DSN(t, dialect), Secret: secret, LogFormat: "json", Policy: models.DefaultSessionPolicy}
}

func mustOpen(t *testing.T, cfg config) {
	t.Helper()
	s, err := open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	s.Close()
}

func wantRefused(t *testing.T, cfg config, words ...string) {
	t.Helper()
	s, err := open(context.Background(), cfg)
	if err == nil {
		s.Close()
		t.Fatalf("opened with secret %q, want a refusal", cfg.Secret)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("refusal %q does not say %q", err, w)
		}
	}
}

// TestStartRefusesAnotherSecret: the database remembers the fingerprint of
// its first secret and refuses another one, or one too short.
func TestStartRefusesAnotherSecret(t *testing.T) {
	first, other := strings.Repeat("k", 32), strings.Repeat("q", 40)
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			cfg := secretCfg(t, d, first)
			mustOpen(t, cfg)
			mustOpen(t, cfg) // the same secret again
			wrong := cfg
			wrong.Secret = other
			wantRefused(t, wrong, "not the secret this database was first started with", "reset-secret")
			short := cfg
			short.Secret = first[:31]
			wantRefused(t, short, "31 characters", "at least 32")

			// The fingerprint is an HMAC of a label, never the secret itself.
			db := sqlDB(t, cfg)
			var fp string
			if err := db.QueryRow("SELECT value FROM settings WHERE key = 'secret_fingerprint'").Scan(&fp); err != nil {
				t.Fatal(err)
			}
			if fp != models.SecretFingerprint([]byte(first)) || strings.Contains(fp, first) {
				t.Errorf("fingerprint %q", fp)
			}
			// A database from before fingerprints records the secret of its next start.
			if _, err := db.Exec("DELETE FROM settings"); err != nil {
				t.Fatal(err)
			}
			mustOpen(t, wrong)
			wantRefused(t, cfg, "not the secret")

			// reset-secret needs --confirm, then accepts the new secret.
			if err := resetSecret(context.Background(), cfg, nil); err == nil || !strings.Contains(err.Error(), "--confirm") {
				t.Errorf("reset-secret without --confirm: %v", err)
			}
			if err := resetSecret(context.Background(), cfg, []string{"--confirm"}); err != nil {
				t.Fatal(err)
			}
			mustOpen(t, cfg)
			wantRefused(t, wrong, "not the secret")
		})
	}
}

func sqlDB(t *testing.T, cfg config) interface {
	QueryRow(string, ...any) *sql.Row
	Exec(string, ...any) (sql.Result, error)
} {
	t.Helper()
	s, err := models.Open(context.Background(), cfg.DB, []byte(cfg.Secret))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	db, err := s.SQLDB()
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestSecretFileIsNeverReplaced: a generated secret is kept beside the
// database; a short or different one in the file is refused, and left as it is.
func TestSecretFileIsNeverReplaced(t *testing.T) {
	dir := t.TempDir()
	cfg := config{DB: filepath.Join(dir, "j.db"), LogFormat: "json", Policy: models.DefaultSessionPolicy}
	mustOpen(t, cfg)
	path := filepath.Join(dir, "jobfair.secret")
	kept, err := os.ReadFile(path)
	if err != nil || len(strings.TrimSpace(string(kept))) < 32 {
		t.Fatalf("generated secret %q: %v", kept, err)
	}
	mustOpen(t, cfg)
	for _, content := range []string{"too-short-secret\n", strings.Repeat("z", 64) + "\n"} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		wantRefused(t, cfg, path)
		if now, _ := os.ReadFile(path); string(now) != content {
			t.Errorf("the secret file was replaced: %q", now)
		}
	}
	if err := os.WriteFile(path, kept, 0o600); err != nil {
		t.Fatal(err)
	}
	mustOpen(t, cfg)
}

// TestMainExitsNonZero runs the command itself with another secret: it says
// why on stderr and exits 1.
func TestMainExitsNonZero(t *testing.T) {
	if os.Getenv("JOBFAIR_TEST_RUN_MAIN") == "1" {
		os.Args = []string{"jobfair", "verify"}
		main()
		return
	}
	db := filepath.Join(t.TempDir(), "j.db")
	run := func(secret string) (int, string) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMainExitsNonZero$")
		cmd.Env = append(os.Environ(), "JOBFAIR_TEST_RUN_MAIN=1", "JOBFAIR_DB="+db, "JOBFAIR_SECRET="+secret)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), stderr.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, stderr.String()
	}
	if code, out := run(strings.Repeat("a", 32)); code != 0 {
		t.Fatalf("first start: exit %d: %s", code, out)
	}
	if code, out := run(strings.Repeat("b", 32)); code != 1 || !strings.Contains(out, "refusing to start") {
		t.Errorf("another secret: exit %d: %s", code, out)
	}
	if code, out := run("short"); code != 1 || !strings.Contains(out, "at least 32") {
		t.Errorf("a short secret: exit %d: %s", code, out)
	}
}

// TestVerifyRepair corrupts the summaries on purpose: verify lists the
// differences and fails, verify --repair rebuilds them from the records.
func TestVerifyRepair(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			cfg := secretCfg(t, d, string(apitest.Secret))
			s, err := open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			clock := &apitest.Clock{T: time.Date(2025, 6, 30, 12, 0, 0, 0, models.Shanghai)}
			s.Now = clock.Now
			a := models.System
			e, err := s.CreateEmployer(ctx, a, models.EmployerInput{Name: "沈阳修复测试公司", CreditCode: apitest.CreditCode("repair"), City: "沈阳市"})
			if err != nil {
				t.Fatal(err)
			}
			f, err := s.CreateFair(ctx, a, models.FairInput{Title: "修复测试招聘会", City: "沈阳市", StartsAt: "2025-03-01T09:00:00+08:00",
				EndsAt: "2025-03-01T12:00:00+08:00", Mode: "onsite", Programmes: []string{"public_service"}})
			if err != nil {
				t.Fatal(err)
			}
			n, held := 500, "held"
			if _, err := s.UpdateFair(ctx, a, f.ID, models.FairPatch{Status: &held, Visitors: &n, EmployersAttended: &n, PostsOffered: &n, Intents: &n}); err != nil {
				t.Fatal(err)
			}
			hc := 7
			if _, err := s.CreateJob(ctx, a, models.JobInput{EmployerID: &e.ID, Title: "电工", Headcount: &hc, ForGraduates: true, PostedOn: "2025-04-02"}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.CreatePlacement(ctx, a, models.PlacementInput{PersonName: "张三", IDNumber: apitest.IDNumber("210102", "1990-01-01", 1),
				Groups: []string{"reemployed"}, EmployerID: &e.ID, City: "沈阳市", PlacedOn: "2025-05-03"}); err != nil {
				t.Fatal(err)
			}
			s.Close()

			db := sqlDB(t, cfg)
			for _, q := range []string{
				"UPDATE tallies SET n = n + 7 WHERE metric = 'placed'",
				"DELETE FROM tallies WHERE metric = 'graduate_posts' AND grain = 'm'",
				"INSERT INTO tallies (grain, period, city, metric, n) VALUES ('d', '2025-02-03', '大连市', 'fair_held', 3)",
				"UPDATE tallies SET n = 9223372036854775807 WHERE metric = 'fair_posts:public_service' AND grain = 'd'",
			} {
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if err := verify(ctx, cfg, nil); err == nil || !strings.Contains(err.Error(), "differences") {
				t.Fatalf("verify of corrupted summaries: %v", err)
			}
			if err := verify(ctx, cfg, []string{"--repair"}); err != nil {
				t.Fatalf("verify --repair: %v", err)
			}
			if err := verify(ctx, cfg, nil); err != nil {
				t.Fatalf("verify after the repair: %v", err)
			}
			s, err = open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			s.Now = clock.Now
			r, err := s.Rollup(ctx, a, models.RollupQuery{Year: 2025})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]float64{"new_urban_jobs": 1, "reemployed": 1, "graduate_posts": 7, "special_fairs": 1, "public_service_posts": 500}
			for _, g := range r.Goals {
				if v, ok := want[g.Code]; ok && (g.Actual == nil || *g.Actual != v) {
					t.Errorf("%s after repair: %v, want %v", g.Code, g.Actual, v)
				}
			}
		})
	}
}

// TestSecretFileIsPrivate checks that a generated secret and the folder it
// is kept in can be read by their owner only, whatever the umask allows.
func TestSecretFileIsPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data")
	key, err := secret(config{DB: filepath.Join(dir, "j.db")})
	if err != nil || len(key) < 32 {
		t.Fatalf("secret: %q %v", key, err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "jobfair.secret"): 0o600} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", path, st.Mode().Perm(), want)
		}
	}
	again, err := secret(config{DB: filepath.Join(dir, "j.db")})
	if err != nil || string(again) != string(key) {
		t.Errorf("second start read %q, %v; want the kept secret", again, err)
	}
}
