package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Kinds of notices.
const (
	NoticeSignupApproved = "signup_approved"
	NoticeSignupDeclined = "signup_declined"
	NoticePeriodReturned = "period_returned"
	NoticePeriodReopened = "period_reopened"
)

// Notification is a notice to one user: a sign-up decided, a month returned
// or reopened. Link is a path of the web app.
type Notification struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"-"`
	Kind      string     `json:"kind"`
	Text      string     `json:"text"`
	Link      string     `json:"link"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"-"`
	Read      bool       `json:"read" gorm:"-"`
}

// notifyWhere sends a notice to every active user matching the condition,
// inside the transaction of the event it tells of.
func notifyWhere(tx *gorm.DB, now time.Time, kind, text, link string, cond string, args ...any) error {
	var ids []int64
	if err := tx.Table("users").Where("NOT disabled").Where(cond, args...).Pluck("id", &ids).Error; err != nil {
		return fmt.Errorf("find users to notify: %w", err)
	}
	if len(ids) == 0 {
		return nil
	}
	list := make([]Notification, len(ids))
	for i, id := range ids {
		list[i] = Notification{UserID: id, Kind: kind, Text: text, Link: link, CreatedAt: now}
	}
	if err := tx.Omit("read").Create(&list).Error; err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	return nil
}

// ListNotifications lists the actor's notices, unread first, newest first.
func (s *Store) ListNotifications(ctx context.Context, a Actor, p Page) ([]Notification, int64, error) {
	q := s.read(ctx).Model(&Notification{}).Where("user_id = ?", a.UserID)
	items, total, err := pageOf[Notification](q, p, "CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, id DESC")
	for i := range items {
		items[i].Read = items[i].ReadAt != nil
	}
	return items, total, err
}

// UnreadNotifications counts the actor's unread notices.
type UnreadNotifications struct {
	Unread int64 `json:"unread"`
}

// CountUnread counts the actor's unread notices.
func (s *Store) CountUnread(ctx context.Context, a Actor) (*UnreadNotifications, error) {
	out := &UnreadNotifications{}
	err := s.read(ctx).Model(&Notification{}).Where("user_id = ? AND read_at IS NULL", a.UserID).Count(&out.Unread).Error
	if err != nil {
		return nil, fmt.Errorf("count unread: %w", err)
	}
	return out, nil
}

// MarkRead marks one of the actor's notices read (id 0: all of them).
func (s *Store) MarkRead(ctx context.Context, a Actor, id int64) error {
	q := s.write(ctx).Model(&Notification{}).Where("user_id = ? AND read_at IS NULL", a.UserID)
	if id != 0 {
		var n int64
		if err := s.read(ctx).Model(&Notification{}).Where("id = ? AND user_id = ?", id, a.UserID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("notification %d: %w", id, ErrNotFound)
		}
		q = q.Where("id = ?", id)
	}
	if err := q.Update("read_at", s.now()).Error; err != nil {
		return fmt.Errorf("mark read: %w", err)
	}
	return nil
}
