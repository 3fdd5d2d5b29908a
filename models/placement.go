package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Placement records a person who took up employment. The ID number itself is
// never kept: IDHash recognises the same person, IDMasked is what people see.
type Placement struct {
	ID           int64     `json:"id"`
	PersonName   string    `json:"person_name"`
	IDHash       string    `json:"-"`
	IDMasked     string    `json:"id_number"`
	BirthDate    Date      `json:"birth_date"`
	Sex          string    `json:"sex"`
	Age          int       `json:"age" gorm:"-"`
	Groups       string    `json:"-"`
	GroupCodes   []string  `json:"groups" gorm:"-"`
	EmployerID   int64     `json:"employer_id"`
	EmployerName string    `json:"employer_name" gorm:"->"`
	JobID        *int64    `json:"job_id"`
	FairID       *int64    `json:"fair_id"`
	City         string    `json:"city"`
	PlacedOn     Date      `json:"placed_on"`
	Year         int       `json:"-"`
	CreatedBy    *int64    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// AfterFind derives the fields that are not stored.
func (p *Placement) AfterFind(*gorm.DB) error {
	p.GroupCodes = p.GroupList()
	p.Age = AgeOn(p.BirthDate, p.PlacedOn)
	return nil
}

// GroupList is the placement's person groups as codes.
func (p *Placement) GroupList() []string {
	out := []string{}
	for _, g := range strings.Split(p.Groups, ",") {
		if g != "" {
			out = append(out, g)
		}
	}
	return out
}

func joinGroups(codes []string) string {
	if len(codes) == 0 {
		return ""
	}
	// Stored as ",a,b," so that a LIKE '%,a,%' filter matches whole codes only;
	// kept in the order of the reference list.
	var sb strings.Builder
	sb.WriteString(",")
	for _, g := range Groups {
		for _, c := range codes {
			if c == g.Code {
				sb.WriteString(c + ",")
				break
			}
		}
	}
	return sb.String()
}

func (p *Placement) snapshot() map[string]any {
	return map[string]any{"person_name": maskName(p.PersonName), "id_number": p.IDMasked, "groups": p.GroupList(),
		"employer_id": p.EmployerID, "job_id": p.JobID, "fair_id": p.FairID, "city": p.City, "placed_on": p.PlacedOn.String()}
}

// maskName keeps a name's first character, for the audit log.
func maskName(name string) string {
	r := []rune(name)
	if len(r) <= 1 {
		return "*"
	}
	return string(r[0]) + strings.Repeat("*", len(r)-1)
}

// PlacementInput records one placement.
type PlacementInput struct {
	PersonName string   `json:"person_name" validate:"required,notblank,max=50"`
	IDNumber   string   `json:"id_number" validate:"required"`
	Groups     []string `json:"groups" validate:"unique,dive,group"`
	EmployerID *int64   `json:"employer_id" validate:"required"`
	JobID      *int64   `json:"job_id"`
	FairID     *int64   `json:"fair_id"`
	City       string   `json:"city" validate:"required,city"`
	PlacedOn   string   `json:"placed_on" validate:"required"`
}

// MinWorkingAge is the legal minimum age of employment in China.
const MinWorkingAge = 16

// earliestPlacement bounds placed_on from below: older records are typing errors.
var earliestPlacement = Date{FirstYear, time.January, 1}

// BuildPlacement checks what can be checked without the database and builds
// the record; fields names every problem. Imports use it row by row.
func BuildPlacement(in PlacementInput, today Date, secret []byte, fields map[string]string) *Placement {
	for k, v := range CheckStruct(in) {
		fields[k] = v
	}
	p := &Placement{PersonName: strings.TrimSpace(in.PersonName), City: in.City, JobID: in.JobID, FairID: in.FairID}
	if in.EmployerID != nil {
		p.EmployerID = *in.EmployerID
	}
	if _, bad := fields["id_number"]; !bad {
		id, err := ParseIDNumber(in.IDNumber)
		if err != nil {
			fields["id_number"] = err.Error()
		} else {
			p.IDHash, p.IDMasked, p.BirthDate, p.Sex = id.Hash(secret), id.Masked(), id.Birth, id.Sex
		}
	}
	if _, bad := fields["placed_on"]; !bad {
		p.PlacedOn = parseDateField(fields, "placed_on", in.PlacedOn)
		switch {
		case p.PlacedOn.IsZero():
		case p.PlacedOn.After(today):
			fields["placed_on"] = "就业日期不能晚于今天"
		case p.PlacedOn.Before(earliestPlacement):
			fields["placed_on"] = "就业日期不能早于2000年"
		case !p.BirthDate.IsZero() && AgeOn(p.BirthDate, p.PlacedOn) < MinWorkingAge:
			fields["placed_on"] = "就业日期时未满16周岁"
		}
		p.Year = p.PlacedOn.Year
	}
	if _, bad := fields["groups"]; !bad {
		p.Groups = joinGroups(in.Groups)
	}
	return p
}

// mayWritePlacement: admins, and organisers in their city.
func (a Actor) mayWritePlacement(city string) error {
	if a.Is(RoleAdmin) || a.Is(RoleOrganiser) && a.mayWriteCity(city) {
		return nil
	}
	if a.Is(RoleOrganiser) {
		return errOtherCity
	}
	return forbidden("只有招聘会主办方和管理员可以登记就业")
}

// CreatePlacement records a placement; the same person placed again in the
// same year is a conflict naming the first record.
func (s *Store) CreatePlacement(ctx context.Context, a Actor, in PlacementInput) (*Placement, error) {
	if !a.Is(RoleAdmin, RoleOrganiser) {
		return nil, a.mayWritePlacement(in.City)
	}
	if IsCity(in.City) && !a.mayWriteCity(in.City) {
		return nil, errOtherCity
	}
	fields := map[string]string{}
	p := BuildPlacement(in, s.Today(), s.secret, fields)
	if a.UserID != 0 {
		p.CreatedBy = &a.UserID
	}
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	// The happy path leaves the existence of the employer and fair and the
	// one-placement-a-year rule to the database's constraints: every
	// statement inside the transaction holds up the single writer. After a
	// refusal, the lookups below say which rule it was.
	err := s.writePlacement(&placementWrite{a: a, p: p, fields: fields})
	switch {
	case errors.Is(err, gorm.ErrDuplicatedKey):
		if e := s.placedThisYear(s.read(ctx), p); ErrorCode(e) == EConflict {
			err = e
		}
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		s.checkPlacementRefs(s.read(ctx), p, fields)
		if e := Invalid(fields); e != nil {
			err = e
		}
	}
	if err != nil {
		return nil, dbErr(err, "create placement")
	}
	// The answer is the record as written, as for other records, with its
	// employer's name (read by the group). Reading the placement back
	// instead cost PostgreSQL, on every request, a plan of the join over the
	// placements' many indexes.
	_ = p.AfterFind(nil)
	return p, nil
}

// placementYears are the years that hold placements, oldest first, read
// one at a time from the person index (migration 00016). That index is
// ordered by year, then by the hash of the ID number, so that a year's new
// placements go into that year's part of it and not all over a
// province's history: a person is looked up by hash in each of these years.
func placementYears(db *gorm.DB) ([]int, error) {
	years := []int{}
	err := db.Raw(`WITH RECURSIVE y (year) AS (SELECT MIN(year) FROM placements
		UNION ALL SELECT (SELECT MIN(year) FROM placements WHERE year > y.year) FROM y WHERE y.year IS NOT NULL)
		SELECT year FROM y WHERE year IS NOT NULL`).Scan(&years).Error
	if err != nil {
		return nil, fmt.Errorf("years of placements: %w", err)
	}
	return years, nil
}

// placedThisYear is the conflict naming the person's placement in p's year, if any.
func (s *Store) placedThisYear(db *gorm.DB, p *Placement) error {
	var existing Placement
	err := db.Select("id").Where("id_hash = ? AND year = ?", p.IDHash, p.Year).Take(&existing).Error
	if err == nil {
		return Conflict(fmt.Sprintf("此人%d年已登记就业，每人每年只计一次", p.Year), existing.ID)
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return err
	}
	return nil
}

func (s *Store) checkPlacementRefs(tx *gorm.DB, p *Placement, fields map[string]string) {
	if _, bad := fields["employer_id"]; !bad && !existsIn(tx, "employers", p.EmployerID) {
		fields["employer_id"] = "用人单位不存在"
	}
	if p.FairID != nil && !existsIn(tx, "fairs", *p.FairID) {
		fields["fair_id"] = "招聘会不存在"
	}
	if p.JobID != nil {
		var j Job
		if err := tx.Select("id, employer_id").Where("id = ?", *p.JobID).Take(&j).Error; err != nil {
			fields["job_id"] = "岗位不存在"
		} else if j.EmployerID != p.EmployerID {
			fields["job_id"] = "岗位不属于该用人单位"
		}
	}
}

func existsIn(tx *gorm.DB, table string, id int64) bool {
	var n int64
	tx.Table(table).Where("id = ?", id).Count(&n)
	return n > 0
}

// PlacementFilter selects placements.
type PlacementFilter struct {
	Year       int
	City       string
	Group      string
	EmployerID int64
	FairID     int64
	JobID      int64
	// Q finds people by name, or by a full ID number through its hash.
	Q        string
	From, To Date // placed_on, both included
	Page
	// orderScan: see textSearch.orderScan.
	orderScan bool
}

const placementSelect = "placements.*, employers.name AS employer_name"

func (s *Store) placementQuery(db *gorm.DB, f PlacementFilter, city string) *gorm.DB {
	q := db.Table("placements").Select(placementSelect).Joins("JOIN employers ON employers.id = placements.employer_id")
	q = recordFilter{Table: "placements", Day: "placed_on", Year: f.Year, From: f.From, To: f.To, City: city,
		EmployerID: f.EmployerID, FairID: f.FairID}.apply(q)
	if f.Group != "" {
		if HasCode(Groups, f.Group) {
			// A known code goes into the SQL itself, so that the planner
			// can read the group's partial index (migration 00012).
			q = q.Where("placements.groups LIKE '%," + f.Group + ",%'")
		} else {
			q = q.Where("placements.groups LIKE ?", "%,"+f.Group+",%")
		}
	}
	ids, words := idsAndWords(f.Q)
	if len(ids) > 0 {
		years, err := placementYears(db)
		if err != nil {
			q.AddError(err)
		}
		for _, id := range ids {
			q = q.Where("placements.year IN ? AND placements.id_hash = ?", years, id.Hash(s.secret))
		}
	}
	ts := placementSearch
	ts.orderScan = f.orderScan
	q = s.searchWords(q, strings.Join(words, " "), ts)
	if f.JobID != 0 {
		q = q.Where("placements.job_id = ?", f.JobID)
	}
	return q
}

// mayReadPlacements: personal data is for admins, officials and organisers.
func (a Actor) mayReadPlacements() error {
	if a.Is(RoleAdmin, RoleOfficial, RoleOrganiser) {
		return nil
	}
	return forbidden("无权查看就业人员信息")
}

// placementScope is the city of a filter of placements that the actor may
// read; the list and the export both read through it.
func (a Actor) placementScope(f PlacementFilter) (string, error) {
	if err := a.mayReadPlacements(); err != nil {
		return "", err
	}
	city, ok := a.ScopeCity(f.City)
	if !ok {
		return "", errOtherCity
	}
	return city, nil
}

// ListPlacements lists placements in the actor's scope, newest first.
func (s *Store) ListPlacements(ctx context.Context, a Actor, f PlacementFilter) ([]Placement, int64, error) {
	city, err := a.placementScope(f)
	if err != nil {
		return nil, 0, err
	}
	const order = "placements.placed_on DESC, placements.id DESC"
	if f.Q != "" && s.Dialect == "postgres" && searchIndexes {
		// Names are found through their index (see pageOfSearch); a
		// page is never read by walking the dates, as a name is rare
		// among a year's placements.
		f.orderScan = true
		_, words := idsAndWords(f.Q)
		return pageOfSearch[Placement](s, s.placementQuery(s.read(ctx), f, city), strings.Join(words, " "), placementSearch, f.Page, order, -1)
	}
	q := s.placementQuery(s.read(ctx), f, city)
	if f.Q != "" || f.EmployerID != 0 || f.FairID != 0 || f.JobID != 0 {
		return pageOf[Placement](q, f.Page, order)
	}
	// Filters by date, city and group are what the summary tables count:
	// the total comes from them instead of a count over the year's records.
	metric := MetricPlaced
	if f.Group != "" {
		metric += ":" + f.Group
	}
	return pageTallied[Placement](s.read(ctx), q, f.Page, order, metric, f.Year, f.From, f.To, city)
}

func (s *Store) findPlacement(db *gorm.DB, id int64) (*Placement, error) {
	var p Placement
	if err := s.placementQuery(db, PlacementFilter{}, "").Where("placements.id = ?", id).Take(&p).Error; err != nil {
		return nil, dbErr(err, fmt.Sprintf("find placement %d", id))
	}
	return &p, nil
}

// GetPlacement finds a placement visible to the actor.
func (s *Store) GetPlacement(ctx context.Context, a Actor, id int64) (*Placement, error) {
	if err := a.mayReadPlacements(); err != nil {
		return nil, err
	}
	p, err := s.findPlacement(s.read(ctx), id)
	if err != nil {
		return nil, err
	}
	if !a.SeesCity(p.City) {
		return nil, fmt.Errorf("placement %d: %w", id, ErrNotFound)
	}
	return p, nil
}

// DeletePlacement removes a placement: admins, or the organiser who recorded it.
func (s *Store) DeletePlacement(ctx context.Context, a Actor, id int64) error {
	return dbErr(s.tx(ctx, func(tx *gorm.DB) error {
		p, err := s.findPlacement(tx, id)
		if err != nil {
			return err
		}
		if err := a.mayWritePlacement(p.City); err != nil {
			return err
		}
		if a.Is(RoleOrganiser) && (p.CreatedBy == nil || *p.CreatedBy != a.UserID) {
			return forbidden("只能删除本人登记的就业记录")
		}
		if err := checkOpen(tx, "placed_on", cityMonth{p.City, monthOf(p.PlacedOn)}); err != nil {
			return err
		}
		d := Deltas{}
		placementDeltas(d, p, -1)
		if err := d.apply(tx); err != nil {
			return err
		}
		if err := tx.Delete(&Placement{}, id).Error; err != nil {
			return err
		}
		if err := refreshEmployment(tx, []string{p.IDHash}); err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionDelete, "placement", id, p.City, removed(p.snapshot()), "")
	}), fmt.Sprintf("delete placement %d", id))
}
