package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Job is a posted vacancy; its headcount counts toward the posts goals in the
// year of PostedOn.
type Job struct {
	ID           int64     `json:"id"`
	EmployerID   int64     `json:"employer_id"`
	EmployerName string    `json:"employer_name" gorm:"->"`
	Title        string    `json:"title"`
	City         string    `json:"city"`
	Headcount    int       `json:"headcount"`
	ForGraduates bool      `json:"for_graduates"`
	FairID       *int64    `json:"fair_id"`
	PostedOn     Date      `json:"posted_on"`
	SalaryMin    *int      `json:"salary_min"`
	SalaryMax    *int      `json:"salary_max"`
	Education    string    `json:"education"`
	Description  string    `json:"description"`
	ContactName  string    `json:"contact_name"`
	ContactPhone string    `json:"contact_phone"`
	CreatedBy    *int64    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func (j *Job) snapshot() map[string]any {
	return map[string]any{"employer_id": j.EmployerID, "title": j.Title, "city": j.City, "headcount": j.Headcount,
		"for_graduates": j.ForGraduates, "fair_id": j.FairID, "posted_on": j.PostedOn.String(),
		"salary_min": j.SalaryMin, "salary_max": j.SalaryMax, "education": j.Education, "description": j.Description,
		"contact_name": j.ContactName, "contact_phone": j.ContactPhone}
}

// month is the city-month a job is dated in.
func (j *Job) month() cityMonth { return cityMonth{j.City, monthOf(j.PostedOn)} }

// JobInput posts a vacancy.
type JobInput struct {
	EmployerID   *int64 `json:"employer_id"`
	Title        string `json:"title" validate:"required,notblank,max=200"`
	City         string `json:"city" validate:"omitempty,city"`
	Headcount    *int   `json:"headcount" validate:"required,min=1,max=10000"`
	ForGraduates bool   `json:"for_graduates"`
	FairID       *int64 `json:"fair_id"`
	PostedOn     string `json:"posted_on"`
	SalaryMin    *int   `json:"salary_min" validate:"omitempty,min=0,max=1000000"`
	SalaryMax    *int   `json:"salary_max" validate:"omitempty,min=0,max=1000000"`
	Education    string `json:"education" validate:"omitempty,education"`
	Description  string `json:"description" text:"2000,lines"`
	ContactName  string `json:"contact_name" validate:"max=50"`
	ContactPhone string `json:"contact_phone" validate:"max=20"`
}

// JobPatch edits a vacancy; nil fields stay.
type JobPatch struct {
	Title        *string `json:"title" validate:"omitempty,notblank,max=200"`
	City         *string `json:"city" validate:"omitempty,city"`
	Headcount    *int    `json:"headcount" validate:"omitempty,min=1,max=10000"`
	ForGraduates *bool   `json:"for_graduates"`
	FairID       *int64  `json:"fair_id"`
	PostedOn     *string `json:"posted_on"`
	SalaryMin    *int    `json:"salary_min" validate:"omitempty,min=0,max=1000000"`
	SalaryMax    *int    `json:"salary_max" validate:"omitempty,min=0,max=1000000"`
	Education    *string `json:"education" validate:"omitempty,education"`
	Description  *string `json:"description" text:"2000,lines"`
	ContactName  *string `json:"contact_name" validate:"omitempty,max=50"`
	ContactPhone *string `json:"contact_phone" validate:"omitempty,max=20"`
}

// jobRules are the rules of a vacancy that span fields.
func jobRules(j *Job, today Date, fields map[string]string) {
	if j.SalaryMin != nil && j.SalaryMax != nil && *j.SalaryMin > *j.SalaryMax {
		fields["salary_max"] = "最高月薪不能低于最低月薪"
	}
	if !j.PostedOn.IsZero() && j.PostedOn.After(today) {
		fields["posted_on"] = "发布日期不能晚于今天"
	} else if _, bad := fields["posted_on"]; !bad {
		checkYear(fields, "posted_on", j.PostedOn, today)
	}
}

// employerJobRules are what an employer user may not do with a vacancy: post
// it in another city than its own record's, or date it more than
// EmployerBackdays before today (organisers record older posts).
func (a Actor) employerJobRules(j *Job, e *Employer, postedOnSet bool, today Date, fields map[string]string) error {
	if !a.Is(RoleEmployer) {
		return nil
	}
	if postedOnSet && fields["posted_on"] == "" && j.PostedOn.Before(today.AddDays(-EmployerBackdays)) {
		fields["posted_on"] = fmt.Sprintf("用人单位只能登记%d天内（%s及以后）发布的岗位", EmployerBackdays, today.AddDays(-EmployerBackdays))
	}
	if e.ID != 0 && j.City != e.City {
		return forbidden("用人单位只能在本单位所在城市（" + e.City + "）发布岗位")
	}
	return nil
}

// checkJob checks what needs the database (employer, fair); it fills fields
// and answers the employer.
func (s *Store) checkJob(tx *gorm.DB, j *Job, fields map[string]string) *Employer {
	var e Employer
	if j.EmployerID == 0 {
		fields["employer_id"] = "用人单位为必填字段"
	} else if err := tx.First(&e, j.EmployerID).Error; err != nil {
		fields["employer_id"] = "用人单位不存在"
	} else if j.City == "" {
		j.City = e.City
	}
	if j.FairID != nil {
		var n int64
		tx.Table("fairs").Where("id = ?", *j.FairID).Count(&n)
		if n == 0 {
			fields["fair_id"] = "招聘会不存在"
		}
	}
	return &e
}

func parseDateField(fields map[string]string, name, value string) Date {
	if strings.TrimSpace(value) == "" {
		return Date{}
	}
	d, err := ParseDate(value)
	if err != nil {
		fields[name] = "日期格式应为 YYYY-MM-DD"
	}
	return d
}

// mayWriteJob: admins; the employer that owns the job; organisers for jobs in
// their city that they posted (or any, when creating).
func (a Actor) mayWriteJob(j *Job, creating bool) error {
	switch {
	case a.Is(RoleAdmin):
		return nil
	case a.Is(RoleEmployer):
		if a.EmployerID == j.EmployerID {
			return nil
		}
		return forbidden("只能管理本单位的岗位")
	case a.Is(RoleOrganiser):
		if !a.mayWriteCity(j.City) {
			return errOtherCity
		}
		if creating || j.CreatedBy != nil && *j.CreatedBy == a.UserID {
			return nil
		}
		return forbidden("只能修改本人发布的岗位")
	}
	return ErrForbidden
}

// CreateJob posts a vacancy.
func (s *Store) CreateJob(ctx context.Context, a Actor, in JobInput) (*Job, error) {
	if !a.Is(RoleAdmin, RoleEmployer, RoleOrganiser) {
		return nil, ErrForbidden
	}
	if a.Is(RoleEmployer) && in.EmployerID == nil {
		in.EmployerID = &a.EmployerID
	}
	fields := map[string]string{}
	j := BuildJob(in, s.Today(), fields)
	if a.UserID != 0 {
		j.CreatedBy = &a.UserID
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		e := s.checkJob(tx, j, fields)
		forbiddenCity := a.employerJobRules(j, e, true, s.Today(), fields)
		if err := Invalid(fields); err != nil {
			return err
		}
		if err := a.mayWriteJob(j, true); err != nil {
			return err
		}
		if forbiddenCity != nil {
			return forbiddenCity
		}
		if err := checkOpen(tx, "posted_on", j.month()); err != nil {
			return err
		}
		if err := tx.Omit("employer_name").Create(j).Error; err != nil {
			return err
		}
		j.EmployerName = e.Name
		d := Deltas{}
		jobDeltas(d, j, +1)
		if err := d.apply(tx); err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionCreate, "job", j.ID, j.City, created(j.snapshot()), "")
	})
	if err != nil {
		return nil, dbErr(err, "create job")
	}
	return j, nil
}

// JobFilter selects jobs.
type JobFilter struct {
	Year         int
	City         string
	EmployerID   int64
	FairID       int64
	ForGraduates *bool
	Education    string
	Q            string
	From, To     Date // posted_on, both included
	Page
	// orderScan: the search matches many jobs (see textSearch.orderScan).
	orderScan bool
}

const jobSelect = "jobs.*, employers.name AS employer_name"

func (s *Store) jobQuery(db *gorm.DB, f JobFilter, city string) *gorm.DB {
	q := db.Table("jobs").Select(jobSelect).Joins("JOIN employers ON employers.id = jobs.employer_id")
	q = recordFilter{Table: "jobs", Day: "posted_on", Year: f.Year, From: f.From, To: f.To, City: city,
		EmployerID: f.EmployerID, FairID: f.FairID}.apply(q)
	if f.ForGraduates != nil {
		q = q.Where("jobs.for_graduates = ?", *f.ForGraduates)
	}
	if f.Education != "" {
		q = q.Where("jobs.education = ?", f.Education)
	}
	ts := jobSearch
	ts.orderScan = f.orderScan
	q = s.searchWords(q, f.Q, ts)
	return q
}

// jobScope narrows a filter of jobs to what the actor may read: an
// employer its own, whatever the city; anyone else the city in its scope.
// The list and the export both read through it.
func (a Actor) jobScope(f JobFilter) (JobFilter, string, error) {
	city, ok := a.ScopeCity(f.City)
	if !ok {
		return f, "", errOtherCity
	}
	if a.Is(RoleEmployer) {
		if f.EmployerID != 0 && f.EmployerID != a.EmployerID {
			return f, "", forbidden("只能查看本单位的岗位")
		}
		f.EmployerID = a.EmployerID
		city = f.City
	}
	return f, city, nil
}

// ListJobs lists jobs in the actor's scope (an employer: its own), newest first.
func (s *Store) ListJobs(ctx context.Context, a Actor, f JobFilter) ([]Job, int64, error) {
	f, city, err := a.jobScope(f)
	if err != nil {
		return nil, 0, err
	}
	return s.pageOfJobs(ctx, f, city)
}

// ListPublicJobs lists vacancies for anonymous visitors, newest first.
func (s *Store) ListPublicJobs(ctx context.Context, f JobFilter) ([]Job, int64, error) {
	return s.pageOfJobs(ctx, f, f.City)
}

// pageOfJobs reads a page of jobs, newest first. Filters by dates, city and
// "for graduates" are what the summary tables count: the total comes from
// them instead of a count over the year's jobs.
func (s *Store) pageOfJobs(ctx context.Context, f JobFilter, city string) ([]Job, int64, error) {
	const order = "jobs.posted_on DESC, jobs.id DESC"
	if f.Q != "" {
		return s.searchJobs(ctx, f, city, order)
	}
	q := s.jobQuery(s.read(ctx), f, city)
	if f.EmployerID != 0 || f.FairID != 0 || f.Education != "" || f.ForGraduates != nil && !*f.ForGraduates {
		return pageOf[Job](q, f.Page, order)
	}
	metric := MetricJobs
	if f.ForGraduates != nil {
		metric = MetricGraduateJobs
	}
	return pageTallied[Job](s.read(ctx), q, f.Page, order, metric, f.Year, f.From, f.To, city)
}

// searchJobs reads a page of a text search of jobs. On PostgreSQL see
// pageOfSearch. On SQLite a search by Chinese words alone is counted from the
// indexes, and a page of many matches is read along the list's order.
func (s *Store) searchJobs(ctx context.Context, f JobFilter, city, order string) ([]Job, int64, error) {
	if s.Dialect == "postgres" && searchIndexes {
		f.orderScan = true
		return pageOfSearch[Job](s, s.jobQuery(s.read(ctx), f, city), f.Q, jobSearch, f.Page, order, searchScanAbove)
	}
	q := s.jobQuery(s.read(ctx), f, city)
	var total int64
	var counted bool
	if f == (JobFilter{Q: f.Q, Page: f.Page}) && city == "" {
		var err error
		if total, counted, err = s.searchCount(s.read(ctx), f.Q, jobSearch); err != nil {
			return nil, 0, err
		}
	}
	if !counted {
		if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
			return nil, 0, fmt.Errorf("count jobs: %w", err)
		}
	}
	if total > searchScanAbove {
		f.orderScan = true
		q = s.jobQuery(s.read(ctx), f, city)
	}
	items := []Job{}
	if err := q.Order(order).Offset(f.Page.Offset()).Limit(f.Page.Size).Find(&items).Error; err != nil {
		return nil, 0, fmt.Errorf("list jobs: %w", err)
	}
	return items, total, nil
}

func (s *Store) findJob(db *gorm.DB, id int64) (*Job, error) {
	var j Job
	if err := s.jobQuery(db, JobFilter{}, "").Where("jobs.id = ?", id).Take(&j).Error; err != nil {
		return nil, dbErr(err, fmt.Sprintf("find job %d", id))
	}
	return &j, nil
}

func (a Actor) seesJob(j *Job) bool {
	if a.Is(RoleEmployer) {
		return a.EmployerID == j.EmployerID
	}
	return a.SeesCity(j.City)
}

// GetJob finds a job visible to the actor.
func (s *Store) GetJob(ctx context.Context, a Actor, id int64) (*Job, error) {
	j, err := s.findJob(s.read(ctx), id)
	if err != nil {
		return nil, err
	}
	if !a.seesJob(j) {
		return nil, fmt.Errorf("job %d: %w", id, ErrNotFound)
	}
	return j, nil
}

// UpdateJob edits a job and moves its posts in the tallies.
func (s *Store) UpdateJob(ctx context.Context, a Actor, id int64, p JobPatch) (*Job, error) {
	fields := CheckStruct(p)
	var out *Job
	err := s.tx(ctx, func(tx *gorm.DB) error {
		j, err := s.findJob(tx, id)
		if err != nil {
			return err
		}
		if err := a.mayWriteJob(j, false); err != nil {
			return err
		}
		old := *j
		if p.Title != nil {
			j.Title = strings.TrimSpace(*p.Title)
		}
		if p.City != nil {
			j.City = *p.City
		}
		if p.Headcount != nil {
			j.Headcount = *p.Headcount
		}
		if p.ForGraduates != nil {
			j.ForGraduates = *p.ForGraduates
		}
		if p.FairID != nil {
			j.FairID = p.FairID
			if *p.FairID == 0 {
				j.FairID = nil
			}
		}
		if p.PostedOn != nil {
			if d := parseDateField(fields, "posted_on", *p.PostedOn); !d.IsZero() {
				j.PostedOn = d
			}
		}
		if p.SalaryMin != nil {
			j.SalaryMin = p.SalaryMin
		}
		if p.SalaryMax != nil {
			j.SalaryMax = p.SalaryMax
		}
		if p.Education != nil {
			j.Education = *p.Education
		}
		if p.Description != nil {
			j.Description = strings.TrimSpace(*p.Description)
		}
		if p.ContactName != nil {
			j.ContactName = strings.TrimSpace(*p.ContactName)
		}
		if p.ContactPhone != nil {
			j.ContactPhone = strings.TrimSpace(*p.ContactPhone)
		}
		jobRules(j, s.Today(), fields)
		e := s.checkJob(tx, j, fields)
		postedOnSet := p.PostedOn != nil && j.PostedOn != old.PostedOn
		forbiddenCity := a.employerJobRules(j, e, postedOnSet, s.Today(), fields)
		if err := Invalid(fields); err != nil {
			return err
		}
		if err := a.mayWriteJob(j, false); err != nil {
			return err
		}
		if forbiddenCity != nil {
			return forbiddenCity
		}
		if err := checkOpen(tx, "posted_on", old.month(), j.month()); err != nil {
			return err
		}
		if err := tx.Omit("employer_name").Save(j).Error; err != nil {
			return err
		}
		d := Deltas{}
		jobDeltas(d, &old, -1)
		jobDeltas(d, j, +1)
		if err := d.apply(tx); err != nil {
			return err
		}
		out = j
		return audit(tx, s.now(), a, ActionUpdate, "job", j.ID, j.City, diff(old.snapshot(), j.snapshot()), "")
	})
	if err != nil {
		return nil, dbErr(err, fmt.Sprintf("update job %d", id))
	}
	return out, nil
}

// DeleteJob withdraws a vacancy that no placement points to.
func (s *Store) DeleteJob(ctx context.Context, a Actor, id int64) error {
	return dbErr(s.tx(ctx, func(tx *gorm.DB) error {
		j, err := s.findJob(tx, id)
		if err != nil {
			return err
		}
		if err := a.mayWriteJob(j, false); err != nil {
			return err
		}
		if err := checkOpen(tx, "posted_on", j.month()); err != nil {
			return err
		}
		var n int64
		if err := tx.Table("placements").Where("job_id = ?", id).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return Errorf(EConflict, "该岗位还有%d条就业登记记录，不能删除", n)
		}
		d := Deltas{}
		jobDeltas(d, j, -1)
		if err := d.apply(tx); err != nil {
			return err
		}
		if err := tx.Delete(&Job{}, id).Error; err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionDelete, "job", id, j.City, removed(j.snapshot()), "")
	}), fmt.Sprintf("delete job %d", id))
}
