package models

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

var jobColumns = []string{"employer_id", "title", "city", "headcount", "for_graduates", "fair_id", "posted_on",
	"salary_min", "salary_max", "education", "created_by", "created_at", "updated_at"}

// insertJobs writes checked jobs in batches and adds them to d.
func (s *Store) insertJobs(tx *gorm.DB, js []Job, d Deltas) error {
	now := s.now()
	return bulkInsert(tx, s.Dialect, "jobs", jobColumns, len(js), func(i int, args []any) []any {
		j := &js[i]
		jobDeltas(d, j, +1)
		return append(args, j.EmployerID, j.Title, j.City, int64(j.Headcount), j.ForGraduates, nullID(j.FairID),
			j.PostedOn.String(), nullInt(j.SalaryMin), nullInt(j.SalaryMax), j.Education, nullID(j.CreatedBy), now, now)
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
		FairID: in.FairID, SalaryMin: in.SalaryMin, SalaryMax: in.SalaryMax, Education: in.Education,
		Description: strings.TrimSpace(in.Description), ContactName: strings.TrimSpace(in.ContactName),
		ContactPhone: strings.TrimSpace(in.ContactPhone)}
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

func educationNames() string { return strings.Join(LabelNames(Educations), "、") }

// importInt reads an optional whole-number cell.
func importInt(field, cell string, pre map[string]string) *int {
	cell = strings.TrimSpace(cell)
	if cell == "" {
		return nil
	}
	n, err := strconv.Atoi(cell)
	if err != nil || n > 1e9 || n < -1e9 {
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
	imp := &jobImport{importRun: s.newImportRun(a, is), fairs: map[int64]bool{}, d: Deltas{}}
	err = s.bigTx(ctx, func(tx *gorm.DB) error {
		if err := imp.lockMonths(tx); err != nil {
			return err
		}
		if err := stream(is, imp.parse, func(b *pending[Job]) error { return imp.write(tx, b) }); err != nil {
			return err
		}
		return imp.finish(tx, "job", imp.d)
	})
	if err != nil {
		return 0, dbErr(err, "import jobs")
	}
	return imp.written, nil
}

// jobImport is one vacancy import under way: what its rows are checked
// against, and what it has found and written so far.
type jobImport struct {
	*importRun
	fairs map[int64]bool // fair ids looked up: whether they exist
	d     Deltas
}

// parse checks a row as a single vacancy is checked.
func (imp *jobImport) parse(n int, cells []string, fields map[string]string) (Job, rowMeta) {
	pre := imp.pre
	clear(pre)
	cell := func(field string) string { return imp.is.cell(cells, field) }
	in := JobInput{EmployerID: &imp.zero, Title: cell("title"),
		City:      importCity(imp.a, cell("city"), pre),
		Headcount: importInt("headcount", cell("headcount"), pre),
		SalaryMin: importInt("salary_min", cell("salary_min"), pre),
		SalaryMax: importInt("salary_max", cell("salary_max"), pre)}
	if _, bad := pre["headcount"]; bad {
		one := 1
		in.Headcount = &one // the cell's own problem is reported, not "required"
	}
	in.ForGraduates = importBool("for_graduates", cell("for_graduates"), false, pre)
	in.PostedOn = importDate("posted_on", cell("posted_on"), pre)
	in.Education = importEducation(cell("education"), pre)
	if c := cell("fair_id"); c != "" {
		if id, err := strconv.ParseInt(c, 10, 64); err == nil && id >= 1 {
			in.FairID = &id
		} else {
			pre["fair_id"] = "招聘会编号应为正整数"
		}
	}
	m := rowMeta{code: importCreditCode(cell("employer_credit_code"), pre)}
	j := BuildJob(in, imp.today, fields)
	for k, v := range pre {
		fields[k] = v
	}
	delete(fields, "employer_id")
	j.CreatedBy = imp.createdBy
	return *j, m
}

// importEducation reads an education cell: a name, a code or a usual alias.
func importEducation(cell string, pre map[string]string) string {
	if cell == "" {
		return ""
	}
	if l, ok := FindLabel(Educations, cell); ok {
		return l.Code
	}
	if code, ok := educationAliases[cell]; ok {
		return code
	}
	pre["education"] = fmt.Sprintf("未知的学历要求「%s」，可填：%s", clipCell(cell), educationNames())
	return ""
}

// lookUpFairs learns which of the fairs a batch names exist.
func (imp *jobImport) lookUpFairs(tx *gorm.DB, b *pending[Job]) error {
	wanted := map[int64]struct{}{}
	for i := range b.recs {
		if id := b.recs[i].FairID; id != nil {
			if _, known := imp.fairs[*id]; !known {
				wanted[*id] = struct{}{}
			}
		}
	}
	if len(wanted) == 0 {
		return nil
	}
	known, err := existingIDs(tx, "fairs", wanted)
	if err != nil {
		return err
	}
	for id := range wanted {
		imp.fairs[id] = known[id]
	}
	return nil
}

// write looks up the employers and fairs of a batch, and writes it while no
// row of the file has failed; after the first failure it only keeps
// checking, and the transaction is rolled back.
func (imp *jobImport) write(tx *gorm.DB, b *pending[Job]) error {
	if err := imp.employers.resolve(tx, b.meta); err != nil {
		return err
	}
	if err := imp.lookUpFairs(tx, b); err != nil {
		return err
	}
	for i, m := range b.meta {
		j := &b.recs[i]
		imp.failed = imp.failed || !m.clean
		if j.FairID != nil && !imp.fairs[*j.FairID] {
			imp.found.add(m.row, "fair_id", "招聘会不存在")
			imp.failed = true
		}
		if m.code == "" {
			continue
		}
		e := imp.employers[m.code]
		if e == nil {
			imp.found.add(m.row, "employer_credit_code", msgEmployerUnknown)
			imp.failed = true
			continue
		}
		j.EmployerID = e.ID
		if j.City == "" {
			j.City = e.City
			if !imp.a.mayWriteCity(e.City) {
				imp.found.add(m.row, "city", "无权导入其他城市的记录（未填城市时为用人单位所在城市）")
				imp.failed = true
			}
		}
		if msg := lockedMonthError(imp.locked, j.City, j.PostedOn); msg != "" {
			imp.found.add(m.row, "posted_on", msg)
			imp.failed = true
		}
	}
	if imp.failed {
		return nil
	}
	for i := range b.recs {
		imp.cities[b.recs[i].City] = true
	}
	imp.written += len(b.recs)
	return imp.s.insertJobs(tx, b.recs, imp.d)
}
