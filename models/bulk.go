package models

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// sqliteImportCache is the page cache an import's transaction may use on
// SQLite (KiB): the default 2 MB would spill a large import to the WAL
// page by page before it commits.
const sqliteImportCache = 16384

// bigTx runs fn in one write transaction with room for a large write: on
// SQLite the page cache may grow to sqliteImportCache and shrinks again after.
func (s *Store) bigTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.cachedTx(ctx, sqliteImportCache, fn)
}

// cachedTx runs fn in one write transaction whose SQLite page cache may grow
// to cache KiB: a large write that overflows the cache writes pages to the
// WAL before it commits, and again each time it changes them.
func (s *Store) cachedTx(ctx context.Context, cache int, fn func(tx *gorm.DB) error) error {
	if s.Dialect != "sqlite" {
		return s.bulkTx(ctx, fn)
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var before int64
		if err := tx.Raw("PRAGMA cache_size").Scan(&before).Error; err != nil {
			return err
		}
		if err := tx.Exec(fmt.Sprintf("PRAGMA cache_size = -%d", cache)).Error; err != nil {
			return err
		}
		defer tx.Exec(fmt.Sprintf("PRAGMA cache_size = %d", before))
		return fn(tx)
	})
}

// copyConnKey is the key of the PostgreSQL connection under a transaction
// in the transaction's context (see bulkTx).
type copyConnKey struct{}

// bulkTx runs fn in one write transaction in which bulkInsert writes with
// COPY on PostgreSQL: the transaction's context carries the connection
// under it. There the transaction also lets PostgreSQL reuse the plans of
// its prepared statements (plan_cache_mode auto, against the sessions'
// force_custom_plan of plannerSettings): a bulk load runs the same few
// statements thousands of times, and planning each again made the demo
// take 104 s instead of 68. On SQLite it is tx.
func (s *Store) bulkTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if s.Dialect != "postgres" {
		return s.tx(ctx, fn)
	}
	defer s.Changed()
	return s.write(ctx).Connection(func(db *gorm.DB) error {
		conn, ok := db.Statement.ConnPool.(*sql.Conn)
		if !ok {
			return db.Transaction(fn)
		}
		return db.WithContext(context.WithValue(ctx, copyConnKey{}, conn)).Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec("SET LOCAL plan_cache_mode = auto").Error; err != nil {
				return err
			}
			return fn(tx)
		})
	})
}

// copyConn is the PostgreSQL connection under tx when bulkTx began it.
func copyConn(tx *gorm.DB) *sql.Conn {
	if tx.Statement.Context == nil {
		return nil
	}
	conn, _ := tx.Statement.Context.Value(copyConnKey{}).(*sql.Conn)
	return conn
}

// maxBulkParams keeps a multi-row INSERT under SQLite's 32,766 variables
// (PostgreSQL allows 65,535).
const maxBulkParams = 30000

// bulkRows is how many rows one INSERT statement carries at most.
const bulkRows = importBatch

// bulkInsert writes n rows into table inside tx, with multi-row INSERT
// statements or, in a transaction of bulkTx on PostgreSQL, with COPY; fill
// appends the values of row i in the order of cols.
func bulkInsert(tx *gorm.DB, dialect, table string, cols []string, n int, fill func(i int, args []any) []any) error {
	b := bulkInserter{dialect: dialect, table: table, cols: cols}
	defer b.close()
	return b.insert(tx, n, fill)
}

// bulkInserter writes rows into one table, as often as asked: with COPY in a
// transaction of bulkTx on PostgreSQL, otherwise with multi-row INSERT
// statements, the one for a full batch prepared the first time one is
// written and reused until close.
type bulkInserter struct {
	dialect, table string
	cols           []string
	full           *sql.Stmt
	args           []any
	// dates are the positions of the date columns among cols, for COPY;
	// looked up the first time rows are copied.
	dates []int
}

func (b *bulkInserter) close() {
	if b.full != nil {
		b.full.Close()
		b.full = nil
	}
}

// insert writes n rows inside tx; fill appends the values of row i in the
// order of the columns.
func (b *bulkInserter) insert(tx *gorm.DB, n int, fill func(i int, args []any) []any) error {
	per := min(bulkRows, maxBulkParams/len(b.cols))
	ctx := tx.Statement.Context
	pool := rawConn(tx)
	fail := func(err error) error {
		if t, ok := tx.Dialector.(gorm.ErrorTranslator); ok {
			err = t.Translate(err)
		}
		return fmt.Errorf("insert into %s: %w", b.table, err)
	}
	if conn := copyConn(tx); conn != nil {
		if err := b.copyRows(ctx, conn, n, fill); err != nil {
			return fail(err)
		}
		return nil
	}
	for start := 0; start < n; start += per {
		end := min(start+per, n)
		args := b.args[:0]
		for i := start; i < end; i++ {
			args = fill(i, args)
		}
		b.args = args
		var err error
		if end-start == per {
			if b.full == nil {
				if b.full, err = pool.PrepareContext(ctx, insertSQL(b.dialect, b.table, b.cols, per)); err != nil {
					return fail(err)
				}
			}
			_, err = b.full.ExecContext(ctx, args...)
		} else {
			_, err = pool.ExecContext(ctx, insertSQL(b.dialect, b.table, b.cols, end-start), args...)
		}
		if err != nil {
			return fail(err)
		}
	}
	return nil
}

// copyRows writes n rows with COPY on conn, a PostgreSQL connection with its
// transaction open; fill appends the values of row i in the order of the
// columns. COPY sends binary values: the dates, which the fills give as text
// for both databases, go as dates (pgx would try and fail to encode each,
// then parse it).
func (b *bulkInserter) copyRows(ctx context.Context, conn *sql.Conn, n int, fill func(i int, args []any) []any) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy into %s: connection is %T", b.table, dc)
		}
		if b.dates == nil {
			rows, err := c.Conn().Query(ctx, `SELECT attname FROM pg_attribute
				WHERE attrelid = $1::regclass AND atttypid = 'date'::regtype AND attnum > 0 AND NOT attisdropped`, b.table)
			if err != nil {
				return err
			}
			names, err := pgx.CollectRows(rows, pgx.RowTo[string])
			if err != nil {
				return err
			}
			b.dates = []int{}
			for k, col := range b.cols {
				if slices.Contains(names, col) {
					b.dates = append(b.dates, k)
				}
			}
		}
		row := make([]any, 0, len(b.cols))
		i := 0
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{b.table}, b.cols, pgx.CopyFromFunc(func() ([]any, error) {
			if i == n {
				return nil, nil
			}
			row = fill(i, row[:0])
			i++
			for _, k := range b.dates {
				if text, ok := row[k].(string); ok {
					day, err := time.Parse(time.DateOnly, text)
					if err != nil {
						return nil, fmt.Errorf("%s: %w", b.cols[k], err)
					}
					row[k] = day
				}
			}
			return row, nil
		}))
		return err
	})
}

// rawConn is the database/sql transaction under tx. Bulk statements differ
// in length from one import to the next and run once or a few times: they go
// straight to it, past gorm's cache of prepared statements, which would keep
// each of them (and its memory inside SQLite) for the life of the connection.
func rawConn(tx *gorm.DB) gorm.ConnPool {
	if p, ok := tx.Statement.ConnPool.(*gorm.PreparedStmtTX); ok {
		return p.Tx
	}
	return tx.Statement.ConnPool
}

// queryIn runs query inside tx with each %s replaced by the placeholders of
// one list of values, and hands each row to scan.
func queryIn(tx *gorm.DB, query string, lists [][]any, scan func(*sql.Rows) error) error {
	postgres := tx.Dialector.Name() == "postgres"
	var args []any
	marks := make([]any, len(lists))
	for i, list := range lists {
		var sb strings.Builder
		for j, v := range list {
			if j > 0 {
				sb.WriteByte(',')
			}
			args = append(args, v)
			if postgres {
				sb.WriteString("$" + strconv.Itoa(len(args)))
			} else {
				sb.WriteByte('?')
			}
		}
		marks[i] = sb.String()
	}
	rows, err := rawConn(tx).QueryContext(tx.Statement.Context, fmt.Sprintf(query, marks...), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func anySlice[T any](list []T) []any {
	out := make([]any, len(list))
	for i, v := range list {
		out[i] = v
	}
	return out
}

// insertSQL is an INSERT of rows rows into table.
func insertSQL(dialect, table string, cols []string, rows int) string {
	var sb strings.Builder
	sb.Grow(len(table) + 64 + rows*len(cols)*7)
	sb.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	k := 0
	for r := 0; r < rows; r++ {
		if r > 0 {
			sb.WriteByte(',')
		}
		sb.WriteByte('(')
		for c := range cols {
			if c > 0 {
				sb.WriteByte(',')
			}
			k++
			if dialect == "postgres" {
				sb.WriteByte('$')
				sb.WriteString(strconv.Itoa(k))
			} else {
				sb.WriteByte('?')
			}
		}
		sb.WriteByte(')')
	}
	return sb.String()
}

// idArg turns an optional id into a value the drivers take.
func nullID(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

// existingIDs answers which of ids exist in table.
func existingIDs(tx *gorm.DB, table string, ids map[int64]struct{}) (map[int64]bool, error) {
	list := make([]int64, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	out := map[int64]bool{}
	for start := 0; start < len(list); start += lookupChunk {
		end := min(start+lookupChunk, len(list))
		err := queryIn(tx, "SELECT id FROM "+table+" WHERE id IN (%s)", [][]any{anySlice(list[start:end])},
			func(rows *sql.Rows) error {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return err
				}
				out[id] = true
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("find %s: %w", table, err)
		}
	}
	return out, nil
}
