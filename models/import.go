package models

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// Imports read a spreadsheet row by row, check every row with the same rules
// as a single record (BuildPlacement, BuildJob), look the references and
// duplicates up in bulk, and write all rows or none in one transaction:
// multi-row INSERTs and one set of tally deltas. The demo writes through the
// same bulk path.

// MaxImportRows bounds the data rows of one file, and with it the memory an
// import may take.
const MaxImportRows = 200_000

// maxListedRows bounds the bad rows an error lists; all of them are counted.
const maxListedRows = 1000

// ImportFile is an uploaded spreadsheet.
type ImportFile struct {
	Name string
	Data []byte
}

// Column is a column of an import template.
type Column struct {
	// Field is the JSON name: the English header, and the key of row errors.
	Field string
	// Header is the Chinese header of the template.
	Header   string
	Required bool
	// Aliases are other headers that mean the same column.
	Aliases []string
	// Hint says what the cell takes, for the template's instructions.
	Hint string
	// Width is the column's width in the .xlsx template; Text keeps its cells
	// as text there (long numbers that Excel would round).
	Width float64
	Text  bool
}

// PlacementColumns are the columns of the placement import (API.md).
var PlacementColumns = []Column{
	{Field: "person_name", Header: "姓名", Required: true, Width: 12, Hint: "就业人员姓名"},
	{Field: "id_number", Header: "身份证号", Required: true, Aliases: []string{"身份证号码", "公民身份号码", "身份证"},
		Width: 22, Text: true, Hint: "18位居民身份证号码，末位可为X；请将本列设为文本格式"},
	{Field: "groups", Header: "人员类别", Aliases: []string{"人员类型"}, Width: 28,
		Hint: "可填多个，用分号（;或；）分隔；填中文名称或代码；可留空"},
	{Field: "employer_credit_code", Header: "用人单位信用代码", Required: true,
		Aliases: []string{"统一社会信用代码", "用人单位统一社会信用代码", "信用代码"}, Width: 22, Text: true,
		Hint: "18位统一社会信用代码；用人单位须已在平台登记"},
	{Field: "city", Header: "城市", Required: true, Aliases: []string{"所在城市", "就业城市"}, Width: 10,
		Hint: "辽宁省14个地级市之一"},
	{Field: "placed_on", Header: "就业日期", Required: true, Width: 12,
		Hint: "如 2023-03-01 或 2023/3/1；不能晚于今天，不早于2000年"},
}

// JobColumns are the columns of the vacancy import.
var JobColumns = []Column{
	{Field: "title", Header: "岗位名称", Required: true, Aliases: []string{"岗位"}, Width: 20, Hint: "岗位名称"},
	{Field: "employer_credit_code", Header: "用人单位信用代码", Required: true,
		Aliases: []string{"统一社会信用代码", "用人单位统一社会信用代码", "信用代码"}, Width: 22, Text: true,
		Hint: "18位统一社会信用代码；用人单位须已在平台登记"},
	{Field: "city", Header: "城市", Aliases: []string{"工作城市", "所在城市"}, Width: 10,
		Hint: "辽宁省14个地级市之一；留空为用人单位所在城市"},
	{Field: "headcount", Header: "招聘人数", Required: true, Aliases: []string{"人数"}, Width: 10, Hint: "正整数"},
	{Field: "for_graduates", Header: "面向高校毕业生（是/否）", Aliases: []string{"面向高校毕业生", "面向毕业生"}, Width: 14,
		Hint: "是 或 否；留空为否"},
	{Field: "posted_on", Header: "发布日期", Width: 12, Hint: "如 2023-03-01；留空为今天；不能晚于今天"},
	{Field: "salary_min", Header: "最低月薪", Width: 10, Hint: "元，整数；可留空"},
	{Field: "salary_max", Header: "最高月薪", Width: 10, Hint: "元，整数，不低于最低月薪；可留空"},
	{Field: "education", Header: "学历要求", Width: 12, Hint: "填中文名称或代码；留空为不限"},
	{Field: "fair_id", Header: "招聘会编号", Aliases: []string{"招聘会id"}, Width: 12, Hint: "平台上招聘会的编号；可留空"},
}

// importHeader maps the fields of cols to column positions in a file (-1: absent).
type importHeader map[string]int

func (h importHeader) cell(cells []string, field string) string {
	i, ok := h[field]
	if !ok || i < 0 || i >= len(cells) {
		return ""
	}
	return cells[i]
}

func matchHeader(cols []Column, cells []string) (importHeader, int) {
	h := importHeader{}
	for _, c := range cols {
		h[c.Field] = -1
	}
	matched := 0
	for i, cell := range cells {
		name := normHeader(cell)
		if name == "" {
			continue
		}
		for _, c := range cols {
			if h[c.Field] >= 0 {
				continue
			}
			if name == c.Field || name == normHeader(c.Header) || containsHeader(c.Aliases, name) {
				h[c.Field] = i
				matched++
				break
			}
		}
	}
	return h, matched
}

func containsHeader(list []string, name string) bool {
	for _, a := range list {
		if normHeader(a) == name {
			return true
		}
	}
	return false
}

// readHeader finds the header: the first row, or the first of the first ten
// non-empty rows that names at least two columns (a title row may stand above it).
func readHeader(t Table, cols []Column) (importHeader, error) {
	var first []string
	for seen := 0; seen < 10 && t.Next(); {
		_, cells := t.Row()
		if blankRow(cells) {
			continue
		}
		seen++
		h, matched := matchHeader(cols, cells)
		if first == nil {
			first = append([]string(nil), cells...)
		}
		if matched >= 2 {
			return h, missingColumns(cols, h)
		}
	}
	if err := t.Err(); err != nil {
		return nil, err
	}
	if first == nil {
		return nil, &Error{Code: EInvalid, Message: "文件中没有表头和数据",
			Fields: map[string]string{"file": "文件中没有表头和数据"}}
	}
	h, _ := matchHeader(cols, first)
	return nil, missingColumns(cols, h)
}

func missingColumns(cols []Column, h importHeader) error {
	var missing []string
	for _, c := range cols {
		if c.Required && h[c.Field] < 0 {
			missing = append(missing, plainHeader(c.Header))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	msg := "缺少必填列：" + strings.Join(missing, "、")
	return &Error{Code: EInvalid, Message: "表头不符合导入模板，" + msg, Fields: map[string]string{"header": msg}}
}

// plainHeader is a header without its parenthesised note.
func plainHeader(h string) string {
	if i := strings.Index(h, "（"); i > 0 {
		return h[:i]
	}
	return h
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// rowErrors collects the problems of an import, every row and field.
type rowErrors struct{ list []rowProblem }

type rowProblem struct {
	row        int
	field, msg string
}

func (e *rowErrors) add(row int, field, msg string) {
	e.list = append(e.list, rowProblem{row, field, msg})
}

func (e *rowErrors) addFields(row int, fields map[string]string) {
	for k, v := range fields {
		e.add(row, k, v)
	}
}

func (e *rowErrors) empty() bool { return len(e.list) == 0 }

// err lists the first maxListedRows bad rows, each with all its fields, and
// counts them all.
func (e *rowErrors) err(note string) error {
	sort.SliceStable(e.list, func(i, j int) bool { return e.list[i].row < e.list[j].row })
	var rows []RowError
	bad, lastRow, listing := 0, 0, false
	for _, p := range e.list {
		if p.row != lastRow {
			bad++
			lastRow = p.row
			listing = len(rows) < maxListedRows
			if listing {
				rows = append(rows, RowError{Row: p.row, Fields: map[string]string{}})
			}
		}
		if listing {
			if f := rows[len(rows)-1].Fields; f[p.field] == "" {
				f[p.field] = p.msg
			}
		}
	}
	msg := fmt.Sprintf("导入失败：%d行有误，未写入任何记录；请按行号修改后重新导入", bad)
	if bad > len(rows) {
		msg += fmt.Sprintf("（列出前%d行）", len(rows))
	}
	return &Error{Code: EInvalid, Message: msg + note, Rows: rows, BadRows: bad}
}

// importSession is what every import needs: the open table, its header, the
// checks collected so far.
type importSession struct {
	t             Table
	h             importHeader
	raw, date1904 bool
	errs          rowErrors
	rows          int
	sum           string
}

func (s *Store) openImport(a Actor, file ImportFile, cols []Column, what string) (*importSession, error) {
	if !a.Is(RoleAdmin, RoleOrganiser) {
		return nil, forbidden("只有招聘会主办方和管理员可以导入" + what)
	}
	t, err := OpenTable(file.Data)
	if err != nil {
		return nil, err
	}
	h, err := readHeader(t, cols)
	if err != nil {
		t.Close()
		return nil, err
	}
	sum := sha256.Sum256(file.Data)
	is := &importSession{t: t, h: h, sum: hex.EncodeToString(sum[:])}
	is.raw, is.date1904 = t.Excel()
	return is, nil
}

// next moves to the next non-empty row.
func (is *importSession) next() (int, []string, error) {
	for is.t.Next() {
		n, cells := is.t.Row()
		if blankRow(cells) {
			continue
		}
		is.rows++
		if is.rows > MaxImportRows {
			return 0, nil, &Error{Code: EInvalid, Message: fmt.Sprintf("文件超过%d行，请拆分后分批导入", MaxImportRows),
				Fields: map[string]string{"file": fmt.Sprintf("单个文件最多%d行数据", MaxImportRows)}}
		}
		return n, cells, nil
	}
	if err := is.t.Err(); err != nil {
		return 0, nil, err
	}
	return 0, nil, nil
}

func (is *importSession) noRows() error {
	if is.rows == 0 {
		return &Error{Code: EInvalid, Message: "文件中没有数据行", Fields: map[string]string{"file": "文件中只有表头，没有数据行"}}
	}
	return nil
}

// date reads a date cell into YYYY-MM-DD, recording a problem when it cannot.
func (is *importSession) date(field, cell string, pre map[string]string) string {
	cell = strings.TrimSpace(cell)
	if cell == "" {
		return ""
	}
	d, ok := parseCellDate(cell, is.raw, is.date1904)
	if !ok {
		pre[field] = fmt.Sprintf("无法识别的日期「%s」，请写作 2023-03-01 或 2023/3/1", clipCell(cell))
		return cell
	}
	return dayText(d)
}

// clip shortens a cell quoted back in a message.
func clipCell(s string) string {
	r := []rune(s)
	if len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

// importCity reads a city cell and checks the importer's scope.
func importCity(a Actor, cell string, pre map[string]string) string {
	cell = strings.TrimSpace(cell)
	if cell == "" {
		return ""
	}
	city, ok := cityOf(cell)
	if !ok {
		pre["city"] = fmt.Sprintf("「%s」不是辽宁省的地级市，应为14个地级市之一，如 沈阳市", clipCell(cell))
		return cell
	}
	if !a.mayWriteCity(city) {
		pre["city"] = "无权导入其他城市的记录"
	}
	return city
}

// importCreditCode checks a credit code cell; it answers "" when it is bad.
func importCreditCode(cell string, pre map[string]string) string {
	code := cleanCode(cell)
	if code == "" {
		pre["employer_credit_code"] = "用人单位信用代码为必填字段"
		return ""
	}
	if err := ValidateCreditCode(code); err != nil {
		pre["employer_credit_code"] = err.Error()
		return ""
	}
	return code
}

func groupNames() string {
	names := make([]string, len(Groups))
	for i, g := range Groups {
		names[i] = g.Name
	}
	return strings.Join(names, "、")
}

var groupAliases = map[string]string{"失业人员": "reemployed", "再就业": "reemployed", "毕业生": "graduate",
	"高校毕业生": "graduate", "农民工": "rural_migrant", "困难人员": "hard_to_employ", "退役士兵": "veteran"}

// importGroups reads a cell of person groups: Chinese names or codes.
func importGroups(cell string, pre map[string]string) []string {
	var codes []string
	for _, part := range splitList(cell) {
		l, ok := FindLabel(Groups, part)
		if !ok {
			part = toHalfWidth(part)
			l, ok = FindLabel(Groups, part)
		}
		code := l.Code
		if !ok {
			code, ok = groupAliases[part]
		}
		if !ok {
			l, ok = FindLabel(Groups, strings.ToLower(part))
			code = l.Code
		}
		if !ok {
			pre["groups"] = fmt.Sprintf("未知的人员类别「%s」，可填：%s", clipCell(part), groupNames())
			continue
		}
		if !hasString(codes, code) {
			codes = append(codes, code)
		}
	}
	return codes
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// employerRef is what imports need of an employer.
type employerRef struct {
	ID   int64
	City string
}

// lookupChunk is how many values one IN (...) list carries.
const lookupChunk = 5000

const msgEmployerUnknown = "该信用代码的用人单位未在平台登记，请先登记用人单位"

// personKey is a person in a year, by the first 128 bits of the ID hash.
type personKey struct {
	h1, h2 uint64
	year   int32
}

func keyOf(hash string, year int) personKey {
	k := personKey{year: int32(year)}
	if len(hash) >= 32 {
		k.h1, _ = strconv.ParseUint(hash[:16], 16, 64)
		k.h2, _ = strconv.ParseUint(hash[16:32], 16, 64)
	}
	return k
}

type personYear struct {
	hash string
	year int
}

// importBatch is how many rows travel together from the reader to the
// database: one multi-row INSERT's worth for placements.
const importBatch = 2000

// rowMeta is what an import keeps of a row besides the record.
type rowMeta struct {
	row   int    // as the spreadsheet shows it
	code  string // the employer's credit code, "" when the cell is bad
	clean bool   // no problem found in the file itself
	dup   bool   // a later row of a person already in the file: not looked up again
}

// pending is a batch of checked rows on its way to the database.
type pending[T any] struct {
	recs []T
	meta []rowMeta
}

// stream reads the table and checks each row with parse in two goroutines
// of their own (reading an .xlsx sheet is XML decoding, about as costly as
// the checks), and hands the rows over in batches to each, which runs in the
// caller's goroutine inside the transaction: reading, checking and writing
// overlap. Problems parse finds go to is.errs, which only the checking
// goroutine touches until stream returns.
func stream[T any](is *importSession, parse func(n int, cells []string, fields map[string]string) (T, rowMeta),
	each func(*pending[T]) error) error {
	type rawRow struct {
		n     int
		cells []string
	}
	const chunk = 250
	raw := make(chan []rawRow, 2)
	ch := make(chan *pending[T], 1)
	done := make(chan struct{})
	stopped := func() bool {
		select {
		case <-done:
			return true
		default:
			return false
		}
	}
	var readErr error
	_, reused := is.t.(*csvTable) // the CSV reader reuses its record; excelize's rows are fresh
	go func() {
		defer close(raw)
		rows := make([]rawRow, 0, chunk)
		for {
			n, cells, err := is.next()
			if err != nil {
				readErr = err
				return
			}
			if cells == nil {
				break
			}
			if reused {
				cells = slices.Clone(cells)
			}
			rows = append(rows, rawRow{n, cells})
			if len(rows) == chunk {
				if stopped() {
					return
				}
				select {
				case raw <- rows:
				case <-done:
					return
				}
				rows = make([]rawRow, 0, chunk)
			}
		}
		if len(rows) > 0 {
			select {
			case raw <- rows:
			case <-done:
			}
		}
	}()
	go func() {
		defer close(ch)
		fields := map[string]string{}
		b := &pending[T]{recs: make([]T, 0, importBatch), meta: make([]rowMeta, 0, importBatch)}
		send := func() bool {
			if stopped() {
				return false
			}
			select {
			case ch <- b:
				b = &pending[T]{recs: make([]T, 0, importBatch), meta: make([]rowMeta, 0, importBatch)}
				return true
			case <-done:
				return false
			}
		}
		for rows := range raw {
			for _, r := range rows {
				clear(fields)
				rec, m := parse(r.n, r.cells, fields)
				m.row, m.clean = r.n, len(fields) == 0
				is.errs.addFields(r.n, fields)
				b.recs = append(b.recs, rec)
				b.meta = append(b.meta, m)
				if len(b.recs) == importBatch && !send() {
					return
				}
			}
		}
		if len(b.recs) > 0 {
			send()
		}
	}()
	var err error
	for b := range ch {
		if err = each(b); err != nil {
			break
		}
	}
	close(done)
	for range ch {
	}
	for range raw {
	}
	if err != nil {
		return err
	}
	return readErr
}

// employerCache looks credit codes up batch by batch inside the transaction,
// remembering what it found.
type employerCache map[string]*employerRef

func (c employerCache) resolve(tx *gorm.DB, meta []rowMeta) error {
	var missing []string
	for _, m := range meta {
		if _, known := c[m.code]; m.code != "" && !known {
			c[m.code] = nil
			missing = append(missing, m.code)
		}
	}
	for start := 0; start < len(missing); start += lookupChunk {
		end := min(start+lookupChunk, len(missing))
		err := queryIn(tx, "SELECT id, credit_code, city FROM employers WHERE credit_code IN (%s)",
			[][]any{anySlice(missing[start:end])}, func(rows *sql.Rows) error {
				var e employerRef
				var code string
				if err := rows.Scan(&e.ID, &code, &e.City); err != nil {
					return err
				}
				c[code] = &e
				return nil
			})
		if err != nil {
			return fmt.Errorf("find employers by credit code: %w", err)
		}
	}
	return nil
}

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
		return s.tx(ctx, fn)
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

// importMemory keeps large imports within the server's memory: while one
// runs, the collector gets a soft limit (unless GOMEMLIMIT set one) so that
// the heap does not double on the garbage of 100,000 rows, and afterwards
// what was freed goes back to the system at once.
var importMemory struct {
	sync.Mutex
	running int
	saved   int64
}

// importHeapLimit is the soft limit of the Go heap while large imports run.
const importHeapLimit = 96 << 20

// bigImport is the file size from which an import guards its memory.
const bigImport = 1 << 20

func guardMemory(size int) (release func()) {
	if size < bigImport {
		return func() {}
	}
	return GuardMemory()
}

// GuardMemory bounds the heap of a large import or export while it runs
// (unless GOMEMLIMIT already does) and gives the memory back after; call the
// answer when done.
func GuardMemory() (release func()) {
	m := &importMemory
	m.Lock()
	if m.running == 0 {
		m.saved = debug.SetMemoryLimit(-1)
		if m.saved == math.MaxInt64 {
			debug.SetMemoryLimit(importHeapLimit)
		}
	}
	m.running++
	m.Unlock()
	return func() {
		m.Lock()
		m.running--
		last := m.running == 0
		if last {
			debug.SetMemoryLimit(m.saved)
		}
		m.Unlock()
		if last {
			debug.FreeOSMemory()
		}
	}
}

// ImportPlacements imports a placement list: every row is checked, and all
// rows are written or none. It answers the number of placements written.
func (s *Store) ImportPlacements(ctx context.Context, a Actor, file ImportFile) (int, error) {
	is, err := s.openImport(a, file, PlacementColumns, "就业登记")
	if err != nil {
		return 0, err
	}
	defer is.t.Close()
	defer guardMemory(len(file.Data))()
	today := s.Today()
	firstRow := map[personKey]int32{} // holds no pointers: the collector does not scan it
	pre := map[string]string{}
	var zero int64
	var createdBy *int64
	if a.UserID != 0 {
		createdBy = &a.UserID
	}
	parse := func(n int, cells []string, fields map[string]string) (Placement, rowMeta) {
		clear(pre)
		in := PlacementInput{
			PersonName: cleanText(is.h.cell(cells, "person_name")),
			IDNumber:   cleanCode(is.h.cell(cells, "id_number")),
			Groups:     importGroups(is.h.cell(cells, "groups"), pre),
			EmployerID: &zero,
			City:       importCity(a, is.h.cell(cells, "city"), pre),
		}
		if strings.Contains(in.IDNumber, "E+") {
			pre["id_number"] = "身份证号被保存成了数字，末几位已丢失；请将该列设为文本格式后重新填写"
		}
		in.PlacedOn = is.date("placed_on", is.h.cell(cells, "placed_on"), pre)
		m := rowMeta{code: importCreditCode(is.h.cell(cells, "employer_credit_code"), pre)}
		p := BuildPlacement(in, today, s.secret, fields)
		for k, v := range pre {
			fields[k] = v
		}
		delete(fields, "employer_id")
		p.CreatedBy = createdBy
		if p.IDHash != "" && p.Year != 0 {
			key := keyOf(p.IDHash, p.Year)
			if other, dup := firstRow[key]; dup {
				m.dup = true
				if _, bad := fields["id_number"]; !bad {
					fields["id_number"] = fmt.Sprintf("与第%d行是同一人，每人每年只计一次", other)
				}
			} else {
				firstRow[key] = int32(n)
			}
		}
		return *p, m
	}
	var (
		found     rowErrors // problems found in the database, kept apart from the reader's
		failed    bool
		written   int
		employers = employerCache{}
		counts    = placementTally{}
		cities    = map[string]bool{}
	)
	err = s.bigTx(ctx, func(tx *gorm.DB) error {
		err := stream(is, parse, func(b *pending[Placement]) error {
			if err := employers.resolve(tx, b.meta); err != nil {
				return err
			}
			for i, m := range b.meta {
				failed = failed || !m.clean
				if m.code == "" {
					continue
				}
				if e := employers[m.code]; e != nil {
					b.recs[i].EmployerID = e.ID
				} else {
					found.add(m.row, "employer_credit_code", msgEmployerUnknown)
					failed = true
				}
			}
			if n, err := checkPlacedBefore(tx, b, &found); err != nil {
				return err
			} else if n > 0 {
				failed = true
			}
			if failed {
				return nil // keep checking, stop writing: the transaction will be rolled back
			}
			for i := range b.recs {
				cities[b.recs[i].City] = true
			}
			written += len(b.recs)
			return s.insertPlacements(tx, b.recs, counts)
		})
		if err != nil {
			return err
		}
		d := Deltas{}
		counts.deltas(d)
		return s.finishImport(tx, a, is, "placement", found, d, cities, file, written)
	})
	if err != nil {
		return 0, dbErr(err, "import placements")
	}
	return written, nil
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

// finishImport ends an import inside its transaction: a file with no rows or
// with any bad row is refused whole; otherwise the tallies move once and the
// import is audited.
func (s *Store) finishImport(tx *gorm.DB, a Actor, is *importSession, recordType string, found rowErrors,
	d Deltas, cities map[string]bool, file ImportFile, written int) error {
	if err := is.noRows(); err != nil {
		return err
	}
	is.errs.list = append(is.errs.list, found.list...)
	if !is.errs.empty() {
		return is.errs.err(s.importedBefore(tx, recordType, is.sum))
	}
	if err := d.apply(tx); err != nil {
		return err
	}
	return auditImport(tx, s.now(), a, recordType, auditCity(a, cities), file, written, is.sum)
}

// importedBefore notes when the same file (by SHA-256) was imported before.
func (s *Store) importedBefore(tx *gorm.DB, recordType, sum string) string {
	var e AuditEntry
	err := tx.Select("at").Where("action = ? AND record_type = ? AND detail LIKE ?", ActionImport, recordType, "%"+sum+"%").
		Order("id DESC").Take(&e).Error
	if err != nil {
		return ""
	}
	return "。同一文件已于" + e.At.In(Shanghai).Format("2006-01-02 15:04") + "导入过"
}

// auditCity is the city of an import's audit entry: the importer's, or the
// rows' when they all share one.
func auditCity(a Actor, cities map[string]bool) string {
	if a.City != "" || len(cities) != 1 {
		return a.City
	}
	for c := range cities {
		return c
	}
	return ""
}

func auditImport(tx *gorm.DB, now time.Time, a Actor, recordType, city string, file ImportFile, n int, sum string) error {
	name := []rune(strings.TrimSpace(file.Name))
	if len(name) > 200 {
		name = name[:200]
	}
	detail := fmt.Sprintf("导入文件「%s」，%d行，SHA-256 %s", string(name), n, sum)
	changes := Changes{"file": {nil, string(name)}, "rows": {nil, n}, "sha256": {nil, sum}}
	return audit(tx, now, a, ActionImport, recordType, 0, city, changes, detail)
}

// maxBulkParams keeps a multi-row INSERT under SQLite's 32,766 variables
// (PostgreSQL allows 65,535).
const maxBulkParams = 30000

// bulkRows is how many rows one INSERT statement carries at most.
const bulkRows = importBatch

// bulkInsert writes n rows into table with multi-row INSERT statements inside
// tx; fill appends the values of row i in the order of cols. The statement
// for a full batch is prepared once and reused.
func bulkInsert(tx *gorm.DB, dialect, table string, cols []string, n int, fill func(i int, args []any) []any) error {
	if n == 0 {
		return nil
	}
	per := min(bulkRows, maxBulkParams/len(cols))
	ctx := tx.Statement.Context
	pool := rawConn(tx)
	args := make([]any, 0, min(n, per)*len(cols))
	fail := func(err error) error {
		if t, ok := tx.Dialector.(gorm.ErrorTranslator); ok {
			err = t.Translate(err)
		}
		return fmt.Errorf("insert into %s: %w", table, err)
	}
	var full *sql.Stmt
	if n >= per {
		stmt, err := pool.PrepareContext(ctx, insertSQL(dialect, table, cols, per))
		if err != nil {
			return fail(err)
		}
		defer stmt.Close()
		full = stmt
	}
	for start := 0; start < n; start += per {
		end := min(start+per, n)
		args = args[:0]
		for i := start; i < end; i++ {
			args = fill(i, args)
		}
		var err error
		if end-start == per {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = pool.ExecContext(ctx, insertSQL(dialect, table, cols, end-start), args...)
		}
		if err != nil {
			return fail(err)
		}
	}
	return nil
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

var placementColumns = []string{"person_name", "id_hash", "id_masked", "birth_date", "sex", "groups", "employer_id",
	"job_id", "fair_id", "city", "placed_on", "year", "created_by", "created_at"}

// insertPlacements writes checked placements in batches and counts them for
// the tallies.
func (s *Store) insertPlacements(tx *gorm.DB, ps []Placement, counts placementTally) error {
	now := s.now()
	return bulkInsert(tx, s.Dialect, "placements", placementColumns, len(ps), func(i int, args []any) []any {
		p := &ps[i]
		counts.add(p)
		return append(args, p.PersonName, p.IDHash, p.IDMasked, dayText(p.BirthDate), p.Sex, p.Groups, p.EmployerID,
			nullID(p.JobID), nullID(p.FairID), p.City, dayText(p.PlacedOn), int64(p.Year), nullID(p.CreatedBy), now)
	})
}

// dayText is Date.String without fmt, for the hot path of bulk writes.
func dayText(d Date) string {
	b := [10]byte{byte('0' + d.Year/1000), byte('0' + d.Year/100%10), byte('0' + d.Year/10%10), byte('0' + d.Year%10), '-',
		byte('0' + int(d.Month)/10), byte('0' + int(d.Month)%10), '-', byte('0' + d.Day/10), byte('0' + d.Day%10)}
	return string(b[:])
}

var jobColumns = []string{"employer_id", "title", "city", "headcount", "for_graduates", "fair_id", "posted_on",
	"salary_min", "salary_max", "education", "created_by", "created_at", "updated_at"}

// insertJobs writes checked jobs in batches and adds them to d.
func (s *Store) insertJobs(tx *gorm.DB, js []Job, d Deltas) error {
	now := s.now()
	return bulkInsert(tx, s.Dialect, "jobs", jobColumns, len(js), func(i int, args []any) []any {
		j := &js[i]
		jobDeltas(d, j, +1)
		return append(args, j.EmployerID, j.Title, j.City, int64(j.Headcount), j.ForGraduates, nullID(j.FairID),
			dayText(j.PostedOn), nullInt(j.SalaryMin), nullInt(j.SalaryMax), j.Education, nullID(j.CreatedBy), now, now)
	})
}

// BuildJob checks what can be checked of a vacancy without the database, by
// the rules of JobInput, and builds the record; fields names every problem.
// Imports use it row by row. An empty posted_on is today.
func BuildJob(in JobInput, today Date, fields map[string]string) *Job {
	for k, v := range CheckStruct(in) {
		fields[k] = v
	}
	j := &Job{Title: strings.TrimSpace(in.Title), City: in.City, ForGraduates: in.ForGraduates,
		FairID: in.FairID, SalaryMin: in.SalaryMin, SalaryMax: in.SalaryMax, Education: in.Education}
	if in.EmployerID != nil {
		j.EmployerID = *in.EmployerID
	}
	if in.Headcount != nil {
		j.Headcount = *in.Headcount
	}
	if j.Education == "" {
		j.Education = "any"
	}
	if _, bad := fields["posted_on"]; !bad {
		j.PostedOn = parseDateField(fields, "posted_on", in.PostedOn)
		if j.PostedOn.IsZero() && fields["posted_on"] == "" {
			j.PostedOn = today
		}
	}
	jobRules(j, today, fields)
	return j
}

var educationAliases = map[string]string{"高中": "senior_high", "中专": "senior_high", "中专/高中": "senior_high",
	"专科": "college", "大专及以上": "college", "本科及以上": "bachelor", "研究生": "master", "硕士研究生": "master",
	"博士研究生": "doctor", "无": "any", "无要求": "any", "学历不限": "any"}

func educationNames() string {
	names := make([]string, len(Educations))
	for i, e := range Educations {
		names[i] = e.Name
	}
	return strings.Join(names, "、")
}

// importInt reads an optional whole-number cell.
func importInt(field, cell string, pre map[string]string) *int {
	cell = strings.TrimSpace(cell)
	if cell == "" {
		return nil
	}
	n, ok := parseCellInt(cell)
	if !ok {
		pre[field] = fmt.Sprintf("「%s」不是整数", clipCell(cell))
		return nil
	}
	return &n
}

// ImportJobs imports a vacancy list, all rows or none, and answers the number
// of jobs written.
func (s *Store) ImportJobs(ctx context.Context, a Actor, file ImportFile) (int, error) {
	is, err := s.openImport(a, file, JobColumns, "岗位")
	if err != nil {
		return 0, err
	}
	defer is.t.Close()
	defer guardMemory(len(file.Data))()
	today := s.Today()
	pre := map[string]string{}
	var zero int64
	var createdBy *int64
	if a.UserID != 0 {
		createdBy = &a.UserID
	}
	parse := func(n int, cells []string, fields map[string]string) (Job, rowMeta) {
		clear(pre)
		in := JobInput{EmployerID: &zero, Title: cleanText(is.h.cell(cells, "title")),
			City:      importCity(a, is.h.cell(cells, "city"), pre),
			Headcount: importInt("headcount", is.h.cell(cells, "headcount"), pre),
			SalaryMin: importInt("salary_min", is.h.cell(cells, "salary_min"), pre),
			SalaryMax: importInt("salary_max", is.h.cell(cells, "salary_max"), pre)}
		if _, bad := pre["headcount"]; bad {
			one := 1
			in.Headcount = &one // the cell's own problem is reported, not "required"
		}
		if v, ok := parseCellBool(is.h.cell(cells, "for_graduates")); ok {
			in.ForGraduates = v
		} else {
			pre["for_graduates"] = "应填“是”或“否”"
		}
		in.PostedOn = is.date("posted_on", is.h.cell(cells, "posted_on"), pre)
		if edu := strings.TrimSpace(toHalfWidth(is.h.cell(cells, "education"))); edu != "" {
			if l, ok := FindLabel(Educations, edu); ok {
				in.Education = l.Code
			} else if code, ok := educationAliases[edu]; ok {
				in.Education = code
			} else {
				pre["education"] = fmt.Sprintf("未知的学历要求「%s」，可填：%s", clipCell(edu), educationNames())
			}
		}
		if cell := strings.TrimSpace(toHalfWidth(is.h.cell(cells, "fair_id"))); cell != "" {
			if id, ok := parseCellInt(cell); ok && id >= 1 {
				id64 := int64(id)
				in.FairID = &id64
			} else {
				pre["fair_id"] = "招聘会编号应为正整数"
			}
		}
		m := rowMeta{code: importCreditCode(is.h.cell(cells, "employer_credit_code"), pre)}
		j := BuildJob(in, today, fields)
		for k, v := range pre {
			fields[k] = v
		}
		delete(fields, "employer_id")
		j.CreatedBy = createdBy
		return *j, m
	}
	var (
		found     rowErrors
		failed    bool
		written   int
		employers = employerCache{}
		fairs     = map[int64]bool{}
		cities    = map[string]bool{}
		d         = Deltas{}
	)
	err = s.bigTx(ctx, func(tx *gorm.DB) error {
		err := stream(is, parse, func(b *pending[Job]) error {
			if err := employers.resolve(tx, b.meta); err != nil {
				return err
			}
			wanted := map[int64]struct{}{}
			for i := range b.recs {
				if id := b.recs[i].FairID; id != nil {
					if _, known := fairs[*id]; !known {
						wanted[*id] = struct{}{}
					}
				}
			}
			if len(wanted) > 0 {
				known, err := existingIDs(tx, "fairs", wanted)
				if err != nil {
					return err
				}
				for id := range wanted {
					fairs[id] = known[id]
				}
			}
			for i, m := range b.meta {
				j := &b.recs[i]
				failed = failed || !m.clean
				if j.FairID != nil && !fairs[*j.FairID] {
					found.add(m.row, "fair_id", "招聘会不存在")
					failed = true
				}
				if m.code == "" {
					continue
				}
				e := employers[m.code]
				if e == nil {
					found.add(m.row, "employer_credit_code", msgEmployerUnknown)
					failed = true
					continue
				}
				j.EmployerID = e.ID
				if j.City == "" {
					j.City = e.City
					if !a.mayWriteCity(e.City) {
						found.add(m.row, "city", "无权导入其他城市的记录（未填城市时为用人单位所在城市）")
						failed = true
					}
				}
			}
			if failed {
				return nil
			}
			for i := range b.recs {
				cities[b.recs[i].City] = true
			}
			written += len(b.recs)
			return s.insertJobs(tx, b.recs, d)
		})
		if err != nil {
			return err
		}
		return s.finishImport(tx, a, is, "job", found, d, cities, file, written)
	})
	if err != nil {
		return 0, dbErr(err, "import jobs")
	}
	return written, nil
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
