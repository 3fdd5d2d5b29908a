// Package storetest gives store tests what they need beside the store: a
// fresh migrated database per test on SQLite, or in a schema of its own on
// PostgreSQL, and small helpers to make valid codes and count rows. It
// imports nothing above models.
package storetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"jobfair/models"
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
		dsn, drop, err := models.NewPostgresSchema(context.Background(), base)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = drop() })
		return dsn
	}
	t.Fatalf("unknown dialect %q", dialect)
	return ""
}

// NewStore opens a fresh database of dialect, migrated, with the reference
// data (cities, programmes, groups) and the goals given.
func NewStore(t testing.TB, dialect string, goals ...models.Goal) *models.Store {
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
	if err := s.SeedReference(ctx); err != nil {
		t.Fatalf("seed reference data: %v", err)
	}
	if len(goals) > 0 {
		if _, err := s.SeedGoals(ctx, goals); err != nil {
			t.Fatalf("seed goals: %v", err)
		}
	}
	return s
}

// CreditCode makes a valid 统一社会信用代码 from a seed, the same for the same seed.
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
	n, err := s.CountRows(context.Background(), table)
	if err != nil {
		t.Fatal(err)
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

// Rows are import rows held in memory, numbered from 2 as under a header:
// each row's cells in the order of the import's columns.
type Rows struct {
	rows [][]string
	i    int
}

// RowsOf holds rows for an import.
func RowsOf(rows [][]string) *Rows { return &Rows{rows: rows} }

// Next answers the next row; cells nil at the end.
func (r *Rows) Next() (int, []string, error) {
	if r.i >= len(r.rows) {
		return 0, nil, nil
	}
	r.i++
	return r.i + 1, r.rows[r.i-1], nil
}

// PostgresDatabase makes a fresh, empty database of its own on the test
// server and answers its DSN; it is dropped when the test ends. Backups and
// restores use it: they work on whole databases, and a restore checks who
// else is connected to its database.
func PostgresDatabase(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Fatalf("%s is not set: run the tests with `make test`, which starts PostgreSQL", PostgresEnv)
	}
	dsn, drop, err := models.NewPostgresDatabase(context.Background(), base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Errorf("drop database: %v", err)
		}
	})
	return dsn
}
