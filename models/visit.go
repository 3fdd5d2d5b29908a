package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Outreach visits: staff going into enterprises, campuses, communities and
// villages to bring policies, vacancies and services (送政策、送岗位、送服务).
// The plan counts them: 150,000 a year (goal service_visits).

// Kinds of places visited.
const (
	VisitEnterprise = "enterprise"
	VisitCampus     = "campus"
	VisitCommunity  = "community"
	VisitVillage    = "village"
)

// VisitKinds lists the kinds of places visited, with their Chinese names.
var VisitKinds = []Label{
	{VisitEnterprise, "企业"},
	{VisitCampus, "院校"},
	{VisitCommunity, "社区"},
	{VisitVillage, "乡村"},
}

// VisitItems lists what a visit brings, with the plan's names.
var VisitItems = []Label{
	{"policy", "送政策"},
	{"jobs", "送岗位"},
	{"services", "送服务"},
}

// Visit is one outreach visit, counted in the year of On.
type Visit struct {
	ID    int64  `json:"id"`
	On    Date   `json:"on" gorm:"column:visited_on"`
	City  string `json:"city"`
	Kind  string `json:"kind"`
	Place string `json:"place"`
	// Items holds the item codes as ",policy,jobs," (in VisitItems order).
	Items     string   `json:"-"`
	ItemCodes []string `json:"items" gorm:"-"`
	// Organisation is the organisation of the user who recorded the visit.
	Organisation string    `json:"organisation"`
	CreatedBy    *int64    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
}

// AfterFind derives the item codes.
func (v *Visit) AfterFind(*gorm.DB) error {
	v.ItemCodes = splitCodes(v.Items)
	return nil
}

func (v *Visit) snapshot() map[string]any {
	return map[string]any{"on": v.On.String(), "city": v.City, "kind": v.Kind, "place": v.Place,
		"items": splitCodes(v.Items), "organisation": v.Organisation}
}

// joinCodes stores codes of list as ",a,b,", in the order of list, so that a
// LIKE '%,a,%' filter matches whole codes only.
func joinCodes(list []Label, codes []string) string {
	var sb strings.Builder
	for _, l := range list {
		if hasString(codes, l.Code) {
			if sb.Len() == 0 {
				sb.WriteString(",")
			}
			sb.WriteString(l.Code + ",")
		}
	}
	return sb.String()
}

// splitCodes reads codes stored by joinCodes.
func splitCodes(s string) []string {
	out := []string{}
	for _, c := range strings.Split(s, ",") {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// VisitInput records a visit.
type VisitInput struct {
	On    string   `json:"on" validate:"required"`
	City  string   `json:"city" validate:"required,city"`
	Kind  string   `json:"kind" validate:"required,visit_kind"`
	Place string   `json:"place" validate:"required,notblank,max=200"`
	Items []string `json:"items" validate:"required,min=1,unique,dive,visit_item"`
}

// earliestVisit bounds the day of a visit from below: older ones are typing errors.
var earliestVisit = Date{2000, time.January, 1}

// BuildVisit checks what can be checked of a visit without the database and
// builds the record; fields names every problem. Imports use it row by row.
func BuildVisit(in VisitInput, today Date, fields map[string]string) *Visit {
	for k, v := range CheckStruct(in) {
		fields[k] = v
	}
	v := &Visit{City: in.City, Kind: in.Kind, Place: strings.TrimSpace(in.Place)}
	if _, bad := fields["on"]; !bad {
		v.On = parseDateField(fields, "on", in.On)
		switch {
		case v.On.IsZero():
		case v.On.After(today):
			fields["on"] = "走访日期不能晚于今天"
		case v.On.Before(earliestVisit):
			fields["on"] = "走访日期不能早于2000年"
		}
	}
	if _, bad := fields["place"]; !bad && strings.ContainsFunc(v.Place, isControl) {
		fields["place"] = "走访地点不能包含控制字符"
	}
	if _, bad := fields["items"]; !bad {
		v.Items = joinCodes(VisitItems, in.Items)
	}
	v.ItemCodes = splitCodes(v.Items)
	return v
}

// isControl reports the control characters U+0000–U+001F and U+007F.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

var errVisitWriters = forbidden("只有招聘会主办方、主管部门和管理员可以登记走访")

// mayWriteVisit: admins; organisers and officials in their city (province-wide: any).
func (a Actor) mayWriteVisit(city string) error {
	if !a.Is(RoleAdmin, RoleOrganiser, RoleOfficial) {
		return errVisitWriters
	}
	if !a.mayWriteCity(city) {
		return errOtherCity
	}
	return nil
}

// CreateVisit records a visit and counts it in the tallies.
func (s *Store) CreateVisit(ctx context.Context, a Actor, in VisitInput) (*Visit, error) {
	if !a.Is(RoleAdmin, RoleOrganiser, RoleOfficial) {
		return nil, errVisitWriters
	}
	if IsCity(in.City) && !a.mayWriteCity(in.City) {
		return nil, errOtherCity
	}
	fields := map[string]string{}
	v := BuildVisit(in, s.Today(), fields)
	if err := Invalid(fields); err != nil {
		return nil, err
	}
	v.Organisation = a.Organisation
	if a.UserID != 0 {
		v.CreatedBy = &a.UserID
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := checkOpen(tx, "on", cityMonth{v.City, monthOf(v.On)}); err != nil {
			return err
		}
		if err := tx.Create(v).Error; err != nil {
			return err
		}
		d := Deltas{}
		visitDeltas(d, v, +1)
		if err := d.apply(tx); err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionCreate, "visit", v.ID, v.City, created(v.snapshot()), "")
	})
	if err != nil {
		return nil, dbErr(err, "create visit")
	}
	return v, nil
}

// VisitFilter selects visits.
type VisitFilter struct {
	Year     int
	City     string
	Kind     string
	Item     string
	From, To Date // visited_on, both included
	Page
}

func (s *Store) visitQuery(db *gorm.DB, f VisitFilter, city string) *gorm.DB {
	q := recordFilter{Table: "visits", Day: "visited_on", Year: f.Year, From: f.From, To: f.To, City: city}.
		apply(db.Model(&Visit{}))
	if f.Kind != "" {
		q = q.Where("visits.kind = ?", f.Kind)
	}
	if f.Item != "" {
		q = q.Where("visits.items LIKE ?", "%,"+f.Item+",%")
	}
	return q
}

// visitScope is the city of a filter of visits the actor may read: admins,
// officials and organisers, a city-scoped one its city. The list, the export
// and the detail read through it.
func (a Actor) visitScope(requested string) (string, error) {
	if !a.Is(RoleAdmin, RoleOfficial, RoleOrganiser) {
		return "", forbidden("无权查看走访记录")
	}
	city, ok := a.ScopeCity(requested)
	if !ok {
		return "", errOtherCity
	}
	return city, nil
}

// ListVisits lists visits in the actor's scope, newest first. Filtered only
// by dates and city, the total comes from the summary tables instead of a
// count over the year's visits.
func (s *Store) ListVisits(ctx context.Context, a Actor, f VisitFilter) ([]Visit, int64, error) {
	city, err := a.visitScope(f.City)
	if err != nil {
		return nil, 0, err
	}
	const order = "visits.visited_on DESC, visits.id DESC"
	q := s.visitQuery(s.read(ctx), f, city)
	if f.Kind != "" || f.Item != "" {
		return pageOf[Visit](q, f.Page, order)
	}
	return pageTallied[Visit](s.read(ctx), q, f.Page, order, MetricVisits, f.Year, f.From, f.To, city)
}

// EachVisit streams the visits of a filter in list order, for exports.
func (s *Store) EachVisit(ctx context.Context, a Actor, f VisitFilter, fn func(*Visit) error) error {
	city, err := a.visitScope(f.City)
	if err != nil {
		return err
	}
	rows, err := s.visitQuery(s.read(ctx), f, city).
		Select("visits.id, visits.visited_on, visits.city, visits.kind, visits.place, visits.items, visits.organisation, visits.created_at").
		Order("visits.visited_on DESC, visits.id DESC").Rows()
	if err != nil {
		return fmt.Errorf("export visits: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v Visit
		if err := rows.Scan(&v.ID, &v.On, &v.City, &v.Kind, &v.Place, &v.Items, &v.Organisation, &v.CreatedAt); err != nil {
			return fmt.Errorf("scan visit: %w", err)
		}
		v.ItemCodes = splitCodes(v.Items)
		if err := fn(&v); err != nil {
			return err
		}
	}
	return rows.Err()
}

func findVisit(db *gorm.DB, id int64) (*Visit, error) {
	var v Visit
	if err := db.Take(&v, id).Error; err != nil {
		return nil, dbErr(err, fmt.Sprintf("find visit %d", id))
	}
	return &v, nil
}

// GetVisit finds a visit visible to the actor.
func (s *Store) GetVisit(ctx context.Context, a Actor, id int64) (*Visit, error) {
	if _, err := a.visitScope(""); err != nil {
		return nil, err
	}
	v, err := findVisit(s.read(ctx), id)
	if err != nil {
		return nil, err
	}
	if !a.SeesCity(v.City) {
		return nil, fmt.Errorf("visit %d: %w", id, ErrNotFound)
	}
	return v, nil
}

// DeleteVisit removes a visit: admins any, others those they recorded.
func (s *Store) DeleteVisit(ctx context.Context, a Actor, id int64) error {
	return dbErr(s.tx(ctx, func(tx *gorm.DB) error {
		v, err := findVisit(tx, id)
		if err != nil {
			return err
		}
		if err := a.mayWriteVisit(v.City); err != nil {
			return err
		}
		if !a.Is(RoleAdmin) && (v.CreatedBy == nil || *v.CreatedBy != a.UserID) {
			return forbidden("只能删除本人登记的走访记录")
		}
		if err := checkOpen(tx, "on", cityMonth{v.City, monthOf(v.On)}); err != nil {
			return err
		}
		d := Deltas{}
		visitDeltas(d, v, -1)
		if err := d.apply(tx); err != nil {
			return err
		}
		if err := tx.Delete(&Visit{}, id).Error; err != nil {
			return err
		}
		return audit(tx, s.now(), a, ActionDelete, "visit", id, v.City, removed(v.snapshot()), "")
	}), fmt.Sprintf("delete visit %d", id))
}
