package models

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ApplicationName is how the server's PostgreSQL connections name
// themselves (unless the DSN names them otherwise): a restore looks for
// connections of that name to know that a server still holds the database.
const ApplicationName = "jobfair"

// restoreApplicationName marks the restore's own connections.
const restoreApplicationName = "jobfair-restore"

// withApplicationName adds application_name to a PostgreSQL URL that has none.
func withApplicationName(dsn, name string) string {
	return withURLDefaults(dsn, [2]string{"application_name", name})
}

// withURLDefaults adds each parameter (name, value) to a PostgreSQL URL that
// does not set it already.
func withURLDefaults(dsn string, params ...[2]string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	for _, kv := range params {
		if !q.Has(kv[0]) {
			q.Set(kv[0], kv[1])
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// libpqParams are the URL parameters pg_dump and pg_restore understand;
// others (search_path, pgx's pool settings) would make them refuse the URL.
var libpqParams = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "passfile": true,
	"channel_binding": true, "connect_timeout": true, "client_encoding": true, "options": true,
	"application_name": true, "fallback_application_name": true, "keepalives": true,
	"keepalives_idle": true, "keepalives_interval": true, "keepalives_count": true,
	"tcp_user_timeout": true, "sslmode": true, "sslcompression": true, "sslcert": true, "sslkey": true,
	"sslpassword": true, "sslrootcert": true, "sslcrl": true, "sslcrldir": true, "sslsni": true,
	"requirepeer": true, "ssl_min_protocol_version": true, "ssl_max_protocol_version": true,
	"gssencmode": true, "krbsrvname": true, "gsslib": true, "service": true,
	"target_session_attrs": true, "load_balance_hosts": true,
}

// pgCommand is a PostgreSQL client command for a DSN: the URL it accepts,
// the password passed in the environment (not on the command line, where
// any local user could read it), and the schema named by search_path.
type pgCommand struct {
	url    string
	env    []string
	schema string
}

func pgCommandFor(dsn string) (pgCommand, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return pgCommand{}, fmt.Errorf("database URL: %w", err)
	}
	var c pgCommand
	out := url.Values{}
	for k, v := range u.Query() {
		switch {
		case k == "search_path" && len(v) > 0:
			c.schema = strings.TrimSpace(strings.Split(v[0], ",")[0])
		case libpqParams[k]:
			out[k] = v
		}
	}
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			c.env = append(c.env, "PGPASSWORD="+pw)
			u.User = url.User(u.User.Username())
		}
	}
	u.RawQuery = out.Encode()
	c.url = u.String()
	return c, nil
}

// PostgresTool finds a PostgreSQL client program (pg_dump, pg_restore): on
// the PATH, else in the newest /usr/lib/postgresql/*/bin (Debian's layout).
func PostgresTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgMajor(dirs[i]) > pgMajor(dirs[j]) })
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", refuse(ErrNoTool,
		fmt.Sprintf("没有找到 %s：请安装与数据库服务器主版本相同的 PostgreSQL 客户端（Debian/Ubuntu：apt-get install postgresql-client），或按 README“备份与恢复”一节手工执行", name),
		fmt.Sprintf("%s not found: install the PostgreSQL client of the server's major version (Debian/Ubuntu: apt-get install postgresql-client), or follow the manual recipe in README, \"Backup and restore\"", name))
}

func pgMajor(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// dumpPostgres runs pg_dump into path (custom format) inside a snapshot
// that a repeatable-read transaction exports after counting the rows, so
// that the counts and the schema version in the manifest are those of the
// dump exactly, whatever is written meanwhile.
func (s *Store) dumpPostgres(ctx context.Context, path string, m *BackupManifest) error {
	tool, err := PostgresTool("pg_dump")
	if err != nil {
		return err
	}
	cmdSpec, err := pgCommandFor(s.dsn)
	if err != nil {
		return err
	}
	sqlDB, err := s.wdb.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var snapshot string
	if err := tx.QueryRowContext(ctx, "SELECT pg_export_snapshot()").Scan(&snapshot); err != nil {
		return fmt.Errorf("export snapshot: %w", err)
	}
	if m.Counts, err = countTables(ctx, tx, "postgres"); err != nil {
		return err
	}
	if m.SchemaVersion, err = gooseVersion(ctx, tx); err != nil {
		return err
	}
	args := []string{"--format=custom", "--no-owner", "--no-privileges", "--snapshot=" + snapshot,
		"--file=" + path, "--dbname=" + cmdSpec.url}
	if cmdSpec.schema != "" {
		args = append(args, "--schema="+cmdSpec.schema)
	}
	cmd := exec.CommandContext(ctx, tool, args...)
	cmd.Env = append(os.Environ(), cmdSpec.env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pg_dump: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// restorePostgres checks that no server is connected to the target database
// and that it holds no records (unless Force), then runs pg_restore in one
// transaction: it replaces the tables the dump holds, or changes nothing.
func restorePostgres(ctx context.Context, dsn string, secret []byte, from string, opts RestoreOptions, rep *RestoreReport) error {
	tool, err := PostgresTool("pg_restore")
	if err != nil {
		return err
	}
	cmdSpec, err := pgCommandFor(dsn)
	if err != nil {
		return err
	}
	target, err := Open(ctx, withApplicationName(dsn, restoreApplicationName), secret)
	if err != nil {
		return err
	}
	defer target.Close()
	db, err := target.wdb.DB()
	if err != nil {
		return err
	}
	var servers int64
	var name string
	if err := db.QueryRowContext(ctx, `SELECT current_database(), (SELECT COUNT(*) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = $1)`, ApplicationName).Scan(&name, &servers); err != nil {
		return fmt.Errorf("restore: look for servers: %w", err)
	}
	if servers > 0 {
		return refuse(ErrInUse,
			fmt.Sprintf("数据库 %s 上还有 %d 个服务连接（application_name=%s）：请先停止所有实例再恢复", name, servers, ApplicationName),
			fmt.Sprintf("%d server connections (application_name=%s) are open on the database %s: stop every instance, then restore", servers, ApplicationName, name))
	}
	if rep.HadRecords, err = hasRecords(ctx, db, "postgres"); err != nil {
		return err
	}
	if rep.HadRecords && !opts.Force {
		return hasRecordsRefusal(name)
	}
	if opts.DryRun {
		return nil
	}
	target.Close()
	args := []string{"--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner",
		"--no-privileges", "--dbname=" + cmdSpec.url, strings.TrimSuffix(from, ".json")}
	cmd := exec.CommandContext(ctx, tool, args...)
	cmd.Env = append(os.Environ(), cmdSpec.env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pg_restore (nothing was changed): %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}
