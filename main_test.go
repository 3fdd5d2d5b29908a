package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
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
	if !isPostgres(dsn) || !strings.Contains(dsn, "@db:5432/") {
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
