package models

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
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

// CopyPlain copies the records of s into the empty store dst with plain
// prepared INSERTs, one row each, in one transaction: what the database does
// without checks, hashing, summaries or audit. It reads every row first and
// answers the rows written and the time the writing took.
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
	t0 := time.Now()
	tx, err := ddb.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	var n int64
	for i, t := range plainTables {
		marks := make([]string, len(t.cols))
		for j := range marks {
			marks[j] = "?"
			if dst.Dialect == "postgres" {
				marks[j] = "$" + strconv.Itoa(j+1)
			}
		}
		stmt, err := tx.PrepareContext(ctx, "INSERT INTO "+t.name+" ("+strings.Join(t.cols, ", ")+") VALUES ("+strings.Join(marks, ", ")+")")
		if err != nil {
			return 0, 0, err
		}
		for _, vals := range data[i] {
			if _, err := stmt.ExecContext(ctx, vals...); err != nil {
				stmt.Close()
				return 0, 0, fmt.Errorf("insert %s: %w", t.name, err)
			}
			n++
		}
		stmt.Close()
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, err
	}
	return n, time.Since(t0), nil
}
