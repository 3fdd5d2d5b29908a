package models

import "gorm.io/gorm"

// Roles of users.
const (
	RoleAdmin     = "admin"
	RoleOfficial  = "official"
	RoleOrganiser = "organiser"
	RoleEmployer  = "employer"
)

// Roles lists every role, with its Chinese name.
var Roles = []Label{
	{RoleAdmin, "系统管理员"},
	{RoleOfficial, "主管部门"},
	{RoleOrganiser, "招聘会主办方"},
	{RoleEmployer, "用人单位"},
}

// Actor is who makes a call: the authenticated user and where the call came from.
// Every store method that reads scoped data or writes takes one; the rules of
// who may do what live here, checked against the records in the database.
type Actor struct {
	UserID     int64
	Username   string
	Role       string
	City       string // "" for province-wide
	EmployerID int64
	// Organisation is the organiser's organisation, copied onto its fairs.
	Organisation string
	// OrganisationKind is what kind of organisation an organiser is.
	OrganisationKind string
	// Address is the client's IP, for the audit log.
	Address string
}

// System is the actor of start-up work (seeds, demo).
var System = Actor{Username: "system", Role: RoleAdmin}

// Is reports whether the actor has one of the roles.
func (a Actor) Is(roles ...string) bool {
	for _, r := range roles {
		if a.Role == r {
			return true
		}
	}
	return false
}

// SeesCity reports whether records of city are visible to the actor's scope.
func (a Actor) SeesCity(city string) bool {
	return a.Role == RoleAdmin || a.City == "" || a.City == city
}

// ScopeCity narrows a requested city filter to the actor's city. It answers
// false when a city-scoped actor asked for another city.
func (a Actor) ScopeCity(requested string) (string, bool) {
	if a.Role == RoleAdmin || a.City == "" {
		return requested, true
	}
	if requested != "" && requested != a.City {
		return "", false
	}
	return a.City, true
}

// mayWriteCity reports whether the actor may write a record placed in city.
func (a Actor) mayWriteCity(city string) bool {
	return a.Role == RoleAdmin || a.City == "" || a.City == city
}

func forbidden(msg string) *Error { return &Error{Code: EForbidden, Message: msg} }

var errOtherCity = forbidden("无权操作其他城市的记录")

// recordFilter is what the lists of dated records share: a year and a range
// of days on the record's day column, a city, an employer and a fair.
type recordFilter struct {
	Table, Day         string
	Year               int
	From, To           Date // both included
	City               string
	EmployerID, FairID int64
}

func (f recordFilter) apply(q *gorm.DB) *gorm.DB {
	day := f.Table + "." + f.Day
	if f.Year != 0 {
		q = q.Where(day+" BETWEEN ? AND ?", YearStart(f.Year), YearEnd(f.Year))
	}
	if !f.From.IsZero() {
		q = q.Where(day+" >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where(day+" <= ?", f.To)
	}
	if f.City != "" {
		q = q.Where(f.Table+".city = ?", f.City)
	}
	if f.EmployerID != 0 {
		q = q.Where(f.Table+".employer_id = ?", f.EmployerID)
	}
	if f.FairID != 0 {
		q = q.Where(f.Table+".fair_id = ?", f.FairID)
	}
	return q
}
