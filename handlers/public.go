package handlers

import (
	"github.com/gin-gonic/gin"

	"jobfair/models"
)

// PublicFairs lists upcoming fairs for anonymous visitors (from today on,
// unless `from` says otherwise).
func (h *Handler) PublicFairs(c *gin.Context) error {
	q := newQuery(c)
	f := fairFilter(q)
	if f.Status == models.FairCancelled {
		q.bad["status"] = "取值应为 planned、held 之一"
	}
	if err := q.err(); err != nil {
		return err
	}
	if f.From.IsZero() && f.Year == 0 {
		f.From = h.Store.Today()
	}
	items, total, err := h.Store.ListPublicFairs(c.Request.Context(), f)
	if err != nil {
		return err
	}
	return list(c, items, total, f.Page)
}

// PublicFair answers a fair with the employers approved for it and their vacancies.
func (h *Handler) PublicFair(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	f, err := h.Store.PublicFair(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return ok(c, f)
}

// PublicJobs searches vacancies for anonymous visitors.
func (h *Handler) PublicJobs(c *gin.Context) error {
	q := newQuery(c)
	f := jobFilter(q)
	f.EmployerID, f.FairID = 0, 0
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.ListPublicJobs(c.Request.Context(), f)
	if err != nil {
		return err
	}
	return list(c, items, total, f.Page)
}
