package models

import (
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Imports read a spreadsheet row by row, check every row with the same rules
// as a single record (BuildPlacement, BuildJob), look the references and
// duplicates up in bulk, and write all rows or none in one transaction:
// multi-row INSERTs and one set of tally deltas. The demo writes through the
// same bulk path.

// maxListedRows bounds the bad rows an error lists; all of them are counted.
const maxListedRows = 1000

// ImportRows are the data rows of an uploaded table, read by package sheet:
// each row's number as the spreadsheet shows it (the header is row 1) and its
// cells, one per column of the import in order, in their plain spelling
// (dates as YYYY-MM-DD, whole numbers, "true"/"false", codes without spaces).
// A cell the reader could not make plain arrives as typed, to be quoted back.
type ImportRows interface {
	// Next answers the next row; cells nil at the end.
	Next() (row int, cells []string, err error)
}

// ImportFile is an uploaded spreadsheet on its way into the store.
type ImportFile struct {
	Name string
	// Sum is the file's SHA-256 in hex: the audit trail names the file by it.
	Sum  string
	Rows ImportRows
}

// FileRefusal is an error of the reader of an uploaded file that says what
// to show: the whole message, and the field (file, header) with its reason.
type FileRefusal interface {
	error
	Refusal() (message, field, reason string, tooLarge bool)
}

// AsFileError turns a refusal of the file reader into the API's error; other
// errors pass unchanged.
func AsFileError(err error) error {
	var r FileRefusal
	if !errors.As(err, &r) {
		return err
	}
	msg, field, reason, large := r.Refusal()
	code := EInvalid
	if large {
		code = ETooLarge
	}
	return &Error{Code: code, Message: msg, Fields: map[string]string{field: reason}}
}

// Cell kinds of an import column, as package sheet reads them.
const (
	CellText   = ""
	CellChoice = "choice"
	CellCode   = "code"
	CellDate   = "date"
	CellInt    = "int"
	CellBool   = "bool"
)

// Column is a column of an import: the field it fills, the headers that name
// it, what kind of cell it holds, and what its template says of it.
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
	// Kind is one of the Cell kinds.
	Kind string
	// Choices are the allowed values, offered as a drop-down in the template.
	Choices []string
}

// PlacementColumns are the columns of the placement import (API.md).
var PlacementColumns = []Column{
	{Field: "person_name", Header: "姓名", Required: true, Hint: "就业人员姓名"},
	{Field: "id_number", Header: "身份证号", Required: true, Aliases: []string{"身份证号码", "公民身份号码", "身份证"},
		Kind: CellCode, Hint: "18位居民身份证号码，末位可为X；请将本列设为文本格式"},
	{Field: "groups", Header: "人员类别", Aliases: []string{"人员类型"}, Kind: CellChoice,
		Hint: "可填多个，用分号（;或；）分隔；填中文名称或代码；可留空"},
	{Field: "employer_credit_code", Header: "用人单位信用代码", Required: true,
		Aliases: []string{"统一社会信用代码", "用人单位统一社会信用代码", "信用代码"}, Kind: CellCode,
		Hint: "18位统一社会信用代码；用人单位须已在平台登记"},
	{Field: "city", Header: "城市", Required: true, Aliases: []string{"所在城市", "就业城市"}, Kind: CellChoice,
		Choices: CityNames(), Hint: "辽宁省14个地级市之一"},
	{Field: "placed_on", Header: "就业日期", Required: true, Kind: CellDate,
		Hint: "如 2023-03-01 或 2023/3/1；不能晚于今天，不早于2000年；已上报或已结账的月份不能导入"},
}

// JobColumns are the columns of the vacancy import.
var JobColumns = []Column{
	{Field: "title", Header: "岗位名称", Required: true, Aliases: []string{"岗位"}, Hint: "岗位名称"},
	{Field: "employer_credit_code", Header: "用人单位信用代码", Required: true,
		Aliases: []string{"统一社会信用代码", "用人单位统一社会信用代码", "信用代码"}, Kind: CellCode,
		Hint: "18位统一社会信用代码；用人单位须已在平台登记"},
	{Field: "city", Header: "城市", Aliases: []string{"工作城市", "所在城市"}, Kind: CellChoice,
		Choices: CityNames(), Hint: "辽宁省14个地级市之一；留空为用人单位所在城市"},
	{Field: "headcount", Header: "招聘人数", Required: true, Aliases: []string{"人数"}, Kind: CellInt, Hint: "1至10000的整数"},
	{Field: "for_graduates", Header: "面向高校毕业生（是/否）", Aliases: []string{"面向高校毕业生", "面向毕业生"}, Kind: CellBool,
		Choices: []string{"是", "否"}, Hint: "是 或 否；留空为否"},
	{Field: "posted_on", Header: "发布日期", Kind: CellDate, Hint: "如 2023-03-01；留空为今天；不能晚于今天，不早于2000年；已上报或已结账的月份不能导入"},
	{Field: "salary_min", Header: "最低月薪", Kind: CellInt, Hint: "元，0至1000000的整数；可留空"},
	{Field: "salary_max", Header: "最高月薪", Kind: CellInt, Hint: "元，0至1000000的整数，不低于最低月薪；可留空"},
	{Field: "education", Header: "学历要求", Kind: CellChoice, Choices: LabelNames(Educations), Hint: "填中文名称或代码；留空为不限"},
	{Field: "fair_id", Header: "招聘会编号", Aliases: []string{"招聘会id"}, Kind: CellInt, Hint: "平台上招聘会的编号；可留空"},
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

// importSession is what every import needs: the rows, where each field
// stands among their cells, the checks collected so far.
type importSession struct {
	file ImportFile
	pos  map[string]int
	errs rowErrors
	rows int
}

func (s *Store) openImport(a Actor, file ImportFile, cols []Column, what string) (*importSession, error) {
	if !a.Is(RoleAdmin, RoleOrganiser) {
		return nil, forbidden("只有招聘会主办方和管理员可以导入" + what)
	}
	return newImportSession(file, cols), nil
}

// newImportSession starts an import of file, whose rows hold cols; the caller
// has checked that the actor may import.
func newImportSession(file ImportFile, cols []Column) *importSession {
	pos := make(map[string]int, len(cols))
	for i, c := range cols {
		pos[c.Field] = i
	}
	return &importSession{file: file, pos: pos}
}

// cell is the cell of field in a row of the import's columns.
func (is *importSession) cell(cells []string, field string) string {
	if i, ok := is.pos[field]; ok && i < len(cells) {
		return cells[i]
	}
	return ""
}

// next moves to the next row; cells nil at the end.
func (is *importSession) next() (int, []string, error) {
	n, cells, err := is.file.Rows.Next()
	if err != nil {
		return 0, nil, AsFileError(err)
	}
	if cells != nil {
		is.rows++
	}
	return n, cells, nil
}

func (is *importSession) noRows() error {
	if is.rows == 0 {
		return &Error{Code: EInvalid, Message: "文件中没有数据行", Fields: map[string]string{"file": "文件中只有表头，没有数据行"}}
	}
	return nil
}

// date checks a date cell: the reader has made every date it recognised
// YYYY-MM-DD, so anything else is a problem to record.
func importDate(field, cell string, pre map[string]string) string {
	cell = strings.TrimSpace(cell)
	if cell == "" {
		return ""
	}
	if _, err := ParseDate(cell); err != nil || len(cell) != 10 {
		pre[field] = fmt.Sprintf("无法识别的日期「%s」，请写作 2023-03-01 或 2023/3/1", clipCell(cell))
	}
	return cell
}

// clipCell shortens a cell quoted back in a message.
func clipCell(s string) string {
	r := []rune(s)
	if len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

// cityOf finds a city by its name, also without the trailing 市.
func cityOf(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if IsCity(s) {
		return s, true
	}
	if IsCity(s + "市") {
		return s + "市", true
	}
	return "", false
}

// splitList splits a cell of several values: ; ； , ， 、 and line breaks.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ';' || r == '；' || r == ',' || r == '，' || r == '、' || r == '､' || r == '\n'
	}) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
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
	code := strings.TrimSpace(cell)
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

func groupNames() string { return strings.Join(LabelNames(Groups), "、") }

var groupAliases = map[string]string{"失业人员": "reemployed", "再就业": "reemployed", "毕业生": "graduate",
	"高校毕业生": "graduate", "农民工": "rural_migrant", "困难人员": "hard_to_employ", "退役士兵": "veteran"}

// importGroups reads a cell of person groups: Chinese names or codes.
func importGroups(cell string, pre map[string]string) []string {
	var codes []string
	for _, part := range splitList(cell) {
		l, ok := FindLabel(Groups, part)
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

// rawRow is a row as read, before it is checked.
type rawRow struct {
	n     int
	cells []string
}

// rawChunk is how many read rows travel together to the checker.
const rawChunk = 250

// pipeline is the state the stages of stream share: done closes when the
// writer stops early, and the stages then stop at their next hand-over.
type pipeline struct{ done chan struct{} }

func (p pipeline) stopped() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// handOver sends v on ch unless the pipeline stops first.
func handOver[V any](p pipeline, ch chan<- V, v V) bool {
	if p.stopped() {
		return false
	}
	select {
	case ch <- v:
		return true
	case <-p.done:
		return false
	}
}

// stream reads the table and checks each row with parse in two goroutines
// of their own (reading an .xlsx sheet is XML decoding, about as costly as
// the checks), and hands the rows over in batches to each, which runs in the
// caller's goroutine inside the transaction: reading, checking and writing
// overlap. Problems parse finds go to is.errs, which only the checking
// goroutine touches until stream returns.
func stream[T any](is *importSession, parse func(n int, cells []string, fields map[string]string) (T, rowMeta),
	each func(*pending[T]) error) error {
	p := pipeline{done: make(chan struct{})}
	raw := make(chan []rawRow, 2)
	checked := make(chan *pending[T], 1)
	var readErr error
	go func() {
		defer close(raw)
		readErr = readRows(p, is, raw)
	}()
	go func() {
		defer close(checked)
		checkRows(p, is, parse, raw, checked)
	}()
	var err error
	for b := range checked {
		if err = each(b); err != nil {
			break
		}
	}
	close(p.done)
	for range checked {
	}
	for range raw {
	}
	if err != nil {
		return err
	}
	return readErr
}

// readRows is the first stage: it reads the rows in chunks.
func readRows(p pipeline, is *importSession, out chan<- []rawRow) error {
	rows := make([]rawRow, 0, rawChunk)
	for {
		n, cells, err := is.next()
		if err != nil {
			return err
		}
		if cells == nil {
			break
		}
		rows = append(rows, rawRow{n, cells})
		if len(rows) == rawChunk {
			if !handOver(p, out, rows) {
				return nil
			}
			rows = make([]rawRow, 0, rawChunk)
		}
	}
	if len(rows) > 0 {
		handOver(p, out, rows)
	}
	return nil
}

// checkRows is the second stage: it checks each row with parse, recording
// its problems, and passes the records on in batches of importBatch.
func checkRows[T any](p pipeline, is *importSession, parse func(n int, cells []string, fields map[string]string) (T, rowMeta),
	in <-chan []rawRow, out chan<- *pending[T]) {
	fields := map[string]string{}
	fresh := func() *pending[T] {
		return &pending[T]{recs: make([]T, 0, importBatch), meta: make([]rowMeta, 0, importBatch)}
	}
	b := fresh()
	for rows := range in {
		for _, r := range rows {
			clear(fields)
			rec, m := parse(r.n, r.cells, fields)
			m.row, m.clean = r.n, len(fields) == 0
			is.errs.addFields(r.n, fields)
			b.recs = append(b.recs, rec)
			b.meta = append(b.meta, m)
			if len(b.recs) == importBatch {
				if !handOver(p, out, b) {
					return
				}
				b = fresh()
			}
		}
	}
	if len(b.recs) > 0 {
		handOver(p, out, b)
	}
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

// importRun is what every import keeps while it runs: who imports, the
// rows, what the rows are checked against, and what was found and written.
type importRun struct {
	s         *Store
	a         Actor
	is        *importSession
	today     Date
	createdBy *int64
	zero      int64
	pre       map[string]string // a row's problems found by reading its cells
	found     rowErrors         // problems found in the database, kept apart from the reader's
	failed    bool
	written   int
	employers employerCache
	cities    map[string]bool
	locked    map[cityMonth]string // submitted and closed city-months: their rows are refused
}

// lockMonths loads the city-months whose rows the import refuses, inside its
// transaction.
func (r *importRun) lockMonths(tx *gorm.DB) (err error) {
	r.locked, err = lockedMonths(tx)
	return err
}

func (s *Store) newImportRun(a Actor, is *importSession) *importRun {
	r := &importRun{s: s, a: a, is: is, today: s.Today(), pre: map[string]string{}, employers: employerCache{},
		cities: map[string]bool{}}
	if a.UserID != 0 {
		r.createdBy = &a.UserID
	}
	return r
}

// finish ends an import inside its transaction: a file with no rows or with
// any bad row is refused whole; otherwise the tallies move once and the
// import is audited.
func (r *importRun) finish(tx *gorm.DB, recordType string, d Deltas) error {
	is := r.is
	if err := is.noRows(); err != nil {
		return err
	}
	is.errs.list = append(is.errs.list, r.found.list...)
	if !is.errs.empty() {
		return is.errs.err(r.s.importedBefore(tx, recordType, is.file.Sum))
	}
	if err := d.apply(tx); err != nil {
		return err
	}
	return auditImport(tx, r.s.now(), r.a, recordType, auditCity(r.a, r.cities), is.file, r.written)
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

func auditImport(tx *gorm.DB, now time.Time, a Actor, recordType, city string, file ImportFile, n int) error {
	sum := file.Sum
	name := []rune(strings.TrimSpace(file.Name))
	if len(name) > 200 {
		name = name[:200]
	}
	detail := fmt.Sprintf("导入文件「%s」，%d行，SHA-256 %s", string(name), n, sum)
	changes := Changes{"file": {nil, string(name)}, "rows": {nil, n}, "sha256": {nil, sum}}
	return audit(tx, now, a, ActionImport, recordType, 0, city, changes, detail)
}
