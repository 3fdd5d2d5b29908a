package models_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"jobfair/models"
	"jobfair/models/storetest"
)

// backupDSN is a fresh, empty database that backups and restores may use
// whole: a SQLite file, or a PostgreSQL database of its own.
func backupDSN(t *testing.T, dialect string) string {
	t.Helper()
	if dialect == "postgres" {
		return storetest.PostgresDatabase(t)
	}
	return filepath.Join(t.TempDir(), "jobfair.db")
}

// openMigrated opens dsn with secret, migrated and with the reference data.
func openMigrated(t *testing.T, dsn string, secret []byte) *models.Store {
	t.Helper()
	ctx := context.Background()
	s, err := models.Open(ctx, dsn, secret)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.SeedReference(ctx); err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2025, 6, 30, 12, 0, 0, 0, models.Shanghai) }
	return s
}

func TestBackupRestoresElsewhere(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			src := openMigrated(t, backupDSN(t, d), storetest.Secret)
			fillRecords(t, src, "甲", 12)
			file := filepath.Join(t.TempDir(), "backups", "b"+src.BackupExt())
			m, err := src.Backup(ctx, file)
			if err != nil {
				t.Fatal(err)
			}
			if m.SecretFingerprint != models.SecretFingerprint(storetest.Secret) || m.Dialect != d || m.Format != models.BackupFormat {
				t.Fatalf("manifest %+v", m)
			}
			if m.Counts["placements"] != 12 || m.Counts["employers"] != 1 || m.Counts["tallies"] == 0 {
				t.Errorf("counts %v", m.Counts)
			}
			latest, _ := models.LatestSchemaVersion(d)
			if m.SchemaVersion != latest {
				t.Errorf("schema version %d, want %d", m.SchemaVersion, latest)
			}
			// The backup carries the fingerprint, never the secret, and only
			// its owner may read it.
			files := []string{file}
			if d == "postgres" {
				files = append(files, file+".json")
			}
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Contains(data, storetest.Secret) {
					t.Errorf("%s holds the secret", f)
				}
				if st, _ := os.Stat(f); st.Mode().Perm() != 0o600 {
					t.Errorf("%s has mode %v, want 0600", f, st.Mode().Perm())
				}
			}
			if _, err := src.Backup(ctx, file); err == nil {
				t.Error("a second backup overwrote the first")
			}
			read, err := models.ReadBackup(ctx, file)
			if err != nil || read.SecretFingerprint != m.SecretFingerprint || read.Counts["placements"] != 12 {
				t.Fatalf("read back %+v %v", read, err)
			}

			target := backupDSN(t, d)
			rep, err := models.Restore(ctx, target, storetest.Secret, file, models.RestoreOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.HadRecords || len(rep.Drift) > 0 || rep.SchemaVersion != latest {
				t.Errorf("report %+v", rep)
			}
			dst := openMigrated(t, target, storetest.Secret)
			for table, n := range m.Counts {
				if got := storetest.Count(t, dst, table); got != n {
					t.Errorf("%s: %d restored, %d backed up", table, got, n)
				}
			}
			if n, _ := dst.CountRows(ctx, "jobfair_backup"); n != 0 {
				t.Error("the manifest table stayed in the restored database")
			}
			// The restored database accepts writes and still knows its people:
			// the same ID number in the same year is refused as before.
			fillRecords(t, dst, "乙", 1)
			emp := int64(1)
			_, err = dst.CreatePlacement(ctx, models.System, models.PlacementInput{PersonName: "张三",
				IDNumber: storetest.IDNumber("210102", "1990-01-10", 0), EmployerID: &emp, City: "沈阳市", PlacedOn: "2025-04-01"})
			if models.ErrorCode(err) != models.EConflict {
				t.Errorf("same person again after restore: %v, want a conflict", err)
			}
			if drift, err := dst.Verify(ctx); err != nil || len(drift) > 0 {
				t.Errorf("verify: %v %v", drift, err)
			}
		})
	}
}

func TestRestoreRefuses(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			src := openMigrated(t, backupDSN(t, d), storetest.Secret)
			fillRecords(t, src, "甲", 3)
			dir := t.TempDir()
			file := filepath.Join(dir, "b"+src.BackupExt())
			if _, err := src.Backup(ctx, file); err != nil {
				t.Fatal(err)
			}

			// A target with records of its own, its rows counted to show
			// that every refusal leaves it as it was.
			target := backupDSN(t, d)
			tgt := openMigrated(t, target, storetest.Secret)
			fillRecords(t, tgt, "乙", 5)
			before := storetest.Snapshot(t, tgt)
			tgt.Close()
			unchanged := func(what string) {
				t.Helper()
				s, err := models.Open(ctx, target, storetest.Secret)
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				after := storetest.Snapshot(t, s)
				for k, v := range before {
					if after[k] != v {
						t.Errorf("%s changed %s: %d -> %d", what, k, v, after[k])
					}
				}
			}
			refused := func(what string, err, want error, words ...string) {
				t.Helper()
				if !errors.Is(err, want) {
					t.Fatalf("%s: %v, want %v", what, err, want)
				}
				var r *models.Refusal
				if !errors.As(err, &r) || r.Chinese == "" || r.English == "" {
					t.Errorf("%s: %v is not a refusal in Chinese and English", what, err)
				}
				for _, w := range words {
					if !bytes.Contains([]byte(err.Error()), []byte(w)) {
						t.Errorf("%s: %q does not say %q", what, err, w)
					}
				}
				unchanged(what)
			}

			_, err := models.Restore(ctx, target, []byte("another-secret-0123456789abcdef0"), file, models.RestoreOptions{Force: true})
			refused("other secret", err, models.ErrOtherSecret, "JOBFAIR_SECRET", "另一个密钥", "another secret")

			_, err = models.Restore(ctx, target, storetest.Secret, file, models.RestoreOptions{})
			refused("records without --force", err, models.ErrHasRecords, "--force")

			rep, err := models.Restore(ctx, target, storetest.Secret, file, models.RestoreOptions{Force: true, DryRun: true})
			if err != nil || !rep.HadRecords {
				t.Fatalf("dry run: %+v %v", rep, err)
			}
			unchanged("dry run")

			held, err := models.Open(ctx, target, storetest.Secret)
			if err != nil {
				t.Fatal(err)
			}
			if err := held.Ping(ctx); err != nil {
				t.Fatal(err)
			}
			_, err = models.Restore(ctx, target, storetest.Secret, file, models.RestoreOptions{Force: true})
			held.Close()
			refused("database in use", err, models.ErrInUse, "停止", "stop")

			// A backup from a newer release, and a damaged one.
			newer := filepath.Join(dir, "newer"+src.BackupExt())
			copyFile(t, file, newer)
			if d == "postgres" {
				copyFile(t, file+".json", newer+".json")
			}
			editManifest(t, newer, func(m map[string]any) { m["schema_version"] = 99999 })
			_, err = models.Restore(ctx, target, storetest.Secret, newer, models.RestoreOptions{Force: true})
			refused("newer schema", err, models.ErrNewerSchema, "99999")

			damaged := filepath.Join(dir, "damaged"+src.BackupExt())
			copyFile(t, file, damaged)
			if d == "postgres" {
				copyFile(t, file+".json", damaged+".json")
				editManifest(t, damaged, func(m map[string]any) { m["file"] = filepath.Base(damaged) })
			}
			data, _ := os.ReadFile(damaged)
			if err := os.WriteFile(damaged, data[:len(data)*2/3], 0o600); err != nil {
				t.Fatal(err)
			}
			_, err = models.Restore(ctx, target, storetest.Secret, damaged, models.RestoreOptions{Force: true})
			if !errors.Is(err, models.ErrDamaged) && !errors.Is(err, models.ErrNotBackup) {
				t.Fatalf("damaged backup: %v", err)
			}
			unchanged("damaged backup")

			other := "postgres"
			if d == "postgres" {
				other = "sqlite"
			}
			_, err = models.Restore(ctx, backupDSN(t, other), storetest.Secret, file, models.RestoreOptions{})
			if !errors.Is(err, models.ErrOtherDB) {
				t.Errorf("restore into a %s database: %v", other, err)
			}

			// With --force, and nothing holding it, the target becomes the backup.
			rep, err = models.Restore(ctx, target, storetest.Secret, file, models.RestoreOptions{Force: true})
			if err != nil || !rep.HadRecords {
				t.Fatalf("forced restore: %+v %v", rep, err)
			}
			s, err := models.Open(ctx, target, storetest.Secret)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if n := storetest.Count(t, s, "placements"); n != 3 {
				t.Errorf("after a forced restore %d placements, want the backup's 3", n)
			}
		})
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// editManifest changes the manifest of a backup: inside a SQLite copy, or
// in the file beside a PostgreSQL dump.
func editManifest(t *testing.T, file string, edit func(map[string]any)) {
	t.Helper()
	var m map[string]any
	if _, err := os.Stat(file + ".json"); err == nil || filepath.Ext(file) == ".pgdump" {
		data, err := os.ReadFile(file + ".json")
		if err != nil {
			t.Fatal(err)
		}
		json.Unmarshal(data, &m)
		edit(m)
		data, _ = json.Marshal(m)
		if err := os.WriteFile(file+".json", data, 0o600); err != nil {
			t.Fatal(err)
		}
		return
	}
	db, err := sql.Open("sqlite3", file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var data string
	if err := db.QueryRow("SELECT manifest FROM jobfair_backup").Scan(&data); err != nil {
		t.Fatal(err)
	}
	json.Unmarshal([]byte(data), &m)
	edit(m)
	out, _ := json.Marshal(m)
	if _, err := db.Exec("UPDATE jobfair_backup SET manifest = ?", string(out)); err != nil {
		t.Fatal(err)
	}
}
