package models

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// BackupFormat names the shape of a backup and its manifest.
const BackupFormat = "jobfair-backup/1"

// backupTable holds the manifest inside a SQLite backup; it exists only in
// copies, never in a live database, and a restore removes it.
const backupTable = "jobfair_backup"

// BackupManifest says what a backup holds. It carries a fingerprint of the
// secret (SecretFingerprint), never the secret itself.
type BackupManifest struct {
	Format            string    `json:"format"`
	CreatedAt         time.Time `json:"created_at"`
	Dialect           string    `json:"dialect"`
	SchemaVersion     int64     `json:"schema_version"`
	SecretFingerprint string    `json:"secret_fingerprint"`
	// Counts are the rows of every table in the snapshot the backup holds.
	Counts map[string]int64 `json:"counts"`
	// File, Size and SHA256 describe a PostgreSQL dump, whose manifest lies
	// beside it in File + ".json"; a SQLite copy holds its manifest inside.
	File   string `json:"file,omitempty"`
	Size   int64  `json:"size,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
}

// BackupExt is how the file of a backup of this store ends: ".db" for a
// SQLite copy, ".pgdump" for a pg_dump archive.
func (s *Store) BackupExt() string {
	if s.Dialect == "postgres" {
		return ".pgdump"
	}
	return ".db"
}

// Backup writes a consistent copy of the database to path while the server
// keeps serving: on SQLite with VACUUM INTO on a reader connection (writers
// carry on; the copy is one snapshot), on PostgreSQL with pg_dump in a
// snapshot exported by a transaction that counts the rows in the same
// snapshot. The file appears only once complete, readable by its owner only;
// an existing file is never overwritten.
func (s *Store) Backup(ctx context.Context, path string) (*BackupManifest, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("backup: %s already exists", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("backup folder: %w", err)
	}
	m := &BackupManifest{Format: BackupFormat, CreatedAt: time.Now().UTC(), Dialect: s.Dialect,
		SecretFingerprint: SecretFingerprint(s.secret)}
	partial := path + ".partial"
	_ = os.Remove(partial)
	// The empty file fixes the permissions: a backup holds personal data.
	f, err := os.OpenFile(partial, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	f.Close()
	done := false
	defer func() {
		if !done {
			_ = os.Remove(partial)
		}
	}()
	if s.Dialect == "postgres" {
		err = s.dumpPostgres(ctx, partial, m)
	} else {
		err = s.copySQLite(ctx, partial, m)
	}
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if err := syncFile(partial); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if s.Dialect == "postgres" {
		m.File = filepath.Base(path)
		if m.Size, m.SHA256, err = fileDigest(partial); err != nil {
			return nil, fmt.Errorf("backup: %w", err)
		}
		if err := writeManifest(path+".json", m); err != nil {
			return nil, fmt.Errorf("backup: %w", err)
		}
	}
	if err := os.Rename(partial, path); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	done = true
	syncDir(filepath.Dir(path))
	if m.Size == 0 {
		if st, err := os.Stat(path); err == nil {
			m.Size = st.Size()
		}
	}
	return m, nil
}

// copySQLite copies the database into the empty file at path and writes the
// manifest into the copy, counted from the copy itself.
func (s *Store) copySQLite(ctx context.Context, path string, m *BackupManifest) error {
	rdb, err := s.db.DB()
	if err != nil {
		return err
	}
	if _, err := rdb.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("copy the database: %w", err)
	}
	cp, err := sql.Open("sqlite3", sqliteURI(path, "_busy_timeout=10000"))
	if err != nil {
		return err
	}
	defer cp.Close()
	if m.Counts, err = countTables(ctx, cp, "sqlite"); err != nil {
		return err
	}
	if m.SchemaVersion, err = gooseVersion(ctx, cp); err != nil {
		return err
	}
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if _, err := cp.ExecContext(ctx, "CREATE TABLE "+backupTable+" (manifest TEXT NOT NULL)"); err != nil {
		return fmt.Errorf("write the manifest: %w", err)
	}
	if _, err := cp.ExecContext(ctx, "INSERT INTO "+backupTable+" (manifest) VALUES (?)", string(data)); err != nil {
		return fmt.Errorf("write the manifest: %w", err)
	}
	return cp.Close()
}

// querier is what counting needs of a database, a connection or a transaction.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// countTables counts the rows of every table but the migrations' own.
func countTables(ctx context.Context, db querier, dialect string) (map[string]int64, error) {
	// Ordinary tables: the text search's FTS5 tables (virtual, and their
	// shadow tables) are indexes, which the backup copies but need no count.
	q := "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'"
	if dialect == "postgres" {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, err
		}
		if t != "goose_db_version" && t != backupTable {
			tables = append(tables, t)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Strings(tables)
	counts := make(map[string]int64, len(tables))
	for _, t := range tables {
		var n int64
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM "`+strings.ReplaceAll(t, `"`, `""`)+`"`).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		counts[t] = n
	}
	return counts, nil
}

// gooseVersion is the newest applied migration recorded in db.
func gooseVersion(ctx context.Context, db querier) (int64, error) {
	var v int64
	if err := db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied").Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// ReadBackup reads the manifest of a backup and checks that the file is
// whole: a SQLite copy passes SQLite's quick check, a PostgreSQL dump has the
// size and SHA-256 its manifest recorded.
func ReadBackup(ctx context.Context, path string) (*BackupManifest, error) {
	path = strings.TrimSuffix(path, ".json")
	head := make([]byte, 16)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read backup: %w", err)
	}
	_, err = io.ReadFull(f, head)
	f.Close()
	if err == nil && bytes.Equal(head, []byte("SQLite format 3\x00")) {
		return readSQLiteManifest(ctx, path)
	}
	data, err := os.ReadFile(path + ".json")
	if err != nil {
		return nil, refuse(ErrNotBackup,
			fmt.Sprintf("%s 既不是 jobfair 的 SQLite 备份，旁边也没有清单文件 %s.json", path, filepath.Base(path)),
			fmt.Sprintf("%s is neither a jobfair SQLite backup nor beside its manifest %s.json", path, filepath.Base(path)))
	}
	var m BackupManifest
	if err := json.Unmarshal(data, &m); err != nil || m.Format != BackupFormat {
		return nil, refuse(ErrNotBackup, "备份清单无法识别："+path+".json", "the manifest "+path+".json is not a jobfair backup manifest")
	}
	size, sum, err := fileDigest(path)
	if err != nil {
		return nil, err
	}
	if size != m.Size || sum != m.SHA256 {
		return nil, refuse(ErrDamaged, "备份文件与清单记录的大小或校验和不符，文件已损坏或被改动",
			"the backup's size or SHA-256 differs from its manifest: the file is damaged or was changed")
	}
	return &m, nil
}

func readSQLiteManifest(ctx context.Context, path string) (*BackupManifest, error) {
	db, err := sql.Open("sqlite3", sqliteURI(path, "mode=ro&immutable=1"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var data string
	if err := db.QueryRowContext(ctx, "SELECT manifest FROM "+backupTable).Scan(&data); err != nil {
		return nil, refuse(ErrNotBackup, path+" 是 SQLite 文件，但不是 jobfair backup 制作的备份（没有备份清单）",
			path+" is a SQLite file but not a backup made by jobfair backup (it has no manifest)")
	}
	var m BackupManifest
	if err := json.Unmarshal([]byte(data), &m); err != nil || m.Format != BackupFormat {
		return nil, refuse(ErrNotBackup, "备份清单无法识别", "the backup's manifest is not one this release reads")
	}
	var check string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&check); err != nil || check != "ok" {
		return nil, refuse(ErrDamaged, "备份文件未通过 SQLite 完整性检查，已损坏", "the backup fails SQLite's integrity check: it is damaged")
	}
	if st, err := os.Stat(path); err == nil {
		m.Size = st.Size()
	}
	return &m, nil
}

// Reasons a restore is refused; the error names the one that applies.
var (
	ErrNotBackup   = errors.New("not a jobfair backup")
	ErrDamaged     = errors.New("backup damaged")
	ErrOtherSecret = errors.New("backup made with another secret")
	ErrNewerSchema = errors.New("backup from a newer release")
	ErrOtherDB     = errors.New("backup of the other kind of database")
	ErrInUse       = errors.New("database in use")
	ErrHasRecords  = errors.New("database has records")
	ErrNoTool      = errors.New("PostgreSQL client tool missing")
)

// Refusal is a restore or backup that was refused, in Chinese and English.
type Refusal struct {
	Reason  error
	Chinese string
	English string
}

func (r *Refusal) Error() string { return r.Chinese + "\n" + r.English }
func (r *Refusal) Unwrap() error { return r.Reason }

func refuse(reason error, zh, en string) error {
	return &Refusal{Reason: reason, Chinese: zh, English: en}
}

// RestoreOptions change what a restore may do.
type RestoreOptions struct {
	// Force replaces a database that has records.
	Force bool
	// DryRun checks the backup and the target and changes nothing.
	DryRun bool
}

// RestoreReport is what a restore found and did.
type RestoreReport struct {
	Manifest *BackupManifest
	// HadRecords: the target held records (replaced only with Force).
	HadRecords bool
	DryRun     bool
	// Counts are the tables' rows once restored, before migrations ran.
	Counts map[string]int64
	// SchemaVersion is the schema after the restore and its migrations.
	SchemaVersion int64
	// Drift is what verify found (nothing, for a sound backup).
	Drift []Drift
}

// Restore puts the backup at from in place of the database dsn, which must
// be empty, or hold records and Force be set, and must not be held by a
// running server. It refuses a backup made with another secret than secret,
// from a newer release, or damaged. Once restored it counts the tables
// against the manifest, runs the migrations this release adds (an older
// backup is upgraded) and verifies the tallies against the records.
func Restore(ctx context.Context, dsn string, secret []byte, from string, opts RestoreOptions) (*RestoreReport, error) {
	m, err := ReadBackup(ctx, from)
	if err != nil {
		return nil, err
	}
	dialect := "sqlite"
	if IsPostgres(dsn) {
		dialect = "postgres"
	}
	if m.Dialect != dialect {
		return nil, refuse(ErrOtherDB, fmt.Sprintf("这是 %s 数据库的备份，目标是 %s 数据库", m.Dialect, dialect),
			fmt.Sprintf("the backup is of a %s database, the target is %s", m.Dialect, dialect))
	}
	if fp := SecretFingerprint(secret); fp != m.SecretFingerprint {
		return nil, refuse(ErrOtherSecret,
			fmt.Sprintf("备份是用另一个密钥制作的（备份的密钥指纹 %.12s…，当前密钥 %.12s…），恢复后身份证号哈希与登录令牌都将失效，已拒绝。请把 JOBFAIR_SECRET 设为制作备份时的密钥（或放回当时的 jobfair.secret 文件）再恢复。", m.SecretFingerprint, fp),
			fmt.Sprintf("refused: the backup was made with another secret (fingerprint %.12s…, the current secret's is %.12s…); ID hashes and sessions would not match. Set JOBFAIR_SECRET to the secret in use when the backup was made (or put back that jobfair.secret file) and restore again.", m.SecretFingerprint, fp))
	}
	latest, err := LatestSchemaVersion(dialect)
	if err != nil {
		return nil, err
	}
	if m.SchemaVersion > latest {
		return nil, refuse(ErrNewerSchema,
			fmt.Sprintf("备份来自更新的版本（数据库结构版本 %d，本版本只到 %d），请用该版本或更新版本恢复", m.SchemaVersion, latest),
			fmt.Sprintf("the backup comes from a newer release (schema version %d, this release knows up to %d): restore it with that release or a newer one", m.SchemaVersion, latest))
	}
	rep := &RestoreReport{Manifest: m, DryRun: opts.DryRun}
	if dialect == "postgres" {
		err = restorePostgres(ctx, dsn, secret, from, opts, rep)
	} else {
		err = restoreSQLite(ctx, dsn, from, opts, rep)
	}
	if err != nil || opts.DryRun {
		return rep, err
	}
	return rep, checkRestored(ctx, dsn, secret, rep)
}

// checkRestored opens the restored database, compares its tables with the
// manifest, migrates it and verifies the tallies.
func checkRestored(ctx context.Context, dsn string, secret []byte, rep *RestoreReport) error {
	s, err := Open(ctx, dsn, secret)
	if err != nil {
		return err
	}
	defer s.Close()
	rdb, err := s.db.DB()
	if err != nil {
		return err
	}
	if rep.Counts, err = countTables(ctx, rdb, s.Dialect); err != nil {
		return err
	}
	var diffs []string
	for t, n := range rep.Manifest.Counts {
		if rep.Counts[t] != n {
			diffs = append(diffs, fmt.Sprintf("%s %d≠%d", t, rep.Counts[t], n))
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		return fmt.Errorf("恢复后的行数与备份清单不符 / restored rows differ from the manifest: %s", strings.Join(diffs, ", "))
	}
	if err := s.Migrate(ctx); err != nil {
		return err
	}
	if rep.SchemaVersion, err = s.SchemaVersion(ctx); err != nil {
		return err
	}
	if rep.Drift, err = s.Verify(ctx); err != nil {
		return err
	}
	if len(rep.Drift) > 0 {
		return fmt.Errorf("恢复完成，但汇总表与明细有 %d 处不一致 / restored, but verify found %d differences", len(rep.Drift), len(rep.Drift))
	}
	return nil
}

// restoreSQLite holds the target file under SQLite's exclusive lock (which it
// cannot get while any server has the file open), checks it for records and
// copies the backup into it with SQLite's online backup, in one transaction.
func restoreSQLite(ctx context.Context, target, from string, opts RestoreOptions, rep *RestoreReport) error {
	if a, err := os.Stat(target); err == nil {
		if b, err := os.Stat(from); err == nil && os.SameFile(a, b) {
			return fmt.Errorf("restore: the backup and the database are the same file")
		}
	} else if opts.DryRun {
		return nil // nothing there yet: a restore would create it
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
		f.Close()
	}
	db, err := sql.Open("sqlite3", sqliteURI(target, "_busy_timeout=0&_locking_mode=EXCLUSIVE&_foreign_keys=off"))
	if err != nil {
		return err
	}
	defer db.Close()
	busy := func(err error) error {
		var se sqlite3.Error
		if errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked) {
			return inUse(target)
		}
		return fmt.Errorf("restore: lock %s: %w", target, err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return busy(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		return busy(err)
	}
	// In exclusive locking mode the lock outlives the transaction: no
	// server can open the file until the restore lets go of it.
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if rep.HadRecords, err = hasRecords(ctx, conn, "sqlite"); err != nil {
		return err
	}
	if rep.HadRecords && !opts.Force {
		return hasRecordsRefusal(target)
	}
	if opts.DryRun {
		return nil
	}
	src, err := sql.Open("sqlite3", sqliteURI(from, "mode=ro&immutable=1"))
	if err != nil {
		return err
	}
	defer src.Close()
	sconn, err := src.Conn(ctx)
	if err != nil {
		return err
	}
	defer sconn.Close()
	err = conn.Raw(func(d any) error {
		return sconn.Raw(func(s any) error {
			bk, err := d.(*sqlite3.SQLiteConn).Backup("main", s.(*sqlite3.SQLiteConn), "main")
			if err != nil {
				return err
			}
			if _, err := bk.Step(-1); err != nil {
				bk.Finish()
				return err
			}
			return bk.Finish()
		})
	})
	if err != nil {
		return fmt.Errorf("restore: copy the backup: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "DROP TABLE "+backupTable); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := conn.Close(); err != nil {
		return err
	}
	return db.Close()
}

func inUse(target string) error {
	return refuse(ErrInUse,
		fmt.Sprintf("数据库 %s 正被运行中的服务（或其他程序）使用：请先停止服务再恢复", target),
		fmt.Sprintf("the database %s is in use by a running server (or another program): stop the server, then restore", target))
}

func hasRecordsRefusal(target string) error {
	return refuse(ErrHasRecords,
		fmt.Sprintf("数据库 %s 中已有业务记录，恢复会覆盖它们：确认无误后加 --force 再运行", target),
		fmt.Sprintf("the database %s holds records that a restore would replace: add --force if that is what you want", target))
}

// hasRecords reports whether a database holds anything a person entered:
// employers, fairs, vacancies, placements, sign-ups, reported figures, or
// accounts besides admin. A database a server has only started on holds none.
func hasRecords(ctx context.Context, db querier, dialect string) (bool, error) {
	q := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'"
	if dialect == "postgres" {
		q = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'users'"
	}
	var n int64
	if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return false, fmt.Errorf("look at the database: %w", err)
	}
	if n == 0 {
		return false, nil
	}
	for _, q := range []string{
		"SELECT COUNT(*) FROM (SELECT 1 FROM employers LIMIT 1) e",
		"SELECT COUNT(*) FROM (SELECT 1 FROM fairs LIMIT 1) f",
		"SELECT COUNT(*) FROM (SELECT 1 FROM jobs LIMIT 1) j",
		"SELECT COUNT(*) FROM (SELECT 1 FROM placements LIMIT 1) p",
		"SELECT COUNT(*) FROM (SELECT 1 FROM signups LIMIT 1) s",
		"SELECT COUNT(*) FROM (SELECT 1 FROM goal_reports LIMIT 1) r",
		"SELECT COUNT(*) FROM (SELECT 1 FROM users WHERE username <> 'admin' LIMIT 1) u",
	} {
		if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return false, fmt.Errorf("look at the database: %w", err)
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, nil
}

// sqliteURI is a file: URI for a SQLite path with the given parameters.
func sqliteURI(path, params string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: params}
	return u.String()
}

func writeManifest(path string, m *BackupManifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".partial"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o600); err != nil {
		return err
	}
	if err := syncFile(tmp); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func fileDigest(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncDir makes a rename in dir durable; where directories cannot be
// synced the rename stands regardless.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
