package models

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// AuditEntry is one line of the audit trail. Entries are only ever inserted.
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	UserID     *int64    `json:"user_id"`
	Username   string    `json:"username"`
	Address    string    `json:"address"`
	Action     string    `json:"action"`
	RecordType string    `json:"record_type"`
	RecordID   *int64    `json:"record_id"`
	City       string    `json:"city"`
	Changes    Changes   `json:"changes" gorm:"serializer:json"`
	Detail     string    `json:"detail"`
}

// TableName is the audit log's table.
func (AuditEntry) TableName() string { return "audit_log" }

// Change is a field's value before and after a write.
type Change struct {
	Old any `json:"old"`
	New any `json:"new"`
}

// Changes maps field names to their change.
type Changes map[string]Change

// Audit actions.
const (
	ActionCreate       = "create"
	ActionUpdate       = "update"
	ActionDelete       = "delete"
	ActionStatus       = "status"
	ActionImport       = "import"
	ActionLogin        = "login"
	ActionLoginFailed  = "login_failed"
	ActionLoginLocked  = "login_locked"
	ActionLogout       = "logout"
	ActionPassword     = "password"
	ActionReport       = "report"
	ActionReportChange = "report_replace"
)

// audit writes an entry inside tx, so that it stands or falls with the change.
func audit(tx *gorm.DB, now time.Time, a Actor, action, recordType string, recordID int64, city string, changes Changes, detail string) error {
	e := auditEntry(now, a, action, recordType, recordID, city, changes, detail)
	if err := tx.Create(&e).Error; err != nil {
		return fmt.Errorf("write audit entry: %w", err)
	}
	return nil
}

// auditEntry is the entry audit writes.
func auditEntry(now time.Time, a Actor, action, recordType string, recordID int64, city string, changes Changes, detail string) AuditEntry {
	// Text that reaches the trail unchecked (a name someone tried to log in
	// with, an uploaded file's name) is kept cleaned and cut short.
	e := AuditEntry{At: now, Username: CleanText(a.Username, MaxUsernameLen), Address: CleanText(a.Address, MaxTextLen),
		Action: action, RecordType: recordType, City: city, Changes: cleanChanges(changes), Detail: CleanText(detail, maxAuditDetail)}
	if a.UserID != 0 {
		e.UserID = &a.UserID
	}
	if recordID != 0 {
		e.RecordID = &recordID
	}
	if e.Changes == nil {
		e.Changes = Changes{}
	}
	return e
}

// maxAuditDetail bounds an audit entry's detail.
const maxAuditDetail = 1000

func cleanChanges(c Changes) Changes {
	for k, ch := range c {
		if v, ok := ch.Old.(string); ok {
			ch.Old = CleanText(v, maxAuditDetail)
		}
		if v, ok := ch.New.(string); ok {
			ch.New = CleanText(v, maxAuditDetail)
		}
		c[k] = ch
	}
	return c
}

// diff lists the fields whose values differ between two snapshots.
func diff(before, after map[string]any) Changes {
	c := Changes{}
	for k, nv := range after {
		ov := before[k]
		ob, _ := json.Marshal(ov)
		nb, _ := json.Marshal(nv)
		if string(ob) != string(nb) {
			c[k] = Change{Old: ov, New: nv}
		}
	}
	return c
}

// created lists every field of a new record as changed from nothing.
func created(after map[string]any) Changes {
	return diff(map[string]any{}, after)
}

// removed lists every field of a deleted record as changed to nothing, so
// that the audit log keeps what was removed.
func removed(before map[string]any) Changes {
	c := Changes{}
	for k, ov := range before {
		c[k] = Change{Old: ov}
	}
	return c
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Action     string
	RecordType string
	RecordID   int64
	UserID     int64
	City       string
	From, To   Date
	Page
}

// ListAudit lists audit entries, newest first; a city-scoped official sees its city's.
func (s *Store) ListAudit(ctx context.Context, a Actor, f AuditFilter) ([]AuditEntry, int64, error) {
	if !a.Is(RoleAdmin, RoleOfficial) {
		return nil, 0, ErrForbidden
	}
	city, ok := a.ScopeCity(f.City)
	if !ok {
		return nil, 0, errOtherCity
	}
	q := s.read(ctx).Model(&AuditEntry{})
	if city != "" {
		q = q.Where("city = ?", city)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.RecordType != "" {
		q = q.Where("record_type = ?", f.RecordType)
	}
	if f.RecordID != 0 {
		q = q.Where("record_id = ?", f.RecordID)
	}
	if f.UserID != 0 {
		q = q.Where("user_id = ?", f.UserID)
	}
	if !f.From.IsZero() {
		q = q.Where("at >= ?", f.From.Time().UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", f.To.AddDays(1).Time().UTC())
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count audit: %w", err)
	}
	var items []AuditEntry
	if err := q.Order("id DESC").Offset(f.Offset()).Limit(f.Size).Find(&items).Error; err != nil {
		return nil, 0, fmt.Errorf("list audit: %w", err)
	}
	return items, total, nil
}

// Page is a requested page of a list.
type Page struct {
	Number int
	Size   int
}

// Offset is the number of rows before the page.
func (p Page) Offset() int { return (p.Number - 1) * p.Size }
