package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"jobfair/api/apitest"
	"jobfair/models"
	"jobfair/models/storetest"
	"jobfair/seeds"
)

// wholeDB is a fresh, empty database that backup and restore may use whole.
func wholeDB(t *testing.T, dialect string) string {
	t.Helper()
	if dialect == "postgres" {
		return storetest.PostgresDatabase(t)
	}
	return filepath.Join(t.TempDir(), "jobfair.db")
}

// write is one placement the load wrote, and when the call began and ended.
type write struct {
	id         int64
	start, end time.Time
}

// TestBackupUnderLoad backs a demo up with `jobfair backup` while
// placements are being written, restores it elsewhere with `jobfair
// restore`, and checks that the copy is one snapshot: every write finished
// before the backup began is in it, none begun after it ended is, verify is
// clean, and its rollups equal the source's once the source is taken back to
// the same writes.
func TestBackupUnderLoad(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			t.Setenv("JOBFAIR_SECRET", string(apitest.Secret))
			srcDSN := wholeDB(t, d)
			src, err := models.Open(ctx, srcDSN, apitest.Secret)
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			now := time.Date(2025, 6, 30, 12, 0, 0, 0, models.Shanghai)
			src.Now = func() time.Time { return now }
			if err := src.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if err := seeds.Load(ctx, src); err != nil {
				t.Fatal(err)
			}
			// As the server does on its first start: the database keeps the secret's fingerprint.
			if err := src.CheckSecret(ctx); err != nil {
				t.Fatal(err)
			}
			demoStart := time.Now()
			rep, err := seeds.RunDemo(ctx, src, seeds.DemoOptions{Scale: 0.002, Years: []int{2023}})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("demo: %d placements, %d fairs in %v", rep.Placements, rep.Fairs, time.Since(demoStart).Round(time.Millisecond))
			emp, err := src.CreateEmployer(ctx, models.System, models.EmployerInput{Name: "沈阳负载测试有限公司",
				CreditCode: apitest.CreditCode("load"), City: "沈阳市"})
			if err != nil {
				t.Fatal(err)
			}

			// The load: workers record placements through the store until told to stop.
			var (
				mu      sync.Mutex
				writes  []write
				seq     atomic.Int64
				stop    atomic.Bool
				wg      sync.WaitGroup
				failure atomic.Value
			)
			for w := 0; w < 4; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for !stop.Load() {
						n := seq.Add(1)
						birth := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n))
						start := time.Now()
						p, err := src.CreatePlacement(ctx, models.System, models.PlacementInput{PersonName: "李四",
							IDNumber: apitest.IDNumber("210103", birth.Format("2006-01-02"), int(n)), Groups: []string{"reemployed"},
							EmployerID: &emp.ID, City: "沈阳市", PlacedOn: fmt.Sprintf("2025-06-%02d", 1+n%29)})
						if err != nil {
							failure.Store(err)
							return
						}
						mu.Lock()
						writes = append(writes, write{p.ID, start, time.Now()})
						mu.Unlock()
					}
				}()
			}
			done := func() int {
				mu.Lock()
				defer mu.Unlock()
				return len(writes)
			}
			waitFor := func(n int) {
				deadline := time.Now().Add(2 * time.Minute)
				for done() < n {
					if err, _ := failure.Load().(error); err != nil {
						t.Fatalf("load: %v", err)
					}
					if time.Now().After(deadline) {
						t.Fatalf("the load wrote %d placements, waiting for %d", done(), n)
					}
					time.Sleep(5 * time.Millisecond)
				}
			}
			waitFor(20)

			file := filepath.Join(t.TempDir(), "backup"+src.BackupExt())
			began := time.Now()
			if err := run([]string{"-db", srcDSN, "backup", "--to", file}); err != nil {
				t.Fatalf("jobfair backup: %v", err)
			}
			ended := time.Now()
			waitFor(done() + 20) // writes go on after the backup
			stop.Store(true)
			wg.Wait()
			if err, _ := failure.Load().(error); err != nil {
				t.Fatalf("load: %v", err)
			}
			m, err := models.ReadBackup(ctx, file)
			if err != nil {
				t.Fatal(err)
			}
			during := 0
			for _, w := range writes {
				if w.start.After(began) && w.end.Before(ended) {
					during++
				}
			}
			t.Logf("backup: %v, %.1f MB, %d placements in it; %d writes began and ended while it ran, %d in all",
				ended.Sub(began).Round(time.Millisecond), float64(m.Size)/(1<<20), m.Counts["placements"], during, len(writes))

			dstDSN := wholeDB(t, d)
			if err := run([]string{"-db", dstDSN, "restore", "--from", file}); err != nil {
				t.Fatalf("jobfair restore: %v", err)
			}
			if err := run([]string{"-db", dstDSN, "verify"}); err != nil {
				t.Fatalf("jobfair verify on the restored database: %v", err)
			}
			dst, err := models.Open(ctx, dstDSN, apitest.Secret)
			if err != nil {
				t.Fatal(err)
			}
			defer dst.Close()
			dst.Now = src.Now

			// The copy is one snapshot of the writes.
			restored := map[int64]bool{}
			db, err := dst.SQLDB()
			if err != nil {
				t.Fatal(err)
			}
			rows, err := db.Query(fmt.Sprintf("SELECT id FROM placements WHERE employer_id = %d", emp.ID))
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id int64
				rows.Scan(&id)
				restored[id] = true
			}
			rows.Close()
			written := map[int64]bool{}
			for _, w := range writes {
				written[w.id] = true
				switch {
				case w.end.Before(began) && !restored[w.id]:
					t.Errorf("placement %d was written before the backup began but is not in it", w.id)
				case w.start.After(ended) && restored[w.id]:
					t.Errorf("placement %d was written after the backup ended but is in it", w.id)
				}
			}
			for id := range restored {
				if !written[id] {
					t.Errorf("the backup holds placement %d, which the load never wrote", id)
				}
			}
			if len(restored) == 0 || len(restored) == len(writes) {
				t.Errorf("the backup holds %d of %d writes: it was not taken while they ran", len(restored), len(writes))
			}
			for table, n := range m.Counts {
				if got := apitest.Count(t, dst, table); got != n {
					t.Errorf("%s: %d restored, the manifest says %d", table, got, n)
				}
			}
			if drift, err := dst.Verify(ctx); err != nil || len(drift) > 0 {
				t.Fatalf("verify: %v %v", drift, err)
			}

			// Taken back to the snapshot's writes, the source's figures are
			// the copy's: same placements, same rollups.
			for _, w := range writes {
				if !restored[w.id] {
					if err := src.DeletePlacement(ctx, models.System, w.id); err != nil {
						t.Fatal(err)
					}
				}
			}
			if a, b := apitest.Count(t, src, "placements"), apitest.Count(t, dst, "placements"); a != b {
				t.Errorf("placements: source %d at the snapshot, copy %d", a, b)
			}
			for _, year := range []int{2023, 2025} {
				q := models.RollupQuery{Year: year, AsOf: models.Date{Year: year, Month: 6, Day: 30}}
				a, err := src.Rollup(ctx, models.System, q)
				if err != nil {
					t.Fatal(err)
				}
				b, err := dst.Rollup(ctx, models.System, q)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(a, b) {
					ja, _ := json.Marshal(a)
					jb, _ := json.Marshal(b)
					t.Errorf("rollup %d differs:\nsource %s\ncopy   %s", year, ja, jb)
				}
			}
		})
	}
}

// TestRestoreCommandRefuses: the commands refuse clearly, in Chinese and
// English, and change nothing.
func TestRestoreCommandRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Setenv("JOBFAIR_SECRET", string(apitest.Secret))
	srcDSN := filepath.Join(dir, "src", "jobfair.db")
	src, err := models.Open(ctx, srcDSN, apitest.Secret)
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	src.Close()
	file := filepath.Join(dir, "b.db")
	if err := run([]string{"-db", srcDSN, "backup", "--to", file}); err != nil {
		t.Fatal(err)
	}

	dst := filepath.Join(dir, "dst", "jobfair.db")
	t.Setenv("JOBFAIR_SECRET", "another-secret-0123456789abcdef0123")
	err = run([]string{"-db", dst, "restore", "--from", file})
	if !errors.Is(err, models.ErrOtherSecret) || !strings.Contains(err.Error(), "另一个密钥") ||
		!strings.Contains(err.Error(), "another secret") {
		t.Errorf("restore with another secret: %v", err)
	}
	if _, err := os.Stat(dst); err == nil {
		t.Error("a refused restore created the database")
	}

	// Without JOBFAIR_SECRET the secret is read beside the database, never made up.
	t.Setenv("JOBFAIR_SECRET", "")
	err = run([]string{"-db", dst, "restore", "--from", file})
	if err == nil || !strings.Contains(err.Error(), "JOBFAIR_SECRET") || !strings.Contains(err.Error(), "jobfair.secret") {
		t.Errorf("restore without a secret: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "dst", "jobfair.secret")); err == nil {
		t.Error("restore generated a secret")
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "dst", "jobfair.secret"), append(apitest.Secret, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-db", dst, "restore", "--from", file, "--dry-run"}); err != nil {
		t.Errorf("dry run with the secret file beside the database: %v", err)
	}
	if err := run([]string{"-db", dst, "restore", "--from", file}); err != nil {
		t.Errorf("restore with the secret file beside the database: %v", err)
	}
	if err := run([]string{"-db", dst, "restore"}); err == nil || !strings.Contains(err.Error(), "--from") {
		t.Errorf("restore without --from: %v", err)
	}
	if err := run([]string{"-db", dst, "backup"}); err == nil || !strings.Contains(err.Error(), "--to") {
		t.Errorf("backup without --to or JOBFAIR_BACKUP_DIR: %v", err)
	}
	missing := filepath.Join(dir, "nowhere", "jobfair.db")
	if err := run([]string{"-db", missing, "backup", "--to", filepath.Join(dir, "c.db")}); err == nil {
		t.Error("backed up a database that does not exist")
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("backup created the database it was to copy")
	}
}

// gather reads one metric's value from collectors.
func gather(t *testing.T, cs []prometheus.Collector, name, label string) float64 {
	t.Helper()
	reg := prometheus.NewRegistry()
	reg.MustRegister(cs...)
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if label != "" && (len(m.GetLabel()) == 0 || m.GetLabel()[0].GetValue() != label) {
				continue
			}
			if m.Counter != nil {
				return m.GetCounter().GetValue()
			}
			return m.GetGauge().GetValue()
		}
	}
	t.Fatalf("no metric %s %s", name, label)
	return 0
}

func TestScheduledBackups(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			s := apitest.NewStore(t, d) // on PostgreSQL a schema of its own: pg_dump dumps that schema
			dir := t.TempDir()
			t.Setenv("JOBFAIR_BACKUP_DIR", dir)
			t.Setenv("JOBFAIR_BACKUP_EVERY", "1h")
			t.Setenv("JOBFAIR_BACKUP_KEEP", "2")
			var logs bytes.Buffer
			log := slog.New(slog.NewJSONHandler(&logs, nil))
			ext := s.BackupExt()
			old := []string{"jobfair-20240101T000000Z" + ext, "jobfair-20240102T000000Z" + ext, "jobfair-20240103T000000Z" + ext}
			for _, n := range append(old, "notes.txt") {
				if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			b, err := newBackupSchedule(s, log)
			if err != nil || b == nil {
				t.Fatalf("schedule: %v %v", b, err)
			}
			if got := gather(t, b.collectors(), "jobfair_backup_last_success_timestamp_seconds", ""); got != float64(time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC).Unix()) {
				t.Errorf("last success at start %v, want the newest file's time", got)
			}
			if due := b.nextDue(); !due.Equal(time.Date(2024, 1, 3, 1, 0, 0, 0, time.UTC)) {
				t.Errorf("next due %v, want an hour after the newest backup", due)
			}
			before := time.Now()
			if err := b.once(ctx); err != nil {
				t.Fatal(err)
			}
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			files, _ := b.files()
			if len(files) != 2 || files[0].name != old[2] {
				t.Errorf("after pruning to 2: %v", names)
			}
			if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
				t.Error("pruning removed a file that is not a backup")
			}
			newest := filepath.Join(dir, files[len(files)-1].name)
			m, err := models.ReadBackup(ctx, newest)
			if err != nil || m.SecretFingerprint != models.SecretFingerprint(apitest.Secret) {
				t.Errorf("the scheduled backup: %+v %v", m, err)
			}
			if d == "postgres" {
				if _, err := os.Stat(filepath.Join(dir, old[0]+".json")); err == nil {
					t.Error("a pruned dump's manifest stayed")
				}
			}
			cs := b.collectors()
			if gather(t, cs, "jobfair_backups_total", "ok") != 1 || gather(t, cs, "jobfair_backups_total", "failed") != 0 {
				t.Error("the backup was not counted as ok")
			}
			if got := gather(t, cs, "jobfair_backup_last_success_timestamp_seconds", ""); got < float64(before.Unix()) {
				t.Errorf("last success %v, before the backup (%v)", got, before.Unix())
			}
			if gather(t, cs, "jobfair_backup_last_size_bytes", "") <= 0 {
				t.Error("no size recorded")
			}
			if !strings.Contains(logs.String(), `"msg":"backup done"`) || !strings.Contains(logs.String(), `"msg":"old backup removed"`) {
				t.Errorf("log: %s", logs.String())
			}

			// A backup that cannot be written is counted and logged.
			blocker := filepath.Join(t.TempDir(), "a-file")
			os.WriteFile(blocker, nil, 0o600)
			t.Setenv("JOBFAIR_BACKUP_DIR", filepath.Join(blocker, "sub"))
			bad, err := newBackupSchedule(s, log)
			if err != nil {
				t.Fatal(err)
			}
			if err := bad.once(ctx); err == nil {
				t.Fatal("a backup into a folder that cannot exist succeeded")
			}
			if gather(t, bad.collectors(), "jobfair_backups_total", "failed") != 1 {
				t.Error("the failure was not counted")
			}
			if !strings.Contains(logs.String(), `"msg":"backup failed"`) {
				t.Error("the failure was not logged")
			}
			for _, c := range []struct{ name, value string }{
				{"JOBFAIR_BACKUP_EVERY", "soon"}, {"JOBFAIR_BACKUP_EVERY", "10s"}, {"JOBFAIR_BACKUP_KEEP", "0"}, {"JOBFAIR_BACKUP_KEEP", "x"},
			} {
				t.Run(c.name+"="+c.value, func(t *testing.T) {
					t.Setenv(c.name, c.value)
					if _, err := newBackupSchedule(s, log); err == nil || !strings.Contains(err.Error(), c.name) {
						t.Errorf("accepted: %v", err)
					}
				})
			}
		})
	}
}

// TestServerTakesScheduledBackups: a server with JOBFAIR_BACKUP_DIR takes
// its first backup at start, counts it at /metrics and says it is ready.
func TestServerTakesScheduledBackups(t *testing.T) {
	dir := t.TempDir()
	backups := filepath.Join(dir, "backups")
	t.Setenv("JOBFAIR_BACKUP_DIR", backups)
	t.Setenv("JOBFAIR_BACKUP_EVERY", "24h")
	t.Setenv("JOBFAIR_BACKUP_KEEP", "14")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	const token = "metrics-token-0123456789abcdef0123"
	cfg := config{Addr: addr, DB: filepath.Join(dir, "j.db"), AdminPassword: apitest.AdminPassword,
		Secret: string(apitest.Secret), LogFormat: "json", Policy: models.DefaultSessionPolicy, MetricsToken: token}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, slog.New(slog.NewJSONHandler(io.Discard, nil))) }()
	deadline := time.Now().Add(time.Minute)
	for {
		req, _ := http.NewRequest("GET", "http://"+addr+"/metrics", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		r, err := http.DefaultClient.Do(req)
		if err == nil {
			body, _ := io.ReadAll(r.Body)
			r.Body.Close()
			if strings.Contains(string(body), `jobfair_backups_total{result="ok"} 1`) {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no scheduled backup counted at /metrics")
		}
		time.Sleep(50 * time.Millisecond)
	}
	r, err := http.Get("http://" + addr + "/readyz")
	if err != nil || r.StatusCode != 200 {
		t.Errorf("/readyz: %v %v", r, err)
	}
	entries, _ := os.ReadDir(backups)
	if len(entries) != 1 || !strings.HasPrefix(entries[0].Name(), "jobfair-") {
		t.Errorf("backups folder: %v", entries)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
}
