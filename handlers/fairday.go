package handlers

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	qrcode "github.com/skip2/go-qrcode"

	"jobfair/models"
)

// Register registers a job seeker for a planned fair (anonymous).
func (h *Handler) Register(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in models.RegistrationInput
	if err := bind(c, &in); err != nil {
		return err
	}
	r, err := h.Store.Register(c.Request.Context(), id, in)
	if err != nil {
		return err
	}
	return created(c, r)
}

// Ticket answers a ticket's page.
func (h *Handler) Ticket(c *gin.Context) error {
	t, err := h.Store.Ticket(c.Request.Context(), c.Param("ticket"))
	if err != nil {
		return err
	}
	return ok(c, t)
}

// TicketQR answers the ticket as a QR code image, for the door's scanner.
func (h *Handler) TicketQR(c *gin.Context) error {
	t, err := h.Store.Ticket(c.Request.Context(), c.Param("ticket"))
	if err != nil {
		return err
	}
	png, err := qrcode.Encode(t.Ticket, qrcode.Medium, 320)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "private, max-age=86400")
	c.Data(http.StatusOK, "image/png", png)
	return nil
}

// PublicFairJobs lists a fair's own jobs.
func (h *Handler) PublicFairJobs(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q := newQuery(c)
	p := q.page()
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.PublicFairJobs(c.Request.Context(), id, p)
	if err != nil {
		return err
	}
	return list(c, items, total, p)
}

// PublicJob answers a vacancy's public page.
func (h *Handler) PublicJob(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	j, err := h.Store.PublicJob(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return ok(c, j)
}

// CheckIn checks a ticket in at the fair's door, or a walk-in.
func (h *Handler) CheckIn(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in models.CheckinInput
	if err := bind(c, &in); err != nil {
		return err
	}
	out, err := h.Store.CheckIn(c.Request.Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return created(c, out)
}

// ListRegistrations lists a fair's registrations.
func (h *Handler) ListRegistrations(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q := newQuery(c)
	f := models.RegistrationFilter{CheckedIn: q.boolean("checked_in"), Q: q.str("q"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.ListRegistrations(c.Request.Context(), actor(c), id, f)
	if err != nil {
		return err
	}
	return list(c, items, total, f.Page)
}

// RecordIntent records an intent reached at a booth.
func (h *Handler) RecordIntent(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in models.IntentInput
	if err := bind(c, &in); err != nil {
		return err
	}
	out, err := h.Store.RecordIntent(c.Request.Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return created(c, out)
}

// ListIntents lists a fair's intents.
func (h *Handler) ListIntents(c *gin.Context) error {
	return pageOfRecord(c, h.Store.ListIntents)
}

// pageOfRecord answers one page of what belongs to the record of the path's
// id (a fair's sign-ups, its intents), read by fetch.
func pageOfRecord[T any](c *gin.Context, fetch func(context.Context, models.Actor, int64, models.Page) ([]T, int64, error)) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q := newQuery(c)
	p := q.page()
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := fetch(c.Request.Context(), actor(c), id, p)
	if err != nil {
		return err
	}
	return list(c, items, total, p)
}

// SignupDecisions is the answer of a batch of decisions.
type SignupDecisions struct {
	Items []models.Signup `json:"items"`
}

// DecideSignups decides several sign-ups at once, all or none.
func (h *Handler) DecideSignups(c *gin.Context) error {
	var in models.SignupBatch
	if err := bind(c, &in); err != nil {
		return err
	}
	items, err := h.Store.DecideSignups(c.Request.Context(), actor(c), in)
	if err != nil {
		return err
	}
	return ok(c, SignupDecisions{Items: items})
}

// ListNotifications lists the caller's notices, unread first.
func (h *Handler) ListNotifications(c *gin.Context) error {
	q := newQuery(c)
	p := q.page()
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.ListNotifications(c.Request.Context(), actor(c), p)
	if err != nil {
		return err
	}
	return list(c, items, total, p)
}

// UnreadNotifications counts the caller's unread notices.
func (h *Handler) UnreadNotifications(c *gin.Context) error {
	n, err := h.Store.CountUnread(c.Request.Context(), actor(c))
	if err != nil {
		return err
	}
	return ok(c, n)
}

// ReadNotification marks one notice read.
func (h *Handler) ReadNotification(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.Store.MarkRead(c.Request.Context(), actor(c), id); err != nil {
		return err
	}
	return noContent(c)
}

// ReadAllNotifications marks every notice of the caller read.
func (h *Handler) ReadAllNotifications(c *gin.Context) error {
	if err := h.Store.MarkRead(c.Request.Context(), actor(c), 0); err != nil {
		return err
	}
	return noContent(c)
}
