package models

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// GraduateColumns are the columns of the graduate list a university sends.
var GraduateColumns = []Column{
	{Field: "person_name", Header: "姓名", Required: true, Hint: "毕业生姓名"},
	{Field: "id_number", Header: "身份证号", Required: true, Aliases: []string{"身份证号码", "公民身份号码", "身份证"},
		Kind: CellCode, Hint: "18位居民身份证号码，末位可为X；请将本列设为文本格式"},
	{Field: "school", Header: "毕业院校", Required: true, Aliases: []string{"院校", "学校", "毕业学校"}, Hint: "不超过100字"},
	{Field: "major", Header: "专业", Aliases: []string{"所学专业"}, Hint: "不超过100字；可留空"},
	{Field: "education", Header: "学历", Required: true, Aliases: []string{"学历层次"}, Kind: CellChoice,
		Choices: LabelNames(GraduateEducations), Hint: "大专、本科、硕士或博士；也可填代码"},
	{Field: "graduation_year", Header: "毕业年份", Required: true, Aliases: []string{"毕业年度", "届别"}, Kind: CellInt,
		Hint: "如 2024；不晚于今年"},
	{Field: "city", Header: "城市", Required: true, Aliases: []string{"所在城市", "登记城市"}, Kind: CellChoice,
		Choices: CityNames(), Hint: "辽宁省14个地级市之一"},
	{Field: "phone", Header: "手机号", Aliases: []string{"手机号码", "联系电话", "手机"}, Kind: CellCode,
		Hint: "11位手机号码；可留空"},
	{Field: "needy_family", Header: "困难家庭", Aliases: []string{"困难家庭（是/否）", "是否困难家庭"}, Kind: CellBool,
		Choices: []string{"是", "否"}, Hint: "是 或 否；留空为否"},
	{Field: "wants_job", Header: "有就业意愿", Aliases: []string{"有就业意愿（是/否）", "就业意愿"}, Kind: CellBool,
		Choices: []string{"是", "否"}, Hint: "是 或 否；留空为是"},
	{Field: "registered_on", Header: "登记日期", Aliases: []string{"登记时间"}, Kind: CellDate,
		Hint: "如 2024-07-01；留空为今天；不能早于毕业年份，不能晚于今天；已上报或已结账的月份不能导入"},
}

var graduateEducationAliases = map[string]string{"专科": "college", "高职": "college", "大学本科": "bachelor",
	"硕士研究生": "master", "研究生": "master", "博士研究生": "doctor"}

// ImportGraduates imports a graduate list, all rows or none, and answers the
// number of graduates written. Admins and organisers import, within their city.
func (s *Store) ImportGraduates(ctx context.Context, a Actor, file ImportFile) (int, error) {
	is, err := s.openImport(a, file, GraduateColumns, "毕业生台账")
	if err != nil {
		return 0, err
	}
	imp := &graduateImport{importRun: s.newImportRun(a, is), firstRow: map[personKey]int32{}, d: Deltas{}}
	err = s.bigTx(ctx, func(tx *gorm.DB) error {
		if err := imp.lockMonths(tx); err != nil {
			return err
		}
		if err := stream(is, imp.parse, func(b *pending[Graduate]) error { return imp.write(tx, b) }); err != nil {
			return err
		}
		return imp.finish(tx, "graduate", imp.d)
	})
	if err != nil {
		return 0, dbErr(err, "import graduates")
	}
	return imp.written, nil
}

// graduateImport is one graduate import under way.
type graduateImport struct {
	*importRun
	firstRow map[personKey]int32
	d        Deltas
}

// importBool reads a yes/no cell; empty gives def.
func importBool(field, cell string, def bool, pre map[string]string) bool {
	switch cell {
	case "true":
		return true
	case "false":
		return false
	case "":
		return def
	}
	pre[field] = "应填“是”或“否”"
	return def
}

// parse checks a row as a single graduate is checked, and finds the same
// person twice in one graduation year within the file.
func (imp *graduateImport) parse(n int, cells []string, fields map[string]string) (Graduate, rowMeta) {
	pre := imp.pre
	clear(pre)
	cell := func(field string) string { return imp.is.cell(cells, field) }
	wants := importBool("wants_job", cell("wants_job"), true, pre)
	in := GraduateInput{
		PersonName:   cell("person_name"),
		IDNumber:     cell("id_number"),
		School:       cell("school"),
		Major:        cell("major"),
		Education:    importLabel("education", "学历", cell("education"), GraduateEducations, graduateEducationAliases, pre),
		City:         importCity(imp.a, cell("city"), pre),
		Phone:        cell("phone"),
		NeedyFamily:  importBool("needy_family", cell("needy_family"), false, pre),
		WantsJob:     &wants,
		RegisteredOn: importDate("registered_on", cell("registered_on"), pre),
	}
	if strings.Contains(in.IDNumber, "E+") {
		pre["id_number"] = "身份证号被保存成了数字，末几位已丢失；请将该列设为文本格式后重新填写"
	}
	if c := cell("graduation_year"); c != "" {
		if y, err := strconv.Atoi(c); err == nil {
			in.GraduationYear = &y
		} else {
			pre["graduation_year"] = fmt.Sprintf("「%s」不是年份", clipCell(c))
			zero := 0
			in.GraduationYear = &zero
		}
	}
	g := BuildGraduate(in, imp.today, imp.s.secret, fields)
	for k, v := range pre {
		fields[k] = v
	}
	g.Organisation, g.CreatedBy = imp.a.Organisation, imp.createdBy
	var m rowMeta
	if g.IDHash != "" && g.GraduationYear != 0 {
		key := keyOf(g.IDHash, g.GraduationYear)
		if other, dup := imp.firstRow[key]; dup {
			m.dup = true
			if _, bad := fields["id_number"]; !bad {
				fields["id_number"] = fmt.Sprintf("与第%d行是同一人、同一毕业年份", other)
			}
		} else {
			imp.firstRow[key] = int32(n)
		}
	}
	return *g, m
}

// write checks a batch against the ledger and the closed months, and writes
// it while no row of the file has failed.
func (imp *graduateImport) write(tx *gorm.DB, b *pending[Graduate]) error {
	for i, m := range b.meta {
		imp.failed = imp.failed || !m.clean
		g := &b.recs[i]
		if msg := lockedMonthError(imp.locked, g.City, g.RegisteredOn); msg != "" {
			imp.found.add(m.row, "registered_on", msg)
			imp.failed = true
		}
	}
	if n, err := checkRegisteredBefore(tx, b, &imp.found); err != nil {
		return err
	} else if n > 0 {
		imp.failed = true
	}
	if imp.failed {
		return nil
	}
	if err := employAll(tx, b.recs); err != nil {
		return err
	}
	for i := range b.recs {
		imp.cities[b.recs[i].City] = true
	}
	imp.written += len(b.recs)
	return imp.s.insertGraduates(tx, b.recs, imp.d)
}

// checkRegisteredBefore reports the rows of a batch whose person is already
// in the ledger for that graduation year; it answers how many.
func checkRegisteredBefore(tx *gorm.DB, b *pending[Graduate], errs *rowErrors) (int, error) {
	byKey := make(map[personYear]int, len(b.recs))
	var hashes []string
	for i := range b.recs {
		g := &b.recs[i]
		if g.IDHash == "" || g.GraduationYear == 0 || b.meta[i].dup {
			continue
		}
		byKey[personYear{g.IDHash, g.GraduationYear}] = i
		hashes = append(hashes, g.IDHash)
	}
	if len(hashes) == 0 {
		return 0, nil
	}
	n := 0
	err := queryIn(tx, "SELECT id_hash, graduation_year FROM graduates WHERE id_hash IN (%s)",
		[][]any{anySlice(hashes)}, func(rows *sql.Rows) error {
			var hash string
			var year int
			if err := rows.Scan(&hash, &year); err != nil {
				return err
			}
			if i, ok := byKey[personYear{hash, year}]; ok {
				errs.add(b.meta[i].row, "id_number", fmt.Sprintf("此人已在%d届毕业生台账中", year))
				n++
			}
			return nil
		})
	if err != nil {
		return 0, fmt.Errorf("check registered before: %w", err)
	}
	return n, nil
}

// employAll finds, in bulk, the placements that make graduates of a batch
// employed: the first of the same person on or after the registration.
func employAll(tx *gorm.DB, gs []Graduate) error {
	byHash := make(map[string][]int, len(gs))
	hashes := make([]string, 0, len(gs))
	for i := range gs {
		if _, seen := byHash[gs[i].IDHash]; !seen {
			hashes = append(hashes, gs[i].IDHash)
		}
		byHash[gs[i].IDHash] = append(byHash[gs[i].IDHash], i)
	}
	// The placements are ordered here, not by the database: with ORDER BY
	// placed_on the query planners walk every placement by date instead of
	// looking the people up by their hash.
	type placed struct {
		hash string
		id   int64
		on   Date
	}
	var found []placed
	years, err := placementYears(tx)
	if err != nil || len(years) == 0 {
		return err
	}
	err = queryIn(tx, "SELECT id_hash, id, placed_on FROM placements WHERE year IN (%s) AND id_hash IN (%s)",
		[][]any{anySlice(years), anySlice(hashes)}, func(rows *sql.Rows) error {
			var p placed
			if err := rows.Scan(&p.hash, &p.id, &p.on); err != nil {
				return err
			}
			found = append(found, p)
			return nil
		})
	if err != nil {
		return fmt.Errorf("find placements of graduates: %w", err)
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].on != found[j].on {
			return found[i].on.Before(found[j].on)
		}
		return found[i].id < found[j].id
	})
	for k := range found {
		p := &found[k]
		for _, i := range byHash[p.hash] {
			g := &gs[i]
			if g.EmployedOn.IsZero() && !p.on.Before(g.RegisteredOn) {
				g.EmployedOn, g.PlacementID = p.on, &p.id
			}
		}
	}
	for i := range gs {
		gs[i].deriveStatus()
	}
	return nil
}

var graduateColumns = []string{"person_name", "id_hash", "id_masked", "school", "major", "education", "graduation_year",
	"city", "phone", "needy_family", "wants_job", "registered_on", "status", "services_1131", "n_policy", "n_guidance",
	"n_job_referral", "n_training", "n_internship", "contacts_count", "first_reached_on", "first_service_on",
	"last_contact_on", "employed_on", "placement_id", "organisation", "created_by", "created_at"}

// insertGraduates writes checked graduates, their derived fields set, in
// batches and adds them to d.
func (s *Store) insertGraduates(tx *gorm.DB, gs []Graduate, d Deltas) error {
	now := s.now()
	return bulkInsert(tx, s.Dialect, "graduates", graduateColumns, len(gs), func(i int, args []any) []any {
		g := &gs[i]
		graduateDeltas(d, g, +1)
		c := g.ServiceCounts
		return append(args, g.PersonName, g.IDHash, g.IDMasked, g.School, g.Major, g.Education, int64(g.GraduationYear),
			g.City, g.Phone, g.NeedyFamily, g.WantsJob, g.RegisteredOn.String(), g.Status, g.Services1131,
			int64(c.Policy), int64(c.Guidance), int64(c.JobReferral), int64(c.Training), int64(c.Internship),
			int64(g.ContactsCount), nullDate(g.FirstReachedOn), nullDate(g.FirstServiceOn), nullDate(g.LastContactOn),
			nullDate(g.EmployedOn), nullID(g.PlacementID), g.Organisation, nullID(g.CreatedBy), now)
	})
}

// nullDate is a date for a bulk insert: NULL when unset.
func nullDate(d Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}
