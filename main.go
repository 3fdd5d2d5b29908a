// Command jobfair is the server of the Liaoning employment campaign platform:
// job fairs, employers, vacancies and placements, rolled up against the goals
// of the province's plan. See README.md.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"jobfair/api"
	"jobfair/frontend"
	"jobfair/handlers"
	"jobfair/models"
	"jobfair/seeds"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "jobfair:", err)
		os.Exit(1)
	}
}

// Setting is one environment variable the server reads.
type Setting struct {
	Name, Default, Help string
}

// Settings lists every environment variable the server reads; the README's
// table and docker-compose.yml are checked against it.
var Settings = []Setting{
	{"JOBFAIR_ADDR", ":8080", "监听地址"},
	{"JOBFAIR_DB", "data/jobfair.db", "SQLite 文件路径；以 postgres:// 开头则使用 PostgreSQL"},
	{"JOBFAIR_ADMIN_PASSWORD", "", "首次启动时创建的 admin 账号密码；不设则随机生成并在控制台打印一次"},
	{"JOBFAIR_SECRET", "", "签发令牌、计算身份证号哈希的密钥；不设则生成并保存在数据库旁的 jobfair.secret"},
	{"JOBFAIR_DEMO", "", "设为 1 时向空数据库写入 2023–2025 年演示数据"},
	{"JOBFAIR_LOG_FORMAT", "json", "日志格式：json 或 text"},
	{"JOBFAIR_TRUSTED_PROXIES", "", "可信反向代理地址（逗号分隔），用于识别客户端 IP"},
	{"JOBFAIR_SESSION_IDLE", "30m", "会话空闲超时"},
	{"JOBFAIR_SESSION_LIFETIME", "12h", "会话最长有效期"},
	{"JOBFAIR_METRICS_ADDR", "", "单独提供 /metrics 的监听地址（如 127.0.0.1:9090）；不设则不单独监听"},
	{"JOBFAIR_METRICS_TOKEN", "", "访问 /metrics 须出示的 Bearer 令牌；设置后主端口也提供 /metrics"},
}

// config is the server's settings, read from the environment; flags mirror them.
type config struct {
	Addr           string
	DB             string
	AdminPassword  string
	Secret         string
	Demo           bool
	LogFormat      string
	TrustedProxies []string
	Policy         models.SessionPolicy
	MetricsAddr    string
	MetricsToken   string
}

func setting(name string) string {
	for _, s := range Settings {
		if s.Name == name {
			return env(name, s.Default)
		}
	}
	panic("unknown setting " + name)
}

func loadConfig(args []string) (config, []string, error) {
	cfg := config{
		Addr:          setting("JOBFAIR_ADDR"),
		DB:            setting("JOBFAIR_DB"),
		AdminPassword: setting("JOBFAIR_ADMIN_PASSWORD"),
		Secret:        setting("JOBFAIR_SECRET"),
		Demo:          setting("JOBFAIR_DEMO") == "1",
		LogFormat:     setting("JOBFAIR_LOG_FORMAT"),
		Policy:        models.DefaultSessionPolicy,
		MetricsAddr:   setting("JOBFAIR_METRICS_ADDR"),
		MetricsToken:  setting("JOBFAIR_METRICS_TOKEN"),
	}
	if p := setting("JOBFAIR_TRUSTED_PROXIES"); p != "" {
		cfg.TrustedProxies = strings.Split(p, ",")
	}
	var err error
	if cfg.Policy.Idle, err = time.ParseDuration(setting("JOBFAIR_SESSION_IDLE")); err != nil || cfg.Policy.Idle <= 0 {
		return cfg, nil, fmt.Errorf("JOBFAIR_SESSION_IDLE: want a duration such as 30m")
	}
	if cfg.Policy.Lifetime, err = time.ParseDuration(setting("JOBFAIR_SESSION_LIFETIME")); err != nil || cfg.Policy.Lifetime <= 0 {
		return cfg, nil, fmt.Errorf("JOBFAIR_SESSION_LIFETIME: want a duration such as 12h")
	}
	if t := cfg.MetricsToken; t != "" && len(t) < 32 {
		return cfg, nil, fmt.Errorf("JOBFAIR_METRICS_TOKEN: use at least 32 random characters")
	}
	fl := flag.NewFlagSet("jobfair", flag.ContinueOnError)
	fl.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (JOBFAIR_ADDR)")
	fl.StringVar(&cfg.DB, "db", cfg.DB, "SQLite file or postgres:// URL (JOBFAIR_DB)")
	fl.BoolVar(&cfg.Demo, "demo", cfg.Demo, "fill an empty database with the demo (JOBFAIR_DEMO=1)")
	if err := fl.Parse(args); err != nil {
		return cfg, nil, err
	}
	return cfg, fl.Args(), nil
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// secret is JOBFAIR_SECRET, or one generated once and kept in a file beside
// the database (data/ for PostgreSQL), readable by the owner only.
func secret(cfg config) ([]byte, error) {
	if cfg.Secret != "" {
		return []byte(cfg.Secret), nil
	}
	dir := "data"
	if !isPostgres(cfg.DB) {
		dir = filepath.Dir(cfg.DB)
	}
	path := filepath.Join(dir, "jobfair.secret")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return []byte(strings.TrimSpace(string(b))), nil
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	s := hex.EncodeToString(b)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(s+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("keep secret: %w", err)
	}
	return []byte(s), nil
}

func newLogger(format string) *slog.Logger {
	if format == "text" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, nil))
}

func run(args []string) error {
	cfg, rest, err := loadConfig(args)
	if err != nil {
		return err
	}
	log := newLogger(cfg.LogFormat)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	cmd := "serve"
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, cfg, log)
	case "verify":
		return verify(ctx, cfg)
	case "demo":
		return demo(ctx, cfg, rest)
	case "bench":
		return bench(ctx, rest)
	default:
		return fmt.Errorf("unknown command %q (serve, verify, demo, bench)", cmd)
	}
}

// open connects, migrates and loads the reference data and the plan's goals.
func open(ctx context.Context, cfg config) (*models.Store, error) {
	key, err := secret(cfg)
	if err != nil {
		return nil, err
	}
	store, err := models.Open(ctx, cfg.DB, key)
	if err != nil {
		return nil, err
	}
	if err := store.Migrate(ctx); err != nil {
		store.Close()
		return nil, err
	}
	if err := seeds.Load(ctx, store); err != nil {
		store.Close()
		return nil, err
	}
	return store, nil
}

func serve(ctx context.Context, cfg config, log *slog.Logger) error {
	store, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()

	password, generated := cfg.AdminPassword, false
	if password == "" {
		password, generated = models.GeneratePassword(), true
	}
	made, err := store.EnsureAdmin(ctx, password)
	if err != nil {
		return err
	}
	if made && generated {
		// Printed once, on the console only: never written to the log.
		fmt.Printf("已创建管理员账号 admin，初始密码：%s （仅显示这一次，请登录后修改）\n", password)
	}
	if cfg.Demo {
		if err := seeds.LoadDemo(ctx, store, seeds.DemoOptions{Progress: os.Stdout}); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}

	h := handlers.New(store, log, handlers.Config{Policy: cfg.Policy})
	dist, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		return err
	}
	reg := api.NewRegistry()
	router, err := api.New(h, api.Options{TrustedProxies: cfg.TrustedProxies, Frontend: http.FS(dist),
		Metrics: reg, MetricsToken: cfg.MetricsToken})
	if err != nil {
		return err
	}
	srv := &http.Server{Addr: cfg.Addr, Handler: router, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 2 * time.Minute, WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 2)
	go func() { errc <- srv.ListenAndServe() }()
	servers := []*http.Server{srv}
	if cfg.MetricsAddr != "" {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", api.MetricsHandler(reg, cfg.MetricsToken))
		msrv := &http.Server{Addr: cfg.MetricsAddr, Handler: mux, ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout: time.Minute, WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute}
		go func() { errc <- fmt.Errorf("metrics: %w", msrv.ListenAndServe()) }()
		servers = append(servers, msrv)
		log.Info("metrics", "addr", cfg.MetricsAddr)
	}
	fmt.Printf("jobfair 已启动：http://%s\n", displayAddr(cfg.Addr))
	log.Info("listening", "addr", cfg.Addr, "database", store.Dialect)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("stopping: waiting for requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, srv := range servers {
		if err := srv.Shutdown(shutdownCtx); err != nil {
			return fmt.Errorf("shutdown: %w", err)
		}
	}
	log.Info("stopped")
	return nil
}

func displayAddr(addr string) string {
	if strings.HasPrefix(addr, ":") {
		return "localhost" + addr
	}
	return addr
}

// verify recounts the records and compares them with the summary tallies.
func verify(ctx context.Context, cfg config) error {
	store, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	drift, err := store.Verify(ctx)
	if err != nil {
		return err
	}
	if len(drift) == 0 {
		fmt.Println("verify: 汇总表与明细记录一致")
		return nil
	}
	for i, d := range drift {
		if i == 20 {
			fmt.Printf("... 另有 %d 处\n", len(drift)-20)
			break
		}
		fmt.Printf("%s %s %s %s: 汇总 %d, 明细 %d\n", d.Grain, d.Period, d.City, d.Metric, d.Tally, d.Count)
	}
	return fmt.Errorf("verify: %d differences between the tallies and the records", len(drift))
}

// demo fills the database with the demo data set at a chosen scale.
func demo(ctx context.Context, cfg config, args []string) error {
	opts, err := seeds.ParseDemoFlags(args)
	if err != nil {
		return err
	}
	store, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	opts.Progress = os.Stdout
	return seeds.LoadDemo(ctx, store, opts)
}
