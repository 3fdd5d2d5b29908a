package models

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// The bench compares the platform's figures with what the database does on
// its own. The baselines live here, beside the queries they compare with.

// PlainRollup counts a year's computed goals as plain SQL over the records,
// with no summaries: the baseline of the rollup's speed.
func (s *Store) PlainRollup(ctx context.Context, year int) error {
	from, to := fmt.Sprintf("'%d-01-01'", year), fmt.Sprintf("'%d-12-31'", year)
	span := " BETWEEN " + from + " AND " + to
	young := fmt.Sprintf(" AND birth_date BETWEEN '%d-12-31' AND '%d-12-31'", year-46, year-18)
	queries := []string{
		"SELECT COUNT(*) FROM fairs WHERE status = 'held' AND start_date" + span,
		"SELECT COUNT(*) FROM fairs WHERE status = 'held' AND kind = 'special' AND start_date" + span,
		"SELECT COUNT(*) FROM visits WHERE visited_on" + span,
		"SELECT fp.programme, COUNT(*), SUM(f.posts_offered), SUM(f.intents) FROM fairs f JOIN fair_programmes fp ON fp.fair_id = f.id WHERE f.status = 'held' AND f.start_date" + span + " GROUP BY fp.programme",
		"SELECT SUM(headcount) FROM jobs WHERE for_graduates AND posted_on" + span,
		"SELECT COUNT(*) FROM placements WHERE placed_on" + span,
		"SELECT COUNT(*) FROM placements WHERE placed_on" + span + " AND groups LIKE '%,reemployed,%'",
		"SELECT COUNT(*) FROM placements WHERE placed_on" + span + " AND groups LIKE '%,hard_to_employ,%'",
		"SELECT COUNT(*) FROM placements WHERE placed_on" + span + young,
		"SELECT COUNT(*) FROM placements WHERE placed_on" + span,
	}
	db := s.read(ctx)
	for _, q := range queries {
		rows, err := db.Raw(q).Rows()
		if err != nil {
			return fmt.Errorf("plain rollup: %w", err)
		}
		for rows.Next() {
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("plain rollup: %w", err)
		}
	}
	return nil
}

// plainTables are the record tables CopyPlain copies, with their columns.
var plainTables = []struct {
	name string
	cols []string
}{
	{"employers", []string{"id", "name", "credit_code", "city", "industry", "created_at", "updated_at"}},
	{"fairs", []string{"id", "title", "city", "venue", "starts_at", "ends_at", "start_date", "mode", "status", "visitors",
		"employers_attended", "posts_offered", "intents", "organisation", "kind", "created_at", "updated_at"}},
	{"jobs", append([]string{"id"}, jobColumns...)},
	{"placements", append([]string{"id"}, placementColumns...)},
	{"visits", append([]string{"id"}, visitColumns...)},
}

// CopyPlain copies the records of s into the empty store dst the fastest
// plain way the database offers, in one transaction: COPY on PostgreSQL, and
// prepared INSERTs of many rows each on SQLite. That is what the database
// does without checks, hashing, summaries or audit. It reads every row first
// and answers the rows written and the time the writing took.
func (s *Store) CopyPlain(ctx context.Context, dst *Store) (int64, time.Duration, error) {
	src, err := s.SQLDB()
	if err != nil {
		return 0, 0, err
	}
	data := make([][][]any, len(plainTables))
	for i, t := range plainTables {
		rows, err := src.QueryContext(ctx, "SELECT "+strings.Join(t.cols, ", ")+" FROM "+t.name+" ORDER BY id")
		if err != nil {
			return 0, 0, fmt.Errorf("read %s: %w", t.name, err)
		}
		for rows.Next() {
			vals := make([]any, len(t.cols))
			ptrs := make([]any, len(t.cols))
			for j := range vals {
				ptrs[j] = &vals[j]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return 0, 0, fmt.Errorf("read %s: %w", t.name, err)
			}
			data[i] = append(data[i], vals)
		}
		rows.Close()
	}
	ddb, err := dst.SQLDB()
	if err != nil {
		return 0, 0, err
	}
	conn, err := ddb.Conn(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close()
	t0 := time.Now()
	var n int64
	if dst.Dialect == "postgres" {
		n, err = copyPostgres(ctx, conn, data)
	} else {
		n, err = insertRowsPlain(ctx, conn, data)
	}
	if err != nil {
		return 0, 0, err
	}
	return n, time.Since(t0), nil
}

// copyPostgres writes data with COPY FROM STDIN, one table after another, in
// one transaction.
func copyPostgres(ctx context.Context, conn *sql.Conn, data [][][]any) (int64, error) {
	var n int64
	err := conn.Raw(func(dc any) error {
		pg := dc.(*stdlib.Conn).Conn()
		tx, err := pg.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		for i, t := range plainTables {
			copied, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromRows(data[i]))
			if err != nil {
				return fmt.Errorf("copy %s: %w", t.name, err)
			}
			n += copied
		}
		return tx.Commit(ctx)
	})
	return n, err
}

// plainBatch is the rows of one multi-row INSERT: SQLite allows 32,766
// parameters a statement, and a few hundred rows are past the point where
// larger statements stop paying.
const plainBatch = 200

// insertRowsPlain writes data with prepared INSERTs of plainBatch rows each
// (and one shorter statement for the rest of each table), in one transaction.
func insertRowsPlain(ctx context.Context, conn *sql.Conn, data [][][]any) (int64, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var n int64
	for i, t := range plainTables {
		rows := data[i]
		var stmt *sql.Stmt
		for len(rows) > 0 {
			k := min(plainBatch, len(rows))
			if stmt == nil || k < plainBatch {
				if stmt != nil {
					stmt.Close()
				}
				row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
				q := "INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES " +
					strings.TrimSuffix(strings.Repeat(row+", ", k), ", ")
				if stmt, err = tx.PrepareContext(ctx, q); err != nil {
					return 0, fmt.Errorf("prepare %s: %w", t.name, err)
				}
			}
			args := make([]any, 0, k*len(t.cols))
			for _, vals := range rows[:k] {
				args = append(args, vals...)
			}
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				stmt.Close()
				return 0, fmt.Errorf("insert %s: %w", t.name, err)
			}
			n += int64(k)
			rows = rows[k:]
		}
		if stmt != nil {
			stmt.Close()
		}
	}
	return n, tx.Commit()
}
