package models

import (
	"bytes"
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// The demo generator (seeds) writes through these methods: the same bulk path
// as imports (multi-row INSERTs, COPY on PostgreSQL, tally deltas in the
// same transaction), as system work that the audit log records once for the
// whole demo rather than record by record. They trust their input: the
// generator makes it valid.

// DemoUsers creates the accounts that do not exist yet, all with one
// password (hashed once), and answers every account of the list by username.
func (s *Store) DemoUsers(ctx context.Context, users []User, password string) (map[string]User, error) {
	names := make([]string, len(users))
	for i, u := range users {
		names[i] = u.Username
	}
	out := map[string]User{}
	var existing []User
	if err := s.read(ctx).Where("username IN ?", names).Find(&existing).Error; err != nil {
		return nil, fmt.Errorf("find demo users: %w", err)
	}
	for _, u := range existing {
		out[u.Username] = u
	}
	var hash string
	err := s.demoTx(ctx, func(tx *gorm.DB) error {
		for _, u := range users {
			if _, ok := out[u.Username]; ok {
				continue
			}
			if hash == "" {
				h, err := hashPassword(password)
				if err != nil {
					return err
				}
				hash = h
			}
			u.ID, u.PasswordHash = 0, hash
			if err := tx.Create(&u).Error; err != nil {
				return err
			}
			out[u.Username] = u
		}
		return nil
	})
	if err != nil {
		return nil, dbErr(err, "create demo users")
	}
	return out, nil
}

// DemoWriting prepares SQLite for the demo's bulk load and answers the
// function that undoes it. Temporary storage goes to memory, because each
// multi-row INSERT keeps a statement journal of the pages it changes, which
// on disk would write a year's pages several times over. Commits do not wait
// for the disk (synchronous = OFF): the demo only fills an empty database,
// which is deleted and loaded again if the machine fails during the load;
// restoring sets it back and checkpoints the log into the database. Foreign
// keys are not looked up row by row: the generator only refers to records it
// has written (its tests check every reference afterwards), and the lookups
// cost a quarter of writing a placement. The page cache keeps demoCache for
// the whole load rather than growing and shrinking with each transaction,
// which dropped the pages every next one reads again. The writer pool holds one
// connection, so the settings apply to every demo write. The caller keeps
// the load on one OS thread (see demoTx).
//
// On both databases the secondary indexes of placements, jobs and visits, and
// on SQLite the triggers that fill their text-search tables, are set aside for
// the load and built again from their own definitions when it ends (see
// deferIndexes).
func (s *Store) DemoWriting(ctx context.Context) (restore func() error) {
	rebuild := s.deferIndexes(ctx)
	if s.Dialect != "sqlite" {
		return rebuild
	}
	w := s.write(ctx)
	var temp, sync, fk, cache int
	w.Raw("PRAGMA temp_store").Scan(&temp)
	w.Raw("PRAGMA synchronous").Scan(&sync)
	w.Raw("PRAGMA foreign_keys").Scan(&fk)
	w.Raw("PRAGMA cache_size").Scan(&cache)
	w.Exec("PRAGMA temp_store = MEMORY")
	w.Exec("PRAGMA synchronous = OFF")
	w.Exec("PRAGMA foreign_keys = OFF")
	w.Exec(fmt.Sprintf("PRAGMA cache_size = -%d", demoCache))
	return func() error {
		w := s.write(context.Background())
		// The index builds sort in files, not in memory.
		w.Exec(fmt.Sprintf("PRAGMA temp_store = %d", temp))
		err := rebuild()
		w.Exec(fmt.Sprintf("PRAGMA cache_size = %d", cache))
		w.Exec(fmt.Sprintf("PRAGMA foreign_keys = %d", fk))
		w.Exec(fmt.Sprintf("PRAGMA synchronous = %d", sync))
		w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		return err
	}
}

// demoDeferred are the tables the demo fills by the hundred thousand, with
// the column their text-search table indexes on SQLite, if any.
var demoDeferred = []struct{ table, searched string }{{"placements", "person_name"}, {"jobs", "title"}, {"visits", ""}}

// deferIndexes drops the secondary indexes of the demo's big tables (not the
// primary or unique keys, which the load's lookups and conflicts need), on
// SQLite the triggers that copy each new row into a text-search table, and
// on PostgreSQL the tables' foreign keys (which SQLite does not check while
// the demo loads either). It answers the function that builds them again
// from the definitions the database itself kept: on SQLite in one
// transaction, on PostgreSQL two at a time (see rebuildConcurrently).
// Building an index over a million rows at once is a sort, and checking a
// foreign key one join; keeping them while the rows go in is a B-tree insert
// or lookup per row, most of the demo's time. On SQLite the partial indexes
// (one per person group) stay: each build would read the whole table for a
// few of its rows, one index after another, which costs more than keeping
// them while the rows go in. The demo fills only an empty database, so the text
// search is rebuilt from every row. If reading the definitions fails,
// nothing is dropped.
func (s *Store) deferIndexes(ctx context.Context) (rebuild func() error) {
	w := s.write(ctx)
	var indexes, triggers, fks []deferredDef
	for _, d := range demoDeferred {
		var idx, trig, fk []deferredDef
		var err error
		if s.Dialect == "sqlite" {
			err = w.Raw(`SELECT tbl_name AS "table", name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?
				AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND sql NOT LIKE '% WHERE %' ORDER BY name`, d.table).Scan(&idx).Error
			if err == nil && d.searched != "" {
				err = w.Raw(`SELECT tbl_name AS "table", name, sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`,
					d.table+"_search_insert").Scan(&trig).Error
			}
		} else {
			err = w.Raw(`SELECT t.relname AS "table", i.relname AS name, pg_get_indexdef(i.oid) AS sql FROM pg_index x
				JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
				WHERE t.relname = ? AND t.relnamespace = current_schema()::regnamespace AND NOT x.indisunique
				ORDER BY i.relname`, d.table).Scan(&idx).Error
			if err == nil {
				err = w.Raw(`SELECT t.relname AS "table", c.conname AS name, pg_get_constraintdef(c.oid) AS sql FROM pg_constraint c
					JOIN pg_class t ON t.oid = c.conrelid
					WHERE t.relname = ? AND t.relnamespace = current_schema()::regnamespace AND c.contype = 'f'
					ORDER BY c.conname`, d.table).Scan(&fk).Error
			}
		}
		if err != nil {
			continue
		}
		for _, x := range idx {
			if w.Exec("DROP INDEX "+x.Name).Error == nil {
				indexes = append(indexes, x)
			}
		}
		for _, x := range trig {
			if w.Exec("DROP TRIGGER "+x.Name).Error == nil {
				x.fill = fmt.Sprintf("INSERT INTO %[1]s_search (rowid, %[2]s) SELECT id, %[2]s || char(1) FROM %[1]s", d.table, d.searched)
				triggers = append(triggers, x)
			}
		}
		for _, x := range fk {
			if w.Exec(fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", x.Table, x.Name)).Error == nil {
				fks = append(fks, x)
			}
		}
	}
	if s.Dialect == "postgres" {
		return func() error { return s.rebuildConcurrently(indexes, fks) }
	}
	return func() error {
		return s.tx(context.Background(), func(tx *gorm.DB) error {
			for _, x := range indexes {
				if err := tx.Exec(x.SQL).Error; err != nil {
					return fmt.Errorf("rebuild index %s: %w", x.Name, err)
				}
			}
			for _, x := range triggers {
				if err := tx.Exec(x.fill).Error; err != nil {
					return fmt.Errorf("rebuild the text search of %s: %w", x.Name, err)
				}
				if err := tx.Exec(x.SQL).Error; err != nil {
					return fmt.Errorf("restore trigger %s: %w", x.Name, err)
				}
			}
			return nil
		})
	}
}

// deferredDef is an index, trigger or foreign key of a table that
// deferIndexes set aside, or a statement the rebuild runs; fill, for a
// trigger, is what fills its text-search table from the rows.
type deferredDef struct{ Table, Name, SQL, fill string }

// rebuildWorkers is how many PostgreSQL connections build the demo's
// indexes at once.
const rebuildWorkers = 2

// rebuildConcurrently builds the indexes again on PostgreSQL, on
// rebuildWorkers connections at once, each index in a transaction of its
// own, the GIN indexes first, since each takes longest and is built by one
// process; then it adds the foreign keys back, which would wait for the
// index builds' locks. Last it vacuums and analyses every table: after a
// bulk load the planner has no statistics and no page is marked all-visible
// (which index-only scans need) until autovacuum comes by, a minute or more
// later, and the demo's first users would meet the plans of an empty
// database.
func (s *Store) rebuildConcurrently(indexes, fks []deferredDef) error {
	ctx := context.Background()
	gin := func(x deferredDef) bool { return strings.Contains(x.SQL, "USING gin") }
	queue := slices.Clone(indexes)
	slices.SortStableFunc(queue, func(a, b deferredDef) int {
		switch {
		case gin(a) && !gin(b):
			return -1
		case gin(b) && !gin(a):
			return 1
		}
		return 0
	})
	if err := s.execConcurrently(ctx, "rebuild index", queue); err != nil {
		return err
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		for _, x := range fks {
			if err := tx.Exec(fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s %s", x.Table, x.Name, x.SQL)).Error; err != nil {
				return fmt.Errorf("restore foreign key %s: %w", x.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	var tables []string
	err = s.write(ctx).Raw(`SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace
		AND relkind = 'r' ORDER BY pg_total_relation_size(oid) DESC, relname`).Scan(&tables).Error
	if err != nil {
		return fmt.Errorf("list tables: %w", err)
	}
	vacuums := make([]deferredDef, len(tables))
	for i, t := range tables {
		vacuums[i] = deferredDef{Table: t, Name: t, SQL: "VACUUM (ANALYZE) " + t}
	}
	return s.execConcurrently(ctx, "vacuum", vacuums)
}

// execConcurrently runs the statements of defs, each on its own and
// rebuildWorkers at a time, in their order; after a failure it starts no
// more and answers the first.
func (s *Store) execConcurrently(ctx context.Context, what string, defs []deferredDef) error {
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for range rebuildWorkers {
		wg.Go(func() {
			for {
				mu.Lock()
				if first != nil || len(defs) == 0 {
					mu.Unlock()
					return
				}
				x := defs[0]
				defs = defs[1:]
				mu.Unlock()
				if err := s.write(ctx).Exec(x.SQL).Error; err != nil {
					mu.Lock()
					first = cmp.Or(first, fmt.Errorf("%s %s: %w", what, x.Name, err))
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}

// demoTx runs fn in one write transaction. Its statements do not hear ctx:
// the SQLite driver runs a statement that can be cancelled on a goroutine of
// its own, so on any thread, which would spread SQLite's memory over the C
// allocator's per-thread arenas (see DemoWriting). The long writes check ctx
// between their slices instead. On PostgreSQL bulkInsert writes with COPY.
func (s *Store) demoTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.bulkTx(context.WithoutCancel(ctx), fn)
}

// UsersExist reports which of the usernames have an account.
func (s *Store) UsersExist(ctx context.Context, names []string) (map[string]bool, error) {
	var found []string
	if err := s.read(ctx).Model(&User{}).Where("username IN ?", names).Pluck("username", &found).Error; err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	out := map[string]bool{}
	for _, n := range found {
		out[n] = true
	}
	return out, nil
}

var employerColumns = []string{"name", "credit_code", "city", "industry", "created_by", "created_at", "updated_at"}

// DemoEmployers registers employers in bulk and answers their ids by credit code.
func (s *Store) DemoEmployers(ctx context.Context, es []Employer) (map[string]int64, error) {
	now := s.now()
	err := s.demoTx(ctx, func(tx *gorm.DB) error {
		return bulkInsert(tx, s.Dialect, "employers", employerColumns, len(es), func(i int, args []any) []any {
			e := &es[i]
			return append(args, e.Name, e.CreditCode, e.City, e.Industry, nullID(e.CreatedBy), now, now)
		})
	})
	if err != nil {
		return nil, dbErr(err, "write demo employers")
	}
	var rows []Employer
	if err := s.read(ctx).Select("id, credit_code").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read demo employers: %w", err)
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.CreditCode] = r.ID
	}
	return out, nil
}

// DemoFairs registers fairs with their programmes and results, counts the
// held ones in the tallies, and fills in their ids. A fair without a kind is special.
func (s *Store) DemoFairs(ctx context.Context, fs []Fair) error {
	err := s.demoTx(ctx, func(tx *gorm.DB) error {
		for i := range fs {
			fs[i].StartDate = DateOf(fs[i].StartsAt.In(Shanghai))
			if fs[i].Kind == "" {
				fs[i].Kind = FairSpecial
			}
		}
		if err := tx.CreateInBatches(fs, 500).Error; err != nil {
			return err
		}
		type fp struct {
			fair      int64
			programme string
		}
		var rows []fp
		d := Deltas{}
		for i := range fs {
			for _, p := range fs[i].Programmes {
				rows = append(rows, fp{fs[i].ID, p})
			}
			fairDeltas(d, &fs[i], +1)
		}
		if err := bulkInsert(tx, s.Dialect, "fair_programmes", []string{"fair_id", "programme"}, len(rows),
			func(i int, args []any) []any { return append(args, rows[i].fair, rows[i].programme) }); err != nil {
			return err
		}
		return d.apply(tx)
	})
	return dbErr(err, "write demo fairs")
}

// JobRef is what the demo needs of a written job to point placements at it.
type JobRef struct {
	ID         int64
	EmployerID int64
	FairID     *int64
	PostedOn   Date
}

// DemoJobs posts jobs in bulk in one transaction and answers what it wrote;
// progress hears how many rows went in.
func (s *Store) DemoJobs(ctx context.Context, js []Job, progress func(int)) ([]JobRef, error) {
	var refs []JobRef
	err := s.demoTx(ctx, func(tx *gorm.DB) error {
		var last int64
		if err := tx.Raw("SELECT COALESCE(MAX(id), 0) FROM jobs").Scan(&last).Error; err != nil {
			return err
		}
		d := Deltas{}
		for start := 0; start < len(js); start += demoSlice {
			if err := ctx.Err(); err != nil {
				return err
			}
			end := min(start+demoSlice, len(js))
			if err := s.insertJobs(tx, js[start:end], d); err != nil {
				return err
			}
			if progress != nil {
				progress(end - start)
			}
		}
		if err := d.apply(tx); err != nil {
			return err
		}
		return tx.Raw("SELECT id, employer_id, fair_id, posted_on FROM jobs WHERE id > ? ORDER BY id", last).Scan(&refs).Error
	})
	if err != nil {
		return nil, dbErr(err, "write demo jobs")
	}
	return refs, nil
}

// PlacementDraft is a generated placement with its raw ID number, which the
// store hashes and masks like an imported one.
type PlacementDraft struct {
	PersonName string
	IDNumber   string
	Groups     []string
	EmployerID int64
	JobID      *int64
	FairID     *int64
	City       string
	PlacedOn   Date
	CreatedBy  *int64
}

// PlacementBatch is a batch of generated placements, checked and hashed,
// ready to be written: each row kept compact (the raw hash and ID number
// rather than their text forms), because the demo holds a whole year of them.
type PlacementBatch struct{ rows []demoPlacement }

// demoPlacement is a generated placement as the demo holds it until it is
// written; the stored text fields are derived from it as it is written.
type demoPlacement struct {
	hash         [sha256.Size]byte
	id           [18]byte
	year         int16
	month, day   uint8
	name, groups string
	city         string
	// employer, job, fair, by are ids; 0 is none.
	employer, job, fair, by int32
}

// Len is the number of placements in the batch.
func (b *PlacementBatch) Len() int { return len(b.rows) }

// PreparePlacements checks and hashes the ID numbers of drafts and sorts
// them by hash: the CPU work of a batch, which the generator does while
// it draws the next one.
func (s *Store) PreparePlacements(drafts []PlacementDraft) (*PlacementBatch, error) {
	rows := make([]demoPlacement, len(drafts))
	groups := map[string]string{}
	m := hmac.New(sha256.New, s.secret)
	for i := range drafts {
		d := &drafts[i]
		id, err := ParseIDNumber(d.IDNumber)
		if err != nil {
			return nil, fmt.Errorf("demo placement %d: %w", i, err)
		}
		r := &rows[i]
		copy(r.id[:], id.raw)
		m.Reset()
		m.Write(r.id[:])
		m.Sum(r.hash[:0])
		g := joinGroups(d.Groups)
		if interned, ok := groups[g]; ok {
			g = interned
		} else {
			groups[g] = g
		}
		r.name, r.groups, r.city = d.PersonName, g, d.City
		r.year, r.month, r.day = int16(d.PlacedOn.Year), uint8(d.PlacedOn.Month), uint8(d.PlacedOn.Day)
		r.employer, r.job, r.fair, r.by = int32(d.EmployerID), derefID(d.JobID), derefID(d.FairID), derefID(d.CreatedBy)
	}
	slices.SortFunc(rows, func(a, b demoPlacement) int { return bytes.Compare(a.hash[:], b.hash[:]) })
	return &PlacementBatch{rows: rows}, nil
}

func derefID(p *int64) int32 {
	if p == nil {
		return 0
	}
	return int32(*p)
}

func optionalID(id int32) any {
	if id == 0 {
		return nil
	}
	return int64(id)
}

// DemoPlacements records batches of placements in one transaction, ordered
// by the hash of the person: the unique index on it then grows from left to
// right, so a year of placements touches each of its pages once instead of
// all of them for every batch. Each batch is sorted already; they are merged
// as they are written. progress hears how many rows went in.
func (s *Store) DemoPlacements(ctx context.Context, batches []*PlacementBatch, progress func(int)) error {
	n := 0
	for _, b := range batches {
		n += len(b.rows)
	}
	order := make([]*demoPlacement, 0, n)
	next := make([]int, len(batches))
	for len(order) < n {
		best := -1
		for k, b := range batches {
			if next[k] < len(b.rows) && (best < 0 ||
				bytes.Compare(b.rows[next[k]].hash[:], batches[best].rows[next[best]].hash[:]) < 0) {
				best = k
			}
		}
		order = append(order, &batches[best].rows[next[best]])
		next[best]++
	}
	now := s.now()
	var hash [2 * sha256.Size]byte
	rows := bulkInserter{dialect: s.Dialect, table: "placements", cols: placementColumns}
	defer rows.close()
	err := s.demoTx(ctx, func(tx *gorm.DB) error {
		counts := placementTally{}
		for start := 0; start < n; start += demoSlice {
			if err := ctx.Err(); err != nil {
				return err
			}
			slice := order[start:min(start+demoSlice, n)]
			err := rows.insert(tx, len(slice), func(i int, args []any) []any {
				r := slice[i]
				birth, sex := idBirthSex(r.id)
				placedOn := Date{Year: int(r.year), Month: time.Month(r.month), Day: int(r.day)}
				p := Placement{PlacedOn: placedOn, City: r.city, Groups: r.groups, BirthDate: birth}
				counts.add(&p)
				hex.Encode(hash[:], r.hash[:])
				masked := string(r.id[:4]) + "**********" + string(r.id[14:])
				return append(args, r.name, string(hash[:]), masked, birth.String(), sex, r.groups, int64(r.employer),
					optionalID(r.job), optionalID(r.fair), r.city, placedOn.String(), int64(placedOn.Year), optionalID(r.by), now)
			})
			if err != nil {
				return err
			}
			if progress != nil {
				progress(len(slice))
			}
		}
		d := Deltas{}
		counts.deltas(d)
		if err := d.apply(tx); err != nil {
			return err
		}
		// As after an import, the ledger's graduates among the people placed
		// are employed now: only those not employed yet can change.
		var idle []string
		if err := tx.Raw("SELECT id_hash FROM graduates WHERE employed_on IS NULL ORDER BY id").Scan(&idle).Error; err != nil {
			return err
		}
		return refreshEmployment(tx, idle)
	})
	return dbErr(err, "write demo placements")
}

// idBirthSex reads the birth day and sex from a checked ID number, as
// ParseIDNumber does.
func idBirthSex(id [18]byte) (Date, string) {
	num := func(from, to int) int {
		n := 0
		for _, c := range id[from:to] {
			n = n*10 + int(c-'0')
		}
		return n
	}
	sex := "女"
	if (id[16]-'0')%2 == 1 {
		sex = "男"
	}
	return Date{Year: num(6, 10), Month: time.Month(num(10, 12)), Day: num(12, 14)}, sex
}

// demoCache is the SQLite page cache (KiB) of the demo's load: the demo
// runs once, before the server serves.
const demoCache = 49152

// demoSlice is how many rows the demo writes between two progress reports.
const demoSlice = 20000

var signupColumns = []string{"fair_id", "employer_id", "status", "created_at", "decided_at", "decided_by"}

// DemoSignups records sign-ups in bulk; decided ones carry DecidedAt and DecidedBy.
func (s *Store) DemoSignups(ctx context.Context, su []Signup) error {
	err := s.demoTx(ctx, func(tx *gorm.DB) error {
		return bulkInsert(tx, s.Dialect, "signups", signupColumns, len(su), func(i int, args []any) []any {
			x := &su[i]
			var decided any
			if x.DecidedAt != nil {
				decided = *x.DecidedAt
			}
			return append(args, x.FairID, x.EmployerID, x.Status, x.CreatedAt, decided, nullID(x.DecidedBy))
		})
	})
	return dbErr(err, "write demo sign-ups")
}

// ReportFigure is a reported monthly figure of a goal.
type ReportFigure struct {
	Code   string
	Period string
	City   string
	Value  float64
}

var reportColumns = []string{"code", "period", "city", "value", "reported_by", "created_at", "updated_at"}

// DemoReports records reported figures in bulk, as reported by the user by.
func (s *Store) DemoReports(ctx context.Context, figures []ReportFigure, by *int64) error {
	now := s.now()
	err := s.demoTx(ctx, func(tx *gorm.DB) error {
		return bulkInsert(tx, s.Dialect, "goal_reports", reportColumns, len(figures), func(i int, args []any) []any {
			f := &figures[i]
			return append(args, f.Code, f.Period, f.City, f.Value, nullID(by), now, now)
		})
	})
	return dbErr(err, "write demo reports")
}

// ReportedGoals answers the province's reported goals, for the demo's figures.
func (s *Store) ReportedGoals(ctx context.Context) ([]Goal, error) {
	var goals []Goal
	if err := s.read(ctx).Where("source = ? AND scope = ?", SourceReported, ScopeProvince).
		Order("code, year_from").Find(&goals).Error; err != nil {
		return nil, fmt.Errorf("list reported goals: %w", err)
	}
	return goals, nil
}

// DemoAudit records once that the demo was loaded, with what it wrote.
func (s *Store) DemoAudit(ctx context.Context, counts map[string]int) error {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	changes := Changes{}
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, counts[k])
		changes[k] = Change{New: counts[k]}
	}
	err := s.demoTx(ctx, func(tx *gorm.DB) error {
		return audit(tx, s.now(), System, ActionImport, "demo", 0, "", changes, "演示数据："+strings.Join(parts, "，"))
	})
	return dbErr(err, "audit demo")
}

// DemoMonth is a city's month as the demo leaves it: submitted by one user,
// and closed by another unless ClosedBy is empty.
type DemoMonth struct {
	Period, City          string
	SubmittedBy, ClosedBy string
	SubmittedAt, ClosedAt time.Time
}

// DemoPeriods writes the months' statuses and their history in bulk, as the
// moves of MovePeriod would have left them, with one audit entry for all.
func (s *Store) DemoPeriods(ctx context.Context, months []DemoMonth) error {
	type event struct {
		m      *DemoMonth
		action string
		by     string
		at     time.Time
	}
	var events []event
	for i := range months {
		m := &months[i]
		events = append(events, event{m, PeriodSubmit, m.SubmittedBy, m.SubmittedAt})
		if m.ClosedBy != "" {
			events = append(events, event{m, PeriodClose, m.ClosedBy, m.ClosedAt})
		}
	}
	closed := len(events) - len(months)
	err := s.demoTx(ctx, func(tx *gorm.DB) error {
		err := bulkInsert(tx, s.Dialect, "periods", []string{"period", "city", "status", "submitted_at", "submitted_by", "closed_at", "closed_by", "updated_at"},
			len(months), func(i int, args []any) []any {
				m := &months[i]
				status, closedAt, closedBy, updated := PeriodSubmitted, any(nil), any(nil), m.SubmittedAt
				if m.ClosedBy != "" {
					status, closedAt, closedBy, updated = PeriodClosed, m.ClosedAt, m.ClosedBy, m.ClosedAt
				}
				return append(args, m.Period, m.City, status, m.SubmittedAt, m.SubmittedBy, closedAt, closedBy, updated)
			})
		if err != nil {
			return err
		}
		err = bulkInsert(tx, s.Dialect, "period_events", []string{"period", "city", "action", "at", "username", "reason"},
			len(events), func(i int, args []any) []any {
				e := &events[i]
				return append(args, e.m.Period, e.m.City, e.action, e.at, e.by, "")
			})
		if err != nil {
			return err
		}
		return audit(tx, s.now(), System, "period_close", "period", 0, "", Changes{"months": {New: len(months)}},
			fmt.Sprintf("演示数据：%d个城市月份已上报，其中%d个已结账", len(months), closed))
	})
	return dbErr(err, "write demo months")
}
