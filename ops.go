package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"jobfair/models"
)

// existingSecret is the secret a backup or a restore must use: it is never
// generated here, since a new secret would not match the records.
func existingSecret(cfg config) ([]byte, error) {
	if cfg.Secret != "" {
		return []byte(cfg.Secret), nil
	}
	path := secretFile(cfg)
	b, err := os.ReadFile(path)
	if err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return nil, fmt.Errorf("没有找到密钥：请设置 JOBFAIR_SECRET，或把数据库所用的 jobfair.secret 放到 %s\n"+
		"no secret: set JOBFAIR_SECRET, or put the database's jobfair.secret at %s", path, path)
}

// backupName is the file of a backup taken at t: names sort by time.
func backupName(t time.Time, ext string) string {
	return "jobfair-" + t.UTC().Format("20060102T150405Z") + ext
}

// backupCommand is `jobfair backup [--to FILE]`.
func backupCommand(ctx context.Context, cfg config, args []string) error {
	fl := flag.NewFlagSet("backup", flag.ContinueOnError)
	to := fl.String("to", "", "backup file (default: a new file in JOBFAIR_BACKUP_DIR)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if !models.IsPostgres(cfg.DB) {
		if _, err := os.Stat(cfg.DB); err != nil {
			return fmt.Errorf("没有可备份的数据库 / nothing to back up: %w", err)
		}
	}
	key, err := existingSecret(cfg)
	if err != nil {
		return err
	}
	store, err := models.Open(ctx, cfg.DB, key)
	if err != nil {
		return err
	}
	defer store.Close()
	if *to == "" {
		dir := setting("JOBFAIR_BACKUP_DIR")
		if dir == "" {
			return fmt.Errorf("usage: jobfair backup --to FILE (or set JOBFAIR_BACKUP_DIR)")
		}
		*to = filepath.Join(dir, backupName(time.Now(), store.BackupExt()))
	}
	start := time.Now()
	m, err := store.Backup(ctx, *to)
	if err != nil {
		return err
	}
	fmt.Printf("备份完成 / backup written: %s\n", *to)
	if m.Dialect == "postgres" {
		fmt.Printf("清单 / manifest: %s.json\n", *to)
	}
	fmt.Printf("用时 %.1f 秒，%.1f MB；结构版本 %d；密钥指纹 %.12s…\n", time.Since(start).Seconds(),
		float64(m.Size)/(1<<20), m.SchemaVersion, m.SecretFingerprint)
	fmt.Printf("用人单位 %d，招聘会 %d，岗位 %d，就业登记 %d，用户 %d\n", m.Counts["employers"], m.Counts["fairs"],
		m.Counts["jobs"], m.Counts["placements"], m.Counts["users"])
	fmt.Println("备份中没有密钥：请另行妥善保管 JOBFAIR_SECRET / the secret is not in the backup: keep JOBFAIR_SECRET safe separately")
	return nil
}

// restoreCommand is `jobfair restore --from FILE [--force] [--dry-run]`.
func restoreCommand(ctx context.Context, cfg config, args []string) error {
	fl := flag.NewFlagSet("restore", flag.ContinueOnError)
	from := fl.String("from", "", "backup file made by jobfair backup")
	force := fl.Bool("force", false, "replace a database that has records")
	dry := fl.Bool("dry-run", false, "check the backup and the database, change nothing")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		return fmt.Errorf("usage: jobfair restore --from FILE [--force] [--dry-run]")
	}
	key, err := existingSecret(cfg)
	if err != nil {
		return err
	}
	rep, err := models.Restore(ctx, cfg.DB, key, *from, models.RestoreOptions{Force: *force, DryRun: *dry})
	if err != nil {
		return err
	}
	m := rep.Manifest
	when := m.CreatedAt.In(models.Shanghai).Format("2006-01-02 15:04:05")
	if rep.DryRun {
		state := "目标数据库为空"
		if rep.HadRecords {
			state = "目标数据库已有记录，将被覆盖（--force）"
		}
		fmt.Printf("检查通过，可以恢复 / the backup can be restored: %s（%s 制作，结构版本 %d）；%s\n", *from, when, m.SchemaVersion, state)
		return nil
	}
	fmt.Printf("已恢复 / restored: %s（%s 制作）→ %s\n", *from, when, displayDB(cfg.DB))
	fmt.Printf("用人单位 %d，招聘会 %d，岗位 %d，就业登记 %d，用户 %d；行数与备份清单一致\n", rep.Counts["employers"],
		rep.Counts["fairs"], rep.Counts["jobs"], rep.Counts["placements"], rep.Counts["users"])
	if rep.SchemaVersion != m.SchemaVersion {
		fmt.Printf("数据库结构已从版本 %d 升级到 %d\n", m.SchemaVersion, rep.SchemaVersion)
	}
	fmt.Println("verify: 汇总表与明细记录一致")
	return nil
}

// displayDB names a database without its password.
func displayDB(dsn string) string {
	if i := strings.Index(dsn, "@"); models.IsPostgres(dsn) && i > 0 {
		return "postgres://…" + dsn[i:]
	}
	return dsn
}

// backupSchedule takes a backup into a folder every interval while the
// server runs, keeps the newest few and counts every outcome in the metrics.
type backupSchedule struct {
	store *models.Store
	log   *slog.Logger
	dir   string
	every time.Duration
	keep  int
	// retry is the wait after a failed backup.
	retry time.Duration

	runs         *prometheus.CounterVec
	lastSuccess  prometheus.Gauge
	lastDuration prometheus.Gauge
	lastSize     prometheus.Gauge
	wg           sync.WaitGroup
}

// newBackupSchedule reads JOBFAIR_BACKUP_DIR, _EVERY and _KEEP; nil when no
// folder is set.
func newBackupSchedule(store *models.Store, log *slog.Logger) (*backupSchedule, error) {
	dir := setting("JOBFAIR_BACKUP_DIR")
	if dir == "" {
		return nil, nil
	}
	every, err := time.ParseDuration(setting("JOBFAIR_BACKUP_EVERY"))
	if err != nil || every < time.Minute {
		return nil, fmt.Errorf("JOBFAIR_BACKUP_EVERY: want a duration of at least 1m, such as 24h")
	}
	keep, err := strconv.Atoi(setting("JOBFAIR_BACKUP_KEEP"))
	if err != nil || keep < 1 {
		return nil, fmt.Errorf("JOBFAIR_BACKUP_KEEP: want a number of copies, at least 1, such as 14")
	}
	b := &backupSchedule{store: store, log: log, dir: dir, every: every, keep: keep, retry: min(every, 15*time.Minute),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "jobfair_backups_total",
			Help: "Scheduled backups by result (ok, failed)."}, []string{"result"}),
		lastSuccess: prometheus.NewGauge(prometheus.GaugeOpts{Name: "jobfair_backup_last_success_timestamp_seconds",
			Help: "When the newest backup in JOBFAIR_BACKUP_DIR was taken (Unix time; 0: none yet)."}),
		lastDuration: prometheus.NewGauge(prometheus.GaugeOpts{Name: "jobfair_backup_last_duration_seconds",
			Help: "How long the last successful scheduled backup took."}),
		lastSize: prometheus.NewGauge(prometheus.GaugeOpts{Name: "jobfair_backup_last_size_bytes",
			Help: "Size of the last successful scheduled backup."}),
	}
	b.runs.WithLabelValues("ok")
	b.runs.WithLabelValues("failed")
	if files, err := b.files(); err == nil && len(files) > 0 {
		b.lastSuccess.Set(float64(files[len(files)-1].at.Unix()))
	}
	return b, nil
}

// collectors are the schedule's metrics, for /metrics.
func (b *backupSchedule) collectors() []prometheus.Collector {
	if b == nil {
		return nil
	}
	return []prometheus.Collector{b.runs, b.lastSuccess, b.lastDuration, b.lastSize}
}

// start runs the schedule until ctx ends or stop is called; stop cancels a
// backup in progress (its partial file is removed) and waits for the end.
func (b *backupSchedule) start(ctx context.Context) (stop func()) {
	if b == nil {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	b.log.Info("scheduled backups", "dir", b.dir, "every", b.every.String(), "keep", b.keep)
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		for {
			wait := time.Until(b.nextDue())
			select {
			case <-ctx.Done():
				return
			case <-time.After(max(wait, 0)):
			}
			if err := b.once(ctx); err != nil && ctx.Err() == nil {
				select {
				case <-ctx.Done():
					return
				case <-time.After(b.retry):
				}
			}
		}
	}()
	return func() {
		cancel()
		b.wg.Wait()
	}
}

// nextDue is an interval after the newest backup in the folder, so that
// restarts neither skip nor repeat one; now when there is none.
func (b *backupSchedule) nextDue() time.Time {
	files, err := b.files()
	if err != nil || len(files) == 0 {
		return time.Now()
	}
	return files[len(files)-1].at.Add(b.every)
}

// once takes one backup, logs and counts it, and prunes the old ones.
func (b *backupSchedule) once(ctx context.Context) error {
	start := time.Now()
	path := filepath.Join(b.dir, backupName(start, b.store.BackupExt()))
	m, err := b.store.Backup(ctx, path)
	if err != nil {
		b.runs.WithLabelValues("failed").Inc()
		b.log.Error("backup failed", "file", path, "err", err)
		return err
	}
	d := time.Since(start)
	b.runs.WithLabelValues("ok").Inc()
	b.lastSuccess.Set(float64(start.Unix()))
	b.lastDuration.Set(d.Seconds())
	b.lastSize.Set(float64(m.Size))
	b.log.Info("backup done", "file", path, "bytes", m.Size, "duration", d, "schema_version", m.SchemaVersion,
		"placements", m.Counts["placements"])
	if err := b.prune(); err != nil {
		b.log.Error("pruning old backups failed", "dir", b.dir, "err", err)
	}
	return nil
}

type backupFile struct {
	name string
	at   time.Time
}

// files are the schedule's backups in the folder, oldest first.
func (b *backupSchedule) files() ([]backupFile, error) {
	entries, err := os.ReadDir(b.dir)
	if err != nil {
		return nil, err
	}
	ext := b.store.BackupExt()
	var out []backupFile
	for _, e := range entries {
		n := e.Name()
		stamp, ok := strings.CutSuffix(strings.TrimPrefix(n, "jobfair-"), ext)
		if !ok || !strings.HasPrefix(n, "jobfair-") {
			continue
		}
		at, err := time.Parse("20060102T150405Z", stamp)
		if err != nil {
			continue
		}
		out = append(out, backupFile{n, at})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out, nil
}

// prune removes all but the newest keep backups (with their manifests).
func (b *backupSchedule) prune() error {
	files, err := b.files()
	if err != nil {
		return err
	}
	var errs []error
	for i := 0; i < len(files)-b.keep; i++ {
		p := filepath.Join(b.dir, files[i].name)
		for _, f := range []string{p, p + ".json"} {
			if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
		}
		b.log.Info("old backup removed", "file", p)
	}
	return errors.Join(errs...)
}
