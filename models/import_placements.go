package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// placementTally counts placements that add the same deltas, so that the
// deltas are computed once per kind instead of once per row.
type placementTally map[placementKind]*placementCount

type placementKind struct {
	day    Date
	city   string
	groups string
	young  bool
}

type placementCount struct {
	p Placement
	n int64
}

func (t placementTally) add(p *Placement) {
	age := AgeOn(p.BirthDate, p.PlacedOn)
	k := placementKind{p.PlacedOn, p.City, p.Groups, age >= YoungAgeMin && age <= YoungAgeMax}
	if c, ok := t[k]; ok {
		c.n++
		return
	}
	t[k] = &placementCount{p: Placement{PlacedOn: p.PlacedOn, City: p.City, Groups: p.Groups, BirthDate: p.BirthDate}, n: 1}
}

// deltas are the tallies' changes for everything counted.
func (t placementTally) deltas(d Deltas) {
	for _, c := range t {
		placementDeltas(d, &c.p, c.n)
	}
}

// ImportPlacements imports a placement list: every row is checked, and all
// rows are written or none. It answers the number of placements written.
func (s *Store) ImportPlacements(ctx context.Context, a Actor, file ImportFile) (int, error) {
	is, err := s.openImport(a, file, PlacementColumns, "就业登记")
	if err != nil {
		return 0, err
	}
	imp := &placementImport{importRun: s.newImportRun(a, is), firstRow: map[personKey]int32{}, counts: placementTally{}}
	err = s.importTx(ctx, func(tx *gorm.DB) error {
		if err := imp.lockMonths(tx); err != nil {
			return err
		}
		imp.sink = s.newPlacementSink(tx)
		defer imp.sink.close()
		err := stream(is, imp.parse, func(b *pending[Placement]) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return imp.write(tx, b)
		})
		if err != nil {
			return err
		}
		d := Deltas{}
		imp.counts.deltas(d)
		if !imp.failed {
			// The ledger's graduates among the people placed are employed now.
			hashes, err := graduatesAmong(tx, imp.hashes)
			if err != nil {
				return err
			}
			if err := refreshEmployment(tx, hashes); err != nil {
				return err
			}
		}
		return imp.finish(tx, "placement", d)
	})
	if err != nil {
		return 0, dbErr(err, "import placements")
	}
	return imp.written, nil
}

// placementImportCache is the SQLite page cache of a placement import (KiB).
// 100,000 rows into a database of a year's placements change about 70 MB of
// pages, the unique index of the ID hashes all over: with less cache they go
// to the WAL and are read back, again and again, before the commit.
const placementImportCache = 65536

// importTx runs an import in one write transaction. On SQLite the
// transaction does not follow the request's cancellation: the driver would
// hand every statement and every row read to a goroutine of its own to watch
// for it. The import looks at ctx between batches instead, and a cancelled
// import rolls back. On PostgreSQL the rows go in with COPY (see bulkTx).
func (s *Store) importTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if s.Dialect != "postgres" {
		return s.cachedTx(context.WithoutCancel(ctx), placementImportCache, fn)
	}
	return s.bulkTx(ctx, fn)
}

// placementImport is one placement import under way: what its rows are
// checked against, and what it has found and written so far.
type placementImport struct {
	*importRun
	firstRow map[personKey]int32 // holds no pointers: the collector does not scan it
	counts   placementTally
	hashes   []string // of the people written, for the graduate ledger
	sink     *placementSink
}

// parse checks a row as a single placement is checked, and finds the same
// person twice in one year within the file.
func (imp *placementImport) parse(n int, cells []string, fields map[string]string) (Placement, rowMeta) {
	pre := imp.pre
	clear(pre)
	cell := func(field string) string { return imp.is.cell(cells, field) }
	in := PlacementInput{
		PersonName: cell("person_name"),
		IDNumber:   cell("id_number"),
		Groups:     importGroups(cell("groups"), pre),
		EmployerID: &imp.zero,
		City:       importCity(imp.a, cell("city"), pre),
	}
	if strings.Contains(in.IDNumber, "E+") {
		pre["id_number"] = "身份证号被保存成了数字，末几位已丢失；请将该列设为文本格式后重新填写"
	}
	in.PlacedOn = importDate("placed_on", cell("placed_on"), pre)
	m := rowMeta{code: importCreditCode(cell("employer_credit_code"), pre)}
	p := BuildPlacement(in, imp.today, imp.s.secret, fields)
	for k, v := range pre {
		fields[k] = v
	}
	delete(fields, "employer_id")
	p.CreatedBy = imp.createdBy
	if p.IDHash != "" && p.Year != 0 {
		key := keyOf(p.IDHash, p.Year)
		if other, dup := imp.firstRow[key]; dup {
			m.dup = true
			if _, bad := fields["id_number"]; !bad {
				fields["id_number"] = fmt.Sprintf("与第%d行是同一人，每人每年只计一次", other)
			}
		} else {
			imp.firstRow[key] = int32(n)
		}
	}
	return *p, m
}

// write looks up the employers of a batch and writes it while no row of the
// file has failed. A person already placed in the year shows as the unique
// key refusing the batch: the rows written so far are undone, and the batch
// is looked up to name its rows. After the first failure write only keeps
// checking, looking every batch up, and the transaction is rolled back.
func (imp *placementImport) write(tx *gorm.DB, b *pending[Placement]) error {
	if err := imp.employers.resolve(tx, b.meta); err != nil {
		return err
	}
	for i, m := range b.meta {
		imp.failed = imp.failed || !m.clean
		if msg := lockedMonthError(imp.locked, b.recs[i].City, b.recs[i].PlacedOn); msg != "" {
			imp.found.add(m.row, "placed_on", msg)
			imp.failed = true
		}
		if m.code == "" {
			continue
		}
		if e := imp.employers[m.code]; e != nil {
			b.recs[i].EmployerID = e.ID
		} else {
			imp.found.add(m.row, "employer_credit_code", msgEmployerUnknown)
			imp.failed = true
		}
	}
	var refused error
	if !imp.failed {
		err := imp.sink.insert(b.recs)
		if err == nil {
			for i := range b.recs {
				p := &b.recs[i]
				imp.cities[p.City] = true
				imp.hashes = append(imp.hashes, p.IDHash)
				imp.counts.add(p)
			}
			imp.written += len(b.recs)
			return nil
		}
		if !errors.Is(err, gorm.ErrDuplicatedKey) {
			return err
		}
		if err := imp.sink.undo(); err != nil {
			return err
		}
		imp.failed, refused = true, err
	}
	n, err := checkPlacedBefore(tx, b, &imp.found)
	if err != nil {
		return err
	}
	if refused != nil && n == 0 {
		// Refused, yet the look-up names no row: a conflict to report whole.
		return refused
	}
	return nil
}

// checkPlacedBefore reports the rows of a batch whose person is already
// placed in that year, looking the hashes up in bulk; it answers how many.
func checkPlacedBefore(tx *gorm.DB, b *pending[Placement], errs *rowErrors) (int, error) {
	byKey := make(map[personYear]int, len(b.recs))
	hashes := make([]string, 0, len(b.recs))
	var years []int
	for i := range b.recs {
		p := &b.recs[i]
		if p.IDHash == "" || p.Year == 0 || b.meta[i].dup {
			continue
		}
		byKey[personYear{p.IDHash, p.Year}] = i
		hashes = append(hashes, p.IDHash)
		if !slices.Contains(years, p.Year) {
			years = append(years, p.Year)
		}
	}
	if len(hashes) == 0 {
		return 0, nil
	}
	n := 0
	err := queryIn(tx, "SELECT id_hash, year FROM placements WHERE id_hash IN (%s) AND year IN (%s)",
		[][]any{anySlice(hashes), anySlice(years)}, func(rows *sql.Rows) error {
			var hash string
			var year int
			if err := rows.Scan(&hash, &year); err != nil {
				return err
			}
			if i, ok := byKey[personYear{hash, year}]; ok {
				errs.add(b.meta[i].row, "id_number", fmt.Sprintf("此人已于%d年登记就业，每人每年只计一次", year))
				n++
			}
			return nil
		})
	if err != nil {
		return 0, fmt.Errorf("check placed before: %w", err)
	}
	return n, nil
}

var placementColumns = []string{"person_name", "id_hash", "id_masked", "birth_date", "sex", "groups", "employer_id",
	"job_id", "fair_id", "city", "placed_on", "year", "created_by", "created_at"}

// placementSink writes the checked placements of an import inside its
// transaction: with COPY on PostgreSQL, after a savepoint that undo goes
// back to; on SQLite with a multi-row INSERT of a whole batch, prepared once
// for the import.
type placementSink struct {
	tx    *gorm.DB
	now   time.Time
	rows  bulkInserter
	saved bool // PostgreSQL: the savepoint to undo the import's rows is set
}

func (s *Store) newPlacementSink(tx *gorm.DB) *placementSink {
	return &placementSink{tx: tx, now: s.now(),
		rows: bulkInserter{dialect: s.Dialect, table: "placements", cols: placementColumns}}
}

func (k *placementSink) close() { k.rows.close() }

// insert writes ps. A person already placed in the year comes back as
// gorm.ErrDuplicatedKey, and none of ps is written.
func (k *placementSink) insert(ps []Placement) error {
	if k.rows.dialect == "postgres" && !k.saved {
		if err := k.tx.Exec("SAVEPOINT placement_import").Error; err != nil {
			return err
		}
		k.saved = true
	}
	return k.rows.insert(k.tx, len(ps), func(i int, args []any) []any {
		p := &ps[i]
		return append(args, p.PersonName, p.IDHash, p.IDMasked, p.BirthDate.String(), p.Sex, p.Groups, p.EmployerID,
			nullID(p.JobID), nullID(p.FairID), p.City, p.PlacedOn.String(), int64(p.Year), nullID(p.CreatedBy), k.now)
	})
}

// undo takes back the rows written so far when a batch is refused: on
// PostgreSQL the refused COPY has aborted the transaction, and rolling back
// to the savepoint makes it usable again; SQLite has undone the refused
// statement alone, and the rows before it go with the transaction.
func (k *placementSink) undo() error {
	if !k.saved {
		return nil
	}
	k.saved = false
	return k.tx.Exec("ROLLBACK TO SAVEPOINT placement_import").Error
}

// graduatesAmong answers the hashes, of those given, that graduates of the
// ledger carry. A large import reads the ledger's hashes once rather than
// looking every person placed up among the graduates.
func graduatesAmong(tx *gorm.DB, hashes []string) ([]string, error) {
	if len(hashes) <= lookupChunk {
		return hashes, nil
	}
	seen := make(map[string]bool, len(hashes))
	for _, h := range hashes {
		seen[h] = false
	}
	rows, err := rawConn(tx).QueryContext(tx.Statement.Context, "SELECT id_hash FROM graduates")
	if err != nil {
		return nil, fmt.Errorf("read graduate hashes: %w", err)
	}
	defer rows.Close()
	var out []string
	var h sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("read graduate hashes: %w", err)
		}
		if done, ok := seen[string(h)]; ok && !done {
			seen[string(h)] = true
			out = append(out, string(h))
		}
	}
	return out, rows.Err()
}
