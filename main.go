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
	"jobfair/bench"
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
	{"JOBFAIR_SECRET", "", "计算身份证号哈希的密钥（至少32个字符，须与数据库首次启动时的相同）；不设则生成并保存在数据库旁的 jobfair.secret"},
	{"JOBFAIR_DEMO", "", "设为 1 时向空数据库写入 2023–2025 年演示数据"},
	{"JOBFAIR_LOG_FORMAT", "json", "日志格式：json 或 text"},
	{"JOBFAIR_TRUSTED_PROXIES", "", "可信反向代理地址（逗号分隔），用于识别客户端 IP"},
	{"JOBFAIR_SESSION_IDLE", "30m", "会话空闲超时"},
	{"JOBFAIR_SESSION_LIFETIME", "12h", "会话最长有效期"},
	{"JOBFAIR_BACKUP_DIR", "", "定时备份的目录；不设则不做定时备份"},
	{"JOBFAIR_BACKUP_EVERY", "24h", "定时备份的间隔"},
	{"JOBFAIR_BACKUP_KEEP", "14", "保留最近几份定时备份，更早的自动删除"},
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

// secretFile is where a generated secret is kept: beside the SQLite file, or
// in data/ for PostgreSQL.
func secretFile(cfg config) string {
	dir := "data"
	if !models.IsPostgres(cfg.DB) {
		dir = filepath.Dir(cfg.DB)
	}
	return filepath.Join(dir, "jobfair.secret")
}

// secret is JOBFAIR_SECRET, or the one kept in the secret file, generated
// there on the first start (readable by the owner only). A secret shorter
// than 32 characters is refused, never replaced: the database's ID hashes
// were made with it.
func secret(cfg config) ([]byte, error) {
	if cfg.Secret != "" {
		if len(cfg.Secret) < models.MinSecretLength {
			return nil, fmt.Errorf("JOBFAIR_SECRET has %d characters; at least %d are needed. "+
				"Set a longer random secret (for example: openssl rand -hex 32) before the first start; "+
				"if this database already holds records, keep the secret it was started with",
				len(cfg.Secret), models.MinSecretLength)
		}
		return []byte(cfg.Secret), nil
	}
	path := secretFile(cfg)
	if b, err := os.ReadFile(path); err == nil {
		s := strings.TrimSpace(string(b))
		if len(s) < models.MinSecretLength {
			return nil, fmt.Errorf("the secret in %s has %d characters; at least %d are needed. "+
				"It was not replaced, because the database's ID hashes may have been made with it: "+
				"restore the file from your backup, or see README.md (\"The secret\") for what to do when it is lost",
				path, len(s), models.MinSecretLength)
		}
		return []byte(s), nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	s := hex.EncodeToString(b)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
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
		return verify(ctx, cfg, rest)
	case "reset-secret":
		return resetSecret(ctx, cfg, rest)
	case "demo":
		return demo(ctx, cfg, rest)
	case "bench":
		return bench.Run(ctx, rest)
	case "backup":
		return backupCommand(ctx, cfg, rest)
	case "restore":
		return restoreCommand(ctx, cfg, rest)
	case "purge":
		return purge(ctx, cfg, rest)
	case "purge-graduates":
		return purgeGraduates(ctx, cfg, rest)
	default:
		return fmt.Errorf("unknown command %q (serve, verify, demo, bench, backup, restore, reset-secret, purge, purge-graduates)", cmd)
	}
}

// open connects, migrates, checks the secret against the database's
// fingerprint and loads the reference data and the plan's goals.
func open(ctx context.Context, cfg config) (*models.Store, error) {
	store, err := openUnchecked(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := checkSecret(ctx, cfg, store); err != nil {
		store.Close()
		return nil, err
	}
	if err := seeds.Load(ctx, store); err != nil {
		store.Close()
		return nil, err
	}
	return store, nil
}

// openUnchecked connects and migrates, without holding the secret to the
// database's fingerprint.
func openUnchecked(ctx context.Context, cfg config) (*models.Store, error) {
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
	return store, nil
}

// checkSecret refuses to go on with another secret than the one the database
// was first started with, saying why and what to do.
func checkSecret(ctx context.Context, cfg config, store *models.Store) error {
	err := store.CheckSecret(ctx)
	switch {
	case errors.Is(err, models.ErrSecretChanged):
		where := "JOBFAIR_SECRET"
		if cfg.Secret == "" {
			where = "the secret file " + secretFile(cfg)
		}
		return fmt.Errorf("refusing to start: %s is not the secret this database was first started with. "+
			"ID numbers are recognised by hashes made with that secret; with another one the same person "+
			"would no longer be recognised and duplicate placements would go unnoticed. "+
			"Start with the original secret (restore it from the backup kept with the database). "+
			"Only if it is lost for good, run `jobfair reset-secret --confirm` with the new secret; see README.md, \"The secret\"", where)
	case errors.Is(err, models.ErrSecretTooShort):
		return fmt.Errorf("refusing to start: the secret has fewer than %d characters", models.MinSecretLength)
	}
	return err
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

	backups, err := newBackupSchedule(store, log)
	if err != nil {
		return err
	}
	h := handlers.New(store, log, handlers.Config{Policy: cfg.Policy})
	dist, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		return err
	}
	reg := api.NewRegistry()
	router, err := api.New(h, api.Options{TrustedProxies: cfg.TrustedProxies, Frontend: http.FS(dist),
		Collectors: backups.collectors(), Metrics: reg, MetricsToken: cfg.MetricsToken})
	if err != nil {
		return err
	}
	defer backups.start(ctx)()
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

// verify recounts the records and compares them with the summary tallies;
// with --repair it rebuilds the tallies from the records.
func verify(ctx context.Context, cfg config, args []string) error {
	fl := flag.NewFlagSet("verify", flag.ContinueOnError)
	repair := fl.Bool("repair", false, "rebuild the summary tables from the records")
	if err := fl.Parse(args); err != nil {
		return err
	}
	store, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	if *repair {
		n, err := store.RebuildTallies(ctx)
		if err != nil {
			return err
		}
		fmt.Printf("verify --repair: 已按明细记录重建汇总表（修正 %d 处差异）\n", n)
	}
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
	return fmt.Errorf("verify: %d differences between the tallies and the records (jobfair verify --repair rebuilds them)", len(drift))
}

// resetSecret makes the database accept the current secret after the
// original one was lost. People placed before can no longer be recognised by
// their ID numbers, so it asks for --confirm.
func resetSecret(ctx context.Context, cfg config, args []string) error {
	fl := flag.NewFlagSet("reset-secret", flag.ContinueOnError)
	confirm := fl.Bool("confirm", false, "accept that ID numbers recorded before cannot be matched any more")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if !*confirm {
		return errors.New("reset-secret makes the database accept a new secret. ID hashes recorded under the old " +
			"secret cannot be recomputed: a person placed before the change will not be recognised after it, and " +
			"may be counted twice in a year. Run again with --confirm to go ahead")
	}
	store, err := openUnchecked(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.ForgetSecret(ctx); err != nil {
		return err
	}
	if err := store.CheckSecret(ctx); err != nil {
		return err
	}
	fmt.Println("reset-secret: 数据库已记录新密钥的指纹。此前登记的身份证号无法再与新登记的匹配，请备份新密钥。")
	return nil
}

// purge clears the names and phones of fair registrations a year after the
// fair; without --confirm it only counts them.
func purge(ctx context.Context, cfg config, args []string) error {
	fl := flag.NewFlagSet("purge", flag.ContinueOnError)
	confirm := fl.Bool("confirm", false, "clear them (without it, only count them)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	store, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	n, err := store.PurgeRegistrations(ctx, !*confirm)
	if err != nil {
		return err
	}
	if !*confirm {
		fmt.Printf("purge: 结束已满一年的招聘会有 %d 条报名的姓名和手机号将被清除；确认请加 --confirm\n", n)
		return nil
	}
	fmt.Printf("purge: 已清除 %d 条报名的姓名和手机号；报名、签到和意向的数量不变。\n", n)
	return nil
}

// purgeGraduates clears the personal data of the graduate ledger's older
// graduation years; without --confirm it only counts them.
func purgeGraduates(ctx context.Context, cfg config, args []string) error {
	fl := flag.NewFlagSet("purge-graduates", flag.ContinueOnError)
	before := fl.Int("before", 0, "clear the graduates of graduation years before this one")
	confirm := fl.Bool("confirm", false, "clear them (without it, only count them)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	latest := time.Now().In(models.Shanghai).Year() - 2
	if *before < models.FirstYear || *before > latest {
		return fmt.Errorf("purge-graduates: --before must be a year from %d to %d: the current year and the two before it are kept", models.FirstYear, latest)
	}
	store, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	n, err := store.PurgeGraduates(ctx, *before, !*confirm)
	if err != nil {
		return err
	}
	if !*confirm {
		fmt.Printf("purge-graduates: %d届以前的毕业生中有 %d 人的个人信息将被清除；确认请加 --confirm\n", *before, n)
		return nil
	}
	fmt.Printf("purge-graduates: 已清除 %d届以前 %d 名毕业生的个人信息（姓名、身份证号、手机号、回访和服务备注），各年度的比率不变。\n", *before, n)
	return nil
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
